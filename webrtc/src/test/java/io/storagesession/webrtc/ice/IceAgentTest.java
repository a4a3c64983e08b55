package io.storagesession.webrtc.ice;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.turn.RelayTransport;
import io.storagesession.turn.Stun;
import io.storagesession.turn.StunIntegrity;
import io.storagesession.turn.StunWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Our controlling ICE agent against a scripted controlled participant that speaks RFC 8445 on the wire: checks,
 * regular nomination, answers, triggered checks, role conflicts, failures, consent, and hostile STUN. (The agent
 * against a real third-party agent, ice4j, and against Chromium and libwebrtc is in the webrtc and it modules.)
 */
class IceAgentTest {
    private static final String REMOTE_UFRAG = "rUfr";
    private static final String REMOTE_PWD = "remote-password-0123456789";
    private static final InetSocketAddress REMOTE = new InetSocketAddress(InetAddress.getLoopbackAddress(), 40_001);
    private static final InetSocketAddress OTHER = new InetSocketAddress(InetAddress.getLoopbackAddress(), 40_002);
    /**
     * Short pacing and RTOs, yet a check gives up only after about half a second: a cold JVM's first messages built
     * on the test thread can take tens of milliseconds, and an answer must not come after the pair failed.
     */
    private static final CheckSettings FAST = new CheckSettings(Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofMillis(100), 7);

    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    /** The session executor: one thread, as in production. */
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    private final FakeRelay relay = new FakeRelay();
    /** The participant's messages, built on the test thread in one reused writer as the agent builds its own. */
    private final StunWriter out = StunWriter.reusable();
    private final LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();
    private final IceAgent agent = new IceAgent(relay, FAST, new ConsentSettings(Duration.ofSeconds(5),
            Duration.ofSeconds(30)), timers, executor, new IceAgent.Events() {
                @Override
                public void selected(InetSocketAddress remote) {
                    events.add("selected " + remote.getPort());
                }

                @Override
                public void failed(String reason) {
                    events.add("failed " + reason);
                }
            });

    @AfterEach
    void stop() {
        timers.shutdownNow();
        executor.shutdownNow();
    }

    @Test
    void checksNominatesTheFirstPairThatWorksAndCompletes() throws Exception {
        onExecutor(() -> {
            agent.addRemote("relay", 16_777_215L, REMOTE.getAddress(), REMOTE.getPort());
            agent.setRemoteCredentials(REMOTE_UFRAG, REMOTE_PWD);
            agent.start();
        });
        assertThat(relay.permitted).containsExactly(REMOTE.getAddress());
        Sent check = relay.next();
        deliver(success(check.data, REMOTE, mac(REMOTE_PWD)), REMOTE);
        assertThat(check.to).isEqualTo(REMOTE);
        assertSignedWith(check.data, REMOTE_PWD);
        assertThat(username(check.data)).isEqualTo(REMOTE_UFRAG + ":" + agent.localUfrag());
        assertThat(IceMessages.tieBreaker(check.data, check.data.length, IceMessages.ATTR_ICE_CONTROLLING)).isNotNull();
        assertThat(IceMessages.find(check.data, check.data.length, Stun.ATTR_PRIORITY)).isPositive();
        assertThat(IceMessages.find(check.data, check.data.length, Stun.ATTR_USE_CANDIDATE)).isNegative();

        Sent nomination = relay.nextMatching(s -> IceMessages.find(s.data, s.data.length, Stun.ATTR_USE_CANDIDATE) > 0);
        assertThat(events).isEmpty();
        deliver(success(nomination.data, REMOTE, mac(REMOTE_PWD)), REMOTE);
        assertThat(events.poll(2, TimeUnit.SECONDS)).isEqualTo("selected " + REMOTE.getPort());
        assertThat(agent.selected()).isEqualTo(REMOTE);
    }

    @Test
    void answersTheParticipantsChecksAndLearnsPeerReflexiveAddresses() throws Exception {
        onExecutor(() -> {
            agent.addRemote("relay", 100, REMOTE.getAddress(), REMOTE.getPort());
            agent.setRemoteCredentials(REMOTE_UFRAG, REMOTE_PWD);
        });
        byte[] request = request(transaction(), user(agent.localUfrag() + ":" + REMOTE_UFRAG), 1_000,
                7, false, mac(agent.localPassword()));
        deliverControlled(request, OTHER);
        Sent response = relay.next();
        assertThat(response.to).isEqualTo(OTHER);
        assertThat(Stun.messageClass(Stun.u16(response.data, 0))).isEqualTo(Stun.CLASS_SUCCESS);
        assertThat(IceMessages.sameTransaction(response.data, transactionOf(request))).isTrue();
        assertSignedWith(response.data, agent.localPassword());
        int mapped = IceMessages.find(response.data, response.data.length, Stun.ATTR_XOR_MAPPED_ADDRESS);
        assertThat(Stun.readXorAddress(response.data, mapped, IceMessages.valueLength(response.data, mapped)))
                .isEqualTo(OTHER);
        Sent triggered = relay.next();
        assertThat(triggered.to).as("a triggered check to the new peer-reflexive address").isEqualTo(OTHER);
        assertThat(Stun.messageClass(Stun.u16(triggered.data, 0))).isEqualTo(Stun.CLASS_REQUEST);
    }

