package io.storagesession.codecs.h264;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 6184 payloads in, NAL units and damage out, written down as events in the order the sink heard them. */
class H264DepacketizerTest {
    /** The payload ring: the depacketizer never sees it. */
    private static final int RING = 32 * 1024;
    private static final int TS = 9000;

    private final H264Counters counters = new H264Counters();
    private final List<String> events = new ArrayList<>();
    /** A fragmented NAL unit as the sink joins it: written down as one event when whole. */
    private final ByteArrayOutputStream joined = new ByteArrayOutputStream();
    private final H264Depacketizer depacketizer = depacketizer(1 << 20);

    private H264Depacketizer depacketizer(int maxAccessUnitBytes) {
        return new H264Depacketizer(new H264Settings(Duration.ofMillis(150), 16, RING, RING, 1500, 3000,
                maxAccessUnitBytes, RING), counters, new NalUnitSink() {
                    @Override
                    public void nalUnit(int timestamp, byte[] buf, int off, int len) {
                        events.add(HexFormat.of().formatHex(Arrays.copyOfRange(buf, off, off + len)));
                    }

                    @Override
                    public void fragmentStart(int timestamp, byte nalHeader, byte[] buf, int off, int len) {
                        joined.reset();
                        joined.write(nalHeader);
                        joined.write(buf, off, len);
                    }

                    @Override
                    public void fragment(byte[] buf, int off, int len) {
                        joined.write(buf, off, len);
                    }

                    @Override
                    public void fragmentEnd() {
                        events.add(HexFormat.of().formatHex(joined.toByteArray()));
                    }

                    @Override
                    public void packetEnd(int timestamp, boolean marker) {
                        events.add(marker ? "end " + timestamp + " M" : "end " + timestamp);
                    }

                    @Override
                    public void damaged() {
                        events.add("damaged");
                    }

                    @Override
                    public void restarted() {
                        events.add("restarted");
                    }
                });
    }

    private void payload(String hex, boolean marker) {
        byte[] p = HexFormat.of().parseHex(hex);
        depacketizer.payload(TS, marker, p, 0, p.length);
    }

    @Test
    void singleNalUnitPacketIsPassedOnWhole() {
        payload("6588aabb", true);
        assertThat(events).containsExactly("6588aabb", "end 9000 M");
    }

    @Test
    void stapAIsSplitIntoItsNalUnits() {
        payload("78" + "0003" + "674201" + "0002" + "68ce" + "0003" + "0601ff", false);
        assertThat(events).containsExactly("674201", "68ce", "0601ff", "end 9000");
    }

    @Test
    void fuAFragmentsAreJoinedBehindTheRebuiltHeader() {
        payload("7c85" + "aabb", false); // NRI 3, start of type 5
        payload("7c05" + "cc", false);
        payload("7c45" + "ddee", true);
        assertThat(events).containsExactly("end 9000", "end 9000", "65aabbccddee", "end 9000 M");
    }

    @Test
    void aLostFragmentLosesTheWholeNalUnit() {
        payload("5c81" + "aa", false);
        depacketizer.lost(1);
        payload("5c41" + "cc", true);
        assertThat(events).containsExactly("end 9000", "damaged", "damaged", "end 9000 M");
        assertThat(counters.fragmentsDropped()).isEqualTo(2);
        payload("41" + "01", true);
        assertThat(events).endsWith("4101", "end 9000 M");
    }

    @Test
    void aFragmentedNalUnitInterruptedByAnotherPacketIsDamaged() {
        payload("7c85aa", false);
        payload("4101", false);
        assertThat(events).containsExactly("end 9000", "damaged", "4101", "end 9000");
    }

    @Test
    void aFragmentedNalUnitCutByATimestampChangeOrTheMarkerIsDamaged() {
        payload("7c85aa", false);
        depacketizer.payload(TS + 1, false, new byte[] {0x7c, 0x05, 1}, 0, 3);
        assertThat(events).containsExactly("end 9000", "damaged", "damaged", "end 9001");
        events.clear();
        payload("7c85aa", true);
        assertThat(events).containsExactly("damaged", "end 9000 M");
    }

