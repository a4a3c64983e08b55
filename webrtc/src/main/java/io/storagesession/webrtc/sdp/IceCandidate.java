package io.storagesession.webrtc.sdp;

import java.util.Locale;

/**
 * An ICE candidate as carried by the {@code candidate} attribute (RFC 8839 §5.1):
 * {@code candidate:<foundation> <component> <transport> <priority> <address> <port> typ <type>
 * [raddr <address>] [rport <port>] *(<extension name> <extension value>)}.
 * Participants trickle them in ICE_CANDIDATE messages or embed them in the answer (KVS-WIRE.md §3); the server
 * renders its own relay candidates with {@link #toAttribute()}.
 *
 * @param foundation     1–32 ice-chars
 * @param component      1 (RTP; with rtcp-mux the only one used) to 256
 * @param transport      UDP, or TCP for RFC 6544 candidates
 * @param priority       unsigned 32-bit (RFC 8445 §5.1.2)
 * @param address        an IPv4 or IPv6 literal, or a {@code .local} mDNS name, kept as written
 * @param port           0–65535 (TCP active candidates say 9)
 * @param type           host, srflx, prflx or relay
 * @param relatedAddress {@code raddr}, or null
 * @param relatedPort    {@code rport}, or null
 * @param tcpType        {@code tcptype} (active, passive or so; RFC 6544 §4.5), or null
 */
