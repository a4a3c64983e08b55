package io.storagesession.it.webrtc;

import java.util.stream.Stream;
import org.junit.jupiter.api.Named;

/**
 * The TURN servers every relay test runs against: the single place to add one. Today only coturn, the reference
 * implementation; the embedded TURN server joins as a second {@code Named.of("embedded", ...)} line, and every
 * relay test then runs against both.
 */
public final class TurnTargets {
    private TurnTargets() {
    }

    /** Method source for {@code @ParameterizedTest @MethodSource("io.storagesession.it.webrtc.TurnTargets#turnServers")}. */
    public static Stream<Named<TurnServerUnderTest.Launcher>> turnServers() {
        return Stream.of(
                Named.of("coturn", Coturn::start));
    }
}
