package io.storagesession.turn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

/**
 * The exchange every TURN client test against a real server runs: two allocations permit each other, talk through
 * Send and Data indications until their channels are bound, then through ChannelData both ways — proven by the
 * counters: once bound, every datagram arrives as ChannelData and no Data indication is received any more.
 */
final class RelayExchange {
    private static final Duration BOUND_WITHIN = Duration.ofSeconds(5);
    private static final long RECEIVE_MILLIS = 2000;

    private RelayExchange() {
    }

    static void channelDataBothWays(TurnClients clients, TurnAllocation a, Inbox aInbox, TurnAllocation b,
                                    Inbox bInbox, int datagrams) throws InterruptedException {
        TurnClientStats stats = clients.stats();
        long permissions = stats.get(TurnClientStats.Count.PERMISSIONS);
        a.permit(b.address().getAddress());
        b.permit(a.address().getAddress());
        await().atMost(BOUND_WITHIN).until(() -> stats.get(TurnClientStats.Count.PERMISSIONS) >= permissions + 2);

        // The first datagrams go as Send indications and arrive as Data indications; they also start the bindings.
        assertThat(Inbox.send(a, "first a→b", b)).isTrue();
        assertThat(Inbox.send(b, "first b→a", a)).isTrue();
        Inbox.Datagram toB = bInbox.next(RECEIVE_MILLIS);
        Inbox.Datagram toA = aInbox.next(RECEIVE_MILLIS);
        assertThat(toB).isEqualTo(new Inbox.Datagram("first a→b", a.address()));
        assertThat(toA).isEqualTo(new Inbox.Datagram("first b→a", b.address()));
        await().atMost(BOUND_WITHIN).until(() -> a.boundChannels() == 1 && b.boundChannels() == 1);

        long indications = stats.get(TurnClientStats.Count.DATA_INDICATIONS_RECEIVED);
        long channelData = stats.get(TurnClientStats.Count.CHANNEL_DATA_RECEIVED);
        for (int i = 0; i < datagrams; i++) {
            assertThat(Inbox.send(a, "a→b " + i, b)).isTrue();
            assertThat(Inbox.send(b, "b→a " + i, a)).isTrue();
            assertThat(bInbox.next(RECEIVE_MILLIS)).isEqualTo(new Inbox.Datagram("a→b " + i, a.address()));
            assertThat(aInbox.next(RECEIVE_MILLIS)).isEqualTo(new Inbox.Datagram("b→a " + i, b.address()));
        }
        assertThat(stats.get(TurnClientStats.Count.CHANNEL_DATA_RECEIVED) - channelData).isEqualTo(2L * datagrams);
        assertThat(stats.get(TurnClientStats.Count.DATA_INDICATIONS_RECEIVED)).isEqualTo(indications);
    }
}
