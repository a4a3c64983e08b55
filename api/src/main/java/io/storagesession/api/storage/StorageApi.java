package io.storagesession.api.storage;

import io.storagesession.api.bridge.ParticipantAddress;
import io.storagesession.api.bridge.StorageJoin;
import io.storagesession.api.bridge.StorageSessionBridge;
import io.storagesession.api.http.ApiCall;
import io.storagesession.api.http.ApiException;
import io.storagesession.api.http.ApiOperation;
import io.storagesession.api.http.KvsNames;
import io.storagesession.api.http.RefusalLog;
import io.storagesession.api.registry.Arns;
import io.storagesession.api.registry.Channel;
import io.storagesession.api.registry.ChannelLookup;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * JoinStorageSession and JoinStorageSessionAsViewer (KVS-WIRE.md §1 "Storage"): the only KVS APIs with camelCase
 * members ({@code channelArn}, {@code clientId}) and a 403 AccessDeniedException. A valid join is handed to the
 * {@link StorageSessionBridge}; the 200 with an empty body only promises that an offer will follow on the
 * participant's signaling WebSocket. A channel whose media storage is not enabled on a stream gets 400
 * InvalidArgumentException, as KVS answers it. Each API has its own quotas ({@link JoinQuotas}, KVS-WIRE.md §3).
 *
 * <p>Every refused join — quota, session limits, a channel without storage, a policy — is logged with the channel,
 * the participant and the error ({@link RefusalLog}), since the client only sees the error if its code prints it.
 */
public final class StorageApi {
    private final ChannelLookup channels;
    private final StorageSessionBridge bridge;
    private final JoinQuotas quotas;
    private final RefusalLog refusals;

    public StorageApi(ChannelLookup channels, StorageSessionBridge bridge, StorageApiSettings settings, Clock clock) {
        this.channels = channels;
        this.bridge = bridge;
        this.quotas = new JoinQuotas(settings, clock);
        this.refusals = new RefusalLog(LoggerFactory.getLogger(StorageApi.class), settings.refusalLog(), clock);
    }

    public List<ApiOperation> operations() {
        return Stream.of(JoinOperation.values())
                .map(operation -> ApiOperation.storage(operation.path, operation.apiName, call -> join(call, operation)))
                .toList();
    }

    private Future<JsonObject> join(ApiCall call, JoinOperation operation) {
        try {
            StorageJoin join = admit(call, operation);
            return bridge.join(join).onFailure(e -> {
                if (e instanceof ApiException refusal) {
                    logRefusal(call, operation, refusal);
                }
            }).map(v -> null);
        } catch (ApiException refusal) {
            logRefusal(call, operation, refusal);
            throw refusal;
        }
    }

    /** The checks KVS makes before a join reaches the session, in its order; each failure is the API's error. */
    private StorageJoin admit(ApiCall call, JoinOperation operation) {
        String channelArn = call.requiredString("channelArn");
        KvsNames.requireArn("channelArn", channelArn);
        String clientId = null;
        if (operation.asViewer()) {
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
        if (channels.streamByArn(channel.storageStreamArn()).isEmpty()) {
            throw ApiException.resourceNotFound("The stream of the channel's media storage configuration is not "
                    + "found: " + channel.storageStreamArn());
        }
        quotas.acquire(operation, channel.arn(), accountOf(channel));
        ParticipantAddress participant = operation.asViewer() ? ParticipantAddress.viewer(channel.arn(), clientId)
                : ParticipantAddress.master(channel.arn());
        return new StorageJoin(participant, channel.name(), channel.storageStreamArn());
    }

    /**
     * The account whose per-account quota a join counts against. KVS counts the caller's account; KVS has no
     * cross-account access to signaling channels, so that is always the account in the channel's ARN. On this server
     * every access key belongs to its one account ({@code signaling.registry.account-id}, the account of every ARN it
     * makes), which is the same answer.
     */
    private static String accountOf(Channel channel) {
        return Arns.parse(channel.arn()).map(Arns.Parsed::accountId).orElse(channel.arn());
    }

    private void logRefusal(ApiCall call, JoinOperation operation, ApiException refusal) {
        Object arn = call.body().getValue("channelArn");
        String channel = arn instanceof String s ? channels.channelByArn(s).map(Channel::name).orElse(s) : "(none)";
        Object clientId = call.body().getValue("clientId");
        String participant = !operation.asViewer() ? RefusalLog.participant(null)
                : RefusalLog.participant(clientId instanceof String s ? s : "(none)");
        refusals.refused(Level.INFO, channel, participant, operation.apiName + " refused with " + refusal.type(),
                refusal::getMessage);
    }
}
