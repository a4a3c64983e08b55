package io.storagesession.it.reliability;

import io.storagesession.bench.session.probe.MetricsText;
import io.storagesession.bench.session.probe.ServerProcess;
import io.storagesession.codecs.ExternalTool;
import io.storagesession.it.PackagedServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
    static Footprint of(PackagedServer server) throws Exception {
        var process = new ServerProcess(server.pid());
        return new Footprint(process.rssMib(), process.openFiles(), process.threads(), process.cpuSeconds(),
                MetricsText.parse(server.metrics()));
    }

    /**
     * The Java heap the server still holds after a full collection ({@code jcmd <pid> GC.run}, then
     * {@code GC.heap_info}), in MiB: what it retains, unlike resident memory, which the JVM keeps once grown.
     */
    static double retainedHeapMib(PackagedServer server) throws Exception {
        ExternalTool.Result gc = ExternalTool.run(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd")
                .toString(), Long.toString(server.pid()), "GC.run"));
        if (gc.exitCode() != 0) {
            throw new IllegalStateException("jcmd GC.run failed: " + gc.stderr());
        }
        return new ServerProcess(server.pid()).heapUsedMib();
    }

    /** The samples whose name contains {@code part} and that changed since {@code earlier}, with the change. */
    Map<String, Double> changedSince(Footprint earlier, String part) {
        Map<String, Double> changed = new TreeMap<>();
        for (MetricsText.Sample sample : metrics.samples()) {
            if (sample.name().contains(part)) {
                String series = sample.name() + sample.labels();
                double before = earlier.metrics.samples().stream().filter(e -> e.name().equals(sample.name())
                        && e.labels().equals(sample.labels())).mapToDouble(MetricsText.Sample::value).sum();
                if (sample.value() != before) {
                    changed.put(series, sample.value() - before);
                }
            }
        }
        return changed;
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