    @Test
    void refusesStartAndEndInOneFragmentOrEmptyOrForeignFragments() {
        payload("7cc5aa", true); // S and E together (§5.8)
        payload("7c85", false); // no payload
        payload("7c", false); // no FU header
        payload("7c98aa", false); // fragment of a STAP-A
        payload("7c85aa", false);
        payload("7c41bb", true); // continues a different type
        assertThat(events).doesNotContain("65aabb", "41bb").filteredOn("damaged"::equals).hasSize(5);
        assertThat(counters.payloadMalformed()).isEqualTo(5);
    }

    @Test
    void refusesStapASizesThatOverrunOrAreZero() {
        for (String bad : List.of("78" + "0003" + "6742", "78" + "ffff" + "674201", "78" + "0000" + "0001" + "65",
                "78" + "0002" + "6742" + "00", "78", "78" + "0001" + "18", "78" + "0001" + "e5")) {
            events.clear();
            payload(bad, true);
            assertThat(events).as(bad).containsExactly("damaged", "end 9000 M");
        }
        assertThat(counters.payloadMalformed()).isEqualTo(7);
    }

    @Test
    void refusesInterleavedModeStructures() {
        for (String type : List.of("79", "7a", "7b", "7d")) {
            events.clear();
            payload(type + "000341aabb", true);
            assertThat(events).containsExactly("damaged", "end 9000 M");
        }
        assertThat(counters.payloadUnsupported()).isEqualTo(4);
    }

    @Test
    void ignoresReservedTypes() {
        for (String type : List.of("60", "7e", "7f")) {
            payload(type + "aa", false);
        }
        assertThat(events).containsExactly("end 9000", "end 9000", "end 9000");
        assertThat(counters.payloadReservedType()).isEqualTo(3);
    }

    @Test
    void refusesTheForbiddenBit() {
        payload("e5aa", true);
        assertThat(events).containsExactly("damaged", "end 9000 M");
        assertThat(counters.payloadMalformed()).isEqualTo(1);
    }

    @Test
    void refusesNalUnitsLargerThanTheLimit() {
        H264Depacketizer small = depacketizer(16); // 12 bytes of NAL unit after the 4-byte prefix
        byte[] big = new byte[13];
        big[0] = 0x41;
        small.payload(TS, false, big, 0, big.length);
        small.payload(TS, false, new byte[] {0x7c, (byte) 0x81, 1, 2, 3, 4, 5, 6}, 0, 8);
        small.payload(TS, true, new byte[] {0x7c, 0x41, 1, 2, 3, 4, 5, 6}, 0, 8);
        assertThat(events).containsExactly("damaged", "end 9000", "end 9000", "damaged", "end 9000 M");
        assertThat(counters.nalTooLarge()).isEqualTo(2);
    }

    @Test
    void emptyPayloadsAreNothing() {
        depacketizer.payload(TS, true, new byte[0], 0, 0);
        assertThat(events).isEmpty();
    }

    @Test
    void largeFragmentedNalUnitsArePassedOnWhole() {
        byte[] fragment = new byte[1400];
        fragment[0] = 0x7c;
        fragment[1] = (byte) 0x85;
        depacketizer.payload(TS, false, fragment, 0, fragment.length);
        fragment[1] = 0x05;
        for (int i = 0; i < 200; i++) {
            depacketizer.payload(TS, false, fragment, 0, fragment.length);
        }
        fragment[1] = 0x45;
        events.clear();
        depacketizer.payload(TS, true, fragment, 0, fragment.length);
        assertThat(events.get(0)).hasSize(2 * (1 + 202 * 1398));
        assertThat(counters.nalTooLarge()).isZero();
    }

    /** The limit counts every fragment: one that takes the NAL unit past it abandons the NAL unit, once. */
    @Test
    void aFragmentedNalUnitThatOutgrowsTheLimitIsAbandoned() {
        H264Depacketizer small = depacketizer(16); // 12 bytes of NAL unit after the 4-byte prefix
        small.payload(TS, false, new byte[] {0x7c, (byte) 0x85, 1, 2, 3, 4, 5, 6}, 0, 8);
        small.payload(TS, false, new byte[] {0x7c, 0x05, 1, 2, 3, 4, 5}, 0, 7);
        small.payload(TS, true, new byte[] {0x7c, 0x45, 1}, 0, 3);
        assertThat(events).as("7, then 12 bytes fit; the 13th does not")
                .containsExactly("end 9000", "end 9000", "damaged", "end 9000 M");
        assertThat(counters.nalTooLarge()).isEqualTo(1);
        assertThat(counters.fragmentsDropped()).isEqualTo(1);
    }
}
