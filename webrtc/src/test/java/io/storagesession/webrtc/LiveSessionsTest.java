package io.storagesession.webrtc;

import static io.storagesession.webrtc.SessionFixture.CHANNEL_ARN;
import static io.storagesession.webrtc.SessionFixture.STREAM_ARN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.storagesession.api.bridge.ParticipantAddress;
import io.storagesession.api.bridge.Role;
import io.storagesession.api.bridge.StorageJoin;
import io.storagesession.codecs.rtp.Rtp;
import io.storagesession.media.MediaOut;
import io.storagesession.media.ParticipantId;
import io.storagesession.webrtc.dtls.SrtpKeys;
import io.storagesession.webrtc.srtp.PacketBuffer;
import io.storagesession.webrtc.srtp.SrtpSession;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Every session's live figures without blocking the caller: each session answers on its own executor, a busy one
 * holds the answer back rather than the caller, and a participant's RTP loss is counted from what really arrived
 * over DTLS-SRTP (gaps in its audio and video sequence numbers; RTX retransmissions are not media).
 */
class LiveSessionsTest {
    private static final ParticipantAddress MASTER = ParticipantAddress.master(CHANNEL_ARN);
    private static final String ATTIC_ARN = "arn:aws:kinesisvideo:us-west-2:123456789012:channel/attic/1700000000001";
    /** What {@link io.storagesession.webrtc.testing.AnswerSdp} answers: its SSRCs, H.264 102 and its RTX 103. */
    private static final int VIDEO_SSRC = 1111;
    private static final int AUDIO_SSRC = 2222;
    private static final int VIDEO_RTX_SSRC = 1112;
    private static final int H264 = 102;
    private static final int H264_RTX = 103;
    private static final int OPUS = 111;
    private static final long WAIT_SECONDS = 5;

    @Test
    void aSessionIsListedWithItsStreamAndEachParticipantsRoleAndInboundLoss() throws Exception {
        try (SessionFixture f = new SessionFixture()) {
            f.joinForOffer(ParticipantAddress.viewer(CHANNEL_ARN, "v1"));
            String offer = f.joinForOffer(MASTER);
            try (FakeParticipant master = new FakeParticipant(f, MASTER)) {
                SrtpKeys keys = master.connect(offer, master.certificate.fingerprintSha256(),
                        answer -> answer.videoRtxSsrc = VIDEO_RTX_SSRC);
                await().atMost(Duration.ofSeconds(WAIT_SECONDS)).until(() -> masterOf(f.snapshot()).connected());
                List<byte[]> packets = List.of(
                        rtp(H264, 1, VIDEO_SSRC), rtp(H264, 2, VIDEO_SSRC), rtp(H264, 3, VIDEO_SSRC),
                        rtp(H264_RTX, 40_000, VIDEO_RTX_SSRC), // a retransmission: its own stream, no loss or jump
                        rtp(H264, 5, VIDEO_SSRC), rtp(H264_RTX, 40_002, VIDEO_RTX_SSRC), rtp(H264, 6, VIDEO_SSRC),
                        rtp(OPUS, 65_534, AUDIO_SSRC), rtp(OPUS, 65_535, AUDIO_SSRC), rtp(OPUS, 1, AUDIO_SSRC));
                try (SrtpSession srtp = new SrtpSession(keys)) {
                    for (byte[] plain : packets) {
                        byte[] buf = Arrays.copyOf(plain, plain.length + MediaOut.TRAILER_ROOM);
                        PacketBuffer packet = new PacketBuffer(buf, 0, plain.length);
                        int length = srtp.protectRtp(packet);
                        master.agent.send(packet.getBuffer(), 0, length);
                    }
                }
                await().atMost(Duration.ofSeconds(WAIT_SECONDS)).until(() -> {
                    PeerSnapshot m = masterOf(f.snapshot());
                    return m.videoPackets() == 7 && m.audioPackets() == 3;
                });

                List<LiveSession> live = f.sessions.liveSessions().get(WAIT_SECONDS, TimeUnit.SECONDS);
                assertThat(live).hasSize(1);
                LiveSession session = live.get(0);
                assertThat(session.channelArn()).isEqualTo(CHANNEL_ARN);
                assertThat(session.channelName()).isEqualTo("door");
                assertThat(session.streamArn()).isEqualTo(STREAM_ARN);
                assertThat(session.participants()).extracting(PeerSnapshot::participant)
                        .containsExactly(ParticipantId.MASTER, ParticipantId.viewer("v1"));
                PeerSnapshot m = session.participants().get(0);
                assertThat(m.role()).isEqualTo(Role.MASTER);
                assertThat(m.connected()).isTrue();
                assertThat(m.lostPackets()).as("video's 4, and audio's 0 across the wrap; RTX is no stream of its own")
                        .isEqualTo(2);
                assertThat(m.packets()).isEqualTo(packets.size());
                assertThat(m.bytes()).isPositive();
                PeerSnapshot viewer = session.participants().get(1);
                assertThat(viewer.role()).isEqualTo(Role.VIEWER);
                assertThat(viewer.connected()).isFalse();
                assertThat(viewer.lostPackets()).isZero();
                assertThat(viewer.joinToConnectedMillis()).isEqualTo(-1);
                assertThat(f.sessions.snapshot(CHANNEL_ARN)).as("the blocking snapshot sees the same")
                        .isEqualTo(session.participants());
            }
        }
    }

