package io.storagesession.api.controlplane;

import io.storagesession.api.http.ApiCall;
import io.storagesession.api.http.ApiException;
import io.storagesession.api.http.ApiOperation;
import io.storagesession.api.http.Endpoints;
import io.storagesession.api.registry.Channel;
import io.storagesession.api.registry.Registry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The signaling-channel operations of the KVS control plane: Create/Describe/List/Update/DeleteSignalingChannel and
 * GetSignalingChannelEndpoint, with the members and constraints of the KVS API reference.
 */
final class ChannelApi {
    /** KVS's MessageTtlSeconds range and default (SingleMasterConfiguration). */
    static final int MIN_MESSAGE_TTL_SECONDS = 5;
    static final int MAX_MESSAGE_TTL_SECONDS = 120;
    static final int DEFAULT_MESSAGE_TTL_SECONDS = 60;
    /** The ChannelType values of the model; storage sessions (and this server) support only SINGLE_MASTER. */
    private static final List<String> SUPPORTED_TYPES = List.of(Registry.SINGLE_MASTER);
    private static final String FULL_MESH = "FULL_MESH";
    static final String WSS = "WSS";
    static final String HTTPS = "HTTPS";
    static final String WEBRTC = "WEBRTC";
    private static final List<String> PROTOCOLS = List.of(WSS, HTTPS, WEBRTC);
    private static final List<String> ROLES = List.of("MASTER", "VIEWER");
    /** Protocols answered when the request has no SingleMasterChannelEndpointConfiguration. */
    private static final List<String> DEFAULT_PROTOCOLS = List.of(WSS, HTTPS);
    /** Protocols is a list of 1..5 members in the model. */
    private static final int MAX_PROTOCOLS = 5;

    private final Registry registry;
    private final Resolver resolver;
    private final Endpoints endpoints;
    private final ControlPlaneSettings settings;
    private final Clock clock;

    ChannelApi(Registry registry, Resolver resolver, Endpoints endpoints, ControlPlaneSettings settings, Clock clock) {
        this.registry = registry;
        this.resolver = resolver;
        this.endpoints = endpoints;
        this.settings = settings;
        this.clock = clock;
    }

    List<ApiOperation> operations() {
        return List.of(
                ApiOperation.controlPlane("/createSignalingChannel", "CreateSignalingChannel", this::create),
                ApiOperation.controlPlane("/describeSignalingChannel", "DescribeSignalingChannel", this::describe),
                ApiOperation.controlPlane("/listSignalingChannels", "ListSignalingChannels", this::list),
                ApiOperation.controlPlane("/updateSignalingChannel", "UpdateSignalingChannel", this::update),
                ApiOperation.controlPlane("/deleteSignalingChannel", "DeleteSignalingChannel", this::delete),
                ApiOperation.controlPlane("/getSignalingChannelEndpoint", "GetSignalingChannelEndpoint", this::endpoint));
    }

    /** CreateSignalingChannel; authorised on the ARN the channel will have. */
    private Future<JsonObject> create(ApiCall call) {
        String name = Validation.requiredName(call, "ChannelName");
        String type = call.optionalString("ChannelType");
        if (FULL_MESH.equals(type)) {
            throw ApiException.invalidArgument("ChannelType FULL_MESH is not supported; use SINGLE_MASTER");
        }
        Validation.oneOf("ChannelType", type, SUPPORTED_TYPES, Registry.SINGLE_MASTER);
        int ttl = messageTtl(call.optionalObject("SingleMasterConfiguration"), DEFAULT_MESSAGE_TTL_SECONDS);
        Map<String, String> tags = Validation.tagList("Tags", call.optionalArray("Tags"), 0);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        call.authorize(registry.arns().channelArn(name, now));
        return registry.createChannel(name, ttl, now, tags)
                .map(ch -> new JsonObject().put("ChannelARN", ch.arn()));
    }

    private Future<JsonObject> describe(ApiCall call) {
        Channel ch = resolver.channel(call);
        return Future.succeededFuture(new JsonObject().put("ChannelInfo", Views.channelInfo(ch)));
    }

    /** ListSignalingChannels in name order, paged by MaxResults/NextToken, filtered by ChannelNameCondition. */
    private Future<JsonObject> list(ApiCall call) {
        call.authorize(null);
        return Future.succeededFuture(Listing.page(call, settings, "ChannelNameCondition", "ChannelInfoList", registry::channels, Views::channelInfo,
                Channel::name));
    }

    /** UpdateSignalingChannel: CurrentVersion must match (else VersionMismatchException). */
    private Future<JsonObject> update(ApiCall call) {
        String arn = Validation.requiredArn(call, "ChannelARN");
        String version = Validation.requiredVersion(call, "CurrentVersion");
        Channel ch = resolver.channelByArn(call, arn);
        int ttl = messageTtl(call.optionalObject("SingleMasterConfiguration"), ch.messageTtlSeconds());
        return registry.updateChannel(arn, version, ttl).map(updated -> new JsonObject());
    }

    private Future<JsonObject> delete(ApiCall call) {
        String arn = Validation.requiredArn(call, "ChannelARN");
        String version = Validation.version(call, "CurrentVersion");
        resolver.channelByArn(call, arn);
        return registry.deleteChannel(arn, version).map(deleted -> new JsonObject());
    }

    /**
     * GetSignalingChannelEndpoint: one endpoint per requested protocol. WEBRTC (the storage API) is only offered
     * for a channel whose media storage is enabled, as KVS answers InvalidArgumentException otherwise.
     */
    private Future<JsonObject> endpoint(ApiCall call) {
        Channel ch = resolver.channelByArn(call, Validation.requiredArn(call, "ChannelARN"));
        JsonObject config = call.optionalObject("SingleMasterChannelEndpointConfiguration");
        List<String> protocols = DEFAULT_PROTOCOLS;
        if (config != null) {
            Validation.oneOf("Role", Validation.string(config, "Role"), ROLES, ROLES.get(0));
            JsonArray requested = config.getValue("Protocols") instanceof JsonArray a ? a : null;
            if (config.getValue("Protocols") != null && requested == null) {
                throw ApiException.serialization("Protocols must be a list");
            }
            if (requested != null) {
                protocols = Validation.strings("Protocols", requested, 1, MAX_PROTOCOLS);
                protocols.forEach(p -> Validation.oneOf("Protocols.member", p, PROTOCOLS, null));
            }
        }
        Set<String> distinct = Validation.distinct(protocols);
        if (distinct.contains(WEBRTC) && !ch.ingestionEnabled()) {
            throw ApiException.invalidArgument("The WEBRTC endpoint is only available for a channel whose media "
                    + "storage configuration is ENABLED");
        }
        JsonArray list = new JsonArray();
        for (String protocol : distinct) {
            list.add(new JsonObject().put("Protocol", protocol).put("ResourceEndpoint", endpointFor(protocol)));
        }
        return Future.succeededFuture(new JsonObject().put("ResourceEndpointList", list));
    }

    private String endpointFor(String protocol) {
        return switch (protocol) {
            case WSS -> endpoints.wss();
            case HTTPS -> endpoints.https();
            default -> endpoints.webrtc();
        };
    }

    private static int messageTtl(JsonObject config, int fallback) {
        if (config == null) {
            return fallback;
        }
        return Validation.range("MessageTtlSeconds", Validation.integer(config, "MessageTtlSeconds"),
                MIN_MESSAGE_TTL_SECONDS, MAX_MESSAGE_TTL_SECONDS, fallback);
    }
}
