package io.storagesession.it.session;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCIceConnectionState;
import dev.onvoid.webrtc.RTCIceServer;
import dev.onvoid.webrtc.RTCIceTransportPolicy;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCRtpSender;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.RTCRtpTransceiverDirection;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.RTCStats;
import dev.onvoid.webrtc.RTCStatsType;
import dev.onvoid.webrtc.media.MediaStreamTrack;
import dev.onvoid.webrtc.media.audio.AudioTrack;
import dev.onvoid.webrtc.media.video.VideoTrack;
import dev.onvoid.webrtc.media.video.VideoTrackSink;
import io.storagesession.it.SignalingSocket;
import io.storagesession.it.webrtc.NativeCalls;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A KVS participant on libwebrtc (webrtc-java), walking the storage-session path as the KVS SDKs do: it waits for
 * the storage session's SDP_OFFER on its signaling WebSocket, answers with its own tracks (relay-only ICE with the
 * servers GetIceServerConfig returned), trickles its candidates to the storage session (empty recipient, as the C SDK
 * sends), and applies the session's trickled candidates. It records what came back: STATUS_RESPONSE frames, the
 * candidates it got, and ICE progress.
 */
public final class WebrtcParticipant implements AutoCloseable {
    private static final int POLL_MILLIS = 100;

    public final String name;
    public final RTCPeerConnection pc;
    public final List<String> offers = new CopyOnWriteArrayList<>();
    /** The SDP of each answer this participant sent. */
    public final List<String> answers = new CopyOnWriteArrayList<>();
    public final List<String> remoteCandidates = new CopyOnWriteArrayList<>();
    public final List<JsonObject> statusResponses = new CopyOnWriteArrayList<>();
    public final List<RTCIceConnectionState> iceStates = new CopyOnWriteArrayList<>();
    public final CompletableFuture<Void> iceConnected = new CompletableFuture<>();
    /** Video frames libwebrtc decoded from what the server sent. */
    public final AtomicInteger framesDecoded = new AtomicInteger();
    private final List<VideoTrack> remoteVideo = new CopyOnWriteArrayList<>();
    private final VideoTrackSink frameCounter = frame -> {
        framesDecoded.incrementAndGet();
        frame.release();
    };
    private final SignalingSocket signaling;
    private final List<RTCRtpSender> senders = new ArrayList<>();
    private final List<RTCIceCandidate> early = new ArrayList<>();
    private final AtomicLong correlation = new AtomicLong(System.currentTimeMillis());
    private final Thread reader;
    private volatile boolean closed;
    private boolean remoteSet;
    /** When set, the direction the participant's audio transceiver answers with (see {@link #answerAudio}). */
    private volatile RTCRtpTransceiverDirection audioDirection;

