package io.storagesession.turn;

import static io.storagesession.turn.ScriptedTurnServer.allocated;
import static io.storagesession.turn.ScriptedTurnServer.authenticated;
import static io.storagesession.turn.ScriptedTurnServer.method;
import static io.storagesession.turn.ScriptedTurnServer.success;
import static io.storagesession.turn.ScriptedTurnServer.unauthorized;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.storagesession.turn.TurnClientStats.Count;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What a broken or hostile TURN server (or someone forging its datagrams) can do to the client: nothing but make
 * requests fail with a clear reason within a bounded time. Malformed and forged datagrams are dropped and counted;
 * the I/O thread keeps serving.
 */
class TurnClientHostileInputTest {
    private static final String USER = "1900000000:cam:a";
    private static final String PASSWORD = "password";
    private static final byte[] KEY = ScriptedTurnServer.key(USER, PASSWORD);
    /** 20, 40, 80 ms between the four transmissions, then 200 ms: a request fails after 340 ms. */
    private static final TurnClientSettings FAST = new TurnClientSettings(Duration.ofMillis(20), 4, 10,
            Duration.ofMinutes(10), 0.75, Duration.ofMinutes(4), Duration.ofMinutes(9), 3);

    static {
        // The scripted server encodes with ice4j, whose first use takes longer than the client's fast schedule.
        Responses.success(Stun.BINDING, new byte[StunWriter.TRANSACTION_ID_LENGTH], List.of(), KEY);
    }

    private final TurnClients clients = new TurnClients(FAST, "hostile-test-client");

    private CompletableFuture<RelayTransport> allocate(ScriptedTurnServer server, Inbox inbox) {
        return clients.allocate(server.address(), USER, PASSWORD, inbox);
    }

