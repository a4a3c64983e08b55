package io.storagesession.media.testing;

import io.storagesession.media.Direction;
import io.storagesession.media.MediaKind;
import io.storagesession.media.MediaOut;
import io.storagesession.media.OfferCodecs;
import io.storagesession.media.RtpParameters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A participant's way back as a test sees it: keeps a copy of every packet the media plane sent, and answers with
 * what libwebrtc answers to our offer (all four H.264 profiles with their RTX pairs, Opus, every header extension at
 * the offer's ids), and reports the RTX SSRC our offer would have announced to it ({@code ssrc + 2}).
 */
public final class RecordingOut implements MediaOut {
    public final List<byte[]> rtp = new ArrayList<>();
    public final List<MediaKind> rtpKinds = new ArrayList<>();
    public final List<byte[]> rtcp = new ArrayList<>();
    private final int ssrc;
    private RtpParameters video;
    /** The RTX SSRC the server announced to this participant ({@code a=ssrc-group:FID}); empty for "none". */
    public OptionalInt rtxSsrc;
    private final RtpParameters audio;
    /** When false the participant refuses packets, as a closed peer does. */
    public boolean accepting = true;

    public RecordingOut(int ssrc, Direction videoDirection, Direction audioDirection) {
        this.ssrc = ssrc;
        this.rtxSsrc = OptionalInt.of(ssrc + 2);
        List<Integer> videoTypes = new ArrayList<>();
        Map<Integer, Integer> rtx = new LinkedHashMap<>();
        for (OfferCodecs.H264Format format : OfferCodecs.H264_FORMATS) {
            videoTypes.add(format.payloadType());
            rtx.put(format.rtxPayloadType(), format.payloadType());
        }
        this.video = new RtpParameters(videoDirection, videoTypes, rtx, List.of(), extensions(OfferCodecs.VIDEO_EXTENSIONS));
        this.audio = new RtpParameters(audioDirection, List.of(OfferCodecs.OPUS_PAYLOAD_TYPE), Map.of(), List.of(),
                extensions(OfferCodecs.AUDIO_EXTENSIONS));
    }

    /** A viewer that receives video and talks back (libwebrtc's answer with a microphone). */
    public static RecordingOut viewer(int ssrc) {
        return new RecordingOut(ssrc, Direction.RECVONLY, Direction.SENDRECV);
    }

    /** A master that sends video and hears the viewers. */
    public static RecordingOut master(int ssrc) {
        return new RecordingOut(ssrc, Direction.SENDONLY, Direction.SENDRECV);
    }

    private static Map<String, Integer> extensions(List<OfferCodecs.HeaderExtension> offered) {
        Map<String, Integer> byUri = new LinkedHashMap<>();
        for (OfferCodecs.HeaderExtension extension : offered) {
            byUri.put(extension.uri(), extension.id());
        }
        return byUri;
    }

    @Override
    public boolean sendRtp(MediaKind kind, byte[] buf, int off, int len) {
        if (!accepting) {
            return false;
        }
        rtp.add(Arrays.copyOfRange(buf, off, off + len));
        rtpKinds.add(kind);
        return true;
    }

    @Override
    public boolean sendRtcp(byte[] buf, int off, int len) {
        if (!accepting) {
            return false;
        }
        rtcp.add(Arrays.copyOfRange(buf, off, off + len));
        return true;
    }

    @Override
    public int audioSsrc() {
        return ssrc + 1;
    }

    @Override
    public int videoSsrc() {
        return ssrc;
    }

    /** Answers video differently from libwebrtc's default (other extension ids, no RTX, announced SSRCs…). */
    public RecordingOut answeringVideo(RtpParameters answer) {
        this.video = answer;
        return this;
    }

    /** The RTP packets sent so far with this SSRC. */
    public List<byte[]> rtpWithSsrc(int wanted) {
        List<byte[]> matching = new ArrayList<>();
        for (byte[] p : rtp) {
            int s = ((p[8] & 0xFF) << 24) | ((p[9] & 0xFF) << 16) | ((p[10] & 0xFF) << 8) | (p[11] & 0xFF);
            if (s == wanted) {
                matching.add(p);
            }
        }
        return matching;
    }

    @Override
    public OptionalInt videoRtxSsrc() {
        return rtxSsrc;
    }

    @Override
    public RtpParameters videoParameters() {
        return video;
    }

    @Override
    public RtpParameters audioParameters() {
        return audio;
    }
}
