package io.storagesession.it.webrtc;

/** A TURN server started for one test; closing it stops it and frees its ports. */
public interface TurnServerUnderTest extends AutoCloseable {

    /** Where peers reach the server and how they get credentials for it. */
    TurnTarget target();

    /** What the server said about itself (for example its log's tail), shown when a relay test fails. */
    default String diagnostics() {
        return "";
    }

    @Override
    void close();

    /** A server started by other means (for example in this JVM), stopped by {@code stop}. */
    static TurnServerUnderTest of(TurnTarget target, Runnable stop) {
        return new TurnServerUnderTest() {
            @Override
            public TurnTarget target() {
                return target;
            }

            @Override
            public void close() {
                stop.run();
            }
        };
    }

    /** Starts a fresh server; one implementation per TURN server the relay tests run against. */
    @FunctionalInterface
    interface Launcher {
        TurnServerUnderTest start() throws Exception;
    }
}
