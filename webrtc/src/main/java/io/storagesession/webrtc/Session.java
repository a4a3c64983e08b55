package io.storagesession.webrtc;

import io.storagesession.api.bridge.InboundMessage;
import io.storagesession.api.bridge.ParticipantAddress;
import io.storagesession.api.bridge.Role;
import io.storagesession.api.http.ApiException;
import io.storagesession.codecs.h264.H264Probe;
import io.storagesession.codecs.rtp.RtcpCompound;
import io.storagesession.media.MediaPlane;
import io.storagesession.media.MediaPlaneFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * A channel's storage session (KVS-WIRE.md §3 "Limits"): one master (newest join wins), at most three viewers, a
 * departed viewer's slot held for a minute for the same clientId, viewers closed when no master came for three
 * minutes, idle participants closed, and the whole session ended after an hour. Everything here runs on the session's
 * {@link SessionExecutor} (one session worker for its life), so none of it is locked.
 */
final class Session {
    private static final Logger LOG = LoggerFactory.getLogger(Session.class);
    /** The phrase the KVS JS SDK looks for in ClientLimitExceededException to tell a full session. */
    static final String VIEWER_LIMIT_PHRASE = "maximum number of viewers connected to the session";
    private static final double NANOS_PER_SECOND = 1e9;

    final String channelArn;
    final String channelName;
    final String streamArn;
    final SessionExecutor executor;
    final MediaPlane media;
    /** The compound RTCP packet handed to {@link #media}: parsed once, read by every plane (executor-confined). */
    final RtcpCompound rtcp = new RtcpCompound();
    private final SessionContext ctx;
    private final StorageSessions owner;
    private final long startedNanos;
    private final Map<String, Peer> viewers = new LinkedHashMap<>();
    private final Map<String, Long> heldSlots = new HashMap<>();
    /** This session's subscriptions to the shared clocks: each posts the session's tick to its executor. */
    private final Runnable housekeeping;
    private final Runnable mediaClock;
    private Peer master;
    private long masterAbsentSinceNanos;
    private boolean ended;
    private long lastFlushNanos;
    private final ChannelMetrics metrics;
    /** The master, then the viewers in the order they joined; a new array when they change, so a loop may close. */
    private Peer[] members = new Peer[0];

    Session(SessionContext ctx, StorageSessions owner, String channelArn, String channelName, String streamArn) {
        this.ctx = ctx;
        this.owner = owner;
        this.channelArn = channelArn;
        this.channelName = channelName;
        this.streamArn = streamArn;
        this.executor = ctx.workers().assign();
        this.metrics = new ChannelMetrics(ctx.metrics(), channelName);
        this.media = ctx.media().create(new MediaPlaneFactory.SessionInfo(channelArn, channelName, streamArn));
        this.startedNanos = ctx.nanoTime();
        this.masterAbsentSinceNanos = startedNanos;
        this.lastFlushNanos = startedNanos;
        Runnable tick = this::tick;
        this.housekeeping = () -> executor.execute(tick);
        ctx.housekeepingClock().subscribe(housekeeping);
        Runnable mediaTick = this::mediaTick; // made once: the media clock fires 50 times a second
        this.mediaClock = () -> executor.execute(mediaTick);
        ctx.mediaClock().subscribe(mediaClock);
    }

    private void mediaTick() {
        if (!ended) {
            media.tick(ctx.nanoTime());
        }
    }

