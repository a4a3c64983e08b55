package io.storagesession.webrtc;

import io.storagesession.api.bridge.InboundMessage;
import io.storagesession.api.bridge.ParticipantAddress;
import io.storagesession.codecs.rtp.RtcpCompound;
import io.storagesession.media.MediaKind;
import io.storagesession.media.MediaOut;
import io.storagesession.media.ParticipantId;
import io.storagesession.media.RtpParameters;
import io.storagesession.turn.RelayTransport;
import io.storagesession.turn.TurnAllocation;
import io.storagesession.webrtc.dtls.DtlsEndpoint;
import io.storagesession.webrtc.dtls.PacketPath;
import io.storagesession.webrtc.dtls.SrtpKeys;
import io.storagesession.webrtc.ice.ConsentFreshness;
import io.storagesession.webrtc.ice.IceAgent;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The storage session's WebRTC connection to one participant (KVS-WIRE.md §3): offer, relayed ICE candidates, the
 * participant's answer and candidates, ICE as controlling agent, DTLS-SRTP, then media both ways. Confined to its
 * session's executor: the relayed address ({@link RelayTransport}) hands what arrives to the peer's
 * {@link PeerInbox}, which posts it here; ICE runs here ({@link IceAgent}); only the DTLS handshake (Bouncy Castle's
 * is blocking) runs on the transport pool and posts its outcome back. Any failure closes this peer only: other
 * participants of the session are untouched.
 */
final class Peer implements MediaOut, IceAgent.Events, PeerInbox.Handler {
    private static final Logger LOG = LoggerFactory.getLogger(Peer.class);
    private static final String OFFER = "SDP_OFFER";
    private static final String CANDIDATE = "ICE_CANDIDATE";
    private static final long NANOS_PER_MILLI = 1_000_000L;
    /** A send the relay refused, made once: DTLS treats it as a lost datagram and SRTP counts it. */
    private static final IOException NOT_SENT = new IOException("the relay did not send the datagram") {
        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    };

    final ParticipantAddress address;
    final ParticipantId id;
    final long joinedNanos;
    private final Session session;
    private final SessionContext ctx;
    private final Negotiation negotiation;
    private final List<Negotiation.RemoteCandidate> pendingCandidates = new ArrayList<>();
    private final PeerInbox inbox;
    private final PeerStats stats = new PeerStats();
    /** Offer and candidates not yet delivered, as {type, json}, in order. */
    private final ArrayDeque<String[]> outbox = new ArrayDeque<>();
    private boolean retryScheduled;
    private RelayTransport relay;
    private IceAgent agent;
    /** The selected ICE path as DTLS and SRTP see it; one instance, so sending allocates nothing. */
    private PacketPath path;
    private boolean gathered;
    private Negotiation.AcceptedAnswer answer;
    private AnsweredStreams streams;
    private DtlsEndpoint dtls;
    private SecureMedia media;
    /** RFC 7675 consent on the selected pair, from ICE completion to release. */
    private ConsentFreshness consent;
    private boolean iceStarted;
    private boolean handshaking;
    private int remoteCandidates;
    private boolean closed;
    long connectedNanos;
    long lastReceivedNanos;

    Peer(Session session, SessionContext ctx, ParticipantAddress address, long joinedNanos) {
        this.session = session;
        this.ctx = ctx;
        this.address = address;
        this.id = address.clientId() == null ? ParticipantId.MASTER : ParticipantId.viewer(address.clientId());
        this.joinedNanos = joinedNanos;
        this.negotiation = new Negotiation(address.role(), ctx.certificate(), ctx.settings().hostCandidates());
        SessionSettings.InboxSettings inbox = ctx.settings().inbox();
        this.inbox = new PeerInbox(id.isMaster() ? inbox.datagrams() : inbox.viewerDatagrams(),
                id.isMaster() ? inbox.bytes() : inbox.viewerBytes(), inbox.maxDatagramBytes(), session.executor, this);
    }

    /**
     * Opens the participant's relayed address, then sends the offer and our one relayed candidate (KVS-WIRE.md §3).
     * With the embedded TURN server that is immediate; an outside TURN server takes an allocation's round trips.
     */
    void start() {
        String user = "storage-session-" + (id.isMaster() ? "master" : "viewer-" + id.clientId());
        ctx.relays().open(session.channelName, user, inbox).whenComplete((opened, error) ->
                session.executor.execute(() -> onRelay(opened, error)));
    }

