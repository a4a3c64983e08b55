package io.storagesession.it.turn;

import java.util.stream.Stream;
import org.junit.jupiter.api.Named;

/**
 * The TURN servers every test in this package judges: each parameterized test takes its target from
 * {@link #serversUnderTest()} via {@code @MethodSource("io.storagesession.it.turn.TurnTargets#serversUnderTest")}.
 */
final class TurnTargets {
    private TurnTargets() {
    }

    /**
     * coturn (started by the test when installed), the reference, and the project's embedded TURN server.
     */
    static Stream<Named<TurnServerLauncher>> serversUnderTest() {
        return Stream.of(
                Named.of("coturn", CoturnProcess::start),
                Named.of("embedded", EmbeddedTurnProcess::start));
    }
}
