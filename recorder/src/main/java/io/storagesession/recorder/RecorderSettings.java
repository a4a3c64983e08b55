package io.storagesession.recorder;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.storagesession.codecs.h264.H264Settings;
import io.storagesession.recorder.mkv.MkvSettings;
import io.storagesession.recorder.putmedia.PutMediaSettings;
import java.time.Duration;
import java.util.Locale;

/** The {@code recorder} section of reference.conf, checked once at start so a bad value fails the server, not a session. */
public record RecorderSettings(boolean enabled, Target target, AudioCodec audioCodec, Duration minFragment,
                               Duration keyframeRequestAfter, Duration keyframeRequestInterval, Duration maxFragment,
                               Duration stallWarning, Duration audioAfterVideo,
                               Duration maxInterleaveDelay, int videoQueueFrames, int audioQueueFrames,
                               int videoQueueBytes, int videoQueueMaxBytes, int audioQueueBytes,
                               int audioQueueMaxBytes, Duration maxClockJump,
                               Duration mixDelay, Duration maxSyncCorrection, ClusterSize clusterSize,
                               H264Settings h264, MkvSettings mkv, PutMediaSettings putMedia) {
    /** KVS refuses fragments longer than this (ErrorId 4002, KVS-WIRE.md §4). */
    public static final Duration KVS_MAX_FRAGMENT = Duration.ofSeconds(10);

    /** Where recordings are uploaded. */
    public enum Target { LOCAL, AWS }

    /** The recording's audio track codec. */
    public enum AudioCodec {
        OPUS, AAC, AUTO;

        /** AUTO's choice: Opus where the local store plays it back, AAC where KVS's HLS needs it. */
        public AudioCodec resolve(Target target) {
            return this != AUTO ? this : target == Target.LOCAL ? OPUS : AAC;
        }
    }

    /** How a fragment's Cluster states its size (RFC 8794 §6.2). */
    public enum ClusterSize {
        KNOWN, UNKNOWN, AUTO;

        /** AUTO's choice: a known size where the local store can act on it, the SDKs' unknown size for KVS. */
        public ClusterSize resolve(Target target) {
            return this != AUTO ? this : target == Target.LOCAL ? KNOWN : UNKNOWN;
        }
    }

    public RecorderSettings {
        if (minFragment.isNegative() || maxFragment.compareTo(KVS_MAX_FRAGMENT) >= 0 || maxFragment.compareTo(minFragment) <= 0) {
            throw new IllegalArgumentException("recorder.fragments: need 0 <= min-duration < max-duration < "
                    + KVS_MAX_FRAGMENT.toMillis() + " ms, got " + minFragment.toMillis() + " and "
                    + maxFragment.toMillis() + " ms");
        }
        if (keyframeRequestAfter.isNegative() || keyframeRequestAfter.compareTo(maxFragment) >= 0
                || !positive(keyframeRequestInterval)) {
            throw new IllegalArgumentException("recorder.fragments: keyframe-request-after must be below max-duration "
                    + "and keyframe-request-interval positive");
        }
        if (!positive(maxClockJump) || mixDelay.isNegative() || maxSyncCorrection.isNegative()) {
            throw new IllegalArgumentException("recorder.clock: max-jump must be positive, mix-delay and "
                    + "max-sync-correction not negative");
        }
        if (!positive(maxInterleaveDelay) || videoQueueFrames < 2 || audioQueueFrames < 2) {
            throw new IllegalArgumentException("recorder.interleave: max-delay must be positive and each queue hold "
                    + "at least 2 frames");
        }
        if (videoQueueBytes <= 0 || videoQueueMaxBytes < videoQueueBytes || audioQueueBytes <= 0
                || audioQueueMaxBytes < audioQueueBytes) {
            throw new IllegalArgumentException("recorder.interleave: need 0 < *-initial-bytes <= *-max-bytes");
        }
    }

    private static int bytes(Config c, String path) {
        return Math.toIntExact(c.getBytes(path));
    }

    private static boolean positive(Duration d) {
        return !d.isNegative() && !d.isZero();
    }

    public static RecorderSettings from(Config config) {
        Config r = config.getConfig("recorder");
        return new RecorderSettings(r.getBoolean("enabled"),
                Target.valueOf(r.getString("target").toUpperCase(Locale.ROOT)),
                AudioCodec.valueOf(r.getString("audio-codec").toUpperCase(Locale.ROOT)),
                r.getDuration("fragments.min-duration"), r.getDuration("fragments.keyframe-request-after"),
                r.getDuration("fragments.keyframe-request-interval"), r.getDuration("fragments.max-duration"),
                r.getDuration("fragments.stall-warning"), r.getDuration("fragments.audio-after-video"),
                r.getDuration("interleave.max-delay"), r.getInt("interleave.video-frames"),
                r.getInt("interleave.audio-frames"), bytes(r, "interleave.video-initial-bytes"),
                bytes(r, "interleave.video-max-bytes"), bytes(r, "interleave.audio-initial-bytes"),
                bytes(r, "interleave.audio-max-bytes"), r.getDuration("clock.max-jump"),
                r.getDuration("clock.mix-delay"), r.getDuration("clock.max-sync-correction"),
                ClusterSize.valueOf(r.getString("fragments.cluster-size").toUpperCase(Locale.ROOT)), H264Settings.from(config), MkvSettings.from(r.getConfig("mkv")),
                PutMediaSettings.from(config));
    }

    public static RecorderSettings defaults() {
        return from(ConfigFactory.defaultReference());
    }

    /** Whether clusters carry their real size on this target. */
    public boolean sizedClusters() {
        return clusterSize.resolve(target) == ClusterSize.KNOWN;
    }

    /** The audio codec this target records. */
    public AudioCodec resolvedAudioCodec() {
        return audioCodec.resolve(target);
    }
}
