package io.storagesession.codecs;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.ShortPointer;

/**
 * Re-aimable views over native memory that FFmpeg hands back (a decoded frame's samples, an encoded packet's bytes).
 * JavaCPP's getters such as {@code AVFrame.data(0)} return a new pointer object on every call; pointing one reusable
 * view at the address instead keeps the per-packet path free of Java allocations.
 */
final class NativeWindow {
    private NativeWindow() {
    }

    /** 16-bit samples at an address that changes from call to call. */
    static final class Shorts extends ShortPointer {
        Shorts() {
            super((Pointer) null);
        }

        Shorts at(long nativeAddress, long count) {
            address = nativeAddress;
            position = 0;
            limit = count;
            capacity = count;
            return this;
        }
    }

    /** Bytes at an address that changes from call to call. */
    static final class Bytes extends BytePointer {
        Bytes() {
            super((Pointer) null);
        }

        Bytes at(long nativeAddress, long count) {
            address = nativeAddress;
            position = 0;
            limit = count;
            capacity = count;
            return this;
        }
    }

    /** 32-bit float samples (one plane of a planar frame) at an address that changes from call to call. */
    static final class Floats extends FloatPointer {
        Floats() {
            super((Pointer) null);
        }

        Floats at(long nativeAddress, long count) {
            address = nativeAddress;
            position = 0;
            limit = count;
            capacity = count;
            return this;
        }
    }
}
