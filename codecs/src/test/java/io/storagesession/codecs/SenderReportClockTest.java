package io.storagesession.codecs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** RTP timestamps to NTP through a sender report (RFC 3550 §6.4.1), and NTP to the Unix milliseconds KVS uses. */
class SenderReportClockTest {
    /** 2026-11-22T07:00:00Z in NTP seconds, and half a second as an NTP fraction. */
    private static final long SECONDS = 1_795_330_800L + SenderReportClock.NTP_TO_UNIX_SECONDS;
    private static final long HALF = 0x8000_0000L;

    @Test
    void timestampsAfterBeforeAndAcrossTheWrapFollowTheClockRate() {
        SenderReportClock video = new SenderReportClock(90_000);
        assertThat(video.ntpOf(0)).isEqualTo(SenderReportClock.UNKNOWN);
        video.update((SECONDS << 32) | HALF, 0xFFFF_FF00);
        assertThat(video.ntpOf(0xFFFF_FF00)).isEqualTo((SECONDS << 32) | HALF);
        assertThat(video.ntpOf(0xFFFF_FF00 + 45_000)).as("half a second later, across the 2^32 wrap")
                .isEqualTo((SECONDS + 1) << 32);
        assertThat(video.ntpOf(0xFFFF_FF00 - 90_000 * 2)).as("two seconds before")
                .isEqualTo(((SECONDS - 2) << 32) | HALF);
        video.forget();
        assertThat(video.known()).isFalse();
    }

    @Test
    void ntpBecomesUnixMilliseconds() {
        assertThat(SenderReportClock.epochMillis((SECONDS << 32) | HALF)).isEqualTo(1_795_330_800_500L);
        SenderReportClock audio = new SenderReportClock(48_000);
        audio.update(SECONDS << 32, 960);
        assertThat(SenderReportClock.epochMillis(audio.ntpOf(960 + 960))).as("one 20 ms frame later")
                .isEqualTo(1_795_330_800_020L);
    }
}
