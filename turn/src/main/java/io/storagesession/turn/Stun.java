package io.storagesession.turn;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;

/**
 * The wire constants of STUN (RFC 8489) and TURN (RFC 8656), and the few raw-byte operations the relay does itself:
 * telling STUN from ChannelData (RFC 7983 demultiplexing), scanning a message's attributes so malformed input is
 * refused before anything decodes it, appending MESSAGE-INTEGRITY and FINGERPRINT, and writing ChannelData and Data
 * indication headers in front of relayed payloads without copying them. Control messages are decoded and encoded
 * with ice4j's codec ({@link Responses}). Public because the storage session's ICE agent speaks the same STUN
 * (RFC 8445 connectivity and consent checks) and uses this class rather than a second codec.
 */
public final class Stun {
    public static final int HEADER = 20;
    public static final int MAGIC_COOKIE = 0x2112A442;
    public static final int CHANNEL_DATA_HEADER = 4;
    public static final int MIN_CHANNEL = 0x4000;
    /**
     * RFC 8656 §12 narrowed channel numbers to 0x4000-0x4FFF, but RFC 5766 clients — coturn's own among them — still
     * pick up to 0x7FFF. The TURN port carries only STUN and ChannelData, so both ranges are accepted.
     */
    public static final int MAX_CHANNEL = 0x7FFF;
    /** RFC 8656 §14.7: REQUESTED-TRANSPORT's protocol number for UDP (IANA). */
    public static final int PROTOCOL_UDP = 17;
    /** RFC 8489 §9.2.4 and §9.2.5: the long-term credential challenge and the stale-nonce answer. */
    public static final int ERROR_UNAUTHORIZED = 401;
    public static final int ERROR_STALE_NONCE = 438;
    /** RFC 8489 §14.7: FINGERPRINT is the CRC-32 of the message XORed with this. */
    public static final int FINGERPRINT_XOR = 0x5354554e;
    public static final int MESSAGE_INTEGRITY_LENGTH = 20;
    /** What {@link #signInPlace} appends at most: MESSAGE-INTEGRITY and FINGERPRINT with their headers. */
    public static final int SIGNATURE_ROOM = 4 + MESSAGE_INTEGRITY_LENGTH + 8;
    /** {@link #integrityOffset} of a malformed message. */
    public static final int MALFORMED = -2;
    /** An XOR-…-ADDRESS value (RFC 8489 §14.2): reserved byte, family, port, then the 4 or 16 address bytes. */
    private static final int XOR_ADDRESS_HEAD = 4;
    private static final int IPV4_BYTES = 4;
    private static final int IPV6_BYTES = 16;
    /** One CRC-32 per thread: every signed or checked message has a FINGERPRINT, and a new one each is garbage. */
    private static final ThreadLocal<CRC32> CRC = ThreadLocal.withInitial(CRC32::new);

    // Methods and classes (RFC 8489 §5, RFC 8656 §18).
    public static final int BINDING = 0x001;
    public static final int ALLOCATE = 0x003;
    public static final int REFRESH = 0x004;
    public static final int SEND = 0x006;
    public static final int DATA = 0x007;
    public static final int CREATE_PERMISSION = 0x008;
    public static final int CHANNEL_BIND = 0x009;
    public static final int CLASS_REQUEST = 0x000;
    public static final int CLASS_INDICATION = 0x010;
    public static final int CLASS_SUCCESS = 0x100;
    public static final int CLASS_ERROR = 0x110;

