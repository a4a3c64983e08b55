package io.storagesession.api.http;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/** Writes responses in KVS's rest-json shape (KVS-WIRE.md §1). */
public final class ApiResponses {
    public static final String REQUEST_ID = "x-amzn-RequestId";
    public static final String ERROR_TYPE = "x-amzn-ErrorType";

    private ApiResponses() {
    }

    public static void ok(HttpServerResponse response, String requestId, JsonObject body) {
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(200).putHeader(REQUEST_ID, requestId);
        if (body == null) {
            response.putHeader("Content-Length", "0").end();
        } else {
            response.putHeader("Content-Type", "application/json").end(body.toBuffer());
        }
    }

    public static void error(HttpServerResponse response, String requestId, ApiException error) {
        if (response.ended() || response.closed()) {
            return;
        }
        JsonObject body = new JsonObject().put("__type", error.type()).put("message", error.getMessage());
        response.setStatusCode(error.status())
                .putHeader(REQUEST_ID, requestId)
                .putHeader(ERROR_TYPE, error.type())
                .putHeader("Content-Type", "application/json")
                .end(body.toBuffer());
    }
}
