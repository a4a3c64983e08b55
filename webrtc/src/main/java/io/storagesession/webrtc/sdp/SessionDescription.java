package io.storagesession.webrtc.sdp;

import java.util.List;

/**
 * A parsed SDP (RFC 8866): the session-level attributes and the m-sections, in order. Only what offer/answer needs is
 * kept; {@code o=}, {@code s=}, {@code c=}, {@code b=} and the other line types are read past.
 *
 * @param attributes the session-level {@code a=} lines (those before the first {@code m=})
 * @param media      the m-sections in the order they appear; their index is the {@code sdpMLineIndex} of trickled
 *                   candidates
 */
public record SessionDescription(Attributes attributes, List<MediaDescription> media) {
    /** The largest SDP accepted, in UTF-8 bytes. Browsers' answers to our offer are 3–8 KB. */
    public static final int MAX_BYTES = 64 * 1024;
    /** The most lines accepted (counting empty ones); a real answer has about 100–200. */
    public static final int MAX_LINES = 2000;
    /** The most m-sections accepted; our offer has two. */
    public static final int MAX_MEDIA_SECTIONS = 16;
    /** The longest line accepted, in characters; the longest real lines are H.264 fmtp lines of a few hundred. */
    public static final int MAX_LINE_LENGTH = 4096;

    public SessionDescription {
        media = List.copyOf(media);
    }

    /**
     * Reads an SDP tolerantly — LF or CRLF line ends, a missing final line end, blank lines, trailing spaces and line
     * types it does not know are all accepted (RFC 8866 §5 asks parsers to accept a lone LF) — but within the bounds
     * above, and only if it starts with {@code v=0}.
     *
     * @throws SdpException for input that is not an SDP or exceeds a bound, saying which
     */
    public static SessionDescription parse(String sdp) throws SdpException {
        return new SdpReader(sdp).read();
    }
}
