package io.storagesession.bench.session.peer;

import io.storagesession.bench.session.media.VoiceClip;
import io.storagesession.bench.session.sdp.Offer;
import io.storagesession.codecs.rtp.AudioLevelExtension;
import io.storagesession.codecs.rtp.Rtp;

/**
 * A participant's microphone: one Opus packet every 20 ms (48 kHz clock, RFC 7587 §4.1), with the RFC 6464 audio
 * level of the PCM it was encoded from when the offer gave the extension an id. A talker loops over the speech
 * packets; a participant that does not talk sends encoded silence at level 127 (what a muted browser sends, and what
 * the server's mixer skips without decoding).
 */
final class AudioSender {
    /** RFC 6464 levels below this (louder) carry the voice-activity flag. */
    private static final int VOICE_LEVEL = 60;
    private static final int TICKS_PER_FRAME = 960;
    private static final double AUDIO_TICKS_PER_NANO = 48_000 / 1e9;

    private final VoiceClip voice;
    private boolean talks;
    private final int payloadType;
    private final int ssrc;
    private final int levelExtensionId;
    private int frame;
    private int sequence;
    private long timestamp;
    long packetsSent;

    AudioSender(VoiceClip voice, boolean talks, int payloadType, int ssrc, int levelExtensionId, int firstFrame,
                int firstSequence, long firstTimestamp) {
        this.voice = voice;
        this.talks = talks;
        this.payloadType = payloadType;
        this.ssrc = ssrc;
        this.levelExtensionId = levelExtensionId;
        this.frame = firstFrame % voice.frames();
        this.sequence = firstSequence & 0xFFFF;
        this.timestamp = firstTimestamp;
    }

    /** A sender for the offer's Opus type and audio-level id, starting at random points (RFC 3550 §5.1). */
    static AudioSender forOffer(VoiceClip voice, boolean talks, Offer offer, int ssrc) {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        return new AudioSender(voice, talks, offer.opusPayloadType(), ssrc, offer.audioLevelExtensionId(),
                random.nextInt(voice.frames()), random.nextInt(), random.nextInt() & 0xFFFF_FFFFL);
    }

    /** Switches between the speech packets and encoded silence from the next frame on (a talker switch). */
    void talk(boolean speech) {
        talks = speech;
    }

    /** The loop fell {@code nanos} behind: the microphone's clock moved on meanwhile (see {@link VideoSender#skip}). */
    void skip(long nanos) {
        timestamp += Math.round(nanos * AUDIO_TICKS_PER_NANO);
    }

    void sendFrame(PacketSink sink) {
        byte[] packet = talks ? voice.speech(frame) : voice.silence();
        int level = talks ? voice.speechLevel(frame) : VoiceClip.SILENCE_LEVEL;
        byte[] out = sink.buffer();
        int header = Rtp.writeHeader(out, PacketSink.OFFSET, false, payloadType, sequence, timestamp, ssrc);
        if (levelExtensionId > 0) {
            header += AudioLevelExtension.append(out, PacketSink.OFFSET, levelExtensionId, level < VOICE_LEVEL, level);
        }
        System.arraycopy(packet, 0, out, PacketSink.OFFSET + header, packet.length);
        sink.sendRtp(header + packet.length);
        packetsSent++;
        sequence = sequence + 1 & 0xFFFF;
        timestamp += TICKS_PER_FRAME;
        frame = frame + 1 == voice.frames() ? 0 : frame + 1;
    }
}
