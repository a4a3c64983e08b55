package io.storagesession.recorder;

/**
 * What one session's recorder did, as plain fields bumped on the session executor and published as
 * {@code kvs_recorder_events_total{event}} by a {@code CounterExport} (field names in kebab case).
 */
public final class RecorderCounters {
    /** Fragments handed to the upload. */
    public long fragments;
    /** Fragments given up before upload: a declared track had no frame by max-duration (KVS would say 4011). */
    public long fragmentsDiscarded;
    /** Stream headers handed to the upload (one per recording, and one per change of SPS/PPS). */
    public long streamHeaders;
    public long videoFramesWritten;
    public long audioFramesWritten;
    /** Video access units dropped while no fragment could take them (waiting for a keyframe). */
    public long videoFramesWithoutFragment;
    /** Audio frames dropped while no fragment was open (no video keyframe yet, or the video stalled). */
    public long audioFramesWithoutFragment;
    /**
     * Mix frames dropped because the mix moved back over instants already written (a sender-report correction, an
     * early packet lowering the arrival offset): the frame would otherwise overlap the last one.
     */
    public long audioFramesOverlapping;
    /** Audio frames more than fragments.audio-after-video after the last video frame (the master's video stopped). */
    public long audioFramesAfterVideo;
    /** Audio frames older than the fragment they would have joined (later than the interleaving window). */
    public long audioFramesLate;
    /** Frames whose timecode would not have been after the track's last one, moved forward instead (KVS 4004). */
    public long timecodesHeldBack;
    /**
     * Times the master's RTP clock jumped further than clock.max-jump from where arrival times put it (a restarted
     * encoder, a new timeline): the track's placement started again from the packet's arrival.
     */
    public long clockJumps;
    /**
     * Mix frames that the master's audio and video sender reports would have moved more than
     * clock.max-sync-correction against the video (the two clocks disagree): placed by arrival alone instead.
     */
    public long senderReportsInconsistent;
    /** Mix frames whose place was corrected by the sender reports, to keep lips and voice in sync. */
    public long framesSyncedBySenderReports;
    /** Times the master sent no keyframe for fragments.stall-warning (logged once each): its video was not recorded. */
    public long stalls;
    /** Keyframe requests (PLI) the recorder asked the forwarder to send. */
    public long keyframeRequests;
    /**
     * Frames the interleaver wrote before the other track caught up because their queue was full (interleave
     * *-max-bytes or *-frames): the other track's frames of the same instant may then come too late for the fragment.
     */
    public long framesWrittenEarly;
    /** Frames the MKV writer refused (a defect; the fragment is discarded rather than sent invalid). */
    public long writerRefusals;
}
