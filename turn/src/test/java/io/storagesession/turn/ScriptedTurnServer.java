package io.storagesession.turn;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A stand-in TURN server for hostile-input tests of the client: it records every datagram and answers each request
 * with whatever the test's script returns — genuine responses built with the embedded server's own encoder ({@link Responses}),
 * forgeries, garbage, or nothing at all.
 */
final class ScriptedTurnServer implements AutoCloseable {
    static final String REALM = "scripted";
    static final String NONCE = "nonce-1";
    static final InetSocketAddress RELAYED = new InetSocketAddress(InetAddress.getLoopbackAddress(), 50_000);

    final DatagramSocket socket;
    final List<byte[]> received = new CopyOnWriteArrayList<>();
    private final Function<byte[], List<byte[]>> script;
    private volatile InetSocketAddress client;
    private final Thread thread;

    /** {@code script} maps each request to the datagrams sent back, in order. */
    ScriptedTurnServer(Function<byte[], List<byte[]>> script) throws SocketException {
        this.script = script;
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        thread = new Thread(this::serve, "scripted-turn-server");
        thread.setDaemon(true);
        thread.start();
    }

    InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    private void serve() {
        byte[] buf = new byte[2048];
        while (!socket.isClosed()) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
                client = (InetSocketAddress) p.getSocketAddress();
                byte[] request = Arrays.copyOf(p.getData(), p.getLength());
                received.add(request);
                if (request.length < Stun.HEADER || !Stun.isStun(request[0] & 0xff)
                        || Stun.messageClass(Stun.u16(request, 0)) != Stun.CLASS_REQUEST) {
                    continue;
                }
                for (byte[] answer : script.apply(request)) {
                    toClient(answer);
                }
            } catch (IOException e) {
                return;
            }
        }
    }

    /** Sends a datagram to the client that spoke last. */
    void toClient(byte[] datagram) throws IOException {
        socket.send(new DatagramPacket(datagram, datagram.length, client));
    }

    /** The requests of {@code method}. */
    long count(int method) {
        return received.stream().filter(r -> Stun.isStun(r[0] & 0xff)
                && Stun.method(Stun.u16(r, 0)) == method && Stun.messageClass(Stun.u16(r, 0)) == Stun.CLASS_REQUEST)
                .count();
    }

    static int method(byte[] request) {
        return Stun.method(Stun.u16(request, 0));
    }

    static boolean authenticated(byte[] request) {
        Stun.Scan scan = Stun.scan(request, request.length);
        return scan != null && scan.integrityOffset() != Stun.Scan.NONE;
    }

    static byte[] tid(byte[] request) {
        return Arrays.copyOfRange(request, 8, 20);
    }

    static byte[] key(String username, String password) {
        return Crypto.longTermKey(username, REALM, password);
    }

    static byte[] unauthorized(byte[] request) {
        return Responses.challenge(method(request), tid(request), 401, "Unauthorized", REALM, NONCE);
    }

    static byte[] allocated(byte[] request, byte[] key) {
        byte[] tid = tid(request);
        return Responses.success(Stun.ALLOCATE, tid, List.of(Responses.xorRelayed(RELAYED, tid),
                Responses.lifetime(600)), key);
    }

    static byte[] success(byte[] request, byte[] key) {
        return Responses.success(method(request), tid(request), List.of(), key);
    }

    /** ChannelData with {@code text}; {@code declaredLength} may lie. */
    static byte[] channelData(int channel, String text, int declaredLength) {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        byte[] m = new byte[Stun.CHANNEL_DATA_HEADER + data.length];
        Stun.put16(m, 0, channel);
        Stun.put16(m, 2, declaredLength);
        System.arraycopy(data, 0, m, Stun.CHANNEL_DATA_HEADER, data.length);
        return m;
    }

    /** A Data indication (RFC 8656 §11.4) carrying {@code text} from {@code peer}. */
    static byte[] dataIndication(InetSocketAddress peer, String text) {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(Stun.dataIndicationHeader(peer) + data.length + 4);
        buf.put(Stun.dataIndicationHeader(peer), data);
        int length = Stun.writeDataIndication(buf, 0, peer, data.length, System.nanoTime());
        return Arrays.copyOf(buf.array(), length);
    }

    @Override
    public void close() throws InterruptedException {
        socket.close();
        thread.join(1000);
    }
}
