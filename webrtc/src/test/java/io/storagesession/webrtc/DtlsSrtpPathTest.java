package io.storagesession.webrtc;

import static io.storagesession.webrtc.SessionFixture.CHANNEL_ARN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.storagesession.api.bridge.ParticipantAddress;
import io.storagesession.codecs.rtp.Bytes;
import io.storagesession.codecs.rtp.RtcpCompound;
import io.storagesession.media.MediaKind;
import io.storagesession.media.MediaOut;
import io.storagesession.media.MediaPlane;
import io.storagesession.media.ParticipantId;
import io.storagesession.webrtc.dtls.DtlsCertificate;
import io.storagesession.webrtc.dtls.SrtpKeys;
import io.storagesession.webrtc.srtp.PacketBuffer;
import io.storagesession.webrtc.srtp.SrtpSession;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The participant's DTLS-SRTP path end to end inside the module: the server's DTLS verifies the participant's
 * certificate against the answer's fingerprint, SRTP packets reach the media plane decrypted and typed by payload
 * type, the media plane's packets reach the participant encrypted; and a certificate that does not match the
 * answer's fingerprint closes the participant, leaving the rest of the session alone.
 */
class DtlsSrtpPathTest {
    private static final ParticipantAddress MASTER = ParticipantAddress.master(CHANNEL_ARN);
    /** The SSRCs {@link io.storagesession.webrtc.testing.AnswerSdp} announces for video and audio. */
    private static final int VIDEO_SSRC = 1111;
    private static final int AUDIO_SSRC = 2222;
    private static final byte[] SPS_PACKET = rtp(102, 1, VIDEO_SSRC, 0x67, 0x42, 0xE0, 0x1F);
    private static final byte[] OPUS_PACKET = rtp(111, 2, AUDIO_SSRC, 0xFC, 0xFF, 0xFE);

    private final List<String> events = new CopyOnWriteArrayList<>();
    private volatile MediaOut masterOut;

    private final MediaPlane recording = new MediaPlane() {
        @Override
        public void connected(ParticipantId participant, MediaOut out) {
            events.add("connected " + participant);
            masterOut = out;
        }

        @Override
        public void disconnected(ParticipantId participant) {
            events.add("disconnected " + participant);
        }

        @Override
        public void rtp(ParticipantId from, MediaKind kind, byte[] buf, int off, int len) {
            events.add("rtp " + from + " " + kind + " " + Arrays.toString(Arrays.copyOfRange(buf, off, off + len)));
        }

        @Override
        public void rtcp(ParticipantId from, RtcpCompound rtcp) {
            events.add("rtcp " + from);
        }

        @Override
        public void close() {
        }
    };

    private static byte[] rtp(int payloadType, int sequence, int ssrc, int... payload) {
        byte[] p = new byte[12 + payload.length];
        p[0] = (byte) 0x80;
        p[1] = (byte) payloadType;
        p[3] = (byte) sequence;
        Bytes.writeInt(p, 8, ssrc);
        for (int i = 0; i < payload.length; i++) {
            p[12 + i] = (byte) payload[i];
        }
        return p;
    }

    @Test
    void srtpFlowsBothWaysAfterAVerifiedHandshake() throws Exception {
        try (SessionFixture f = new SessionFixture(Map.of(), info -> recording)) {
            String offer = f.joinForOffer(MASTER);
            try (FakeParticipant participant = new FakeParticipant(f, MASTER)) {
                SrtpKeys keys = participant.connect(offer, participant.certificate.fingerprintSha256());
                await().atMost(Duration.ofSeconds(5)).until(() -> events.contains("connected master"));
                try (SrtpSession srtp = new SrtpSession(keys)) {
                    for (byte[] plain : List.of(SPS_PACKET, OPUS_PACKET)) {
                        byte[] buf = Arrays.copyOf(plain, plain.length + 64);
                        PacketBuffer packet = new PacketBuffer(buf, 0, plain.length);
                        int length = srtp.protectRtp(packet);
                        participant.agent.send(packet.getBuffer(), 0, length);
                    }
                    await().atMost(Duration.ofSeconds(5)).until(() -> events.stream().filter(e -> e.startsWith("rtp"))
                            .count() == 2);
                    assertThat(events).contains("rtp master VIDEO " + Arrays.toString(SPS_PACKET),
                            "rtp master AUDIO " + Arrays.toString(OPUS_PACKET));
                    assertThat(f.snapshot().get(0).sawSps()).isTrue();

                    byte[] out = Arrays.copyOf(OPUS_PACKET, OPUS_PACKET.length + MediaOut.TRAILER_ROOM);
                    f.sessions.snapshot(CHANNEL_ARN);
                    assertThat(sendOnSessionThread(f, out)).isTrue();
                    byte[] received = participant.media.poll(5, java.util.concurrent.TimeUnit.SECONDS);
                    assertThat(received).isNotNull();
                    PacketBuffer in = new PacketBuffer(received, 0, received.length);
                    int plain = srtp.unprotectRtp(in);
                    assertThat(Arrays.copyOf(received, plain)).isEqualTo(OPUS_PACKET);
                }
            }
        }
    }

