package io.storagesession.it.webrtc;

import java.util.stream.Stream;
import org.junit.jupiter.api.Named;

/**
 * The TURN servers every relay test runs against: the single place to add one. coturn, the reference
 * implementation, and the project's embedded TURN server; every relay test runs against both.
 */
public final class TurnTargets {
    private TurnTargets() {
    }

    /** Method source for {@code @ParameterizedTest @MethodSource("io.storagesession.it.webrtc.TurnTargets#turnServers")}. */
    public static Stream<Named<TurnServerUnderTest.Launcher>> turnServers() {
        return Stream.of(
                Named.of("coturn", Coturn::start),
                Named.of("embedded", EmbeddedTurn::start));
    }
}
