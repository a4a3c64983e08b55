package io.storagesession.webrtc;

import io.storagesession.codecs.rtp.RtcpCompound;
import io.storagesession.media.MediaKind;
import io.storagesession.media.MediaOut;
import io.storagesession.media.MediaPlane;
import io.storagesession.media.ParticipantId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A media plane that keeps what the session told it, in order ("connected master", "disconnected viewer v1",
 * "closed"), so a test sees when the session connected, let go of and ended its participants.
 */
final class PlaneEvents implements MediaPlane {
    final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void connected(ParticipantId participant, MediaOut out) {
        events.add("connected " + participant);
    }

    @Override
    public void disconnected(ParticipantId participant) {
        events.add("disconnected " + participant);
    }

    @Override
    public void rtp(ParticipantId from, MediaKind kind, byte[] buf, int off, int len) {
    }

    @Override
    public void rtcp(ParticipantId from, RtcpCompound rtcp) {
    }

    @Override
    public void close() {
        events.add("closed");
    }
}