    // Attributes.
    public static final int ATTR_USERNAME = 0x0006;
    public static final int ATTR_MESSAGE_INTEGRITY = 0x0008;
    public static final int ATTR_ERROR_CODE = 0x0009;
    public static final int ATTR_CHANNEL_NUMBER = 0x000C;
    public static final int ATTR_LIFETIME = 0x000D;
    public static final int ATTR_XOR_PEER_ADDRESS = 0x0012;
    public static final int ATTR_DATA = 0x0013;
    public static final int ATTR_REALM = 0x0014;
    public static final int ATTR_NONCE = 0x0015;
    public static final int ATTR_XOR_RELAYED_ADDRESS = 0x0016;
    public static final int ATTR_REQUESTED_ADDRESS_FAMILY = 0x0017;
    public static final int ATTR_EVEN_PORT = 0x0018;
    public static final int ATTR_REQUESTED_TRANSPORT = 0x0019;
    public static final int ATTR_DONT_FRAGMENT = 0x001A;
    public static final int ATTR_MESSAGE_INTEGRITY_SHA256 = 0x001C;
    public static final int ATTR_PASSWORD_ALGORITHM = 0x001D;
    public static final int ATTR_USERHASH = 0x001E;
    public static final int ATTR_XOR_MAPPED_ADDRESS = 0x0020;
    public static final int ATTR_RESERVATION_TOKEN = 0x0022;
    public static final int ATTR_PRIORITY = 0x0024;
    public static final int ATTR_USE_CANDIDATE = 0x0025;
    public static final int ATTR_ADDITIONAL_ADDRESS_FAMILY = 0x8000;
    public static final int ATTR_FINGERPRINT = 0x8028;
    public static final int COMPREHENSION_OPTIONAL = 0x8000;

    private Stun() {
    }

    public static int method(int type) {
        return (type & 0x000F) | ((type & 0x00E0) >> 1) | ((type & 0x3E00) >> 2);
    }

    public static int messageClass(int type) {
        return type & 0x0110;
    }

    public static int type(int method, int messageClass) {
        return (method & 0x000F) | ((method & 0x0070) << 1) | ((method & 0x0F80) << 2) | messageClass;
    }

    /** True when the first byte says ChannelData: 64..79 per RFC 7983, up to 127 for RFC 5766 channel numbers. */
    public static boolean isChannelData(int firstByte) {
        return firstByte >= 0x40 && firstByte <= 0x7F;
    }

    /** True when the first byte can start a STUN message (RFC 7983: 0..3). */
    public static boolean isStun(int firstByte) {
        return firstByte <= 0x03;
    }

    /** The attributes a scan found, with where MESSAGE-INTEGRITY starts (-1 when absent). */
    public record Scan(int type, int length, int integrityOffset, int unknownRequired) {
        public static final int NONE = -1;
    }

    /**
     * Validates the framing of a STUN message in {@code m[0, len)}: header, magic cookie, a length that matches and is a
     * multiple of 4, attributes that fit, FINGERPRINT correct when present and last. Returns null when malformed.
     * Also reports the first comprehension-required attribute this server does not know (RFC 8489 §7.3.1: 420).
     */
    public static Scan scan(byte[] m, int len) {
        long found = frame(m, len);
        return found == MALFORMED ? null
                : new Scan(u16(m, 0), u16(m, 2), (int) (found >> Integer.SIZE), (int) found);
    }

    /**
     * {@link #scan}'s verdict without a {@link Scan}: {@link #MALFORMED}, or where MESSAGE-INTEGRITY starts
     * ({@link Scan#NONE} when absent), for an owner that checks messages for as long as a session lasts (an ICE agent
     * answering consent checks) and reads nothing else of the scan. The type is {@code u16(m, 0)}.
     */
    public static int integrityOffset(byte[] m, int len) {
        long found = frame(m, len);
        return found == MALFORMED ? MALFORMED : (int) (found >> Integer.SIZE);
    }

