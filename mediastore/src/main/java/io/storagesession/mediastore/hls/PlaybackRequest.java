package io.storagesession.mediastore.hls;

import io.storagesession.api.http.ApiException;
import io.storagesession.mediastore.store.TimestampKind;
import io.vertx.core.json.JsonObject;
import java.util.regex.Pattern;

/**
 * What GetHLSStreamingSessionURL and GetDASHStreamingSessionURL ask alike, validated as the
 * kinesis-video-archived-media service model and API reference describe both: StreamName
 * ({@code [a-zA-Z0-9_.-]{1,256}}) or StreamARN (≤ 1024); PlaybackMode LIVE (default), LIVE_REPLAY or ON_DEMAND; the
 * fragment selector (HLSFragmentSelector or DASHFragmentSelector) required for LIVE_REPLAY and ON_DEMAND (both its type
 * and range), while LIVE may give the type but no TimestampRange; StartTimestamp required in a range, EndTimestamp
 * required for ON_DEMAND, later than the start, within 24 h of it, and in the past for SERVER_TIMESTAMP;
 * DisplayFragmentTimestamp ALWAYS or NEVER (default); Expires 300..43200 s (default 300); the fragment limit
 * (MaxMediaPlaylistFragmentResults or MaxManifestFragmentResults) 1..5000, default 5 for LIVE and LIVE_REPLAY and 1000
 * for ON_DEMAND. Timestamps are epoch seconds, fractions allowed (KVS-WIRE.md §1). Violations are
 * InvalidArgumentException, mistyped JSON SerializationException.
 */
public record PlaybackRequest(String streamName, String streamArn, HlsSession.PlaybackMode playbackMode,
                              TimestampKind kind, long startMillis, long endMillis,
                              boolean displayFragmentTimestamp, int expiresSeconds, int maxResults) {
    private static final Pattern STREAM_NAME = Pattern.compile("[a-zA-Z0-9_.-]{1,256}");
    private static final Pattern STREAM_ARN =
            Pattern.compile("arn:[a-z\\d-]+:kinesisvideo:[a-z0-9-]+:[0-9]+:[a-z]+/[a-zA-Z0-9_.-]+/[0-9]+");
    private static final int MAX_ARN_LENGTH = 1024;
    /** Expires: 300 (5 minutes) to 43200 (12 hours), default 300. */
    public static final int MIN_EXPIRES = 300;
    public static final int MAX_EXPIRES = 43_200;
    public static final int DEFAULT_EXPIRES = MIN_EXPIRES;
    /** The fragment limit: 1..5000; default 5 for LIVE and LIVE_REPLAY, 1000 for ON_DEMAND. */
    public static final int MAX_RESULTS = 5000;
    public static final int DEFAULT_LIVE_RESULTS = 5;
    public static final int DEFAULT_ON_DEMAND_RESULTS = 1000;
    /** EndTimestamp "must be within 24 hours of the specified StartTimestamp". */
    public static final long MAX_RANGE_MILLIS = 24L * 60 * 60 * 1000;
    private static final double MILLIS_PER_SECOND = 1000.0;

    /**
     * @param selectorField   HLSFragmentSelector or DASHFragmentSelector
     * @param maxResultsField MaxMediaPlaylistFragmentResults or MaxManifestFragmentResults
     */
    public static PlaybackRequest parse(JsonObject body, long nowMillis, String selectorField,
                                        String maxResultsField) {
        String name = RequestFields.string(body, "StreamName");
        String arn = RequestFields.string(body, "StreamARN");
        if (name == null && arn == null) {
            throw ApiException.invalidArgument("Either StreamName or StreamARN must be specified");
        }
        if (name != null && !STREAM_NAME.matcher(name).matches()) {
            throw RequestFields.constraint(name, "streamName",
                    "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
        }
        if (arn != null && (arn.length() > MAX_ARN_LENGTH || !STREAM_ARN.matcher(arn).matches())) {
            throw RequestFields.constraint(arn, "streamARN",
                    "Member must satisfy regular expression pattern: " + STREAM_ARN);
        }
        HlsSession.PlaybackMode mode = RequestFields.enumValue(body, "PlaybackMode", HlsSession.PlaybackMode.class,
                HlsSession.PlaybackMode.LIVE);
        JsonObject selector = RequestFields.object(body, selectorField);
        TimestampKind kind = TimestampKind.SERVER_TIMESTAMP;
        JsonObject range = null;
        if (selector != null) {
            kind = RequestFields.enumValue(selector, "FragmentSelectorType", TimestampKind.class, null);
            range = RequestFields.object(selector, "TimestampRange");
        }
        long start = HlsSession.NO_START;
        long end = HlsSession.NO_END;
        if (mode == HlsSession.PlaybackMode.LIVE) {
            if (range != null) {
                throw ApiException.invalidArgument("TimestampRange must not be set when PlaybackMode is LIVE");
            }
            if (kind == null) {
                kind = TimestampKind.SERVER_TIMESTAMP;
            }
        } else {
            if (selector == null || kind == null || range == null) {
                throw ApiException.invalidArgument(selectorField + " with FragmentSelectorType and TimestampRange "
                        + "is required when PlaybackMode is " + mode);
            }
            Double startSeconds = RequestFields.number(range, "StartTimestamp");
            Double endSeconds = RequestFields.number(range, "EndTimestamp");
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
                if (span(start, end) > MAX_RANGE_MILLIS) {
                    throw ApiException.invalidArgument("EndTimestamp must be within 24 hours of StartTimestamp");
                }
                if (kind == TimestampKind.SERVER_TIMESTAMP && end > nowMillis) {
                    throw ApiException.invalidArgument(
                            "EndTimestamp must be in the past when FragmentSelectorType is SERVER_TIMESTAMP");
                }
            }
        }
        boolean display = RequestFields.always(body, "DisplayFragmentTimestamp");
        int expires = RequestFields.integer(body, "Expires", DEFAULT_EXPIRES, MIN_EXPIRES, MAX_EXPIRES, "expires");
        int defaultResults = mode == HlsSession.PlaybackMode.ON_DEMAND ? DEFAULT_ON_DEMAND_RESULTS
                : DEFAULT_LIVE_RESULTS;
        String maxMember = Character.toLowerCase(maxResultsField.charAt(0)) + maxResultsField.substring(1);
        int max = RequestFields.integer(body, maxResultsField, defaultResults, 1, MAX_RESULTS, maxMember);
        return new PlaybackRequest(name, arn, mode, kind, start, end, display, expires, max);
    }

    /** {@code end - start}, saturated: timestamps far apart (±1e300 s) must not wrap round into a short range. */
    private static long span(long start, long end) {
        try {
            return Math.subtractExact(end, start);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /** When a session created at {@code nowMillis} stops being accepted. */
    public long expiresMillis(long nowMillis) {
        return nowMillis + expiresSeconds * (long) MILLIS_PER_SECOND;
    }
}
