package io.storagesession.webrtc;

import static io.storagesession.webrtc.SessionFixture.CHANNEL_ARN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.storagesession.api.bridge.ParticipantAddress;
import io.storagesession.codecs.rtp.Bytes;
import io.storagesession.webrtc.dtls.SrtpKeys;
import io.storagesession.webrtc.srtp.PacketBuffer;
import io.storagesession.webrtc.srtp.SrtpSession;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A session's housekeeping tick (timeouts, held slots, the flush of its ingestion metrics) allocates nothing in steady
 * state, with a connected master and a joined viewer, and still adds what the peers counted to the right series.
 */
class SessionTickAllocationTest {
    private static final ParticipantAddress MASTER = ParticipantAddress.master(CHANNEL_ARN);
    private static final int TICKS = 10_000;
    private static final int AUDIO_SSRC = 2222;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void theTickAndItsMetricsFlushAllocateNothing() throws Exception {
        try (SessionFixture f = new SessionFixture()) {
            f.joinForOffer(ParticipantAddress.viewer(CHANNEL_ARN, "v1"));
            String offer = f.joinForOffer(MASTER);
            try (FakeParticipant participant = new FakeParticipant(f, MASTER)) {
                SrtpKeys keys = participant.connect(offer, participant.certificate.fingerprintSha256());
                await().atMost(Duration.ofSeconds(5)).until(() -> f.snapshot().stream()
                        .anyMatch(p -> p.participant().isMaster() && p.connected()));
                try (SrtpSession srtp = new SrtpSession(keys)) {
                    for (int sequence = 1; sequence <= 3; sequence++) {
                        byte[] buf = new byte[64];
                        buf[0] = (byte) 0x80;
                        buf[1] = (byte) 111; // Opus, as AnswerSdp answers
                        buf[3] = (byte) sequence;
                        Bytes.writeInt(buf, 8, AUDIO_SSRC);
                        int length = srtp.protectRtp(new PacketBuffer(buf, 0, 16));
                        participant.agent.send(buf, 0, length);
                    }
                }
                await().atMost(Duration.ofSeconds(5)).until(() -> f.snapshot().stream()
                        .anyMatch(p -> p.participant().isMaster() && p.packets() == 3));
                Session session = f.sessions.session(CHANNEL_ARN);
                long[] allocated = f.sessions.onSessionExecutor(CHANNEL_ARN, () -> {
                    session.tick();
                    long flushed = f.metrics.counter("kvs_webrtc_total_packet_count", "").value("door", "master");
                    for (int i = 0; i < 3 * TICKS; i++) {
                        session.tick(); // warm-up: compiled code, every series taken
                    }
                    long before = THREADS.getCurrentThreadAllocatedBytes();
                    for (int i = 0; i < TICKS; i++) {
                        session.tick();
                    }
                    long ticks = THREADS.getCurrentThreadAllocatedBytes() - before; // before the array below
                    return new long[] {flushed, ticks};
                });
                assertThat(allocated[0]).as("packets flushed to the channel's series").isEqualTo(3);
                // less than a byte per tick: no tick allocates (a one-off, the JIT re-materializing an object it had
                // optimized away when it recompiles, is not garbage per tick)
                System.out.println("bytes allocated by " + TICKS + " ticks: " + allocated[1]);
                assertThat(allocated[1]).as("bytes allocated by %d ticks", TICKS).isLessThan(TICKS);
                assertThat(f.snapshot()).hasSize(2);
            }
        }
    }
}
