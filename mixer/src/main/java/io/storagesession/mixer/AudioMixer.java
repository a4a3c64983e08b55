package io.storagesession.mixer;

import io.storagesession.codecs.Opus;
import io.storagesession.codecs.SenderReportClock;
import io.storagesession.codecs.rtp.RtcpCompound;
import io.storagesession.media.Direction;
import io.storagesession.media.MediaKind;
import io.storagesession.media.MediaOut;
import io.storagesession.media.MediaPlane;
import io.storagesession.media.MixReader;
import io.storagesession.media.ParticipantId;
import io.storagesession.media.RtpParameters;
import io.storagesession.metrics.CounterExport;

/**
 * The audio half of the media plane (ARCHITECTURE.md "Media rules"): every participant whose answer sends audio is an
 * input, every one whose answer receives audio is a listener, and on each 20 ms {@link #tick} each listener gets the
 * mix of everyone who talks except itself — the master hears the viewers, a viewer hears the master and the other
 * viewers — while a registered {@link MixReader} gets everyone.
 *
 * <p>What it costs is decided per tick by the set of talkers, a bitmask over participant slots. Inputs silent by
 * their RFC 6464 level are left out ({@link MixInput}). A listener with no talker gets nothing; with exactly one,
 * that talker's Opus payload as it came (and, when that talker's frame is lost, a gap in its own sequence numbers, so
 * the listener's decoder conceals it as it would a forwarded stream's loss); otherwise the encoded mix of its set
 * ({@link MixEncoder}), made once per tick for all listeners (and the recording) with the same set. Only inputs in
 * such a mix, or heard alone by a recording that needs PCM (AAC), are decoded: with one talker nothing is decoded or
 * encoded for the listeners. Summing goes through a {@link SoftLimiter}.
 *
 * <p>Confined to the session executor; no locks, no threads of its own. State lives in arrays indexed by slot, and
 * the per-tick path allocates nothing once every mix in use has its encoder. Video is ignored.
 */
public final class AudioMixer implements MediaPlane {
    /** One 20 ms frame in NTP's 32-bit fraction of a second. */
    private static final long FRAME_NTP = ((long) Opus.FRAME_SAMPLES << Integer.SIZE) / Opus.SAMPLE_RATE;
    private final AudioSettings settings;
    private final SoftLimiter limiter;
    final AudioCounters counters = new AudioCounters();
    private final ParticipantId[] participants;
    private final MixInput[] inputs;
    private final ListenerAudio[] listeners;
    /** By bitmask of the talkers in the mix; made on first use. */
    private final MixEncoder[] mixes;
    private final short[] silence = new short[Opus.FRAME_SAMPLES];
    private final CounterExport export;
    private MixReader recording;
    /** The RTP timestamp of the master's frame this tick plays, for the recorder; see {@link MixReader}. */
    private long masterTimestamp = MixReader.NO_TIMESTAMP;
    /** The master's NTP time (RFC 5905 format) of this tick's audio, or {@link SenderReportClock#UNKNOWN}. */
    private long clockNtp = SenderReportClock.UNKNOWN;
    private long ticks;
    private boolean closed;

    public AudioMixer(AudioSettings settings) {
        this(settings, CounterExport.NONE);
    }

    /** @param export where this session's {@link AudioCounters} are published (one per session) */
    public AudioMixer(AudioSettings settings, CounterExport export) {
        this.export = export;
        this.settings = settings;
        this.limiter = new SoftLimiter(settings.limiterKneeDbfs());
        this.participants = new ParticipantId[settings.maxParticipants()];
        this.inputs = new MixInput[settings.maxParticipants()];
        this.listeners = new ListenerAudio[settings.maxParticipants()];
        this.mixes = new MixEncoder[1 << settings.maxParticipants()];
    }

    /** Starts (or, with {@code null}, stops) delivering the full mix to the recorder. */
    public void subscribe(MixReader sink) {
        this.recording = sink;
    }

    @Override
    public void connected(ParticipantId participant, MediaOut out) {
        if (closed) {
            return;
        }
        disconnected(participant);
        int slot = freeSlot();
        if (slot < 0) {
            return;
        }
        RtpParameters answer = out.audioParameters();
        if (answer == null) {
            return;
        }
        participants[slot] = participant;
        Direction direction = answer.direction();
        if (direction == Direction.SENDRECV || direction == Direction.SENDONLY) {
            inputs[slot] = new MixInput(answer, settings, counters);
        }
        if (direction == Direction.SENDRECV || direction == Direction.RECVONLY) {
            listeners[slot] = new ListenerAudio(out, counters);
        }
    }

    @Override
    public void disconnected(ParticipantId participant) {
        int slot = slotOf(participant);
        if (slot < 0) {
            return;
        }
        participants[slot] = null;
        listeners[slot] = null;
        if (inputs[slot] != null) {
            inputs[slot].close();
            inputs[slot] = null;
        }
        // mixes that contained this slot would continue another participant's stream: start them afresh
        for (int mask = 0; mask < mixes.length; mask++) {
            if ((mask & (1 << slot)) != 0 && mixes[mask] != null) {
                mixes[mask].close();
                mixes[mask] = null;
            }
        }
    }

    @Override
    public void rtp(ParticipantId from, MediaKind kind, byte[] buf, int off, int len) {
        if (kind != MediaKind.AUDIO || closed) {
            return;
        }
        if (recording != null && from.isMaster()) {
            recording.masterAudio(buf, off, len);
        }
        int slot = slotOf(from);
        if (slot < 0 || inputs[slot] == null) {
            counters.unknownSender++;
            return;
        }
        inputs[slot].receive(buf, off, len);
    }

