package io.storagesession.mediastore.fmp4;

import io.storagesession.codecs.AudioSpecificConfig;
import io.storagesession.codecs.h264.AvcConfig;
import io.storagesession.mediastore.archive.ArchivedTrack;
import java.util.List;
import java.util.Locale;

/**
 * RFC 6381 {@code codecs} values for the master playlist's CODECS attribute (RFC 8216 §4.3.4.2), which players use to
 * pick a decoder before loading anything: {@code avc1.PPCCLL} with the profile_idc, constraint flags and level_idc
 * bytes of the avcC record (RFC 6381 §3.3, ISO/IEC 14496-15 §5.3.3.1), {@code mp4a.40.<audio object type>} for AAC
 * (RFC 6381 §3.3, ISO/IEC 14496-3 Table 1.1) and {@code opus} (Opus-in-ISOBMFF §4.4).
 */
public final class CodecStrings {
    private CodecStrings() {
    }

    public static String of(ArchivedTrack track) {
        byte[] cp = track.codecPrivateView();
        return switch (track.codec()) {
            case H264 -> {
                if (cp.length < AvcConfig.RECORD_HEAD_BYTES) {
                    throw new IllegalArgumentException("avcC record too short: " + cp.length + " bytes");
                }
                yield String.format(Locale.ROOT, "avc1.%02x%02x%02x", AvcConfig.profileIndication(cp),
                        AvcConfig.profileCompatibility(cp), AvcConfig.levelIndication(cp));
            }
            case AAC -> "mp4a.40." + AudioSpecificConfig.objectType(cp);
            case OPUS -> "opus";
        };
    }

    /** The comma-separated list for a variant and its renditions, in the order given. */
    public static String of(List<ArchivedTrack> tracks) {
        StringBuilder s = new StringBuilder();
        for (ArchivedTrack t : tracks) {
            if (s.length() > 0) {
                s.append(',');
            }
            s.append(of(t));
        }
        return s.toString();
    }
}
