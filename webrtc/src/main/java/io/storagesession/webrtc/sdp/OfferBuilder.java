package io.storagesession.webrtc.sdp;

import io.storagesession.api.bridge.Role;
import io.storagesession.media.Direction;
import io.storagesession.media.OfferCodecs;
import java.util.List;

/**
 * Writes the storage session's offer (JSEP RFC 8829 §5.2), shaped so that every KVS client parses it
 * (KVS-WIRE.md §3):
 * <ul>
 *   <li>one BUNDLE group over a video and an audio m-section (RFC 9143), rtcp-mux and reduced-size RTCP, so one
 *       ICE/DTLS transport carries everything;</li>
 *   <li>{@code a=ice-options:trickle} at session level — without it the KVS C SDK waits for full gathering — and
 *       again in each m-section;</li>
 *   <li>{@code a=ice-ufrag}, {@code a=ice-pwd}, {@code a=fingerprint} and {@code a=setup:actpass} in <em>every</em>
 *       m-section, because the C SDK reads them only there;</li>
 *   <li>video: H.264 packetization-mode=1 in four common profiles, each with RTX; the master sends it (we offer
 *       {@code recvonly}), a viewer receives it ({@code sendonly});</li>
 *   <li>audio: Opus, {@code sendrecv} for both roles — the master and each viewer hear the others' mix.</li>
 * </ul>
 * Connection data is the JSEP placeholder ({@code c=IN IP4 0.0.0.0}, port 9): addresses travel as trickled relay
 * candidates.
 */
public final class OfferBuilder {
    /** The mid of the video m-section. */
    public static final String VIDEO_MID = "0";
    /** The mid of the audio m-section. */
    public static final String AUDIO_MID = "1";
    /** The video m-section's position, the {@code sdpMLineIndex} of its candidates. */
    public static final int VIDEO_MLINE_INDEX = 0;
    /** The audio m-section's position. */
    public static final int AUDIO_MLINE_INDEX = 1;
    /** The offer's mids by m-line index. */
    public static final List<String> MIDS = List.of(VIDEO_MID, AUDIO_MID);

    /** The msid stream of the server's tracks (RFC 8830 §2). */
    public static final String MEDIA_STREAM_ID = "kvs-storage-session";
    public static final String VIDEO_TRACK_ID = "kvs-storage-session-video";
    public static final String AUDIO_TRACK_ID = "kvs-storage-session-audio";

    /** RFC 5576 §4.2 / RFC 4588 §8.1: the group semantics that pairs a stream (first) with its RTX stream. */
    private static final String FLOW_ID_SEMANTICS = "FID";
    private static final String CRLF = "\r\n";
    /** The discard port: JSEP's placeholder when candidates are trickled (RFC 8829 §5.2.1). */
    private static final int PLACEHOLDER_PORT = 9;
    private static final String PLACEHOLDER_ADDRESS = "IN IP4 0.0.0.0";
    private static final String PROTOCOL = "UDP/TLS/RTP/SAVPF";
    /** The o= line's sess-version; an offer is never re-issued within a session. */
    private static final int SESSION_VERSION = 2;
    /** The o= line's address, which nothing reads; browsers write the same placeholder. */
    private static final String ORIGIN_ADDRESS = "IN IP4 127.0.0.1";
    private static final String TRICKLE = "trickle";
    /** RFC 5763 §5: the offerer lets the answerer choose its DTLS role. */
    private static final String SETUP_ACTPASS = "actpass";

    private final StringBuilder sdp = new StringBuilder();
    private final LocalDescription local;

    private OfferBuilder(LocalDescription local) {
        this.local = local;
    }

    /** The offer for one participant, with CRLF line ends. */
    public static String offer(LocalDescription local) {
        return new OfferBuilder(local).build();
    }

    private String build() {
        line("v=0");
        line("o=- " + local.sessionId() + " " + SESSION_VERSION + " " + ORIGIN_ADDRESS);
        line("s=-");
        line("t=0 0");
        attribute(SdpAttribute.GROUP, "BUNDLE " + String.join(" ", MIDS));
        attribute(SdpAttribute.ICE_OPTIONS, TRICKLE);
        attribute("msid-semantic", " WMS " + MEDIA_STREAM_ID);
        video();
        audio();
        return sdp.toString();
    }

