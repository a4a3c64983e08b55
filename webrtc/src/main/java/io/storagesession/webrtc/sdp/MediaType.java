package io.storagesession.webrtc.sdp;

import java.util.Locale;

/** The {@code <media>} field of an m-line (RFC 8866 §5.14); anything the storage session has no use for is OTHER. */
public enum MediaType {
    AUDIO,
    VIDEO,
    APPLICATION,
    OTHER;

    static MediaType of(String media) {
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
