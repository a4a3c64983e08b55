package io.storagesession.turn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The TURN client against coturn, the reference server that {@code signaling.ice.external-servers} names in
 * production: REST credentials from its {@code --static-auth-secret}, relay to relay on 127.0.0.1. Skips without
 * {@code turnserver}, fails instead under {@code -Dexternal.required=true}.
 */
class TurnClientsCoturnTest {
    private static final long ALLOCATE_SECONDS = 10;

    private Coturn coturn;
    private final TurnClients clients = new TurnClients(TurnClientSettings.RFC, "coturn-test-client");

    @BeforeEach
    void start() throws Exception {
        coturn = Coturn.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (coturn != null) {
            coturn.close();
        }
    }

    private TurnAllocation allocate(String user, String password, Inbox inbox) throws Exception {
        return (TurnAllocation) clients.allocate(coturn.address(), user, password, inbox)
                .get(ALLOCATE_SECONDS, TimeUnit.SECONDS);
    }

    private static String user(String name) {
        return (Instant.now().getEpochSecond() + 300) + ":" + name;
    }

    @Test
    void twoAllocationsOnCoturnExchangeDatagramsBothWaysThroughChannelData() throws Exception {
        String a = user("cam:a");
        String b = user("cam:b");
        Inbox aInbox = new Inbox();
        Inbox bInbox = new Inbox();
        try (TurnAllocation ta = allocate(a, RestCredentials.passwordFor(coturn.secret, a), aInbox);
             TurnAllocation tb = allocate(b, RestCredentials.passwordFor(coturn.secret, b), bInbox)) {
            assertThat(ta.address().getAddress().getHostAddress()).as(coturn.log()).isEqualTo("127.0.0.1");
            RelayExchange.channelDataBothWays(clients, ta, aInbox, tb, bInbox, 50);
            assertThat(clients.stats().get(TurnClientStats.Count.BAD_INTEGRITY)).isZero();
        }
    }

    @Test
    void coturnRefusingTheCredentialsFailsTheFuture() {
        String a = user("cam:a");
        assertThatThrownBy(() -> allocate(a, "not-the-password", new Inbox()))
                .cause().isInstanceOf(TurnClientException.class).hasMessageContaining("401");
    }
}
