package io.storagesession.recorder;

import io.storagesession.session.media.MediaKind;
import io.storagesession.session.media.MediaOut;
import io.storagesession.session.sdp.Direction;
import io.storagesession.session.sdp.MediaAnswer;
import java.util.List;
import java.util.Map;

/** The master's answer as the recorder sees it: only the audio direction matters (video-only masters). */
final class MasterOut implements MediaOut {
    private final MediaAnswer audio;
    private final MediaAnswer video = new MediaAnswer("0", Direction.SENDONLY, List.of(102), Map.of(), List.of(),
            Map.of());

    MasterOut(Direction audioDirection) {
        this.audio = new MediaAnswer("1", audioDirection, List.of(111), Map.of(), List.of(), Map.of());
    }

    @Override
    public boolean sendRtp(MediaKind kind, byte[] buf, int off, int len) {
        return false;
    }

    @Override
    public boolean sendRtcp(byte[] buf, int off, int len) {
        return false;
    }

    @Override
    public int audioSsrc() {
        return 1;
    }

    @Override
    public int videoSsrc() {
        return 2;
    }

    @Override
    public MediaAnswer videoAnswer() {
        return video;
    }

    @Override
    public MediaAnswer audioAnswer() {
        return audio;
    }
}