    @Test
    void aBusySessionHoldsBackTheAnswerNotTheCallerAndSessionsComeInChannelOrder() throws Exception {
        try (SessionFixture f = new SessionFixture()) {
            assertThat(f.sessions.liveSessions()).as("no session").isCompletedWithValue(List.of());
            f.joinForOffer(MASTER);
            f.sessions.join(new StorageJoin(ParticipantAddress.master(ATTIC_ARN), "attic", null))
                    .toCompletionStage().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
            CountDownLatch busy = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            f.sessions.session(CHANNEL_ARN).executor.execute(() -> {
                busy.countDown();
                awaitQuietly(release);
            });
            assertThat(busy.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();

            CompletableFuture<List<LiveSession>> live = f.sessions.liveSessions();
            assertThat(live).as("returned while door's executor is busy, unanswered").isNotDone();
            release.countDown();
            assertThat(live.get(WAIT_SECONDS, TimeUnit.SECONDS)).extracting(LiveSession::channelName,
                    LiveSession::streamArn).containsExactly(tuple("attic", null), tuple("door", STREAM_ARN));
        }
    }

    @Test
    void aSessionThatEndsBeforeItAnswersIsLeftOut() throws Exception {
        try (SessionFixture f = new SessionFixture()) {
            f.joinForOffer(MASTER);
            Session door = f.sessions.session(CHANNEL_ARN);
            CountDownLatch release = new CountDownLatch(1);
            door.executor.execute(() -> awaitQuietly(release));
            door.executor.execute(() -> door.end("test"));
            CompletableFuture<List<LiveSession>> live = f.sessions.liveSessions();
            release.countDown();
            assertThat(live.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEmpty();
        }
    }

    private static PeerSnapshot masterOf(List<PeerSnapshot> participants) {
        return participants.stream().filter(p -> p.participant().isMaster()).findFirst().orElseThrow();
    }

    private static byte[] rtp(int payloadType, int sequence, int ssrc) {
        byte[] packet = new byte[Rtp.FIXED_HEADER + 3];
        Rtp.writeHeader(packet, 0, false, payloadType, sequence, sequence * 960L, ssrc);
        packet[Rtp.FIXED_HEADER] = payloadType == OPUS ? (byte) 0xFC : 0x41; // an Opus TOC; an H.264 non-IDR slice
        return packet;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
