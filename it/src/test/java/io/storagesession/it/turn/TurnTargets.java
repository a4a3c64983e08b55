package io.storagesession.it.turn;

import java.util.stream.Stream;
import org.junit.jupiter.api.Named;

/**
 * The TURN servers every TURN test judges, the single place to add one: each parameterized test takes its target
 * from {@link #serversUnderTest()} via {@code @MethodSource(TurnTargets.SERVERS_UNDER_TEST)}.
 */
public final class TurnTargets {
    /** The method source of every test that runs against each TURN server. */
    public static final String SERVERS_UNDER_TEST = "io.storagesession.it.turn.TurnTargets#serversUnderTest";

    private TurnTargets() {
    }

    /**
     * coturn (started by the test when installed), the reference, and the project's embedded TURN server.
     */
    public static Stream<Named<TurnServerLauncher>> serversUnderTest() {
        return Stream.of(
                Named.of("coturn", CoturnProcess::start),
                Named.of("embedded", EmbeddedTurnProcess::start));
    }
}
