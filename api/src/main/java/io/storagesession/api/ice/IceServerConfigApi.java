package io.storagesession.api.ice;

import io.storagesession.api.http.ApiCall;
import io.storagesession.api.http.ApiException;
import io.storagesession.api.http.ApiOperation;
import io.storagesession.api.http.KvsNames;
import io.storagesession.api.http.PerKeyRateLimiter;
import io.storagesession.api.registry.Channel;
import io.storagesession.api.registry.ChannelLookup;
import io.storagesession.turn.RestCredentials;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code POST /v1/get-ice-server-config} of the signaling REST API (KVS-WIRE.md §1 "Signaling REST"): one
 * {@code IceServerList} entry per configured TURN server, each with fresh TURN REST-API credentials that expire after
 * the configured TTL. The servers are asked for on every call, so a deployment can change them at run time
 * (for example when the embedded TURN server's port is only known after it binds).
 */
public final class IceServerConfigApi {
    /** The only service KVS's GetIceServerConfig knows. */
    private static final String SERVICE_TURN = "TURN";
    private static final String DEFAULT_USER = "user";

    private final ChannelLookup channels;
    private final Supplier<List<IceServer>> servers;
    private final IceSettings settings;
    private final Clock clock;
    private final PerKeyRateLimiter quota;

    public IceServerConfigApi(ChannelLookup channels, Supplier<List<IceServer>> servers, IceSettings settings,
                              Clock clock) {
        this.channels = channels;
        this.servers = servers;
        this.settings = settings;
        this.clock = clock;
        this.quota = new PerKeyRateLimiter(settings.callsPerSecondPerChannel(), settings.rateLimiterSweepThreshold(), clock);
    }

    public ApiOperation operation() {
        return ApiOperation.signaling("/v1/get-ice-server-config", "GetIceServerConfig", this::handle);
    }

    private Future<JsonObject> handle(ApiCall call) {
        String channelArn = call.requiredString("ChannelARN");
        KvsNames.requireArn("ChannelARN", channelArn);
        String clientId = call.optionalString("ClientId");
        if (clientId != null && KvsNames.clientIdProblem(clientId) != null) {
            throw ApiException.invalidArgument(KvsNames.clientIdProblem(clientId));
        }
        String service = call.optionalString("Service");
        if (service != null && !SERVICE_TURN.equals(service)) {
            throw ApiException.invalidArgument("Service must be TURN");
        }
        String username = call.optionalString("Username");
        if (username != null && !KvsNames.isValidName(username)) {
            throw ApiException.invalidArgument("Username must match [a-zA-Z0-9_.-]+ and be at most "
                    + KvsNames.MAX_NAME_LENGTH + " characters");
        }
        call.authorize(channelArn);
        Channel channel = channels.channelByArn(channelArn).orElseThrow(() ->
                ApiException.resourceNotFound("The requested channel is not found or not active."));
        if (!quota.tryAcquire(channel.arn())) {
            throw ApiException.clientLimitExceeded("GetIceServerConfig is limited to "
                    + settings.callsPerSecondPerChannel() + " calls per second per channel");
        }
        // "<channel name>:<user>": TURN servers read the channel back out of the REST username to apply the
        // per-channel allocation quota; names and client ids cannot contain ':'.
        String user = channel.name() + ":" + (username != null ? username : clientId != null ? clientId : DEFAULT_USER);
        Instant expiry = clock.instant().plus(settings.credentialTtl());
        JsonArray list = new JsonArray();
        for (IceServer server : servers.get()) {
            RestCredentials creds = RestCredentials.issue(server.sharedSecret(), user, expiry);
            list.add(new JsonObject().put("Uris", new JsonArray(server.uris())).put("Username", creds.username())
                    .put("Password", creds.password()).put("Ttl", settings.credentialTtl().toSeconds()));
        }
        if (list.isEmpty()) {
            throw ApiException.internal();
        }
        return Future.succeededFuture(new JsonObject().put("IceServerList", list));
    }
}
