package io.storagesession.codecs.h264;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The sender's half of RFC 6184 packetization-mode 1, for the tests: access units into RTP packets as single NAL unit
 * packets (§5.6), STAP-A aggregates of small NAL units (§5.7.1) and FU-A fragments of large ones (§5.8), the choice
 * and fragment sizes drawn from a seeded {@link Random} so every mix is exercised.
 */
public final class Packetizer {
    public static final int PAYLOAD_TYPE = 96;
    public static final int SSRC = 0x1234_5678;
    private static final int STAP_A = 24;
    private static final int FU_A = 28;
    private static final int MARKER = 0x80;
    private static final int VERSION_2 = 0x80;
    private static final int HEADER = 12;

    private final Random random;
    private final int maxPayload;
    private int sequence;

    public Packetizer(Random random, int maxPayload, int firstSequence) {
        this.random = random;
        this.maxPayload = maxPayload;
        this.sequence = firstSequence & 0xFFFF;
    }

    public int nextSequence() {
        return sequence;
    }

    /** The RTP packets of one access unit, the last one with the marker bit. */
    public List<byte[]> packetize(List<byte[]> nalUnits, int timestamp) {
        List<byte[]> payloads = new ArrayList<>();
        int i = 0;
        while (i < nalUnits.size()) {
            byte[] nal = nalUnits.get(i);
            if (nal.length > maxPayload || nal.length > 2 && random.nextInt(4) == 0) {
                fragment(nal, payloads);
                i++;
                continue;
            }
            int end = i + 1;
            int size = 1 + 2 + nal.length;
            while (end < nalUnits.size() && random.nextBoolean()
                    && size + 2 + nalUnits.get(end).length <= maxPayload) {
                size += 2 + nalUnits.get(end).length;
                end++;
            }
            if (end - i == 1 && (random.nextBoolean() || size > maxPayload)) {
                payloads.add(nal.clone());
            } else {
                ByteArrayOutputStream stap = new ByteArrayOutputStream();
                int nri = 0;
                for (int k = i; k < end; k++) {
                    nri = Math.max(nri, nalUnits.get(k)[0] & 0x60);
                }
                stap.write(nri | STAP_A);
                for (int k = i; k < end; k++) {
                    byte[] n = nalUnits.get(k);
                    stap.write(n.length >>> 8);
                    stap.write(n.length & 0xFF);
                    stap.writeBytes(n);
                }
                payloads.add(stap.toByteArray());
            }
            i = end;
        }
        List<byte[]> packets = new ArrayList<>();
        for (int k = 0; k < payloads.size(); k++) {
            packets.add(rtp(sequence, timestamp, k == payloads.size() - 1, payloads.get(k)));
            sequence = (sequence + 1) & 0xFFFF;
        }
        return packets;
    }

    private void fragment(byte[] nal, List<byte[]> payloads) {
        int pos = 1;
        int remaining = nal.length - 1;
        // at least two fragments: a NAL unit must not be sent in one FU (§5.8)
        int limit = Math.max(1, Math.min(maxPayload - 2, remaining - 1));
        boolean first = true;
        while (remaining > 0) {
            int chunk = Math.min(remaining, 1 + random.nextInt(limit));
            if (first && chunk == remaining) {
                chunk = remaining - 1;
            }
            byte[] p = new byte[2 + chunk];
            p[0] = (byte) (nal[0] & 0xE0 | FU_A);
            int header = nal[0] & 0x1F;
            if (first) {
                header |= 0x80;
            }
            if (chunk == remaining) {
                header |= 0x40;
            }
            p[1] = (byte) header;
            System.arraycopy(nal, pos, p, 2, chunk);
            payloads.add(p);
            pos += chunk;
            remaining -= chunk;
            first = false;
        }
    }

    static byte[] rtp(int sequence, int timestamp, boolean marker, byte[] payload) {
        byte[] p = new byte[HEADER + payload.length];
        p[0] = (byte) VERSION_2;
        p[1] = (byte) ((marker ? MARKER : 0) | PAYLOAD_TYPE);
        p[2] = (byte) (sequence >>> 8);
        p[3] = (byte) sequence;
        p[4] = (byte) (timestamp >>> 24);
        p[5] = (byte) (timestamp >>> 16);
        p[6] = (byte) (timestamp >>> 8);
        p[7] = (byte) timestamp;
        p[8] = (byte) (SSRC >>> 24);
        p[9] = (byte) (SSRC >>> 16);
        p[10] = (byte) (SSRC >>> 8);
        p[11] = (byte) SSRC;
        System.arraycopy(payload, 0, p, HEADER, payload.length);
        return p;
    }

    /** What {@link AccessUnit} should hold for these NAL units: each behind its 4-byte big-endian length. */
    static byte[] avcc(List<byte[]> nalUnits) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] n : nalUnits) {
            out.write(n.length >>> 24);
            out.write(n.length >>> 16);
            out.write(n.length >>> 8);
            out.write(n.length);
            out.writeBytes(n);
        }
        return out.toByteArray();
    }
}
