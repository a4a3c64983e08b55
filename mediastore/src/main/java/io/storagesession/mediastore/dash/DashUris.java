package io.storagesession.mediastore.dash;

import io.storagesession.mediastore.hls.HlsUris;

/**
 * The resources of a DASH session below {@code /dash/v1/} (KVS-WIRE.md §6; GetDASHStreamingSessionURL reference:
 * GetDASHManifest, GetMP4InitFragment, GetMP4MediaFragment) and their query parameters. The manifest refers to the
 * fragments by relative URIs (ISO/IEC 23009-1 §5.6.4 resolves them against the MPD's own URL), so it works behind any
 * host or proxy prefix.
 *
 * <p>Media fragments are addressed by {@value #FRAGMENT_TIMESTAMP}, the fragment's start in epoch milliseconds on the
 * session's timeline (server or producer timestamps): the SegmentTemplate's {@code $Time$} (ISO/IEC 23009-1
 * §5.3.9.4.4), which names each fragment of a SegmentTimeline however the window slides. KVS numbers fragments by
 * their sequence in the session instead, which needs per-session state this server does not keep.
 */
final class DashUris {
    static final String PREFIX = "/dash/v1/";
    static final String MANIFEST = "getDASHManifest.mpd";
    static final String INIT = HlsUris.INIT;
    static final String FRAGMENT = HlsUris.FRAGMENT;
    static final String FRAGMENT_TIMESTAMP = "FragmentTimestamp";
    /** ISO/IEC 23009-1 Table 16: replaced by the segment's MPD start time (S@t). */
    static final String TIME_TEMPLATE = "$Time$";

    private DashUris() {
    }

    static String init(String token, int trackNumber, long tracksSequence) {
        return INIT + "?" + HlsUris.SESSION_TOKEN + "=" + token + "&" + HlsUris.TRACK_NUMBER + "=" + trackNumber
                + "&" + HlsUris.SEQUENCE_NUMBER + "=" + tracksSequence;
    }

    static String mediaTemplate(String token, int trackNumber) {
        return FRAGMENT + "?" + HlsUris.SESSION_TOKEN + "=" + token + "&" + HlsUris.TRACK_NUMBER + "=" + trackNumber
                + "&" + FRAGMENT_TIMESTAMP + "=" + TIME_TEMPLATE;
    }
}
