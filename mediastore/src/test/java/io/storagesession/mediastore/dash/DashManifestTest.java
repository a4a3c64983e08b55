package io.storagesession.mediastore.dash;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.mediastore.archive.ArchivedFragmentInfo;
import io.storagesession.mediastore.archive.ArchivedTrack;
import io.storagesession.mediastore.hls.HlsSession;
import io.storagesession.mediastore.hls.StreamingSessions;
import io.storagesession.mediastore.store.TimestampKind;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * The MPD as XML, validated by {@link Mpd} against ISO/IEC 23009-1's structure for each kind of session: static on
 * demand from the first fragment to the end of the last, dynamic on epoch time for LIVE, dynamic from the session's
 * creation for LIVE_REPLAY and ended past its EndTimestamp; one AdaptationSet per track; a contiguous timeline however
 * the fragments lie (gaps, overlaps, repeats); the kvs:ts and kvs:fn attributes only when asked.
 */
class DashManifestTest {
    private static final long T0 = 1_763_800_000_000L;
    private static final long NOW = T0 + 3_600_000;
    private static final String ARN = "arn:aws:kinesisvideo:us-west-2:123456789012:stream/camera/1700000000000";
    private static final byte[] AVCC = {1, 0x42, (byte) 0xC0, 0x1E, (byte) 0xFF, (byte) 0xE0, 0};
    private static final ArchivedTrack VIDEO = ArchivedTrack.h264(1, AVCC, 640, 360);
    /** RFC 7845 §5.1: "OpusHead", version 1, 2 channels, pre-skip 312, 48 kHz, gain 0, mapping family 0. */
    private static final ArchivedTrack OPUS = ArchivedTrack.opus(2, new byte[] {'O', 'p', 'u', 's', 'H', 'e', 'a',
            'd', 1, 2,
        0x38, 1, (byte) 0x80, (byte) 0xBB, 0, 0, 0, 0, 0});
    private static final ArchivedTrack AAC = ArchivedTrack.aac(3, new byte[] {0x11, (byte) 0x90}, 48_000, 2);
    private static final DashSettings SETTINGS = new DashSettings(Duration.ofSeconds(2));
    private static final String TOKEN = "tok_EN-1";
    private static final long SERVER_SKEW = 700;

    private static ArchivedFragmentInfo fragment(long sequence, long producerMillis, long durationMillis) {
        return new ArchivedFragmentInfo(String.valueOf(91_343_852_333_181_432L + sequence), producerMillis,
                producerMillis + SERVER_SKEW, durationMillis, 250_000, sequence, 4);
    }

    private static HlsSession session(HlsSession.PlaybackMode mode, TimestampKind kind, long start, long end,
                                      boolean display) {
        return new HlsSession("camera", ARN, HlsSession.Protocol.DASH, mode, kind, start, end,
                HlsSession.ContainerFormat.FRAGMENTED_MP4, HlsSession.DiscontinuityMode.NEVER, display, display, 1000,
                NOW, NOW + 300_000);
    }

    private static Mpd render(HlsSession s, List<ArchivedFragmentInfo> fragments, boolean ended,
            List<ArchivedTrack> tracks)
            throws Exception {
        return Mpd.parse(DashManifest.render(s, new StreamingSessions.Window(fragments, ended), tracks, TOKEN, NOW,
                SETTINGS));
    }

