package io.storagesession.recorder;

import io.storagesession.codecs.SenderReportClock;
import io.storagesession.codecs.h264.AccessUnit;
import io.storagesession.codecs.h264.AvcConfig;
import io.storagesession.codecs.h264.H264Counters;
import io.storagesession.codecs.h264.H264Receiver;
import io.storagesession.mixer.CounterExport;
import io.storagesession.mixer.RecordingVideo;
import io.storagesession.mixer.audio.RecordingMix;
import io.storagesession.recorder.mkv.VideoTrack;
import io.storagesession.session.media.MediaKind;
import io.storagesession.session.media.MediaOut;
import io.storagesession.session.media.MediaPlane;
import io.storagesession.session.media.ParticipantId;
import io.storagesession.session.transport.Rtp;
import java.util.function.Supplier;

/**
 * The session's recorder (issue 6; ARCHITECTURE.md "Recording"): while the master is connected, its H.264 and the
 * session's full audio mix become KVS fragments on absolute timecodes from the master's RTCP sender reports.
 *
 * <p>Video comes from the {@code VideoForwarder} already repaired ({@link RecordingVideo}: NACKed, RTX unwrapped) and
 * goes through an {@link H264Receiver} (a reorder buffer that waits for NACK recovery, RFC 6184 depacketizing, access
 * units in AVCC, avcC tracking, nothing corrupt: after unrecoverable loss it waits for the next IDR). Each access
 * unit's RTP time becomes NTP through the master's video sender reports and then Unix milliseconds. Audio comes from
 * the {@code AudioMixer} ({@link RecordingMix}) with the NTP time the mixer derived from the master's audio sender
 * reports, so both tracks share the master's wallclock and stay in sync. Frames before the first report cannot be
 * placed and are dropped (counted); video waits until the mix can be placed too, so that the first fragment has
 * sound from its first frame (the master's first audio sender report can come a second or two after its video's).
 *
 * <p>Keyframes: libwebrtc sends one only when asked, so the recorder asks the forwarder for a PLI (RFC 4585 §6.3.1)
 * while it has no usable keyframe, after loss it could not repair, and once the last keyframe is
 * {@code keyframe-request-after} old — which ends fragments in time, well inside KVS's 10 s limit.
 *
 * <p>Each master presence is one {@link Recording} (one upload); a master leaving ends it, flushed. Confined to the
 * session executor: the media plane calls, the forwarder's and mixer's callbacks and the tick all arrive there.
 */
public final class Recorder implements MediaPlane, RecordingVideo, RecordingMix, H264Receiver.Listener {
    /** H.264's RTP clock (RFC 6184 §8.2.1). */
    private static final int VIDEO_CLOCK_RATE = 90_000;

    private final RecorderSettings settings;
    private final RecordedAudio audio;
    private final Supplier<FragmentSink> sinks;
    private final Runnable keyframeRequest;
    private final CounterExport export;
    private final CounterExport videoExport;
    private final RecorderCounters counters = new RecorderCounters();
    private final H264Receiver receiver;
    private final SenderReportClock videoClock = new SenderReportClock(VIDEO_CLOCK_RATE);
    private final long keyframeAfterNanos;
    private final long keyframeIntervalNanos;
    private final ClockCheck clock;

    private Recording recording;
    private VideoTrack track;
    private int clockSsrc;
    private int streamSsrc;
    private long now;
    private boolean usableKeyframe;
    /** The current recording has placed a frame of the mix on the master's clock: video may begin a fragment. */
    private boolean audioPlaced;
    private long firstAudioMillis;
    private long lastKeyframeNanos;
    private boolean requested;
    private long lastRequestNanos;

    /**
     * @param audio           the audio track's codec (Opus passthrough or AAC), owned by this recorder from now on
     * @param sinks           a new upload per recording
     * @param keyframeRequest asks the master for a keyframe (the forwarder's throttled PLI)
     * @param export          where {@link #counters()} are published
     */
    public Recorder(RecorderSettings settings, RecordedAudio audio, Supplier<FragmentSink> sinks,
                    Runnable keyframeRequest, CounterExport export) {
        this(settings, audio, sinks, keyframeRequest, export, CounterExport.NONE);
    }

    /** @param videoExport where the receive path's {@link #videoCounters()} are published */
    public Recorder(RecorderSettings settings, RecordedAudio audio, Supplier<FragmentSink> sinks,
                    Runnable keyframeRequest, CounterExport export, CounterExport videoExport) {
        this.videoExport = videoExport;
        this.settings = settings;
        this.audio = audio;
        this.sinks = sinks;
        this.keyframeRequest = keyframeRequest;
        this.export = export;
        this.receiver = new H264Receiver(settings.h264(), this);
        this.keyframeAfterNanos = settings.keyframeRequestAfter().toNanos();
        this.keyframeIntervalNanos = settings.keyframeRequestInterval().toNanos();
        this.clock = new ClockCheck(settings, counters);
    }

