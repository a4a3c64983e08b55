package io.storagesession.it.webrtc;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCIceConnectionState;
import dev.onvoid.webrtc.RTCIceGatheringState;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCPeerConnectionIceErrorEvent;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.media.MediaStreamTrack;
import dev.onvoid.webrtc.media.video.VideoTrack;
import dev.onvoid.webrtc.media.video.VideoTrackSink;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One libwebrtc PeerConnection and what the test wants to know about it, recorded as libwebrtc reports it: its own
 * candidates (forwarded to the other peer as they trickle), TURN errors, ICE progress, the data channel the other
 * side opens, and how many decoded video frames arrived.
 */
final class JvmPeer implements AutoCloseable {
    final String name;
    final RTCPeerConnection pc;
    final CandidateInbox inbox;
    final List<String> localCandidates = new CopyOnWriteArrayList<>();
    final List<String> candidateErrors = new CopyOnWriteArrayList<>();
    final List<RTCIceConnectionState> iceStates = new CopyOnWriteArrayList<>();
    final CompletableFuture<Void> iceConnected = new CompletableFuture<>();
    final CompletableFuture<Void> gatheringComplete = new CompletableFuture<>();
    final CompletableFuture<RTCDataChannel> remoteDataChannel = new CompletableFuture<>();
    final AtomicInteger framesReceived = new AtomicInteger();
    private final List<VideoTrack> remoteVideo = new CopyOnWriteArrayList<>();
    private final VideoTrackSink frameCounter = frame -> {
        framesReceived.incrementAndGet();
        frame.release();
    };
    private volatile Consumer<RTCIceCandidate> candidateSink = candidate -> { };

    JvmPeer(String name, PeerConnectionFactory factory, RTCConfiguration config) {
        this.name = name;
        this.pc = factory.createPeerConnection(config, new Observer());
        this.inbox = new CandidateInbox(pc);
    }

    /** Trickles this peer's candidates into {@code other}'s inbox; call before negotiating, as gathering starts then. */
    void sendCandidatesTo(JvmPeer other) {
        candidateSink = other.inbox::deliver;
    }

    @Override
    public void close() {
        remoteVideo.forEach(track -> track.removeSink(frameCounter));
        pc.close();
    }

    @Override
    public String toString() {
        return name + "{ice=" + iceStates + ", candidates=" + localCandidates + ", candidateErrors=" + candidateErrors
                + "}";
    }

    private final class Observer implements PeerConnectionObserver {
        @Override
        public void onIceCandidate(RTCIceCandidate candidate) {
            localCandidates.add(candidate.sdp);
            candidateSink.accept(candidate);
        }

        @Override
        public void onIceCandidateError(RTCPeerConnectionIceErrorEvent event) {
            candidateErrors.add(event.getErrorCode() + " " + event.getErrorText() + " from " + event.getUrl());
        }

        @Override
        public void onIceConnectionChange(RTCIceConnectionState state) {
            iceStates.add(state);
            if (state == RTCIceConnectionState.CONNECTED || state == RTCIceConnectionState.COMPLETED) {
                iceConnected.complete(null);
            }
        }

        @Override
        public void onIceGatheringChange(RTCIceGatheringState state) {
            if (state == RTCIceGatheringState.COMPLETE) {
                gatheringComplete.complete(null);
            }
        }

        @Override
        public void onDataChannel(RTCDataChannel channel) {
            remoteDataChannel.complete(channel);
        }

        @Override
        public void onTrack(RTCRtpTransceiver transceiver) {
            MediaStreamTrack track = transceiver.getReceiver().getTrack();
            if (track instanceof VideoTrack video) {
                remoteVideo.add(video);
                video.addSink(frameCounter);
            }
        }
    }
}
