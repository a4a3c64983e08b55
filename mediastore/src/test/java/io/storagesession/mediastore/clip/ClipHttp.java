package io.storagesession.mediastore.clip;

import io.storagesession.mediastore.SignedJson;
import io.storagesession.mediastore.TestServer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * GetClip requests the AWS SDK would never send (bodies of the wrong JSON types) and connections it would not make (a
 * client that stops reading and hangs up), signed with the SDK's own SigV4 signer so that only the body is hostile.
 */
final class ClipHttp {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** A whole answer: status, headers (lower-case names) and body. */
    record Answer(int status, Map<String, String> headers, byte[] body) {
        JsonObject json() {
            return new JsonObject(new String(body, StandardCharsets.UTF_8));
        }
    }

    private ClipHttp() {
    }

    /** POSTs {@code json} to {@code /getClip}, signed (SHA-256 of the body), and reads the whole answer. */
    static Answer post(URI base, String json) throws IOException, InterruptedException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + GetClipApi.PATH)).timeout(TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        SignedJson.headers(URI.create(base + GetClipApi.PATH), TestServer.KEY, body).forEach((name, value) -> {
            if (!name.equalsIgnoreCase("host")) {
                request.header(name, value);
            }
        });
        HttpResponse<byte[]> response = HttpClient.newBuilder().connectTimeout(TIMEOUT).build()
                .send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        Map<String, String> headers = new LinkedHashMap<>();
        response.headers().map().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
        return new Answer(response.statusCode(), headers, response.body());
    }

    /** Reads an HTTP/1.1 response head (status line and headers) from {@code in}, byte by byte. */
    static String head(java.io.InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        return head.toString();
    }

    /**
     * Opens a raw connection with a small receive window, sends a signed GetClip request with {@code json} and
     * returns the socket unread: the caller reads as little as it likes and closes it.
     */
    static Socket open(URI base, String json, int receiveBufferBytes) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        Socket socket = new Socket();
        socket.setReceiveBufferSize(receiveBufferBytes);
        socket.connect(new java.net.InetSocketAddress(base.getHost(), base.getPort()));
        socket.setSoTimeout((int) TIMEOUT.toMillis());
        StringBuilder head = new StringBuilder("POST " + GetClipApi.PATH + " HTTP/1.1\r\n");
        Map<String, String> headers = SignedJson.headers(URI.create(base + GetClipApi.PATH), TestServer.KEY, body);
        if (headers.keySet().stream().noneMatch("host"::equalsIgnoreCase)) {
            head.append("Host: ").append(base.getAuthority()).append("\r\n");
        }
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        OutputStream out = socket.getOutputStream();
        out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        return socket;
    }
}
