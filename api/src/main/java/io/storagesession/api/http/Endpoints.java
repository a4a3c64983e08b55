package io.storagesession.api.http;

/**
 * The base URLs this server hands out in GetSignalingChannelEndpoint and GetDataEndpoint, all derived from the
 * server's public URL ({@code --public-url}): one port serves every API and the WebSocket, so they differ only in
 * scheme. Clients append paths themselves (e.g. {@code /v1/get-ice-server-config}, {@code /putMedia}).
 *
 * @param wss    the signaling WebSocket base ({@code ws://…} or {@code wss://…})
 * @param https  the signaling REST base ({@code http://…} or {@code https://…})
 * @param webrtc the storage API base (JoinStorageSession)
 * @param data   the data-plane base (PutMedia, GetMedia, HLS)
 */
public record Endpoints(String wss, String https, String webrtc, String data) {

    /** Derives every endpoint from one public base URL such as {@code http://127.0.0.1:8080}. */
    public static Endpoints fromPublicUrl(String publicUrl) {
        String base = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        String ws;
        if (base.startsWith("https://")) {
            ws = "wss://" + base.substring("https://".length());
        } else if (base.startsWith("http://")) {
            ws = "ws://" + base.substring("http://".length());
        } else {
            throw new IllegalArgumentException("public URL must start with http:// or https://: " + publicUrl);
        }
        return new Endpoints(ws, base, base, base);
    }
}
