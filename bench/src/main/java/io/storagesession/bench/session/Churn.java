package io.storagesession.bench.session;

import io.storagesession.bench.session.peer.PeerLoop;
import io.storagesession.bench.session.peer.SimulatedPeer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import software.amazon.awssdk.services.kinesisvideowebrtcstorage.model.ClientLimitExceededException;

/**
 * The soak's churn over its sessions, one event per {@link #next} in turn: a viewer leaves (and a new one takes its
 * place), the talker switches, a viewer joins again with its clientId while its old connection is still up; and, on
 * its own period, a whole session restarts ({@link #restart}). Each follows the rules the server enforces as KVS does
 * (KVS-WIRE.md §3): a departed viewer's slot is held for its clientId for a minute ({@code --slot-hold}), so the new
 * viewer, with a new clientId, joins once it is free; a session ends only once its master and viewers left and those
 * slots expired, so a restarted session's participants come back after the same wait, to a new session on the same
 * channel. A viewer joining again with its clientId replaces the old one on signaling and in the session; the old one
 * leaves {@code --rejoin-overlap} later, as a client whose old connection lingers would.
 *
 * <p>Runs on the soak's one control thread; participants' counters and talk switches go through the {@link PeerLoop}.
 * A departing participant that failed, or never connected within the connect timeout, is a failure, except the old
 * connection of a re-joined viewer, which the server closes on purpose.
 */
final class Churn {
    private enum Event { VIEWER_LEAVES, TALKER_SWITCHES, VIEWER_REJOINS }

    private enum Later { NEW_VIEWER, SESSION_BACK, OLD_CONNECTION_LEAVES }

    /** One of the soak's sessions: its participants (in the {@link LoadSession}), its talker, whether it is away. */
    private static final class Churned {
        final LoadSession session;
        SimulatedPeer talker;
        int nextViewer;
        int generation;
        boolean away;

        Churned(LoadSession session, int viewers) {
            this.session = session;
            this.nextViewer = viewers + 1;
        }
    }

    private record Pending(long dueNanos, Later what, Churned target, int generation, SimulatedPeer peer) {
    }

    private final SoakSettings settings;
    private final PeerLoop loop;
    private final ViewerLoss loss;
    private final Random random;
    private final List<Churned> sessions = new ArrayList<>();
    private final PriorityQueue<Pending> pending = new PriorityQueue<>(Comparator.comparingLong(Pending::dueNanos));
    private final Map<SimulatedPeer, Long> addedNanos = new HashMap<>();
    private final Set<SimulatedPeer> replaced = new HashSet<>();
    private final List<String> failures = new ArrayList<>();
    private int turn;
    private long leaves;
    private long joins;
    private long rejoins;
    private long switches;
    private long restarts;
    private long refused;

    Churn(SoakSettings settings, PeerLoop loop, ViewerLoss loss) {
        this.settings = settings;
        this.loop = loop;
        this.loss = loss;
        this.random = new Random(settings.seed());
    }

    /** A session that just opened: its viewers are watched, its first talker is the master (if it talks). */
    void opened(LoadSession session) throws Exception {
        Churned c = new Churned(session, settings.load().viewers());
        sessions.add(c);
        arrived(c, session.peers);
    }

    private void arrived(Churned c, List<SimulatedPeer> peers) throws Exception {
        long now = System.nanoTime();
        peers.forEach(p -> addedNanos.put(p, now));
        loop.call(() -> {
            for (SimulatedPeer p : peers) {
                if (!p.isMaster()) {
                    loss.watch(p);
                }
                if (p.talks()) {
                    c.talker = p;
                }
            }
            return null;
        });
    }

