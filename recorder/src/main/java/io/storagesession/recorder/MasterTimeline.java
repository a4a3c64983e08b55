package io.storagesession.recorder;

import static io.storagesession.media.MixReader.NO_TIMESTAMP;

import io.storagesession.codecs.SenderReportClock;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a recording puts each frame in time: the master's video and the session's mix on one wallclock, from its
 * first keyframe to its last frame, whatever its RTCP does (docs/architecture.md "Recording: how time is placed").
 *
 * <p>Each track's RTP timestamps are placed by when the master's packets arrived ({@link ArrivalClock}): the video's
 * on its video packets, the mix's on the master's audio packets of the frame each mixer tick played. A tick that
 * played nothing of the master continues the mix's own 20 ms cadence, or — the first frame, or after a pause longer
 * than max-jump — takes the tick's time less the mixer's playout delay. Sender reports are never needed for that and
 * never a reason to drop media; where the master's audio and video reports agree, {@link LipSync} moves the mix to
 * where they put it relative to the video. A mix frame that would overlap the last one written is dropped, since a
 * player (HLS) refuses colliding decode times. Confined to the session executor; allocates nothing.
 */
final class MasterTimeline {
    /** {@link #placeMix}: the frame overlaps the last one written and is dropped. */
    static final long DROP = Long.MIN_VALUE;
    private static final Logger LOG = LoggerFactory.getLogger(MasterTimeline.class);
    /** H.264's RTP clock (RFC 6184 §8.2.1). */
    private static final int VIDEO_CLOCK_RATE = 90_000;
    /** Opus's RTP clock (RFC 7587 §4.1). */
    private static final int AUDIO_CLOCK_RATE = 48_000;
    /** One frame of the mix (the mixer's tick). */
    private static final long MIX_FRAME_MILLIS = 20;
    private static final long NANOS_PER_MILLI = TimeUnit.MILLISECONDS.toNanos(1);

    private final RecorderCounters counters;
    /** No video mapping: the master stream has not lent its clock since the master connected. */
    private static final SenderReportClock NO_REPORTS = new SenderReportClock(VIDEO_CLOCK_RATE);
    /** The master stream's video clock, read, never updated here: one mapping for the SFU and the recording. */
    private SenderReportClock videoReports = NO_REPORTS;
    private final ArrivalClock videoArrival;
    private final ArrivalClock audioArrival;
    private final LipSync lipSync;
    /** Unix ms at nanoTime 0 of the session clock: arrival times become wallclock times. */
    private final long epochAtNanoZero;
    private final long maxJumpMillis;
    private final long mixDelayMillis;
    private final long maxSyncCorrectionMillis;
    private String channel = "";

    private int videoSsrc;
    private boolean videoSsrcKnown;
    /** The video RTP timestamp the lip-sync skew was last taken at: once per frame, not per packet. */
    private int syncedTimestamp;
    private boolean syncedTimestampKnown;
    private int audioSsrc;
    private boolean audioSsrcKnown;
    /** Where the last mix frame was placed (before sync correction), for ticks that play nothing of the master. */
    private long lastMixMillis;
    private boolean mixPlaced;
    /** Where the last mix frame handed to the recording went (after sync correction). */
    private long lastAudioMillis;
    private boolean audioWritten;
    /** Where the last video frame went: frames are placed strictly after it. */
    private boolean videoPlaced;
    private long lastVideoMillis;

    MasterTimeline(RecorderSettings settings, RecorderCounters counters, long epochAtNanoZero) {
        this.counters = counters;
        this.epochAtNanoZero = epochAtNanoZero;
        this.maxJumpMillis = settings.maxClockJump().toMillis();
        this.mixDelayMillis = settings.mixDelay().toMillis();
        this.maxSyncCorrectionMillis = settings.maxSyncCorrection().toMillis();
        this.videoArrival = new ArrivalClock(VIDEO_CLOCK_RATE, maxJumpMillis);
        this.audioArrival = new ArrivalClock(AUDIO_CLOCK_RATE, maxJumpMillis);
        this.lipSync = new LipSync(maxSyncCorrectionMillis, counters);
    }

    /** The channel recorded, for the log. */
    void channel(String name) {
        this.channel = name;
    }

    /** A new master (a new recording): nothing of the last one's clocks is kept. */
    void reset() {
        videoReports = NO_REPORTS;
        videoArrival.forget();
        audioArrival.forget();
        lipSync.forget();
        videoSsrcKnown = false;
        audioSsrcKnown = false;
        syncedTimestampKnown = false;
        mixPlaced = false;
        audioWritten = false;
        videoPlaced = false;
    }

