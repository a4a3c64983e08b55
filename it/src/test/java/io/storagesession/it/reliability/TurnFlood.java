package io.storagesession.it.reliability;

import io.storagesession.bench.turn.StunRequest;
import io.storagesession.bench.turn.StunResponse;
import io.storagesession.turn.Stun;
import io.storagesession.turn.StunWriter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * An unauthenticated TURN flood over UDP from several source ports of 127.0.0.1, paced to a rate for a bounded time,
 * in equal parts: Allocate without credentials (RFC 8656 §7.2: the server challenges with 401), Allocate signed
 * with a well-formed REST username and a wrong password (401 again), and junk datagrams (nothing STUN, ChannelData
 * for channels never bound, random bytes), which a TURN server drops. Every answer is read and counted by kind.
 */
final class TurnFlood implements AutoCloseable {
    /** What was sent and what came back. */
    record Counts(long sent, long junkSent, Map<String, Long> answers) {
        long answered(String kind) {
            return answers.getOrDefault(kind, 0L);
        }
    }

    private static final int SOURCES = 16;
    private static final int KINDS = 3;
    private static final long PACING_NANOS = 1_000_000;
    private static final int MAX_JUNK_BYTES = 200;
    private static final int MIN_JUNK_BYTES = 4;
    /** RFC 8656 §12.4: ChannelData starts with a channel number in 0x4000-0x4FFF. */
    private static final int CHANNEL_DATA_FIRST_BYTE = 0x40;
    private static final int RECEIVE_BYTES = 2048;

    private final List<DatagramChannel> sources = new ArrayList<>();
    private final StunWriter.Credentials wrong;
    private final ByteBuffer in = ByteBuffer.allocate(RECEIVE_BYTES);
    private final Map<String, Long> answers = new TreeMap<>();
    private long sent;
    private long junkSent;

    private TurnFlood(InetSocketAddress server, String username, String wrongPassword) throws IOException {
        for (int i = 0; i < SOURCES; i++) {
            DatagramChannel channel = DatagramChannel.open();
            sources.add(channel);
            channel.bind(new InetSocketAddress(server.getAddress(), 0));
            channel.connect(server);
            channel.configureBlocking(false);
        }
        StunResponse challenge = challenge(sources.get(0));
        wrong = StunWriter.Credentials.of(username, wrongPassword,
                challenge.realm().getBytes(StandardCharsets.UTF_8), challenge.nonce().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Opens the sources and takes one real challenge (its REALM and NONCE are what a flood of wrong credentials signs
     * with, so that each reaches the password check instead of stopping at the nonce).
     */
    static TurnFlood open(InetSocketAddress server, String username, String wrongPassword) throws IOException {
        return new TurnFlood(server, username, wrongPassword);
    }

    private static StunResponse challenge(DatagramChannel channel) throws IOException {
        channel.write(ByteBuffer.wrap(allocate().encode(null)));
        ByteBuffer reply = ByteBuffer.allocate(RECEIVE_BYTES);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            reply.clear();
            if (channel.read(reply) > 0) {
                reply.flip();
                return StunResponse.parse(reply);
            }
            LockSupport.parkNanos(PACING_NANOS);
        }
        throw new IOException("the TURN server did not challenge an Allocate within 5 s");
    }

    private static StunRequest allocate() {
        return new StunRequest(Stun.ALLOCATE).intAttribute(Stun.ATTR_REQUESTED_TRANSPORT, Stun.PROTOCOL_UDP << 24);
    }

    /** Sends {@code perSecond} datagrams a second for {@code duration}, reading answers as they come. */
    Counts run(int perSecond, Duration duration) throws IOException {
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        double perTick = perSecond * (double) PACING_NANOS / Duration.ofSeconds(1).toNanos();
        double due = 0;
        long next = start;
        while (System.nanoTime() < end) {
            due += perTick;
            while (due >= 1) {
                due -= 1;
                send();
            }
            drain();
            next += PACING_NANOS;
            LockSupport.parkNanos(next - System.nanoTime());
        }
        long settle = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        while (System.nanoTime() < settle) {
            drain();
            LockSupport.parkNanos(PACING_NANOS);
        }
        return new Counts(sent, junkSent, new TreeMap<>(answers));
    }

    private void send() throws IOException {
        int kind = (int) (sent % KINDS);
        DatagramChannel channel = sources.get((int) (sent % SOURCES));
        byte[] datagram = kind == 0 ? allocate().encode(null) : kind == 1 ? allocate().encode(wrong) : junk();
        channel.write(ByteBuffer.wrap(datagram));
        sent++;
        if (kind == KINDS - 1) {
            junkSent++;
        }
    }

    private byte[] junk() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        byte[] junk = new byte[random.nextInt(MIN_JUNK_BYTES, MAX_JUNK_BYTES)];
        random.nextBytes(junk);
        if (random.nextBoolean()) {
            junk[0] = (byte) (CHANNEL_DATA_FIRST_BYTE | (junk[0] & 0x0F));
        }
        return junk;
    }

    private void drain() throws IOException {
        for (DatagramChannel channel : sources) {
            while (true) {
                in.clear();
                int n;
                try {
                    n = channel.read(in);
                } catch (java.net.PortUnreachableException unreachable) {
                    count("ICMP port unreachable");
                    continue;
                }
                if (n <= 0) {
                    break;
                }
                in.flip();
                count(classify(in));
            }
        }
    }

    private static String classify(ByteBuffer datagram) {
        if (!StunResponse.isStun(datagram)) {
            return "not STUN";
        }
        StunResponse response = StunResponse.parse(datagram);
        return response.isSuccess() ? "success" : Integer.toString(response.errorCode());
    }

    private void count(String kind) {
        answers.merge(kind, 1L, Long::sum);
    }

    @Override
    public void close() throws IOException {
        for (DatagramChannel channel : sources) {
            channel.close();
        }
    }
}