    /** False once the session ended: a join that raced with the end goes to a new session. */
    boolean join(ParticipantAddress participant, Runnable accepted, Consumer<ApiException> refused) {
        if (ended) {
            return false;
        }
        long now = ctx.nanoTime();
        if (participant.role() == Role.MASTER) {
            if (master != null) {
                close(master, "replaced");
            }
            master = new Peer(this, ctx, participant, now);
            membersChanged();
            ctx.metrics().peers.add(1, "master");
            accepted.run();
            master.start();
            return true;
        }
        String clientId = participant.clientId();
        Peer previous = viewers.get(clientId);
        if (previous != null) {
            close(previous, "replaced");
            heldSlots.remove(clientId);
        } else if (heldSlots.remove(clientId) == null && viewers.size() + heldSlots.size()
                >= ctx.settings().maxViewers()) {
            refused.accept(ApiException.clientLimitExceeded("Cannot join the storage session: the "
                    + VIEWER_LIMIT_PHRASE + " (" + ctx.settings().maxViewers() + ") has been reached"));
            return true;
        }
        Peer viewer = new Peer(this, ctx, participant, now);
        viewers.put(clientId, viewer);
        membersChanged();
        ctx.metrics().peers.add(1, "viewer");
        accepted.run();
        viewer.start();
        return true;
    }

    void message(ParticipantAddress from, InboundMessage message, Signaling signaling) {
        Peer peer = from.role() == Role.MASTER ? master : viewers.get(from.clientId());
        if (peer == null) {
            signaling.refuse(from, message.correlationId(), Level.INFO, "message without a join refused",
                    "There is no storage session for this participant: call " + (from.role() == Role.MASTER
                            ? "JoinStorageSession" : "JoinStorageSessionAsViewer") + " first");
            return;
        }
        peer.onMessage(message);
    }

    /** A peer finished DTLS: the media plane may use it. */
    void connected(Peer peer) {
        media.connected(peer.id, peer);
    }

    /** Closes {@code peer} (once), releasing its transport; a departing viewer's slot is held for the same clientId. */
    void close(Peer peer, String reason) {
        if (peer.closed()) {
            return;
        }
        boolean wasConnected = peer.connected();
        if (wasConnected) {
            metrics.connected(peer.id.isMaster(), connectedSinceFlush(peer, ctx.nanoTime()));
        }
        peer.release();
        ctx.metrics().closed.inc(reason);
        if (wasConnected) {
            media.disconnected(peer.id);
        }
        if (peer == master) {
            master = null;
            membersChanged();
            masterAbsentSinceNanos = ctx.nanoTime();
            ctx.metrics().peers.add(-1, "master");
        } else if (viewers.get(peer.id.clientId()) == peer) {
            viewers.remove(peer.id.clientId());
            membersChanged();
            ctx.metrics().peers.add(-1, "viewer");
            if (!"replaced".equals(reason) && !"session-ended".equals(reason)) {
                heldSlots.put(peer.id.clientId(), ctx.nanoTime() + ctx.settings().viewerSlotHold().toNanos());
            }
        }
    }

    /** Timeouts, held slots, and the flush of the ingestion metrics. */
    void tick() {
        if (ended) {
            return;
        }
        long now = ctx.nanoTime();
        SessionSettings s = ctx.settings();
        if (now - startedNanos >= s.maxSessionDuration().toNanos()) {
            end("session-duration");
            return;
        }
        if (!heldSlots.isEmpty()) {
            heldSlots.values().removeIf(expiry -> expiry - now <= 0);
        }
        boolean masterConnected = master != null && master.connected();
        if (masterConnected) {
            masterAbsentSinceNanos = now;
        }
        for (Peer peer : members) {
            checkTimeouts(peer, now, s);
        }
        if (master == null && viewers.isEmpty() && heldSlots.isEmpty()) {
            end("empty");
            return;
        }
        flushMetrics(now);
    }

    private void checkTimeouts(Peer peer, long now, SessionSettings s) {
        if (!peer.connected()) {
            if (now - peer.joinedNanos >= s.connectTimeout().toNanos()) {
                LOG.info("{} of channel {} not connected {} after its join ({}): closing", peer.id, channelName,
                        s.connectTimeout(), peer.progress());
                close(peer, "connect-timeout");
            }
            return;
        }
        long idle = (peer.id.isMaster() ? s.masterIdleTimeout() : s.viewerIdleTimeout()).toNanos();
        if (now - peer.lastReceivedNanos >= idle) {
            close(peer, "idle");
        } else if (!peer.id.isMaster() && now - masterAbsentSinceNanos >= s.viewerWaitForMaster().toNanos()) {
            close(peer, "no-master");
        }
    }

