package io.storagesession.mediastore.hls;

import io.storagesession.api.http.ApiException;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * A GetHLSStreamingSessionURL request, validated as the kinesis-video-archived-media service model and API reference
 * describe it: StreamName ({@code [a-zA-Z0-9_.-]{1,256}}) or StreamARN (≤ 1024); PlaybackMode LIVE (default),
 * LIVE_REPLAY or ON_DEMAND; HLSFragmentSelector required for LIVE_REPLAY and ON_DEMAND (both its type and range), while
 * LIVE may give the type but no TimestampRange; StartTimestamp required in a range, EndTimestamp required for ON_DEMAND,
 * later than the start, within 24 h of it, and in the past for SERVER_TIMESTAMP; ContainerFormat FRAGMENTED_MP4
 * (default) or MPEG_TS; DiscontinuityMode defaulting to ALWAYS for SERVER_TIMESTAMP and NEVER for PRODUCER_TIMESTAMP;
 * DisplayFragmentTimestamp ALWAYS or NEVER (default); Expires 300..43200 s (default 300);
 * MaxMediaPlaylistFragmentResults 1..5000 (default 5 live, 1000 on demand). Timestamps are epoch seconds, fractions
 * allowed (KVS-WIRE.md §1). Violations are InvalidArgumentException, mistyped JSON SerializationException.
 */
