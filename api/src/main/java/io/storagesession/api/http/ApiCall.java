package io.storagesession.api.http;

import io.storagesession.api.auth.Principal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * One verified API call: its JSON body, who signed it and the action it names. Handlers read fields through
 * the typed accessors, which turn a missing or mistyped field into KVS's {@code InvalidArgumentException}
 * rather than a crash, and call {@link #authorize} with the resource the call touches.
 */
public final class ApiCall {
    private final ApiOperation operation;
    private final JsonObject body;
    private final Principal principal;
    private final String requestId;
    private final RoutingContext context;

    ApiCall(ApiOperation operation, JsonObject body, Principal principal, String requestId, RoutingContext context) {
        this.operation = operation;
        this.body = body;
        this.principal = principal;
        this.requestId = requestId;
        this.context = context;
    }

    public JsonObject body() {
        return body;
    }

    public Principal principal() {
        return principal;
    }

    public String requestId() {
        return requestId;
    }

    /** The HTTP exchange, for the few handlers that need a header or the Host. */
    public RoutingContext context() {
        return context;
    }

    /** Throws the operation's access-denied error unless the caller's policy allows this action on the resource. */
    public void authorize(String resourceArn) {
        if (!principal.allows(operation.action(), resourceArn)) {
            throw new ApiException(operation.accessDeniedStatus(), operation.accessDeniedType(),
                    "User " + principal.key().accessKeyId() + " is not authorized to perform: " + operation.action()
                            + (resourceArn == null ? "" : " on resource: " + resourceArn));
        }
    }

    public String optionalString(String field) {
        Object v = body.getValue(field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s)) {
            throw ApiException.serialization(field + " must be a string");
        }
        return s;
    }

    public String requiredString(String field) {
        String v = optionalString(field);
        if (v == null) {
            throw ApiException.invalidArgument("1 validation error detected: Value null at '" + field
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return v;
    }

    public Integer optionalInt(String field) {
        Object v = body.getValue(field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())
                || Math.abs(n.doubleValue()) > Integer.MAX_VALUE) {
            throw ApiException.serialization(field + " must be an integer");
        }
        return n.intValue();
    }

    public JsonObject optionalObject(String field) {
        Object v = body.getValue(field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof JsonObject o)) {
            throw ApiException.serialization(field + " must be an object");
        }
        return o;
    }

    public JsonArray optionalArray(String field) {
        Object v = body.getValue(field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof JsonArray a)) {
            throw ApiException.serialization(field + " must be a list");
        }
        return a;
    }
}
