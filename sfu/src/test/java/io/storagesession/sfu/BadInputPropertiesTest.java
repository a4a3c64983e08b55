package io.storagesession.sfu;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.codecs.rtp.Bytes;
import io.storagesession.codecs.rtp.RtcpCompound;
import io.storagesession.codecs.rtp.Rtp;
import io.storagesession.media.MediaKind;
import io.storagesession.media.ParticipantId;
import io.storagesession.media.RtpParameters;
import io.storagesession.media.testing.RecordingOut;
import io.storagesession.sfu.testing.VideoPackets;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever bytes arrive as RTP or RTCP from anyone, nothing throws, nothing reaches the viewer, and forwarding goes on
 * exactly as before: the master's next packet is the viewer's next packet.
 */
class BadInputPropertiesTest {
    private static final int MASTER_SSRC = 0x1111;
    private static final int MASTER_RTX_SSRC = 0x1113;
    private static final int MASTER_OUT_SSRC = 0x0A;
    private static final int VIEWER_OUT_SSRC = 0x0B;
    /** Every SSRC of the session: the master's streams, and those the server sends on. */
    private static final int[] SESSION_SSRCS = {MASTER_SSRC, MASTER_RTX_SSRC, MASTER_OUT_SSRC, MASTER_OUT_SSRC + 1,
        MASTER_OUT_SSRC + 2, VIEWER_OUT_SSRC, VIEWER_OUT_SSRC + 1, VIEWER_OUT_SSRC + 2};
    private static final int RTP_HEADER = 12;
    private static final int FRAME_TICKS = 3000;
    private static final ParticipantId V1 = ParticipantId.viewer("v1");

    @Property(tries = 500)
    void arbitraryBytesNeverThrowAndNeverStopTheSession(@ForAll("datagrams") byte[] junk) {
        // Bytes that name one of the session's SSRCs are a packet of its streams (or feedback about them), not
        // junk: MasterStreamTest and ViewerRetransmissionTest say what those do.
        Assume.that(namesNoSessionSsrc(junk));
        long[] now = {5_000_000_000L};
        VideoForwarder forwarder = new VideoForwarder(SfuSettings.defaults(), () -> now[0]);
        RecordingOut master = RecordingOut.master(MASTER_OUT_SSRC);
        RtpParameters answer = master.videoParameters();
        master.answeringVideo(new RtpParameters(answer.direction(), answer.payloadTypes(), answer.rtx(),
                List.of((long) MASTER_SSRC, (long) MASTER_RTX_SSRC), answer.extensions()));
        RecordingOut viewer = RecordingOut.viewer(VIEWER_OUT_SSRC);
        forwarder.connected(ParticipantId.MASTER, master);
        forwarder.connected(V1, viewer);
        byte[] key = VideoPackets.h264(MASTER_SSRC, 100, 0, VideoPackets.SPS);
        forwarder.rtp(ParticipantId.MASTER, MediaKind.VIDEO, key, 0, key.length);
        assertThat(viewer.rtp).as("the keyframe is forwarded").hasSize(1);

        forwarder.rtp(ParticipantId.MASTER, MediaKind.VIDEO, junk, 0, junk.length);
        forwarder.rtcp(ParticipantId.MASTER, RtcpCompound.of(junk, 0, junk.length));
        forwarder.rtcp(V1, RtcpCompound.of(junk, 0, junk.length));
        now[0] += 20_000_000L;
        forwarder.tick(now[0]);
        assertThat(viewer.rtp).as("nothing of the junk reaches the viewer").hasSize(1);

        byte[] next = VideoPackets.h264(MASTER_SSRC, 101, FRAME_TICKS, VideoPackets.SLICE);
        forwarder.rtp(ParticipantId.MASTER, MediaKind.VIDEO, next, 0, next.length);
        assertThat(viewer.rtp).as("the next packet is forwarded, once").hasSize(2);
        byte[] first = viewer.rtp.get(0);
        byte[] second = viewer.rtp.get(1);
        assertThat(Rtp.ssrc(second, 0)).isEqualTo(VIEWER_OUT_SSRC);
        assertThat(Rtp.sequence(second, 0)).as("the viewer's next sequence number")
                .isEqualTo((Rtp.sequence(first, 0) + 1) & 0xFFFF);
        assertThat((int) (Rtp.timestamp(second, 0) - Rtp.timestamp(first, 0))).isEqualTo(FRAME_TICKS);
        assertThat(Arrays.copyOfRange(second, RTP_HEADER, second.length)).as("its payload, untouched")
                .isEqualTo(Arrays.copyOfRange(next, RTP_HEADER, next.length));
        assertThat(forwarder.counters.forwarded).isEqualTo(2);
    }

    /** Whether no four consecutive bytes of {@code bytes} spell one of the session's SSRCs. */
    private static boolean namesNoSessionSsrc(byte[] bytes) {
        for (int at = 0; at + Integer.BYTES <= bytes.length; at++) {
            int word = Bytes.readInt(bytes, at);
            for (int ssrc : SESSION_SSRCS) {
                if (word == ssrc) {
                    return false;
                }
            }
        }
        return true;
    }

    @Provide
    Arbitrary<byte[]> datagrams() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(80);
        Arbitrary<byte[]> rtpLike = random.map(b -> {
            if (b.length > 1) {
                b[0] = (byte) (0x80 | (b[0] & 0x3F));
                b[1] = (byte) (b[1] & 0x80 | VideoPackets.PT);
            }
            return b;
        });
        Arbitrary<byte[]> rtcpLike = random.map(b -> {
            if (b.length > 1) {
                b[0] = (byte) (0x80 | (b[0] & 0x1F));
                b[1] = (byte) (200 + (b[1] & 0x07));
            }
            return b;
        });
        return Arbitraries.oneOf(random, rtpLike, rtcpLike);
    }
}
