package io.storagesession.webrtc.sdp;

import io.storagesession.media.OfferCodecs;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The codec rules of KVS storage sessions (KVS-WIRE.md §3): answered video is H.264 in packetization-mode 1, with
 * optional RTX; answered audio is Opus. Every payload type the answer lists must be one of those — the recording holds
 * H.264 video, and the server neither transcodes nor picks a subset a participant might still send.
 */
final class PayloadTypes {
    static final int MAX_PAYLOAD_TYPE = 127;
    private static final int MAX_PAYLOAD_TYPE_DIGITS = 3;
    private static final int MAX_CLOCK_RATE_DIGITS = 9;
    /** {@code <encoding>/<clock rate>} and an optional {@code /<encoding parameters>}. */
    private static final int MIN_RTPMAP_PARTS = 2;
    private static final int MAX_RTPMAP_PARTS = 3;
    private static final String PACKETIZATION_MODE = "packetization-mode";
    /** RFC 6184 §8.1: an absent packetization-mode means single NAL unit mode. */
    private static final String DEFAULT_PACKETIZATION_MODE = "0";
    private static final String APT = "apt";
    private static final String H264_ONLY = "the storage session accepts only H.264 with packetization-mode=1";
    private static final String OPUS_ONLY = "the storage session accepts only Opus (opus/48000/2)";

    /**
     * The payload types that passed.
     *
     * @param payloadTypes the codec payload types (H.264 or Opus), in m-line order
     * @param rtx          RTX payload type → the H.264 payload type it repairs
     */
    record Accepted(List<Integer> payloadTypes, Map<Integer, Integer> rtx) {
    }

    /** An {@code a=rtpmap} value: {@code <encoding name>/<clock rate>[/<encoding parameters>]} (RFC 8866 §6.6). */
    private record RtpMap(String encoding, long clockRate, String parameters) {
        String describe() {
            return encoding + "/" + clockRate + (parameters == null ? "" : "/" + parameters);
        }
    }

    private final MediaDescription section;
    private final List<Integer> listed;
    private final Map<Integer, RtpMap> rtpMaps = new HashMap<>();
    private final Map<Integer, Map<String, String>> fmtps = new HashMap<>();

    private PayloadTypes(MediaDescription section) throws SdpException {
        this.section = section;
        this.listed = listed();
        readRtpMaps();
        readFmtps();
    }

    /** The answered video m-section's codecs; every one is H.264 with packetization-mode=1 or its RTX. */
    static Accepted video(MediaDescription section) throws SdpException {
        PayloadTypes types = new PayloadTypes(section);
        List<Integer> h264 = new ArrayList<>();
        List<Integer> rtx = new ArrayList<>();
        for (int pt : types.listed) {
            RtpMap map = types.rtpMap(pt, H264_ONLY);
            if (map.encoding().equalsIgnoreCase(OfferCodecs.H264)) {
                types.checkClockRate(pt, map, OfferCodecs.VIDEO_CLOCK_RATE, "RFC 6184 §8.2.1");
                String mode = types.fmtp(pt).getOrDefault(PACKETIZATION_MODE, DEFAULT_PACKETIZATION_MODE);
                if (!mode.equals(String.valueOf(OfferCodecs.H264_PACKETIZATION_MODE))) {
                    throw new SdpException("H.264 payload type " + pt + " uses packetization-mode=" + SdpReader.excerpt(
                            mode) + "; " + H264_ONLY + " (non-interleaved mode, RFC 6184 §6.3)");
                }
                h264.add(pt);
            } else if (map.encoding().equalsIgnoreCase(OfferCodecs.RTX)) {
                types.checkClockRate(pt, map, OfferCodecs.VIDEO_CLOCK_RATE, "RFC 4588");
                rtx.add(pt);
            } else {
                throw unsupported("video", map.encoding(), pt, H264_ONLY);
            }
        }
        if (h264.isEmpty()) {
            throw new SdpException("the answer's video m-section has no H.264 payload type; " + H264_ONLY);
        }
        Map<Integer, Integer> repairs = new LinkedHashMap<>();
        for (int pt : rtx) {
            repairs.put(pt, types.repaired(pt, h264));
        }
        return new Accepted(h264, repairs);
    }

    /** The answered audio m-section's codecs; every one is opus/48000/2. */
    static Accepted audio(MediaDescription section) throws SdpException {
        PayloadTypes types = new PayloadTypes(section);
        for (int pt : types.listed) {
            RtpMap map = types.rtpMap(pt, OPUS_ONLY);
            if (!map.encoding().equalsIgnoreCase(OfferCodecs.OPUS)) {
                throw unsupported("audio", map.encoding(), pt, OPUS_ONLY);
            }
            if (map.clockRate() != OfferCodecs.OPUS_CLOCK_RATE
                    || !String.valueOf(OfferCodecs.OPUS_CHANNELS).equals(map.parameters())) {
                throw new SdpException("Opus payload type " + pt + " must be declared as opus/48000/2 (RFC 7587 §7), "
                        + "got " + SdpReader.excerpt(map.describe()));
            }
        }
        return new Accepted(types.listed, Map.of());
    }