    /** Joins again where an offer is missing, and does what has come due (new viewers, sessions back, old leaves). */
    void tick() throws Exception {
        for (Churned c : sessions) {
            try {
                c.session.rejoinIfSilent();
            } catch (ClientLimitExceededException e) {
                refused++;
            }
        }
        long now = System.nanoTime();
        while (!pending.isEmpty() && pending.peek().dueNanos() - now <= 0) {
            Pending p = pending.poll();
            if (p.what() == Later.OLD_CONNECTION_LEAVES) {
                depart(p.target(), p.peer());
            } else if (p.generation() == p.target().generation) {
                if (p.what() == Later.NEW_VIEWER) {
                    newViewer(p.target());
                } else {
                    back(p.target());
                }
            }
        }
    }

    /**
     * A viewer with a new clientId joins {@code c}; if the server still holds a departed viewer's slot (one that
     * failed, say, whose slot is held from when the server closed it), it tries again after the next churn interval.
     */
    private void newViewer(Churned c) throws Exception {
        SimulatedPeer viewer = tryAdd(c, "viewer-" + c.nextViewer++, false, false);
        if (viewer == null) {
            later(Later.NEW_VIEWER, c, null, settings.churnEvery().toNanos());
            return;
        }
        arrived(c, List.of(viewer));
        joins++;
    }

    private SimulatedPeer tryAdd(Churned c, String clientId, boolean master, boolean talks) throws Exception {
        try {
            return c.session.add(clientId, master, talks);
        } catch (ClientLimitExceededException e) {
            refused++;
            return null;
        }
    }

    /** The next churn event in turn. */
    void next() throws Exception {
        Event event = Event.values()[turn++ % Event.values().length];
        Churned c = randomSession();
        if (c == null) {
            return;
        }
        switch (event) {
            case VIEWER_LEAVES -> viewerLeaves(c);
            case TALKER_SWITCHES -> talkerSwitches(c);
            case VIEWER_REJOINS -> viewerRejoins(c);
            default -> throw new IllegalStateException(event.name());
        }
    }

    private void viewerLeaves(Churned c) throws Exception {
        SimulatedPeer viewer = randomConnected(c, false, null);
        if (viewer == null) {
            return;
        }
        depart(c, viewer);
        leaves++;
        later(Later.NEW_VIEWER, c, null, settings.slotHold().toNanos());
    }

    private void talkerSwitches(Churned c) throws Exception {
        SimulatedPeer next = randomConnected(c, true, c.talker);
        if (next == null) {
            return;
        }
        SimulatedPeer previous = c.talker;
        loop.call(() -> {
            if (previous != null) {
                previous.talk(false);
            }
            next.talk(true);
            return null;
        });
        c.talker = next;
        switches++;
    }

    private void viewerRejoins(Churned c) throws Exception {
        SimulatedPeer old = randomConnected(c, false, null);
        if (old == null) {
            return;
        }
        boolean talks = old == c.talker;
        SimulatedPeer fresh = tryAdd(c, c.session.clientId(old), false, talks);
        if (fresh == null) {
            return;
        }
        replaced.add(old);
        loop.call(() -> {
            loss.leave(old);
            return null;
        });
        arrived(c, List.of(fresh));
        rejoins++;
        later(Later.OLD_CONNECTION_LEAVES, c, old, settings.rejoinOverlap().toNanos());
    }

    /** A random session's master and viewers all leave; they come back, to a new session, after the slot hold. */
    void restart() throws Exception {
        Churned c = randomSession();
        if (c == null) {
            return;
        }
        for (SimulatedPeer p : new ArrayList<>(c.session.peers)) {
            depart(c, p);
        }
        c.away = true;
        c.generation++;
        restarts++;
        later(Later.SESSION_BACK, c, null, settings.slotHold().toNanos());
    }

    /** The restarted session's master and viewers join again; a viewer refused tries again later, as a new one. */
    private void back(Churned c) throws Exception {
        List<SimulatedPeer> back = new ArrayList<>();
        back.add(c.session.add(LoadSession.MASTER, true, settings.load().talkers() > 0));
        for (int i = 0; i < settings.load().viewers(); i++) {
            SimulatedPeer viewer = tryAdd(c, "viewer-" + c.nextViewer++, false, i + 1 < settings.load().talkers());
            if (viewer == null) {
                later(Later.NEW_VIEWER, c, null, settings.churnEvery().toNanos());
            } else {
                back.add(viewer);
            }
        }
        arrived(c, back);
        joins += back.size();
        c.away = false;
    }

