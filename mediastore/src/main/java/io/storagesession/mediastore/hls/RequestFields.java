package io.storagesession.mediastore.hls;

import io.storagesession.api.http.ApiException;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;

/**
 * Typed reads of a request's JSON fields with the AWS JSON protocol's answers (KVS-WIRE.md §1): a field of the wrong
 * JSON type is a SerializationException, a value outside the service model's constraints an InvalidArgumentException
 * worded as the service's validation ("1 validation error detected: Value '…' at '…' failed to satisfy constraint:
 * …"). Shared by the streaming-session requests of HLS and DASH, whose members follow the same rules.
 */
public final class RequestFields {
    private static final String ALWAYS = "ALWAYS";
    private static final String NEVER = "NEVER";

    private RequestFields() {
    }

    /** A string member, or null when absent. */
    public static String string(JsonObject o, String field) {
        Object v = o.getValue(field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s)) {
            throw ApiException.serialization(field + " must be a string");
        }
        return s;
    }

    /** A structure member, or null when absent. */
    public static JsonObject object(JsonObject o, String field) {
        Object v = o.getValue(field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof JsonObject j)) {
            throw ApiException.serialization(field + " must be an object");
        }
        return j;
    }

    /** A finite number (a timestamp in epoch seconds, fractions allowed), or null when absent. */
    public static Double number(JsonObject o, String field) {
        Object v = o.getValue(field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue())) {
            throw ApiException.serialization(field + " must be a number of epoch seconds");
        }
        return n.doubleValue();
    }

    /**
     * An integer member within the model's {@code min..max}, or {@code defaultValue} when absent.
     *
     * @param member the member's name as the service's validation message spells it (lower camel case)
     */
    public static int integer(JsonObject o, String field, int defaultValue, int min, int max, String member) {
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

    /** An enum member by its exact name, or {@code defaultValue} when absent. */
    public static <E extends Enum<E>> E enumValue(JsonObject o, String field, Class<E> type, E defaultValue) {
        String v = string(o, field);
        if (v == null) {
            return defaultValue;
        }
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(v)) {
                return e;
            }
        }
        throw constraint(v, member(field), "Member must satisfy enum value set: "
                + Arrays.toString(type.getEnumConstants()));
    }

    /** An {@code ALWAYS | NEVER} member (DisplayFragmentTimestamp, DisplayFragmentNumber): true for ALWAYS. */
    public static boolean always(JsonObject o, String field) {
        String v = string(o, field);
        if (v != null && !v.equals(ALWAYS) && !v.equals(NEVER)) {
            throw constraint(v, member(field), "Member must satisfy enum value set: [" + ALWAYS + ", " + NEVER + "]");
        }
        return ALWAYS.equals(v);
    }

    /** The AWS JSON protocol's wording of a constraint violation (as the control plane's validation answers). */
    public static ApiException constraint(Object value, String member, String rule) {
        return ApiException.invalidArgument("1 validation error detected: Value '" + value + "' at '" + member
                + "' failed to satisfy constraint: " + rule);
    }

    private static String member(String field) {
        return Character.toLowerCase(field.charAt(0)) + field.substring(1);
    }
}
