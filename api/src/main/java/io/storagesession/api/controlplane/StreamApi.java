package io.storagesession.api.controlplane;

import io.storagesession.api.http.ApiCall;
import io.storagesession.api.http.ApiOperation;
import io.storagesession.api.http.Endpoints;
import io.storagesession.api.registry.KvsLimits;
import io.storagesession.api.registry.Registry;
import io.storagesession.api.registry.Stream;
import io.storagesession.api.registry.StreamSpec;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The stream operations of the KVS control plane: Create/Describe/List/DeleteStream, UpdateDataRetention and
 * GetDataEndpoint, with the members and constraints of the KVS API reference.
 */
final class StreamApi {
    /** DeviceName and MediaType are at most 128 characters. */
    private static final int MAX_DEVICE_NAME_LENGTH = 128;
    private static final int MAX_MEDIA_TYPE_LENGTH = 128;
    /** KmsKeyId is 1..2048 characters. */
    private static final int MAX_KMS_KEY_ID_LENGTH = 2048;
    /** MediaType: one or more comma-separated MIME types ({@code video/h264,audio/aac}). */
    private static final Pattern MEDIA_TYPE =
            Pattern.compile("[\\w\\-\\.\\+]+/[\\w\\-\\.\\+]+(,[\\w\\-\\.\\+]+/[\\w\\-\\.\\+]+)*");
    /** The APIName values of GetDataEndpoint; every one is served from the data endpoint here. */
    static final List<String> API_NAMES = List.of("PUT_MEDIA", "GET_MEDIA", "LIST_FRAGMENTS",
            "GET_MEDIA_FOR_FRAGMENT_LIST", "GET_HLS_STREAMING_SESSION_URL", "GET_DASH_STREAMING_SESSION_URL",
            "GET_CLIP", "GET_IMAGES");
    private static final String INCREASE = "INCREASE_DATA_RETENTION";
    private static final String DECREASE = "DECREASE_DATA_RETENTION";
    private static final List<String> RETENTION_OPERATIONS = List.of(INCREASE, DECREASE);
    /** The alias of the AWS-managed key KVS encrypts with when CreateStream names no KmsKeyId. */
    private static final String DEFAULT_KMS_ALIAS = "alias/aws/kinesisvideo";

    private final Registry registry;
    private final Resolver resolver;
    private final Endpoints endpoints;
    private final ControlPlaneSettings settings;
    private final Clock clock;

    StreamApi(Registry registry, Resolver resolver, Endpoints endpoints, ControlPlaneSettings settings, Clock clock) {
        this.registry = registry;
        this.resolver = resolver;
        this.endpoints = endpoints;
        this.settings = settings;
        this.clock = clock;
    }

    List<ApiOperation> operations() {
        return List.of(
                ApiOperation.controlPlane("/createStream", "CreateStream", this::create),
                ApiOperation.controlPlane("/describeStream", "DescribeStream", this::describe),
                ApiOperation.controlPlane("/listStreams", "ListStreams", this::list),
                ApiOperation.controlPlane("/deleteStream", "DeleteStream", this::delete),
                ApiOperation.controlPlane("/updateDataRetention", "UpdateDataRetention", this::updateRetention),
                ApiOperation.controlPlane("/getDataEndpoint", "GetDataEndpoint", this::dataEndpoint));
    }

    /** CreateStream; authorised on the ARN the stream will have. The stream is ACTIVE at once. */
    private Future<JsonObject> create(ApiCall call) {
        String name = Validation.requiredName(call, "StreamName");
        String device = Validation.name("DeviceName", call.optionalString("DeviceName"), MAX_DEVICE_NAME_LENGTH);
        String mediaType = call.optionalString("MediaType");
        if (mediaType != null) {
            Validation.length("MediaType", mediaType, 1, MAX_MEDIA_TYPE_LENGTH);
            if (!MEDIA_TYPE.matcher(mediaType).matches()) {
                throw Validation.invalid("MediaType", mediaType, "satisfy regular expression pattern: " + MEDIA_TYPE);
            }
        }
        String kmsKeyId = call.optionalString("KmsKeyId");
        if (kmsKeyId != null) {
            Validation.length("KmsKeyId", kmsKeyId, 1, MAX_KMS_KEY_ID_LENGTH);
        } else {
            kmsKeyId = "arn:aws:kms:" + registry.settings().region() + ':' + registry.settings().accountId() + ':'
                    + DEFAULT_KMS_ALIAS;
        }
        int retention = Validation.range("DataRetentionInHours", call.optionalInt("DataRetentionInHours"), 0,
                KvsLimits.MAX_DATA_RETENTION_HOURS, 0);
        Map<String, String> tags = call.optionalObject("Tags") == null ? Map.of()
                : Validation.tagMap("Tags", call.optionalObject("Tags"), 1);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        call.authorize(registry.arns().streamArn(name, now));
        return registry.createStream(new StreamSpec(name, device, mediaType, kmsKeyId, retention), now, tags)
                .map(st -> new JsonObject().put("StreamARN", st.arn()));
    }

    private Future<JsonObject> describe(ApiCall call) {
        Stream st = resolver.stream(call);
        return Future.succeededFuture(new JsonObject().put("StreamInfo", Views.streamInfo(st)));
    }

    /** ListStreams in name order, paged by MaxResults/NextToken, filtered by StreamNameCondition. */
    private Future<JsonObject> list(ApiCall call) {
        call.authorize(null);
        return Future.succeededFuture(Listing.page(call, settings, "StreamNameCondition", "StreamInfoList", registry::streams, Views::streamInfo,
                Stream::name));
    }

    /** DeleteStream: StreamARN required, CurrentVersion optional but checked when given. */
    private Future<JsonObject> delete(ApiCall call) {
        String arn = Validation.requiredArn(call, "StreamARN");
        String version = Validation.version(call, "CurrentVersion");
        resolver.streamByArn(call, arn);
        return registry.deleteStream(arn, version).map(deleted -> new JsonObject());
    }

    /** UpdateDataRetention: INCREASE/DECREASE by DataRetentionChangeInHours (≥ 1) from CurrentVersion. */
    private Future<JsonObject> updateRetention(ApiCall call) {
        String version = Validation.requiredVersion(call, "CurrentVersion");
        String operation = Validation.oneOf("Operation", call.optionalString("Operation"), RETENTION_OPERATIONS, null);
        Integer change = call.optionalInt("DataRetentionChangeInHours");
        if (change == null) {
            throw Validation.missing("DataRetentionChangeInHours");
        }
        int hours = Validation.range("DataRetentionChangeInHours", change, 1, KvsLimits.MAX_DATA_RETENTION_HOURS, 0);
        Stream st = resolver.stream(call);
        return registry.changeDataRetention(st.arn(), version, DECREASE.equals(operation) ? -hours : hours)
                .map(updated -> new JsonObject());
    }

    /** GetDataEndpoint: every data-plane API is served from one base URL; clients append the API's path. */
    private Future<JsonObject> dataEndpoint(ApiCall call) {
        Validation.oneOf("APIName", call.optionalString("APIName"), API_NAMES, null);
        resolver.stream(call);
        return Future.succeededFuture(new JsonObject().put("DataEndpoint", endpoints.data()));
    }
}
