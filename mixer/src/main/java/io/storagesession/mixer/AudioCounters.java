package io.storagesession.mixer;

/**
 * What the audio mixer dropped, skipped and did, per session: every bad input is counted here and nowhere thrown.
 * Plain fields, written on the session executor only.
 */
public final class AudioCounters {
    /** Audio RTP from a participant that is not connected, or whose answer does not send audio. */
    long unknownSender;
    /** Shorter than an RTP header, not RTP version 2, too long, or CSRC/extension/padding lengths that overrun. */
    long malformedRtp;
    /** A payload type the participant's answer did not accept for Opus. */
    long unknownPayloadType;
    /** An RFC 6464 extension whose elements overrun the extension block. */
    long malformedExtension;
    /** Payloads that break Opus framing (RFC 6716 §3.4), or that libopus refused to decode. */
    long malformedOpus;
    /** Well-formed Opus packets of another duration than the mixer's 20 ms frame. */
    long unsupportedDuration;
    /** Packets that arrived after their playout time, or twice. */
    long late;
    long duplicate;
    /** Sequence numbers far outside the reordering window (RFC 3550 A.1); the second in a row restarts the input. */
    long sequenceJump;
    /** A sender's SSRC changed, so its jitter buffer restarted. */
    long ssrcChange;
    /** Frames concealed (the decoder's pitch repetition). */
    long concealed;
    /** Input frames not decoded because their RFC 6464 level said silence. */
    long skippedSilent;
    /** Input frames decoded. */
    long decoded;
    /** Mixes encoded (one per distinct set of active sources per tick). */
    long encoded;
    /** Packets sent to listeners with a source's payload forwarded as it came. */
    long forwarded;
    /**
     * Frames of a lone talker that were lost, passed on to its listeners as a gap in their sequence numbers (their
     * own decoders conceal them); one per listener.
     */
    long lostForwarded;
    /** Packets a listener's MediaOut refused. */
    long refused;
}
