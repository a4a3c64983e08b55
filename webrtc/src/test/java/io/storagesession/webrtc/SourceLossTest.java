package io.storagesession.webrtc;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * Loss on one received RTP track as RFC 3550 A.1/A.3 count it: expected (extended highest less first plus one) less
 * received, never negative, across the 16-bit wrap, with reordering and duplicates, and restarted by a confirmed jump
 * or a new SSRC without forgetting what was lost before.
 */
class SourceLossTest {
    private static final int SSRC = 0x1111;

    private final SourceLoss loss = new SourceLoss();

    private void receive(int... sequences) {
        for (int sequence : sequences) {
            loss.received(SSRC, sequence & 0xFFFF);
        }
    }

    @Test
    void nothingReceivedAndPacketsInOrderLoseNothing() {
        assertThat(loss.lost()).isZero();
        for (int s = 100; s < 1_100; s++) {
            receive(s);
        }
        assertThat(loss.lost()).isZero();
    }

    @Test
    void gapsAreCountedAsTheyOpen() {
        receive(1, 2, 3, 7, 8);
        assertThat(loss.lost()).as("4, 5 and 6").isEqualTo(3);
        receive(20);
        assertThat(loss.lost()).as("and 9 to 19").isEqualTo(14);
    }

    @Test
    void aReorderedPacketClosesTheGapItWasCountedIn() {
        receive(10, 11, 13, 14);
        assertThat(loss.lost()).isEqualTo(1);
        receive(12);
        assertThat(loss.lost()).isZero();
        receive(15, 18, 17, 16, 19);
        assertThat(loss.lost()).isZero();
    }

    @Test
    void aPacketThatComesBeforeTheFirstOneIsExpectedNotExtra() {
        receive(50, 52, 49);
        assertThat(loss.lost()).as("51 only").isEqualTo(1);
        receive(51, 48);
        assertThat(loss.lost()).isZero();
    }

    @Test
    void theSequenceWrapsAt65535WithoutLossOrAJump() {
        receive(65_533, 65_534, 65_535, 0, 1, 2);
        assertThat(loss.lost()).isZero();
        receive(4);
        assertThat(loss.lost()).as("3, after the wrap").isEqualTo(1);
        receive(65_530, 65_532);
        assertThat(loss.lost()).as("late packets from before the wrap extend it backwards: 65531 and 3")
                .isEqualTo(2);
    }

    @Test
    void aGapAcrossTheWrapIsCountedOnce() {
        receive(65_530, 65_531, 5);
        assertThat(loss.lost()).as("65532 to 65535 and 0 to 4").isEqualTo(9);
    }

    @Test
    void manyWrapsInOrderStayLossless() {
        for (int i = 0; i < 5 * 65_536; i++) {
            receive(40_000 + i);
        }
        assertThat(loss.lost()).isZero();
    }

    @Test
    void duplicatesDoNotHideLoss() {
        receive(1, 2, 2, 4, 4, 1, 4);
        assertThat(loss.lost()).as("3 is lost whatever was received twice").isEqualTo(1);
        receive(3, 3);
        assertThat(loss.lost()).isZero();
    }

    @Test
    void aDuplicateFarBehindIsIgnoredNeverNegativeLoss() {
        for (int s = 1; s < 200; s++) {
            receive(s);
        }
        receive(150, 150, 199, 50);
        assertThat(loss.lost()).isZero();
        receive(200);
        assertThat(loss.lost()).isZero();
    }

    @Test
    void aSingleWildJumpIsIgnoredAndItsConfirmationRestartsTheCount() {
        receive(1, 2, 4);
        assertThat(loss.lost()).isEqualTo(1);
        receive(30_000);
        assertThat(loss.lost()).as("an unconfirmed jump is neither received nor loss").isEqualTo(1);
        receive(5);
        assertThat(loss.lost()).isEqualTo(1);
        receive(40_000, 40_001);
        assertThat(loss.lost()).as("a restarted sequence keeps the loss counted before it").isEqualTo(1);
        receive(40_003);
        assertThat(loss.lost()).isEqualTo(2);
    }

    @Test
    void aPacketMoreThanMaxMisorderBehindIsAJumpNotAReorderedPacket() {
        int highest = 1_299;
        for (int s = 1_000; s <= highest; s++) {
            if (s != highest - SourceLoss.MAX_MISORDER && s != highest - SourceLoss.MAX_MISORDER + 1) {
                receive(s);
            }
        }
        assertThat(loss.lost()).isEqualTo(2);
        receive(highest - SourceLoss.MAX_MISORDER);
        assertThat(loss.lost()).as("MAX_MISORDER behind: a jump, ignored").isEqualTo(2);
        receive(highest - SourceLoss.MAX_MISORDER + 1);
        assertThat(loss.lost()).as("just inside: reordered").isEqualTo(1);
    }

    @Test
    void aJumpJustUnderMaxDropoutIsLoss() {
        receive(10);
        receive(10 + SourceLoss.MAX_DROPOUT - 1);
        assertThat(loss.lost()).isEqualTo(SourceLoss.MAX_DROPOUT - 2);
    }

    @Test
    void aNewSsrcStartsANewCountAndKeepsTheOldLoss() {
        receive(1, 3);
        loss.received(0x2222, 500);
        loss.received(0x2222, 501);
        assertThat(loss.lost()).isEqualTo(1);
        loss.received(0x2222, 503);
        assertThat(loss.lost()).isEqualTo(2);
    }

    @Test
    void countingAllocatesNothing() {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        receive(0);
        int packets = 200_000;
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 1; i < packets; i++) {
            loss.received(SSRC, (i % 7 == 0 ? i - 3 : i) & 0xFFFF);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(allocated).as("bytes allocated for %d packets", packets).isLessThan(packets / 10);
        assertThat(loss.lost()).isPositive();
    }
}
