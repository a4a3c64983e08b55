package io.storagesession.codecs.h264;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Access unit boundaries, the AVCC output, and the drop-until-keyframe rule, fed NAL unit by NAL unit. */
class AccessUnitAssemblerTest {
    /** The payload ring: the assembler never sees it. */
    private static final int RING = 32 * 1024;
    private static final byte[] SPS = SequenceParameterSetTest.OPENH264_320X240;
    private static final byte[] PPS = {0x68, (byte) 0xce, 0x3c, (byte) 0x80};
    private static final byte[] IDR = {0x65, (byte) 0x88, 0x01};
    private static final byte[] SLICE = {0x41, (byte) 0x9a, 0x02};
    private static final byte[] SLICE_2 = {0x41, (byte) 0x9b, 0x03, 0x04};

    record Emitted(int timestamp, boolean key, byte[] data) {
    }

    private final H264Counters counters = new H264Counters();
    private final List<Emitted> out = new ArrayList<>();
    private final AccessUnitAssembler assembler = assembler(1 << 20);

    private AccessUnitAssembler assembler(int max) {
        return assembler(max, 16 * 1024);
    }

    private AccessUnitAssembler assembler(int max, int initial) {
        return new AccessUnitAssembler(new H264Settings(Duration.ofMillis(150), 16, RING, RING, 1500, 3000, max,
                initial), counters,
                unit -> out.add(new Emitted(unit.timestamp(), unit.keyframe(),
                        Arrays.copyOf(unit.data(), unit.length()))));
    }

    /** One packet per NAL unit, the marker on the last when asked. */
    private void frame(AccessUnitAssembler a, int ts, boolean marker, byte[]... nals) {
        for (int i = 0; i < nals.length; i++) {
            a.nalUnit(ts, nals[i], 0, nals[i].length);
            a.packetEnd(ts, marker && i == nals.length - 1);
        }
    }

    private void frame(int ts, boolean marker, byte[]... nals) {
        frame(assembler, ts, marker, nals);
    }

    private void keyframe(int ts) {
        frame(ts, true, SPS, PPS, IDR);
    }

    @Test
    void theMarkerEndsAnAccessUnitWrittenAsLengthPrefixedNalUnits() {
        keyframe(1000);
        assertThat(out).hasSize(1);
        assertThat(out.get(0).key()).isTrue();
        assertThat(out.get(0).timestamp()).isEqualTo(1000);
        assertThat(out.get(0).data()).isEqualTo(Packetizer.avcc(List.of(SPS, PPS, IDR)));
        frame(4000, true, SLICE, SLICE_2);
        assertThat(out).hasSize(2);
        assertThat(out.get(1).key()).isFalse();
        assertThat(out.get(1).data()).isEqualTo(Packetizer.avcc(List.of(SLICE, SLICE_2)));
        assertThat(assembler.keyframeNeeded()).isFalse();
    }

    @Test
    void aTimestampChangeEndsAnAccessUnitWithoutMarker() {
        frame(1000, false, SPS, PPS, IDR);
        assertThat(out).isEmpty();
        frame(4000, false, SLICE);
        assertThat(out).extracting(Emitted::timestamp).containsExactly(1000);
    }

    @Test
    void nothingBeforeTheFirstKeyframe() {
        assertThat(assembler.keyframeNeeded()).isTrue();
        frame(1000, true, SLICE);
        frame(4000, true, SPS, PPS, IDR);
        assertThat(out).extracting(Emitted::timestamp).containsExactly(4000);
        assertThat(counters.accessUnitsDamaged()).as("the first did not start with an SPS").isEqualTo(1);
    }

    @Test
    void theFirstAccessUnitMustStartLikeAKeyframeSinceItsHeadMayHaveBeenLost() {
        frame(1000, true, PPS, IDR);
        assertThat(out).isEmpty();
        keyframe(4000);
        assertThat(out).hasSize(1);
        byte[] aud = {0x09, (byte) 0xf0};
        AccessUnitAssembler other = assembler(1 << 20);
        frame(other, 7000, true, aud, SPS, PPS, IDR);
        assertThat(out).hasSize(2);
    }

    @Test
    void aLossInsideAnAccessUnitDropsItAndEverythingUntilTheNextKeyframe() {
        keyframe(1000);
        frame(4000, false, SLICE);
        assembler.damaged();
        assertThat(assembler.keyframeNeeded()).isTrue();
        frame(4000, true, SLICE_2);
        frame(7000, true, SLICE);
        keyframe(10000);
        frame(13000, true, SLICE);
        assertThat(out).extracting(Emitted::timestamp).containsExactly(1000, 10000, 13000);
        assertThat(counters.accessUnitsDamaged()).isEqualTo(1);
        assertThat(counters.accessUnitsBeforeKeyframe()).isEqualTo(1);
        assertThat(assembler.keyframeNeeded()).isFalse();
    }

