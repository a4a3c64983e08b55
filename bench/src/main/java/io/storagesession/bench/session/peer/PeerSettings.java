package io.storagesession.bench.session.peer;

import io.storagesession.bench.session.media.LoadMedia;
import io.storagesession.webrtc.dtls.DtlsCertificate;
import io.storagesession.webrtc.dtls.DtlsSettings;
import java.util.concurrent.Executor;

/**
 * What every simulated participant shares: the media, the DTLS identity and the pool that runs the blocking DTLS
 * handshakes, the event loop, and the measurement rules of {@link VideoReception}.
 *
 * @param frameNanos        interval between video frames (33.3 ms at 30 fps)
 * @param nackDelay         how long a gap waits before its first NACK (reordering allowance)
 * @param nackRetry         interval between NACKs of the same packet
 * @param lossTimeout       a packet not received nor repaired by then is lost
 * @param lateMillis        transit above the smallest seen by more than this is late
 * @param freezeNanos       a gap between completed frames above this is a freeze
 */
public record PeerSettings(LoadMedia media, DtlsCertificate certificate, DtlsSettings dtls, Executor handshakes,
                           PeerLoop loop, long frameNanos, long nackDelay, long nackRetry, long lossTimeout,
                           double lateMillis, long freezeNanos) {
    /** The 90 kHz RTP video clock (RFC 6184 §5.1). */
    static final long VIDEO_CLOCK = 90_000;
    static final long NANOS_PER_SECOND = 1_000_000_000L;

    /** RTP timestamp ticks per video frame. */
    long ticksPerFrame() {
        return Math.round((double) VIDEO_CLOCK * frameNanos / NANOS_PER_SECOND);
    }

    VideoReception newReception() {
        return new VideoReception(nackDelay, nackRetry, lossTimeout, lateMillis, freezeNanos);
    }
}