public record HlsSessionRequest(String streamName, String streamArn, HlsSession.PlaybackMode playbackMode,
                                HlsTimestampKind kind, long startMillis, long endMillis,
                                HlsSession.ContainerFormat containerFormat,
                                HlsSession.DiscontinuityMode discontinuityMode, boolean displayFragmentTimestamp,
                                int expiresSeconds, int maxResults) {
    private static final Pattern STREAM_NAME = Pattern.compile("[a-zA-Z0-9_.-]{1,256}");
    private static final Pattern STREAM_ARN =
            Pattern.compile("arn:[a-z\\d-]+:kinesisvideo:[a-z0-9-]+:[0-9]+:[a-z]+/[a-zA-Z0-9_.-]+/[0-9]+");
    private static final int MAX_ARN_LENGTH = 1024;
    /** Expires: 300 (5 minutes) to 43200 (12 hours), default 300. */
    static final int MIN_EXPIRES = 300;
    static final int MAX_EXPIRES = 43_200;
    static final int DEFAULT_EXPIRES = MIN_EXPIRES;
    /** MaxMediaPlaylistFragmentResults: 1..5000; default 5 for LIVE and LIVE_REPLAY, 1000 for ON_DEMAND. */
    static final int MAX_RESULTS = 5000;
    static final int DEFAULT_LIVE_RESULTS = 5;
    static final int DEFAULT_ON_DEMAND_RESULTS = 1000;
    /** EndTimestamp "must be within 24 hours of the specified StartTimestamp". */
    static final long MAX_RANGE_MILLIS = 24L * 60 * 60 * 1000;
    private static final double MILLIS_PER_SECOND = 1000.0;

    public static HlsSessionRequest parse(JsonObject body, long nowMillis) {
        String name = string(body, "StreamName");
        String arn = string(body, "StreamARN");
        if (name == null && arn == null) {
            throw ApiException.invalidArgument("Either StreamName or StreamARN must be specified");
        }
        if (name != null && !STREAM_NAME.matcher(name).matches()) {
            throw constraint(name, "streamName", "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
        }
        if (arn != null && (arn.length() > MAX_ARN_LENGTH || !STREAM_ARN.matcher(arn).matches())) {
            throw constraint(arn, "streamARN", "Member must satisfy regular expression pattern: " + STREAM_ARN);
        }
        HlsSession.PlaybackMode mode = enumValue(body, "PlaybackMode", HlsSession.PlaybackMode.class,
                HlsSession.PlaybackMode.LIVE);
        JsonObject selector = object(body, "HLSFragmentSelector");
        HlsTimestampKind kind = HlsTimestampKind.SERVER_TIMESTAMP;
        JsonObject range = null;
        if (selector != null) {
            kind = enumValue(selector, "FragmentSelectorType", HlsTimestampKind.class, null);
            range = object(selector, "TimestampRange");
        }
        long start = HlsSession.NO_START;
        long end = HlsSession.NO_END;
        if (mode == HlsSession.PlaybackMode.LIVE) {
            if (range != null) {
                throw ApiException.invalidArgument("TimestampRange must not be set when PlaybackMode is LIVE");
            }
            if (kind == null) {
                kind = HlsTimestampKind.SERVER_TIMESTAMP;
            }
        } else {
            if (selector == null || kind == null || range == null) {
                throw ApiException.invalidArgument("HLSFragmentSelector with FragmentSelectorType and TimestampRange "
                        + "is required when PlaybackMode is " + mode);
            }
            Double startSeconds = number(range, "StartTimestamp");
            Double endSeconds = number(range, "EndTimestamp");
            if (startSeconds == null) {
                throw ApiException.invalidArgument("StartTimestamp is required in TimestampRange");
            }
            if (endSeconds == null && mode == HlsSession.PlaybackMode.ON_DEMAND) {
                throw ApiException.invalidArgument("EndTimestamp is required when PlaybackMode is ON_DEMAND");
            }
            start = Math.round(startSeconds * MILLIS_PER_SECOND);
            if (endSeconds != null) {
                end = Math.round(endSeconds * MILLIS_PER_SECOND);
                if (end <= start) {
                    throw ApiException.invalidArgument("EndTimestamp must be later than StartTimestamp");
                }
                if (end - start > MAX_RANGE_MILLIS) {
                    throw ApiException.invalidArgument("EndTimestamp must be within 24 hours of StartTimestamp");
                }
                if (kind == HlsTimestampKind.SERVER_TIMESTAMP && end > nowMillis) {
                    throw ApiException.invalidArgument(
                            "EndTimestamp must be in the past when FragmentSelectorType is SERVER_TIMESTAMP");
                }
            }
        }
        HlsSession.ContainerFormat container = enumValue(body, "ContainerFormat", HlsSession.ContainerFormat.class,
                HlsSession.ContainerFormat.FRAGMENTED_MP4);
        HlsSession.DiscontinuityMode discontinuity = enumValue(body, "DiscontinuityMode",
                HlsSession.DiscontinuityMode.class, kind == HlsTimestampKind.SERVER_TIMESTAMP
                        ? HlsSession.DiscontinuityMode.ALWAYS : HlsSession.DiscontinuityMode.NEVER);
        String display = string(body, "DisplayFragmentTimestamp");
        if (display != null && !display.equals("ALWAYS") && !display.equals("NEVER")) {
            throw constraint(display, "displayFragmentTimestamp", "Member must satisfy enum value set: [ALWAYS, NEVER]");
        }
        int expires = integer(body, "Expires", DEFAULT_EXPIRES, MIN_EXPIRES, MAX_EXPIRES, "expires");
        int defaultResults = mode == HlsSession.PlaybackMode.ON_DEMAND ? DEFAULT_ON_DEMAND_RESULTS : DEFAULT_LIVE_RESULTS;
        int max = integer(body, "MaxMediaPlaylistFragmentResults", defaultResults, 1, MAX_RESULTS,
                "maxMediaPlaylistFragmentResults");
        return new HlsSessionRequest(name, arn, mode, kind, start, end, container, discontinuity,
                "ALWAYS".equals(display), expires, max);
    }

    /** The session this request grants on {@code stream}, created at {@code nowMillis}. */
    public HlsSession session(HlsStream stream, long nowMillis) {
        return new HlsSession(stream.name(), stream.arn(), playbackMode, kind, startMillis, endMillis, containerFormat,
                discontinuityMode, displayFragmentTimestamp, maxResults, nowMillis,
                nowMillis + expiresSeconds * (long) MILLIS_PER_SECOND);
    }

    private static String string(JsonObject o, String field) {
        Object v = o.getValue(field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s)) {
            throw ApiException.serialization(field + " must be a string");
        }
        return s;
    }

    private static JsonObject object(JsonObject o, String field) {
        Object v = o.getValue(field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof JsonObject j)) {
            throw ApiException.serialization(field + " must be an object");
        }
        return j;
    }

    private static Double number(JsonObject o, String field) {
        Object v = o.getValue(field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue())) {
            throw ApiException.serialization(field + " must be a number of epoch seconds");
        }
        return n.doubleValue();
    }

    private static int integer(JsonObject o, String field, int defaultValue, int min, int max, String member) {
        Object v = o.getValue(field);
        if (v == null) {
            return defaultValue;
        }
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
            throw ApiException.serialization(field + " must be an integer");
        }
        double d = n.doubleValue();
        if (d < min) {
            throw constraint(v, member, "Member must have value greater than or equal to " + min);
        }
        if (d > max) {
            throw constraint(v, member, "Member must have value less than or equal to " + max);
        }
        return (int) d;
    }

    private static <E extends Enum<E>> E enumValue(JsonObject o, String field, Class<E> type, E defaultValue) {
        String v = string(o, field);
        if (v == null) {
            return defaultValue;
        }
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(v)) {
                return e;
            }
        }
        String member = Character.toLowerCase(field.charAt(0)) + field.substring(1);
        throw constraint(v, member, "Member must satisfy enum value set: "
                + Arrays.toString(type.getEnumConstants()));
    }

    /** The AWS JSON protocol's wording of a constraint violation (as the control plane's validation answers). */
    private static ApiException constraint(Object value, String member, String rule) {
        return ApiException.invalidArgument("1 validation error detected: Value '" + value + "' at '" + member
                + "' failed to satisfy constraint: " + rule);
    }
}