    /**
     * Refuses a payload type used in both m-sections: on one bundled transport the media path tells audio from video
     * by payload type, and RFC 9143 forbids one number for two codecs across bundled m-sections.
     */
    static void checkDistinct(Accepted video, Accepted audio) throws SdpException {
        Set<Integer> videoTypes = new LinkedHashSet<>(video.payloadTypes());
        videoTypes.addAll(video.rtx().keySet());
        for (int pt : audio.payloadTypes()) {
            if (videoTypes.contains(pt)) {
                throw new SdpException("payload type " + pt + " is used by both the audio and the video m-section; "
                        + "bundled m-sections need distinct payload types (RFC 9143)");
            }
        }
    }

    private static SdpException unsupported(String kind, String encoding, int pt, String accepted) {
        return new SdpException(kind + " codec " + SdpReader.excerpt(encoding) + " (payload type " + pt
                + ") is not supported: " + accepted);
    }

    private List<Integer> listed() throws SdpException {
        Set<Integer> types = new LinkedHashSet<>();
        for (String format : section.formats()) {
            if (!SdpReader.isDigits(format, MAX_PAYLOAD_TYPE_DIGITS) || Integer.parseInt(format) > MAX_PAYLOAD_TYPE) {
                throw new SdpException("the answer's " + section.media() + " m-line lists '" + SdpReader.excerpt(format)
                        + "', which is not an RTP payload type (0-127)");
            }
            types.add(Integer.parseInt(format));
        }
        if (types.isEmpty()) {
            throw new SdpException("the answer's " + section.media() + " m-line lists no payload type");
        }
        return List.copyOf(types);
    }

    /** {@code a=rtpmap:<pt> <encoding>/<clock>[/<parameters>]}; the first line for a listed payload type counts. */
    private void readRtpMaps() throws SdpException {
        for (String value : section.attributes().all(SdpAttribute.RTPMAP)) {
            String[] fields = value.strip().split(" +", 2);
            Integer pt = listedType(fields[0]);
            if (pt == null || rtpMaps.containsKey(pt)) {
                continue;
            }
            String[] codec = fields.length < 2 ? new String[0] : fields[1].strip().split("/", -1);
            if (codec.length < MIN_RTPMAP_PARTS || codec.length > MAX_RTPMAP_PARTS || codec[0].isEmpty()
                    || !SdpReader.isDigits(codec[1], MAX_CLOCK_RATE_DIGITS)) {
                throw new SdpException("a=rtpmap:" + SdpReader.excerpt(value) + " is not '<payload type> "
                        + "<encoding>/<clock rate>[/<parameters>]' (RFC 8866 §6.6)");
            }
            rtpMaps.put(pt, new RtpMap(codec[0], Long.parseLong(codec[1]), codec.length == MAX_RTPMAP_PARTS ? codec[2] : null));
        }
    }

    /** {@code a=fmtp:<pt> <name>=<value>;...} (RFC 8866 §6.15); names compared case-insensitively. */
    private void readFmtps() {
        for (String value : section.attributes().all(SdpAttribute.FMTP)) {
            String[] fields = value.strip().split(" +", 2);
            Integer pt = listedType(fields[0]);
            if (pt == null || fmtps.containsKey(pt)) {
                continue;
            }
            Map<String, String> parameters = new HashMap<>();
            for (String parameter : (fields.length < 2 ? "" : fields[1]).split(";")) {
                int equals = parameter.indexOf('=');
                String name = (equals < 0 ? parameter : parameter.substring(0, equals)).strip();
                parameters.putIfAbsent(name.toLowerCase(Locale.ROOT),
                        equals < 0 ? "" : parameter.substring(equals + 1).strip());
            }
            fmtps.put(pt, parameters);
        }
    }

    private Integer listedType(String text) {
        if (!SdpReader.isDigits(text, MAX_PAYLOAD_TYPE_DIGITS)) {
            return null;
        }
        int pt = Integer.parseInt(text);
        return listed.contains(pt) ? pt : null;
    }

    private RtpMap rtpMap(int pt, String accepted) throws SdpException {
        RtpMap map = rtpMaps.get(pt);
        if (map != null) {
            return map;
        }
        String kind = section.media();
        String name = StaticPayloadTypes.name(pt).orElseThrow(() -> new SdpException("payload type " + pt
                + " of the answer's " + kind + " m-section has no a=rtpmap and is not a static payload type "
                + "(RFC 3551 §6), so its codec is unknown; " + accepted));
        throw new SdpException(kind + " codec " + name + " (static payload type " + pt + ") is not supported: "
                + accepted);
    }

    private Map<String, String> fmtp(int pt) {
        return fmtps.getOrDefault(pt, Map.of());
    }

    private void checkClockRate(int pt, RtpMap map, int expected, String rfc) throws SdpException {
        if (map.clockRate() != expected) {
            throw new SdpException(map.encoding() + " payload type " + pt + " must have a clock rate of " + expected
                    + " (" + rfc + "), got " + map.clockRate());
        }
    }

    private int repaired(int rtxPt, List<Integer> h264) throws SdpException {
        String apt = fmtp(rtxPt).get(APT);
        if (apt == null) {
            throw new SdpException("rtx payload type " + rtxPt + " has no a=fmtp apt parameter naming the payload "
                    + "type it repairs (RFC 4588)");
        }
        if (!SdpReader.isDigits(apt, MAX_PAYLOAD_TYPE_DIGITS) || !h264.contains(Integer.parseInt(apt))) {
            throw new SdpException("rtx payload type " + rtxPt + " repairs payload type " + SdpReader.excerpt(apt)
                    + ", which is not one of the answer's H.264 payload types");
        }
        return Integer.parseInt(apt);
    }
}