    @Test
    void onDemandIsStaticFromTheFirstFragmentToTheEndOfTheLast() throws Exception {
        List<ArchivedFragmentInfo> fragments = List.of(fragment(0, T0, 1980), fragment(1, T0 + 2000, 1980),
                fragment(2, T0 + 4000, 1960));
        Mpd mpd = render(session(HlsSession.PlaybackMode.ON_DEMAND, TimestampKind.PRODUCER_TIMESTAMP, T0,
                T0 + 10_000, false), fragments, true, List.of(VIDEO, OPUS));

        assertThat(mpd.type).isEqualTo("static");
        assertThat(mpd.attribute("minimumUpdatePeriod")).isEmpty();
        assertThat(mpd.duration("mediaPresentationDuration")).isEqualTo(5960);
        assertThat(mpd.duration("minBufferTime")).as("the longest segment").isEqualTo(2000);
        Mpd.Adaptation video = mpd.of("video");
        assertThat(video.presentationTimeOffset()).isEqualTo(T0);
        assertThat(video.segments()).extracting(Mpd.Segment::t).containsExactly(T0, T0 + 2000, T0 + 4000);
        assertThat(video.segments()).extracting(Mpd.Segment::d).as("each segment reaches the next")
                .containsExactly(2000L, 2000L, 1960L);
        assertThat(video.segments()).extracting(Mpd.Segment::kvsTimestamp).containsOnlyNulls();
        assertThat(video.segments()).extracting(Mpd.Segment::kvsFragmentNumber).containsOnlyNulls();
        assertThat(mpd.root.getElementsByTagNameNS(Mpd.NAMESPACE, "UTCTiming").getLength()).isZero();
    }

    @Test
    void eachTrackIsAnAdaptationSetWithItsOwnInitAndMediaTemplate() throws Exception {
        Mpd mpd = render(session(HlsSession.PlaybackMode.ON_DEMAND, TimestampKind.PRODUCER_TIMESTAMP, T0,
                T0 + 10_000, false), List.of(fragment(0, T0, 2000)), true, List.of(VIDEO, OPUS, AAC));

        assertThat(mpd.adaptations).extracting(Mpd.Adaptation::contentType).containsExactly("video", "audio", "audio");
        assertThat(mpd.adaptations).extracting(Mpd.Adaptation::codecs)
                .containsExactly("avc1.42c01e", "opus", "mp4a.40.2");
        assertThat(mpd.adaptations).extracting(Mpd.Adaptation::mimeType)
                .containsExactly("video/mp4", "audio/mp4", "audio/mp4");
        Mpd.Adaptation video = mpd.adaptations.get(0);
        assertThat(video.width()).isEqualTo("640");
        assertThat(video.height()).isEqualTo("360");
        assertThat(video.channels()).isNull();
        Mpd.Adaptation opus = mpd.adaptations.get(1);
        assertThat(opus.channels()).isEqualTo("2");
        assertThat(opus.audioSamplingRate()).isEqualTo("48000");
        assertThat(mpd.adaptations.get(2).channels()).isEqualTo("2");

        URI manifest = URI.create("https://media.example.com/dash/v1/getDASHManifest.mpd?SessionToken=" + TOKEN);
        assertThat(opus.init(manifest)).hasToString("https://media.example.com/dash/v1/getMP4InitFragment.mp4"
                + "?SessionToken=" + TOKEN + "&TrackNumber=2&SequenceNumber=4");
        assertThat(opus.media(manifest, opus.segments().get(0))).hasToString("https://media.example.com/dash/v1/"
                + "getMP4MediaFragment.mp4?SessionToken=" + TOKEN + "&TrackNumber=2&FragmentTimestamp=" + T0);
    }

    @Test
    void gapsAreBridgedOverlapsCutAndRepeatedOrEarlierFragmentsLeftOut() throws Exception {
        List<ArchivedFragmentInfo> fragments = List.of(fragment(0, T0, 1980),
                fragment(1, T0 + 2000, 1980),
                fragment(2, T0 + 60_000, 2000), // a minute's gap: the recording stopped
                fragment(3, T0 + 60_000, 2000), // the same producer timestamp again
                fragment(4, T0 + 59_000, 2000), // earlier than the one before
                fragment(5, T0 + 61_000, 2000)); // overlaps the one before by a second
        Mpd mpd = render(session(HlsSession.PlaybackMode.ON_DEMAND, TimestampKind.PRODUCER_TIMESTAMP, T0,
                T0 + 100_000, true), fragments, true, List.of(VIDEO));

        List<Mpd.Segment> s = mpd.of("video").segments();
        assertThat(s).extracting(Mpd.Segment::t).containsExactly(T0, T0 + 2000, T0 + 60_000, T0 + 61_000);
        assertThat(s).extracting(Mpd.Segment::d).containsExactly(2000L, 58_000L, 1000L, 2000L);
        assertThat(s).extracting(Mpd.Segment::kvsFragmentNumber).containsExactly(
                fragments.get(0).fragmentNumber(), fragments.get(1).fragmentNumber(),
                fragments.get(2).fragmentNumber(), fragments.get(5).fragmentNumber());
        assertThat(s).extracting(Mpd.Segment::kvsTimestamp).as("the true timestamps, gap and all").containsExactly(
                String.valueOf(T0), String.valueOf(T0 + 2000), String.valueOf(T0 + 60_000),
                String.valueOf(T0 + 61_000));
    }

