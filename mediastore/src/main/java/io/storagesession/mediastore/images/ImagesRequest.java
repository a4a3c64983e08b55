package io.storagesession.mediastore.images;

import io.storagesession.api.http.ApiCall;
import io.storagesession.api.http.ApiException;
import io.storagesession.mediastore.read.Timestamps;
import io.storagesession.mediastore.store.TimestampKind;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * A checked GetImages request (KVS-WIRE.md §6; the AWS model's GetImagesInput and the GetImages API reference). Every
 * rule refused here is answered before the stream is touched: InvalidArgumentException (400) for a value out of its
 * range, SerializationException (400) for a value of the wrong JSON type.
 *
 * <ul>
 *   <li>{@code ImageSelectorType} PRODUCER_TIMESTAMP | SERVER_TIMESTAMP, {@code StartTimestamp},
 *       {@code EndTimestamp} and {@code Format} JPEG | PNG are required (the model's {@code required}).
 *   <li>{@code EndTimestamp} not before {@code StartTimestamp}, and at most 300 s after it (API reference).
 *   <li>{@code SamplingInterval} in ms, at least 200 (API reference: 5 images per second). The current model no longer
 *       marks it required and documents no default, so a request without it is refused rather than guessed at; it has
 *       no upper bound: a range shorter than the interval yields the one image at StartTimestamp.
 *   <li>{@code FormatConfig}: exactly one entry (the model's map min/max 1), key {@code JPEGQuality}, value a string
 *       of an integer 1..100 (default 80).
 *   <li>{@code WidthPixels} 1..3840, {@code HeightPixels} 1..2160 ({@link OutputSize}).
 *   <li>{@code MaxResults} 1..100 (the model's GetImagesMaxResults); the page holds at most the configured page size
 *       (KVS: 25) whatever it says.
 *   <li>{@code NextToken} 1..4096 characters of base64 (the model's NextToken shape); what it holds is checked by
 *       {@link ImagesPageToken}.
 * </ul>
 */
record ImagesRequest(TimestampKind kind, long startMillis, long endMillis, int intervalMillis, ImageFormat format,
                     int jpegQuality, OutputSize size, int pageSize, String nextToken) {
    /** API reference: a range longer than 300 s is refused. */
    static final long MAX_RANGE_MILLIS = 300_000;
    /** API reference: the smallest SamplingInterval, 200 ms (5 images per second). */
    static final int MIN_INTERVAL_MILLIS = 200;
    /** API reference: JPEGQuality's default and range. */
    static final int DEFAULT_JPEG_QUALITY = 80;
    static final int MIN_JPEG_QUALITY = 1;
    static final int MAX_JPEG_QUALITY = 100;
    static final String JPEG_QUALITY = "JPEGQuality";
    /** The model's FormatConfigValue shape: at most 256 characters of {@code ^[a-zA-Z_0-9]+}. */
    private static final Pattern FORMAT_CONFIG_VALUE = Pattern.compile("[a-zA-Z_0-9]{1,256}");
    /** The model's NextToken shape: 1..4096 characters of {@code [a-zA-Z0-9+/]+={0,2}}. */
    private static final Pattern NEXT_TOKEN = Pattern.compile("[a-zA-Z0-9+/]{1,4094}={0,2}");
    private static final int MAX_NEXT_TOKEN_CHARS = 4096;
    /** The model's GetImagesMaxResults range. */
    private static final long MAX_RESULTS = 100;
    /**
     * The latest timestamp taken: the end of year 9999, the last instant ISO 8601's four-digit years (and so the AWS
     * SDKs' timestamp formats) can name. Timestamps before 1970 are refused too; no fragment is stored there.
     */
    static final long MAX_TIMESTAMP_MILLIS = Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli();

    /** Checks the call's body; {@code maxPageSize} is the configured page size. */
    static ImagesRequest parse(ApiCall call, int maxPageSize) {
        JsonObject body = call.body();
        TimestampKind kind = kind(call.requiredString("ImageSelectorType"));
        long start = timestamp(body, "StartTimestamp");
        long end = timestamp(body, "EndTimestamp");
        if (end < start) {
            throw ApiException.invalidArgument("EndTimestamp must not be before StartTimestamp");
        }
        if (end - start > MAX_RANGE_MILLIS) {
            throw ApiException.invalidArgument("The range between StartTimestamp and EndTimestamp must not exceed "
                    + MAX_RANGE_MILLIS / 1000 + " seconds");
        }
        Integer interval = call.optionalInt("SamplingInterval");
        if (interval == null) {
            throw ApiException.invalidArgument("SamplingInterval is required");
        }
        if (interval < MIN_INTERVAL_MILLIS) {
            throw ApiException.invalidArgument("SamplingInterval must be at least " + MIN_INTERVAL_MILLIS + " ms");
        }
        ImageFormat format = format(call.requiredString("Format"));
        int quality = jpegQuality(call.optionalObject("FormatConfig"));
        OutputSize size = new OutputSize(pixels(call, "WidthPixels", OutputSize.MAX_WIDTH),
                pixels(call, "HeightPixels", OutputSize.MAX_HEIGHT));
        Integer maxResults = maxResults(body);
        int page = maxResults == null ? maxPageSize : Math.min(maxResults, maxPageSize);
        String token = call.optionalString("NextToken");
        if (token != null && (token.length() > MAX_NEXT_TOKEN_CHARS || !NEXT_TOKEN.matcher(token).matches())) {
            throw ApiException.invalidArgument("NextToken is not one this server returned");
        }
        return new ImagesRequest(kind, start, end, interval, format, quality, size, page, token);
    }

    /** Samples in the whole range: StartTimestamp, then every SamplingInterval up to EndTimestamp inclusive. */
    int sampleCount() {
        return (int) ((endMillis - startMillis) / intervalMillis) + 1;
    }

    /** The time of sample {@code index} (0 is StartTimestamp). */
    long sampleMillis(int index) {
        return startMillis + (long) index * intervalMillis;
    }

    private static TimestampKind kind(String value) {
        try {
            return TimestampKind.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidArgument("ImageSelectorType must be PRODUCER_TIMESTAMP or SERVER_TIMESTAMP");
        }
    }

    private static ImageFormat format(String value) {
        try {
            return ImageFormat.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidArgument("Format must be JPEG or PNG");
        }
    }

    private static long timestamp(JsonObject body, String field) {
        Object value = body.getValue(field);
        if (value == null) {
            throw ApiException.invalidArgument("1 validation error detected: Value null at '" + field
                    + "' failed to satisfy constraint: Member must not be null");
        }
        if (!(value instanceof Number)) {
            throw ApiException.serialization(field + " must be a number of epoch seconds");
        }
        long millis = Timestamps.millis(value, field);
        if (millis < 0 || millis > MAX_TIMESTAMP_MILLIS) {
            throw ApiException.invalidArgument(field + " must be between 1970 and the end of year 9999");
        }
        return millis;
    }

    private static int jpegQuality(JsonObject config) {
        if (config == null) {
            return DEFAULT_JPEG_QUALITY;
        }
        if (config.size() != 1 || !config.containsKey(JPEG_QUALITY)) {
            throw ApiException.invalidArgument("FormatConfig must hold exactly one entry, " + JPEG_QUALITY);
        }
        if (!(config.getValue(JPEG_QUALITY) instanceof String value)) {
            throw ApiException.serialization("FormatConfig." + JPEG_QUALITY + " must be a string");
        }
        if (!FORMAT_CONFIG_VALUE.matcher(value).matches()) {
            throw ApiException.invalidArgument(JPEG_QUALITY + " must be an integer from " + MIN_JPEG_QUALITY + " to "
                    + MAX_JPEG_QUALITY);
        }
        int quality;
        try {
            quality = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            quality = -1;
        }
        if (quality < MIN_JPEG_QUALITY || quality > MAX_JPEG_QUALITY) {
            throw ApiException.invalidArgument(JPEG_QUALITY + " must be an integer from " + MIN_JPEG_QUALITY + " to "
                    + MAX_JPEG_QUALITY);
        }
        return quality;
    }

    private static Integer pixels(ApiCall call, String field, int max) {
        Integer value = call.optionalInt(field);
        if (value != null && (value < 1 || value > max)) {
            throw ApiException.invalidArgument(field + " must be between 1 and " + max);
        }
        return value;
    }

    /** MaxResults, of the model's type {@code long}: any JSON integer, refused outside 1..100. */
    private static Integer maxResults(JsonObject body) {
        Object v = body.getValue("MaxResults");
        if (v == null) {
            return null;
        }
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
            throw ApiException.serialization("MaxResults must be an integer");
        }
        if (n.doubleValue() < 1 || n.doubleValue() > MAX_RESULTS) {
            throw ApiException.invalidArgument("MaxResults must be between 1 and " + MAX_RESULTS);
        }
        return n.intValue();
    }
}
