package io.storagesession.console;

import io.storagesession.metrics.MetricsHistory;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * {@code GET /console/server}: the server's figures over the last hour for the console's charts — a sample of each
 * probe every {@code console.history.interval}, kept in memory ({@link MetricsHistory}) for
 * {@code console.history.duration}. The probes are the same counters and gauges {@code /metrics} renders, plus the
 * process's CPU and heap, so the charts and a Prometheus scrape never disagree. Sampling reads a few numbers on an
 * event-loop timer; it allocates nothing but the ring's slots.
 */
public final class ServerCharts implements AutoCloseable {
    private final MetricsHistory history;
    private final ConsoleSettings settings;
    private final Vertx vertx;
    private final long timer;

    /** Starts sampling {@code probes} (by series name, in the order the page lists them). */
    public ServerCharts(Vertx vertx, ConsoleSettings settings, Map<String, DoubleSupplier> probes, Clock clock) {
        this.vertx = vertx;
        this.settings = settings;
        this.history = new MetricsHistory(settings.historySamples());
        probes.forEach(history::probe);
        history.sample(clock.millis());
        this.timer = vertx.setPeriodic(settings.historyInterval().toMillis(), id -> history.sample(clock.millis()));
    }

    void answer(RoutingContext ctx) {
        MetricsHistory.Samples samples = history.samples();
        JsonObject series = new JsonObject();
        for (String name : samples.names()) {
            JsonArray values = new JsonArray();
            for (double v : samples.series(name)) {
                values.add(v);
            }
            series.put(name, values);
        }
        JsonArray times = new JsonArray();
        for (long t : samples.times()) {
            times.add(t);
        }
        ConsoleRequests.json(ctx, 200, new JsonObject().put("intervalSeconds", settings.historyInterval().toSeconds())
                .put("time", times).put("series", series));
    }

    @Override
    public void close() {
        vertx.cancelTimer(timer);
    }
}
