package io.storagesession.mediastore.hls;

import io.storagesession.mediastore.archive.ArchivedTrack;
import io.storagesession.mediastore.fmp4.CodecStrings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The master playlist (RFC 8216 §4.3.4; KVS's GetHLSMasterPlaylist). As KVS does, each track has its own media
 * playlist: the video track is the variant ({@code EXT-X-STREAM-INF}) and each audio track an audio rendition of it
 * ({@code EXT-X-MEDIA TYPE=AUDIO}, §4.3.4.1) — "a distinct HLS media playlist for the video track and the audio track"
 * (GetHLSStreamingSessionURL reference). A stream with audio only has that track as its variant. CODECS lists every
 * codec the variant and its renditions use (§4.3.4.2), RESOLUTION comes from the video track (the caller gives it the
 * size the stream decodes to, see {@link PictureSize}), FRAME-RATE and BANDWIDTH (the peak fragment bit rate) are the
 * caller's measurements.
 */
public final class MasterPlaylist {
    static final String AUDIO_GROUP = "audio";
    static final int VERSION = 7;

    private MasterPlaylist() {
    }

    /**
     * The master playlist of an MPEG-TS session: TS segments carry every track, so there is one variant and one media
     * playlist (no TrackNumber), with the codecs of all tracks.
     */
    public static String renderMuxed(List<ArchivedTrack> tracks, long bandwidth, double frameRate,
            String sessionToken) {
        StringBuilder m = new StringBuilder();
        m.append("#EXTM3U\n#EXT-X-VERSION:").append(VERSION).append('\n');
        m.append("#EXT-X-INDEPENDENT-SEGMENTS\n");
        m.append("#EXT-X-STREAM-INF:BANDWIDTH=").append(bandwidth)
                .append(",CODECS=\"").append(CodecStrings.of(tracks)).append('"');
        for (ArchivedTrack t : tracks) {
            if (t.isVideo()) {
                m.append(",RESOLUTION=").append(t.width()).append('x').append(t.height());
                if (frameRate > 0) {
                    m.append(",FRAME-RATE=").append(String.format(Locale.ROOT, "%.3f", frameRate));
                }
                break;
            }
        }
        m.append('\n').append(HlsUris.media(sessionToken, null)).append('\n');
        return m.toString();
    }

    /**
     * @param tracks       the stream's tracks (from the newest fragment of the session)
     * @param bandwidth    peak bits per second of a fragment
     * @param frameRate    video frames per second, or 0 when unknown (then FRAME-RATE is left out)
     * @param sessionToken the token every URI carries
     */
    public static String render(List<ArchivedTrack> tracks, long bandwidth, double frameRate, String sessionToken) {
        ArchivedTrack video = null;
        List<ArchivedTrack> audio = new ArrayList<>();
        for (ArchivedTrack t : tracks) {
            if (t.isVideo() && video == null) {
                video = t;
            } else if (!t.isVideo()) {
                audio.add(t);
            }
        }
        StringBuilder m = new StringBuilder();
        m.append("#EXTM3U\n#EXT-X-VERSION:").append(VERSION).append('\n');
        m.append("#EXT-X-INDEPENDENT-SEGMENTS\n");
        if (video == null) {
            if (audio.isEmpty()) {
                throw new IllegalArgumentException("no tracks to play");
            }
            ArchivedTrack only = audio.get(0);
            m.append("#EXT-X-STREAM-INF:BANDWIDTH=").append(bandwidth)
                    .append(",CODECS=\"").append(CodecStrings.of(only)).append("\"\n");
            m.append(HlsUris.media(sessionToken, only.trackNumber())).append('\n');
            return m.toString();
        }
        boolean first = true;
        for (ArchivedTrack a : audio) {
            m.append("#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"").append(AUDIO_GROUP).append("\",NAME=\"Track ")
                    .append(a.trackNumber()).append("\",DEFAULT=").append(first ? "YES" : "NO")
                    .append(",AUTOSELECT=YES,CHANNELS=\"").append(a.channels()).append("\",URI=\"")
                    .append(HlsUris.media(sessionToken, a.trackNumber())).append("\"\n");
            first = false;
        }
        List<ArchivedTrack> variant = new ArrayList<>();
        variant.add(video);
        if (!audio.isEmpty()) {
            variant.add(audio.get(0));
        }
        m.append("#EXT-X-STREAM-INF:BANDWIDTH=").append(bandwidth)
                .append(",CODECS=\"").append(CodecStrings.of(variant)).append('"')
                .append(",RESOLUTION=").append(video.width()).append('x').append(video.height());
        if (frameRate > 0) {
            m.append(",FRAME-RATE=").append(String.format(Locale.ROOT, "%.3f", frameRate));
        }
        if (!audio.isEmpty()) {
            m.append(",AUDIO=\"").append(AUDIO_GROUP).append('"');
        }
        m.append('\n').append(HlsUris.media(sessionToken, video.trackNumber())).append('\n');
        return m.toString();
    }
}
