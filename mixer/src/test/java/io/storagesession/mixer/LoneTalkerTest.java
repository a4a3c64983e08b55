package io.storagesession.mixer;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.codecs.Tone;
import io.storagesession.media.MediaKind;
import io.storagesession.media.MixReader;
import io.storagesession.media.ParticipantId;
import io.storagesession.media.testing.RecordingOut;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One talker at a time, the common case: its payloads go to its listeners as they came, and nothing is decoded or
 * encoded unless a mix of two or more, or a recording that encodes PCM itself, asks for it.
 */
class LoneTalkerTest {
    private static final int TICKS = 100;
    private static final int ANALYSED = 40;
    private static final long TICK_NANOS = 20_000_000L;
    private static final double MASTER_HZ = 500;
    private static final double VIEWER_HZ = 900;
    private static final double HEARD = Talker.AMPLITUDE * 0.3;
    private static final int SEQUENCE_MASK = 0xFFFF;

    private final AudioMixer mixer = new AudioMixer(AudioMixerTest.SETTINGS);
    private final ParticipantId a = ParticipantId.viewer("a");
    private final ParticipantId b = ParticipantId.viewer("b");
    private final Talker master = new Talker(MASTER_HZ, 0xA);
    private final Talker viewer = new Talker(VIEWER_HZ, 0xB);
    private final Talker quietA = new Talker(VIEWER_HZ, 0xC);
    private final Talker quietB = new Talker(VIEWER_HZ, 0xD);
    private final RecordingOut masterOut = RecordingOut.master(100);
    private final RecordingOut outA = RecordingOut.viewer(200);
    private final RecordingOut outB = RecordingOut.viewer(300);
    private long now;

    @AfterEach
    void close() {
        mixer.close();
        master.close();
        viewer.close();
        quietA.close();
        quietB.close();
    }

    private void connect() {
        mixer.connected(ParticipantId.MASTER, masterOut);
        mixer.connected(a, outA);
        mixer.connected(b, outB);
    }

    private void send(ParticipantId who, Talker talker, int level) {
        byte[] packet = talker.next(level);
        mixer.rtp(who, MediaKind.AUDIO, packet, 0, packet.length);
    }

    /** The master talks, both viewers send encoded silence with the RFC 6464 level of a muted microphone. */
    private void masterTalks() {
        send(ParticipantId.MASTER, master, Talker.LOUD);
        send(a, quietA, AudioLevel.SILENCE);
        send(b, quietB, AudioLevel.SILENCE);
    }

    private void tick() {
        now += TICK_NANOS;
        mixer.tick(now);
    }

    private static double level(List<byte[]> rtp, double hz) {
        short[] pcm = Heard.of(rtp).last(ANALYSED);
        return Tone.amplitude(Tone.power(pcm, 0, pcm.length, hz));
    }

    private static int sequence(byte[] rtp) {
        return ((rtp[2] & 0xFF) << 8) | (rtp[3] & 0xFF);
    }

    @Test
    void aLoneTalkerIsNeitherDecodedNorEncodedWhenTheRecordingKeepsItsOpus() {
        connect();
        List<byte[]> recordedOpus = new ArrayList<>();
        mixer.subscribe(new MixReader() {
            @Override
            public void mixed(long nanoTime, long ntp, long ts, short[] pcm, byte[] opus, int off, int len) {
                recordedOpus.add(Arrays.copyOfRange(opus, off, off + len));
            }

            @Override
            public boolean needsPcm() {
                return false;
            }
        });
        for (int t = 0; t < TICKS; t++) {
            masterTalks();
            tick();
        }
        assertThat(level(outA.rtp, MASTER_HZ)).isGreaterThan(HEARD);
        assertThat(level(outB.rtp, MASTER_HZ)).isGreaterThan(HEARD);
        assertThat(masterOut.rtp).as("the viewers are silent: the master hears nothing").isEmpty();
        assertThat(mixer.counters.decoded).as("nothing decoded").isZero();
        assertThat(mixer.counters.forwarded).isPositive();
        assertThat(recordedOpus).as("the recording gets a frame every tick").hasSize(TICKS);
        // ticks before the jitter buffer started are encoded silence; after it, the master's own payloads
        assertThat(mixer.counters.encoded).isLessThan(TICKS / 4);
    }

    @Test
    void aRecordingThatEncodesPcmGetsTheLoneTalkerDecoded() {
        connect();
        List<short[]> recorded = new ArrayList<>();
        mixer.subscribe((nanoTime, ntp, ts, pcm, opus, off, len) -> recorded.add(pcm.clone()));
        for (int t = 0; t < TICKS; t++) {
            masterTalks();
            tick();
        }
        assertThat(mixer.counters.decoded).isGreaterThan(TICKS / 2);
        short[] last = recorded.get(recorded.size() - 1);
        assertThat(Tone.amplitude(Tone.power(last, 0, last.length, MASTER_HZ))).isGreaterThan(HEARD);
        assertThat(level(outA.rtp, MASTER_HZ)).isGreaterThan(HEARD);
    }

    @Test
    void aSecondTalkerStartsTheMixAndOnlyThenDecoding() {
        connect();
        for (int t = 0; t < TICKS; t++) {
            masterTalks();
            tick();
        }
        assertThat(mixer.counters.decoded).isZero();
        for (int t = 0; t < TICKS; t++) {
            send(ParticipantId.MASTER, master, Talker.LOUD);
            send(a, viewer, Talker.LOUD);
            send(b, quietB, AudioLevel.SILENCE);
            tick();
        }
        assertThat(mixer.counters.decoded).as("b hears the master and a: both decoded").isGreaterThan(TICKS);
        assertThat(level(outB.rtp, MASTER_HZ)).isGreaterThan(HEARD);
        assertThat(level(outB.rtp, VIEWER_HZ)).isGreaterThan(HEARD);
        assertThat(level(masterOut.rtp, VIEWER_HZ)).as("the master hears a alone, forwarded").isGreaterThan(HEARD);
        Heard.assertContinuous(outB.rtp, outB.audioSsrc(), outB.audioParameters().payloadTypes().get(0));
    }

    @Test
    void aLoneTalkersLostFrameIsAGapInItsListenersSequenceNotAConcealedEncode() {
        connect();
        int lostAt = TICKS / 2;
        for (int t = 0; t < TICKS; t++) {
            if (t == lostAt) {
                master.next(Talker.LOUD);
                send(a, quietA, AudioLevel.SILENCE);
                send(b, quietB, AudioLevel.SILENCE);
            } else {
                masterTalks();
            }
            tick();
        }
        assertThat(mixer.counters.lostForwarded).as("one per listener: a and b").isEqualTo(2);
        assertThat(mixer.counters.concealed).isZero();
        assertThat(mixer.counters.decoded).isZero();
        int gaps = 0;
        for (int i = 1; i < outA.rtp.size(); i++) {
            int step = (sequence(outA.rtp.get(i)) - sequence(outA.rtp.get(i - 1))) & SEQUENCE_MASK;
            assertThat(step).isBetween(1, 2);
            gaps += step - 1;
        }
        assertThat(gaps).as("the loss shows as one missing sequence number").isEqualTo(1);
    }
}
