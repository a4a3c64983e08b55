package io.storagesession.api.storage;

import static io.storagesession.api.storage.JoinOperation.JOIN_STORAGE_SESSION;
import static io.storagesession.api.storage.JoinOperation.JOIN_STORAGE_SESSION_AS_VIEWER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import io.storagesession.api.http.ApiException;
import io.storagesession.api.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The join quotas with the shipped reference.conf (KVS-WIRE.md §3: each join API has 2 calls/s per channel and 50
 * per account, separately), on a clock the test moves.
 */
class JoinQuotasTest {
    private static final String ACCOUNT = "123456789012";
    private static final String CHANNEL = "arn:aws:kinesisvideo:us-west-2:" + ACCOUNT + ":channel/door/1";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final StorageApiSettings settings = StorageApiSettings.from(ConfigFactory.defaultReference());
    private final JoinQuotas quotas = new JoinQuotas(settings, clock);

    @Test
    void theShippedQuotasAreKvssRatesWithABurstForAWholeSession() {
        assertThat(settings.perChannel()).isEqualTo(new StorageApiSettings.Quota(2, 3));
        assertThat(settings.perAccount()).isEqualTo(new StorageApiSettings.Quota(50, 50));
    }

    @Test
    void aMasterAndThreeViewersJoiningAtTheSameInstantAllPass() {
        quotas.acquire(JOIN_STORAGE_SESSION, CHANNEL, ACCOUNT);
        for (int viewer = 0; viewer < 3; viewer++) {
            quotas.acquire(JOIN_STORAGE_SESSION_AS_VIEWER, CHANNEL, ACCOUNT);
        }
        assertThatThrownBy(() -> quotas.acquire(JOIN_STORAGE_SESSION_AS_VIEWER, CHANNEL, ACCOUNT))
                .as("a fourth viewer call at the same instant is over the burst")
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.type()).isEqualTo("ClientLimitExceededException");
                    assertThat(e.getMessage()).contains("JoinStorageSessionAsViewer", "per channel");
                });
    }

    @Test
    void aSustainedFloodIsHeldToTwoCallsPerSecondPerChannel() {
        int passed = 0;
        Duration step = Duration.ofMillis(10);
        for (int tick = 0; tick < 1000; tick++) { // 10 s, one call every 10 ms
            if (passes(JOIN_STORAGE_SESSION_AS_VIEWER, CHANNEL, ACCOUNT)) {
                passed++;
            }
            clock.advance(step);
        }
        // the burst of 3 at once, then one every 500 ms: 19 more by the last call at 9.99 s
        assertThat(passed).isEqualTo(3 + 19);
    }

    @Test
    void theTwoApisHaveSeparateQuotas() {
        for (int i = 0; i < 3; i++) {
            quotas.acquire(JOIN_STORAGE_SESSION_AS_VIEWER, CHANNEL, ACCOUNT);
        }
        assertThat(passes(JOIN_STORAGE_SESSION_AS_VIEWER, CHANNEL, ACCOUNT)).isFalse();
        for (int i = 0; i < 3; i++) {
            assertThat(passes(JOIN_STORAGE_SESSION, CHANNEL, ACCOUNT)).as("master call %d", i + 1).isTrue();
        }
        assertThat(passes(JOIN_STORAGE_SESSION, CHANNEL, ACCOUNT)).isFalse();
    }

    @Test
    void channelsHaveSeparateQuotasButShareTheAccountsFiftyPerSecond() {
        for (int channel = 0; channel < 50; channel++) {
            assertThat(passes(JOIN_STORAGE_SESSION, CHANNEL + channel, ACCOUNT)).as("channel %d", channel).isTrue();
        }
        assertThatThrownBy(() -> quotas.acquire(JOIN_STORAGE_SESSION, CHANNEL + "50", ACCOUNT))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.type()).isEqualTo("ClientLimitExceededException");
                    assertThat(e.getMessage()).contains("JoinStorageSession", "per account", "50");
                });
        assertThat(passes(JOIN_STORAGE_SESSION_AS_VIEWER, CHANNEL + "50", ACCOUNT))
                .as("the viewer API's account quota is its own").isTrue();
        assertThat(passes(JOIN_STORAGE_SESSION, CHANNEL + "50", "210987654321"))
                .as("another account has its own quota").isTrue();
        clock.advance(Duration.ofMillis(20)); // one account token back (50/s)
        assertThat(passes(JOIN_STORAGE_SESSION, CHANNEL + "51", ACCOUNT)).isTrue();
    }

    @Test
    void aCallRefusedByTheAccountDoesNotSpendItsChannelsQuota() {
        for (int channel = 0; channel < 50; channel++) {
            quotas.acquire(JOIN_STORAGE_SESSION, CHANNEL + channel, ACCOUNT);
        }
        for (int i = 0; i < 5; i++) {
            assertThat(passes(JOIN_STORAGE_SESSION, CHANNEL, ACCOUNT)).isFalse();
        }
        clock.advance(Duration.ofSeconds(1)); // the account refills; the channel's 3 would be spent had they counted
        for (int i = 0; i < 3; i++) {
            assertThat(passes(JOIN_STORAGE_SESSION, CHANNEL, ACCOUNT)).as("channel call %d", i + 1).isTrue();
        }
    }

    private boolean passes(JoinOperation operation, String channel, String account) {
        try {
            quotas.acquire(operation, channel, account);
            return true;
        } catch (ApiException e) {
            return false;
        }
    }
}
