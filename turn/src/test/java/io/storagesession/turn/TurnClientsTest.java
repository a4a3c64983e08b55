package io.storagesession.turn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The non-blocking TURN client against the module's own embedded TURN server. */
class TurnClientsTest {
    private static final long ALLOCATE_SECONDS = 5;

    private TurnFixture turn;
    private final TurnClients clients = new TurnClients(TurnClientSettings.RFC, "test-turn-client");

    @AfterEach
    void stop() {
        if (turn != null) {
            turn.close();
        }
    }

    private InetSocketAddress server() {
        return new InetSocketAddress("127.0.0.1", turn.port());
    }

    private TurnAllocation allocate(TurnClients on, String user, RelayReceiver inbox) throws Exception {
        String username = (Instant.now().getEpochSecond() + 300) + ":" + user;
        return (TurnAllocation) on.allocate(server(), username, RestCredentials.passwordFor(turn.secret, username), inbox)
                .get(ALLOCATE_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    void twoAllocationsExchangeDatagramsBothWaysThroughChannelData() throws Exception {
        turn = new TurnFixture();
        Inbox aInbox = new Inbox();
        Inbox bInbox = new Inbox();
        try (TurnAllocation a = allocate(clients, "cam:a", aInbox); TurnAllocation b = allocate(clients, "cam:b", bInbox)) {
            assertThat(a.address().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
            assertThat(a.address()).isNotEqualTo(b.address());
            assertThat(turn.server.allocationCount()).isEqualTo(2);
            RelayExchange.channelDataBothWays(clients, a, aInbox, b, bInbox, 50);
        }
    }

    @Test
    void refreshesAllocationPermissionsAndChannelsBeforeTheServerExpiresThem() throws Exception {
        // Every lifetime is 2 s on the server; the client refreshes after 1 s. Without refreshes the server would
        // drop the allocations after 2 s, the permissions and channels with them.
        turn = new TurnFixture(Map.of("turn.lifetimes.allocation-default", "2s", "turn.lifetimes.allocation-max", "2s",
                "turn.lifetimes.permission", "2s", "turn.lifetimes.channel", "2s", "turn.sweep-interval", "100ms"));
        TurnClients fast = new TurnClients(new TurnClientSettings(Duration.ofMillis(50), 5, 4, Duration.ofSeconds(2),
                0.5, Duration.ofSeconds(1), Duration.ofSeconds(1), 3), "fast-turn-client");
        Inbox aInbox = new Inbox();
        Inbox bInbox = new Inbox();
        try (TurnAllocation a = allocate(fast, "cam:a", aInbox); TurnAllocation b = allocate(fast, "cam:b", bInbox)) {
            RelayExchange.channelDataBothWays(fast, a, aInbox, b, bInbox, 1);
            TurnClientStats stats = fast.stats();
            // Until there were three refreshes per allocation (three seconds at least, past the 2 s lifetime) and, on
            // top of the first permission and channel of each, three renewals of those: every datagram still arrives.
            for (int i = 0; stats.get(TurnClientStats.Count.ALLOCATION_REFRESHES) < 2 * 3
                    || stats.get(TurnClientStats.Count.PERMISSIONS) < 2 * (1 + 3)
                    || stats.get(TurnClientStats.Count.CHANNEL_BINDS) < 2 * (1 + 3); i++) {
                assertThat(i).as("datagrams sent while waiting for the refreshes (a hang guard)").isLessThan(600);
                assertThat(Inbox.send(a, "late " + i, b)).isTrue();
                assertThat(bInbox.next(1000)).as("datagram %d after %d refreshes", i,
                        stats.get(TurnClientStats.Count.ALLOCATION_REFRESHES))
                        .isEqualTo(new Inbox.Datagram("late " + i, a.address()));
                Thread.sleep(50);
            }
            assertThat(stats.get(TurnClientStats.Count.ALLOCATIONS_LOST)).isZero();
            assertThat(turn.server.allocationCount()).isEqualTo(2);
        }
    }

    @Test
    void closeReleasesTheAllocationAndTheLastCloseStopsTheThread() throws Exception {
        turn = new TurnFixture();
        assertThat(clients.ioThreadRunning()).as("no client, no thread").isFalse();
        TurnAllocation a = allocate(clients, "cam:a", new Inbox());
        TurnAllocation b = allocate(clients, "cam:b", new Inbox());
        assertThat(clients.ioThreadRunning()).isTrue();
        assertThat(turn.server.allocationCount()).isEqualTo(2);
        a.close();
        a.close();
        await().atMost(Duration.ofSeconds(3)).until(() -> turn.server.allocationCount() == 1);
        assertThat(a.send(new byte[1], 0, 1, b.address())).as("closed").isFalse();
        assertThat(clients.ioThreadRunning()).isTrue();
        b.close();
        await().atMost(Duration.ofSeconds(3)).until(() -> turn.server.allocationCount() == 0);
        await().atMost(Duration.ofSeconds(3)).until(() -> !clients.ioThreadRunning());
        assertThat(clients.clientCount()).isZero();

        TurnAllocation again = allocate(clients, "cam:c", new Inbox());
        assertThat(clients.ioThreadRunning()).as("restarted on demand").isTrue();
        again.close();
        await().atMost(Duration.ofSeconds(3)).until(() -> !clients.ioThreadRunning());
    }

    @Test
    void sendingAndReceivingAllocateNothingInSteadyState() throws Exception {
        turn = new TurnFixture(Map.of("turn.limits.bandwidth-bits-per-second", 1_000_000_000));
        TurnClients measured = new TurnClients(TurnClientSettings.RFC, "allocation-test-client");
        AtomicLong received = new AtomicLong();
        RelayReceiver counting = (payload, from) -> received.incrementAndGet();
        Inbox aInbox = new Inbox();
        Inbox bInbox = new Inbox();
        try (TurnAllocation a = allocate(measured, "cam:a", aInbox); TurnAllocation b = allocate(measured, "cam:b", bInbox);
             TurnAllocation c = allocate(measured, "cam:c", counting)) {
            RelayExchange.channelDataBothWays(measured, a, aInbox, b, bInbox, 1);
            a.permit(c.address().getAddress());
            c.permit(a.address().getAddress());
            byte[] datagram = new byte[1200];
            await().atMost(Duration.ofSeconds(5)).until(() -> {
                a.send(datagram, 0, datagram.length, c.address());
                c.send(datagram, 0, datagram.length, a.address());
                return a.boundChannels() == 2 && c.boundChannels() == 1 && received.get() > 0;
            });
            Thread io = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals("allocation-test-client")).findFirst().orElseThrow();
            ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
            InetSocketAddress to = c.address();
            for (int i = 0; i < 2000; i++) {
                a.send(datagram, 0, datagram.length, to);
            }
            long sender = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
            long loop = threads.getThreadAllocatedBytes(io.getId());
            long before = received.get();
            for (int i = 0; i < 5000; i++) {
                a.send(datagram, 0, datagram.length, to);
                if (i % 20 == 0) {
                    Thread.sleep(1);
                }
            }
            long sent = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - sender;
            await().atMost(Duration.ofSeconds(5)).until(() -> received.get() >= before + 4000);
            long looped = threads.getThreadAllocatedBytes(io.getId()) - loop;
            // The measuring itself allocates a little; a byte per datagram would show as 5,000.
            assertThat(sent).as("bytes allocated by 5,000 sends").isLessThan(4096);
            assertThat(looped).as("bytes allocated by the I/O thread receiving them").isLessThan(4096);
        }
    }

    @Test
    void sendsNothingToAPeerWithoutPermission() throws Exception {
        turn = new TurnFixture();
        Inbox bInbox = new Inbox();
        try (TurnAllocation a = allocate(clients, "cam:a", new Inbox()); TurnAllocation b = allocate(clients, "cam:b", bInbox)) {
            long dropped = clients.stats().get(TurnClientStats.Count.SEND_DROPPED);
            assertThat(Inbox.send(a, "unpermitted", b)).isFalse();
            assertThat(clients.stats().get(TurnClientStats.Count.SEND_DROPPED)).isEqualTo(dropped + 1);
            assertThat(a.boundChannels()).isZero();
        }
    }

    @Test
    void wrongCredentialsFailTheFutureWithTheServersError() throws Exception {
        turn = new TurnFixture();
        String username = (Instant.now().getEpochSecond() + 300) + ":cam:a";
        assertThatThrownBy(() -> clients.allocate(server(), username, "wrong", new Inbox())
                .get(ALLOCATE_SECONDS, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(TurnClientException.class)
                .hasMessageContaining("401").hasMessageContaining("credentials refused")
                .satisfies(e -> assertThat(((TurnClientException) e).errorCode()).isEqualTo(401));
        await().atMost(Duration.ofSeconds(3)).until(() -> clients.clientCount() == 0 && !clients.ioThreadRunning());
    }

    @Test
    void aFullQuotaFailsTheFutureWith486() throws Exception {
        turn = new TurnFixture(Map.of("turn.limits.allocations-per-channel", 1));
        try (TurnAllocation a = allocate(clients, "door:a", new Inbox())) {
            assertThatThrownBy(() -> allocate(clients, "door:b", new Inbox()))
                    .cause().isInstanceOf(TurnClientException.class).hasMessageContaining("486");
            assertThat(a.address()).isNotNull();
        }
    }
}
