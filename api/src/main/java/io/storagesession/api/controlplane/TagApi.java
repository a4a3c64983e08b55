package io.storagesession.api.controlplane;

import io.storagesession.api.http.ApiCall;
import io.storagesession.api.http.ApiOperation;
import io.storagesession.api.registry.Registry;
import io.storagesession.api.registry.Stream;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * The tag operations of the KVS control plane. Channels are tagged through TagResource/UntagResource/
 * ListTagsForResource ({@code ResourceARN}, tags as a {@code [{Key,Value}]} list), streams through
 * TagStream/UntagStream/ListTagsForStream ({@code StreamARN} or {@code StreamName}, tags as a map) — the two shapes
 * KVS has. A resource holds at most 50 tags ({@code TagsPerResourceExceededLimitException}); a tag on an existing
 * key replaces its value.
 */
final class TagApi {
    private final Registry registry;
    private final Resolver resolver;

    TagApi(Registry registry, Resolver resolver) {
        this.registry = registry;
        this.resolver = resolver;
    }

    List<ApiOperation> operations() {
        return List.of(
                ApiOperation.controlPlane("/TagResource", "TagResource", this::tagResource),
                ApiOperation.controlPlane("/UntagResource", "UntagResource", this::untagResource),
                ApiOperation.controlPlane("/ListTagsForResource", "ListTagsForResource", this::listTagsForResource),
                ApiOperation.controlPlane("/tagStream", "TagStream", this::tagStream),
                ApiOperation.controlPlane("/untagStream", "UntagStream", this::untagStream),
                ApiOperation.controlPlane("/listTagsForStream", "ListTagsForStream", this::listTagsForStream));
    }

    private Future<JsonObject> tagResource(ApiCall call) {
        String arn = Validation.requiredArn(call, "ResourceARN");
        Map<String, String> tags = Validation.tagList("Tags", call.optionalArray("Tags"), 1);
        resolver.channelByArn(call, arn);
        return registry.tag(arn, tags).map(t -> new JsonObject());
    }

    private Future<JsonObject> untagResource(ApiCall call) {
        String arn = Validation.requiredArn(call, "ResourceARN");
        List<String> keys = Validation.tagKeys("TagKeyList", call.optionalArray("TagKeyList"));
        resolver.channelByArn(call, arn);
        return registry.untag(arn, keys).map(t -> new JsonObject());
    }

    /** ListTagsForResource: at most 50 tags, so one page; NextToken is never returned. */
    private Future<JsonObject> listTagsForResource(ApiCall call) {
        String arn = Validation.requiredArn(call, "ResourceARN");
        resolver.channelByArn(call, arn);
        return Future.succeededFuture(new JsonObject().put("Tags", Views.tags(registry.tagsOf(arn))));
    }

    private Future<JsonObject> tagStream(ApiCall call) {
        Map<String, String> tags = Validation.tagMap("Tags", call.optionalObject("Tags"), 1);
        Stream st = resolver.stream(call);
        return registry.tag(st.arn(), tags).map(t -> new JsonObject());
    }

    private Future<JsonObject> untagStream(ApiCall call) {
        List<String> keys = Validation.tagKeys("TagKeyList", call.optionalArray("TagKeyList"));
        Stream st = resolver.stream(call);
        return registry.untag(st.arn(), keys).map(t -> new JsonObject());
    }

    /** ListTagsForStream: at most 50 tags, so one page; NextToken is never returned. */
    private Future<JsonObject> listTagsForStream(ApiCall call) {
        Stream st = resolver.stream(call);
        return Future.succeededFuture(new JsonObject().put("Tags", Views.tags(registry.tagsOf(st.arn()))));
    }
}
