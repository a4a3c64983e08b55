package io.storagesession.it.turn;

import java.util.OptionalLong;

/** A TURN server started for one test; closing it stops it and frees its ports. */
interface RunningTurnServer extends AutoCloseable {
    TurnTarget target();

    /** The server's process when it has its own (for CPU accounting), empty when it runs inside this JVM. */
    OptionalLong pid();

    /** The server's log or other evidence worth printing when a test fails. */
    String diagnostics();

    @Override
    void close() throws Exception;
}