    @Test
    void aLossBetweenAccessUnitsDropsTheNextOneEvenIfItIsAKeyframe() {
        keyframe(1000);
        assembler.damaged();
        frame(4000, true, PPS, IDR); // its SPS may have been in the lost packet
        keyframe(7000);
        assertThat(out).extracting(Emitted::timestamp).containsExactly(1000, 7000);
    }

    @Test
    void aLossAtTheEndOfAnAccessUnitWithoutMarkerDropsBothSides() {
        keyframe(1000);
        frame(4000, false, SLICE);
        assembler.damaged();
        frame(7000, true, SPS, PPS, IDR);
        keyframe(10000);
        assertThat(out).extracting(Emitted::timestamp).containsExactly(1000, 10000);
        assertThat(counters.accessUnitsDamaged()).isEqualTo(2);
    }

    @Test
    void anAccessUnitNotAfterTheLastOneIsDropped() {
        keyframe(1000);
        keyframe(1000);
        keyframe(-5000 + 1000);
        keyframe(4000);
        assertThat(out).extracting(Emitted::timestamp).containsExactly(1000, 4000);
        assertThat(counters.accessUnitsOutOfOrder()).isEqualTo(2);
    }

    @Test
    void timestampsCompareAcrossTheirWrap() {
        keyframe(Integer.MAX_VALUE - 1000);
        frame(Integer.MIN_VALUE + 2000, true, SLICE);
        frame(-1000, true, SLICE);
        frame(2000, true, SLICE);
        assertThat(out).hasSize(4);
    }

    @Test
    void aRestartAcceptsAnyTimestampAfterAKeyframe() {
        keyframe(100_000);
        assembler.restarted();
        assertThat(assembler.keyframeNeeded()).isTrue();
        frame(50, true, SLICE);
        keyframe(90);
        assertThat(out).extracting(Emitted::timestamp).containsExactly(100_000, 90);
    }

    @Test
    void anAccessUnitLargerThanTheLimitIsDropped() {
        AccessUnitAssembler small = assembler(4 + SPS.length + 4 + PPS.length + 4 + IDR.length);
        frame(small, 1000, true, SPS, PPS, IDR);
        frame(small, 4000, true, SPS, PPS, IDR, SLICE);
        frame(small, 7000, true, SLICE);
        assertThat(out).extracting(Emitted::timestamp).containsExactly(1000);
        assertThat(counters.nalTooLarge()).isEqualTo(1);
        assertThat(small.keyframeNeeded()).isTrue();
    }

    @Test
    void theBufferGrowsForLargeKeyframesAndIsReused() {
        byte[] bigIdr = new byte[300_000];
        bigIdr[0] = 0x65;
        bigIdr[bigIdr.length - 1] = 7;
        frame(1000, true, SPS, PPS, bigIdr);
        frame(4000, true, SLICE);
        assertThat(out.get(0).data()).isEqualTo(Packetizer.avcc(List.of(SPS, PPS, bigIdr)));
        assertThat(out.get(1).data()).isEqualTo(Packetizer.avcc(List.of(SLICE)));
    }

    /** A NAL unit as FU-A fragments of {@code size} bytes after its header, the way the depacketizer passes them on. */
    private static void fragmented(AccessUnitAssembler a, int ts, byte[] nal, int size) {
        int at = 1 + Math.min(size, nal.length - 1);
        a.fragmentStart(ts, nal[0], nal, 1, at - 1);
        a.packetEnd(ts, false);
        while (at < nal.length) {
            int n = Math.min(size, nal.length - at);
            a.fragment(nal, at, n);
            at += n;
            if (at < nal.length) {
                a.packetEnd(ts, false);
            }
        }
        a.fragmentEnd();
    }

    private static byte[] idr(int length) {
        byte[] nal = new byte[length];
        new java.util.Random(length).nextBytes(nal);
        nal[0] = 0x65;
        return nal;
    }