    /** The scan: MALFORMED, or the integrity offset in the high int and the first unknown required in the low. */
    private static long frame(byte[] m, int len) {
        if (len < HEADER || !isStun(m[0] & 0xff)) {
            return MALFORMED;
        }
        int length = u16(m, 2);
        if (length % 4 != 0 || HEADER + length != len || i32(m, 4) != MAGIC_COOKIE) {
            return MALFORMED;
        }
        int at = HEADER;
        int integrity = Scan.NONE;
        int unknown = Scan.NONE;
        while (at < len) {
            if (at + 4 > len) {
                return MALFORMED;
            }
            int attr = u16(m, at);
            int attrLength = u16(m, at + 2);
            int next = at + 4 + ((attrLength + 3) & ~3);
            if (next > len) {
                return MALFORMED;
            }
            if (attr == ATTR_FINGERPRINT) {
                if (attrLength != 4 || next != len || fingerprint(m, at) != i32(m, at + 4)) {
                    return MALFORMED;
                }
            } else if (integrity == Scan.NONE) {
                if (attr == ATTR_MESSAGE_INTEGRITY) {
                    if (attrLength != MESSAGE_INTEGRITY_LENGTH) {
                        return MALFORMED;
                    }
                    integrity = at;
                } else if (attr < COMPREHENSION_OPTIONAL && !known(attr) && unknown == Scan.NONE) {
                    unknown = attr;
                }
            }
            at = next;
        }
        return (long) integrity << Integer.SIZE | unknown & 0xFFFFFFFFL;
    }

    private static boolean known(int attr) {
        return switch (attr) {
            case ATTR_USERNAME, ATTR_MESSAGE_INTEGRITY, ATTR_CHANNEL_NUMBER, ATTR_LIFETIME, ATTR_XOR_PEER_ADDRESS,
                 ATTR_DATA, ATTR_REALM, ATTR_NONCE, ATTR_REQUESTED_ADDRESS_FAMILY, ATTR_EVEN_PORT,
                 ATTR_REQUESTED_TRANSPORT, ATTR_DONT_FRAGMENT, ATTR_RESERVATION_TOKEN, ATTR_PRIORITY,
                 ATTR_USE_CANDIDATE, ATTR_XOR_MAPPED_ADDRESS -> true;
            default -> false;
        };
    }

    /**
     * Offset of the first attribute of {@code type} before MESSAGE-INTEGRITY (attributes after it are not covered by
     * the integrity check, so they are not read), or -1. The message's framing must have been proven ({@link #scan}).
     */
    public static int find(byte[] m, int len, int type) {
        int at = HEADER;
        while (at + 4 <= len) {
            int t = u16(m, at);
            if (t == type) {
                return at;
            }
            if (t == ATTR_MESSAGE_INTEGRITY) {
                return -1;
            }
            at += 4 + ((u16(m, at + 2) + 3) & ~3);
        }
        return -1;
    }

    /** CRC-32 of {@code m[0, fingerprintAt)} with the length field covering the FINGERPRINT, XORed per RFC 8489. */
    public static int fingerprint(byte[] m, int fingerprintAt) {
        int savedLength = u16(m, 2);
        put16(m, 2, fingerprintAt + 8 - HEADER);
        CRC32 crc = CRC.get();
        crc.reset();
        crc.update(m, 0, fingerprintAt);
        put16(m, 2, savedLength);
        return (int) crc.getValue() ^ FINGERPRINT_XOR;
    }

    /**
     * Appends MESSAGE-INTEGRITY (HMAC-SHA1 with {@code key}, RFC 8489 §14.5) and FINGERPRINT to an encoded message
     * that has neither, returning the new array.
     */
    public static byte[] sign(byte[] encoded, byte[] key) {
        return sign(encoded, key != null, key);
    }

    /**
     * An HMAC-SHA1 keyed with a short-term password (RFC 8489 §9.1.2) for {@link #signInPlace} and
     * {@link #integrityValidWith}: made once per credentials, it spares each message a key object, a key schedule and
     * the arrays a JCA {@code Mac} makes. Not thread-safe: one per owner thread.
     */
    public static StunIntegrity integrityKey(byte[] key) {
        return StunIntegrity.of(key);
    }

