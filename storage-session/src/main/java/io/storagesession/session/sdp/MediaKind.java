package io.storagesession.session.sdp;

import java.util.Locale;

/** The {@code <media>} field of an m-line (RFC 8866 §5.14); anything the storage session has no use for is OTHER. */
public enum MediaKind {
    AUDIO,
    VIDEO,
    APPLICATION,
    OTHER;

    static MediaKind of(String media) {
        return switch (media.toLowerCase(Locale.ROOT)) {
            case "audio" -> AUDIO;
            case "video" -> VIDEO;
            case "application" -> APPLICATION;
            default -> OTHER;
        };
    }

    /** The name as written in an m-line. */
    public String sdpName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
