package io.storagesession.mixer;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.storagesession.codecs.Opus;
import io.storagesession.codecs.OpusDecoder;
import io.storagesession.codecs.Tone;
import io.storagesession.media.MediaKind;
import io.storagesession.media.OfferCodecs;
import io.storagesession.media.ParticipantId;
import io.storagesession.media.testing.RecordingOut;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A four-party session mixed with real libopus: the master and three viewers each send a tone of their own, and what
 * each listener receives is decoded and taken apart by frequency.
 */
class AudioMixerTest {
    static final AudioSettings SETTINGS = AudioSettings.from(ConfigFactory.defaultReference());
    private static final double[] TONES = {300, 500, 700, 900};
    private static final int TICKS = 100;
    /** Frames analysed at the end of a run, once jitter buffers and codecs settled. */
    private static final int ANALYSED = 40;
    private static final double HEARD = Talker.AMPLITUDE * 0.3;
    private static final double NOT_HEARD = Talker.AMPLITUDE * 0.03;
    private static final long TICK_NANOS = 20_000_000L;

    private final AudioMixer mixer = new AudioMixer(SETTINGS);
    private final ParticipantId[] ids = {ParticipantId.MASTER, ParticipantId.viewer("a"), ParticipantId.viewer("b"),
            ParticipantId.viewer("c")};
    private final RecordingOut[] outs = {RecordingOut.master(100), RecordingOut.viewer(200), RecordingOut.viewer(300),
            RecordingOut.viewer(400)};
    private final Talker[] talkers = new Talker[4];
    private final List<short[]> recordedPcm = new ArrayList<>();
    private final List<byte[]> recordedOpus = new ArrayList<>();
    private long now;

    @BeforeEach
    void connect() {
        for (int i = 0; i < ids.length; i++) {
            mixer.connected(ids[i], outs[i]);
            talkers[i] = new Talker(TONES[i], 0x1000 + i);
        }
    }

    @AfterEach
    void close() {
        mixer.close();
        mixer.close();
        for (Talker talker : talkers) {
            talker.close();
        }
    }

    /** One 20 ms step: each participant with a level sends a packet (null level: sends nothing), then the tick. */
    private void step(Integer... levels) {
        for (int i = 0; i < ids.length; i++) {
            if (levels[i] != null) {
                byte[] packet = talkers[i].next(levels[i]);
                mixer.rtp(ids[i], MediaKind.AUDIO, packet, 0, packet.length);
            }
        }
        now += TICK_NANOS;
        mixer.tick(now);
    }

    private void record() {
        mixer.subscribe((nanoTime, ntp, masterTimestamp, pcm, opus, off, len) -> {
            recordedPcm.add(pcm.clone());
            recordedOpus.add(Arrays.copyOfRange(opus, off, off + len));
        });
    }

    private static double level(short[] pcm, double hz) {
        return Tone.amplitude(Tone.power(pcm, 0, pcm.length, hz));
    }

    private static void assertHearsExactly(short[] pcm, boolean[] expected, String who) {
        for (int i = 0; i < TONES.length; i++) {
            if (expected[i]) {
                assertThat(level(pcm, TONES[i])).as("%s hears %s Hz", who, TONES[i]).isGreaterThan(HEARD);
            } else {
                assertThat(level(pcm, TONES[i])).as("%s does not hear %s Hz", who, TONES[i]).isLessThan(NOT_HEARD);
            }
        }
    }

