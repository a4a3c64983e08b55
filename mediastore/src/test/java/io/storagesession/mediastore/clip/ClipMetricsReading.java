package io.storagesession.mediastore.clip;

import io.storagesession.mediastore.TestServer;

/** Reads one series of the server's {@code /metrics} text, as a scraper would: 0 when the series does not exist yet. */
final class ClipMetricsReading {
    private ClipMetricsReading() {
    }

    /** The value of {@code series}, a metric name with its labels exactly as rendered. */
    static long value(TestServer server, String series) {
        for (String line : server.metrics.scrape().split("\n")) {
            if (line.startsWith(series + " ")) {
                return Long.parseLong(line.substring(series.length() + 1).trim());
            }
        }
        return 0;
    }
}
