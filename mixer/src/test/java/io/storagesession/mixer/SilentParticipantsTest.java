package io.storagesession.mixer;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.codecs.Tone;
import io.storagesession.codecs.rtp.RtcpCompound;
import io.storagesession.media.Direction;
import io.storagesession.media.MediaKind;
import io.storagesession.media.OfferCodecs;
import io.storagesession.media.ParticipantId;
import io.storagesession.media.testing.RecordingOut;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Participants whose answers send no audio (KVS-WIRE.md §3): a video-only master (audio recvonly or inactive) and a
 * viewer that only listens (audio recvonly). They are listeners or nothing, never inputs: they hear the others as
 * their answer asks, nobody waits for their audio, and their silence is not counted as bad input.
 */
class SilentParticipantsTest {
    private static final int TICKS = 100;
    private static final int ANALYSED = 40;
    private static final long TICK_NANOS = 20_000_000L;
    private static final double A_HZ = 500;
    private static final double C_HZ = 900;
    private static final double HEARD = Talker.AMPLITUDE * 0.3;
    private static final double NOT_HEARD = Talker.AMPLITUDE * 0.03;

    private final AudioMixer mixer = new AudioMixer(AudioMixerTest.SETTINGS);
    private final ParticipantId a = ParticipantId.viewer("a");
    private final ParticipantId listener = ParticipantId.viewer("listener");
    private final ParticipantId c = ParticipantId.viewer("c");
    private final Talker talkerA = new Talker(A_HZ, 0xA);
    private final Talker talkerC = new Talker(C_HZ, 0xC);
    private final List<short[]> recorded = new ArrayList<>();
    private long now;

    @AfterEach
    void close() {
        mixer.close();
        talkerA.close();
        talkerC.close();
    }

    private void talk(ParticipantId who, Talker talker) {
        byte[] packet = talker.next(Talker.LOUD);
        mixer.rtp(who, MediaKind.AUDIO, packet, 0, packet.length);
    }

    private void tick() {
        now += TICK_NANOS;
        mixer.tick(now);
    }

    private static double level(List<byte[]> rtp, double hz) {
        short[] pcm = Heard.of(rtp).last(ANALYSED);
        return Tone.amplitude(Tone.power(pcm, 0, pcm.length, hz));
    }

    @Test
    void aVideoOnlyMasterAndAListeningViewerHearTheTalkersAndAreNeverInputs() {
        RecordingOut master = new RecordingOut(100, Direction.SENDONLY, Direction.RECVONLY);
        RecordingOut quiet = new RecordingOut(300, Direction.RECVONLY, Direction.RECVONLY);
        RecordingOut outA = RecordingOut.viewer(200);
        RecordingOut outC = RecordingOut.viewer(400);
        mixer.connected(ParticipantId.MASTER, master);
        mixer.connected(listener, quiet);
        mixer.connected(a, outA);
        mixer.connected(c, outC);
        mixer.subscribe((nanoTime, ntp, masterTimestamp, pcm, opus, off, len) -> recorded.add(pcm.clone()));
        for (int t = 0; t < TICKS; t++) {
            talk(a, talkerA);
            talk(c, talkerC);
            // the silent ones send receiver reports only, as libwebrtc's recvonly transceivers do
            byte[] report = receiverReport(0x1);
            mixer.rtcp(ParticipantId.MASTER, RtcpCompound.of(report, 0, report.length));
            mixer.rtcp(listener, RtcpCompound.of(report, 0, report.length));
            tick();
        }
        for (RecordingOut out : List.of(master, quiet)) {
            assertThat(level(out.rtp, A_HZ)).isGreaterThan(HEARD);
            assertThat(level(out.rtp, C_HZ)).isGreaterThan(HEARD);
            Heard.assertContinuous(out.rtp, out.audioSsrc(), OfferCodecs.OPUS_PAYLOAD_TYPE);
        }
        assertThat(level(outA.rtp, C_HZ)).isGreaterThan(HEARD);
        assertThat(level(outA.rtp, A_HZ)).as("a does not hear itself").isLessThan(NOT_HEARD);
        assertThat(level(outC.rtp, A_HZ)).isGreaterThan(HEARD);
        assertThat(recorded).as("the recording gets the talkers' mix every tick").hasSize(TICKS);
        assertThat(mixer.counters.unknownSender).as("silence is not bad input").isZero();
        assertThat(mixer.counters.malformedRtp).isZero();
    }

    @Test
    void aMasterWithInactiveAudioGetsNoAudioWhileTheViewersStillHearEachOther() {
        RecordingOut master = new RecordingOut(100, Direction.SENDONLY, Direction.INACTIVE);
        RecordingOut outA = RecordingOut.viewer(200);
        RecordingOut outC = RecordingOut.viewer(400);
        mixer.connected(ParticipantId.MASTER, master);
        mixer.connected(a, outA);
        mixer.connected(c, outC);
        for (int t = 0; t < TICKS; t++) {
            talk(a, talkerA);
            talk(c, talkerC);
            tick();
        }
        assertThat(master.rtp).as("inactive: nothing is sent to the master").isEmpty();
        assertThat(level(outA.rtp, C_HZ)).isGreaterThan(HEARD);
        assertThat(level(outC.rtp, A_HZ)).isGreaterThan(HEARD);
        assertThat(mixer.counters.unknownSender).isZero();
    }

    @Test
    void aListeningViewerHearsTheMasterForwardedAsItCame() {
        RecordingOut master = RecordingOut.master(100);
        RecordingOut quiet = new RecordingOut(300, Direction.RECVONLY, Direction.RECVONLY);
        mixer.connected(ParticipantId.MASTER, master);
        mixer.connected(listener, quiet);
        for (int t = 0; t < TICKS; t++) {
            talk(ParticipantId.MASTER, talkerA);
            tick();
        }
        assertThat(level(quiet.rtp, A_HZ)).isGreaterThan(HEARD);
        assertThat(master.rtp).as("the master has nobody to hear").isEmpty();
        assertThat(mixer.counters.forwarded).as("one talker: forwarded, not re-encoded").isPositive();
        assertThat(mixer.counters.encoded).isZero();
    }

    /** An RTCP receiver report (RFC 3550 §6.4.2) with no report blocks. */
    private static byte[] receiverReport(int ssrc) {
        byte[] rr = new byte[8];
        rr[0] = (byte) 0x80;
        rr[1] = (byte) 201;
        rr[3] = 1;
        rr[7] = (byte) ssrc;
        return rr;
    }
}
