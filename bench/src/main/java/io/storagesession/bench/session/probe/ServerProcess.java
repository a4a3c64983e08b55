package io.storagesession.bench.session.probe;

import io.storagesession.bench.turn.ProcessCpu;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
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

    /** Java heap in use in MiB, from jcmd; -1 when jcmd cannot tell (not a HotSpot JVM, another user's process). */
    public double heapUsedMib() {
        try {
            Process jcmd = new ProcessBuilder("jcmd", Long.toString(pid), "GC.heap_info").redirectErrorStream(true)
                    .start();
            String out = new String(jcmd.getInputStream().readAllBytes());
            if (!jcmd.waitFor(JCMD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                jcmd.destroy();
                return -1;
            }
            Matcher m = HEAP_USED.matcher(out);
            return m.find() ? Long.parseLong(m.group(1)) / KIB_PER_MIB : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
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
