package io.storagesession.it.reliability;

import io.storagesession.bench.session.probe.MetricsText;
import io.storagesession.it.ServerProcess;

/**
 * What the server process holds at one moment, as the kernel sees it (the bench's probe: {@code /proc/<pid>/status}
 * and {@code /proc/<pid>/fd}) plus its own figures on {@code /metrics}: an abuse test takes one before, during and
 * after, prints them, and asserts that what the abuse made the server hold went away again.
 *
 * @param rssMib     resident memory
 * @param openFiles  file descriptors (sockets included)
 * @param threads    threads
 * @param cpuSeconds CPU time used since the process started, user and system
 * @param metrics    the server's {@code /metrics} at that moment
 */
record Footprint(double rssMib, long openFiles, long threads, double cpuSeconds, MetricsText metrics) {
    static Footprint of(ServerProcess server) throws Exception {
        var process = new io.storagesession.bench.session.probe.ServerProcess(server.pid());
        return new Footprint(process.rssMib(), process.openFiles(), process.threads(), process.cpuSeconds(),
                MetricsText.parse(server.metrics()));
    }

    /** A series of {@link #metrics}, summed over the samples whose labels include {@code match} (key, value, …). */
    double metric(String name, String... match) {
        return metrics.sum(name, match);
    }

    @Override
    public String toString() {
        return String.format("RSS %.1f MiB, %d fds, %d threads, %.1f s CPU", rssMib, openFiles, threads, cpuSeconds);
    }
}
