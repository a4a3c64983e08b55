package io.storagesession.webrtc.srtp;

import java.util.Objects;
import org.jitsi.utils.ByteArrayBuffer;

/**
 * A reusable window ({@code offset}, {@code length}) onto a byte array, that {@link SrtpSession} transforms in place. It
 * keeps jitsi-srtp's {@link ByteArrayBuffer} shape so that tests can run jitsi-srtp's contexts on the same packets.
 * Protecting a packet appends the authentication tag (and the SRTCP index), so give the array that much room past the
 * packet — {@link SrtpSession#rtpOverhead()} / {@link SrtpSession#rtcpOverhead()} — and nothing is allocated. Without
 * the room, {@link #grow} moves the packet to a new, larger array, as the {@link ByteArrayBuffer} contract requires;
 * read the result through {@link #getBuffer()}. Not thread-safe: one packet, one thread at a time.
 */
public final class PacketBuffer implements ByteArrayBuffer {
    private byte[] buffer;
    private int offset;
    private int length;

    /** An empty buffer over a new array of {@code capacity} bytes. */
    public PacketBuffer(int capacity) {
        this(new byte[capacity], 0, 0);
    }

    public PacketBuffer(byte[] buffer, int offset, int length) {
        wrap(buffer, offset, length);
    }

    /** Points this buffer at another packet; returns {@code this}. */
    public PacketBuffer wrap(byte[] buffer, int offset, int length) {
        Objects.requireNonNull(buffer, "buffer");
        Objects.checkFromIndexSize(offset, length, buffer.length);
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        return this;
    }

    /** Bytes available from the offset to the end of the array: how long the packet may grow in place. */
    public int capacity() {
        return buffer.length - offset;
    }

    @Override
    public byte[] getBuffer() {
        return buffer;
    }

    @Override
    public int getOffset() {
        return offset;
    }

    @Override
    public int getLength() {
        return length;
    }

    @Override
    public void setLength(int length) {
        if (length < 0 || length > capacity()) {
            throw new IllegalArgumentException("length " + length + " outside [0, " + capacity() + "]");
        }
        this.length = length;
    }

    @Override
    public void setOffset(int offset) {
        if (offset < 0 || offset + length > buffer.length) {
            throw new IllegalArgumentException("offset " + offset + " with length " + length
                    + " outside an array of " + buffer.length);
        }
        this.offset = offset;
    }

    /** Always false: the constructor and setters keep offset and length inside the array. */
    @Override
    public boolean isInvalid() {
        return false;
    }

    /** Copies {@code len} bytes from {@code off} (relative to the packet) into {@code out}; does nothing if they
     * are not all inside the packet or do not fit {@code out}. */
    @Override
    public void readRegionToBuff(int off, int len, byte[] out) {
        if (off < 0 || len <= 0 || off + len > length || out.length < len) {
            return;
        }
        System.arraycopy(buffer, offset + off, out, 0, len);
    }

    /** Makes room for {@code howMuch} more bytes after the packet, moving it to a larger array only if needed. */
    @Override
    public void grow(int howMuch) {
        if (howMuch < 0) {
            throw new IllegalArgumentException("howMuch " + howMuch + " is negative");
        }
        if (length + howMuch > capacity()) {
            byte[] larger = new byte[length + howMuch];
            System.arraycopy(buffer, offset, larger, 0, length);
            buffer = larger;
            offset = 0;
        }
    }

    @Override
    public void append(byte[] data, int len) {
        if (data == null || len == 0) {
            return;
        }
        grow(len);
        System.arraycopy(data, 0, buffer, offset + length, len);
        length += len;
    }

    @Override
    public void shrink(int len) {
        if (len <= 0) {
            return;
        }
        length = Math.max(0, length - len);
    }
}
