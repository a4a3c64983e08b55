package io.storagesession.codecs.h264;

/**
 * The whole receive path of one H.264 RTP stream, for the recorder: {@link VideoJitterBuffer} →
 * {@link H264Depacketizer} → {@link AccessUnitAssembler} → {@link AvcConfig}. The recorder feeds it packets as they
 * arrive and calls {@link #poll} from its tick; it gets whole access units in order, each with the parameter sets in
 * force and whether they just changed. {@link #keyframeNeeded()} tells it when to ask the master for a keyframe.
 * Allocates nothing per packet. Not thread-safe: one stream, one thread.
 */
public final class H264Receiver {
    /** What the recorder implements. */
    public interface Listener {
        /**
         * A whole access unit (a reused view, valid during the call). {@code configChanged} means the SPS or PPS
         * differs from the last access unit's: a new avcC, so a new track header, is due before it.
         */
        void accessUnit(AccessUnit unit, AvcConfig config, boolean configChanged);
    }

    private final H264Counters counters = new H264Counters();
    private final AvcConfig config = new AvcConfig(counters);
    private final AccessUnitAssembler assembler;
    private final H264Depacketizer depacketizer;
    private final VideoJitterBuffer jitter;

    public H264Receiver(H264Settings settings, Listener listener) {
        this.assembler = new AccessUnitAssembler(settings, counters, unit -> deliver(unit, listener));
        this.depacketizer = new H264Depacketizer(settings, counters, assembler);
        this.jitter = new VideoJitterBuffer(settings, counters, depacketizer);
    }

    /** A picture is no use to the recording before both parameter sets are known: the avcC record needs them. */
    private void deliver(AccessUnit unit, Listener listener) {
        boolean changed = config.accept(unit);
        if (!config.ready()) {
            counters.accessUnitsWithoutParameterSets++;
            return;
        }
        listener.accessUnit(unit, config, changed);
    }

    /** Only this RTP payload type is taken (the one the master answered for H.264). */
    public void expectPayloadType(int payloadType) {
        jitter.expectPayloadType(payloadType);
    }

    /** One RTP packet (decrypted) that arrived at {@code nowNanos}; returns a {@link VideoJitterBuffer} outcome. */
    public int receive(byte[] buf, int off, int len, long nowNanos) {
        return jitter.offer(buf, off, len, nowNanos);
    }

    /** Gives up on gaps that waited long enough, on the caller's clock. */
    public void poll(long nowNanos) {
        jitter.poll(nowNanos);
    }

    /** When {@link #poll} next has something to do, or {@link Long#MAX_VALUE}. */
    public long nextDeadlineNanos() {
        return jitter.nextDeadlineNanos();
    }

    /** A new master: everything held is dropped, and the next keyframe starts again. */
    public void reset() {
        jitter.reset();
        depacketizer.restarted();
    }

    /** Since the start or the last loss no keyframe came through: the recorder should send a PLI (rate-limited). */
    public boolean keyframeNeeded() {
        return assembler.keyframeNeeded() || !config.ready();
    }

    public AvcConfig config() {
        return config;
    }

    public H264Counters counters() {
        return counters;
    }
}
