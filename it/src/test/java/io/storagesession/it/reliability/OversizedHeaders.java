package io.storagesession.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.it.PackagedServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Request heads past what the HTTP listener parses (Vert.x's defaults: an 8 KiB header block, a 4 KiB request line):
 * refused with 431 / 414 and the connection closed, before anything routes them.
 */
final class OversizedHeaders {
    private static final int HEADER_BYTES = 64 * 1024;
    private static final int URI_BYTES = 16 * 1024;

    private OversizedHeaders() {
    }

    static void assertRefused(PackagedServer server) throws Exception {
        URI http = server.http("");
        String host = "Host: " + http.getAuthority() + "\r\n";
        String header = RawHttp.statusLine(RawHttp.exchange(http, ("GET /health HTTP/1.1\r\n" + host + "X-Big: "
                + "h".repeat(HEADER_BYTES) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII)));
        String uri = RawHttp.statusLine(RawHttp.exchange(http, ("GET /health?" + "u".repeat(URI_BYTES)
                + " HTTP/1.1\r\n" + host + "\r\n").getBytes(StandardCharsets.US_ASCII)));
        System.out.printf("a %d-byte header answered \"%s\"; a %d-byte request line answered \"%s\"%n", HEADER_BYTES,
                header, URI_BYTES, uri);
        assertThat(header).as("header block past the limit").contains(" 431 ");
        assertThat(uri).as("request line past the limit").contains(" 414 ");
    }
}
