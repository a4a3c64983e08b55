package io.storagesession.recorder.putmedia;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The {@code recorder.put-media} section of reference.conf, read once at start; every field is documented there.
 *
 * @param endpoint           the data endpoint to use as is (the local store), or empty to ask GetDataEndpoint
 * @param trustedCertificate a PEM certificate trusted for HTTPS data endpoints besides the JVM's own trust store
 * @param inProcess          the local target without an endpoint stores in-process, not over loopback HTTP
 * @param fragmentChunks     the chunks fragments are written into and kept in until PERSISTED ({@link ChunkPool})
 */
public record PutMediaSettings(String region, Optional<URI> endpoint, PayloadHashMode payloadHash,
                               Duration connectTimeout, Duration maxConnectionDuration, Duration drainTimeout,
                               Duration persistTimeout, BackoffSettings backoff, Duration maxBufferedMedia,
                               int maxFragmentAttempts, int initialAckBytes, int maxAckBytes, Duration closeTimeout,
                               Optional<Path> trustedCertificate, boolean inProcess,
                               FragmentChunkSettings fragmentChunks) {
    /** The {@code fragment-chunks} block. */
    public record FragmentChunkSettings(int chunkBytes, int maxFree) {
        public FragmentChunkSettings {
            if (chunkBytes <= 0 || maxFree < 0) {
                throw new IllegalArgumentException("put-media.fragment-chunks: size must be positive and "
                        + "max-free-chunks >= 0");
            }
        }
    }

    public PutMediaSettings {
        if (maxFragmentAttempts < 1 || maxAckBytes < 2 || initialAckBytes < 1 || initialAckBytes > maxAckBytes) {
            throw new IllegalArgumentException("put-media: max-fragment-attempts >= 1, max-ack-bytes >= 2 and "
                    + "0 < initial-ack-bytes <= max-ack-bytes required");
        }
    }

    public static PutMediaSettings from(Config config) {
        Config c = config.getConfig("recorder.put-media");
        String endpoint = c.getString("endpoint").trim();
        return new PutMediaSettings(c.getString("region"),
                endpoint.isEmpty() ? Optional.empty() : Optional.of(URI.create(endpoint)),
                c.getEnum(PayloadHashMode.class, "payload-hash"), c.getDuration("connect-timeout"),
                c.getDuration("max-connection-duration"), c.getDuration("drain-timeout"),
                c.getDuration("persist-timeout"), BackoffSettings.from(c.getConfig("backoff")),
                c.getDuration("max-buffered-media"), c.getInt("max-fragment-attempts"),
                c.getInt("initial-ack-bytes"), c.getInt("max-ack-bytes"),
                c.getDuration("close-timeout"), c.getString("trusted-certificate").isBlank() ? Optional.empty()
                        : Optional.of(Path.of(c.getString("trusted-certificate").trim())), c.getBoolean("in-process"),
                new FragmentChunkSettings(Math.toIntExact(c.getBytes("fragment-chunks.size")),
                        c.getInt("fragment-chunks.max-free-chunks")));
    }

    /** reference.conf as shipped, for tests. */
    public static PutMediaSettings defaults() {
        return from(ConfigFactory.defaultReference());
    }
}
