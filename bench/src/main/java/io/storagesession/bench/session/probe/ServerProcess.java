package io.storagesession.bench.session.probe;

import io.storagesession.bench.turn.ProcessCpu;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The server process as the kernel and the JVM see it: CPU seconds ({@link ProcessCpu}, {@code /proc/<pid>/stat}),
 * resident memory and threads ({@code /proc/<pid>/status}), open files ({@code /proc/<pid>/fd}), and the Java heap in
 * use from {@code jcmd <pid> GC.heap_info} — the server does not export its heap on {@code /metrics}, and jcmd costs a
 * short-lived JVM, so it is asked once per step, after the measurement window. The pid comes from
 * {@code --server-pid}, else from the process listening on the endpoint's TCP port ({@code ss -ltnp}).
 */
public final class ServerProcess {
    private static final Pattern SS_PID = Pattern.compile("pid=(\\d+)");
    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");
    private static final Pattern DIGITS = Pattern.compile("\\d+");
    private static final long JCMD_TIMEOUT_SECONDS = 20;
    private static final double KIB_PER_MIB = 1024.0;

    private final long pid;

    public ServerProcess(long pid) {
        this.pid = pid;
    }

    public long pid() {
        return pid;
    }

    /** The pid of the process listening on TCP {@code port}, from {@code ss -ltnp}. */
    public static Optional<Long> listeningOn(int port) throws IOException, InterruptedException {
        Process ss = new ProcessBuilder("ss", "-ltnpH", "sport = :" + port).redirectErrorStream(true).start();
        String out = new String(ss.getInputStream().readAllBytes());
        ss.waitFor(JCMD_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        Matcher m = SS_PID.matcher(out);
        return m.find() ? Optional.of(Long.parseLong(m.group(1))) : Optional.empty();
    }

    public double cpuSeconds() {
        return ProcessCpu.seconds(pid);
    }

    /** Resident set size in MiB ({@code VmRSS}). */
    public double rssMib() {
        return status("VmRSS:") / KIB_PER_MIB;
    }

    public long threads() {
        return status("Threads:");
    }

    public long openFiles() {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return fds.count();
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * The server's threads counted by name with digits written {@code #} ({@code session-1} and {@code session-2} are
     * two {@code session-#}), from {@code /proc/<pid>/task/*}{@code /comm} (names cut at 15 characters by the kernel):
     * what a change in the thread count consists of. Empty when the process is gone.
     */
    public Map<String, Long> threadNames() {
        Map<String, Long> names = new TreeMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    names.merge(DIGITS.matcher(Files.readString(task.resolve("comm")).trim()).replaceAll("#"), 1L,
                            Long::sum);
                } catch (IOException ended) {
                    // the thread ended while we listed them
                }
            }
        } catch (IOException e) {
            return Map.of();
        }
        return names;
    }

    /**
     * The server's open files counted by kind: {@code socket}, {@code pipe}, {@code anon_inode:[eventpoll]} …, or a
     * file's extension ({@code .seg}, {@code .db}), from the links in {@code /proc/<pid>/fd}. Empty when gone.
     */
    public Map<String, Long> openFileKinds() {
        Map<String, Long> kinds = new TreeMap<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    kinds.merge(kind(Files.readSymbolicLink(fd).toString()), 1L, Long::sum);
                } catch (IOException closed) {
                    // closed while we listed them
                }
            }
        } catch (IOException e) {
            return Map.of();
        }
        return kinds;
    }

    private static String kind(String target) {
        if (!target.startsWith("/")) {
            int bracket = target.indexOf(":[");
            return target.startsWith("anon_inode:") || bracket < 0 ? target : target.substring(0, bracket);
        }
        String name = target.substring(target.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(dot) : "file";
    }

    /** Java heap in use in MiB, from jcmd; -1 when jcmd cannot tell (not a HotSpot JVM, another user's process). */
    public double heapUsedMib() {
        String out = jcmd("GC.heap_info");
        Matcher m = out == null ? null : HEAP_USED.matcher(out);
        return m != null && m.find() ? Long.parseLong(m.group(1)) / KIB_PER_MIB : -1;
    }

    /**
     * The live heap in MiB: {@code jcmd <pid> GC.run} (a full collection, {@code System.gc()}), then what is still in
     * use. A soak compares these across the hour: garbage that happens to be uncollected at a sample would hide a
     * slow leak or fake one. -1 when jcmd cannot tell.
     */
    public double heapAfterGcMib() {
        return jcmd("GC.run") == null ? -1 : heapUsedMib();
    }

    /** What {@code jcmd <pid> <command>} printed, or null when it failed or outlived its timeout. */
    private String jcmd(String command) {
        try {
            Process jcmd = new ProcessBuilder("jcmd", Long.toString(pid), command).redirectErrorStream(true).start();
            String out = new String(jcmd.getInputStream().readAllBytes());
            if (!jcmd.waitFor(JCMD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                jcmd.destroy();
                return null;
            }
            return jcmd.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private long status(String field) {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"));
            for (String line : lines) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
