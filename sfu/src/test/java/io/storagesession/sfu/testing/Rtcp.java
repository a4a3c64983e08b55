package io.storagesession.sfu.testing;

import java.util.ArrayList;
import java.util.List;

/** Reads back the compound RTCP a test captured: each packet's type, FMT and words. */
public final class Rtcp {
    private Rtcp() {
    }

    /** One packet of a compound: type, count/FMT field, and its bytes. */
    public record Packet(int type, int format, byte[] bytes) {
        public int word(int index) {
            int at = index * 4;
            return ((bytes[at] & 0xFF) << 24) | ((bytes[at + 1] & 0xFF) << 16) | ((bytes[at + 2] & 0xFF) << 8)
                    | (bytes[at + 3] & 0xFF);
        }
    }

    public static List<Packet> split(byte[] compound) {
        List<Packet> packets = new ArrayList<>();
        int at = 0;
        while (at + 4 <= compound.length) {
            int bytes = ((((compound[at + 2] & 0xFF) << 8) | (compound[at + 3] & 0xFF)) + 1) * 4;
            byte[] one = new byte[bytes];
            System.arraycopy(compound, at, one, 0, bytes);
            packets.add(new Packet(compound[at + 1] & 0xFF, compound[at] & 0x1F, one));
            at += bytes;
        }
        return packets;
    }

    /** Every packet of the given type and FMT in everything captured. */
    public static List<Packet> all(List<byte[]> captured, int type, int format) {
        List<Packet> found = new ArrayList<>();
        for (byte[] compound : captured) {
            for (Packet p : split(compound)) {
                if (p.type() == type && (format < 0 || p.format() == format)) {
                    found.add(p);
                }
            }
        }
        return found;
    }
}
