package io.storagesession.it.turn;

import java.util.OptionalLong;

/** A TURN server started for one test; closing it stops it and frees its ports. */
public interface RunningTurnServer extends AutoCloseable {
    /** Where clients and peers reach the server and how they get credentials for it. */
    TurnTarget target();

    /** The server's process when it has its own (for CPU accounting), empty when it runs inside this JVM. */
    OptionalLong pid();

    /** The server's log or other evidence worth printing when a test fails. */
    String diagnostics();

    @Override
    void close() throws Exception;
}
