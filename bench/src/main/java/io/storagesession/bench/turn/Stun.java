package io.storagesession.bench.turn;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/**
 * The few STUN (RFC 8489) and TURN (RFC 8656) numbers a TURN client needs, and the XOR address encoding they share.
 * Written here rather than taken from a STUN library so the load generator's wire format is explicit and small.
 */
public final class Stun {
    public static final int MAGIC_COOKIE = 0x2112A442;
    public static final int HEADER_LENGTH = 20;

    public static final int BINDING = 0x001;
    public static final int ALLOCATE = 0x003;
    public static final int REFRESH = 0x004;
    public static final int CREATE_PERMISSION = 0x008;
    public static final int CHANNEL_BIND = 0x009;

    public static final int CLASS_REQUEST = 0x0000;
    public static final int CLASS_SUCCESS = 0x0100;
    public static final int CLASS_ERROR = 0x0110;

    public static final int ATTR_XOR_MAPPED_ADDRESS = 0x0020;
    public static final int ATTR_USERNAME = 0x0006;
    public static final int ATTR_MESSAGE_INTEGRITY = 0x0008;
    public static final int ATTR_ERROR_CODE = 0x0009;
    public static final int ATTR_CHANNEL_NUMBER = 0x000C;
    public static final int ATTR_LIFETIME = 0x000D;
    public static final int ATTR_XOR_PEER_ADDRESS = 0x0012;
    public static final int ATTR_REALM = 0x0014;
    public static final int ATTR_NONCE = 0x0015;
    public static final int ATTR_XOR_RELAYED_ADDRESS = 0x0016;
    public static final int ATTR_REQUESTED_TRANSPORT = 0x0019;

    public static final int PROTOCOL_UDP = 17;
    /** First channel number a client may bind (RFC 8656 §12). */
    public static final int FIRST_CHANNEL = 0x4000;
    public static final int CHANNEL_DATA_HEADER = 4;

    public static final int ERROR_UNAUTHORIZED = 401;
    public static final int ERROR_STALE_NONCE = 438;

    private Stun() {
    }

    /** Message type bits of {@code method} in {@code messageClass} (methods below 0x10 need no bit interleaving). */
    public static int messageType(int method, int messageClass) {
        return method | messageClass;
    }

    /** Writes an XOR-…-ADDRESS value (RFC 8489 §14.2) for {@code address} into {@code out}. */
    public static void putXorAddress(ByteBuffer out, InetSocketAddress address, byte[] transactionId) {
        byte[] ip = address.getAddress().getAddress();
        out.put((byte) 0);
        out.put((byte) (ip.length == 4 ? 1 : 2));
        out.putShort((short) (address.getPort() ^ (MAGIC_COOKIE >>> 16)));
        byte[] mask = xorMask(transactionId);
        for (int i = 0; i < ip.length; i++) {
            out.put((byte) (ip[i] ^ mask[i]));
        }
    }

    /** Reads an XOR-…-ADDRESS value of {@code length} bytes at {@code in}'s position. */
    public static InetSocketAddress getXorAddress(ByteBuffer in, int length, byte[] transactionId) {
        in.get();
        int family = in.get();
        int port = (in.getShort() & 0xFFFF) ^ (MAGIC_COOKIE >>> 16);
        byte[] ip = new byte[family == 1 ? 4 : 16];
        if (length < 4 + ip.length) {
            throw new IllegalArgumentException("XOR address attribute too short: " + length);
        }
        byte[] mask = xorMask(transactionId);
        for (int i = 0; i < ip.length; i++) {
            ip[i] = (byte) (in.get() ^ mask[i]);
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(ip), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static byte[] xorMask(byte[] transactionId) {
        ByteBuffer mask = ByteBuffer.allocate(16);
        mask.putInt(MAGIC_COOKIE).put(transactionId);
        return mask.array();
    }

    static int padded(int length) {
        return (length + 3) & ~3;
    }
}
