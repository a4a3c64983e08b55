package io.storagesession.codecs.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

/**
 * Coverage-guided fuzzing of the RTCP side of the media path: {@link RtcpCompound}, which walks every compound a
 * participant sends (RFC 3550 §6.1, the A.2 checks), and {@link RtcpFeedback}, whose packets the other end walks the
 * same way. The contract of the reader: any bytes give an index of whole packets lying back to back inside the
 * datagram, never an exception, and the same answer from a reused view as from a fresh one. The writers' packets,
 * built from fuzzed fields, form a well-formed compound whose fields read back as written (RFC 4585 §6.2.1 NACK,
 * §6.3.1 PLI, RFC 5104 §4.3.1 FIR, REMB, RFC 3550 §6.4 SR and RR). Without {@code JAZZER_FUZZ} only the seeds under
 * {@code RtcpCompoundFuzzTestInputs} run (README "Fuzzing").
 */
class RtcpCompoundFuzzTest {
    private static final int PREFIX = 5;
    private static final int WORD = 4;
    private static final int MAX_TYPE = 0xFF;
    private static final int MAX_FORMAT = 0x1F;
    /** Fuzzed NACKs name at most this many lost packets, REMBs at most this many SSRCs. */
    private static final int MAX_LOST = 64;
    private static final int MAX_REMB_SSRCS = 8;
    private static final int SEQUENCE_MASK = 0xFFFF;
    private static final int BLP_BITS = 16;
    private static final int REMB_BITRATE_AT = 16;
    private static final int REMB_MANTISSA_BITS = 18;
    private static final int REMB_EXPONENT_MASK = 0x3F;
    private static final int REMB_MANTISSA_MASK = (1 << REMB_MANTISSA_BITS) - 1;
    private static final int FIR_SEQUENCE_SHIFT = 24;
    private static final int BYTE_MASK = 0xFF;

