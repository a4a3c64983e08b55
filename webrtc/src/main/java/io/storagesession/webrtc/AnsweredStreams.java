package io.storagesession.webrtc;

import io.storagesession.codecs.rtp.Rtp;
import io.storagesession.media.MediaKind;
import io.storagesession.webrtc.sdp.Answer;
import io.storagesession.webrtc.sdp.MediaAnswer;

/**
 * What a participant said it would send, as lookup tables for the receive path: the payload types its answer
 * accepted per track (codecs and their RTX, RFC 4588) and the SSRCs it announced (RFC 5576). A packet outside them is
 * dropped before the media plane sees it. Built once per answer; the checks allocate nothing.
 */
final class AnsweredStreams {
    private static final int PAYLOAD_TYPES = 128;

    private final MediaKind[] kindByPayloadType = new MediaKind[PAYLOAD_TYPES];
    private final int[] videoSsrcs;
    private final int[] audioSsrcs;

    AnsweredStreams(Answer answer) {
        accept(answer.video(), MediaKind.VIDEO);
        accept(answer.audio(), MediaKind.AUDIO);
        videoSsrcs = ssrcs(answer.video());
        audioSsrcs = ssrcs(answer.audio());
    }

    private void accept(MediaAnswer section, MediaKind kind) {
        for (int type : section.payloadTypes()) {
            kindByPayloadType[type] = kind;
        }
        for (int type : section.rtx().keySet()) {
            kindByPayloadType[type] = kind;
        }
    }

    private static int[] ssrcs(MediaAnswer section) {
        int[] ssrcs = new int[section.ssrcs().size()];
        for (int i = 0; i < ssrcs.length; i++) {
            ssrcs[i] = section.ssrcs().get(i).intValue();
        }
        return ssrcs;
    }

    /** The track of a decrypted RTP packet; null when its payload type was not accepted. */
    MediaKind kindOf(byte[] rtp, int off) {
        return kindByPayloadType[Rtp.payloadType(rtp, off)];
    }

    /** Whether the packet's SSRC is one the participant announced for that track (any, when it announced none). */
    boolean announced(MediaKind kind, byte[] rtp, int off) {
        int[] ssrcs = kind == MediaKind.VIDEO ? videoSsrcs : audioSsrcs;
        if (ssrcs.length == 0) {
            return true;
        }
        int ssrc = Rtp.ssrc(rtp, off);
        for (int known : ssrcs) {
            if (known == ssrc) {
                return true;
            }
        }
        return false;
    }
}