    public WebrtcParticipant(String name, PeerConnectionFactory factory, List<RTCIceServer> iceServers,
                             SignalingSocket signaling, List<MediaStreamTrack> tracks) {
        this.name = name;
        this.signaling = signaling;
        RTCConfiguration config = new RTCConfiguration();
        config.iceServers = iceServers;
        config.iceTransportPolicy = RTCIceTransportPolicy.RELAY;
        this.pc = factory.createPeerConnection(config, new Observer());
        for (MediaStreamTrack track : tracks) {
            senders.add(pc.addTrack(track, List.of(name + "-stream")));
        }
        reader = new Thread(this::readSignaling, name + "-signaling");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Answers the storage session's audio m-section with {@code direction}, set on the audio transceiver the offer
     * created, as an app does that sends no microphone ({@code RECV_ONLY}: a viewer that only listens, or a video-only
     * master). Call before the offer arrives.
     */
    public WebrtcParticipant answerAudio(RTCRtpTransceiverDirection direction) {
        this.audioDirection = direction;
        return this;
    }

    /** RTP packets of {@code kind} ("audio" or "video") libwebrtc received from the server, by its own statistics. */
    public long packetsReceived(String kind) throws Exception {
        long packets = 0;
        for (RTCStats stats : NativeCalls.stats(pc).getStats().values()) {
            if (stats.getType() == RTCStatsType.INBOUND_RTP && kind.equals(stats.getAttributes().get("kind"))
                    && stats.getAttributes().get("packetsReceived") instanceof Number n) {
                packets += n.longValue();
            }
        }
        return packets;
    }

    private void readSignaling() {
        try {
            while (!closed) {
                JsonObject frame = signaling.received.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (frame != null) {
                    handle(frame);
                }
            }
        } catch (Exception e) {
            if (!closed) {
                statusResponses.add(new JsonObject().put("participantError", e.toString()));
            }
        }
    }

    private void handle(JsonObject frame) throws Exception {
        String type = frame.getString("messageType");
        if ("STATUS_RESPONSE".equals(type)) {
            statusResponses.add(frame.getJsonObject("statusResponse"));
            return;
        }
        JsonObject payload = new JsonObject(new String(Base64.getDecoder().decode(frame.getString("messagePayload")),
                StandardCharsets.UTF_8));
        if ("SDP_OFFER".equals(type)) {
            offers.add(payload.getString("sdp"));
            NativeCalls.setRemoteDescription(pc, new RTCSessionDescription(RTCSdpType.OFFER, payload.getString("sdp")));
            RTCRtpTransceiverDirection audio = audioDirection;
            if (audio != null) {
                for (RTCRtpTransceiver transceiver : pc.getTransceivers()) {
                    if (transceiver.getReceiver().getTrack() instanceof AudioTrack) {
                        transceiver.setDirection(audio);
                    }
                }
            }
            RTCSessionDescription answer = NativeCalls.createAnswer(pc);
            NativeCalls.setLocalDescription(pc, answer);
            answers.add(answer.sdp);
            send("SDP_ANSWER", new JsonObject().put("type", "answer").put("sdp", answer.sdp));
            synchronized (this) {
                remoteSet = true;
                early.forEach(pc::addIceCandidate);
                early.clear();
            }
        } else if ("ICE_CANDIDATE".equals(type)) {
            remoteCandidates.add(payload.getString("candidate"));
            RTCIceCandidate candidate = new RTCIceCandidate(payload.getString("sdpMid"),
                    payload.getInteger("sdpMLineIndex", 0), payload.getString("candidate"));
            synchronized (this) {
                if (remoteSet) {
                    pc.addIceCandidate(candidate);
                } else {
                    early.add(candidate);
                }
            }
        }
    }

    /** Sends a frame to the storage session as the C SDK does: empty recipient, PascalCase, a correlation id. */
    public void send(String action, JsonObject payload) throws Exception {
        signaling.send(new JsonObject().put("action", action).put("RecipientClientId", "")
                .put("MessagePayload", Base64.getEncoder().encodeToString(payload.encode()
                        .getBytes(StandardCharsets.UTF_8)))
                .put("CorrelationId", Long.toString(correlation.incrementAndGet())));
    }

    @Override
    public void close() throws InterruptedException {
        if (closed) {
            return;
        }
        closed = true;
        reader.join(TimeUnit.SECONDS.toMillis(2));
        remoteVideo.forEach(track -> track.removeSink(frameCounter));
        for (RTCRtpSender sender : senders) {
            sender.replaceTrack(null);
        }
        pc.close();
    }

    @Override
    public String toString() {
        return name + "{ice=" + iceStates + ", statuses=" + statusResponses + ", remoteCandidates="
                + remoteCandidates + "}";
    }

    private final class Observer implements PeerConnectionObserver {
        @Override
        public void onIceCandidate(RTCIceCandidate candidate) {
            try {
                send("ICE_CANDIDATE", new JsonObject().put("candidate", candidate.sdp)
                        .put("sdpMid", candidate.sdpMid).put("sdpMLineIndex", candidate.sdpMLineIndex));
            } catch (Exception e) {
                statusResponses.add(new JsonObject().put("participantError", e.toString()));
            }
        }

        @Override
        public void onTrack(RTCRtpTransceiver transceiver) {
            if (transceiver.getReceiver().getTrack() instanceof VideoTrack video) {
                remoteVideo.add(video);
                video.addSink(frameCounter);
            }
        }

        @Override
        public void onIceConnectionChange(RTCIceConnectionState state) {
            iceStates.add(state);
            if (state == RTCIceConnectionState.CONNECTED || state == RTCIceConnectionState.COMPLETED) {
                iceConnected.complete(null);
            }
        }
    }
}
