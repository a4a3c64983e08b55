package io.storagesession.api.http;

import io.storagesession.metrics.Metrics;

/**
 * The seed's per-operation signaling metrics, declared in one place for every KVS operation whether it arrives as an
 * HTTP call ({@link ApiRoutes}) or a WebSocket connect (ConnectAsMaster/ConnectAsViewer in the hub):
 * {@code kvs_api_calls_total}, {@code kvs_api_latency_seconds} (the Latency metric) and {@code kvs_api_failures_total}
 * (the Failure metric, by error type).
 */
public final class ApiMetrics {
    private static final double[] LATENCY_BUCKETS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};
    private static final double NANOS_PER_SECOND = 1e9;

    private final Metrics.Histogram latency;
    private final Metrics.Counter failures;
    private final Metrics.Counter calls;

    public ApiMetrics(Metrics metrics) {
        latency = metrics.histogram("kvs_api_latency_seconds", "Latency of KVS API calls by operation",
                LATENCY_BUCKETS, "operation");
        failures = metrics.counter("kvs_api_failures_total", "KVS API calls answered with an error, by operation "
                + "and error type", "operation", "error");
        calls = metrics.counter("kvs_api_calls_total", "KVS API calls by operation", "operation");
    }

    public void call(String operation) {
        calls.inc(operation);
    }

    public void latency(String operation, long startNanos) {
        latency.observe((System.nanoTime() - startNanos) / NANOS_PER_SECOND, operation);
    }

    public void failure(String operation, String errorType) {
        failures.inc(operation, errorType);
    }
}
