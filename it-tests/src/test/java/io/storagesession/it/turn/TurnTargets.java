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
     * Today only coturn (started by the test when installed). To judge another server — the embedded one in module
     * {@code turn} — add one {@code Named.of("embedded", <launcher>)} element here, where the launcher returns a
     * {@link RunningTurnServer} listening on 127.0.0.1 with {@code --use-auth-secret}-style REST credentials.
     */
    static Stream<Named<TurnServerLauncher>> serversUnderTest() {
        return Stream.of(
                Named.of("coturn", CoturnProcess::start));
    }
}