    @Test
    void everyListenerHearsEveryoneButItselfAndTheRecordingHearsAll() {
        record();
        for (int t = 0; t < TICKS; t++) {
            step(Talker.LOUD, Talker.LOUD, Talker.LOUD, Talker.LOUD);
        }
        for (int i = 0; i < ids.length; i++) {
            boolean[] expected = {true, true, true, true};
            expected[i] = false;
            assertHearsExactly(Heard.of(outs[i].rtp).last(ANALYSED), expected, ids[i].toString());
            Heard.assertContinuous(outs[i].rtp, outs[i].audioSsrc(), OfferCodecs.OPUS_PAYLOAD_TYPE);
            assertThat(outs[i].rtpKinds).containsOnly(MediaKind.AUDIO);
        }
        boolean[] all = {true, true, true, true};
        short[] pcm = new short[ANALYSED * Opus.FRAME_SAMPLES];
        for (int i = 0; i < ANALYSED; i++) {
            System.arraycopy(recordedPcm.get(recordedPcm.size() - ANALYSED + i), 0, pcm, i * Opus.FRAME_SAMPLES,
                    Opus.FRAME_SAMPLES);
        }
        assertHearsExactly(pcm, all, "the recording's PCM");
        assertThat(recordedPcm).hasSize(TICKS);
        try (OpusDecoder decoder = new OpusDecoder()) {
            short[] frame = new short[Opus.FRAME_SAMPLES];
            for (int i = 0; i < recordedOpus.size(); i++) {
                byte[] opus = recordedOpus.get(i);
                assertThat(decoder.decode(opus, 0, opus.length, frame)).isEqualTo(Opus.FRAME_SAMPLES);
                if (i >= recordedOpus.size() - ANALYSED) {
                    System.arraycopy(frame, 0, pcm, (i - recordedOpus.size() + ANALYSED) * Opus.FRAME_SAMPLES,
                            Opus.FRAME_SAMPLES);
                }
            }
        }
        assertHearsExactly(pcm, all, "the recording's Opus");
        assertThat(mixer.counters.encoded).as("four distinct listener mixes and the full mix per tick")
                .isLessThanOrEqualTo(5L * TICKS);
    }

    @Test
    void aLoneTalkerIsForwardedByteForByteAndHearsNothing() {
        record();
        for (int t = 0; t < TICKS; t++) {
            step(Talker.LOUD, AudioLevel.SILENCE, AudioLevel.SILENCE, AudioLevel.SILENCE);
        }
        assertThat(outs[0].rtp).as("the master hears silent viewers as nothing").isEmpty();
        List<byte[]> sent = talkers[0].payloads;
        for (int v = 1; v < ids.length; v++) {
            Heard heard = Heard.of(outs[v].rtp);
            int delay = sent.size() - heard.payloads.size();
            assertThat(delay).as("jitter buffer start depth").isEqualTo(SETTINGS.jitterStartDepth() - 1);
            for (int i = 0; i < heard.payloads.size(); i++) {
                assertThat(heard.payloads.get(i)).as("payload %d", i).isEqualTo(sent.get(i));
            }
            Heard.assertContinuous(outs[v].rtp, outs[v].audioSsrc(), OfferCodecs.OPUS_PAYLOAD_TYPE);
        }
        assertThat(mixer.counters.encoded).as("only the recording's silent first tick, before the talker played")
                .isEqualTo(SETTINGS.jitterStartDepth() - 1);
        assertThat(mixer.counters.skippedSilent).as("silent viewers not decoded").isGreaterThan(0);
        assertThat(recordedOpus.get(recordedOpus.size() - 1)).as("the recording gets the talker's payload too")
                .isEqualTo(sent.get(sent.size() - SETTINGS.jitterStartDepth()));
    }

    @Test
    void listenersWithTheSameMixGetTheSameEncodedPacketMadeOncePerTick() {
        for (int t = 0; t < TICKS; t++) {
            step(Talker.LOUD, Talker.LOUD, AudioLevel.SILENCE, AudioLevel.SILENCE);
        }
        // master hears viewer a alone and viewer a hears the master alone: both forwarded; b and c share {master, a}
        assertThat(mixer.counters.encoded).isEqualTo(outs[2].rtp.size());
        Heard b = Heard.of(outs[2].rtp);
        Heard c = Heard.of(outs[3].rtp);
        assertThat(b.payloads).hasSameSizeAs(c.payloads);
        for (int i = 0; i < b.payloads.size(); i++) {
            assertThat(b.payloads.get(i)).isEqualTo(c.payloads.get(i));
        }
        assertHearsExactly(b.last(ANALYSED), new boolean[] {true, true, false, false}, "viewer b");
        assertThat(Heard.of(outs[0].rtp).payloads.get(10)).isEqualTo(talkers[1].payloads.get(10));
    }

