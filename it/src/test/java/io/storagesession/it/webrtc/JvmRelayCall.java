package io.storagesession.it.webrtc;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCDataChannelInit;
import dev.onvoid.webrtc.RTCIceServer;
import dev.onvoid.webrtc.RTCIceTransportPolicy;
import dev.onvoid.webrtc.RTCRtpSender;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import dev.onvoid.webrtc.media.video.CustomVideoSource;
import dev.onvoid.webrtc.media.video.VideoTrack;
import io.storagesession.it.turn.TurnTarget;
import io.storagesession.turn.RestCredentials;
import java.util.List;

/**
 * Two libwebrtc peers in this JVM that may only use TURN relay candidates (iceTransportPolicy relay), each with its
 * own REST credentials for the same TURN server, signaling each other in-process with trickled candidates. The
 * offerer sends a synthetic video track and opens a data channel the answerer echoes on. No audio: a headless audio
 * module keeps libwebrtc off the sound hardware, and CustomAudioSource.pushAudio with it aborts the JVM (PEERS.md).
 */
final class JvmRelayCall implements AutoCloseable {
    final JvmPeer offerer;
    final JvmPeer answerer;
    final DataChannelProbe data;
    private final HeadlessAudioDeviceModule audio = new HeadlessAudioDeviceModule();
    private final PeerConnectionFactory factory = new PeerConnectionFactory(audio);
    private final CustomVideoSource videoSource = new CustomVideoSource();
    private final VideoTrack videoTrack = factory.createVideoTrack("relay-video", videoSource);
    private final FramePump frames = new FramePump(videoSource);
    private final RTCRtpSender videoSender;
    private final RTCDataChannel channel;

    JvmRelayCall(TurnTarget turn, RestCredentials offererCredentials, RestCredentials answererCredentials) {
        this(server(List.of(turn.url()), offererCredentials), server(List.of(turn.url()), answererCredentials));
    }

    /** Peers that each use only the given ICE server (its URLs, credentials, certificate policy). */
    JvmRelayCall(RTCIceServer offererServer, RTCIceServer answererServer) {
        offerer = new JvmPeer("offerer", factory, relayOnly(offererServer));
        answerer = new JvmPeer("answerer", factory, relayOnly(answererServer));
        offerer.sendCandidatesTo(answerer);
        answerer.sendCandidatesTo(offerer);
        answerer.remoteDataChannel.thenAccept(DataChannelEcho::attach);
        videoSender = offerer.pc.addTrack(videoTrack, List.of("relay-stream"));
        channel = offerer.pc.createDataChannel("relay-check", new RTCDataChannelInit());
        data = DataChannelProbe.attach(channel);
    }

    /** An ICE server entry as libwebrtc takes it. */
    static RTCIceServer server(List<String> urls, RestCredentials credentials) {
        RTCIceServer server = new RTCIceServer();
        server.urls = urls;
        server.username = credentials.username();
        server.password = credentials.password();
        return server;
    }

    private static RTCConfiguration relayOnly(RTCIceServer server) {
        RTCConfiguration config = new RTCConfiguration();
        config.iceServers = List.of(server);
        config.iceTransportPolicy = RTCIceTransportPolicy.RELAY;
        return config;
    }

    /** Offer, answer, and from then on candidates flow as they are gathered. */
    void negotiate() throws Exception {
        RTCSessionDescription offer = NativeCalls.createOffer(offerer.pc);
        NativeCalls.setLocalDescription(offerer.pc, offer);
        NativeCalls.setRemoteDescription(answerer.pc, offer);
        answerer.inbox.open();
        RTCSessionDescription answer = NativeCalls.createAnswer(answerer.pc);
        NativeCalls.setLocalDescription(answerer.pc, answer);
        NativeCalls.setRemoteDescription(offerer.pc, answer);
        offerer.inbox.open();
    }

    void startVideo() {
        frames.start();
    }

    /**
     * Stops frames first, then the connections, then what they used, then the factory: reverse order of use. The video
     * sender lets go of its track first: webrtc-java 0.14 cannot release a sender, and a track a sender still holds
     * throws on dispose.
     */
    @Override
    public void close() throws Exception {
        frames.close();
        videoSender.replaceTrack(null);
        channel.unregisterObserver();
        offerer.close();
        answerer.close();
        channel.dispose();
        answerer.remoteDataChannel.thenAccept(remote -> {
            remote.unregisterObserver();
            remote.dispose();
        });
        videoTrack.dispose();
        videoSource.dispose();
        factory.dispose();
        audio.dispose();
    }

    @Override
    public String toString() {
        return offerer + "\n" + answerer;
    }
}
