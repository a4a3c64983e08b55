package io.storagesession.mediastore.clip;

import io.storagesession.api.http.ApiException;
import io.storagesession.mediastore.hls.RequestFields;
import io.storagesession.mediastore.read.Timestamps;
import io.storagesession.mediastore.store.TimestampKind;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Arrays;

/**
 * GetClip's ClipFragmentSelector, validated as the API reference describes it (ClipFragmentSelector and
 * ClipTimestampRange): FragmentSelectorType PRODUCER_TIMESTAMP or SERVER_TIMESTAMP and a TimestampRange, both
 * required; StartTimestamp and EndTimestamp required (epoch seconds, fractions allowed, KVS-WIRE.md §1), EndTimestamp
 * later than StartTimestamp and within 24 hours of it, and in the past when the selector is SERVER_TIMESTAMP. Both ends
 * are inclusive and compared with the fragments' start: "only fragments that start exactly at or after
 * StartTimestamp", and those that start at or before EndTimestamp. Violations are InvalidArgumentException in the AWS
 * JSON protocol's validation wording; a field of the wrong JSON type is SerializationException. StreamName and
 * StreamARN are read by {@code StreamLookup}.
 *
 * @param kind        which of a fragment's timestamps the range selects on
 * @param startMillis StartTimestamp in epoch milliseconds (rounded to the nearest)
 * @param endMillis   EndTimestamp in epoch milliseconds
 */
public record ClipRequest(TimestampKind kind, long startMillis, long endMillis) {
    /** ClipTimestampRange: "This value must be within 24 hours of the specified StartTimestamp". */
    static final long MAX_RANGE_MILLIS = Duration.ofHours(24).toMillis();
    private static final String SELECTOR = "ClipFragmentSelector";
    private static final String TYPE = "FragmentSelectorType";
    private static final String RANGE = "TimestampRange";
    private static final String START = "StartTimestamp";
    private static final String END = "EndTimestamp";
    /** The range's member path in validation messages. */
    private static final String RANGE_MEMBER = "clipFragmentSelector.timestampRange";

    public static ClipRequest parse(JsonObject body, long nowMillis) {
        JsonObject selector = required(RequestFields.object(body, SELECTOR), "clipFragmentSelector");
        String type = required(RequestFields.string(selector, TYPE), "clipFragmentSelector.fragmentSelectorType");
        TimestampKind kind = Arrays.stream(TimestampKind.values()).filter(k -> k.name().equals(type))
                .findFirst().orElseThrow(() -> RequestFields.constraint(type,
                        "clipFragmentSelector.fragmentSelectorType",
                        "Member must satisfy enum value set: " + Arrays.toString(TimestampKind.values())));
        JsonObject range = required(RequestFields.object(selector, RANGE), RANGE_MEMBER);
        long start = Timestamps.millis(required(RequestFields.number(range, START), RANGE_MEMBER + ".startTimestamp"),
                START);
        long end = Timestamps.millis(required(RequestFields.number(range, END), RANGE_MEMBER + ".endTimestamp"), END);
        if (end <= start) {
            throw ApiException.invalidArgument("EndTimestamp must be later than StartTimestamp");
        }
        if (end - start > MAX_RANGE_MILLIS) {
            throw ApiException.invalidArgument("EndTimestamp must be within 24 hours of StartTimestamp");
        }
        if (kind == TimestampKind.SERVER_TIMESTAMP && end > nowMillis) {
            throw ApiException.invalidArgument(
                    "EndTimestamp must be in the past when FragmentSelectorType is SERVER_TIMESTAMP");
        }
        return new ClipRequest(kind, start, end);
    }

    private static <T> T required(T value, String member) {
        if (value == null) {
            throw RequestFields.constraint(null, member, "Member must not be null");
        }
        return value;
    }
}