    /** Everyone leaves: what was due later is dropped, but old connections of re-joined viewers leave too. */
    void end() throws Exception {
        for (Pending p : pending) {
            if (p.what() == Later.OLD_CONNECTION_LEAVES) {
                depart(p.target(), p.peer());
            }
        }
        pending.clear();
        for (Churned c : sessions) {
            for (SimulatedPeer p : new ArrayList<>(c.session.peers)) {
                depart(c, p);
            }
            c.session.close();
        }
    }

    /** Leaves, first closing the viewer's loss window and noting a failure; the master talks if the talker left. */
    private void depart(Churned c, SimulatedPeer peer) throws Exception {
        if (!c.session.peers.contains(peer)) {
            return; // left already: a re-joined viewer's old connection, with its whole session
        }
        Long added = addedNanos.remove(peer);
        boolean wasReplaced = replaced.remove(peer);
        boolean late = added != null && System.nanoTime() - added > settings.load().connectTimeout().toNanos();
        loop.call(() -> {
            if (!peer.isMaster()) {
                loss.leave(peer);
            }
            return null;
        });
        if (!wasReplaced && peer.state() == SimulatedPeer.State.FAILED) {
            failures.add(peer.toString());
        } else if (!wasReplaced && late && peer.connectMillis() < 0) {
            failures.add(peer + " never connected");
        }
        c.session.leave(peer);
        if (peer == c.talker) {
            c.talker = null;
            SimulatedPeer master = c.session.peers.stream().filter(SimulatedPeer::isMaster).findFirst().orElse(null);
            if (master != null && !c.away) {
                loop.call(() -> {
                    master.talk(true);
                    return null;
                });
                c.talker = master;
            }
        }
    }

    private void later(Later what, Churned c, SimulatedPeer peer, long afterNanos) {
        pending.add(new Pending(System.nanoTime() + afterNanos, what, c, c.generation, peer));
    }

    private Churned randomSession() {
        List<Churned> present = sessions.stream().filter(c -> !c.away).toList();
        return present.isEmpty() ? null : present.get(random.nextInt(present.size()));
    }

    /**
     * A random connected participant of {@code c}, other than {@code but}, that was not replaced: a viewer, or anyone
     * with the master.
     */
    private SimulatedPeer randomConnected(Churned c, boolean withMaster, SimulatedPeer but) {
        List<SimulatedPeer> candidates = c.session.peers.stream().filter(p -> withMaster || !p.isMaster())
                .filter(p -> p != but && !replaced.contains(p) && p.state() == SimulatedPeer.State.CONNECTED)
                .toList();
        return candidates.isEmpty() ? null : candidates.get(random.nextInt(candidates.size()));
    }

    ChurnCounts counts() {
        return new ChurnCounts(leaves, joins, rejoins, switches, restarts, refused);
    }

    List<String> failures() {
        return failures;
    }

    /** Sessions present now: with participants, and not away restarting. */
    int sessionsHeld() {
        return (int) sessions.stream().filter(c -> !c.away && !c.session.peers.isEmpty()).count();
    }

    /** Every participant now, the old connections of re-joined viewers left out. */
    List<SimulatedPeer> participants() {
        return sessions.stream().flatMap(c -> c.session.peers.stream()).filter(p -> !replaced.contains(p)).toList();
    }

    /** The sessions' participants and channels, present or away. */
    List<LoadSession> sessions() {
        return sessions.stream().map(c -> c.session).toList();
    }

    /** Problems signaling reported to any participant (STATUS_RESPONSEs, unanswerable offers). */
    List<String> problems() {
        return sessions.stream().flatMap(c -> c.session.problems().stream()).toList();
    }
}
