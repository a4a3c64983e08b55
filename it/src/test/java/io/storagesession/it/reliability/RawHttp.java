package io.storagesession.it.reliability;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP exchange on a plain socket, bytes exactly as given: what a replaying attacker sends (a captured request,
 * Host header and all, to any port), or a request head no HTTP client library would write.
 */
final class RawHttp {
    private static final int READ_TIMEOUT_MILLIS = 20_000;
    private static final int BUFFER_BYTES = 4096;
    private static final String HEAD_END = "\r\n\r\n";

    private RawHttp() {
    }

    /**
     * Sends {@code request} to {@code server}'s host and port and returns what came back until the server closed the
     * connection (send {@code Connection: close}, or a request the server answers by closing).
     */
    static String exchange(URI server, byte[] request) throws IOException {
        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            try {
                socket.getOutputStream().write(request);
            } catch (IOException closedWhileSending) {
                // the server may answer and close before it read everything; its answer is still to be read
            }
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[BUFFER_BYTES];
            try {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    answer.write(buffer, 0, n);
                }
            } catch (SocketException reset) {
                // closed with unread bytes of ours: what arrived before is the answer
            }
            return answer.toString(StandardCharsets.ISO_8859_1);
        }
    }

    /**
     * Sends {@code request} and returns the answer's head only, then closes: for a WebSocket upgrade, which the
     * server keeps open once accepted.
     */
    static String head(URI server, byte[] request) throws IOException {
        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            socket.getOutputStream().write(request);
            StringBuilder answer = new StringBuilder();
            InputStream in = socket.getInputStream();
            for (int b = in.read(); b >= 0; b = in.read()) {
                answer.append((char) b);
                if (answer.length() >= HEAD_END.length()
                        && answer.lastIndexOf(HEAD_END) == answer.length() - HEAD_END.length()) {
                    break;
                }
            }
            return answer.toString();
        }
    }

    /** The answer's status line. */
    static String statusLine(String answer) {
        int end = answer.indexOf("\r\n");
        return end < 0 ? answer : answer.substring(0, end);
    }

    /** The value of header {@code name} in the answer's head, or null. */
    static String header(String answer, String name) {
        for (String line : answer.substring(0, Math.max(0, answer.indexOf("\r\n\r\n"))).split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    /** The answer's body (after the head). */
    static String body(String answer) {
        int head = answer.indexOf("\r\n\r\n");
        return head < 0 ? "" : answer.substring(head + 4);
    }
}
