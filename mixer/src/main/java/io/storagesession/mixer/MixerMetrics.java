package io.storagesession.mixer;

import com.typesafe.config.Config;
import io.storagesession.mixer.audio.AudioCounters;
import io.storagesession.signaling.metrics.Metrics;
import java.time.Duration;

/**
 * The media plane's counters at {@code /metrics}: what the video forwarders and audio mixers of every session
 * forwarded, repaired, encoded and dropped, by event — so that bad input being "dropped and counted" is something an
 * operator can see. Made once per server; each session's planes get their own {@link CounterExport#forSession()}.
 */
public record MixerMetrics(CounterExport video, CounterExport audio) {
    /** Publishes nothing: planes built without a server (tests, benchmarks). */
    public static final MixerMetrics NONE = new MixerMetrics(CounterExport.NONE, CounterExport.NONE);

    public static MixerMetrics of(Metrics metrics, Config config) {
        Duration every = config.getDuration("mixer.metrics-interval");
        return new MixerMetrics(
                CounterExport.of(metrics, "kvs_media_video_events_total", "Video forwarding, by event: packets "
                        + "forwarded, NACKs and retransmissions, keyframe requests, sender reports, and what was "
                        + "dropped and why", VideoCounters.class, every),
                CounterExport.of(metrics, "kvs_media_audio_events_total", "Audio mixing, by event: frames decoded, "
                        + "concealed, skipped as silent, mixes encoded, payloads forwarded, and what was dropped and "
                        + "why", AudioCounters.class, every));
    }
}
