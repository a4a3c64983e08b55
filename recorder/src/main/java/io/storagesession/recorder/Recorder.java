package io.storagesession.recorder;

import io.storagesession.codecs.SenderReportClock;
import io.storagesession.codecs.h264.AccessUnit;
import io.storagesession.codecs.h264.AvcConfig;
import io.storagesession.codecs.h264.H264Counters;
import io.storagesession.codecs.h264.H264Receiver;
import io.storagesession.codecs.rtp.Rtp;
import io.storagesession.media.MasterVideoReader;
import io.storagesession.media.MediaOut;
import io.storagesession.media.MixReader;
import io.storagesession.media.RtpParameters;
import io.storagesession.media.SessionPlugin;
import io.storagesession.metrics.CounterExport;
import io.storagesession.recorder.mkv.VideoTrack;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session's recorder (docs/architecture.md "Recording"): while the master is connected, its H.264
 * and the session's full audio mix become KVS fragments on absolute timecodes, from the master's first keyframe to its
 * last frame, whatever its RTCP does.
 *
 * <p>The recorder is a plain subscriber of what the session's planes publish. Video comes from the session's master
 * stream already repaired ({@link MasterVideoReader}: NACKed, RTX unwrapped) and
 * goes through an {@link H264Receiver} (a reorder buffer that waits for NACK recovery, RFC 6184 depacketizing, access
 * units in AVCC, avcC tracking, nothing corrupt: after unrecoverable loss it waits for the next IDR). Audio is the
 * {@code AudioMixer}'s full mix ({@link MixReader}).
 *
 * <p>Time: {@link MasterTimeline} places each frame on the server's wallclock by when the master's packets arrived,
 * and uses the master's sender reports only to align the mix with the video where they agree — never as a reason to
 * drop media (the KVS C SDK sends its first report 3 s after connecting, other stacks none or inconsistent ones).
 *
 * <p>A master that sends no audio (audio answered {@code recvonly} or {@code inactive}, KVS-WIRE.md §3) is recorded
 * video-only: single-track fragments.
 *
 * <p>Keyframes: libwebrtc sends one only when asked, so the recorder asks the forwarder for a PLI (RFC 4585 §6.3.1)
 * while it has no usable keyframe, after loss it could not repair, and once the last keyframe is
 * {@code keyframe-request-after} old — which ends fragments in time, well inside KVS's 10 s limit.
 *
 * <p>Each master presence is one {@link Recording} (one upload); a master leaving ends it, flushed. Confined to the
 * session executor: the master stream's and the mix's callbacks and the tick all arrive there. What it is doing is
 * published for other threads ({@link #status()}) at each tick and change of master, allocating only when it changed.
 */
public final class Recorder implements SessionPlugin, MasterVideoReader, MixReader, H264Receiver.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(Recorder.class);
    private static final long NANOS_PER_MILLI = TimeUnit.MILLISECONDS.toNanos(1);

    private final RecorderSettings settings;
    private final RecordedAudio audio;
    private final Supplier<FragmentSink> sinks;
    private final Runnable keyframeRequest;
    private final CounterExport export;
    private final CounterExport videoExport;
    private final RecorderCounters counters = new RecorderCounters();
    private final H264Receiver receiver;
    private final MasterTimeline timeline;
    private final LongSupplier nanoClock;
    private final long keyframeAfterNanos;
    private final long keyframeIntervalNanos;

    private String channel = "";
    private RecorderStatusBoard status = new RecorderStatusBoard();
    private Recording recording;
    private VideoTrack track;
    private long now;
    private boolean usableKeyframe;
    /** The current recording has had its first keyframe (logged once). */
    private boolean recordingStarted;
    private long lastKeyframeNanos;
    private boolean requested;
    private long lastRequestNanos;
    private long lastClockJumps;
    /** When the master connected (the current recording began waiting for its first keyframe). */
    private long connectedNanos;
    /** A stall of the current episode has been logged; cleared by the next keyframe. */
    private boolean stallLogged;
    private final long stallWarningNanos;

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
        this(settings, audio, sinks, keyframeRequest, export, videoExport, System::nanoTime,
                System.currentTimeMillis() - System.nanoTime() / NANOS_PER_MILLI);
    }

    /**
     * @param nanoClock       the session clock packets are stamped with when the media plane passes no time (the
     *                        master's audio packets)
     * @param epochAtNanoZero Unix ms at {@code nanoClock} 0, so arrival times become wallclock times
     */
    public Recorder(RecorderSettings settings, RecordedAudio audio, Supplier<FragmentSink> sinks,
                    Runnable keyframeRequest, CounterExport export, CounterExport videoExport, LongSupplier nanoClock,
                    long epochAtNanoZero) {
        this.videoExport = videoExport;
        this.settings = settings;
        this.audio = audio;
        this.sinks = sinks;
        this.keyframeRequest = keyframeRequest;
        this.export = export;
        this.nanoClock = nanoClock;
        this.timeline = new MasterTimeline(settings, counters, epochAtNanoZero);
        this.receiver = new H264Receiver(settings.h264(), this);
        this.keyframeAfterNanos = settings.keyframeRequestAfter().toNanos();
        this.keyframeIntervalNanos = settings.keyframeRequestInterval().toNanos();
        this.stallWarningNanos = settings.stallWarning().toNanos();
    }

    /** The channel recorded, for the log. */
    public Recorder channel(String name) {
        this.channel = name;
        timeline.channel(name);
        return this;
    }

    /** Where this recorder publishes its status (a board its uploads also report to). */
    Recorder status(RecorderStatusBoard board) {
        this.status = board;
        return this;
    }

    /** What the recorder is doing, as last published; any thread. */
    public RecorderStatus status() {
        return status.current();
    }

    public RecorderCounters counters() {
        return counters;
    }

    /** The receive path's own counts (loss, drops, parameter sets), for tests and metrics. */
    public H264Counters videoCounters() {
        return receiver.counters();
    }

    @Override
    public void masterConnected(MediaOut out) {
        boolean withAudio = out == null || sendsAudio(out.audioParameters());
        startRecording(withAudio);
        receiver.reset();
        timeline.reset();
        track = null;
        LOG.info("recording channel {}: master connected, {}; the recording starts at its first keyframe", channel,
                withAudio ? "video and the audio mix" : "video only (the master sends no audio)");
        publish();
    }

    /**
     * A master whose audio section is sendonly or sendrecv sends audio; recvonly or inactive is a video-only master.
     * (Without a peer at all — a benchmark's scripted master — both tracks are recorded.)
     */
    private static boolean sendsAudio(RtpParameters answer) {
        return answer != null && answer.sends();
    }

    @Override
    public void masterDisconnected() {
        endRecording();
        publish();
    }

    /** The master's own audio packets: when each RTP timestamp arrived places the mix frames that play it. */
    @Override
    public void masterAudio(byte[] buf, int off, int len) {
        if (recording == null || Rtp.payloadOffset(buf, off, len) < 0) {
            return;
        }
        timeline.audioPacket(Rtp.ssrc(buf, off), (int) Rtp.timestamp(buf, off), nanoClock.getAsLong());
    }

    @Override
    public void masterVideo(byte[] packet, int off, int len, long nanoTime) {
        if (recording == null) {
            return;
        }
        now = nanoTime;
        if (Rtp.payloadOffset(packet, off, len) >= 0) {
            timeline.videoPacket(Rtp.ssrc(packet, off), (int) Rtp.timestamp(packet, off), nanoTime);
        }
        receiver.receive(packet, off, len, nanoTime); // counts what is not RTP
    }

    @Override
    public void masterSenderReport(SenderReportClock clock) {
        timeline.videoSenderReport(clock);
    }

    @Override
    public void masterRestarted() {
        receiver.reset();
    }

    @Override
    public void accessUnit(AccessUnit unit, AvcConfig config, boolean configChanged) {
        if (recording == null || !timeline.videoAnchored()) {
            return;
        }
        if (configChanged || track == null) {
            track = new VideoTrack(config.sps().width(), config.sps().height(), config.record());
        }
        long placed = timeline.placeVideo(unit.timestamp(), now);
        if (unit.keyframe()) {
            if (stallLogged) {
                stallLogged = false;
                LOG.info("recording channel {}: a keyframe came; recording again", channel);
            }
            if (!recordingStarted) {
                recordingStarted = true;
                LOG.info("recording channel {}: first keyframe ({}x{}) at {}; the recording starts there", channel,
                        config.sps().width(), config.sps().height(), java.time.Instant.ofEpochMilli(placed));
            }
            usableKeyframe = true;
            lastKeyframeNanos = now;
        }
        recording.video(placed, unit.keyframe(), track, unit.data(), unit.length());
    }

    @Override
    public boolean needsPcm() {
        return audio.needsPcm();
    }

    @Override
    public void mixed(long nanoTime, long ntp, long masterTimestamp, short[] pcm, byte[] opus, int off, int len) {
        if (recording == null || !recording.hasAudio()) {
            return;
        }
        long placed = timeline.placeMix(nanoTime, ntp, masterTimestamp);
        if (placed != MasterTimeline.DROP) {
            recording.mixed(placed, pcm, opus, off, len);
        }
    }

    @Override
    public void tick(long nanoTime) {
        now = nanoTime;
        if (recording != null) {
            receiver.poll(nanoTime);
            if (keyframeDue(nanoTime)) {
                requested = true;
                lastRequestNanos = nanoTime;
                counters.keyframeRequests++;
                keyframeRequest.run();
            }
            warnIfStalled(nanoTime);
            long jumps = timeline.clockJumps();
            if (jumps != lastClockJumps) {
                counters.clockJumps += jumps - lastClockJumps;
                lastClockJumps = jumps;
            }
        }
        export.tick(counters, nanoTime);
        videoExport.tick(receiver.counters(), nanoTime);
        publish();
    }

    /**
     * Publishes the state and the fragments handed over (nothing is allocated unless one changed). Video is written
     * only into an open fragment, and not after a loss the receiver could not repair: either way the recording waits
     * for a keyframe.
     */
    private void publish() {
        RecorderStatus.State state = recording == null ? RecorderStatus.State.IDLE
                : !recording.fragmentOpen() || receiver.keyframeNeeded() ? RecorderStatus.State.WAITING_FOR_KEYFRAME
                : RecorderStatus.State.RECORDING;
        status.recorder(state, counters.fragments);
    }

    /**
     * Media lost without a word is a defect: when the master has sent no keyframe for
     * {@code fragments.stall-warning} — none since it connected, or none since the last, so the open fragment has been
     * cut at max-duration and video is being dropped — it is logged once per episode, and is the status's last problem.
     */
    private void warnIfStalled(long nanoTime) {
        long since = recordingStarted ? lastKeyframeNanos : connectedNanos;
        if (!stallLogged && nanoTime - since >= stallWarningNanos) {
            stallLogged = true;
            counters.stalls++;
            long seconds = TimeUnit.NANOSECONDS.toSeconds(nanoTime - since);
            status.problem("recording stalled: no keyframe from the master for " + seconds + " s");
            LOG.warn("recording channel {} stalled: no keyframe from the master for {} s ({}; {} keyframe requests "
                    + "so far); its video is not recorded until one comes", channel, seconds,
                    recordingStarted ? "the last fragment was cut at its longest" : "nothing recorded yet",
                    counters.keyframeRequests);
        }
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
        publish();
        status.close();
        audio.close();
        export.flush(counters);
        videoExport.flush(receiver.counters());
    }

    /** Ends the current recording, if any, and starts a new one (a new upload with its own timeline). */
    private void startRecording(boolean withAudio) {
        endRecording();
        recording = new Recording(settings, withAudio ? audio : null, sinks.get(), counters);
        recordingStarted = false;
        stallLogged = false;
        connectedNanos = nanoClock.getAsLong();
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