    private void onRelay(RelayTransport opened, Throwable error) {
        if (error != null) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause()
                    : error;
            fail("turn", "no TURN relay: " + cause.getMessage());
            return;
        }
        if (closed) {
            opened.close();
            return;
        }
        relay = opened;
        if (opened instanceof TurnAllocation allocation) {
            // an outside TURN server refused or never answered a Refresh: the relayed address is gone
            allocation.lost().thenAccept(reason -> session.executor.execute(() -> fail("turn",
                    "the TURN allocation was lost: " + reason)));
        }
        agent = new IceAgent(opened, ctx.settings().checks(), ctx.settings().consent(), ctx.timers(),
                session.executor, this);
        path = this::sendToSelected;
        deliver(OFFER, negotiation.offer(agent.localUfrag(), agent.localPassword()));
        deliver(CANDIDATE, negotiation.candidateJson(agent.localCandidate()));
        gathered = true;
        for (Negotiation.RemoteCandidate candidate : pendingCandidates) {
            addToAgent(candidate);
        }
        pendingCandidates.clear();
        maybeStartIce();
    }

    /** The selected ICE path as DTLS and SRTP use it; any thread. */
    private void sendToSelected(byte[] buf, int off, int len) throws IOException {
        InetSocketAddress to = agent.selected();
        if (to == null || !relay.send(buf, off, len, to)) {
            throw NOT_SENT;
        }
    }

    /**
     * Sends the offer and candidates in order. A participant may call JoinStorageSession the moment its WebSocket
     * opens, before the hub has registered the connection (the 101 goes out first): what cannot be delivered yet
     * waits and is retried every {@code signaling-retry-interval} until delivered or the peer closes.
     */
    private void deliver(String type, String json) {
        outbox.add(new String[] {type, json});
        flushOutbox();
    }

    private void flushOutbox() {
        while (!outbox.isEmpty() && !closed) {
            String[] message = outbox.peek();
            boolean sent = OFFER.equals(message[0]) ? ctx.signaling().offer(address, message[1])
                    : ctx.signaling().candidate(address, message[1]);
            if (!sent) {
                if (!retryScheduled) {
                    retryScheduled = true;
                    ctx.timers().schedule(() -> session.executor.execute(() -> {
                        retryScheduled = false;
                        flushOutbox();
                    }), ctx.settings().signalingRetryInterval().toNanos(), TimeUnit.NANOSECONDS);
                }
                return;
            }
            outbox.poll();
        }
    }

    /** SDP_ANSWER or ICE_CANDIDATE from the participant. */
    void onMessage(InboundMessage message) {
        if (closed) {
            return;
        }
        switch (message.action()) {
            case "SDP_ANSWER" -> onAnswer(message);
            case "ICE_CANDIDATE" -> onCandidate(message);
            default -> ctx.signaling().refuse(address, message.correlationId(), Level.INFO,
                    message.action() == null ? "message refused" : message.action() + " refused",
                    "The storage session is the offerer: send SDP_ANSWER and ICE_CANDIDATE messages only");
        }
    }

    private void onAnswer(InboundMessage message) {
        if (answer != null) {
            ctx.signaling().refuse(address, message.correlationId(), Level.INFO, "second answer refused",
                    "An answer was already accepted for this offer");
            return;
        }
        try {
            answer = negotiation.accept(Signaling.decode(message.messagePayload()));
        } catch (IllegalArgumentException e) {
            ctx.metrics().refusedAnswers.inc();
            ctx.signaling().refuse(address, message.correlationId(), Level.WARN, "answer refused", e.getMessage());
            session.close(this, "invalid-answer");
            return;
        }
        streams = new AnsweredStreams(answer.answer());
        dtls = answer.endpoint(ctx, path, () -> session.executor.execute(
                () -> session.close(this, "dtls-closed")));
        inbox.dtls(dtls);
        for (Negotiation.RemoteCandidate candidate : answer.candidates()) {
            remember(candidate);
        }
        if (!answer.ignoredCandidates().isEmpty()) {
            ctx.signaling().ignored(address, "ICE candidates in the answer ignored", () -> answer.ignoredCandidates()
                    .size() + " of them: " + String.join("; ", answer.ignoredCandidates().stream().distinct().toList()));
        }
        maybeStartIce();
    }

    private void onCandidate(InboundMessage message) {
        Negotiation.Trickled candidate;
        try {
            candidate = negotiation.candidate(Signaling.decode(message.messagePayload()));
        } catch (IllegalArgumentException e) {
            ctx.signaling().refuse(address, message.correlationId(), Level.INFO, "ICE candidate refused",
                    e.getMessage());
            return;
        }
        if (candidate.ignoredBecause() != null) {
            // the reasons are fixed phrases: each kind is logged once for the participant
            ctx.signaling().ignored(address, "ICE candidate ignored: " + candidate.ignoredBecause(),
                    () -> "it is not used, and no STATUS_RESPONSE is sent for it");
        }
        if (candidate.usable() != null) {
            remember(candidate.usable());
            maybeStartIce();
        }
    }

    private void remember(Negotiation.RemoteCandidate candidate) {
        int max = ctx.settings().maxRemoteCandidates();
        if (remoteCandidates + pendingCandidates.size() >= max) {
            ctx.signaling().ignored(address, "ICE candidate ignored: over the limit", () -> "the participant has "
                    + "already given " + max + " usable candidates (storage-session.limits.max-remote-candidates)");
            return;
        }
        if (gathered) {
            addToAgent(candidate);
        } else {
            pendingCandidates.add(candidate);
        }
    }

    private void addToAgent(Negotiation.RemoteCandidate c) {
        agent.addRemote(c.type(), c.priority(), c.address(), c.port());
        remoteCandidates++;
    }

    /** ICE starts once our relayed candidates exist, the answer gave credentials and a remote candidate is known. */
    private void maybeStartIce() {
        if (iceStarted || !gathered || answer == null || remoteCandidates == 0) {
            return;
        }
        iceStarted = true;
        agent.setRemoteCredentials(answer.iceUfrag(), answer.icePassword());
        agent.start();
    }

    /** ICE completed (on the session executor): consent begins, and the DTLS handshake starts on the pool. */
    @Override
    public void selected(InetSocketAddress remote) {
        if (closed || handshaking) {
            return;
        }
        handshaking = true;
        startConsent();
        DtlsEndpoint endpoint = dtls;
        ctx.transportPool().execute(() -> {
            try {
                SrtpKeys keys = endpoint.handshake();
                session.executor.execute(() -> onDtlsConnected(keys));
            } catch (IOException | RuntimeException e) {
                session.executor.execute(() -> fail("dtls", "DTLS failed: " + e.getMessage() + " (ICE: "
                        + agent.describe() + ")"));
            }
        });
    }

    @Override
    public void failed(String reason) {
        fail("ice", "ICE failed: " + reason);
    }

    /**
     * ICE completion is the first consent (RFC 7675 §5.1); from now on a participant that stops answering consent
     * checks is closed after {@code consent-timeout}, which is how one that vanished without a DTLS close_notify
     * leaves (its packets merely stop; nothing else tells a gone peer from a silent one before the idle timeout).
     */
    private void startConsent() {
        consent = new ConsentFreshness(ctx.settings().consent(), ctx.timers(), session.executor, ctx::nanoTime,
                () -> fail("consent-expired", "consent expired: no authenticated answer to its ICE consent checks for "
                        + ctx.settings().consent().timeout().toSeconds() + " s (RFC 7675 §5.1; " + consent.checksSent()
                        + " checks sent, " + consent.answers() + " answered)"));
        consent.start(agent.consentProbe(consent::answered));
    }

    private void onDtlsConnected(SrtpKeys keys) {
        if (closed) {
            return;
        }
        media = new SecureMedia(keys);
        connectedNanos = ctx.nanoTime();
        lastReceivedNanos = connectedNanos;
        ctx.metrics().joinToConnected.observe(seconds(connectedNanos - joinedNanos), roleLabel());
        LOG.info("{} of channel {}: connected (DTLS-SRTP up {} ms after its join)", id, session.channelName,
                (connectedNanos - joinedNanos) / NANOS_PER_MILLI);
        session.connected(this);
    }

    /** A STUN message that reached our relayed address: ICE checks, answers and consent. */
    @Override
    public void stun(PeerInbox.Slot slot) {
        if (!closed && agent != null) {
            agent.onStun(slot.data, slot.length, slot.from);
        }
    }

    /** One SRTP or SRTCP datagram from the inbox, on the session executor. */
    @Override
    public void media(PeerInbox.Slot slot) {
        if (closed || media == null) {
            return;
        }
        SecureMedia.Received r = media.unprotect(slot.data, slot.offset, slot.length);
        if (r.dropped() != null) {
            stats.drop(r.dropped());
            return;
        }
        long now = ctx.nanoTime();
        lastReceivedNanos = now;
        stats.count(slot.length);
        if (r.rtcp()) {
            RtcpCompound compound = session.rtcp;
            if (!compound.parse(slot.data, slot.offset, r.length())) {
                stats.drop(MediaDrop.MALFORMED_RTCP);
                return;
            }
            session.media.rtcp(id, compound);
            return;
        }
        MediaKind kind = streams.kindOf(slot.data, slot.offset);
        MediaDrop drop = kind == null ? MediaDrop.UNKNOWN_PAYLOAD_TYPE
                : kind == MediaKind.VIDEO && !id.isMaster() ? MediaDrop.VIDEO_FROM_VIEWER
                : !streams.announced(kind, slot.data, slot.offset) ? MediaDrop.UNKNOWN_SSRC : null;
        if (drop != null) {
            stats.drop(drop);
            return;
        }
        if (stats.firstMediaNanos == 0) {
            stats.firstMediaNanos = now;
            ctx.metrics().joinToFirstMedia.observe(seconds(now - joinedNanos), roleLabel());
        }
        stats.media(kind, slot.data, slot.offset, r.length());
        session.media.rtp(id, kind, slot.data, slot.offset, r.length());
    }

    @Override
    public boolean sendRtp(MediaKind kind, byte[] buf, int off, int len) {
        return !closed && media != null && media.send(false, buf, off, len, path);
    }

    @Override
    public boolean sendRtcp(byte[] buf, int off, int len) {
        return !closed && media != null && media.send(true, buf, off, len, path);
    }

    @Override
    public int audioSsrc() {
        return negotiation.audioSsrc();
    }

    @Override
    public int videoSsrc() {
        return negotiation.videoSsrc();
    }

    @Override
    public OptionalInt videoRtxSsrc() {
        return OptionalInt.of(negotiation.videoRtxSsrc());
    }

    @Override
    public RtpParameters videoParameters() {
        return answer.answer().video().parameters();
    }

    @Override
    public RtpParameters audioParameters() {
        return answer.answer().audio().parameters();
    }

    /** How far the connection got, for the log line of a participant that never connected. */
    String progress() {
        return "offer " + (agent != null ? "sent" : "pending") + ", relay candidate " + (gathered ? "sent"
                : "gathering") + ", answer " + (answer != null ? "accepted" : "missing") + ", remote candidates "
                + (remoteCandidates + pendingCandidates.size()) + ", ICE " + (iceStarted ? "started" : "not started")
                + ", DTLS " + (handshaking ? "started" : "not started");
    }

    boolean connected() {
        return media != null && !closed;
    }

    boolean closed() {
        return closed;
    }

    PeerStats stats() {
        return stats;
    }

    /** Authenticated answers to consent checks so far (0 before ICE completed). */
    long consentAnswers() {
        return consent == null ? 0 : consent.answers();
    }

    private void fail(String reason, String description) {
        if (!closed) {
            LOG.info("{} of channel {}: {}", id, session.channelName, description);
            session.close(this, reason);
        }
    }

    /** Releases everything the peer holds; called by its session (which then tells the media plane). */
    void release() {
        if (closed) {
            return;
        }
        closed = true;
        if (consent != null) {
            consent.stop();
        }
        inbox.close();
        if (dtls != null) {
            dtls.close();
        }
        if (media != null) {
            media.close();
        }
        if (agent != null) {
            agent.close();
        }
        if (relay != null) {
            relay.close();
        }
    }

    private String roleLabel() {
        return id.isMaster() ? "master" : "viewer";
    }

    private static double seconds(long nanos) {
        return nanos / (double) TimeUnit.SECONDS.toNanos(1);
    }
}
