package io.storagesession.webrtc.sdp;

import java.util.Locale;

/**
 * Syntax checks for the addresses in ICE candidates (RFC 8839 §5.1 connection-address): an IPv4 or IPv6 literal, or
 * the {@code <uuid>.local} multicast DNS name browsers use to hide host addresses
 * (draft-ietf-mmusic-mdns-ice-candidates). Checked by hand, never with {@code InetAddress.getByName}, which would send
 * a participant's arbitrary name to DNS.
 */
final class HostAddress {
    private static final int IPV4_PARTS = 4;
    private static final int MAX_OCTET = 255;
    private static final int MAX_OCTET_DIGITS = 3;
    private static final int IPV6_GROUPS = 8;
    /** An embedded IPv4 address takes the place of two groups (RFC 4291 §2.2). */
    private static final int IPV4_GROUPS = 2;
    private static final int MAX_GROUP_DIGITS = 4;
    private static final int MAX_IPV6_LENGTH = 45;
    private static final int MAX_NAME_LENGTH = 253;
    private static final int MAX_LABEL_LENGTH = 63;
    private static final String MDNS_SUFFIX = ".local";

    private HostAddress() {
    }

    static boolean isValid(String address) {
        return isIpv4(address) || isIpv6(address) || isMdnsName(address);
    }

    static boolean isIpv4(String address) {
        String[] parts = address.split("\\.", -1);
        if (parts.length != IPV4_PARTS) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > MAX_OCTET_DIGITS || !part.chars().allMatch(HostAddress::isDigit)
                    || Integer.parseInt(part) > MAX_OCTET) {
                return false;
            }
        }
        return true;
    }

    /** RFC 4291 §2.2 text forms: eight groups, one {@code ::} for a run of zeros, an optional IPv4 tail. */
    static boolean isIpv6(String address) {
        if (address.length() > MAX_IPV6_LENGTH || address.indexOf(':') < 0) {
            return false;
        }
        String groups = address;
        int needed = IPV6_GROUPS;
        int lastColon = address.lastIndexOf(':');
        String tail = address.substring(lastColon + 1);
        if (tail.indexOf('.') >= 0) {
            if (!isIpv4(tail)) {
                return false;
            }
            needed -= IPV4_GROUPS;
            groups = address.substring(0, lastColon + 1);
            if (!groups.endsWith("::")) {
                groups = groups.substring(0, groups.length() - 1);
            }
        }
        int elision = groups.indexOf("::");
        if (elision < 0) {
            return countGroups(groups) == needed;
        }
        if (groups.indexOf("::", elision + 1) >= 0) {
            return false;
        }
        int left = countGroups(groups.substring(0, elision));
        int right = countGroups(groups.substring(elision + 2));
        return left >= 0 && right >= 0 && left + right < needed;
    }

    /** The number of colon-separated hex groups, 0 for none, -1 if any is malformed. */
    private static int countGroups(String groups) {
        if (groups.isEmpty()) {
            return 0;
        }
        String[] parts = groups.split(":", -1);
        for (String part : parts) {
            if (part.isEmpty() || part.length() > MAX_GROUP_DIGITS || !part.chars().allMatch(HostAddress::isHex)) {
                return -1;
            }
        }
        return parts.length;
    }

    /** A host name under {@code .local} (RFC 6762), in LDH labels. */
    static boolean isMdnsName(String address) {
        if (address.length() > MAX_NAME_LENGTH
                || !address.toLowerCase(Locale.ROOT).endsWith(MDNS_SUFFIX)
                || address.length() == MDNS_SUFFIX.length()) {
            return false;
        }
        for (String label : address.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > MAX_LABEL_LENGTH || label.startsWith("-") || label.endsWith("-")
                    || !label.chars().allMatch(c -> isDigit(c) || isLetter(c) || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isLetter(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isHex(int c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