    /**
     * Appends MESSAGE-INTEGRITY (made with {@code integrity}; none when null) and FINGERPRINT to the message at
     * {@code m[0, length)}, which has neither, in place: {@code m} must have {@link #SIGNATURE_ROOM} bytes after it.
     * Returns the signed message's length. Allocates nothing, for an owner that answers checks for as long as a
     * session lasts.
     */
    public static int signInPlace(byte[] m, int length, StunIntegrity integrity) {
        return sign(m, length, integrity != null, null, integrity);
    }

    private static byte[] sign(byte[] encoded, boolean withIntegrity, byte[] key) {
        byte[] out = new byte[encoded.length + (withIntegrity ? 4 + MESSAGE_INTEGRITY_LENGTH : 0) + 8];
        System.arraycopy(encoded, 0, out, 0, encoded.length);
        sign(out, encoded.length, withIntegrity, key, null);
        return out;
    }

    private static int sign(byte[] out, int base, boolean withIntegrity, byte[] key, StunIntegrity integrity) {
        int at = base;
        if (withIntegrity) {
            put16(out, 2, at + 4 + MESSAGE_INTEGRITY_LENGTH - HEADER);
            if (integrity == null) {
                System.arraycopy(Crypto.hmacSha1(key, out, 0, at), 0, out, at + 4, MESSAGE_INTEGRITY_LENGTH);
            } else {
                integrity.mac(out, 0, at, out, at + 4);
            }
            put16(out, at, ATTR_MESSAGE_INTEGRITY);
            put16(out, at + 2, MESSAGE_INTEGRITY_LENGTH);
            at += 4 + MESSAGE_INTEGRITY_LENGTH;
        }
        put16(out, 2, at + 8 - HEADER);
        put16(out, at, ATTR_FINGERPRINT);
        put16(out, at + 2, 4);
        put32(out, at + 4, fingerprint(out, at));
        return at + 8;
    }

    /** True when MESSAGE-INTEGRITY at {@code integrityAt} is the HMAC-SHA1 of what precedes it under {@code key}. */
    public static boolean integrityValid(byte[] m, int integrityAt, byte[] key) {
        int savedLength = u16(m, 2);
        put16(m, 2, integrityAt + 4 + MESSAGE_INTEGRITY_LENGTH - HEADER);
        byte[] mac = Crypto.hmacSha1(key, m, 0, integrityAt);
        put16(m, 2, savedLength);
        int diff = 0;
        for (int i = 0; i < MESSAGE_INTEGRITY_LENGTH; i++) {
            diff |= mac[i] ^ m[integrityAt + 4 + i];
        }
        return diff == 0;
    }

    /** {@link #integrityValid(byte[], int, byte[])} with a key made by {@link #integrityKey}; allocates nothing. */
    public static boolean integrityValidWith(byte[] m, int integrityAt, StunIntegrity integrity) {
        int savedLength = u16(m, 2);
        put16(m, 2, integrityAt + 4 + MESSAGE_INTEGRITY_LENGTH - HEADER);
        boolean valid = integrity.verify(m, 0, integrityAt, m, integrityAt + 4);
        put16(m, 2, savedLength);
        return valid;
    }

    /** Size of the Data indication header placed before a payload: STUN header, XOR-PEER-ADDRESS, DATA header. */
    public static int dataIndicationHeader(InetSocketAddress peer) {
        return HEADER + 4 + (peer.getAddress() instanceof Inet4Address ? 8 : 20) + 4;
    }