    public RecorderCounters counters() {
        return counters;
    }

    /** The receive path's own counts (loss, drops, parameter sets), for tests and metrics. */
    public H264Counters videoCounters() {
        return receiver.counters();
    }

    @Override
    public void connected(ParticipantId participant, MediaOut out) {
        if (!participant.isMaster()) {
            return;
        }
        startRecording();
        receiver.reset();
        videoClock.forget();
        track = null;
    }

    @Override
    public void disconnected(ParticipantId participant) {
        if (participant.isMaster()) {
            endRecording();
        }
    }

    /** Video arrives through {@link #masterVideo}, audio through {@link #mixed}: the raw packets are not needed. */
    @Override
    public void rtp(ParticipantId from, MediaKind kind, byte[] buf, int off, int len) {
    }

    @Override
    public void rtcp(ParticipantId from, byte[] buf, int off, int len) {
    }

    @Override
    public void masterVideo(byte[] packet, int off, int len, long nanoTime) {
        if (recording == null) {
            return;
        }
        now = nanoTime;
        if (Rtp.payloadOffset(packet, off, len) >= 0) {
            streamSsrc = Rtp.ssrc(packet, off);
        }
        receiver.receive(packet, off, len, nanoTime); // counts what is not RTP
    }

    @Override
    public void masterSenderReport(int ssrc, long ntp, int rtpTimestamp) {
        videoClock.update(ntp, rtpTimestamp);
        clockSsrc = ssrc;
    }

    @Override
    public void masterRestarted() {
        receiver.reset();
    }

    @Override
    public void accessUnit(AccessUnit unit, AvcConfig config, boolean configChanged) {
        if (recording == null) {
            return;
        }
        if (configChanged || track == null) {
            track = new VideoTrack(config.sps().width(), config.sps().height(), config.record());
        }
        if (!videoClock.known() || clockSsrc != streamSsrc) {
            counters.videoFramesBeforeSenderReport++;
            return;
        }
        long epochMillis = SenderReportClock.epochMillis(videoClock.ntpOf(unit.timestamp()));
        if (!audioPlaced || epochMillis < firstAudioMillis) {
            // Every fragment needs both tracks from its start (KVS 4011; A/V in step): video older than the first
            // frame of the mix placed on the master's clock could only begin a fragment without sound.
            counters.videoFramesBeforeAudio++;
            return;
        }
        if (!clock.plausible(epochMillis, now)) {
            return;
        }
        if (unit.keyframe()) {
            usableKeyframe = true;
            lastKeyframeNanos = now;
        }
        recording.video(epochMillis, unit.keyframe(), track, unit.data(), unit.length());
    }

    @Override
    public void mixed(long nanoTime, long ntp, short[] pcm, byte[] opus, int off, int len) {
        if (recording == null) {
            return;
        }
        if (ntp == SenderReportClock.UNKNOWN) {
            counters.audioFramesBeforeSenderReport++;
            return;
        }
        long epochMillis = SenderReportClock.epochMillis(ntp);
        if (clock.plausible(epochMillis, nanoTime)) {
            if (!audioPlaced) {
                audioPlaced = true;
                firstAudioMillis = epochMillis;
            }
            recording.mixed(epochMillis, pcm, opus, off, len);
        }
    }

    @Override
    public void tick(long nanoTime) {
        now = nanoTime;
        if (recording != null) {
            if (clock.changed(nanoTime)) {
                counters.clockRestarts++;
                startRecording();
            }
            receiver.poll(nanoTime);
            if (keyframeDue(nanoTime)) {
                requested = true;
                lastRequestNanos = nanoTime;
                counters.keyframeRequests++;
                keyframeRequest.run();
            }
        }
        export.tick(counters, nanoTime);
        videoExport.tick(receiver.counters(), nanoTime);
    }

    /** No usable keyframe yet, loss the receiver could not repair, or the last keyframe is getting old. */
    private boolean keyframeDue(long nanoTime) {
        if (requested && nanoTime - lastRequestNanos < keyframeIntervalNanos) {
            return false;
        }
        return !usableKeyframe || receiver.keyframeNeeded() || nanoTime - lastKeyframeNanos >= keyframeAfterNanos;
    }

    @Override
    public void close() {
        endRecording();
        audio.close();
        export.flush(counters);
        videoExport.flush(receiver.counters());
    }

    /** Ends the current recording, if any, and starts a new one (a new upload with its own timeline). */
    private void startRecording() {
        endRecording();
        recording = new Recording(settings, audio, sinks.get(), counters);
        clock.reset();
        audioPlaced = false;
        usableKeyframe = false;
        requested = false;
    }

    private void endRecording() {
        if (recording != null) {
            recording.end();
            recording = null;
        }
    }
}
