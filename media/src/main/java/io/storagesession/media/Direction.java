package io.storagesession.media;

import java.util.Locale;
import java.util.Optional;

/**
 * A media section's direction, from the point of view of the side that wrote it (RFC 8866 §6.7, RFC 3264 §6.1):
 * an answer's {@code sendonly} means the participant sends and the storage session receives.
 */
public enum Direction {
    SENDRECV,
    SENDONLY,
    RECVONLY,
    INACTIVE;

    /** What an m-section without a direction attribute means (RFC 8866 §6.7). */
    public static final Direction DEFAULT = SENDRECV;

    /** The attribute name, e.g. {@code sendonly}. */
    public String sdpName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The direction an attribute name stands for; empty for any other attribute. */
    public static Optional<Direction> ofAttribute(String name) {
        for (Direction direction : values()) {
            if (direction.sdpName().equals(name)) {
                return Optional.of(direction);
            }
        }
        return Optional.empty();
    }
}
