package io.storagesession.api.storage;

import io.storagesession.api.http.ApiException;
import io.storagesession.api.http.PerKeyRateLimiter;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;

/**
 * KVS's quotas of the storage joins (KVS-WIRE.md §3): JoinStorageSession and JoinStorageSessionAsViewer each have
 * 2 calls per second per channel and 50 per account, as separate quotas — so a master and its viewers joining
 * together never spend each other's calls. Every KVS sample joins the moment its signaling opens, so a master and the
 * session's three viewers may all join within the same 100 ms: each quota is a token bucket whose burst (configured;
 * 3 per channel by default) lets that through, while a sustained flood is still held to the quota's rate.
 *
 * <p>A call takes a token from its channel's bucket and then from its account's; when the account refuses, the
 * channel's token is given back, so only calls that went ahead count. Thread-safe (callers are event loops).
 */
final class JoinQuotas {
    private final StorageApiSettings settings;
    private final Map<JoinOperation, PerKeyRateLimiter> perChannel = new EnumMap<>(JoinOperation.class);
    private final Map<JoinOperation, PerKeyRateLimiter> perAccount = new EnumMap<>(JoinOperation.class);

    JoinQuotas(StorageApiSettings settings, Clock clock) {
        this.settings = settings;
        for (JoinOperation operation : JoinOperation.values()) {
            perChannel.put(operation, limiter(settings.perChannel(), settings, clock));
            perAccount.put(operation, limiter(settings.perAccount(), settings, clock));
        }
    }

    private static PerKeyRateLimiter limiter(StorageApiSettings.Quota quota, StorageApiSettings settings, Clock clock) {
        return new PerKeyRateLimiter(quota.callsPerSecond(), quota.burst(), settings.rateLimiterSweepThreshold(), clock);
    }

    /**
     * Counts one call of {@code operation} on {@code channelArn} by {@code accountId}.
     *
     * @throws ApiException ClientLimitExceededException (400) naming the quota that is used up
     */
    void acquire(JoinOperation operation, String channelArn, String accountId) {
        if (!perChannel.get(operation).tryAcquire(channelArn)) {
            throw ApiException.clientLimitExceeded(operation.apiName + " is limited per channel to "
                    + settings.perChannel());
        }
        if (!perAccount.get(operation).tryAcquire(accountId)) {
            perChannel.get(operation).refund(channelArn);
            throw ApiException.clientLimitExceeded(operation.apiName + " is limited per account to "
                    + settings.perAccount());
        }
    }
}
