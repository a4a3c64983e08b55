package io.storagesession.webrtc.sdp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The line reader behind {@link SessionDescription#parse}: bounds first, then one pass over the lines. */
final class SdpReader {
    private static final String VERSION_LINE = "v=0";
    private static final int MAX_PORT = 65535;
    private static final int MAX_PORT_DIGITS = 5;
    /** {@code m=<media> <port> <proto>} at least; the format list may be empty when tolerated. */
    private static final int MIN_MEDIA_FIELDS = 3;
    private static final char TAB = '\t';
    private static final char DELETE = 0x7f;
    private static final char FIRST_PRINTABLE = ' ';
    private static final String TOKEN_SEPARATORS = "\"(),/:;<=>?@[\\]";
    /** How much of a bad line an error message quotes. */
    private static final int EXCERPT_LENGTH = 60;

    private final String sdp;
    private final Attributes.Builder session = new Attributes.Builder();
    private final List<MediaDescription> media = new ArrayList<>();
    private String[] mediaLine;
    private int mediaPort;
    private Attributes.Builder mediaAttributes;
    private int lineNumber;

    SdpReader(String sdp) {
        this.sdp = sdp;
    }

    SessionDescription read() throws SdpException {
        checkSize();
        boolean sawVersion = false;
        int start = 0;
        int lines = 0;
        while (start < sdp.length()) {
            int end = sdp.indexOf('\n', start);
            if (end < 0) {
                end = sdp.length();
            }
            if (++lines > SessionDescription.MAX_LINES) {
                throw new SdpException("the SDP has more than " + SessionDescription.MAX_LINES + " lines");
            }
            lineNumber = lines;
            String line = stripLineEnd(sdp.substring(start, end));
            start = end + 1;
            if (line.isEmpty()) {
                continue;
            }
            checkCharacters(line);
            if (!sawVersion) {
                if (!line.equals(VERSION_LINE)) {
                    throw new SdpException("an SDP must start with v=0 (RFC 8866 §5.1); line " + lineNumber + " is '"
                            + excerpt(line) + "'");
                }
                sawVersion = true;
                continue;
            }
            readLine(line);
        }
        if (!sawVersion) {
            throw new SdpException("the SDP is empty");
        }
        finishMedia();
        return new SessionDescription(session.build(), media);
    }

    private void checkSize() throws SdpException {
        if (sdp == null || sdp.isEmpty()) {
            throw new SdpException("the SDP is empty");
        }
        if (sdp.length() > SessionDescription.MAX_BYTES
                || sdp.getBytes(StandardCharsets.UTF_8).length > SessionDescription.MAX_BYTES) {
            throw new SdpException("the SDP is larger than " + SessionDescription.MAX_BYTES + " bytes");
        }
    }

    /** Drops the CR of a CRLF line end together with any trailing white space, which some writers leave. */
    private static String stripLineEnd(String line) {
        return line.stripTrailing();
    }

    private void checkCharacters(String line) throws SdpException {
        if (line.length() > SessionDescription.MAX_LINE_LENGTH) {
            throw new SdpException("line " + lineNumber + " of the SDP is longer than "
                    + SessionDescription.MAX_LINE_LENGTH + " characters");
        }
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == 0) {
                throw new SdpException("line " + lineNumber + " of the SDP contains a NUL byte");
            }
            if ((c < FIRST_PRINTABLE && c != TAB) || c == DELETE) {
                throw new SdpException("line " + lineNumber + " of the SDP contains the control character 0x"
                        + Integer.toHexString(c) + " (RFC 8866 §5 allows none but CRLF line ends)");
            }
        }
    }

    private void readLine(String line) throws SdpException {
        if (line.length() < 2 || line.charAt(1) != '=' || line.charAt(0) < 'a' || line.charAt(0) > 'z') {
            throw new SdpException("line " + lineNumber + " of the SDP is not of the form <type>=<value>: '"
                    + excerpt(line) + "'");
        }
        String value = line.substring(2);
        switch (line.charAt(0)) {
            case 'm' -> startMedia(value);
            case 'a' -> readAttribute(value);
            default -> {
                // o=, s=, c=, t=, b= and the rest carry nothing the storage session uses: with ICE, addresses
                // travel in candidates.
            }
        }
    }

    private void startMedia(String value) throws SdpException {
        finishMedia();
        if (media.size() == SessionDescription.MAX_MEDIA_SECTIONS) {
            throw new SdpException("the SDP has more than " + SessionDescription.MAX_MEDIA_SECTIONS + " m-sections");
        }
        String[] fields = value.trim().split(" +");
        if (fields.length < MIN_MEDIA_FIELDS || fields[0].isEmpty()) {
            throw new SdpException("line " + lineNumber + ": an m-line needs <media> <port> <proto> <fmt>..., got 'm="
                    + excerpt(value) + "'");
        }
        mediaLine = fields;
        mediaAttributes = new Attributes.Builder();
        mediaPort = parsePort(fields[1]);
    }

    private int parsePort(String field) throws SdpException {
        int slash = field.indexOf('/');
        String digits = slash < 0 ? field : field.substring(0, slash);
        if (!isDigits(digits, MAX_PORT_DIGITS) || Integer.parseInt(digits) > MAX_PORT) {
            throw new SdpException("line " + lineNumber + ": the m-line port '" + excerpt(field)
                    + "' is not a number from 0 to " + MAX_PORT);
        }
        return Integer.parseInt(digits);
    }

    private void finishMedia() {
        if (mediaLine == null) {
            return;
        }
        List<String> formats = Arrays.asList(mediaLine).subList(MIN_MEDIA_FIELDS, mediaLine.length);
        media.add(new MediaDescription(MediaType.of(mediaLine[0]), mediaLine[0], mediaPort,
                mediaLine[2], formats, mediaAttributes.build()));
        mediaLine = null;
    }

    private void readAttribute(String value) throws SdpException {
        int colon = value.indexOf(':');
        String name = colon < 0 ? value : value.substring(0, colon);
        String attributeValue = colon < 0 ? "" : value.substring(colon + 1);
        if (name.isEmpty() || !name.chars().allMatch(SdpReader::isTokenChar)) {
            throw new SdpException("line " + lineNumber + ": the attribute name '" + excerpt(name)
                    + "' is not a token (RFC 8866 §9)");
        }
        (mediaLine == null ? session : mediaAttributes).add(name, attributeValue);
    }

    /** RFC 8866 §9 token-char: visible ASCII except the separators {@code "(),/:;<=>?@[\]}. */
    static boolean isTokenChar(int c) {
        return c > FIRST_PRINTABLE && c < DELETE && TOKEN_SEPARATORS.indexOf(c) < 0;
    }

    /** Whether {@code text} is 1 to {@code maxDigits} ASCII digits, so it parses as a bounded decimal number. */
    static boolean isDigits(String text, int maxDigits) {
        return !text.isEmpty() && text.length() <= maxDigits && text.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** A short, printable piece of untrusted input for an error message. */
    static String excerpt(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && out.length() < EXCERPT_LENGTH; i++) {
            char c = text.charAt(i);
            out.append(c >= FIRST_PRINTABLE && c < DELETE ? c : '?');
        }
        return text.length() > EXCERPT_LENGTH ? out + "…" : out.toString();
    }
}
