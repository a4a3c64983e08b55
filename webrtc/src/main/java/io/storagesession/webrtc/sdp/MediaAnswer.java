package io.storagesession.webrtc.sdp;

import io.storagesession.media.Direction;
import io.storagesession.media.RtpParameters;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One answered m-section, as the media path needs it.
 *
 * @param mid          the offer's mid of this m-section
 * @param direction    the participant's direction (its {@code sendonly} means the server receives)
 * @param payloadTypes the accepted codec payload types, in the answer's order of preference: H.264 with
 *                     packetization-mode=1 for video, Opus for audio
 * @param rtx          RTX payload type → the payload type it repairs ({@code apt}, RFC 4588)
 * @param ssrcs        the SSRCs the participant announced with {@code a=ssrc} (RFC 5576), in order; may be empty
 *                     (Firefox and others may leave them out), then streams are matched by mid or payload type
 * @param extensions   header extension URI → id from {@code a=extmap} (RFC 8285)
 */
public record MediaAnswer(String mid, Direction direction, List<Integer> payloadTypes, Map<Integer, Integer> rtx,
                          List<Long> ssrcs, Map<String, Integer> extensions) {
    /** Two-byte header extensions allow ids 1–255 (RFC 8285 §4.3); one-byte ones 1–14. */
    static final int MAX_EXTENSION_ID = 255;
    private static final long MAX_SSRC = 0xFFFF_FFFFL;
    private static final int MAX_SSRC_DIGITS = 10;
    private static final int MAX_EXTENSION_ID_DIGITS = 3;
    /** {@code <id>[/<direction>]} and {@code <uri>}. */
    private static final int EXTMAP_MIN_FIELDS = 2;

    public MediaAnswer {
        payloadTypes = List.copyOf(payloadTypes);
        rtx = Collections.unmodifiableMap(new LinkedHashMap<>(rtx));
        ssrcs = List.copyOf(ssrcs);
        extensions = Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
    }

    /** The seam's view of this section: what the media path may send and must expect, without SDP. */
    public RtpParameters parameters() {
        return new RtpParameters(direction, payloadTypes, rtx, ssrcs, extensions);
    }

    /** Reads the SSRCs and header extensions of an answered section whose direction and codecs passed. */
    static MediaAnswer of(String mid, Direction direction, MediaDescription section, PayloadTypes.Accepted codecs)
            throws SdpException {
        return new MediaAnswer(mid, direction, codecs.payloadTypes(), codecs.rtx(), ssrcs(section),
                extensions(section));
    }

    /** {@code a=ssrc:<ssrc-id> <attribute>[:<value>]} (RFC 5576 §4.1); each SSRC once. */
    private static List<Long> ssrcs(MediaDescription section) throws SdpException {
        Set<Long> ssrcs = new LinkedHashSet<>();
        for (String value : section.attributes().all(SdpAttribute.SSRC)) {
            String id = value.strip().split(" ", 2)[0];
            if (!SdpReader.isDigits(id, MAX_SSRC_DIGITS) || Long.parseLong(id) > MAX_SSRC) {
                throw new SdpException("the " + section.media() + " m-section's a=ssrc:" + SdpReader.excerpt(value)
                        + " does not start with an SSRC (a number from 0 to 4294967295, RFC 5576 §4.1)");
            }
            ssrcs.add(Long.parseLong(id));
        }
        return List.copyOf(ssrcs);
    }

    /** {@code a=extmap:<id>[/<direction>] <uri> [<attributes>]} (RFC 8285 §5). */
    private static Map<String, Integer> extensions(MediaDescription section) throws SdpException {
        Map<String, Integer> byUri = new LinkedHashMap<>();
        for (String value : section.attributes().all(SdpAttribute.EXTMAP)) {
            String[] fields = value.strip().split(" +");
            String id = fields[0].split("/", 2)[0];
            if (fields.length < EXTMAP_MIN_FIELDS || !SdpReader.isDigits(id, MAX_EXTENSION_ID_DIGITS) || Integer.parseInt(id) < 1
                    || Integer.parseInt(id) > MAX_EXTENSION_ID) {
                throw new SdpException("the " + section.media() + " m-section's a=extmap:" + SdpReader.excerpt(value)
                        + " is not '<id 1-255> <uri>' (RFC 8285 §5)");
            }
            byUri.putIfAbsent(fields[1], Integer.parseInt(id));
        }
        return byUri;
    }
}
