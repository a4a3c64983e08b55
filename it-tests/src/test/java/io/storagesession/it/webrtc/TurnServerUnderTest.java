package io.storagesession.it.webrtc;

/** A TURN server started for one test; closing it stops it and frees its ports. */
public interface TurnServerUnderTest extends AutoCloseable {

    TurnTarget target();

    /** What the server said about itself (for example its log's tail), shown when a relay test fails. */
    default String diagnostics() {
        return "";
    }

    @Override
    void close();

    /** Starts a fresh server; one implementation per TURN server the relay tests run against. */
    @FunctionalInterface
    interface Launcher {
        TurnServerUnderTest start() throws Exception;
    }
}
