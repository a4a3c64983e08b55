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
import io.storagesession.session.sdp.Direction;
import io.storagesession.session.sdp.MediaAnswer;
import io.storagesession.session.transport.Rtp;
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
 * <p>Video comes from the {@code VideoForwarder} already repaired ({@link RecordingVideo}: NACKed, RTX unwrapped) and
 * goes through an {@link H264Receiver} (a reorder buffer that waits for NACK recovery, RFC 6184 depacketizing, access
 * units in AVCC, avcC tracking, nothing corrupt: after unrecoverable loss it waits for the next IDR). Audio is the
 * {@code AudioMixer}'s full mix ({@link RecordingMix}).
 *
 * <p>Time: each track's RTP timestamps are placed on the server's wallclock by when the master's packets arrived
 * ({@link ArrivalClock}: the video's on its video packets, the mix's on the master's audio packets of the frame each
 * tick played; a tick that played nothing of the master continues the mix's own 20 ms cadence). Sender reports are
 * not needed for that and never a reason to drop media: the KVS C SDK sends its first one 3 s after connecting, other
 * stacks none or inconsistent ones. Where the master's audio and video reports are consistent, {@link LipSync} uses
 * them to put the mix exactly where they say relative to the video.
 *
 * <p>A master that sends no audio (audio answered {@code recvonly} or {@code inactive}, KVS-WIRE.md §3) is recorded
 * video-only: single-track fragments.
 *
 * <p>Keyframes: libwebrtc sends one only when asked, so the recorder asks the forwarder for a PLI (RFC 4585 §6.3.1)
 * while it has no usable keyframe, after loss it could not repair, and once the last keyframe is
 * {@code keyframe-request-after} old — which ends fragments in time, well inside KVS's 10 s limit.
 *
 * <p>Each master presence is one {@link Recording} (one upload); a master leaving ends it, flushed. Confined to the
 * session executor: the media plane calls, the forwarder's and mixer's callbacks and the tick all arrive there.
 */
public final class Recorder implements MediaPlane, RecordingVideo, RecordingMix, H264Receiver.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(Recorder.class);
    /** H.264's RTP clock (RFC 6184 §8.2.1). */
    private static final int VIDEO_CLOCK_RATE = 90_000;
    /** Opus's RTP clock (RFC 7587 §4.1). */
    private static final int AUDIO_CLOCK_RATE = 48_000;
    /** One frame of the mix (the mixer's tick). */
    private static final long MIX_FRAME_MILLIS = 20;
    private static final long NANOS_PER_MILLI = TimeUnit.MILLISECONDS.toNanos(1);

    private final RecorderSettings settings;
    private final RecordedAudio audio;
    private final Supplier<FragmentSink> sinks;
    private final Runnable keyframeRequest;
    private final CounterExport export;
    private final CounterExport videoExport;
    private final RecorderCounters counters = new RecorderCounters();
    private final H264Receiver receiver;
    private final SenderReportClock videoReports = new SenderReportClock(VIDEO_CLOCK_RATE);
    private final ArrivalClock videoArrival;
    private final ArrivalClock audioArrival;
    private final LipSync lipSync;
    private final LongSupplier nanoClock;
    /** Unix ms at nanoTime 0 of {@link #nanoClock}: arrival times become wallclock times. */
    private final long epochAtNanoZero;
    private final long keyframeAfterNanos;
    private final long keyframeIntervalNanos;
    private final long maxJumpMillis;
    private final long mixDelayMillis;

    private String channel = "";
    private Recording recording;
    private VideoTrack track;
    private int clockSsrc;
    private int streamSsrc;
    private boolean streamSsrcKnown;
    private int audioSsrc;
    private boolean audioSsrcKnown;
    private long now;
    private boolean usableKeyframe;
    /** The current recording has had its first keyframe (logged once). */
    private boolean recordingStarted;
    private long lastKeyframeNanos;
    private boolean requested;
    private long lastRequestNanos;
    /** Where the last mix frame was placed (before sync correction), for ticks that play nothing of the master. */
    private long lastMixMillis;
    private boolean mixPlaced;
    /** Where the last mix frame handed to the recording went (after sync correction). */
    private long lastAudioMillis;
    private boolean audioWritten;
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
        this.epochAtNanoZero = epochAtNanoZero;
        this.receiver = new H264Receiver(settings.h264(), this);
        this.keyframeAfterNanos = settings.keyframeRequestAfter().toNanos();
        this.keyframeIntervalNanos = settings.keyframeRequestInterval().toNanos();
        this.maxJumpMillis = settings.maxClockJump().toMillis();
        this.mixDelayMillis = settings.mixDelay().toMillis();
        this.stallWarningNanos = settings.stallWarning().toNanos();
        this.videoArrival = new ArrivalClock(VIDEO_CLOCK_RATE, maxJumpMillis);
        this.audioArrival = new ArrivalClock(AUDIO_CLOCK_RATE, maxJumpMillis);
        this.lipSync = new LipSync(settings.maxSyncCorrection().toMillis(), counters);
    }

    /** The channel recorded, for the log. */
    public Recorder channel(String name) {
        this.channel = name;
        return this;
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
        boolean withAudio = out == null || sendsAudio(out.audioAnswer());
        startRecording(withAudio);
        receiver.reset();
        videoReports.forget();
        videoArrival.forget();
        audioArrival.forget();
        streamSsrcKnown = false;
        audioSsrcKnown = false;
        track = null;
        LOG.info("recording channel {}: master connected, {}; the recording starts at its first keyframe", channel,
                withAudio ? "video and the audio mix" : "video only (the master sends no audio)");
    }

    /**
     * A master whose audio section is sendonly or sendrecv sends audio; recvonly or inactive is a video-only master.
     * (Without a peer at all — a benchmark's scripted master — both tracks are recorded.)
     */
    private static boolean sendsAudio(MediaAnswer answer) {
        return answer != null && (answer.direction() == Direction.SENDONLY || answer.direction() == Direction.SENDRECV);
    }

    @Override
    public void disconnected(ParticipantId participant) {
        if (participant.isMaster()) {
            endRecording();
        }
    }

    /** The master's own audio packets: when each RTP timestamp arrived places the mix frames that play it. */
    @Override
    public void rtp(ParticipantId from, MediaKind kind, byte[] buf, int off, int len) {
        if (recording == null || !from.isMaster() || kind != MediaKind.AUDIO
                || Rtp.payloadOffset(buf, off, len) < 0) {
            return;
        }
        int ssrc = Rtp.ssrc(buf, off);
        if (audioSsrcKnown && ssrc != audioSsrc) {
            audioArrival.forget();
        }
        audioSsrc = ssrc;
        audioSsrcKnown = true;
        audioArrival.observe((int) Rtp.timestamp(buf, off), epochMillis(nanoClock.getAsLong()));
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
            int ssrc = Rtp.ssrc(packet, off);
            if (streamSsrcKnown && ssrc != streamSsrc) {
                videoArrival.forget();
            }
            streamSsrc = ssrc;
            streamSsrcKnown = true;
            int timestamp = (int) Rtp.timestamp(packet, off);
            videoArrival.observe(timestamp, epochMillis(nanoTime));
            if (videoReports.known() && clockSsrc == ssrc) {
                // At the packet, not the access unit: the receiver's reorder wait must not leave the mix's first
                // frames without the video's side of the sync.
                lipSync.video(videoArrival.epochMillis(timestamp, epochMillis(nanoTime)),
                        SenderReportClock.epochMillis(videoReports.ntpOf(timestamp)));
            }
        }
        receiver.receive(packet, off, len, nanoTime); // counts what is not RTP
    }

    @Override
    public void masterSenderReport(int ssrc, long ntp, int rtpTimestamp) {
        videoReports.update(ntp, rtpTimestamp);
        clockSsrc = ssrc;
    }

    @Override
    public void masterRestarted() {
        receiver.reset();
    }

    @Override
    public void accessUnit(AccessUnit unit, AvcConfig config, boolean configChanged) {
        if (recording == null || !videoArrival.anchored()) {
            return;
        }
        if (configChanged || track == null) {
            track = new VideoTrack(config.sps().width(), config.sps().height(), config.record());
        }
        long placed = videoArrival.epochMillis(unit.timestamp(), epochMillis(now));
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
    public void mixed(long nanoTime, long ntp, long masterTimestamp, short[] pcm, byte[] opus, int off, int len) {
        if (recording == null || !recording.hasAudio()) {
            return;
        }
        long placed = placeMix(nanoTime, masterTimestamp);
        lastMixMillis = placed;
        mixPlaced = true;
        if (ntp != SenderReportClock.UNKNOWN) {
            placed = lipSync.audio(placed, SenderReportClock.epochMillis(ntp), this::reportsDisagree, this::reportsAgree);
        }
        if (audioWritten && placed < lastAudioMillis + MIX_FRAME_MILLIS) {
            // The mix moved back over frames already written (a sync correction, an early packet lowering the
            // arrival offset): those instants have sound already, and a frame overlapping the last one would make
            // the track's decode times collide in players (HLS).
            counters.audioFramesOverlapping++;
            return;
        }
        audioWritten = true;
        lastAudioMillis = placed;
        recording.mixed(placed, pcm, opus, off, len);
    }

    /**
     * Where a mix frame goes: at the arrival of the master's frame it played; else one frame after the last mix frame;
     * else (the first frame, or after a pause longer than max-jump) at the tick less the mixer's playout delay.
     */
    private long placeMix(long nanoTime, long masterTimestamp) {
        long tick = epochMillis(nanoTime) - mixDelayMillis;
        if (masterTimestamp != NO_TIMESTAMP && audioArrival.anchored()) {
            return audioArrival.epochMillis((int) masterTimestamp, tick);
        }
        long next = lastMixMillis + MIX_FRAME_MILLIS;
        return mixPlaced && Math.abs(next - tick) <= maxJumpMillis ? next : tick;
    }

    private void reportsAgree() {
        LOG.info("recording channel {}: the master's sender reports align its audio with its video ({} ms from where "
                + "arrival put it)", channel, lipSync.correction());
    }

    private void reportsDisagree() {
        LOG.warn("recording channel {}: the master's audio and video sender reports disagree by {} ms (more than {});"
                + " audio and video are aligned by arrival times instead", channel, lipSync.correction(),
                settings.maxSyncCorrection().toMillis());
    }

    private long epochMillis(long nanoTime) {
        return epochAtNanoZero + nanoTime / NANOS_PER_MILLI;
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
            long jumps = videoArrival.reanchors() + audioArrival.reanchors();
            if (jumps != lastClockJumps) {
                counters.clockJumps += jumps - lastClockJumps;
                lastClockJumps = jumps;
            }
        }
        export.tick(counters, nanoTime);
        videoExport.tick(receiver.counters(), nanoTime);
    }

    /**
     * Media lost without a word is a defect: when the master has sent no keyframe for
     * {@code fragments.stall-warning} — none since it connected, or none since the last, so the open fragment has been
     * cut at max-duration and video is being dropped — it is logged once per episode.
     */
    private void warnIfStalled(long nanoTime) {
        long since = recordingStarted ? lastKeyframeNanos : connectedNanos;
        if (!stallLogged && nanoTime - since >= stallWarningNanos) {
            stallLogged = true;
            counters.stalls++;
            LOG.warn("recording channel {} stalled: no keyframe from the master for {} s ({}; {} keyframe requests "
                    + "so far); its video is not recorded until one comes", channel, (nanoTime - since) / 1_000_000_000L,
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
        audio.close();
        export.flush(counters);
        videoExport.flush(receiver.counters());
    }

    /** Ends the current recording, if any, and starts a new one (a new upload with its own timeline). */
    private void startRecording(boolean withAudio) {
        endRecording();
        recording = new Recording(settings, withAudio ? audio : null, sinks.get(), counters);
        lipSync.forget();
        mixPlaced = false;
        audioWritten = false;
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
