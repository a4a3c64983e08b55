package io.storagesession.webrtc.ice;

import io.storagesession.turn.RelayTransport;
import io.storagesession.turn.Stun;
import io.storagesession.turn.StunIntegrity;
import io.storagesession.turn.StunWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storage session's ICE agent for one participant, as KVS-WIRE.md §3 needs it and no more (RFC 8445): always
 * controlling, one local candidate (our relayed address), one component (BUNDLE and rtcp-mux), trickled remote
 * candidates, regular nomination of the first pair that works, and the same STUN checks for consent freshness
 * afterwards (RFC 7675). It answers the participant's checks (with triggered checks back, §7.3.1.4) and learns
 * peer-reflexive candidates from them.
 *
 * <p>Confined to the session's executor: received STUN is posted there by the peer's inbox, timers post their work
 * there, and nothing blocks. It has no thread of its own and no timer while nothing is in flight, so an established
 * participant costs one consent check every few seconds.
 */
public final class IceAgent {
    private static final Logger LOG = LoggerFactory.getLogger(IceAgent.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** RFC 8445 §5.1.2.1: type preferences, and one component (RTP, 1). */
    private static final int RELAY_TYPE_PREFERENCE = 0;
    private static final int PEER_REFLEXIVE_TYPE_PREFERENCE = 110;
    private static final int LOCAL_PREFERENCE = 65_535;
    private static final int COMPONENT = 1;
    private static final int TYPE_SHIFT = 24;
    private static final int LOCAL_PREFERENCE_SHIFT = 8;
    private static final int COMPONENT_BASE = 256;
    /** RFC 8445 §5.3: at least 4 characters of ufrag and 22 of password, from 24 and 128 random bits here. */
    private static final int UFRAG_BYTES = 3;
    private static final int PASSWORD_BYTES = 16;
    private static final String FOUNDATION = "1";

    /** What the owning peer hears, on the session executor. */
    public interface Events {
        /** ICE completed: the nominated pair succeeded; media and DTLS go to {@code remote} from now on. */
        void selected(InetSocketAddress remote);

        void failed(String reason);
    }

    private final RelayTransport relay;
    private final CheckSettings settings;
    /** A consent check's retransmission interval and sends, worked out once (Duration arithmetic allocates). */
    private final long consentRtoNanos;
    private final int consentAttempts;
    private final ScheduledExecutorService timers;
    private final Executor executor;
    private final Events events;
    private final String localUfrag;
    private final String localPassword;
    /** Our password as an HMAC key: answers are signed and checks verified with it (RFC 8445 §7.2.2). */
    private final StunIntegrity localKey;
    /** USERNAME of the participant's checks starts with this: our ufrag and a colon (RFC 8445 §7.2.2). */
    private final byte[] usernamePrefix;
    /** Every message this agent sends is built here, one at a time on the session executor. */
    private final StunWriter writer = StunWriter.reusable();
    private final long tieBreaker = RANDOM.nextLong();
    private final long localPriority = priority(RELAY_TYPE_PREFERENCE);
    private final List<CandidatePair> pairs = new ArrayList<>();
    private final List<Transaction> transactions = new ArrayList<>();
    private final Runnable pace = this::pace;
    /** The USERNAME of our checks, "remote-ufrag:local-ufrag" (RFC 8445 §7.2.2), and the remote password's key. */
    private byte[] checkUsername;
    private StunIntegrity remoteKey;
    /** The last address answered and its bytes: a participant's checks come from one address for a whole session. */
    private InetSocketAddress answered;
    private byte[] answeredIp;
    private boolean started;
    private boolean completed;
    private boolean closed;
    private CandidatePair nominating;
    private volatile InetSocketAddress selected;
    private ScheduledFuture<?> pacer;
    private Runnable consentAnswered;
    private long refused;
    private boolean roleConflictLogged;

    public IceAgent(RelayTransport relay, CheckSettings settings, ConsentSettings consent,
                    ScheduledExecutorService timers, Executor executor, Events events) {
        this.relay = relay;
        this.settings = settings;
        this.consentRtoNanos = consent.retransmitInterval().toNanos();
        this.consentAttempts = consent.retransmissions() + 1;
        this.timers = timers;
        this.executor = executor;
        this.events = events;
        this.localUfrag = random(UFRAG_BYTES);
        this.localPassword = random(PASSWORD_BYTES);
        this.localKey = Stun.integrityKey(localPassword.getBytes(StandardCharsets.UTF_8));
        this.usernamePrefix = (localUfrag + ":").getBytes(StandardCharsets.UTF_8);
    }

    public String localUfrag() {
        return localUfrag;
    }

    public String localPassword() {
        return localPassword;
    }

    /** Our one candidate as an RFC 8839 §5.1 {@code candidate:} attribute, as browsers render relayed ones. */
    public String localCandidate() {
        InetSocketAddress a = relay.address();
        String host = a.getAddress().getHostAddress();
        return "candidate:" + FOUNDATION + " " + COMPONENT + " udp " + localPriority + " " + host + " " + a.getPort()
                + " typ relay raddr " + host + " rport " + a.getPort() + " generation 0";
    }

    /** The remote ice-ufrag and ice-pwd from the answer; checks start only once they are known. */
    public void setRemoteCredentials(String ufrag, String password) {
        checkUsername = (ufrag + ":" + localUfrag).getBytes(StandardCharsets.UTF_8);
        remoteKey = Stun.integrityKey(password.getBytes(StandardCharsets.UTF_8));
        schedulePacer();
    }

    /** A remote candidate (answer or trickle): its IP gets a relay permission and a pair joins the check list. */
    public void addRemote(String type, long priority, InetAddress address, int port) {
        InetSocketAddress remote = new InetSocketAddress(address, port);
        if (closed || find(remote) != null) {
            return;
        }
        relay.permit(address);
        insert(new CandidatePair(remote, type, localPriority, priority));
        schedulePacer();
    }

    /** Starts connectivity checks (once the answer and a candidate are in). */
    public void start() {
        started = true;
        schedulePacer();
    }

    /** The selected remote address, or null before ICE completed; any thread (DTLS and media send to it). */
    public InetSocketAddress selected() {
        return selected;
    }

    public String describe() {
        return "pairs " + pairs + (selected != null ? ", selected " + selected : "") + (refused > 0 ? ", refused STUN "
                + refused : "");
    }

    /** One STUN message that reached our relayed address from {@code from}; on the session executor. */
    public void onStun(byte[] m, int len, InetSocketAddress from) {
        if (closed) {
            return;
        }
        int integrity = Stun.integrityOffset(m, len);
        if (integrity == Stun.MALFORMED || Stun.method(Stun.u16(m, 0)) != Stun.BINDING) {
            refused++;
            return;
        }
        int messageClass = Stun.messageClass(Stun.u16(m, 0));
        if (messageClass == Stun.CLASS_REQUEST) {
            onRequest(m, len, integrity, from);
        } else if (messageClass == Stun.CLASS_SUCCESS || messageClass == Stun.CLASS_ERROR) {
            onResponse(m, len, integrity, from, messageClass == Stun.CLASS_SUCCESS);
        }
    }

    /**
     * Consent checks on the selected pair for {@link ConsentFreshness}: {@code answered} runs on the executor for each
     * authenticated success response (RFC 7675 §5.1).
     */
    public ConsentFreshness.Probe consentProbe(Runnable answered) {
        this.consentAnswered = answered;
        return this::sendConsentCheck;
    }

    /** Stops every check and timer; the relay is the owner's to close. */
    public void close() {
        closed = true;
        cancelPacer();
        for (Transaction t : transactions) {
            t.cancel();
        }
        transactions.clear();
    }

    private void onRequest(byte[] m, int len, int integrity, InetSocketAddress from) {
        int user = IceMessages.find(m, len, Stun.ATTR_USERNAME);
        if (integrity == Stun.Scan.NONE || user < 0 || !ourUsername(m, user)
                || !Stun.integrityValidWith(m, integrity, localKey)) {
            refused++; // RFC 8445 §7.3: not a check for this agent; no answer, so no reflection to anyone
            return;
        }
        Long theirs = IceMessages.tieBreaker(m, len, IceMessages.ATTR_ICE_CONTROLLING);
        if (theirs != null) {
            if (Long.compareUnsigned(tieBreaker, theirs) >= 0) {
                int conflict = IceMessages.error(writer, m, IceMessages.ROLE_CONFLICT, "Role Conflict", localKey);
                relay.send(writer.array(), 0, conflict, from);
                return;
            }
            if (!roleConflictLogged) {
                roleConflictLogged = true;
                LOG.info("a participant claims the controlling ICE role with a larger tie-breaker; the storage "
                        + "session stays controlling (KVS-WIRE.md §3)");
            }
        }
        if (!from.equals(answered)) {
            answered = from;
            answeredIp = from.getAddress().getAddress();
        }
        int response = IceMessages.success(writer, m, answeredIp, from.getPort(), localKey);
        relay.send(writer.array(), 0, response, from);
        CandidatePair pair = find(from);
        if (pair == null && !completed) {
            int at = IceMessages.find(m, len, Stun.ATTR_PRIORITY);
            long priority = at < 0 ? priority(PEER_REFLEXIVE_TYPE_PREFERENCE) : Stun.i32(m, at) & 0xffffffffL;
            pair = new CandidatePair(from, "prflx", localPriority, priority);
            insert(pair);
        }
        if (pair != null && remoteKey != null && !completed
                && (pair.state == CandidatePair.State.WAITING || pair.state == CandidatePair.State.FAILED)) {
            check(pair, false); // RFC 8445 §7.3.1.4 triggered check
        }
    }

    /** Whether the USERNAME value at {@code at} starts with our ufrag and a colon, compared without a String. */
    private boolean ourUsername(byte[] m, int at) {
        int length = IceMessages.valueLength(m, at);
        return length >= usernamePrefix.length
                && Arrays.equals(m, at, at + usernamePrefix.length, usernamePrefix, 0, usernamePrefix.length);
    }

    private void onResponse(byte[] m, int len, int integrity, InetSocketAddress from, boolean success) {
        Transaction t = null;
        for (Transaction candidate : transactions) {
            if (IceMessages.sameTransaction(m, candidate.id)) {
                t = candidate;
                break;
            }
        }
        // RFC 8445 §7.2.5.2.1: the response must come from where the request went; and it must be signed with the
        // remote password (§7.2.5.1 short-term credentials), or anyone on the path could grant consent
        if (t == null || !from.equals(t.pair.remote) || integrity == Stun.Scan.NONE
                || !Stun.integrityValidWith(m, integrity, remoteKey)) {
            refused++;
            return;
        }
        transactions.remove(t);
        t.cancel();
        if (t.consent) {
            if (success && consentAnswered != null) {
                consentAnswered.run();
            }
            return;
        }
        if (!success) {
            LOG.debug("ICE check to {} refused with {}", t.pair.remote, IceMessages.errorCode(m, len));
            failed(t.pair);
            return;
        }
        t.pair.state = CandidatePair.State.SUCCEEDED;
        if (completed) {
            return;
        }
        if (t.nominate) {
            complete(t.pair);
        } else if (nominating == null) {
            nominating = t.pair;
            check(t.pair, true); // RFC 8445 §8.1.1 regular nomination: the same check again, with USE-CANDIDATE
        }
    }

    private void complete(CandidatePair pair) {
        completed = true;
        selected = pair.remote;
        cancelPacer();
        for (Transaction t : transactions) {
            t.cancel();
        }
        transactions.clear();
        events.selected(pair.remote);
    }

    private void failed(CandidatePair pair) {
        pair.state = CandidatePair.State.FAILED;
        if (pair == nominating) {
            nominating = null;
            for (CandidatePair p : pairs) {
                if (p.state == CandidatePair.State.SUCCEEDED) {
                    nominating = p;
                    check(p, true);
                    return;
                }
            }
        }
        for (CandidatePair p : pairs) {
            if (p.state != CandidatePair.State.FAILED) {
                return;
            }
        }
        if (!completed && !closed) {
            closed = true;
            cancelPacer();
            events.failed("every candidate pair failed (" + pairs + ")");
        }
    }

    /** Ta: starts the best waiting pair's check, and comes back while others wait (RFC 8445 §6.1.4.2). */
    private void pace() {
        pacer = null;
        if (closed || completed || !started || remoteKey == null) {
            return;
        }
        for (CandidatePair p : pairs) {
            if (p.state == CandidatePair.State.WAITING) {
                check(p, false);
                schedulePacer(settings.pacing().toNanos());
                return;
            }
        }
    }

    /** Starts pacing now (a new pair, the credentials, the start); {@link #pace} keeps it going every Ta. */
    private void schedulePacer() {
        schedulePacer(0);
    }

    private void schedulePacer(long delayNanos) {
        if (pacer == null && started && remoteKey != null && !completed && !closed) {
            pacer = schedule(() -> executor.execute(pace), delayNanos);
        }
    }

    private void cancelPacer() {
        if (pacer != null) {
            pacer.cancel(false);
            pacer = null;
        }
    }

    private void check(CandidatePair pair, boolean nominate) {
        pair.state = CandidatePair.State.IN_PROGRESS;
        Transaction t = new Transaction(pair, nominate, false, settings.rto().toNanos(), settings.maxRto().toNanos(),
                settings.attempts());
        transactions.add(t);
        t.send();
    }

    private boolean sendConsentCheck() {
        InetSocketAddress remote = selected;
        CandidatePair pair = remote == null ? null : find(remote);
        if (closed || pair == null) {
            return false;
        }
        Transaction t = new Transaction(pair, false, true, consentRtoNanos, consentRtoNanos, consentAttempts);
        transactions.add(t);
        t.send();
        return true;
    }

    /** Whether a check on {@code pair} (a triggered or nominating one) is still waiting for its answer. */
    private boolean inFlight(CandidatePair pair) {
        for (Transaction t : transactions) {
            if (t.pair == pair && !t.consent) {
                return true;
            }
        }
        return false;
    }

    private CandidatePair find(InetSocketAddress remote) {
        for (int i = 0; i < pairs.size(); i++) { // by index: every check answered looks here, an iterator each
            CandidatePair p = pairs.get(i);
            if (p.remote.equals(remote)) {
                return p;
            }
        }
        return null;
    }

    private void insert(CandidatePair pair) {
        int at = 0;
        while (at < pairs.size() && pairs.get(at).priority >= pair.priority) {
            at++;
        }
        pairs.add(at, pair);
    }

    private ScheduledFuture<?> schedule(Runnable task, long delayNanos) {
        try {
            return timers.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            return null;
        }
    }

    /** RFC 8445 §5.1.2.1, for our relayed candidate and for the PRIORITY of our checks (peer-reflexive, §7.1.1). */
    private static long priority(int typePreference) {
        return ((long) typePreference << TYPE_SHIFT) + ((long) LOCAL_PREFERENCE << LOCAL_PREFERENCE_SHIFT)
                + (COMPONENT_BASE - COMPONENT);
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** One outstanding check: its request, retransmitted on the RTO schedule until answered or out of attempts. */
    private final class Transaction {
        final byte[] id = new byte[IceMessages.TRANSACTION_ID_LENGTH];
        final CandidatePair pair;
        final boolean nominate;
        final boolean consent;
        final long maxRtoNanos;
        final int attempts;
        private final Runnable retransmitNow = this::retransmit;
        final Runnable retransmit = () -> executor.execute(retransmitNow);
        long rtoNanos;
        int sent;
        ScheduledFuture<?> timer;

        Transaction(CandidatePair pair, boolean nominate, boolean consent, long rtoNanos, long maxRtoNanos,
                    int attempts) {
            RANDOM.nextBytes(id);
            this.pair = pair;
            this.nominate = nominate;
            this.consent = consent;
            this.rtoNanos = rtoNanos;
            this.maxRtoNanos = maxRtoNanos;
            this.attempts = attempts;
        }

        void send() {
            sent++;
            // Built again for each send (the same bytes: same transaction id, deterministic HMAC), so a check keeps
            // no message of its own.
            int request = IceMessages.request(writer, id, checkUsername, priority(PEER_REFLEXIVE_TYPE_PREFERENCE),
                    tieBreaker, nominate, remoteKey);
            relay.send(writer.array(), 0, request, pair.remote);
            timer = schedule(retransmit, rtoNanos);
            rtoNanos = Math.min(rtoNanos * 2, maxRtoNanos);
        }

        private void retransmit() {
            if (closed || !transactions.contains(this)) {
                return;
            }
            if (sent < attempts) {
                send();
                return;
            }
            transactions.remove(this);
            if (!consent && !completed && !inFlight(pair)) {
                failed(pair);
            }
        }

        void cancel() {
            if (timer != null) {
                timer.cancel(false);
            }
        }
    }
}
