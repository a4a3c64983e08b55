package io.storagesession.media;

import java.util.List;
import java.util.Optional;

/**
 * The payload types and RTP header extensions of the storage session's offer. They are fixed, so the media path can
 * demultiplex the bundled transport by payload type without looking at the answer: browsers and the KVS C SDK answer
 * with the offerer's numbers. Numbers follow Chrome's own offers (opus 111; H.264 in 102–109), which keeps them
 * familiar in packet captures. Part of the media seam because the plug-ins' tests answer with these numbers as
 * browsers do, and the transport demultiplexes by them.
 */
public final class OfferCodecs {
    /** RTP clock rate of H.264 (RFC 6184 §8.2.1) and so of its RTX payload types, which share it (RFC 4588). */
    public static final int VIDEO_CLOCK_RATE = 90_000;
    /** RTP clock rate of Opus, whatever the actual sampling rate (RFC 7587 §7). */
    public static final int OPUS_CLOCK_RATE = 48_000;
    /** Opus is always declared with two channels, even for mono streams (RFC 7587 §7). */
    public static final int OPUS_CHANNELS = 2;

    public static final String H264 = "H264";
    public static final String RTX = "rtx";
    public static final String OPUS = "opus";

    /** The only H.264 mode accepted: FU-A and STAP-A packets, which every WebRTC sender uses (RFC 6184 §6.3). */
    public static final int H264_PACKETIZATION_MODE = 1;

    /** Opus payload type. */
    public static final int OPUS_PAYLOAD_TYPE = 111;
    /** Opus format parameters as browsers offer them: 10 ms minimum packets and in-band FEC (RFC 7587 §6.1). */
    public static final String OPUS_FMTP = "minptime=10;useinbandfec=1";

    /** Constrained Baseline level 3.1: what the KVS C SDK and most cameras send. */
    public static final H264Format H264_CONSTRAINED_BASELINE = new H264Format(102, 103, "42e01f");
    /** Baseline level 3.1. */
    public static final H264Format H264_BASELINE = new H264Format(104, 105, "42001f");
    /** Main level 3.1. */
    public static final H264Format H264_MAIN = new H264Format(106, 107, "4d001f");
    /** Constrained High level 3.1. */
    public static final H264Format H264_CONSTRAINED_HIGH = new H264Format(108, 109, "640c1f");
    /** In preference order: the answerer picks among these, and most pick the first it supports. */
    public static final List<H264Format> H264_FORMATS =
            List.of(H264_CONSTRAINED_BASELINE, H264_BASELINE, H264_MAIN, H264_CONSTRAINED_HIGH);

    /** RFC 6464 client-to-mixer audio level; the audio mixer reads it to skip silent participants. */
    public static final HeaderExtension AUDIO_LEVEL =
            new HeaderExtension(1, "urn:ietf:params:rtp-hdrext:ssrc-audio-level");
    /** Absolute send time, for the sender's remote bitrate estimation (REMB). */
    public static final HeaderExtension ABS_SEND_TIME =
            new HeaderExtension(2, "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time");
    /** Transport-wide sequence numbers for transport-cc feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01). */
    public static final HeaderExtension TRANSPORT_CC =
            new HeaderExtension(3, "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01");
    /** The m-section's mid in each packet, so bundled streams can be told apart before their SSRC is known (RFC 9143). */
    public static final HeaderExtension SDES_MID = new HeaderExtension(4, "urn:ietf:params:rtp-hdrext:sdes:mid");

    public static final List<HeaderExtension> VIDEO_EXTENSIONS = List.of(ABS_SEND_TIME, TRANSPORT_CC, SDES_MID);
    public static final List<HeaderExtension> AUDIO_EXTENSIONS = List.of(AUDIO_LEVEL, TRANSPORT_CC, SDES_MID);

    /** RTCP feedback offered on each H.264 payload type: retransmission, key frame requests, bandwidth estimation. */
    public static final List<String> H264_FEEDBACK =
            List.of("goog-remb", "transport-cc", "ccm fir", "nack", "nack pli");
    /** RTCP feedback offered on Opus. */
    public static final List<String> OPUS_FEEDBACK = List.of("transport-cc");

    /** RTP payload types are 7 bits (RFC 3550 §5.1). */
    private static final int PAYLOAD_TYPES = 128;
    /** Per-packet lookups by payload type, precomputed so the media path neither streams nor allocates. */
    private static final boolean[] H264_TYPES = new boolean[PAYLOAD_TYPES];
    private static final boolean[] H264_RTX_TYPES = new boolean[PAYLOAD_TYPES];

    static {
        for (H264Format format : H264_FORMATS) {
            H264_TYPES[format.payloadType()] = true;
            H264_RTX_TYPES[format.rtxPayloadType()] = true;
        }
    }

    private OfferCodecs() {
    }

    /** Whether an RTP payload type (0–127) is one of the offered H.264 formats; allocation-free, for the media path. */
    public static boolean isH264(int payloadType) {
        return payloadType >= 0 && payloadType < PAYLOAD_TYPES && H264_TYPES[payloadType];
    }

    /** Whether an RTP payload type is the RTX (RFC 4588) type of an offered H.264 format; allocation-free. */
    public static boolean isH264Rtx(int payloadType) {
        return payloadType >= 0 && payloadType < PAYLOAD_TYPES && H264_RTX_TYPES[payloadType];
    }

    /** The offered H.264 format with this payload type, if any. */
    public static Optional<H264Format> h264(int payloadType) {
        return H264_FORMATS.stream().filter(f -> f.payloadType() == payloadType).findFirst();
    }

    /** The offered H.264 format that this RTX payload type repairs, if any. */
    public static Optional<H264Format> repairedBy(int rtxPayloadType) {
        return H264_FORMATS.stream().filter(f -> f.rtxPayloadType() == rtxPayloadType).findFirst();
    }

    /**
     * One offered H.264 configuration and its RTX (RFC 4588) payload type.
     *
     * @param profileLevelId the {@code profile-level-id} format parameter (RFC 6184 §8.1): profile_idc,
     *                       constraint flags and level_idc in hex
     */
    public record H264Format(int payloadType, int rtxPayloadType, String profileLevelId) {
        /** The {@code a=fmtp} value, as Chrome writes it and the KVS C SDK scores it. */
        public String fmtp() {
            return "level-asymmetry-allowed=1;packetization-mode=" + H264_PACKETIZATION_MODE
                    + ";profile-level-id=" + profileLevelId;
        }
    }

    /** An RTP header extension and the id it gets in the offer (RFC 8285 §5). */
    public record HeaderExtension(int id, String uri) {
    }
}