    /**
     * Writes a Data indication (RFC 8656 §11.4) header for {@code payloadLength} bytes already in {@code buf} at
     * {@code headerAt + dataIndicationHeader(peer)}, and pads the payload to 4 bytes; returns the total length.
     */
    public static int writeDataIndication(ByteBuffer buf, int headerAt, InetSocketAddress peer, int payloadLength,
                                   long transactionCounter) {
        int addressLength = peer.getAddress() instanceof Inet4Address ? 8 : 20;
        int padded = (payloadLength + 3) & ~3;
        int bodyLength = 4 + addressLength + 4 + padded;
        int at = headerAt;
        buf.putShort(at, (short) type(DATA, CLASS_INDICATION));
        buf.putShort(at + 2, (short) bodyLength);
        buf.putInt(at + 4, MAGIC_COOKIE);
        buf.putInt(at + 8, (int) (transactionCounter >>> 32));
        buf.putLong(at + 12, transactionCounter * 0x9E3779B97F4A7C15L);
        at += HEADER;
        writeXorAddress(buf, at, ATTR_XOR_PEER_ADDRESS, peer, headerAt + 8);
        at += 4 + addressLength;
        buf.putShort(at, (short) ATTR_DATA);
        buf.putShort(at + 2, (short) payloadLength);
        int end = at + 4 + payloadLength;
        for (int i = end; i < at + 4 + padded; i++) {
            buf.put(i, (byte) 0);
        }
        return HEADER + bodyLength;
    }

    /** Writes an XOR-…-ADDRESS attribute (RFC 8489 §14.2); the transaction id is read from {@code txAt} in buf. */
    public static void writeXorAddress(ByteBuffer buf, int at, int attrType, InetSocketAddress address, int txAt) {
        writeXorAddress(buf, at, attrType, address.getAddress().getAddress(), address.getPort(), txAt);
    }

    /** {@link #writeXorAddress(ByteBuffer, int, int, InetSocketAddress, int)} of {@code ip} (4 or 16 bytes). */
    public static void writeXorAddress(ByteBuffer buf, int at, int attrType, byte[] ip, int port, int txAt) {
        buf.putShort(at, (short) attrType);
        buf.putShort(at + 2, (short) (4 + ip.length));
        buf.put(at + 4, (byte) 0);
        buf.put(at + 5, (byte) (ip.length == 4 ? 0x01 : 0x02));
        buf.putShort(at + 6, (short) (port ^ (MAGIC_COOKIE >>> 16)));
        for (int i = 0; i < ip.length; i++) {
            int key = i < 4 ? (MAGIC_COOKIE >>> (24 - 8 * i)) & 0xff : buf.get(txAt + i - 4) & 0xff;
            buf.put(at + 8 + i, (byte) (ip[i] ^ key));
        }
    }

    /** Reads an XOR-…-ADDRESS value (RFC 8489 §14.2) at {@code at} in m; null when malformed. */
    public static InetSocketAddress readXorAddress(byte[] m, int at, int length) {
        return readXorAddress(m, 0, at, length);
    }

    /**
     * {@link #readXorAddress(byte[], int, int)} in a message that starts at {@code m[messageAt]}. Only a value of an
     * IPv4 or IPv6 address's length is read at all: a shorter one may end the message, so its family byte would lie
     * past the attribute.
     */
    public static InetSocketAddress readXorAddress(byte[] m, int messageAt, int at, int length) {
        if (length != XOR_ADDRESS_HEAD + IPV4_BYTES && length != XOR_ADDRESS_HEAD + IPV6_BYTES) {
            return null;
        }
        int family = m[at + 1] & 0xff;
        int ipLength = family == 0x01 ? IPV4_BYTES : family == 0x02 ? IPV6_BYTES : -1;
        if (ipLength < 0 || length != XOR_ADDRESS_HEAD + ipLength) {
            return null;
        }
        int port = u16(m, at + 2) ^ (MAGIC_COOKIE >>> 16);
        byte[] ip = new byte[ipLength];
        for (int i = 0; i < ipLength; i++) {
            int key = i < 4 ? (MAGIC_COOKIE >>> (24 - 8 * i)) & 0xff : m[messageAt + 8 + i - 4] & 0xff;
            ip[i] = (byte) (m[at + 4 + i] ^ key);
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(ip), port);
        } catch (java.net.UnknownHostException e) {
            return null;
        }
    }

    public static int u16(byte[] b, int at) {
        return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
    }

    public static int i32(byte[] b, int at) {
        return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }

    public static void put16(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 8);
        b[at + 1] = (byte) v;
    }

    public static void put32(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
