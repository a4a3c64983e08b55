package io.storagesession.api.controlplane;

import io.storagesession.api.http.ApiCall;
import io.storagesession.api.http.ApiException;
import io.storagesession.api.http.ApiOperation;
import io.storagesession.api.registry.Channel;
import io.storagesession.api.registry.Registry;
import io.storagesession.api.registry.Stream;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The media storage operations of the KVS control plane, which map a signaling channel to the stream its storage
 * session records into: UpdateMediaStorageConfiguration, DescribeMediaStorageConfiguration and
 * DescribeMappedResourceConfiguration. Clients treat ingestion as on when Status is ENABLED and StreamARN is set.
 */
final class MediaStorageApi {
    static final String ENABLED = "ENABLED";
    static final String DISABLED = "DISABLED";
    private static final List<String> STATUSES = List.of(ENABLED, DISABLED);
    /** The Type this server reports for the channel a stream is mapped to (the model leaves it a free string). */
    static final String MAPPED_CHANNEL_TYPE = "SIGNALING_CHANNEL";
    /** DescribeMappedResourceConfiguration's MaxResults has the fixed value 1 in the model. */
    private static final int MAPPED_MAX_RESULTS = 1;

    private final Registry registry;
    private final Resolver resolver;

    MediaStorageApi(Registry registry, Resolver resolver) {
        this.registry = registry;
        this.resolver = resolver;
    }

    List<ApiOperation> operations() {
        return List.of(
                ApiOperation.controlPlane("/updateMediaStorageConfiguration", "UpdateMediaStorageConfiguration",
                        this::update),
                ApiOperation.controlPlane("/describeMediaStorageConfiguration", "DescribeMediaStorageConfiguration",
                        this::describe),
                ApiOperation.controlPlane("/describeMappedResourceConfiguration", "DescribeMappedResourceConfiguration",
                        this::describeMapped));
    }

    /**
     * UpdateMediaStorageConfiguration. ENABLED needs a StreamARN; the stream must exist and retain data
     * ({@code NoDataRetentionException}) and may be mapped to one channel only ({@code ResourceInUseException}).
     * DISABLED without a StreamARN removes the mapping.
     */
    private Future<JsonObject> update(ApiCall call) {
        String channelArn = Validation.requiredArn(call, "ChannelARN");
        JsonObject config = call.optionalObject("MediaStorageConfiguration");
        if (config == null) {
            throw Validation.missing("MediaStorageConfiguration");
        }
        String status = Validation.oneOf("MediaStorageConfiguration.Status", Validation.string(config, "Status"),
                STATUSES, null);
        String streamArn = Validation.arn("MediaStorageConfiguration.StreamARN", Validation.string(config, "StreamARN"));
        boolean enabled = ENABLED.equals(status);
        if (enabled && streamArn == null) {
            throw ApiException.invalidArgument("MediaStorageConfiguration.StreamARN is required when Status is ENABLED");
        }
        resolver.channelByArn(call, channelArn);
        return registry.updateMediaStorage(channelArn, streamArn, enabled).map(ch -> new JsonObject());
    }

    private Future<JsonObject> describe(ApiCall call) {
        Channel ch = resolver.channel(call);
        JsonObject config = new JsonObject().put("StreamARN", ch.storageStreamArn())
                .put("Status", ch.storageEnabled() ? ENABLED : DISABLED);
        return Future.succeededFuture(new JsonObject().put("MediaStorageConfiguration", config));
    }

    /** DescribeMappedResourceConfiguration: the channel (at most one) whose media storage maps this stream. */
    private Future<JsonObject> describeMapped(ApiCall call) {
        Validation.range("MaxResults", call.optionalInt("MaxResults"), MAPPED_MAX_RESULTS, MAPPED_MAX_RESULTS,
                MAPPED_MAX_RESULTS);
        Stream st = resolver.stream(call);
        JsonArray list = new JsonArray();
        registry.channelLinkedTo(st.arn()).ifPresent(ch ->
                list.add(new JsonObject().put("Type", MAPPED_CHANNEL_TYPE).put("ARN", ch.arn())));
        return Future.succeededFuture(new JsonObject().put("MappedResourceConfigurationList", list));
    }
}