    /**
     * Takes the sender reports of talkers (RFC 3550 §6.4.1): the master's give the mixes their timeline. The
     * session already checked that the compound's lengths add up; receiver reports and feedback are not needed.
     */
    @Override
    public void rtcp(ParticipantId from, RtcpCompound rtcp) {
        int slot = slotOf(from);
        if (closed || slot < 0 || inputs[slot] == null) {
            return;
        }
        for (int packet = 0; packet < rtcp.count(); packet++) {
            if (rtcp.senderReport(packet)) {
                inputs[slot].senderReport(rtcp.senderSsrc(packet), rtcp.senderNtp(packet),
                        rtcp.senderRtpTimestamp(packet));
            }
        }
    }

    @Override
    public void tick(long nanoTime) {
        if (closed) {
            return;
        }
        export.tick(counters, nanoTime);
        ticks++;
        int talkers = 0;
        int packets = 0;
        for (int slot = 0; slot < inputs.length; slot++) {
            if (inputs[slot] != null) {
                int state = inputs[slot].pull(ticks);
                if (state != MixInput.SILENT) {
                    talkers |= 1 << slot;
                }
                if (state == MixInput.PACKET) {
                    packets |= 1 << slot;
                }
            }
        }
        advanceClock();
        for (int slot = 0; slot < listeners.length; slot++) {
            ListenerAudio listener = listeners[slot];
            if (listener != null) {
                hear(listener, talkers & ~(1 << slot), packets);
                if (clockNtp != SenderReportClock.UNKNOWN) {
                    listener.report(nanoTime, clockNtp, settings.senderReportInterval().toNanos());
                }
                listener.advance();
            }
        }
        if (recording != null) {
            deliverRecording(nanoTime, talkers, packets);
        }
    }

    /**
     * The master's NTP time of this tick's audio: from the master's own frame when one plays, carried on one frame per
     * tick otherwise; unknown until the master sent a sender report.
     */
    private void advanceClock() {
        long ntp = SenderReportClock.UNKNOWN;
        masterTimestamp = MixReader.NO_TIMESTAMP;
        for (int slot = 0; slot < inputs.length; slot++) {
            if (inputs[slot] != null && participants[slot].isMaster()) {
                ntp = inputs[slot].playedNtp();
                masterTimestamp = inputs[slot].playedTimestamp();
            }
        }
        if (ntp != SenderReportClock.UNKNOWN) {
            clockNtp = ntp;
        } else if (clockNtp != SenderReportClock.UNKNOWN) {
            clockNtp += FRAME_NTP;
        }
    }

    /** One listener's packet for this tick: nothing, a forwarded payload (or its loss), or the shared encoded mix. */
    private void hear(ListenerAudio listener, int mask, int packets) {
        if (mask == 0) {
            listener.silent();
            return;
        }
        if (Integer.bitCount(mask) == 1) {
            if ((packets & mask) != 0) {
                MixInput talker = inputs[Integer.numberOfTrailingZeros(mask)];
                listener.send(talker.payload(), talker.payloadOffset(), talker.payloadLength(), talker.level());
                counters.forwarded++;
            } else {
                listener.lost();
                counters.lostForwarded++;
            }
            return;
        }
        MixEncoder mix = mix(mask);
        if (mix == null) {
            listener.silent();
            return;
        }
        listener.send(mix.packet, 0, mix.length, mix.level);
    }

    private void deliverRecording(long nanoTime, int talkers, int packets) {
        if (Integer.bitCount(talkers) == 1 && (packets & talkers) != 0) {
            MixInput talker = inputs[Integer.numberOfTrailingZeros(talkers)];
            short[] pcm = recording.needsPcm() ? talker.pcm() : silence;
            if (pcm != null) {
                recording.mixed(nanoTime, clockNtp, masterTimestamp, pcm, talker.payload(), talker.payloadOffset(),
                        talker.payloadLength());
                return;
            }
        }
        MixEncoder mix = mix(talkers);
        if (mix != null) {
            recording.mixed(nanoTime, clockNtp, masterTimestamp, talkers == 0 ? silence : mix.pcm, mix.packet, 0, mix.length);
        }
    }

    /** The mix of {@code mask} for this tick, made once; {@code null} when it could not be encoded. */
    private MixEncoder mix(int mask) {
        MixEncoder mix = mixes[mask];
        if (mix == null) {
            mix = new MixEncoder(settings.encoder());
            mixes[mask] = mix;
        }
        if (!mix.madeIn(ticks)) {
            mix.make(ticks, mask, inputs, limiter, counters);
        }
        return mix.length > 0 ? mix : null;
    }

    private int slotOf(ParticipantId participant) {
        for (int slot = 0; slot < participants.length; slot++) {
            ParticipantId p = participants[slot];
            if (p == participant || (p != null && p.equals(participant))) {
                return slot;
            }
        }
        return -1;
    }

    private int freeSlot() {
        for (int slot = 0; slot < participants.length; slot++) {
            if (participants[slot] == null) {
                return slot;
            }
        }
        return -1;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        export.flush(counters);
        closed = true;
        for (int slot = 0; slot < participants.length; slot++) {
            if (participants[slot] != null) {
                disconnected(participants[slot]);
            }
        }
        for (int mask = 0; mask < mixes.length; mask++) {
            if (mixes[mask] != null) {
                mixes[mask].close();
                mixes[mask] = null;
            }
        }
        recording = null;
    }
}
