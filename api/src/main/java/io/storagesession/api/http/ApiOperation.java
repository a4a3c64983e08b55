package io.storagesession.api.http;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * One KVS operation: its path ({@code POST /createSignalingChannel}), the IAM action it needs, the error KVS answers
 * when that action is denied (401 {@code AccessDeniedException} in the control plane, 401
 * {@code NotAuthorizedException} in signaling REST, 403 {@code AccessDeniedException} in the storage API), and the
 * handler. A handler's future yields the response body, or null for an empty 200 (JoinStorageSession).
 */
public record ApiOperation(String path, String action, int accessDeniedStatus, String accessDeniedType, Handler handler) {

    /** The work of an operation; must not block (it runs on an event loop). */
    @FunctionalInterface
    public interface Handler {
        Future<JsonObject> handle(ApiCall call);
    }

    /** The operation's name as metrics and logs show it: the action without its service prefix. */
    public String name() {
        int colon = action.indexOf(':');
        return colon < 0 ? action : action.substring(colon + 1);
    }

    public static ApiOperation controlPlane(String path, String operation, Handler handler) {
        return new ApiOperation(path, "kinesisvideo:" + operation, 401, "AccessDeniedException", handler);
    }

    public static ApiOperation signaling(String path, String operation, Handler handler) {
        return new ApiOperation(path, "kinesisvideo:" + operation, 401, "NotAuthorizedException", handler);
    }

    public static ApiOperation storage(String path, String operation, Handler handler) {
        return new ApiOperation(path, "kinesisvideo:" + operation, 403, "AccessDeniedException", handler);
    }
}
