package io.storagesession.sfu;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.codecs.rtp.RtcpCompound;
import io.storagesession.media.MediaKind;
import io.storagesession.media.ParticipantId;
import io.storagesession.media.testing.RecordingOut;
import io.storagesession.sfu.testing.VideoPackets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever bytes arrive as RTP or RTCP from anyone, nothing throws and forwarding goes on. */
class BadInputPropertiesTest {
    private static final int MASTER_SSRC = 0x1111;
    private static final ParticipantId V1 = ParticipantId.viewer("v1");

    @Property(tries = 500)
    void arbitraryBytesNeverThrowAndNeverStopTheSession(@ForAll("datagrams") byte[] junk) {
        long[] now = {5_000_000_000L};
        VideoForwarder forwarder = new VideoForwarder(SfuSettings.defaults(), () -> now[0]);
        RecordingOut master = RecordingOut.master(0x0A);
        RecordingOut viewer = RecordingOut.viewer(0x0B);
        forwarder.connected(ParticipantId.MASTER, master);
        forwarder.connected(V1, viewer);
        byte[] key = VideoPackets.h264(MASTER_SSRC, 100, 0, VideoPackets.SPS);
        forwarder.rtp(ParticipantId.MASTER, MediaKind.VIDEO, key, 0, key.length);

        forwarder.rtp(ParticipantId.MASTER, MediaKind.VIDEO, junk, 0, junk.length);
        forwarder.rtcp(ParticipantId.MASTER, RtcpCompound.of(junk, 0, junk.length));
        forwarder.rtcp(V1, RtcpCompound.of(junk, 0, junk.length));
        now[0] += 20_000_000L;
        forwarder.tick(now[0]);

        byte[] next = VideoPackets.h264(MASTER_SSRC, 101, 3000, VideoPackets.SLICE);
        int before = viewer.rtp.size();
        forwarder.rtp(ParticipantId.MASTER, MediaKind.VIDEO, next, 0, next.length);
        assertThat(viewer.rtp.size()).as("the next packet is forwarded").isGreaterThanOrEqualTo(before);
        assertThat(viewer.rtp).isNotEmpty();
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