public record IceCandidate(String foundation, int component, Transport transport, long priority, String address,
                           int port, Type type, String relatedAddress, Integer relatedPort, String tcpType) {
    /** The longest candidate line accepted; real ones are under 200 characters. */
    public static final int MAX_LENGTH = 1024;
    public static final int MIN_FOUNDATION_LENGTH = 1;
    public static final int MAX_FOUNDATION_LENGTH = 32;
    /** RTP's component; with rtcp-mux (RFC 5761) RTCP shares it, so it is the only one the server uses. */
    public static final int RTP_COMPONENT = 1;
    public static final int MAX_COMPONENT = 256;
    public static final long MAX_PRIORITY = 0xFFFF_FFFFL;
    public static final int MAX_PORT = 65535;

    private static final String ATTRIBUTE_PREFIX = "a=";
    private static final String NAME_PREFIX = "candidate:";
    private static final int MAX_PRIORITY_DIGITS = 10;
    private static final int MAX_PORT_DIGITS = 5;
    private static final int MAX_COMPONENT_DIGITS = 3;
    /** Foundation, component, transport, priority, address, port, "typ", type. */
    private static final int REQUIRED_FIELDS = 8;
    private static final String TYP = "typ";
    private static final String RADDR = "raddr";
    private static final String RPORT = "rport";
    private static final String TCPTYPE = "tcptype";
    /** Chrome's extension; the server's candidates never change generation. */
    private static final String GENERATION_ZERO = " generation 0";

    /** The transport a candidate uses. */
    public enum Transport {
        UDP, TCP;

        String sdpName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The candidate type (RFC 8445 §5.1.1). */
    public enum Type {
        HOST, SRFLX, PRFLX, RELAY;

        String sdpName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Refuses field values that {@link #toAttribute()} could not render as a valid candidate. */
    public IceCandidate {
        if (foundation == null || !IceSyntax.isIceChars(foundation, MIN_FOUNDATION_LENGTH, MAX_FOUNDATION_LENGTH)) {
            throw new IllegalArgumentException("foundation must be 1-32 ice-chars");
        }
        if (component < 1 || component > MAX_COMPONENT || transport == null || type == null) {
            throw new IllegalArgumentException("component 1-256, transport and type are required");
        }
        if (priority < 0 || priority > MAX_PRIORITY || port < 0 || port > MAX_PORT) {
            throw new IllegalArgumentException("priority must be unsigned 32-bit and port 0-65535");
        }
        if (address == null || !HostAddress.isValid(address)
                || (relatedAddress != null && !HostAddress.isValid(relatedAddress))) {
            throw new IllegalArgumentException("addresses must be IP literals or .local names");
        }
        if (relatedPort != null && (relatedPort < 0 || relatedPort > MAX_PORT)) {
            throw new IllegalArgumentException("relatedPort must be 0-65535");
        }
        if (tcpType != null && (tcpType.isEmpty() || !tcpType.chars().allMatch(SdpReader::isTokenChar))) {
            throw new IllegalArgumentException("tcpType must be a token");
        }
        tcpType = tcpType == null ? null : tcpType.toLowerCase(Locale.ROOT);
    }

    /** One of the server's relay candidates: component 1, UDP, with the relay's server-reflexive related address. */
    public static IceCandidate relay(String foundation, long priority, String address, int port,
                                     String relatedAddress, int relatedPort) {
        return new IceCandidate(foundation, RTP_COMPONENT, Transport.UDP, priority, address, port, Type.RELAY, relatedAddress,
                relatedPort, null);
    }

    /**
     * Reads a candidate with or without the {@code a=} and {@code candidate:} prefixes. Extension attributes
     * ({@code generation}, {@code ufrag}, {@code network-id}, …) are read past.
     *
     * @throws SdpException for anything else, naming the field that is wrong
     */
    public static IceCandidate parse(String text) throws SdpException {
        if (text == null) {
            throw new SdpException("the ICE candidate is missing");
        }
        if (text.length() > MAX_LENGTH) {
            throw new SdpException("the ICE candidate is longer than " + MAX_LENGTH + " characters");
        }
        String body = text.strip();
        if (body.startsWith(ATTRIBUTE_PREFIX)) {
            body = body.substring(ATTRIBUTE_PREFIX.length());
        }
        if (body.regionMatches(true, 0, NAME_PREFIX, 0, NAME_PREFIX.length())) {
            body = body.substring(NAME_PREFIX.length());
        }
        if (!body.chars().allMatch(c -> c >= ' ' && c <= '~')) {
            throw new SdpException("the ICE candidate contains characters other than printable ASCII");
        }
        String[] f = body.strip().split(" +");
        if (f.length < REQUIRED_FIELDS || !f[REQUIRED_FIELDS - 2].equals(TYP)) {
            throw new SdpException("an ICE candidate must read 'candidate:<foundation> <component> <transport> "
                    + "<priority> <address> <port> typ <type> ...' (RFC 8839 §5.1), got '" + SdpReader.excerpt(body)
                    + "'");
        }
        return new CandidateFields(f).read();
    }

    /** The attribute value without {@code a=}, as ICE_CANDIDATE messages and {@code a=candidate:} lines carry it. */
    public String toAttribute() {
        StringBuilder out = new StringBuilder(NAME_PREFIX).append(foundation).append(' ').append(component)
                .append(' ').append(transport.sdpName()).append(' ').append(priority).append(' ').append(address)
                .append(' ').append(port).append(' ').append(TYP).append(' ').append(type.sdpName());
        if (relatedAddress != null) {
            out.append(' ').append(RADDR).append(' ').append(relatedAddress);
        }
        if (relatedPort != null) {
            out.append(' ').append(RPORT).append(' ').append(relatedPort);
        }
        if (tcpType != null) {
            out.append(' ').append(TCPTYPE).append(' ').append(tcpType);
        }
        return out.append(GENERATION_ZERO).toString();
    }

    /** The field-by-field reading of a split candidate line. */
    private record CandidateFields(String[] f) {
        IceCandidate read() throws SdpException {
            String foundation = f[0];
            if (!IceSyntax.isIceChars(foundation, MIN_FOUNDATION_LENGTH, MAX_FOUNDATION_LENGTH)) {
                throw bad("foundation", foundation, "1 to 32 characters of letters, digits, '+' and '/'");
            }
            int component = (int) number(f[1], "component id", MAX_COMPONENT_DIGITS, RTP_COMPONENT, MAX_COMPONENT);
            Transport transport = enumValue(Transport.class, f[2], "transport", "udp or tcp");
            long priority = number(f[3], "priority", MAX_PRIORITY_DIGITS, 0, MAX_PRIORITY);
            String address = address(f[4], "connection address");
            int port = (int) number(f[5], "port", MAX_PORT_DIGITS, 0, MAX_PORT);
            Type type = enumValue(Type.class, f[7], "candidate type", "host, srflx, prflx or relay");
            String relatedAddress = null;
            Integer relatedPort = null;
            String tcpType = null;
            for (int i = REQUIRED_FIELDS; i < f.length; i += 2) {
                String name = f[i];
                boolean known = name.equals(RADDR) || name.equals(RPORT) || name.equals(TCPTYPE);
                if (i + 1 == f.length) {
                    if (known) {
                        throw new SdpException("the ICE candidate's " + name + " has no value");
                    }
                    break;
                }
                String value = f[i + 1];
                switch (name) {
                    case RADDR -> relatedAddress = address(value, "related address (raddr)");
                    case RPORT -> relatedPort = (int) number(value, "related port (rport)", MAX_PORT_DIGITS, 0,
                            MAX_PORT);
                    case TCPTYPE -> tcpType = tcpType(value);
                    default -> {
                        // RFC 8839 §5.1: unknown extension attributes are ignored.
                    }
                }
            }
            return new IceCandidate(foundation, component, transport, priority, address, port, type, relatedAddress,
                    relatedPort, tcpType);
        }

        private static long number(String text, String field, int maxDigits, long min, long max)
                throws SdpException {
            if (!SdpReader.isDigits(text, maxDigits) || Long.parseLong(text) < min || Long.parseLong(text) > max) {
                throw bad(field, text, "a number from " + min + " to " + max);
            }
            return Long.parseLong(text);
        }

        private static <E extends Enum<E>> E enumValue(Class<E> type, String text, String field, String expected)
                throws SdpException {
            for (E constant : type.getEnumConstants()) {
                if (constant.name().equalsIgnoreCase(text)) {
                    return constant;
                }
            }
            throw bad(field, text, expected);
        }

        private static String address(String text, String field) throws SdpException {
            if (!HostAddress.isValid(text)) {
                throw bad(field, text, "an IPv4 or IPv6 address or an mDNS .local name");
            }
            return text;
        }

        private static String tcpType(String text) throws SdpException {
            if (!text.chars().allMatch(SdpReader::isTokenChar)) {
                throw bad("tcptype", text, "active, passive or so");
            }
            return text;
        }

        private static SdpException bad(String field, String value, String expected) {
            return new SdpException("the ICE candidate's " + field + " '" + SdpReader.excerpt(value) + "' is not "
                    + expected);
        }
    }
}
