package io.storagesession.bench.session.sdp;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a simulated participant needs from the storage session's offer (KVS-WIRE.md §3): the server's ICE credentials
 * and certificate fingerprint, the mids, the H.264 payload type to answer (packetization-mode 1, Constrained Baseline
 * preferred — what x264's Baseline output is) and its RTX type, the Opus payload type, the id of the RFC 6464
 * audio-level extension, and the SSRCs the server will send video on (media and RTX, from {@code a=ssrc-group:FID}).
 * Also read: the remote's DTLS role ({@code a=setup}, RFC 5763 §5) and the relay candidates embedded in it (Janus
 * embeds its candidates; the storage session trickles them). The same reader serves a remote answer.
 * Written independently of the server's SDP code; {@link #parse} throws {@link IllegalArgumentException} with the
 * reason on an offer it cannot answer, and nothing else.
 */
public record Offer(String iceUfrag, String icePwd, String fingerprint, String videoMid, String audioMid,
                    int h264PayloadType, String h264Fmtp, int rtxPayloadType, int opusPayloadType,
                    int audioLevelExtensionId, int videoSsrc, int videoRtxSsrc, String setup,
                    List<InetSocketAddress> relayCandidates) {
    /** A bound on what is read: KVS caps a messagePayload at 10 KB (KVS-WIRE.md §2). */
    public static final int MAX_LENGTH = 64 * 1024;
    static final String AUDIO_LEVEL_URI = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
    private static final String PREFERRED_PROFILE = "42e01f";
    private static final String PACKETIZATION_MODE_1 = "packetization-mode=1";
    private static final int NONE = -1;

    public static Offer parse(String sdp) {
        if (sdp == null || sdp.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("no offer, or one over " + MAX_LENGTH + " characters");
        }
        String ufrag = null;
        String pwd = null;
        String fingerprint = null;
        String setup = "actpass";
        List<InetSocketAddress> relays = new ArrayList<>();
        List<Section> sections = new ArrayList<>();
        Section current = null;
        for (String raw : sdp.split("\r?\n")) {
            String line = raw.trim();
            if (line.startsWith("m=")) {
                current = new Section(firstToken(line.substring(2), " ").toLowerCase(Locale.ROOT));
                sections.add(current);
            } else if (line.startsWith("a=")) {
                String attribute = line.substring(2);
                int colon = attribute.indexOf(':');
                String name = colon < 0 ? attribute : attribute.substring(0, colon);
                String value = colon < 0 ? "" : attribute.substring(colon + 1).trim();
                switch (name) {
                    case "ice-ufrag" -> ufrag = ufrag == null ? value : ufrag;
                    case "ice-pwd" -> pwd = pwd == null ? value : pwd;
                    case "fingerprint" -> fingerprint = fingerprint == null ? value : fingerprint;
                    case "setup" -> setup = value;
                    case "candidate" -> {
                        InetSocketAddress relay = CandidateLine.isRelay(attribute)
                                ? CandidateLine.udpAddress(attribute) : null;
                        if (relay != null && !relays.contains(relay)) {
                            relays.add(relay);
                        }
                    }
                    default -> {
                        if (current != null) {
                            current.attribute(name, value);
                        }
                    }
                }
            }
        }
        Section video = only(sections, "video");
        Section audio = only(sections, "audio");
        require(ufrag != null && pwd != null, "the offer has no a=ice-ufrag / a=ice-pwd");
        require(fingerprint != null, "the offer has no a=fingerprint");
        int h264 = video.h264PayloadType();
        require(h264 != NONE, "the offer has no H.264 packetization-mode=1");
        int opus = audio.payloadTypeOf("opus/48000/2");
        require(opus != NONE, "the offer has no opus/48000/2");
        return new Offer(ufrag, pwd, fingerprint, video.mid, audio.mid, h264, video.fmtp.get(h264),
                video.rtxFor(h264), opus, audio.extensionId(AUDIO_LEVEL_URI), video.fidMedia, video.fidRtx, setup,
                List.copyOf(relays));
    }

    /** The text before the first {@code separator}; empty when there is none ("/".split("/") has no element). */
    private static String firstToken(String text, String separator) {
        String[] tokens = text.split(separator);
        return tokens.length == 0 ? "" : tokens[0];
    }

    private static Section only(List<Section> sections, String kind) {
        List<Section> matching = sections.stream().filter(s -> s.kind.equals(kind)).toList();
        require(matching.size() == 1, "the offer needs exactly one " + kind + " m-section, it has " + matching.size());
        Section section = matching.get(0);
        require(section.mid != null, "the offer's " + kind + " m-section has no a=mid");
        return section;
    }

    private static void require(boolean condition, String reason) {
        if (!condition) {
            throw new IllegalArgumentException(reason);
        }
    }

    /** One m-section's attributes that matter here. */
    private static final class Section {
        final String kind;
        String mid;
        final Map<Integer, String> rtpmap = new HashMap<>();
        final Map<Integer, String> fmtp = new HashMap<>();
        final List<Integer> order = new ArrayList<>();
        final Map<String, Integer> extensions = new HashMap<>();
        int fidMedia;
        int fidRtx;

        Section(String kind) {
            this.kind = kind;
        }

        void attribute(String name, String value) {
            String[] parts = value.split("\\s+", 2);
            switch (name) {
                case "mid" -> mid = value;
                case "rtpmap" -> {
                    Integer pt = payloadType(parts[0]);
                    if (pt != null && parts.length == 2) {
                        rtpmap.put(pt, parts[1].toLowerCase(Locale.ROOT));
                        order.add(pt);
                    }
                }
                case "fmtp" -> {
                    Integer pt = payloadType(parts[0]);
                    if (pt != null && parts.length == 2) {
                        fmtp.put(pt, parts[1]);
                    }
                }
                case "extmap" -> {
                    Integer id = payloadType(firstToken(parts[0], "/"));
                    if (id != null && parts.length == 2) {
                        extensions.putIfAbsent(firstToken(parts[1].trim(), "\\s+"), id);
                    }
                }
                case "ssrc-group" -> {
                    String[] fid = value.split("\\s+");
                    if (fid.length == 3 && fid[0].equals("FID")) {
                        try {
                            fidMedia = (int) Long.parseLong(fid[1]);
                            fidRtx = (int) Long.parseLong(fid[2]);
                        } catch (NumberFormatException ignored) {
                            // not an SSRC: leave the group unknown
                        }
                    }
                }
                default -> {
                }
            }
        }

        int h264PayloadType() {
            int any = NONE;
            for (int pt : order) {
                String params = fmtp.getOrDefault(pt, "");
                if (rtpmap.get(pt).startsWith("h264/") && params.contains(PACKETIZATION_MODE_1)) {
                    if (params.toLowerCase(Locale.ROOT).contains(PREFERRED_PROFILE)) {
                        return pt;
                    }
                    any = any == NONE ? pt : any;
                }
            }
            return any;
        }

        int rtxFor(int payloadType) {
            for (int pt : order) {
                if (rtpmap.get(pt).startsWith("rtx/") && fmtp.getOrDefault(pt, "").equals("apt=" + payloadType)) {
                    return pt;
                }
            }
            return NONE;
        }

        int payloadTypeOf(String encoding) {
            return order.stream().filter(pt -> rtpmap.get(pt).equals(encoding)).findFirst().orElse(NONE);
        }

        int extensionId(String uri) {
            return extensions.getOrDefault(uri, NONE);
        }

        private static Integer payloadType(String text) {
            try {
                int value = Integer.parseInt(text);
                return value >= 0 && value < 128 ? value : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }
}
