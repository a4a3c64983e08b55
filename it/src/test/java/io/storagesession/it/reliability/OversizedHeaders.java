package io.storagesession.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.it.ServerProcess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Request heads past what the HTTP listener parses (Vert.x's defaults: an 8 KiB header block, a 4 KiB request line):
 * refused with 431 / 414 and the connection closed, before anything routes them.
 */
final class OversizedHeaders {
    private static final int HEADER_BYTES = 64 * 1024;
    private static final int URI_BYTES = 16 * 1024;
    private static final int READ_TIMEOUT_MILLIS = 20_000;
    private static final int ANSWER_BYTES = 4096;

    private OversizedHeaders() {
    }

    static void assertRefused(ServerProcess server) throws Exception {
        URI http = server.http("");
        String host = "Host: " + http.getAuthority() + "\r\n";
        String header = exchange(http, "GET /health HTTP/1.1\r\n" + host + "X-Big: " + "h".repeat(HEADER_BYTES)
                + "\r\n\r\n");
        String uri = exchange(http, "GET /health?" + "u".repeat(URI_BYTES) + " HTTP/1.1\r\n" + host + "\r\n");
        System.out.printf("a %d-byte header answered \"%s\"; a %d-byte request line answered \"%s\"%n", HEADER_BYTES,
                statusLine(header), URI_BYTES, statusLine(uri));
        assertThat(statusLine(header)).as("header block past the limit").contains(" 431 ");
        assertThat(statusLine(uri)).as("request line past the limit").contains(" 414 ");
    }

    /** Sends {@code head} and reads the answer until the server closes (fails if it does not within the timeout). */
    private static String exchange(URI server, String head) throws IOException {
        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            try {
                socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            } catch (IOException closedWhileSending) {
                // the server may answer and close before it read everything; its answer is still to be read
            }
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[ANSWER_BYTES];
            try {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    answer.write(buffer, 0, n);
                }
            } catch (java.net.SocketException reset) {
                // closed with unread bytes of ours: what arrived before is the answer
            }
            return answer.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private static String statusLine(String answer) {
        int end = answer.indexOf("\r\n");
        return end < 0 ? answer : answer.substring(0, end);
    }
}
