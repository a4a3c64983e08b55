package io.storagesession.mixer;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.codecs.Opus;
import io.storagesession.codecs.Tone;
import io.storagesession.codecs.rtp.Bytes;
import io.storagesession.media.MediaKind;
import io.storagesession.media.ParticipantId;
import io.storagesession.media.testing.RecordingOut;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Bad audio from a participant is dropped and counted, never thrown, and the session keeps mixing: after each kind of
 * hostile packet the master's tone still reaches the viewer.
 */
class HostileAudioInputTest {
    private final AudioMixer mixer = new AudioMixer(AudioMixerTest.SETTINGS);
    private final RecordingOut master = RecordingOut.master(100);
    private final RecordingOut viewer = RecordingOut.viewer(200);
    private final ParticipantId a = ParticipantId.viewer("a");
    private final Talker masterTalker = new Talker(400, 0x10);
    private final Talker viewerTalker = new Talker(600, 0x20);

    @AfterEach
    void close() {
        mixer.close();
        masterTalker.close();
        viewerTalker.close();
    }

    /** The viewer sends {@code hostile(packet)} each tick while the master talks; returns the viewer's counters. */
    private AudioCounters run(Consumer<byte[]> hostile) {
        mixer.connected(ParticipantId.MASTER, master);
        mixer.connected(a, viewer);
        for (int t = 0; t < 60; t++) {
            byte[] good = masterTalker.next(Talker.LOUD);
            mixer.rtp(ParticipantId.MASTER, MediaKind.AUDIO, good, 0, good.length);
            byte[] packet = viewerTalker.next(Talker.LOUD);
            hostile.accept(packet);
            mixer.tick(t * 20_000_000L);
        }
        Heard heard = Heard.of(viewer.rtp);
        short[] pcm = heard.last(30);
        assertThat(Tone.amplitude(Tone.power(pcm, 0, pcm.length, 400))).as("the master is still heard")
                .isGreaterThan(Talker.AMPLITUDE * 0.3);
        return mixer.counters;
    }

    private void send(byte[] packet, int len) {
        mixer.rtp(a, MediaKind.AUDIO, packet, 0, len);
    }

    @Test
    void truncatedPacketsAreMalformed() {
        AudioCounters counters = run(p -> {
            send(p, 11);
            send(p, 0);
            send(p, 15);
        });
        // 11 and 0: shorter than a header; 15: the extension header says 1 word past the end
        assertThat(counters.malformedRtp).isEqualTo(3 * 60);
        assertThat(master.rtp).isEmpty();
    }

    @Test
    void unknownPayloadTypesAreCounted() {
        AudioCounters counters = run(p -> {
            p[1] = 96;
            send(p, p.length);
        });
        assertThat(counters.unknownPayloadType).isEqualTo(60);
    }

    @Test
    void paddingOrExtensionLengthsThatOverrunAreMalformed() {
        AudioCounters counters = run(p -> {
            byte[] padded = p.clone();
            padded[0] |= 0x20;
            padded[padded.length - 1] = (byte) 250;
            send(padded, padded.length);
            byte[] longExtension = p.clone();
            Bytes.writeShort(longExtension, 14, 400);
            send(longExtension, longExtension.length);
            byte[] csrcs = p.clone();
            csrcs[0] |= 0x0F;
            send(csrcs, 40);
            byte[] element = p.clone();
            element[16] = (byte) (1 << 4 | 7);
            send(element, element.length);
        });
        assertThat(counters.malformedRtp).isEqualTo(3 * 60);
        assertThat(counters.malformedExtension).isEqualTo(60);
    }

    @Test
    void garbageOpusIsDroppedOrConcealed() {
        Random random = new Random(7);
        AudioCounters counters = run(p -> {
            byte[] garbage = Arrays.copyOf(p, 20 + 1 + random.nextInt(200));
            byte[] noise = new byte[garbage.length - 20];
            random.nextBytes(noise);
            System.arraycopy(noise, 0, garbage, 20, noise.length);
            send(garbage, garbage.length);
        });
        // random bytes rarely frame as a 20 ms packet; those that do may still decode (libopus accepts much noise)
        assertThat(counters.malformedOpus + counters.unsupportedDuration).isGreaterThan(30);
    }

    @Test
    void absurdSequenceJumpsAreDroppedUntilTheyBecomeAStream() {
        int[] tick = {0};
        AudioCounters counters = run(p -> {
            if (tick[0]++ % 2 == 1) {
                Bytes.writeShort(p, 2, (Bytes.readInt(p, 0) & 0xFFFF) + 30_000);
            }
            send(p, p.length);
        });
        assertThat(counters.sequenceJump).isGreaterThan(20);
        byte[] late = viewerTalker.next(Talker.LOUD);
        Bytes.writeShort(late, 2, 5);
        send(late, late.length);
        assertThat(counters.sequenceJump + counters.late).isGreaterThan(20);
    }

    @Test
    void aSenderThatIsNotConnectedOrSendsVideoIsIgnored() {
        AudioCounters counters = run(p -> {
            mixer.rtp(ParticipantId.viewer("stranger"), MediaKind.AUDIO, p, 0, p.length);
            mixer.rtp(a, MediaKind.VIDEO, p, 0, p.length);
        });
        assertThat(counters.unknownSender).isEqualTo(60);
        assertThat(master.rtp).isEmpty();
    }

    @Test
    void randomBytesNeverThrow() {
        Random random = new Random(11);
        byte[] noise = new byte[Opus.MAX_PACKET_BYTES + 100];
        run(p -> {
            for (int i = 0; i < 20; i++) {
                random.nextBytes(noise);
                noise[0] = (byte) (0x80 | (noise[0] & 0x3F));
                send(noise, random.nextInt(noise.length));
            }
        });
    }
}