    @Test
    void aParticipantClaimingControlGetsRoleConflict() throws Exception {
        byte[] request = controllingRequest(0);
        deliverControlled(request, REMOTE);
        Sent response = relay.next();
        assertThat(Stun.messageClass(Stun.u16(response.data, 0))).isEqualTo(Stun.CLASS_ERROR);
        assertThat(IceMessages.errorCode(response.data, response.data.length)).isEqualTo(IceMessages.ROLE_CONFLICT);
    }

    @Test
    void forgedMisdirectedAndUnknownResponsesAreIgnored() throws Exception {
        onExecutor(() -> {
            agent.addRemote("relay", 100, REMOTE.getAddress(), REMOTE.getPort());
            agent.setRemoteCredentials(REMOTE_UFRAG, REMOTE_PWD);
            agent.start();
        });
        Sent check = relay.next();
        deliver(success(check.data, REMOTE, mac("not-the-password")), REMOTE);
        deliver(success(check.data, REMOTE, mac(REMOTE_PWD)), OTHER);
        deliver(success(request(transaction(), user("x:y"), 1, 1, false,
                mac(REMOTE_PWD)), REMOTE, mac(REMOTE_PWD)), REMOTE);
        deliver(Stun.sign(Arrays.copyOf(success(check.data, REMOTE, null), Stun.HEADER + 12),
                null), REMOTE);
        Thread.sleep(50);
        assertThat(relay.sent).noneMatch(s -> IceMessages.find(s.data, s.data.length, Stun.ATTR_USE_CANDIDATE) > 0);
        assertThat(agent.selected()).isNull();
    }

    @Test
    void failsWhenEveryPairTimesOut() throws Exception {
        onExecutor(() -> {
            agent.addRemote("relay", 100, REMOTE.getAddress(), REMOTE.getPort());
            agent.addRemote("host", 200, OTHER.getAddress(), OTHER.getPort());
            agent.setRemoteCredentials(REMOTE_UFRAG, REMOTE_PWD);
            agent.start();
        });
        String event = events.poll(3, TimeUnit.SECONDS);
        assertThat(event).startsWith("failed every candidate pair failed");
        assertThat(relay.sent.stream().filter(s -> s.to.equals(REMOTE)).count()).isEqualTo(FAST.attempts());
    }

    @Test
    void consentChecksGoToTheSelectedPairAndOnlyAuthenticAnswersCount() throws Exception {
        checksNominatesTheFirstPairThatWorksAndCompletes();
        onExecutor(() -> true);
        relay.sent.clear();
        relay.queue.clear(); // retransmissions of the checks answered above, sent before their answers arrived
        List<String> answered = new ArrayList<>();
        ConsentFreshness.Probe probe = agent.consentProbe(() -> answered.add("answer"));
        assertThat(onExecutor(probe::send)).isTrue();
        Sent consent = relay.next();
        assertThat(consent.to).isEqualTo(REMOTE);
        deliver(success(consent.data, REMOTE, mac("forged")), REMOTE);
        deliver(success(consent.data, REMOTE, mac(REMOTE_PWD)), REMOTE);
        onExecutor(() -> true);
        assertThat(answered).containsExactly("answer");
    }

    @Test
    void hostileStunNeverThrowsAndIsNeverAnswered() throws Exception {
        Random random = new Random(7);
        byte[] valid = request(transaction(), user(agent.localUfrag() + ":" + REMOTE_UFRAG), 1, 1,
                false, mac(agent.localPassword()));
        // what MESSAGE-INTEGRITY covers, and itself: a change after it (an attribute the RFC says to ignore) is valid
        int signedEnd = Stun.scan(valid, valid.length).integrityOffset() + 4 + Stun.MESSAGE_INTEGRITY_LENGTH;
        for (int i = 0; i < 5_000; i++) {
            byte[] m = i % 2 == 0 ? new byte[random.nextInt(120)] : valid.clone();
            if (i % 2 == 0) {
                random.nextBytes(m);
                if (m.length > 0) {
                    m[0] &= 0x03;
                }
            } else {
                m[Stun.HEADER + random.nextInt(signedEnd - Stun.HEADER)] ^= (byte) (1 + random.nextInt(255));
            }
            byte[] message = m;
            onExecutor(() -> {
                agent.onStun(message, message.length, REMOTE);
                return true;
            });
        }
        assertThat(relay.sent).as("nothing but a valid, signed check is answered: %s", relay.sent.isEmpty() ? ""
                : java.util.HexFormat.of().formatHex(relay.sent.get(0).data)).isEmpty();
        deliverControlled(valid, REMOTE);
        assertThat(relay.next()).isNotNull();
    }

