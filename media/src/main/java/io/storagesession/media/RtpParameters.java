package io.storagesession.media;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one participant's answer allows on one track, as the media path needs it and without any SDP: the seam's
 * replacement for the transport's parsed m-section, so the SFU, the mixer and the recorder never read SDP types.
 * The transport builds it once per participant path from the validated answer.
 *
 * @param direction    the participant's direction (its {@code sendonly} means the server receives; RFC 3264 §6.1)
 * @param payloadTypes the accepted codec payload types, in the answer's order of preference: H.264 with
 *                     packetization-mode=1 for video, Opus for audio
 * @param rtx          RTX payload type → the payload type it repairs ({@code apt}, RFC 4588 §8.1)
 * @param ssrcs        the SSRCs the participant announced (RFC 5576), in order; may be empty (Firefox and others may
 *                     leave them out), then streams are matched by payload type
 * @param extensions   header extension URI → id (RFC 8285)
 */
public record RtpParameters(Direction direction, List<Integer> payloadTypes, Map<Integer, Integer> rtx,
                            List<Long> ssrcs, Map<String, Integer> extensions) {
    public RtpParameters {
        payloadTypes = List.copyOf(payloadTypes);
        rtx = Collections.unmodifiableMap(new LinkedHashMap<>(rtx));
        ssrcs = List.copyOf(ssrcs);
        extensions = Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
    }

    /** Whether the participant sends on this track ({@code sendrecv} or {@code sendonly}). */
    public boolean sends() {
        return direction == Direction.SENDRECV || direction == Direction.SENDONLY;
    }

    /** Whether the participant receives on this track ({@code sendrecv} or {@code recvonly}). */
    public boolean receives() {
        return direction == Direction.SENDRECV || direction == Direction.RECVONLY;
    }
}
