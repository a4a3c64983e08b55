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
    /** Video access units that came before the master's first video sender report (no absolute time yet). */
    public long videoFramesBeforeSenderReport;
    /** Video access units that came before the first frame of the mix could be placed on the master's clock. */
    public long videoFramesBeforeAudio;
    /** Audio frames dropped while no fragment was open (no video keyframe yet, or the video stalled). */
    public long audioFramesWithoutFragment;
    /** Audio frames of the mix before the master's first audio sender report (no absolute time yet). */
    public long audioFramesBeforeSenderReport;
    /** Audio frames older than the fragment they would have joined (later than the interleaving window). */
    public long audioFramesLate;
    /** Frames whose timecode a sender report would have moved backwards, moved forward instead (KVS 4004). */
    public long timecodesHeldBack;
    /** Frames whose sender-report time was further than clock.max-jump from where the server's clock expected it. */
    public long timecodesImplausible;
    /** Frames dropped at a recording's start while the master's clock offset was not yet confirmed. */
    public long timecodesUnconfirmed;
    /** Recordings restarted because the master's clock stayed off for clock.restart-after (it changed for real). */
    public long clockRestarts;
    /** Keyframe requests (PLI) the recorder asked the forwarder to send. */
    public long keyframeRequests;
    /** Frames the MKV writer refused (a defect; the fragment is discarded rather than sent invalid). */
    public long writerRefusals;
}