    /**
     * Adds what each peer counted since the last flush to the channel's series; allocates nothing. Connected time
     * (WebRTCRecordingMinutes, WebRTCViewerMinutes) is each connected peer's time since its connection or the last
     * flush, whichever is later; a peer that leaves adds its part at its close.
     */
    private void flushMetrics(long now) {
        long elapsed = now - lastFlushNanos;
        long masterBits = 0;
        long viewerBits = 0;
        for (Peer peer : members) {
            boolean isMaster = peer.id.isMaster();
            long bytes = peer.stats().takeBytes();
            metrics.received(isMaster, peer.stats().takePackets(), bytes);
            for (MediaDrop reason : MediaDrop.ALL) {
                long drops = peer.stats().takeDropped(reason);
                if (drops > 0) {
                    metrics.dropped(reason, drops);
                }
            }
            if (isMaster) {
                masterBits += bytes * Byte.SIZE;
            } else {
                viewerBits += bytes * Byte.SIZE;
            }
            if (peer.connected()) {
                metrics.connected(isMaster, connectedSinceFlush(peer, now));
            }
        }
        lastFlushNanos = now;
        if (elapsed > 0) {
            double seconds = elapsed / NANOS_PER_SECOND;
            metrics.bitrate(true, Math.round(masterBits / seconds));
            metrics.bitrate(false, Math.round(viewerBits / seconds));
        }
    }

    /** How long the connected {@code peer} has been connected since the last flush, up to {@code now}. */
    private long connectedSinceFlush(Peer peer, long now) {
        return Math.max(0, now - Math.max(peer.connectedNanos, lastFlushNanos));
    }

    /** Ends the session: every participant closed, the media plane released, the session forgotten. */
    void end(String reason) {
        if (ended) {
            return;
        }
        for (Peer peer : members) {
            close(peer, "session-ended");
        }
        ended = true;
        metrics.bitrate(true, 0);
        metrics.bitrate(false, 0);
        ctx.housekeepingClock().unsubscribe(housekeeping);
        ctx.mediaClock().unsubscribe(mediaClock);
        media.close();
        ctx.workers().release(executor);
        owner.ended(this, reason);
    }

    private void membersChanged() {
        Peer[] all = new Peer[viewers.size() + (master != null ? 1 : 0)];
        int i = 0;
        if (master != null) {
            all[i++] = master;
        }
        for (Peer viewer : viewers.values()) {
            all[i++] = viewer;
        }
        members = all;
    }

    /** The participants as they are now (on the executor), the master first. */
    List<PeerSnapshot> snapshot() {
        List<PeerSnapshot> list = new ArrayList<>();
        for (Peer peer : members) {
            PeerStats st = peer.stats();
            list.add(new PeerSnapshot(peer.id, peer.address.role(), peer.connected(), st.packets, st.bytes,
                    st.audioPackets, st.videoPackets, st.lostPackets(), st.sawNal(H264Probe.NAL_SPS),
                    st.sawNal(H264Probe.NAL_IDR),
                    peer.connectedNanos == 0 ? -1 : (peer.connectedNanos - peer.joinedNanos) / 1e6,
                    st.firstMediaNanos == 0 ? -1 : (st.firstMediaNanos - peer.joinedNanos) / 1e6,
                    peer.consentAnswers()));
        }
        return list;
    }

    /** The session as it is now (on the executor); null once it ended. */
    LiveSession live() {
        return ended ? null : new LiveSession(channelArn, channelName, streamArn, snapshot());
    }

    int heldSlotCount() {
        return heldSlots.size();
    }
}
