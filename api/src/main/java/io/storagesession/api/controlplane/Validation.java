package io.storagesession.api.controlplane;

import io.storagesession.api.http.ApiCall;
import io.storagesession.api.http.ApiException;
import io.storagesession.api.registry.Arns;
import io.storagesession.api.registry.KvsLimits;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Request validation with the constraints of the KVS service model (lengths, patterns, enums, ranges), failing with
 * {@code InvalidArgumentException} and AWS's "1 validation error detected" wording so clients see the same message
 * they would from AWS. Type errors (a number where a string belongs) are {@code SerializationException}, as AWS
 * answers a body it cannot deserialise.
 */
final class Validation {
    /** Channel and stream names, and DeviceName: {@code [a-zA-Z0-9_.-]+}. */
    static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_.-]+");
    /** Largest MaxResults of ListSignalingChannels and ListStreams. */
    static final int MAX_LIST_RESULTS = 10_000;
    /** Versions ({@code CurrentVersion}): {@code [a-zA-Z0-9]+}, at most 64 characters. */
    private static final Pattern VERSION = Pattern.compile("[a-zA-Z0-9]+");
    private static final int MAX_VERSION_LENGTH = 64;
    /** Tag keys and values: {@code ^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$}. */
    private static final Pattern TAG_TEXT = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");
    private static final int MAX_TAG_KEY_LENGTH = 128;
    private static final int MAX_TAG_VALUE_LENGTH = 256;
    /** AWS reserves tag keys starting with {@code aws:} for itself. */
    private static final String RESERVED_TAG_PREFIX = "aws:";

    private Validation() {
    }

    static ApiException invalid(String field, Object value, String constraint) {
        return ApiException.invalidArgument("1 validation error detected: Value '" + value + "' at '" + field
                + "' failed to satisfy constraint: Member must " + constraint);
    }

    static ApiException missing(String field) {
        return ApiException.invalidArgument("1 validation error detected: Value null at '" + field
                + "' failed to satisfy constraint: Member must not be null");
    }

    /** A channel or stream name (or DeviceName): 1..max characters of {@code [a-zA-Z0-9_.-]}; null when absent. */
    static String name(String field, String value, int maxLength) {
        if (value == null) {
            return null;
        }
        length(field, value, 1, maxLength);
        if (!NAME.matcher(value).matches()) {
            throw invalid(field, value, "satisfy regular expression pattern: " + NAME.pattern());
        }
        return value;
    }

    static String name(ApiCall call, String field) {
        return name(field, call.optionalString(field), KvsLimits.MAX_NAME_LENGTH);
    }

    static String requiredName(ApiCall call, String field) {
        return name(field, call.requiredString(field), KvsLimits.MAX_NAME_LENGTH);
    }

    /** A KVS ARN member; null when absent. */
    static String arn(String field, String value) {
        if (value == null) {
            return null;
        }
        length(field, value, 1, Arns.MAX_ARN_LENGTH);
        if (Arns.parse(value).isEmpty()) {
            throw invalid(field, value, "satisfy regular expression pattern: "
                    + "arn:[a-z\\d-]+:kinesisvideo:[a-z0-9-]+:[0-9]+:[a-z]+/[a-zA-Z0-9_.-]+/[0-9]+");
        }
        return value;
    }

    static String arn(ApiCall call, String field) {
        return arn(field, call.optionalString(field));
    }

    static String requiredArn(ApiCall call, String field) {
        return arn(field, call.requiredString(field));
    }

    /** A {@code CurrentVersion}; null when absent. */
    static String version(ApiCall call, String field) {
        String v = call.optionalString(field);
        if (v == null) {
            return null;
        }
        length(field, v, 1, MAX_VERSION_LENGTH);
        if (!VERSION.matcher(v).matches()) {
            throw invalid(field, v, "satisfy regular expression pattern: " + VERSION.pattern());
        }
        return v;
    }

    static String requiredVersion(ApiCall call, String field) {
        call.requiredString(field);
        return version(call, field);
    }

    static void length(String field, String value, int min, int max) {
        if (value.length() < min || value.length() > max) {
            throw invalid(field, value, "have length " + (value.length() < min ? "greater than or equal to " + min
                    : "less than or equal to " + max));
        }
    }

    /** A value of an enum; {@code fallback} when absent (null fallback: required). */
    static String oneOf(String field, String value, List<String> allowed, String fallback) {
        if (value == null) {
            if (fallback == null) {
                throw missing(field);
            }
            return fallback;
        }
        if (!allowed.contains(value)) {
            throw invalid(field, value, "satisfy enum value set: " + allowed);
        }
        return value;
    }

    /** An integer within {@code min..max}; {@code fallback} when absent. */
    static int range(String field, Integer value, int min, int max, int fallback) {
        if (value == null) {
            return fallback;
        }
        if (value < min || value > max) {
            throw invalid(field, value, "have value " + (value < min ? "greater than or equal to " + min
                    : "less than or equal to " + max));
        }
        return value;
    }

    /** A string member of a nested structure; a non-string is a serialization error, as in {@link ApiCall}. */
    static String string(JsonObject object, String field) {
        Object v = object.getValue(field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s)) {
            throw ApiException.serialization(field + " must be a string");
        }
        return s;
    }

    static Integer integer(JsonObject object, String field) {
        Object v = object.getValue(field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())
                || Math.abs(n.doubleValue()) > Integer.MAX_VALUE) {
            throw ApiException.serialization(field + " must be an integer");
        }
        return n.intValue();
    }

    static JsonObject object(JsonObject object, String field) {
        Object v = object.getValue(field);
        if (v != null && !(v instanceof JsonObject)) {
            throw ApiException.serialization(field + " must be an object");
        }
        return (JsonObject) v;
    }

    /** A list of strings (TagKeyList, Protocols) of {@code min..max} items. */
    static List<String> strings(String field, JsonArray array, int min, int max) {
        if (array == null) {
            throw missing(field);
        }
        if (array.size() < min || array.size() > max) {
            throw invalid(field, array.encode(), "have length " + (array.size() < min
                    ? "greater than or equal to " + min : "less than or equal to " + max));
        }
        List<String> out = new ArrayList<>(array.size());
        for (Object o : array) {
            if (!(o instanceof String s)) {
                throw ApiException.serialization(field + " must be a list of strings");
            }
            out.add(s);
        }
        return out;
    }

    /** Tags in the list shape of the channel APIs ({@code [{"Key","Value"}]}), {@code min..50} items. */
    static Map<String, String> tagList(String field, JsonArray array, int min) {
        if (array == null) {
            if (min > 0) {
                throw missing(field);
            }
            return Map.of();
        }
        checkTagCount(field, array.size(), min);
        Map<String, String> out = new LinkedHashMap<>();
        for (Object o : array) {
            if (!(o instanceof JsonObject tag)) {
                throw ApiException.serialization(field + " must be a list of {Key, Value} objects");
            }
            String key = string(tag, "Key");
            String value = string(tag, "Value");
            if (key == null) {
                throw missing(field + ".member.Key");
            }
            if (value == null) {
                throw missing(field + ".member.Value");
            }
            out.put(tagKey(key), tagValue(value));
        }
        return out;
    }

    /** Tags in the map shape of the stream APIs ({@code {"key":"value"}}), {@code min..50} entries. */
    static Map<String, String> tagMap(String field, JsonObject map, int min) {
        if (map == null) {
            if (min > 0) {
                throw missing(field);
            }
            return Map.of();
        }
        checkTagCount(field, map.size(), min);
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : map) {
            if (!(e.getValue() instanceof String value)) {
                throw ApiException.serialization(field + " values must be strings");
            }
            out.put(tagKey(e.getKey()), tagValue(value));
        }
        return out;
    }

    /** A TagKeyList: 1..50 valid keys. */
    static List<String> tagKeys(String field, JsonArray array) {
        List<String> keys = strings(field, array, 1, KvsLimits.MAX_TAGS_PER_RESOURCE);
        keys.forEach(Validation::tagKey);
        return keys;
    }

    private static void checkTagCount(String field, int count, int min) {
        if (count < min || count > KvsLimits.MAX_TAGS_PER_RESOURCE) {
            throw invalid(field, count + " tags", "have length " + (count < min ? "greater than or equal to " + min
                    : "less than or equal to " + KvsLimits.MAX_TAGS_PER_RESOURCE));
        }
    }

    static String tagKey(String key) {
        length("Key", key, 1, MAX_TAG_KEY_LENGTH);
        tagText("Key", key);
        if (key.toLowerCase(Locale.ROOT).startsWith(RESERVED_TAG_PREFIX)) {
            throw invalid("Key", key, "not begin with the reserved prefix " + RESERVED_TAG_PREFIX);
        }
        return key;
    }

    private static String tagValue(String value) {
        length("Value", value, 0, MAX_TAG_VALUE_LENGTH);
        return tagText("Value", value);
    }

    private static String tagText(String field, String text) {
        if (!TAG_TEXT.matcher(text).matches()) {
            throw invalid(field, text, "satisfy regular expression pattern: ^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$");
        }
        return text;
    }

    /** KVS identifies a resource by name or by ARN: at least one of the two members must be present. */
    static void eitherOf(String first, Object firstValue, String second, Object secondValue) {
        if (firstValue == null && secondValue == null) {
            throw ApiException.invalidArgument("Either " + first + " or " + second + " must be specified");
        }
    }

    static Set<String> distinct(List<String> values) {
        return new LinkedHashSet<>(values);
    }
}
