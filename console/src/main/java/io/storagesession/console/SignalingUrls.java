package io.storagesession.console;

import io.storagesession.api.auth.AccessKey;
import io.storagesession.api.auth.SigV4;
import io.storagesession.api.http.ApiException;
import io.storagesession.api.http.KvsNames;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.time.Duration;

/**
 * {@code POST /console/signaling-url}: a presigned signaling WebSocket URL for the page's Watch (ConnectAsViewer)
 * and Be the camera (ConnectAsMaster), signed with the signed-in key as a KVS SDK signs it (KVS-WIRE.md §2), for the
 * host and scheme the page itself was loaded from. The page thus speaks the KVS signaling protocol without ever
 * holding the secret; the hub then checks the URL, the channel and the key's policy as it does for any client.
 */
final class SignalingUrls {
    private static final String MASTER = "MASTER";
    private static final String VIEWER = "VIEWER";

    private final ConsoleSessions sessions;
    private final Duration expiry;

    SignalingUrls(ConsoleSessions sessions, Duration expiry) {
        this.sessions = sessions;
        this.expiry = expiry;
    }

    void presign(RoutingContext ctx) {
        ConsoleSession session = sessions.findForChange(ctx.request()).orElseThrow(ConsoleRequests::signedOut);
        JsonObject body = ConsoleRequests.jsonBody(ctx);
        String channelArn = ConsoleRequests.requiredString(body, "ChannelARN");
        KvsNames.requireArn("ChannelARN", channelArn);
        String role = ConsoleRequests.requiredString(body, "Role");
        StringBuilder query = new StringBuilder("X-Amz-ChannelARN=").append(SigV4.uriEncode(channelArn, false));
        if (VIEWER.equals(role)) {
            String clientId = body.getValue("ClientId") instanceof String s ? s : null;
            String problem = KvsNames.clientIdProblem(clientId);
            if (problem != null) {
                throw ApiException.invalidArgument(problem);
            }
            query.append("&X-Amz-ClientId=").append(SigV4.uriEncode(clientId, false));
        } else if (!MASTER.equals(role)) {
            throw ApiException.invalidArgument("Role must be MASTER or VIEWER");
        }
        AccessKey key = session.principal().key();
        UrlPresigner presigner = new UrlPresigner(key.accessKeyId(), key.secretAccessKey(),
                session.principal().region());
        String scheme = ConsoleRequests.https(ctx) ? "wss" : "ws";
        URI url = presigner.presign(URI.create(scheme + "://" + ctx.request().authority() + "/?" + query), expiry);
        ConsoleRequests.json(ctx, 200, new JsonObject().put("Url", url.toString()));
    }
}
