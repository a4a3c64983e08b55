package io.storagesession.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Sessions' plain counters reach /metrics as increments, once per interval, summed over sessions. */
class CounterExportTest {
    private static final long SECOND = 1_000_000_000L;

    /** A plane's counters: plain long fields, as the SFU's and the mixer's are. */
    static final class VideoCounters {
        long retransmissions;
        long rtpUnknownSsrc;
    }

    @Test
    void eachFlushAddsWhatTheFieldsGainedAndSessionsAddUp() {
        Metrics metrics = new Metrics();
        CounterExport server = CounterExport.of(metrics, "kvs_media_video_events_total", "test", VideoCounters.class,
                Duration.ofSeconds(1));
        VideoCounters first = new VideoCounters();
        VideoCounters second = new VideoCounters();
        CounterExport firstExport = server.forSession();
        CounterExport secondExport = server.forSession();

        first.retransmissions = 3;
        first.rtpUnknownSsrc = 1;
        firstExport.tick(first, 0);
        second.retransmissions = 2;
        secondExport.tick(second, 0);
        assertThat(metrics.scrape()).contains("kvs_media_video_events_total{event=\"retransmissions\"} 5",
                "kvs_media_video_events_total{event=\"rtp-unknown-ssrc\"} 1");

        first.retransmissions = 10;
        firstExport.tick(first, SECOND / 2);
        assertThat(metrics.scrape()).as("within the interval nothing is added")
                .contains("{event=\"retransmissions\"} 5");
        firstExport.tick(first, SECOND);
        assertThat(metrics.scrape()).contains("{event=\"retransmissions\"} 12");
        firstExport.flush(first);
        assertThat(metrics.scrape()).as("a flush adds only increments").contains("{event=\"retransmissions\"} 12");
    }
}
