package io.storagesession.mediastore.hls;

import io.storagesession.mediastore.archive.ArchivedFragmentInfo;

/**
 * The resource names and query parameters of KVS's HLS API (KVS-WIRE.md §6), relative to {@code /hls/v1/}: the
 * playlists refer to each other and to the fragments by relative URIs (RFC 8216 §4.1 resolves them against the
 * playlist's own URI), so the same playlist works behind any host or proxy prefix. KVS's DASH API names its init and
 * media fragments, and their SessionToken and TrackNumber parameters, as HLS does: those names are public.
 */
public final class HlsUris {
    static final String PREFIX = "/hls/v1/";
    static final String MASTER = "getHLSMasterPlaylist.m3u8";
    static final String MEDIA = "getHLSMediaPlaylist.m3u8";
    public static final String INIT = "getMP4InitFragment.mp4";
    public static final String FRAGMENT = "getMP4MediaFragment.mp4";
    static final String TS_FRAGMENT = "getTSFragment.ts";
    public static final String SESSION_TOKEN = "SessionToken";
    public static final String TRACK_NUMBER = "TrackNumber";
    static final String FRAGMENT_NUMBER = "FragmentNumber";
    /** The init fragment's version: here the track set ({@link ArchivedFragmentInfo#tracksSequence()}) it describes. */
    public static final String SEQUENCE_NUMBER = "SequenceNumber";

    private HlsUris() {
    }

    /** Session tokens are URL-safe base64 (RFC 4648 §5): they need no escaping in a query string. */
    static String media(String token, Integer trackNumber) {
        return MEDIA + "?" + SESSION_TOKEN + "=" + token + track(trackNumber);
    }

    static String init(String token, Integer trackNumber, long tracksSequence) {
        return INIT + "?" + SESSION_TOKEN + "=" + token + track(trackNumber) + "&" + SEQUENCE_NUMBER + "="
                + tracksSequence;
    }

    static String fragment(String token, Integer trackNumber, String fragmentNumber) {
        return FRAGMENT + "?" + FRAGMENT_NUMBER + "=" + fragmentNumber + "&" + SESSION_TOKEN + "=" + token
                + track(trackNumber);
    }

    static String transportStream(String token, String fragmentNumber) {
        return TS_FRAGMENT + "?" + FRAGMENT_NUMBER + "=" + fragmentNumber + "&" + SESSION_TOKEN + "=" + token;
    }

    private static String track(Integer trackNumber) {
        return trackNumber == null ? "" : "&" + TRACK_NUMBER + "=" + trackNumber;
    }
}
