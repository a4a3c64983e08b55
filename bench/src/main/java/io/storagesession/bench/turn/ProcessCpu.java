package io.storagesession.bench.turn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time a process has consumed, all threads, user plus system ({@code utime + stime} of {@code /proc/<pid>/stat}).
 * The difference across a measurement window, divided into the packets relayed in it, gives the cost per packet
 * independent of how many cores the server spread its work over.
 */
public final class ProcessCpu {
    private static final double TICKS_PER_SECOND = clockTicks();

    private ProcessCpu() {
    }

    /** CPU seconds consumed so far by {@code pid}. */
    public static double seconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long utime = Long.parseLong(fields[11]);
            long stime = Long.parseLong(fields[12]);
            return (utime + stime) / TICKS_PER_SECOND;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read CPU time of process " + pid, e);
        }
    }

    /** Linux's USER_HZ; {@code getconf CLK_TCK} says, 100 on every mainstream kernel configuration. */
    private static double clockTicks() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(getconf.getInputStream().readAllBytes()).trim();
            return getconf.waitFor() == 0 ? Double.parseDouble(out) : 100;
        } catch (IOException | NumberFormatException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
