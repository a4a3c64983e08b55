package io.storagesession.signaling.storage;

import io.storagesession.signaling.api.ApiCall;
import io.storagesession.signaling.api.ApiException;
import io.storagesession.signaling.api.ApiOperation;
import io.storagesession.signaling.api.KvsNames;
import io.storagesession.signaling.api.PerKeyRateLimiter;
import io.storagesession.signaling.bridge.ParticipantAddress;
import io.storagesession.signaling.bridge.StorageJoin;
import io.storagesession.signaling.bridge.StorageSessionBridge;
import io.storagesession.signaling.registry.Channel;
import io.storagesession.signaling.registry.ChannelLookup;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.List;

/**
 * JoinStorageSession and JoinStorageSessionAsViewer (KVS-WIRE.md §1 "Storage"): the only KVS APIs with camelCase
 * members ({@code channelArn}, {@code clientId}) and a 403 AccessDeniedException. A valid join is handed to the
 * {@link StorageSessionBridge}; the 200 with an empty body only promises that an offer will follow on the
 * participant's signaling WebSocket. A channel whose media storage is not enabled on a stream gets 400
 * InvalidArgumentException, as KVS answers it.
 */
public final class StorageApi {
    private final ChannelLookup channels;
    private final StorageSessionBridge bridge;
    private final StorageApiSettings settings;
    private final PerKeyRateLimiter quota;

    public StorageApi(ChannelLookup channels, StorageSessionBridge bridge, StorageApiSettings settings, Clock clock) {
        this.channels = channels;
        this.bridge = bridge;
        this.settings = settings;
        this.quota = new PerKeyRateLimiter(settings.callsPerSecondPerChannel(), settings.rateLimiterSweepThreshold(),
                clock);
    }

    public List<ApiOperation> operations() {
        return List.of(
                ApiOperation.storage("/joinStorageSession", "JoinStorageSession", call -> join(call, false)),
                ApiOperation.storage("/joinStorageSessionAsViewer", "JoinStorageSessionAsViewer", call -> join(call, true)));
    }

    private Future<JsonObject> join(ApiCall call, boolean asViewer) {
        String channelArn = call.requiredString("channelArn");
        KvsNames.requireArn("channelArn", channelArn);
        String clientId = null;
        if (asViewer) {
            clientId = call.requiredString("clientId");
            String problem = KvsNames.clientIdProblem(clientId);
            if (problem != null) {
                throw ApiException.invalidArgument(problem);
            }
        }
        call.authorize(channelArn);
        Channel channel = channels.channelByArn(channelArn).orElseThrow(() ->
                ApiException.resourceNotFound("The requested channel is not found or not active."));
        if (!channel.ingestionEnabled()) {
            throw ApiException.invalidArgument("The channel is not configured for media storage: enable it with "
                    + "UpdateMediaStorageConfiguration on a stream first.");
        }
        if (!quota.tryAcquire(channel.arn())) {
            throw ApiException.clientLimitExceeded("JoinStorageSession is limited to "
                    + settings.callsPerSecondPerChannel() + " calls per second per channel");
        }
        ParticipantAddress participant = asViewer ? ParticipantAddress.viewer(channel.arn(), clientId)
                : ParticipantAddress.master(channel.arn());
        return bridge.join(new StorageJoin(participant, channel.name(), channel.storageStreamArn())).map(v -> null);
    }
}
