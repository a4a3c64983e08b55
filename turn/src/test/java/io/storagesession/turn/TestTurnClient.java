package io.storagesession.turn;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;

/**
 * A deliberately small TURN client for tests, written from RFC 8656 rather than with the server's own request
 * handling: it builds requests byte by byte, authenticates with REST credentials after the 401 challenge, and reads
 * responses raw. It can also send anything at all, for hostile-input tests. It speaks UDP, or — given a connected
 * socket, plain or TLS — the framed stream of TURN over TCP (RFC 8656 §3.1).
 */
final class TestTurnClient implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    final DatagramSocket socket;
    final InetSocketAddress server;
    /** The TCP or TLS connection when the client speaks over a stream, else null. */
    final Socket stream;
    String username;
    String password;
    String realm;
    String nonce;

    TestTurnClient(int port, String secret, String user, long expiresInSeconds) throws Exception {
        socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        socket.setSoTimeout(2000);
        server = new InetSocketAddress("127.0.0.1", port);
        stream = null;
        username = (Instant.now().getEpochSecond() + expiresInSeconds) + ":" + user;
        password = RestCredentials.passwordFor(secret, username);
    }

    /** A client over a connected TCP or TLS socket. */
    TestTurnClient(Socket stream, String secret, String user, long expiresInSeconds) throws Exception {
        this.socket = null;
        this.server = (InetSocketAddress) stream.getRemoteSocketAddress();
        this.stream = stream;
        stream.setSoTimeout(2000);
        username = (Instant.now().getEpochSecond() + expiresInSeconds) + ":" + user;
        password = RestCredentials.passwordFor(secret, username);
    }

    static byte[] attr(int type, byte[] value) {
        byte[] out = new byte[4 + ((value.length + 3) & ~3)];
        Stun.put16(out, 0, type);
        Stun.put16(out, 2, value.length);
        System.arraycopy(value, 0, out, 4, value.length);
        return out;
    }

    static byte[] u32(int v) {
        byte[] b = new byte[4];
        Stun.put32(b, 0, v);
        return b;
    }

    static byte[] xorAddress(InetSocketAddress a) {
        byte[] ip = a.getAddress().getAddress();
        byte[] v = new byte[4 + ip.length];
        v[1] = 0x01;
        Stun.put16(v, 2, a.getPort() ^ (Stun.MAGIC_COOKIE >>> 16));
        for (int i = 0; i < 4; i++) {
            v[4 + i] = (byte) (ip[i] ^ (Stun.MAGIC_COOKIE >>> (24 - 8 * i)));
        }
        return v;
    }

    /** Builds a message; with {@code authenticate}, adds USERNAME, REALM, NONCE, MESSAGE-INTEGRITY and FINGERPRINT. */
    byte[] message(int type, boolean authenticate, byte[]... attributes) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] a : attributes) {
            body.writeBytes(a);
        }
        if (authenticate) {
            body.writeBytes(attr(Stun.ATTR_USERNAME, username.getBytes(StandardCharsets.UTF_8)));
            body.writeBytes(attr(Stun.ATTR_REALM, realm.getBytes(StandardCharsets.UTF_8)));
            body.writeBytes(attr(Stun.ATTR_NONCE, nonce.getBytes(StandardCharsets.UTF_8)));
        }
        byte[] b = body.toByteArray();
        byte[] m = new byte[Stun.HEADER + b.length];
        Stun.put16(m, 0, type);
        Stun.put16(m, 2, b.length);
        Stun.put32(m, 4, Stun.MAGIC_COOKIE);
        byte[] tid = new byte[12];
        RANDOM.nextBytes(tid);
        System.arraycopy(tid, 0, m, 8, 12);
        System.arraycopy(b, 0, m, Stun.HEADER, b.length);
        return authenticate ? Stun.sign(m, Crypto.longTermKey(username, realm, password)) : m;
    }

    void send(byte[] data) throws Exception {
        if (stream != null) {
            stream.getOutputStream().write(data);
            stream.getOutputStream().flush();
            return;
        }
        socket.send(new DatagramPacket(data, data.length, server));
    }

    /** The next frame on the stream (a STUN message, or ChannelData with its padding); null on timeout. */
    private byte[] readFrame() throws Exception {
        DataInputStream in = new DataInputStream(stream.getInputStream());
        byte[] head = new byte[4];
        try {
            in.readFully(head);
        } catch (SocketTimeoutException e) {
            return null;
        }
        int length = Stun.u16(head, 2);
        int total = Stun.isChannelData(head[0] & 0xff) ? 4 + ((length + 3) & ~3) : Stun.HEADER + length;
        byte[] frame = Arrays.copyOf(head, total);
        in.readFully(frame, 4, total - 4);
        return frame;
    }

    /** Sends a request and returns the response with its transaction id; null on timeout. */
    byte[] exchange(byte[] request) throws Exception {
        send(request);
        byte[] buf = new byte[2048];
        long deadline = System.currentTimeMillis() + 2000;
        while (stream != null && System.currentTimeMillis() < deadline) {
            byte[] r = readFrame();
            if (r == null) {
                return null;
            }
            if (r.length >= 20 && Arrays.equals(r, 8, 20, request, 8, 20)) {
                return r;
            }
        }
        while (System.currentTimeMillis() < deadline) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                return null;
            }
            byte[] r = Arrays.copyOf(p.getData(), p.getLength());
            if (r.length >= 20 && Arrays.equals(r, 8, 20, request, 8, 20)) {
                return r;
            }
        }
        return null;
    }

    /** A request authenticated after a 401 challenge when needed (realm and nonce are learnt from it). */
    byte[] request(int method, byte[]... attributes) throws Exception {
        int type = Stun.type(method, Stun.CLASS_REQUEST);
        if (nonce == null) {
            byte[] challenge = exchange(message(type, false, attributes));
            learn(challenge);
        }
        byte[] r = exchange(message(type, true, attributes));
        if (errorCode(r) == 438) {
            learn(r);
            r = exchange(message(type, true, attributes));
        }
        return r;
    }

    void learn(byte[] challenge) {
        realm = string(challenge, Stun.ATTR_REALM);
        nonce = string(challenge, Stun.ATTR_NONCE);
    }

    byte[] allocate() throws Exception {
        return request(Stun.ALLOCATE, attr(Stun.ATTR_REQUESTED_TRANSPORT, new byte[] {17, 0, 0, 0}));
    }

    static int errorCode(byte[] r) {
        if (r == null) {
            return -1;
        }
        int at = Stun.find(r, r.length, 0x0009);
        return at < 0 ? 0 : (r[at + 6] & 0x7) * 100 + (r[at + 7] & 0xff);
    }

    static String string(byte[] r, int type) {
        int at = Stun.find(r, r.length, type);
        return at < 0 ? null : new String(r, at + 4, Stun.u16(r, at + 2), StandardCharsets.UTF_8);
    }

    static InetSocketAddress address(byte[] r, int type) {
        int at = Stun.find(r, r.length, type);
        return at < 0 ? null : Stun.readXorAddress(r, at + 4, Stun.u16(r, at + 2));
    }

    static byte[] channelData(int channel, byte[] data) {
        byte[] m = new byte[4 + data.length];
        Stun.put16(m, 0, channel);
        Stun.put16(m, 2, data.length);
        System.arraycopy(data, 0, m, 4, data.length);
        return m;
    }

    /** The next datagram, or null on timeout. */
    byte[] receive() throws Exception {
        if (stream != null) {
            return readFrame();
        }
        byte[] buf = new byte[70000];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        try {
            socket.receive(p);
        } catch (SocketTimeoutException e) {
            return null;
        }
        return Arrays.copyOf(p.getData(), p.getLength());
    }

    @Override
    public void close() throws Exception {
        if (stream != null) {
            stream.close();
        } else {
            socket.close();
        }
    }
}