    @Test
    void hostileMediaIsDroppedAndCountedAndTheParticipantCarriesOn() throws Exception {
        try (SessionFixture f = new SessionFixture(Map.of(), info -> recording)) {
            String offer = f.joinForOffer(MASTER);
            try (FakeParticipant participant = new FakeParticipant(f, MASTER)) {
                SrtpKeys keys = participant.connect(offer, participant.certificate.fingerprintSha256());
                await().atMost(Duration.ofSeconds(5)).until(() -> events.contains("connected master"));
                try (SrtpSession srtp = new SrtpSession(keys)) {
                    byte[] replayed = protect(srtp, rtp(111, 9, AUDIO_SSRC, 0xFC));
                    List<byte[]> hostile = List.of(
                            protect(srtp, rtp(96, 3, VIDEO_SSRC, 0x67)),              // a payload type never offered
                            protect(srtp, rtp(104, 4, VIDEO_SSRC, 0x67)),             // offered, not in the answer
                            protect(srtp, rtp(102, 5, 0x0BAD, 0x67)),                 // an SSRC never announced
                            protect(srtp, rtp(111, 6, VIDEO_SSRC, 0xFC)),             // audio under the video SSRC
                            protectRtcp(srtp, new byte[] {(byte) 0x80, (byte) 201, 0, 9, 0, 0, 0x08, 0x57}),
                            replayed, replayed,
                            garbage(0x80, 40), garbage(0x90, 3), garbage(0x81, 120), new byte[1]);
                    for (byte[] datagram : hostile) {
                        participant.agent.send(datagram, 0, datagram.length);
                    }
                    byte[] fine = protect(srtp, rtp(111, 10, AUDIO_SSRC, 0xFC, 0xFF));
                    participant.agent.send(fine, 0, fine.length);
                    await().atMost(Duration.ofSeconds(5)).until(() -> events.stream()
                            .anyMatch(e -> e.startsWith("rtp master AUDIO [-128, 111, 0, 10")));
                    assertThat(events.stream().filter(e -> e.startsWith("rtp "))).hasSize(2);
                    assertThat(events).doesNotContain("rtcp master");
                    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(f.metrics.scrape())
                            .contains("reason=\"unknown-payload-type\"} 2", "reason=\"unknown-ssrc\"} 2",
                                    "reason=\"malformed-rtcp\"} 1", "reason=\"srtp-replay\"} 1",
                                    "reason=\"srtp-auth\"} "));
                    assertThat(f.snapshot().get(0).connected()).isTrue();
                }
            }
        }
    }

    private static byte[] protect(SrtpSession srtp, byte[] plain) {
        byte[] buf = Arrays.copyOf(plain, plain.length + MediaOut.TRAILER_ROOM);
        return Arrays.copyOf(buf, srtp.protectRtp(new PacketBuffer(buf, 0, plain.length)));
    }

    /** An RTCP packet whose length field claims more than the datagram holds, correctly encrypted. */
    private static byte[] protectRtcp(SrtpSession srtp, byte[] plain) {
        byte[] buf = Arrays.copyOf(plain, plain.length + MediaOut.TRAILER_ROOM);
        return Arrays.copyOf(buf, srtp.protectRtcp(new PacketBuffer(buf, 0, plain.length)));
    }

    private static byte[] garbage(int first, int length) {
        byte[] bytes = new byte[length];
        new java.util.Random(length).nextBytes(bytes);
        bytes[0] = (byte) first;
        return bytes;
    }

    private boolean sendOnSessionThread(SessionFixture f, byte[] packet) throws Exception {
        return f.sessions.onSessionExecutor(CHANNEL_ARN,
                () -> masterOut.sendRtp(MediaKind.AUDIO, packet, 0, OPUS_PACKET.length));
    }

    @Test
    void aCertificateThatDoesNotMatchTheAnswersFingerprintClosesOnlyThatParticipant() throws Exception {
        try (SessionFixture f = new SessionFixture(Map.of(), info -> recording)) {
            f.joinForOffer(ParticipantAddress.viewer(CHANNEL_ARN, "bystander"));
            String offer = f.joinForOffer(MASTER);
            String someoneElses = DtlsCertificate.generate().fingerprintSha256();
            try (FakeParticipant participant = new FakeParticipant(f, MASTER)) {
                assertThatThrownBy(() -> participant.connect(offer, someoneElses)).isInstanceOf(IOException.class);
                await().atMost(Duration.ofSeconds(10)).until(() -> f.snapshot().stream()
                        .noneMatch(p -> p.participant().isMaster()));
                assertThat(f.snapshot()).extracting(p -> p.participant().clientId()).containsExactly("bystander");
                assertThat(f.metrics.scrape()).contains("reason=\"dtls\"");
                assertThat(events).doesNotContain("connected master");
            }
        }
    }
}
