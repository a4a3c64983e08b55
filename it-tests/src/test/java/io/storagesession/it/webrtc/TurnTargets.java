package io.storagesession.it.webrtc;

import java.util.stream.Stream;
import org.junit.jupiter.api.Named;

/**
 * The TURN servers every relay test runs against: the single place to add one. Today only coturn, the reference
 * implementation. The embedded TURN server joins as a second line, {@code Named.of("embedded", EmbeddedTurn::start)},
 * where {@code start()} starts it on a free loopback port with a fresh realm and secret and returns
 * {@link TurnServerUnderTest#of TurnServerUnderTest.of(new TurnTarget(host, port, realm, secret), server::stop)};
 * every relay test then runs against both.
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
