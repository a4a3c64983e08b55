package io.storagesession.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link Metrics#total} sums a metric over its series as the scrape shows them, whatever their labels. */
class MetricsTotalTest {
    @Test
    void aCounterTotalsEverySeriesWhateverItsLabels() {
        Metrics metrics = new Metrics();
        Metrics.Counter events = metrics.counter("events_total", "Events", "event");
        events.add(3, "sent");
        events.inc("persisted");
        events.add(2, new String[] {"persisted"});
        events.series("dropped");
        assertThat(metrics.total("events_total")).isEqualTo(6);
        Metrics.Counter plain = metrics.counter("plain_total", "Plain");
        plain.add(4);
        assertThat(metrics.total("plain_total")).isEqualTo(4);
    }

    @Test
    void aGaugeTotalsItsSeriesAsTheyAreNowUpAndDown() {
        Metrics metrics = new Metrics();
        Metrics.Gauge peers = metrics.gauge("peers", "Peers", "role");
        peers.add(3, "master");
        peers.add(5, "viewer");
        peers.series("viewer").add(-2);
        assertThat(metrics.total("peers")).isEqualTo(6);
        peers.add(-3, "master");
        assertThat(metrics.total("peers")).isEqualTo(3);
    }

    @Test
    void aHistogramTotalsItsObservationsOverItsSeries() {
        Metrics metrics = new Metrics();
        Metrics.Histogram latency = metrics.histogram("latency_seconds", "Latency", new double[] {0.1, 1}, "role");
        latency.observe(0.05, "master");
        latency.observe(5, "master");
        latency.observe(0.5, "viewer");
        assertThat(metrics.total("latency_seconds")).isEqualTo(3);
    }

    @Test
    void anUndeclaredNameIsZero() {
        Metrics metrics = new Metrics();
        assertThat(metrics.total("nothing_total")).isZero();
        metrics.counter("declared_total", "Declared, never counted");
        assertThat(metrics.total("declared_total")).isZero();
    }
}
