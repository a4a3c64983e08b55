package io.storagesession.bench.session.media;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A pre-encoded H.264 stream, already cut into RTP payloads per picture, that a simulated master loops over. A
 * keyframe request (PLI/FIR) makes the master jump to the next IDR picture at once ({@link #nextKeyframe}); since the
 * stream repeats its parameter sets before each IDR, any IDR is a clean start.
 */
public final class VideoClip {
    private final byte[][][] payloads;
    private final boolean[] keyframe;
    private final long bytes;

    private VideoClip(byte[][][] payloads, boolean[] keyframe, long bytes) {
        this.payloads = payloads;
        this.keyframe = keyframe;
        this.bytes = bytes;
    }

    /** Reads an Annex B file and packetizes it with {@link H264Packets} into payloads of at most {@code maxPayload}. */
    public static VideoClip read(Path annexB, int maxPayload) throws IOException {
        List<List<byte[]>> units = AnnexB.accessUnits(AnnexB.nalUnits(Files.readAllBytes(annexB)));
        if (units.isEmpty() || !AnnexB.isKeyframe(units.get(0))) {
            throw new IOException(annexB + " does not start with an IDR picture");
        }
        byte[][][] payloads = new byte[units.size()][][];
        boolean[] keyframe = new boolean[units.size()];
        long bytes = 0;
        for (int i = 0; i < units.size(); i++) {
            payloads[i] = H264Packets.payloads(units.get(i), maxPayload).toArray(byte[][]::new);
            keyframe[i] = AnnexB.isKeyframe(units.get(i));
            for (byte[] p : payloads[i]) {
                bytes += p.length;
            }
        }
        return new VideoClip(payloads, keyframe, bytes);
    }

    public int frames() {
        return payloads.length;
    }

    /** The RTP payloads of picture {@code frame}; the array is shared, never modify it. */
    public byte[][] payloads(int frame) {
        return payloads[frame];
    }

    public boolean isKeyframe(int frame) {
        return keyframe[frame];
    }

    /** The first IDR picture after {@code frame}, wrapping to the clip's start (itself an IDR). */
    public int nextKeyframe(int frame) {
        for (int i = frame + 1; i < payloads.length; i++) {
            if (keyframe[i]) {
                return i;
            }
        }
        return 0;
    }

    /** Payload bytes of the whole clip, for the bit rate it carries. */
    public long payloadBytes() {
        return bytes;
    }
}
