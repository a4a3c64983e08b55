package io.storagesession.sfu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Loss tracking of the master's stream: which packets get NACKed, how often, and when it gives up. */
class NackGeneratorTest {
    private static final long MS = 1_000_000L;
    private final VideoSettings settings = SfuSettings.defaults().video();
    private final NackGenerator nacks = new NackGenerator(settings);
    private final int[] items = new int[settings.nackMaxMissing()];

    private static int pid(int item) {
        return item >>> 16;
    }

    private static int blp(int item) {
        return item & 0xFFFF;
    }

    @Test
    void aGapIsNackedAsPidAndBitmask() {
        nacks.received(100);
        assertThat(nacks.received(120)).isEqualTo(NackGenerator.NEW);
        int n = nacks.due(0, items);
        assertThat(n).as("101..119 is 19 packets: one PID and 16 bits, then one more PID and 1 bit").isEqualTo(2);
        assertThat(pid(items[0])).isEqualTo(101);
        assertThat(blp(items[0])).isEqualTo(0xFFFF);
        assertThat(pid(items[1])).isEqualTo(118);
        assertThat(blp(items[1])).isEqualTo(1);
    }

    @Test
    void gapsAcrossTheSequenceWrapAreNackedWithWrappedNumbers() {
        nacks.received(65_534);
        nacks.received(1);
        int n = nacks.due(0, items);
        assertThat(n).isEqualTo(1);
        assertThat(pid(items[0])).isEqualTo(65_535);
        assertThat(blp(items[0])).isEqualTo(1);
    }

    @Test
    void aMissingPacketIsNackedAgainOnlyAfterTheRetryInterval() {
        nacks.received(1);
        nacks.received(3);
        assertThat(nacks.due(0, items)).isEqualTo(1);
        long retry = settings.nackRetryInterval().toNanos();
        assertThat(nacks.due(retry - 1, items)).isZero();
        assertThat(nacks.due(retry, items)).isEqualTo(1);
        assertThat(pid(items[0])).isEqualTo(2);
    }

    @Test
    void aPacketThatArrivesIsNoLongerNackedAndCountsAsRecovered() {
        nacks.received(1);
        nacks.received(4);
        assertThat(nacks.received(2)).isEqualTo(NackGenerator.RECOVERED);
        assertThat(nacks.received(2)).isEqualTo(NackGenerator.DUPLICATE);
        assertThat(nacks.due(0, items)).isEqualTo(1);
        assertThat(pid(items[0])).isEqualTo(3);
        assertThat(blp(items[0])).isZero();
    }

    @Test
    void afterMaxRetriesThePacketIsGivenUpAndAKeyframeIsNeeded() {
        nacks.received(1);
        nacks.received(3);
        long retry = settings.nackRetryInterval().toNanos();
        long now = 0;
        for (int i = 0; i < settings.nackMaxRetries(); i++) {
            assertThat(nacks.due(now, items)).isEqualTo(1);
            assertThat(nacks.takeKeyframeNeeded()).isFalse();
            now += retry;
        }
        assertThat(nacks.due(now, items)).isZero();
        assertThat(nacks.takeKeyframeNeeded()).isTrue();
        assertThat(nacks.takeLost()).isEqualTo(1);
        assertThat(nacks.missingCount()).isZero();
        assertThat(nacks.received(2)).as("too late now").isEqualTo(NackGenerator.DUPLICATE);
    }

    @Test
    void aGapLargerThanMaxMissingIsNotNackedButNeedsAKeyframe() {
        nacks.received(10);
        int after = 10 + settings.nackMaxMissing() + 2;
        assertThat(nacks.received(after)).isEqualTo(NackGenerator.NEW);
        assertThat(nacks.due(0, items)).isZero();
        assertThat(nacks.takeKeyframeNeeded()).isTrue();
        assertThat(nacks.takeLost()).isEqualTo(settings.nackMaxMissing() + 1);
        assertThat(nacks.received(after + 1)).isEqualTo(NackGenerator.NEW);
    }

    @Test
    void aJumpBeyondMaxDropoutIsDroppedUnlessTheNextPacketConfirmsIt() {
        nacks.received(1000);
        int far = 1000 + settings.nackMaxDropout() + 1;
        assertThat(nacks.received(far)).isEqualTo(NackGenerator.JUMP);
        assertThat(nacks.received(1001)).as("the old stream goes on").isEqualTo(NackGenerator.NEW);
        assertThat(nacks.received(far + 7)).isEqualTo(NackGenerator.JUMP);
        assertThat(nacks.received(far + 8)).isEqualTo(NackGenerator.RESTARTED);
        assertThat(nacks.takeKeyframeNeeded()).isTrue();
        assertThat(nacks.received(far + 9)).isEqualTo(NackGenerator.NEW);
        assertThat(nacks.due(0, items)).isZero();
    }

    @Test
    void aPacketFarBehindIsAJumpUnlessItWasMissing() {
        nacks.received(5000);
        assertThat(nacks.received(5000 - settings.nackMaxMisorder() - 1)).isEqualTo(NackGenerator.JUMP);
        nacks.received(5002);
        nacks.received(5003 + settings.nackMaxMisorder());
        assertThat(nacks.received(5001)).as("NACKed, so wanted however late").isEqualTo(NackGenerator.RECOVERED);
    }
}