    /** One view reused for every input, as a session reuses its own: a parse must not depend on the previous one. */
    private final RtcpCompound reused = new RtcpCompound();

    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "30m")
    void compoundParsing(byte[] datagram) {
        int len = datagram.length;
        byte[] buf = new byte[PREFIX + len];
        System.arraycopy(datagram, 0, buf, PREFIX, len);

        boolean wellFormed = reused.parse(buf, PREFIX, len);
        RtcpCompound fresh = RtcpCompound.of(buf, PREFIX, len);
        assertThat(fresh.wellFormed()).isEqualTo(wellFormed);
        assertThat(fresh.count()).isEqualTo(reused.count());
        assertThat(fresh.malformed()).isEqualTo(reused.malformed());

        int at = PREFIX;
        for (int i = 0; i < reused.count(); i++) {
            assertThat(reused.offset(i)).isEqualTo(at);
            assertThat(reused.length(i)).isGreaterThanOrEqualTo(RtcpCompound.HEADER);
            assertThat(reused.length(i) % WORD).isZero();
            assertThat(reused.type(i)).isBetween(0, MAX_TYPE);
            assertThat(reused.format(i)).isBetween(0, MAX_FORMAT);
            if (reused.senderReport(i)) {
                reused.senderSsrc(i);
                reused.senderNtp(i);
                reused.senderRtpTimestamp(i);
            }
            if (reused.length(i) >= RtcpCompound.FEEDBACK_HEADER) {
                reused.mediaSsrc(i);
            }
            at += reused.length(i);
        }
        assertThat(at).isLessThanOrEqualTo(PREFIX + len);
        assertThat(reused.malformed()).isEqualTo(at < PREFIX + len);
        if (wellFormed) {
            assertThat(reused.malformed()).isFalse();
            assertThat(len).isGreaterThanOrEqualTo(RtcpCompound.HEADER);
        }
    }

    /**
     * The input is read as the fields of one compound: sender SSRC, media SSRC, NTP and RTP timestamps, a bit rate,
     * a FIR sequence, the REMB's SSRC count, then the lost sequence numbers (16 bits each) the NACK reports; missing
     * bytes read as zero.
     */
    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "30m")
    void feedbackRoundTrip(byte[] fields) {
        ByteBuffer in = ByteBuffer.wrap(fields);
        int sender = nextInt(in);
        int media = nextInt(in);
        long ntp = nextLong(in);
        long rtpTimestamp = nextInt(in) & 0xFFFF_FFFFL;
        long bitrate = nextLong(in) & Long.MAX_VALUE;
        int firSequence = nextByte(in);
        int[] rembSsrcs = new int[1 + nextByte(in) % MAX_REMB_SSRCS];
        Arrays.setAll(rembSsrcs, i -> media + i);
        int[] lost = new int[Math.max(1, Math.min(MAX_LOST, in.remaining() / Short.BYTES))];
        for (int i = 0; i < lost.length; i++) {
            lost[i] = in.remaining() >= Short.BYTES ? in.getShort() & SEQUENCE_MASK : 0;
        }

        byte[] buf = new byte[RtcpFeedback.SR_LENGTH + RtcpFeedback.RR_LENGTH + RtcpFeedback.NACK_HEADER_LENGTH
                + lost.length * RtcpFeedback.NACK_ITEM_LENGTH + RtcpFeedback.PLI_LENGTH + RtcpFeedback.FIR_LENGTH
                + (REMB_BITRATE_AT + WORD) + rembSsrcs.length * WORD];
        int at = RtcpFeedback.senderReport(buf, 0, sender, ntp, rtpTimestamp, 0, 0);
        at += RtcpFeedback.emptyReceiverReport(buf, at, sender);
        at += RtcpFeedback.nackLost(buf, at, sender, media, lost, lost.length);
        at += RtcpFeedback.pli(buf, at, sender, media);
        at += RtcpFeedback.fir(buf, at, sender, media, firSequence);
        at += RtcpFeedback.remb(buf, at, sender, bitrate, rembSsrcs);

        RtcpCompound compound = RtcpCompound.of(buf, 0, at);
        assertThat(compound.wellFormed()).isTrue();
        assertThat(compound.count()).isEqualTo(6);
        assertThat(compound.senderReport(0)).isTrue();
        assertThat(compound.senderSsrc(0)).isEqualTo(sender);
        assertThat(compound.senderNtp(0)).isEqualTo(ntp);
        assertThat(compound.senderRtpTimestamp(0) & 0xFFFF_FFFFL).isEqualTo(rtpTimestamp);
        assertThat(compound.type(1)).isEqualTo(RtcpCompound.RR);
        assertThat(compound.type(2)).isEqualTo(RtcpCompound.RTPFB);
        assertThat(compound.format(2)).isEqualTo(RtcpCompound.FMT_NACK);
        assertThat(compound.mediaSsrc(2)).isEqualTo(media);
        assertThat(nackedSequences(compound, 2)).isEqualTo(distinct(lost));
        assertThat(compound.type(3)).isEqualTo(RtcpCompound.PSFB);
        assertThat(compound.format(3)).isEqualTo(RtcpCompound.FMT_PLI);
        assertThat(compound.mediaSsrc(3)).isEqualTo(media);
        assertThat(compound.format(4)).isEqualTo(RtcpCompound.FMT_FIR);
        int fci = compound.offset(4) + RtcpCompound.FEEDBACK_HEADER;
        assertThat(Bytes.readInt(buf, fci)).isEqualTo(media);
        assertThat(buf[fci + WORD] & BYTE_MASK).isEqualTo(firSequence & BYTE_MASK);
        assertThat(remb(compound, 5)).isBetween(bitrate - (bitrate >>> (REMB_MANTISSA_BITS - 1)), bitrate);
    }

    /** The sequence numbers a generic NACK's FCI entries name: each PID and the bits of its BLP (RFC 4585 §6.2.1). */
    private static Set<Integer> nackedSequences(RtcpCompound compound, int packet) {
        Set<Integer> sequences = new TreeSet<>();
        byte[] buf = compound.buffer();
        int end = compound.offset(packet) + compound.length(packet);
        for (int at = compound.offset(packet) + RtcpCompound.FEEDBACK_HEADER; at < end; at += WORD) {
            int pid = Bytes.readShort(buf, at);
            int blp = Bytes.readShort(buf, at + Short.BYTES);
            sequences.add(pid);
            for (int bit = 0; bit < BLP_BITS; bit++) {
                if ((blp & (1 << bit)) != 0) {
                    sequences.add((pid + bit + 1) & SEQUENCE_MASK);
                }
            }
        }
        return sequences;
    }

    /** REMB's bit rate, exponent and 18-bit mantissa (draft-alvestrand-rmcat-remb-03 §2.2). */
    private static long remb(RtcpCompound compound, int packet) {
        int field = Bytes.readInt(compound.buffer(), compound.offset(packet) + REMB_BITRATE_AT);
        int exponent = (field >>> REMB_MANTISSA_BITS) & REMB_EXPONENT_MASK;
        return (long) (field & REMB_MANTISSA_MASK) << exponent;
    }

    private static Set<Integer> distinct(int[] values) {
        Set<Integer> set = new TreeSet<>();
        Arrays.stream(values).forEach(set::add);
        return set;
    }

    private static int nextByte(ByteBuffer in) {
        return in.hasRemaining() ? in.get() & BYTE_MASK : 0;
    }

    private static int nextInt(ByteBuffer in) {
        return in.remaining() >= Integer.BYTES ? in.getInt() : 0;
    }

    private static long nextLong(ByteBuffer in) {
        return in.remaining() >= Long.BYTES ? in.getLong() : 0;
    }
}