    /** A master video RTP packet with {@code timestamp} arrived at {@code nanoTime}. */
    void videoPacket(int ssrc, int timestamp, long nanoTime) {
        if (videoSsrcKnown && ssrc != videoSsrc) {
            videoArrival.forget();
        }
        videoSsrc = ssrc;
        videoSsrcKnown = true;
        videoArrival.observe(timestamp, epochMillis(nanoTime));
        boolean newFrame = !syncedTimestampKnown || timestamp != syncedTimestamp;
        if (newFrame && videoReports.knows(ssrc)) {
            syncedTimestamp = timestamp;
            syncedTimestampKnown = true;
            // At the packet, not the access unit: the receiver's reorder wait must not leave the mix's first frames
            // without the video's side of the sync.
            lipSync.video(videoArrival.epochMillis(timestamp, epochMillis(nanoTime)),
                    SenderReportClock.epochMillis(videoReports.ntpOf(timestamp)));
        }
    }

    /** A master audio RTP packet with {@code timestamp} arrived at {@code nanoTime}. */
    void audioPacket(int ssrc, int timestamp, long nanoTime) {
        if (audioSsrcKnown && ssrc != audioSsrc) {
            audioArrival.forget();
        }
        audioSsrc = ssrc;
        audioSsrcKnown = true;
        audioArrival.observe(timestamp, epochMillis(nanoTime));
    }

    /** The master stream's video clock, just updated by a sender report (RFC 3550 §6.4.1). */
    void videoSenderReport(SenderReportClock clock) {
        videoReports = clock;
    }

    /** Whether video can be placed: a packet of it has arrived. */
    boolean videoAnchored() {
        return videoArrival.anchored();
    }

    /**
     * Unix ms of the video frame with {@code timestamp}, completed at {@code nanoTime}: always after the last frame
     * placed. The arrival clock's offset only ever drops (an earlier packet proves a smaller transit), so a frame
     * right after such a drop can land on or before its predecessor; it goes 1 ms after it instead, since frames
     * cannot be dropped (later ones depend on them) and muxers and players refuse a decode time that does not grow.
     */
    long placeVideo(int timestamp, long nanoTime) {
        long placed = videoArrival.epochMillis(timestamp, epochMillis(nanoTime));
        if (videoPlaced && placed <= lastVideoMillis) {
            placed = lastVideoMillis + 1;
        }
        videoPlaced = true;
        lastVideoMillis = placed;
        return placed;
    }

    /**
     * Unix ms of the mix frame of the tick at {@code nanoTime}, which played the master's frame {@code masterTimestamp}
     * ({@code NO_TIMESTAMP}: none) whose reported NTP time is {@code ntp} ({@code UNKNOWN}: none); {@link #DROP} when
     * it would overlap the last mix frame placed.
     */
    long placeMix(long nanoTime, long ntp, long masterTimestamp) {
        long tick = epochMillis(nanoTime) - mixDelayMillis;
        long placed;
        if (masterTimestamp != NO_TIMESTAMP && audioArrival.anchored()) {
            placed = audioArrival.epochMillis((int) masterTimestamp, tick);
        } else {
            long next = lastMixMillis + MIX_FRAME_MILLIS;
            placed = mixPlaced && Math.abs(next - tick) <= maxJumpMillis ? next : tick;
        }
        lastMixMillis = placed;
        mixPlaced = true;
        if (ntp != SenderReportClock.UNKNOWN) {
            placed = lipSync.audio(placed, SenderReportClock.epochMillis(ntp), this::reportsDisagree,
                    this::reportsAgree);
        }
        if (audioWritten && placed < lastAudioMillis + MIX_FRAME_MILLIS) {
            // The mix moved back over frames already written (a sync correction, an early packet lowering the arrival
            // offset): those instants have sound already.
            counters.audioFramesOverlapping++;
            return DROP;
        }
        audioWritten = true;
        lastAudioMillis = placed;
        return placed;
    }

    /** How often a track's RTP clock jumped and its placement started again from arrival. */
    long clockJumps() {
        return videoArrival.reanchors() + audioArrival.reanchors();
    }

    private void reportsAgree() {
        LOG.info("recording channel {}: the master's sender reports align its audio with its video ({} ms from where "
                + "arrival put it)", channel, lipSync.correction());
    }

    private void reportsDisagree() {
        LOG.warn("recording channel {}: the master's audio and video sender reports disagree by {} ms (more than {});"
                + " audio and video are aligned by arrival times instead", channel, lipSync.correction(),
                maxSyncCorrectionMillis);
    }

    private long epochMillis(long nanoTime) {
        return epochAtNanoZero + nanoTime / NANOS_PER_MILLI;
    }
}
