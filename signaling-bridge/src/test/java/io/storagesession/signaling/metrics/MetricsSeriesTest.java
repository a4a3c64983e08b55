package io.storagesession.signaling.metrics;

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
}
