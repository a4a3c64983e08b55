package io.storagesession.it.reliability;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Slowloris from one thread: many HTTP connections that each send a byte per {@code interval}, never completing
 * what they started, and that notice when the server closes them. Three kinds: {@link Kind#SILENT} connects and sends
 * nothing, {@link Kind#HEADERS} sends a request's headers a byte at a time without ever ending them, {@link Kind#BODY}
 * sends a KVS API request's complete headers (a 64 KiB body announced) and then its body a byte at a time.
 */
final class SlowClients implements AutoCloseable {
    /** What a slow client does. */
    enum Kind { SILENT, HEADERS, BODY }

    /** How one connection ended: when (ns since it opened, -1 while open) and what the server answered. */
    record Outcome(Kind kind, long heldNanos, String answer) {
        boolean closed() {
            return heldNanos >= 0;
        }
    }

    /** The body a {@link Kind#BODY} client announces: the largest the API accepts (signaling.api.max-body-bytes). */
    private static final int ANNOUNCED_BODY_BYTES = 65536;
    /** Enough of an answer to see its status line. */
    private static final int ANSWER_BYTES = 256;
    private static final List<String> BODY_PATHS = List.of("/describeSignalingChannel", "/getClip");

    private final List<Client> clients = new ArrayList<>();

    private SlowClients() {
    }

    /** Opens {@code perKind} connections of each kind to {@code server}. */
    static SlowClients open(InetSocketAddress server, int perKind) throws IOException {
        SlowClients slow = new SlowClients();
        try {
            String host = server.getHostString() + ":" + server.getPort();
            for (int i = 0; i < perKind; i++) {
                for (Kind kind : Kind.values()) {
                    slow.clients.add(new Client(kind, SocketChannel.open(server), host, i));
                }
            }
            return slow;
        } catch (IOException | RuntimeException e) {
            slow.close();
            throw e;
        }
    }

    /** One round: reads what the server sent (noticing closes), then sends each open client's next byte. */
    void round() {
        for (Client c : clients) {
            c.round();
        }
    }

    int open() {
        return (int) clients.stream().filter(c -> c.closedAt < 0).count();
    }

    List<Outcome> outcomes() {
        return clients.stream().map(Client::outcome).toList();
    }

    /** Per kind: the longest a connection of it was held (ms; -1 if one is still open). */
    static Map<Kind, Long> longestHeldMillis(List<Outcome> outcomes) {
        Map<Kind, Long> longest = new EnumMap<>(Kind.class);
        for (Outcome o : outcomes) {
            long held = o.closed() ? Duration.ofNanos(o.heldNanos()).toMillis() : -1;
            longest.merge(o.kind(), held, (a, b) -> a < 0 || b < 0 ? -1 : Math.max(a, b));
        }
        return longest;
    }

    @Override
    public void close() {
        for (Client c : clients) {
            c.closeQuietly();
        }
    }

    /** One slow connection; used only by the thread that runs the rounds. */
    private static final class Client {
        private final Kind kind;
        private final SocketChannel channel;
        private final byte[] script;
        private final long openedAt = System.nanoTime();
        private final ByteBuffer in = ByteBuffer.allocate(ANSWER_BYTES);
        private final StringBuilder answer = new StringBuilder();
        private int sent;
        private long closedAt = -1;

        Client(Kind kind, SocketChannel channel, String host, int index) throws IOException {
            this.kind = kind;
            this.channel = channel;
            channel.configureBlocking(false);
            this.script = switch (kind) {
                case SILENT -> new byte[0];
                case HEADERS -> ("POST /listSignalingChannels HTTP/1.1\r\nHost: " + host + "\r\nX-Slow: "
                        + "a".repeat(ANNOUNCED_BODY_BYTES)).getBytes(StandardCharsets.US_ASCII);
                // one byte short of what it announced: even sent in full, it could never complete
                case BODY -> ("{" + " ".repeat(ANNOUNCED_BODY_BYTES - 2)).getBytes(StandardCharsets.US_ASCII);
            };
            if (kind == Kind.BODY) {
                String headers = "POST " + BODY_PATHS.get(index % BODY_PATHS.size()) + " HTTP/1.1\r\nHost: " + host
                        + "\r\nContent-Type: application/json\r\nContent-Length: " + ANNOUNCED_BODY_BYTES + "\r\n\r\n";
                channel.write(ByteBuffer.wrap(headers.getBytes(StandardCharsets.US_ASCII)));
            }
        }

        void round() {
            if (closedAt >= 0) {
                return;
            }
            try {
                in.clear();
                int n = channel.read(in);
                if (n < 0) {
                    closed();
                    return;
                }
                if (n > 0 && answer.length() < ANSWER_BYTES) {
                    answer.append(new String(in.array(), 0, n, StandardCharsets.ISO_8859_1));
                }
                if (sent < script.length && channel.write(ByteBuffer.wrap(script, sent, 1)) == 1) {
                    sent++;
                }
            } catch (IOException reset) {
                closed();
            }
        }

        private void closed() {
            closedAt = System.nanoTime();
            closeQuietly();
        }

        Outcome outcome() {
            return new Outcome(kind, closedAt < 0 ? -1 : closedAt - openedAt, answer.toString());
        }

        void closeQuietly() {
            try {
                channel.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
    }
}