    @Test
    void liveIsDynamicOnEpochTimeWithTheServersClock() throws Exception {
        List<ArchivedFragmentInfo> fragments = List.of(fragment(7, T0, 2000), fragment(8, T0 + 2000, 2000));
        Mpd mpd = render(session(HlsSession.PlaybackMode.LIVE, TimestampKind.SERVER_TIMESTAMP,
                HlsSession.NO_START, HlsSession.NO_END, true), fragments, false, List.of(VIDEO, AAC));

        assertThat(mpd.type).isEqualTo("dynamic");
        assertThat(mpd.attribute("availabilityStartTime")).isEqualTo("1970-01-01T00:00:00Z");
        assertThat(mpd.attribute("publishTime")).isEqualTo(DashManifest.dateTime(NOW));
        assertThat(mpd.duration("minimumUpdatePeriod")).isEqualTo(SETTINGS.minimumUpdatePeriod().toMillis());
        assertThat(mpd.duration("timeShiftBufferDepth")).as("the window's span").isEqualTo(4000);
        assertThat(mpd.attribute("mediaPresentationDuration")).isEmpty();
        Element utc = (Element) mpd.root.getElementsByTagNameNS(Mpd.NAMESPACE, "UTCTiming").item(0);
        assertThat(utc.getAttribute("schemeIdUri")).isEqualTo("urn:mpeg:dash:utc:direct:2014");
        assertThat(utc.getAttribute("value")).isEqualTo(DashManifest.dateTime(NOW));
        Mpd.Adaptation audio = mpd.of("audio");
        assertThat(audio.presentationTimeOffset()).isZero();
        assertThat(audio.segments()).extracting(Mpd.Segment::t).as("server timestamps")
                .containsExactly(T0 + SERVER_SKEW, T0 + 2000 + SERVER_SKEW);
        assertThat(audio.segments().get(0).kvsTimestamp()).isEqualTo(String.valueOf(T0 + SERVER_SKEW));
    }

    @Test
    void liveReplayStartsAtCreationAndEndsOncePastItsEndTimestamp() throws Exception {
        long start = T0 - 1000;
        HlsSession replay = session(HlsSession.PlaybackMode.LIVE_REPLAY, TimestampKind.PRODUCER_TIMESTAMP, start,
                T0 + 3000, false);
        List<ArchivedFragmentInfo> fragments = List.of(fragment(0, T0, 2000), fragment(1, T0 + 2000, 2000));
        Mpd going = render(replay, fragments, false, List.of(VIDEO));
        assertThat(going.type).isEqualTo("dynamic");
        assertThat(going.attribute("availabilityStartTime")).as("StartTimestamp is wall-clock time at creation")
                .isEqualTo(DashManifest.dateTime(NOW - start));
        assertThat(going.attribute("minimumUpdatePeriod")).isNotEmpty();

        Mpd ended = render(replay, fragments, true, List.of(VIDEO));
        assertThat(ended.type).isEqualTo("dynamic");
        assertThat(ended.attribute("minimumUpdatePeriod")).as("an ended presentation is not updated").isEmpty();
        assertThat(ended.duration("mediaPresentationDuration")).as("up to the last fragment's end")
                .isEqualTo(T0 + 4000);
    }

    @Test
    void durationsAndDatesAreXmlSchemaValues() {
        assertThat(DashManifest.duration(0)).isEqualTo("PT0.000S");
        assertThat(DashManifest.duration(61_005)).isEqualTo("PT61.005S");
        assertThat(DashManifest.dateTime(0)).isEqualTo("1970-01-01T00:00:00Z");
        assertThat(DashManifest.dateTime(T0 + 5)).isEqualTo("2025-11-22T08:26:40.005Z");
    }
}