    @Test
    void fragmentsAreJoinedInPlaceIntoTheSameOutputAsAWholeNalUnit() {
        byte[] bigIdr = idr(5000);
        frame(1000, false, SPS, PPS);
        fragmented(assembler, 1000, bigIdr, 1200);
        assembler.packetEnd(1000, true);
        frame(4000, false, SLICE);
        fragmented(assembler, 4000, SLICE_2, 1);
        assembler.packetEnd(4000, true);
        assertThat(out).hasSize(2);
        assertThat(out.get(0).key()).as("the IDR type came in the rebuilt header").isTrue();
        assertThat(out.get(0).data()).isEqualTo(Packetizer.avcc(List.of(SPS, PPS, bigIdr)));
        assertThat(out.get(1).data()).isEqualTo(Packetizer.avcc(List.of(SLICE, SLICE_2)));
    }

    @Test
    void aKeyframeLargerThanTheFirstBufferGrowsItAndTheSizeIsKept() {
        AccessUnitAssembler a = assembler(1 << 20, 64);
        assertThat(a.capacityBytes()).isEqualTo(64);
        byte[] bigIdr = idr(40_000);
        frame(a, 1000, false, SPS, PPS);
        fragmented(a, 1000, bigIdr, 1188);
        a.packetEnd(1000, true);
        int unit = out.get(0).data().length;
        int grown = a.capacityBytes();
        assertThat(grown).as("grown from 64 by doubling to hold %d bytes", unit).isBetween(unit, 2 * unit);
        frame(a, 4000, true, SLICE);
        assertThat(out.get(0).data()).isEqualTo(Packetizer.avcc(List.of(SPS, PPS, bigIdr)));
        assertThat(out.get(1).data()).isEqualTo(Packetizer.avcc(List.of(SLICE)));
        assertThat(a.capacityBytes()).isEqualTo(grown);
    }

    @Test
    void anAccessUnitOutgrowingTheLimitInsideAFragmentedNalUnitIsDropped() {
        AccessUnitAssembler small = assembler(100, 8);
        frame(small, 1000, false, SPS, PPS);
        fragmented(small, 1000, idr(200), 30);
        small.packetEnd(1000, true);
        assertThat(out).isEmpty();
        assertThat(counters.nalTooLarge()).as("counted once, not per fragment").isEqualTo(1);
        assertThat(counters.accessUnitsDamaged()).isEqualTo(1);
        assertThat(small.capacityBytes()).isEqualTo(100);
        frame(small, 4000, true, SPS, PPS, IDR);
        assertThat(out).extracting(Emitted::timestamp).containsExactly(4000);
    }

    @Test
    void aFragmentedNalUnitNeverFinishedDropsItsAccessUnit() {
        keyframe(1000);
        assembler.fragmentStart(4000, SLICE[0], SLICE, 1, 1);
        assembler.packetEnd(4000, false);
        assembler.damaged();
        assembler.fragment(SLICE, 2, 1);
        assembler.packetEnd(4000, true);
        keyframe(7000);
        assembler.fragmentStart(10000, SLICE[0], SLICE, 1, 1);
        assembler.nalUnit(10000, SLICE_2, 0, SLICE_2.length);
        assembler.packetEnd(10000, true);
        assembler.fragmentStart(13000, SLICE[0], SLICE, 1, 1);
        assembler.packetEnd(13000, true);
        assertThat(out).extracting(Emitted::timestamp).containsExactly(1000, 7000);
        assertThat(counters.accessUnitsDamaged()).isEqualTo(3);
    }

    @Test
    void fragmentsWithoutAStartAreIgnored() {
        keyframe(1000);
        assembler.fragment(SLICE, 1, 2);
        assembler.fragmentEnd();
        frame(4000, true, SLICE);
        assertThat(out.get(1).data()).isEqualTo(Packetizer.avcc(List.of(SLICE)));
    }

    /**
     * What a receiver costs before its first frame, at reference.conf's settings, by the JVM's per-thread allocation
     * counter: the access unit buffer is the receive path's only frame buffer (the depacketizer joins fragments in it).
     */
    @Test
    void aReceiverCostsItsFirstAccessUnitBufferBeforeItsFirstFrame() {
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        H264Settings settings = H264Settings.defaults();
        AccessUnitSink ignore = unit -> { };
        new H264Depacketizer(settings, counters, new AccessUnitAssembler(settings, counters, ignore)); // class loading
        long before = threads.getCurrentThreadAllocatedBytes();
        AccessUnitAssembler a = new AccessUnitAssembler(settings, counters, ignore);
        H264Depacketizer d = new H264Depacketizer(settings, counters, a);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        System.out.printf("assembler and depacketizer before the first frame: %d bytes (were 2 x 64 KiB)%n",
                allocated);
        assertThat(d).isNotNull();
        assertThat(a.capacityBytes()).isEqualTo(settings.initialAccessUnitBytes());
        assertThat(allocated).isLessThan(settings.initialAccessUnitBytes() + 1024);
    }
}