    private byte[] controllingRequest(long tieBreaker) {
        return request(transaction(), user(agent.localUfrag() + ":" + REMOTE_UFRAG), 1, tieBreaker,
                false, mac(agent.localPassword()));
    }

    /** A check as a controlled participant sends it: ICE-CONTROLLED instead of ICE-CONTROLLING. */
    private void deliverControlled(byte[] request, InetSocketAddress from) throws Exception {
        if (IceMessages.tieBreaker(request, request.length, IceMessages.ATTR_ICE_CONTROLLING) != null
                && IceMessages.tieBreaker(request, request.length, IceMessages.ATTR_ICE_CONTROLLING) != 0) {
            int unsigned = Stun.scan(request, request.length).integrityOffset();
            int at = IceMessages.find(request, request.length, IceMessages.ATTR_ICE_CONTROLLING);
            Stun.put16(request, at - 4, IceMessages.ATTR_ICE_CONTROLLED);
            request = Stun.sign(Arrays.copyOf(request, unsigned), key(agent.localPassword()));
        }
        deliver(request, from);
    }

    private void deliver(byte[] m, InetSocketAddress from) throws Exception {
        onExecutor(() -> {
            agent.onStun(m, m.length, from);
            return true;
        });
    }

    private void onExecutor(Runnable r) throws Exception {
        executor.submit(r).get(2, TimeUnit.SECONDS);
    }

    private <T> T onExecutor(java.util.concurrent.Callable<T> c) throws Exception {
        return executor.submit(c).get(2, TimeUnit.SECONDS);
    }

    private static void assertSignedWith(byte[] m, String password) {
        Stun.Scan scan = Stun.scan(m, m.length);
        assertThat(scan).as("well-formed, with a correct FINGERPRINT").isNotNull();
        assertThat(Stun.integrityValid(m, scan.integrityOffset(), key(password))).isTrue();
    }

    private static String username(byte[] m) {
        int at = IceMessages.find(m, m.length, Stun.ATTR_USERNAME);
        return new String(m, at, IceMessages.valueLength(m, at), StandardCharsets.UTF_8);
    }

    private static byte[] key(String password) {
        return password.getBytes(StandardCharsets.UTF_8);
    }

    private static StunIntegrity mac(String password) {
        return Stun.integrityKey(key(password));
    }

    private byte[] success(byte[] request, InetSocketAddress mapped, StunIntegrity key) {
        return Arrays.copyOf(out.array(), IceMessages.success(out, request, mapped.getAddress().getAddress(),
                mapped.getPort(), key));
    }

    private byte[] request(byte[] transaction, byte[] username, long priority, long tieBreaker, boolean useCandidate,
                           StunIntegrity key) {
        return Arrays.copyOf(out.array(), IceMessages.request(out, transaction, username, priority, tieBreaker,
                useCandidate, key));
    }

    private static byte[] user(String username) {
        return username.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] transaction() {
        byte[] t = new byte[IceMessages.TRANSACTION_ID_LENGTH];
        new Random().nextBytes(t);
        return t;
    }

    private static byte[] transactionOf(byte[] m) {
        return java.util.Arrays.copyOfRange(m, IceMessages.TRANSACTION_ID_OFFSET,
                IceMessages.TRANSACTION_ID_OFFSET + IceMessages.TRANSACTION_ID_LENGTH);
    }

    record Sent(byte[] data, InetSocketAddress to) {
    }

    /** A relay that records what the agent sends. */
    static final class FakeRelay implements RelayTransport {
        final LinkedBlockingQueue<Sent> queue = new LinkedBlockingQueue<>();
        final List<Sent> sent = java.util.Collections.synchronizedList(new ArrayList<>());
        final List<InetAddress> permitted = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public InetSocketAddress address() {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), 50_000);
        }

        @Override
        public void permit(InetAddress peer) {
            permitted.add(peer);
        }

        @Override
        public boolean send(byte[] buf, int off, int len, InetSocketAddress peer) {
            Sent s = new Sent(java.util.Arrays.copyOfRange(buf, off, off + len), peer);
            sent.add(s);
            queue.add(s);
            return true;
        }

        @Override
        public void close() {
        }

        Sent next() throws InterruptedException {
            Sent s = queue.poll(2, TimeUnit.SECONDS);
            assertThat(s).as("a datagram from the agent").isNotNull();
            return s;
        }

        Sent nextMatching(java.util.function.Predicate<Sent> p) throws InterruptedException {
            while (true) {
                Sent s = next();
                if (p.test(s)) {
                    return s;
                }
            }
        }
    }
}