    private static TurnClientException failure(CompletableFuture<RelayTransport> future) {
        try {
            future.get(5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return (TurnClientException) e.getCause();
        } catch (Exception e) {
            throw new AssertionError("the future must fail, not " + e, e);
        }
        throw new AssertionError("the allocation must fail");
    }

    /** A server that allocates and grants every permission and channel, correctly signed. */
    private static List<byte[]> cooperative(byte[] request) {
        if (!authenticated(request)) {
            return List.of(unauthorized(request));
        }
        return List.of(method(request) == Stun.ALLOCATE ? allocated(request, KEY) : success(request, KEY));
    }

    @Test
    void aServerThatNeverAnswersFailsTheFutureAfterTheRetransmissions() throws Exception {
        try (ScriptedTurnServer silent = new ScriptedTurnServer(r -> List.of())) {
            TurnClientException e = failure(allocate(silent, new Inbox()));
            assertThat(e.errorCode()).isEqualTo(TurnClientException.NO_ANSWER);
            assertThat(e).hasMessageContaining("no answer to Allocate").hasMessageContaining("4 transmissions");
            assertThat(silent.received).hasSize(4);
            assertThat(clients.stats().get(Count.RETRANSMISSIONS)).isEqualTo(3);
        }
        await().atMost(Duration.ofSeconds(2)).until(() -> !clients.ioThreadRunning());
        assertThat(TurnClientSettings.RFC.transactionTimeout()).isEqualTo(Duration.ofMillis(7900));
    }

    @Test
    void anEndless401FailsAfterOneAuthenticatedTry() throws Exception {
        try (ScriptedTurnServer server = new ScriptedTurnServer(r -> List.of(unauthorized(r)))) {
            TurnClientException e = failure(allocate(server, new Inbox()));
            assertThat(e.errorCode()).isEqualTo(401);
            assertThat(e).hasMessageContaining("credentials refused");
            assertThat(server.received).hasSize(2);
            assertThat(authenticated(server.received.get(1))).isTrue();
        }
    }

    @Test
    void anEndless438FailsAfterTheConfiguredRetries() throws Exception {
        try (ScriptedTurnServer server = new ScriptedTurnServer(r -> List.of(authenticated(r)
                ? Responses.challenge(Stun.ALLOCATE, ScriptedTurnServer.tid(r), 438, "Stale Nonce",
                ScriptedTurnServer.REALM, "n" + System.nanoTime()) : unauthorized(r)))) {
            TurnClientException e = failure(allocate(server, new Inbox()));
            assertThat(e.errorCode()).isEqualTo(438);
            assertThat(server.received).as("the challenge, the first try, three retries").hasSize(5);
        }
    }

    @Test
    void forgedMalformedAndUnsignedAnswersAreDroppedUntilTheGenuineOne() throws Exception {
        byte[] wrongKey = ScriptedTurnServer.key(USER, "not-the-password");
        try (ScriptedTurnServer server = new ScriptedTurnServer(r -> {
            if (!authenticated(r)) {
                byte[] challenge = unauthorized(r);
                byte[] otherTransaction = challenge.clone();
                otherTransaction[10] ^= 1;
                byte[] badLength = challenge.clone();
                Stun.put16(badLength, 2, Stun.u16(badLength, 2) + 4);
                return List.of(new byte[] {(byte) 0xFF, 1, 2}, Arrays.copyOf(challenge, 10), badLength,
                        Responses.challenge(Stun.ALLOCATE, ScriptedTurnServer.tid(otherTransaction), 401, "x", "evil",
                                "evil"), challenge);
            }
            byte[] tid = ScriptedTurnServer.tid(r);
            return List.of(allocated(r, wrongKey), allocated(r, null),
                    Responses.error(Stun.ALLOCATE, tid, 486, "forged unsigned refusal", null),
                    Responses.error(Stun.ALLOCATE, tid, 486, "forged refusal", wrongKey), allocated(r, KEY));
        })) {
            RelayTransport t = allocate(server, new Inbox()).get(5, TimeUnit.SECONDS);
            assertThat(t.address()).isEqualTo(ScriptedTurnServer.RELAYED);
            TurnClientStats stats = clients.stats();
            assertThat(stats.get(Count.MALFORMED)).as("garbage, truncated, wrong length").isEqualTo(3);
            assertThat(stats.get(Count.UNMATCHED_RESPONSE)).as("another transaction's 401").isEqualTo(1);
            assertThat(stats.get(Count.BAD_INTEGRITY)).as("wrong key, unsigned, forged refusals").isEqualTo(4);
            t.close();
        }
    }

    @Test
    void aRefusedRefreshLosesTheAllocationAndSaysSo() throws Exception {
        try (ScriptedTurnServer server = new ScriptedTurnServer(r -> {
            if (!authenticated(r)) {
                return List.of(unauthorized(r));
            }
            byte[] tid = ScriptedTurnServer.tid(r);
            return List.of(method(r) == Stun.ALLOCATE ? Responses.success(Stun.ALLOCATE, tid,
                    List.of(Responses.xorRelayed(ScriptedTurnServer.RELAYED, tid), Responses.lifetime(1)), KEY)
                    : Responses.error(method(r), tid, 437, "Allocation Mismatch", KEY));
        })) {
            TurnAllocation t = (TurnAllocation) allocate(server, new Inbox()).get(5, TimeUnit.SECONDS);
            String why = t.lost().toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertThat(why).contains("437 Allocation Mismatch").contains("127.0.0.1:50000");
            assertThat(t.send(new byte[1], 0, 1, new InetSocketAddress("127.0.0.1", 9))).isFalse();
            assertThat(clients.stats().get(Count.ALLOCATIONS_LOST)).isEqualTo(1);
            await().atMost(Duration.ofSeconds(2)).until(() -> clients.clientCount() == 0);
        }
    }

    @Test
    void anAllocateSuccessWithoutARelayedAddressFailsClearly() throws Exception {
        try (ScriptedTurnServer server = new ScriptedTurnServer(r -> List.of(authenticated(r)
                ? Responses.success(Stun.ALLOCATE, ScriptedTurnServer.tid(r), List.of(Responses.lifetime(600)), KEY)
                : unauthorized(r)))) {
            assertThat(failure(allocate(server, new Inbox()))).hasMessageContaining("without XOR-RELAYED-ADDRESS");
        }
    }

    @Test
    void hostileDatagramsAfterTheAllocationAreDroppedAndTheLoopGoesOn() throws Exception {
        Inbox inbox = new Inbox();
        try (ScriptedTurnServer server = new ScriptedTurnServer(TurnClientHostileInputTest::cooperative)) {
            TurnAllocation t = (TurnAllocation) allocate(server, inbox).get(5, TimeUnit.SECONDS);
            InetSocketAddress peer = new InetSocketAddress("127.0.0.1", 9);
            t.permit(peer.getAddress());
            await().atMost(Duration.ofSeconds(2)).until(() -> clients.stats().get(Count.PERMISSIONS) == 1);
            assertThat(t.send(new byte[] {1}, 0, 1, peer)).isTrue();
            await().atMost(Duration.ofSeconds(2)).until(() -> t.boundChannels() == 1);
            int channel = Stun.MIN_CHANNEL;

            server.toClient(ScriptedTurnServer.channelData(channel, "too short", 200));
            server.toClient(ScriptedTurnServer.channelData(channel + 5, "unknown channel", 15));
            server.toClient(new byte[] {0x40, 0, 0});
            server.toClient(ScriptedTurnServer.dataIndication(new InetSocketAddress("10.0.0.1", 7), "no permission"));
            Random random = new Random(7);
            for (int i = 0; i < 2000; i++) {
                byte[] junk = new byte[random.nextInt(300)];
                random.nextBytes(junk);
                if (junk.length > 4 && i % 2 == 0) {
                    junk[0] = (byte) (i % 4 == 0 ? 0x40 : 0x01);
                }
                server.toClient(junk);
                if (i % 50 == 0) {
                    // Paced, so the kernel's receive buffer never overflows: the genuine datagrams must not be lost.
                    Thread.sleep(1);
                }
            }
            server.toClient(ScriptedTurnServer.channelData(channel, "bound", 5));
            server.toClient(ScriptedTurnServer.dataIndication(new InetSocketAddress("127.0.0.1", 7), "indicated"));

            assertThat(inbox.next(2000)).isEqualTo(new Inbox.Datagram("bound", peer));
            assertThat(inbox.next(2000)).isEqualTo(new Inbox.Datagram("indicated", new InetSocketAddress("127.0.0.1", 7)));
            assertThat(inbox.size()).as("nothing else got through").isZero();
            TurnClientStats stats = clients.stats();
            assertThat(stats.get(Count.UNKNOWN_CHANNEL)).isGreaterThanOrEqualTo(2);
            assertThat(stats.get(Count.MALFORMED)).isGreaterThanOrEqualTo(2);
            assertThat(clients.ioThreadRunning()).isTrue();

            long refreshesBefore = server.count(Stun.REFRESH);
            t.close();
            await().atMost(Duration.ofSeconds(2)).until(() -> server.count(Stun.REFRESH) == refreshesBefore + 1);
            byte[] release = server.received.get(server.received.size() - 1);
            assertThat(ResponseFields.u32(release, release.length, Stun.ATTR_LIFETIME)).as("Refresh LIFETIME 0").isZero();
        }
    }
}
