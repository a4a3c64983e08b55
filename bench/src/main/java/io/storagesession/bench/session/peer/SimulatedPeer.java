package io.storagesession.bench.session.peer;

import io.storagesession.bench.session.ice.IceResponder;
import io.storagesession.bench.session.relay.TurnRelay;
import io.storagesession.bench.session.sdp.AnswerSdp;
import io.storagesession.bench.session.sdp.Offer;
import io.storagesession.bench.session.sdp.OfferSdp;
import io.storagesession.codecs.rtp.Demux;
import io.storagesession.codecs.rtp.RtcpCompound;
import io.storagesession.codecs.rtp.RtcpFeedback;
import io.storagesession.webrtc.dtls.DtlsEndpoint;
import io.storagesession.webrtc.dtls.RemoteFingerprint;
import io.storagesession.webrtc.dtls.SrtpKeys;
import io.storagesession.webrtc.srtp.PacketBuffer;
import io.storagesession.webrtc.srtp.SrtpSession;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One participant of a storage session, the way a KVS client behaves on the wire once it has joined: answers the
 * server's offer ({@link AnswerSdp}), relays everything through its own TURN allocation ({@link TurnRelay}), answers
 * the controlling server's connectivity and consent checks as the controlled ICE agent ({@link IceResponder}), runs
 * the DTLS handshake as client once the server nominates a pair (USE-CANDIDATE), then sends and receives SRTP. A master
 * sends {@link VideoSender video} and {@link AudioSender audio}; a viewer sends audio and judges the video it receives
 * ({@link VideoReception}), asking for what is missing with NACKs.
 *
 * <p>Threads: {@link #answer} runs on the signaling thread; everything else on the {@link PeerLoop}, to which the
 * DTLS handshake (on the handshake pool) hands its keys back.
 */
public final class SimulatedPeer implements PacketSink, ServerFeedback.Listener {
    /** How often a viewer looks for packets to NACK. */
    private static final long NACK_TICK_NANOS = 10_000_000;
    /** Audio frame interval (20 ms Opus, RFC 7587). */
    private static final long AUDIO_NANOS = 20_000_000;
    /** Sequence numbers one NACK packet asks for at most. */
    private static final int MAX_NACKS = 64;
    /** RFC 8445 §5.3: ufrag at least 4 characters, password at least 22. */
    private static final int UFRAG_LENGTH = 8;
    private static final int PWD_LENGTH = 24;

    /** Where a participant is in its life. */
    public enum State { JOINING, OFFERED, CONNECTING, CONNECTED, PAUSED, CLOSED, FAILED }

    private final String name;
    private final PeerKind kind;
    private final boolean master;
    /** Whether its audio carries speech; switched on the loop ({@link #talk}). */
    private boolean talks;
    private final PeerSettings settings;
    private final TurnRelay relay;
    private final String ufrag = IceResponder.randomCredential(UFRAG_LENGTH);
    private final String pwd = IceResponder.randomCredential(PWD_LENGTH);
    private final int audioSsrc = ThreadLocalRandom.current().nextInt();
    private final int videoSsrc = ThreadLocalRandom.current().nextInt();
    private final int videoRtxSsrc = ThreadLocalRandom.current().nextInt();
    private final PacketBuffer outgoing = new PacketBuffer(1);
    private final PacketBuffer incoming = new PacketBuffer(1);
    private final int[] nacks = new int[MAX_NACKS];
    /** The server's compound RTCP, parsed into this one view each time: many peers share a loop thread. */
    private final RtcpCompound rtcp = new RtcpCompound();

    private volatile State state = State.JOINING;
    private volatile String failure;
    private volatile long joinNanos;
    private volatile long connectedNanos;
    private Offer offer;
    private final IceLink link;
    private final IceLink.Upper upper = new Upper();
    private DtlsEndpoint dtls;
    private SrtpSession srtp;
    private VideoSender video;
    private AudioSender audio;
    private MediaReceiver receiver;
    private long nextVideo;
    private long nextAudio;
    private long nextNack;
    private long srtpSent;
    private long srtpBytesSent;
    private long keyframeRequests;
    private long dropped;

    public SimulatedPeer(String name, PeerKind kind, boolean talks, TurnRelay relay, PeerSettings settings) {
        this.name = name;
        this.kind = kind;
        this.master = kind.sendsVideo();
        this.talks = talks;
        this.relay = relay;
        this.settings = settings;
        this.link = new IceLink(relay, ufrag, pwd);
    }

    /** Starts reading the participant's relay (from any thread). */
    public void start() {
        settings.loop().execute(() -> {
            try {
                settings.loop().register(this);
            } catch (IOException e) {
                fail("cannot read its TURN socket: " + e);
            }
        });
    }

    /** Marks the join call; first-media and connect times count from here. */
    public void joined(long nanos) {
        joinNanos = nanos;
    }

    /**
     * The answer to an offer (called on the signaling thread, which sends it); the loop then starts over with the new
     * offer, as a KVS client does when a repeated join brings a new one.
     */
    public String answer(Offer newOffer) {
        String sdp = AnswerSdp.write(newOffer, master, ufrag, pwd, settings.certificate().fingerprintSha256(), name,
                videoSsrc, videoRtxSsrc, audioSsrc, kind.sendsAudio(), kind == PeerKind.SFU_SUBSCRIBER
                        ? candidate() : null);
        settings.loop().execute(() -> offered(newOffer));
        return sdp;
    }

    /** The offer a publisher makes to an SFU, with our relay candidate in it; its answer goes to {@link #answered}. */
    public String offer() {
        return OfferSdp.write(ufrag, pwd, settings.certificate().fingerprintSha256(), name, videoSsrc, videoRtxSsrc,
                audioSsrc, candidate());
    }

    /** The SFU's answer to {@link #offer()} (read like an offer: the same fields matter). */
    public void answered(Offer answer) {
        settings.loop().execute(() -> offered(answer));
    }

    /** Our relay candidate, as trickled in an ICE_CANDIDATE message. */
    public String candidate() {
        InetSocketAddress r = relay.relayedAddress();
        return "candidate:1 1 udp 16777215 " + r.getAddress().getHostAddress() + " " + r.getPort()
                + " typ relay raddr 0.0.0.0 rport 0";
    }

    /** A relay candidate of the server's arrived (from any thread). */
    public void remoteCandidate(InetSocketAddress address) {
        settings.loop().execute(() -> {
            try {
                relay.addRemote(address);
            } catch (IOException e) {
                fail("cannot bind a TURN channel to " + address + ": " + e);
            }
        });
    }

    private void offered(Offer newOffer) {
        if (dtls != null) {
            dtls.close();
            dtls = null;
        }
        if (srtp != null) {
            srtp.close();
            srtp = null;
        }
        offer = newOffer;
        try {
            link.reset(newOffer, kind.offers());
        } catch (IOException e) {
            fail("cannot bind a TURN channel to the remote's candidates: " + e);
        }
        audio = kind.sendsAudio() ? AudioSender.forOffer(settings.media().voice(), talks, newOffer, audioSsrc) : null;
        video = master ? VideoSender.forOffer(settings.media().video(), newOffer, videoSsrc, videoRtxSsrc,
                settings.ticksPerFrame()) : null;
        receiver = new MediaReceiver(newOffer, master ? null : receiver == null ? settings.newReception()
                : receiver.reception());
        state = State.OFFERED;
    }

    /** One datagram from the TURN server, on the loop. */
    void datagram(byte[] b, int n, long now) {
        link.datagram(b, n, now, upper);
    }

    private void startDtls(int channel) {
        // RFC 5763 §5: the side that said a=setup:active is the DTLS client; we answer active to offers, and an SFU
        // answers our actpass with active.
        boolean server = "active".equals(offer.setup());
        DtlsEndpoint endpoint = new DtlsEndpoint(settings.certificate(), RemoteFingerprint.parse(offer.fingerprint()),
                server, (buf, off, len) -> relay.sendFromAnyThread(channel, buf, off, len), settings.dtls(),
                () -> settings.loop().execute(() -> remoteClosed()));
        dtls = endpoint;
        state = State.CONNECTING;
        settings.handshakes().execute(() -> {
            try {
                SrtpKeys keys = endpoint.handshake();
                settings.loop().execute(() -> connected(endpoint, keys));
            } catch (IOException | RuntimeException e) {
                settings.loop().execute(() -> {
                    if (endpoint == dtls) {
                        fail(e.getMessage());
                    }
                });
            }
        });
    }

    private void connected(DtlsEndpoint endpoint, SrtpKeys keys) {
        if (endpoint != dtls || state != State.CONNECTING) {
            return;
        }
        srtp = new SrtpSession(keys);
        long now = System.nanoTime();
        connectedNanos = now;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        nextAudio = now + random.nextLong(AUDIO_NANOS);
        nextVideo = now + random.nextLong(settings.frameNanos());
        nextNack = now;
        state = State.CONNECTED;
    }

    private void remoteClosed() {
        if (state == State.CONNECTED || state == State.CONNECTING) {
            fail("the server closed DTLS");
        }
    }

    private void media(byte[] b, int off, int len, long now) {
        incoming.wrap(b, off, len);
        if (Demux.classify(b, off, len) == Demux.Kind.RTCP) {
            int n = srtp.unprotectRtcp(incoming);
            if (n < 0) {
                dropped++;
                return;
            }
            rtcp.parse(b, off, n);
            ServerFeedback.read(rtcp, this);
            return;
        }
        int n = srtp.unprotectRtp(incoming);
        if (n < 0 || !receiver.rtp(b, off, n, now)) {
            dropped++;
        }
    }

    /** The senders' and the NACK clock, on the loop. */
    void tick(long now) {
        link.tick(now, settings.loop().sendBuffer);
        if (state != State.CONNECTED) {
            return;
        }
        if (video != null && now - nextVideo >= 0) {
            long behind = now - nextVideo;
            if (behind > settings.frameNanos()) {
                video.skip(behind);
                nextVideo = now;
            }
            video.sendFrame(this);
            nextVideo += settings.frameNanos();
        }
        if (audio != null && now - nextAudio >= 0) {
            long behind = now - nextAudio;
            if (behind > AUDIO_NANOS) {
                audio.skip(behind);
                nextAudio = now;
            }
            audio.sendFrame(this);
            nextAudio += AUDIO_NANOS;
        }
        VideoReception reception = receiver.reception();
        if (reception != null && now - nextNack >= 0) {
            nextNack = now + NACK_TICK_NANOS;
            int n = reception.tick(now, nacks);
            if (n > 0 && receiver.remoteVideoSsrc() != 0) {
                int length = RtcpFeedback.nackLost(settings.loop().send, OFFSET, audioSsrc, receiver.remoteVideoSsrc(),
                        nacks, n);
                sendProtected(length, true);
            }
        }
    }

    @Override
    public byte[] buffer() {
        return settings.loop().send;
    }

    @Override
    public void sendRtp(int length) {
        sendProtected(length, false);
    }

    private void sendProtected(int length, boolean rtcp) {
        outgoing.wrap(settings.loop().send, OFFSET, length);
        int n = rtcp ? srtp.protectRtcp(outgoing) : srtp.protectRtp(outgoing);
        if (n < 0 || outgoing.getBuffer() != settings.loop().send) {
            dropped++;
            return;
        }
        try {
            if (relay.send(settings.loop().sendBuffer, link.selectedChannel(), n)) {
                srtpSent++;
                srtpBytesSent += n;
            }
        } catch (IOException e) {
            dropped++;
        }
    }

    @Override
    public void keyframeRequested(int mediaSsrc) {
        if (video != null) {
            keyframeRequests++;
            video.keyframeRequested();
        }
    }

    @Override
    public void nacked(int mediaSsrc, int sequence) {
        if (video != null && mediaSsrc == videoSsrc) {
            video.retransmit(sequence, this);
        }
    }

    /**
     * Starts or stops carrying speech at the RFC 6464 level of its PCM (call on the loop): the talker of a session
     * switches to another participant, so the server's mixer starts decoding one and skips the other.
     */
    public void talk(boolean speech) {
        talks = speech;
        if (audio != null) {
            audio.talk(speech);
        }
    }

    /** Whether its audio carries speech now (on the loop). */
    public boolean talks() {
        return talks;
    }

    /** Stops sending (media and NACKs) but keeps answering consent checks, so the server's counts can settle. */
    public void pause() {
        if (state == State.CONNECTED) {
            state = State.PAUSED;
        }
    }

    /** Leaves: stops sending, DTLS close_notify, TURN allocation released (on the loop). */
    public void close() {
        if (state != State.FAILED) {
            state = State.CLOSED;
        }
        if (dtls != null) {
            dtls.close();
        }
        if (srtp != null) {
            srtp.close();
        }
        settings.loop().unregister(this);
        relay.release();
    }

    private void fail(String reason) {
        if (failure == null) {
            failure = reason;
        }
        state = State.FAILED;
    }

    /** The counts so far (on the loop). */
    public PeerCounters counters() {
        long retransmitted = video == null ? 0 : video.retransmitted;
        long drops = dropped + link.dropped;
        return receiver == null ? new PeerCounters(srtpSent, srtpBytesSent, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, drops)
                : receiver.counters(srtpSent, srtpBytesSent, retransmitted, keyframeRequests, drops);
    }

    TurnRelay relay() {
        return relay;
    }

    public String name() {
        return name;
    }

    public boolean isMaster() {
        return master;
    }

    public State state() {
        return state;
    }

    public String failure() {
        return failure;
    }

    /** Join → DTLS connected, in ms, or -1. */
    public double connectMillis() {
        return connectedNanos == 0 || joinNanos == 0 ? -1 : (connectedNanos - joinNanos) / 1e6;
    }

    /** Join → first video packet (viewers), in ms, or -1. */
    public double firstMediaMillis() {
        long first = receiver == null ? 0 : receiver.firstVideoNanos();
        return first == 0 || joinNanos == 0 ? -1 : (first - joinNanos) / 1e6;
    }

    public boolean hasOffer() {
        return state != State.JOINING;
    }

    /** What the ICE link reports, on the loop. */
    private final class Upper implements IceLink.Upper {
        @Override
        public boolean awaitingNomination() {
            return dtls == null && state == State.OFFERED;
        }

        @Override
        public void nominated(int channel) {
            startDtls(channel);
        }

        @Override
        public void dtls(byte[] b, int off, int len) {
            if (dtls != null) {
                dtls.deliver(b, off, len);
            }
        }

        @Override
        public void media(byte[] b, int off, int len, long now) {
            if (srtp == null) {
                dropped++;
            } else {
                SimulatedPeer.this.media(b, off, len, now);
            }
        }

        @Override
        public void failed(String reason) {
            fail(reason);
        }
    }

    @Override
    public String toString() {
        return name + " " + state + (failure == null ? "" : " (" + failure + ")");
    }
}
