package io.storagesession.recorder;

import io.storagesession.media.Direction;
import io.storagesession.media.MediaKind;
import io.storagesession.media.MediaOut;
import io.storagesession.media.RtpParameters;
import java.util.List;
import java.util.Map;

/** The master's answer as the recorder sees it: only the audio direction matters (video-only masters). */
final class MasterOut implements MediaOut {
    private final RtpParameters audio;
    private final RtpParameters video = new RtpParameters(Direction.SENDONLY, List.of(102), Map.of(), List.of(),
            Map.of());

    MasterOut(Direction audioDirection) {
        this.audio = new RtpParameters(audioDirection, List.of(111), Map.of(), List.of(), Map.of());
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
    public RtpParameters videoParameters() {
        return video;
    }

    @Override
    public RtpParameters audioParameters() {
        return audio;
    }
}
