package io.storagesession.server;

import com.typesafe.config.Config;
import io.storagesession.metrics.CounterExport;
import io.storagesession.metrics.Metrics;
import io.storagesession.mixer.AudioCounters;
import io.storagesession.sfu.VideoCounters;
import java.time.Duration;

/**
 * The media plane's counters at {@code /metrics}: what the video forwarders and audio mixers of every session
 * forwarded, repaired, encoded and dropped, by event — so that bad input being "dropped and counted" is something an
 * operator can see. Made once per server; each session's planes get their own {@link CounterExport#forSession()}.
 */
public record MediaMetrics(CounterExport video, CounterExport audio) {
    /** Publishes nothing: planes built without a server (tests, benchmarks). */
    public static final MediaMetrics NONE = new MediaMetrics(CounterExport.NONE, CounterExport.NONE);

    public static MediaMetrics of(Metrics metrics, Config config) {
        Duration every = config.getDuration("mixer.metrics-interval");
        return new MediaMetrics(
                CounterExport.of(metrics, "kvs_media_video_events_total", "Video forwarding, by event: packets "
                        + "forwarded, NACKs and retransmissions, keyframe requests, sender reports, and what was "
                        + "dropped and why", VideoCounters.class, every),
                CounterExport.of(metrics, "kvs_media_audio_events_total", "Audio mixing, by event: frames decoded, "
                        + "concealed, skipped as silent, mixes encoded, payloads forwarded, and what was dropped and "
                        + "why", AudioCounters.class, every));
    }
}