    @Test
    void fivePercentLossOfATalkerInAMixIsConcealedWithoutGapsOfSilence() {
        Random random = new Random(42);
        int lost = 0;
        for (int t = 0; t < 3 * TICKS; t++) {
            byte[] packet = talkers[0].next(Talker.LOUD);
            if (random.nextInt(100) < 5) {
                lost++;
            } else {
                mixer.rtp(ids[0], MediaKind.AUDIO, packet, 0, packet.length);
            }
            // viewer a talks too, so viewer b hears a mix the mixer must conceal the master's losses in (a lone
            // talker's losses go to its listeners as they are: LoneTalkerTest)
            byte[] other = talkers[1].next(Talker.LOUD);
            mixer.rtp(ids[1], MediaKind.AUDIO, other, 0, other.length);
            now += TICK_NANOS;
            mixer.tick(now);
        }
        assertThat(lost).isGreaterThan(5);
        assertThat(mixer.counters.concealed).isEqualTo(lost);
        List<byte[]> received = outs[2].rtp;
        assertThat(received).as("one packet per tick once playing, lost ones included")
                .hasSize(3 * TICKS - SETTINGS.jitterStartDepth() + 1);
        Heard.assertContinuous(received, outs[2].audioSsrc(), OfferCodecs.OPUS_PAYLOAD_TYPE);
        Heard heard = Heard.of(received);
        double quietest = Double.MAX_VALUE;
        for (int i = 5; i < heard.frames.size(); i++) {
            for (int q = 0; q < 4; q++) {
                quietest = Math.min(quietest, Math.sqrt(Tone.total(heard.frames.get(i), q * 240, 240)));
            }
        }
        System.out.printf("5 %% loss: %d lost, %d concealed, quietest 5 ms of the output %.0f RMS%n", lost,
                mixer.counters.concealed, quietest);
        for (int i = 5; i < heard.frames.size(); i++) {
            short[] frame = heard.frames.get(i);
            for (int q = 0; q < 4; q++) {
                assertThat(Math.sqrt(Tone.total(frame, q * 240, 240))).as("frame %d quarter %d", i, q)
                        .isGreaterThan(Talker.AMPLITUDE * 0.01);
            }
        }
        short[] pcm = heard.last(heard.frames.size() - 5);
        assertThat(Tone.amplitude(Tone.power(pcm, 0, pcm.length, TONES[0]))).as("the master stays heard")
                .isGreaterThan(Talker.AMPLITUDE * 0.3);
    }

    @Test
    void aParticipantLeavingMidMixIsNoLongerHeardAndNoLongerServed() {
        for (int t = 0; t < TICKS / 2; t++) {
            step(Talker.LOUD, Talker.LOUD, Talker.LOUD, AudioLevel.SILENCE);
        }
        mixer.disconnected(ids[2]);
        int servedBefore = outs[2].rtp.size();
        int masterBefore = outs[0].rtp.size();
        for (int t = 0; t < TICKS; t++) {
            step(Talker.LOUD, Talker.LOUD, null, AudioLevel.SILENCE);
            byte[] stray = talkers[2].next(Talker.LOUD);
            mixer.rtp(ids[2], MediaKind.AUDIO, stray, 0, stray.length);
        }
        assertThat(outs[2].rtp).hasSize(servedBefore);
        assertThat(mixer.counters.unknownSender).isEqualTo(TICKS);
        List<byte[]> after = outs[0].rtp.subList(masterBefore, outs[0].rtp.size());
        Heard.assertContinuous(outs[0].rtp, outs[0].audioSsrc(), OfferCodecs.OPUS_PAYLOAD_TYPE);
        assertHearsExactly(Heard.of(after).last(ANALYSED), new boolean[] {false, true, false, false}, "the master");
        assertHearsExactly(Heard.of(outs[3].rtp).last(ANALYSED), new boolean[] {true, true, false, false}, "viewer c");
    }

    @Test
    void aTalkSpurtAfterSilenceStartsWithAMarkerAndTheClockKeptRunning() {
        for (int t = 0; t < 30; t++) {
            step(Talker.LOUD, AudioLevel.SILENCE, AudioLevel.SILENCE, AudioLevel.SILENCE);
        }
        for (int t = 0; t < 30; t++) {
            step(AudioLevel.SILENCE, AudioLevel.SILENCE, AudioLevel.SILENCE, AudioLevel.SILENCE);
        }
        for (int t = 0; t < 30; t++) {
            step(Talker.LOUD, Talker.LOUD, AudioLevel.SILENCE, AudioLevel.SILENCE);
        }
        // viewer b heard: the master forwarded, a gap, then master and a encoded: one continuous RTP stream
        Heard.assertContinuous(outs[2].rtp, outs[2].audioSsrc(), OfferCodecs.OPUS_PAYLOAD_TYPE);
        long spurts = outs[2].rtp.stream().filter(p -> (p[1] & 0x80) != 0).count();
        assertThat(spurts).isEqualTo(2);
    }
}
