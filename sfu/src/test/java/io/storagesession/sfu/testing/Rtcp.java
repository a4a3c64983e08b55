package io.storagesession.sfu.testing;

import io.storagesession.codecs.rtp.Bytes;
import io.storagesession.codecs.rtp.RtcpCompound;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads back the compound RTCP a test captured: each packet's type, FMT and words. The walk is the server's own
 * {@link RtcpCompound}, so a test reads the packets exactly as a receiver of this code base would.
 */
public final class Rtcp {
    private Rtcp() {
    }

    /** One packet of a compound: type, count/FMT field, and its bytes. */
    public record Packet(int type, int format, byte[] bytes) {
        public int word(int index) {
            return Bytes.readInt(bytes, index * Integer.BYTES);
        }
    }

    public static List<Packet> split(byte[] compound) {
        RtcpCompound parsed = RtcpCompound.of(compound, 0, compound.length);
        List<Packet> packets = new ArrayList<>();
        for (int i = 0; i < parsed.count(); i++) {
            int at = parsed.offset(i);
            byte[] one = Arrays.copyOfRange(compound, at, at + parsed.length(i));
            packets.add(new Packet(parsed.type(i), parsed.format(i), one));
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
