package io.storagesession.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.storagesession.api.storage.NoStorageSessions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * server.http deadlines against raw sockets (slowloris): a connection that sends nothing, one that sends headers a
 * byte at a time and never ends them, and a keep-alive connection left quiet are closed after the header timeout; a
 * control-plane body that never completes is answered 408 in KVS's error shape and closed; a PutMedia body is a stream
 * and is left to its own idle timeout; a normal request is answered as before.
 */
class SlowHttpClientTest {
    private static final Duration HEADER_TIMEOUT = Duration.ofMillis(800);
    private static final Duration BODY_TIMEOUT = Duration.ofMillis(1600);
    /** Far beyond both deadlines and their check period: a connection still open then was never going to close. */
    private static final Duration GIVE_UP = Duration.ofSeconds(15);
    private static final int READ_SLICE_MILLIS = 100;
    private static final long DRIBBLE_MILLIS = 100;

    @TempDir
    Path dataDir;
    private StorageSessionServer server;
    private URI base;

    @BeforeEach
    void start() throws Exception {
        Config config = ConfigFactory.parseMap(Map.of("server.http-port", 0, "server.host", "127.0.0.1",
                        "server.data-dir", dataDir.toString(), "server.turn.port", 0, "turn.tls.port", 0,
                        "server.http.header-timeout", HEADER_TIMEOUT.toMillis() + "ms",
                        "server.http.body-timeout", BODY_TIMEOUT.toMillis() + "ms"))
                .withFallback(ConfigFactory.defaultReference()).resolve();
        server = StorageSessionServer.start(config, (BridgeFactory) wiring -> new NoStorageSessions());
        base = URI.create(server.publicUrl());
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(base.getHost(), base.getPort());
        socket.setSoTimeout(READ_SLICE_MILLIS);
        return socket;
    }

    /** What the server sent until it closed the connection; fails if it is still open after {@link #GIVE_UP}. */
    private static String untilClosed(Socket socket, String dribble) throws Exception {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[4096];
        long deadline = System.nanoTime() + GIVE_UP.toNanos();
        int next = 0;
        while (System.nanoTime() < deadline) {
            if (dribble != null && next < dribble.length()) {
                try {
                    socket.getOutputStream().write(dribble.charAt(next++));
                } catch (IOException closed) {
                    return got.toString(StandardCharsets.UTF_8);
                }
            }
            try {
                int n = in.read(buffer);
                if (n < 0) {
                    return got.toString(StandardCharsets.UTF_8);
                }
                got.write(buffer, 0, n);
            } catch (SocketTimeoutException quiet) {
                Thread.sleep(dribble == null ? 0 : DRIBBLE_MILLIS - READ_SLICE_MILLIS);
            } catch (IOException reset) {
                return got.toString(StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("the server kept the connection open for " + GIVE_UP + "; it sent: " + got);
    }

    @Test
    void aConnectionThatSendsNothingIsClosed() throws Exception {
        try (Socket socket = connect()) {
            assertThat(untilClosed(socket, null)).isEmpty();
        }
    }

    @Test
    void headersSentAByteAtATimeAreCutOff() throws Exception {
        String endless = "GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: " + "a".repeat(1000);
        try (Socket socket = connect()) {
            assertThat(untilClosed(socket, endless)).doesNotContain("200 OK");
        }
    }

    @Test
    void aBodyThatNeverCompletesIsAnswered408AndClosed() throws Exception {
        try (Socket socket = connect()) {
            socket.getOutputStream().write(("POST /listSignalingChannels HTTP/1.1\r\nHost: " + base.getAuthority()
                    + "\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: 100\r\n\r\n{\"Max")
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = untilClosed(socket, null);
            assertThat(answer).startsWith("HTTP/1.1 408").contains("x-amzn-ErrorType: RequestTimeoutException")
                    .containsIgnoringCase("connection: close");
        }
    }

    @Test
    void aQuietKeepAliveConnectionIsClosedAfterItsAnswer() throws Exception {
        try (Socket socket = connect()) {
            socket.getOutputStream().write(("GET /health HTTP/1.1\r\nHost: " + base.getAuthority() + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(untilClosed(socket, null)).startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void aPutMediaBodyIsAStreamLeftToItsOwnIdleTimeout() throws Exception {
        try (Socket socket = connect()) {
            socket.getOutputStream().write(("POST /putMedia HTTP/1.1\r\nHost: " + base.getAuthority()
                    + "\r\nTransfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            Thread.sleep(2 * BODY_TIMEOUT.toMillis());
            String answer = untilClosed(socket, null);
            assertThat(answer).as("PutMedia answers for itself (here: no signature)").doesNotContain(" 408 ");
        }
    }
}
