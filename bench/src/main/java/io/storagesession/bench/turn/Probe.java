package io.storagesession.bench.turn;

/**
 * Layout of the probe at the start of every benchmark payload: which step sent it, whether it belongs to the measured
 * window, its sequence number, the client's send time and the peer's echo time ({@link System#nanoTime()}, one JVM,
 * so one-way times are comparable). The rest of the payload is zeros up to the configured size.
 */
final class Probe {
    static final int RUN = 0;
    static final int FLAGS = 4;
    static final int SEQUENCE = 8;
    static final int SENT_NANOS = 16;
    static final int ECHO_NANOS = 24;
    static final int LENGTH = 32;

    static final int FLAG_MEASURED = 1;

    private Probe() {
    }
}
