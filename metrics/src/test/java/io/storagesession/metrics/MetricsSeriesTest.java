package io.storagesession.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A series taken once is the same series that labelled adds and the scrape see. */
class MetricsSeriesTest {
    @Test
    void aCountersSeriesAddsToTheLabelledSeries() {
        Metrics metrics = new Metrics();
        Metrics.Counter packets = metrics.counter("packets_total", "Packets", "channel", "role");
        Metrics.Series master = packets.series("door", "master");
        master.add(3);
        packets.add(2, "door", "master");
        master.add(1);
        packets.add(7, "door", "viewer");
        assertThat(packets.value("door", "master")).isEqualTo(6);
        assertThat(master.value()).isEqualTo(6);
        assertThat(metrics.scrape()).contains("packets_total{channel=\"door\",role=\"master\"} 6\n",
                "packets_total{channel=\"door\",role=\"viewer\"} 7\n");
    }

    @Test
    void aGaugesSeriesMovesBothWays() {
        Metrics metrics = new Metrics();
        Metrics.Gauge bitrate = metrics.gauge("bitrate", "Bit rate", "role");
        Metrics.Series viewer = bitrate.series("viewer");
        assertThat(metrics.scrape()).contains("bitrate{role=\"viewer\"} 0\n");
        viewer.add(500);
        viewer.add(-200);
        assertThat(bitrate.value("viewer")).isEqualTo(300);
    }

    @Test
    void aSeriesNeedsEveryLabelValue() {
        Metrics.Counter c = new Metrics().counter("c_total", "C", "channel", "role");
        assertThatThrownBy(() -> c.series("door")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void oneLabelAndNoLabelAddsReachTheSameSeriesAsVarargsAndAllocateNothing() {
        Metrics metrics = new Metrics();
        Metrics.Counter events = metrics.counter("events_total", "Events", "event");
        Metrics.Counter relayed = metrics.counter("relayed_total", "Relayed");
        events.add(2, "persisted");
        events.add(3, new String[] {"persisted"});
        events.inc("sent");
        relayed.add(5);
        relayed.add(1, new String[0]);
        assertThat(events.value("persisted")).isEqualTo(5);
        assertThat(events.value("sent")).isEqualTo(1);
        assertThat(relayed.value()).isEqualTo(6);
        assertThat(metrics.scrape()).contains("events_total{event=\"persisted\"} 5\n", "relayed_total 6\n");
        assertThatThrownBy(() -> relayed.add(1, "one-too-many")).isInstanceOf(IllegalArgumentException.class);

        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        int adds = 100_000;
        for (int i = 0; i < adds; i++) { // warm-up
            events.add(1, "persisted");
            relayed.add(1);
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < adds; i++) {
            events.add(1, "persisted");
            relayed.add(1);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(allocated).as("bytes allocated by %d adds", 2 * adds).isLessThan(adds);
        assertThat(events.value("persisted")).isEqualTo(5 + 2L * adds);
    }
}
