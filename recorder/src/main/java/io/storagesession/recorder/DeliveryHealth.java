package io.storagesession.recorder;

import io.storagesession.recorder.putmedia.UploadHealth;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the server's recordings reach their store, for the log and {@code /health}: a recording that
 * cannot be delivered must be loud — an ERROR with channel and reason, {@code /health} DEGRADED with the reason while it
 * lasts, and the counters. Each upload reports through its own {@link #forUpload}; the first failure of a streak is
 * logged as an ERROR, the recovery as INFO, and every retry in between only by the upload's own WARN lines. Uploads
 * run on several Vert.x contexts, hence the concurrent map.
 */
public final class DeliveryHealth {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryHealth.class);

    private final Map<Upload, String> failing = new ConcurrentHashMap<>();

    /** The reporter of one recording's upload into {@code stream}, for {@code channel}. */
    UploadHealth forUpload(String channel, String stream) {
        return new Upload(channel, stream);
    }

    /** Why recordings are not being delivered right now, or empty when every upload delivers. */
    public Optional<String> problem() {
        if (failing.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(failing.entrySet().stream()
                .map(e -> "recording of channel " + e.getKey().channel + " not delivered: " + e.getValue())
                .sorted().collect(Collectors.joining("; ")));
    }

    private final class Upload implements UploadHealth {
        private final String channel;
        private final String stream;

        Upload(String channel, String stream) {
            this.channel = channel;
            this.stream = stream;
        }

        @Override
        public void failing(String reason) {
            if (failing.put(this, reason) == null) {
                LOG.error("recording of channel {} cannot be delivered to stream {}: {}; retrying", channel, stream,
                        reason);
            }
        }

        @Override
        public void delivering() {
            if (failing.remove(this) != null) {
                LOG.info("recording of channel {} is delivered to stream {} again", channel, stream);
            }
        }

        @Override
        public void lost(int fragments, String reason) {
            LOG.error("recording of channel {}: {} fragment(s) lost, not stored in stream {}: {}", channel, fragments,
                    stream, reason);
        }

        /** The upload has ended: whatever it could not deliver is logged already and no longer current. */
        void ended() {
            failing.remove(this);
        }
    }

    /** Forgets {@code upload}'s state once it has ended. */
    void ended(UploadHealth upload) {
        if (upload instanceof Upload u) {
            u.ended();
        }
    }
}