    private void video() {
        StringBuilder formats = new StringBuilder();
        for (OfferCodecs.H264Format format : OfferCodecs.H264_FORMATS) {
            formats.append(' ').append(format.payloadType()).append(' ').append(format.rtxPayloadType());
        }
        boolean sendsVideo = local.role() == Role.VIEWER;
        mediaSection(MediaType.VIDEO, formats.toString(), VIDEO_MID, OfferCodecs.VIDEO_EXTENSIONS,
                sendsVideo ? Direction.SENDONLY : Direction.RECVONLY, VIDEO_TRACK_ID);
        for (OfferCodecs.H264Format format : OfferCodecs.H264_FORMATS) {
            int pt = format.payloadType();
            attribute(SdpAttribute.RTPMAP, pt + " " + OfferCodecs.H264 + "/" + OfferCodecs.VIDEO_CLOCK_RATE);
            for (String feedback : OfferCodecs.H264_FEEDBACK) {
                attribute(SdpAttribute.RTCP_FB, pt + " " + feedback);
            }
            attribute(SdpAttribute.FMTP, pt + " " + format.fmtp());
            attribute(SdpAttribute.RTPMAP, format.rtxPayloadType() + " " + OfferCodecs.RTX + "/"
                    + OfferCodecs.VIDEO_CLOCK_RATE);
            attribute(SdpAttribute.FMTP, format.rtxPayloadType() + " apt=" + pt);
        }
        if (sendsVideo) {
            attribute(SdpAttribute.SSRC_GROUP, FLOW_ID_SEMANTICS + " " + Integer.toUnsignedString(local.videoSsrc())
                    + " " + Integer.toUnsignedString(local.videoRtxSsrc()));
            source(local.videoSsrc(), VIDEO_TRACK_ID);
            source(local.videoRtxSsrc(), VIDEO_TRACK_ID);
        }
    }

    private void audio() {
        int pt = OfferCodecs.OPUS_PAYLOAD_TYPE;
        mediaSection(MediaType.AUDIO, " " + pt, AUDIO_MID, OfferCodecs.AUDIO_EXTENSIONS, Direction.SENDRECV,
                AUDIO_TRACK_ID);
        attribute(SdpAttribute.RTPMAP, pt + " " + OfferCodecs.OPUS + "/" + OfferCodecs.OPUS_CLOCK_RATE + "/"
                + OfferCodecs.OPUS_CHANNELS);
        for (String feedback : OfferCodecs.OPUS_FEEDBACK) {
            attribute(SdpAttribute.RTCP_FB, pt + " " + feedback);
        }
        attribute(SdpAttribute.FMTP, pt + " " + OfferCodecs.OPUS_FMTP);
        source(local.audioSsrc(), AUDIO_TRACK_ID);
    }

    /** The lines every m-section carries, up to its codecs. */
    private void mediaSection(MediaType kind, String formats, String mid, List<OfferCodecs.HeaderExtension> extensions,
                              Direction direction, String trackId) {
        line("m=" + kind.sdpName() + " " + PLACEHOLDER_PORT + " " + PROTOCOL + formats);
        line("c=" + PLACEHOLDER_ADDRESS);
        attribute(SdpAttribute.RTCP, PLACEHOLDER_PORT + " " + PLACEHOLDER_ADDRESS);
        attribute(SdpAttribute.ICE_UFRAG, local.iceUfrag());
        attribute(SdpAttribute.ICE_PWD, local.icePwd());
        attribute(SdpAttribute.ICE_OPTIONS, TRICKLE);
        attribute(SdpAttribute.FINGERPRINT, local.fingerprint());
        attribute(SdpAttribute.SETUP, SETUP_ACTPASS);
        attribute(SdpAttribute.MID, mid);
        for (OfferCodecs.HeaderExtension extension : extensions) {
            attribute(SdpAttribute.EXTMAP, extension.id() + " " + extension.uri());
        }
        line("a=" + direction.sdpName());
        if (direction != Direction.RECVONLY) {
            attribute(SdpAttribute.MSID, MEDIA_STREAM_ID + " " + trackId);
        }
        line("a=" + SdpAttribute.RTCP_MUX);
        line("a=" + SdpAttribute.RTCP_RSIZE);
    }

    /** The {@code a=ssrc} lines of a stream the server sends (RFC 5576 §4.1; msid per RFC 8830 for older Chrome). */
    private void source(int ssrc, String trackId) {
        String id = Integer.toUnsignedString(ssrc);
        attribute(SdpAttribute.SSRC, id + " cname:" + local.cname());
        attribute(SdpAttribute.SSRC, id + " msid:" + MEDIA_STREAM_ID + " " + trackId);
    }

    private void attribute(String name, String value) {
        line("a=" + name + ":" + value);
    }

    private void line(String text) {
        sdp.append(text).append(CRLF);
    }
}
