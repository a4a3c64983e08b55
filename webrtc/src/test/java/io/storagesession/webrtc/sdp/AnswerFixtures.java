package io.storagesession.webrtc.sdp;

/**
 * Answers to the storage session's offer as real clients write them, modelled on each client's SDP generator:
 * Chrome (JSEP), the KVS WebRTC C SDK (which copies the offer's payload types and adds {@code mslabel}/{@code label}
 * ssrc lines), Firefox (session-level fingerprint, {@code {uuid}} msids, no rtcp-rsize ordering quirks) and aiortc
 * (gathers before answering, so candidates are embedded; several fingerprints). Text blocks use LF; {@link #crlf}
 * turns them into what goes on the wire.
 */
final class AnswerFixtures {
    static final String FINGERPRINT_HEX =
            "7B:8A:1E:C4:9D:2F:55:60:AA:0B:3C:E1:49:F2:86:1D:C0:77:5E:12:9B:A4:3D:E8:6F:01:23:45:67:89:AB:CD";
    static final String FINGERPRINT = "sha-256 " + FINGERPRINT_HEX;

    private AnswerFixtures() {
    }

    static String crlf(String lf) {
        return lf.replace("\n", "\r\n");
    }

    /** Chrome as a master: sends H.264 (all four offered profiles, with RTX) and Opus, answers a=setup:active. */
    static String chromeMaster() {
        return crlf("""
                v=0
                o=- 4611731400430051336 2 IN IP4 127.0.0.1
                s=-
                t=0 0
                a=group:BUNDLE 0 1
                a=extmap-allow-mixed
                a=msid-semantic: WMS 3c0b5a1e-cam
                m=video 9 UDP/TLS/RTP/SAVPF 102 103 104 105 106 107 108 109
                c=IN IP4 0.0.0.0
                a=rtcp:9 IN IP4 0.0.0.0
                a=ice-ufrag:Gx7q
                a=ice-pwd:s9EwZ1xvq0Jm3RpdWB7uTkLf
                a=ice-options:trickle
                a=fingerprint:%s
                a=setup:active
                a=mid:0
                a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time
                a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
                a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid
                a=sendonly
                a=msid:3c0b5a1e-cam 9f1de0c2-video
                a=rtcp-mux
                a=rtcp-rsize
                a=rtpmap:102 H264/90000
                a=rtcp-fb:102 goog-remb
                a=rtcp-fb:102 transport-cc
                a=rtcp-fb:102 ccm fir
                a=rtcp-fb:102 nack
                a=rtcp-fb:102 nack pli
                a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f
                a=rtpmap:103 rtx/90000
                a=fmtp:103 apt=102
                a=rtpmap:104 H264/90000
                a=rtcp-fb:104 goog-remb
                a=rtcp-fb:104 transport-cc
                a=rtcp-fb:104 ccm fir
                a=rtcp-fb:104 nack
                a=rtcp-fb:104 nack pli
                a=fmtp:104 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f
                a=rtpmap:105 rtx/90000
                a=fmtp:105 apt=104
                a=rtpmap:106 H264/90000
                a=rtcp-fb:106 goog-remb
                a=rtcp-fb:106 transport-cc
                a=rtcp-fb:106 ccm fir
                a=rtcp-fb:106 nack
                a=rtcp-fb:106 nack pli
                a=fmtp:106 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=4d001f
                a=rtpmap:107 rtx/90000
                a=fmtp:107 apt=106
                a=rtpmap:108 H264/90000
                a=rtcp-fb:108 goog-remb
                a=rtcp-fb:108 transport-cc
                a=rtcp-fb:108 ccm fir
                a=rtcp-fb:108 nack
                a=rtcp-fb:108 nack pli
                a=fmtp:108 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=640c1f
                a=rtpmap:109 rtx/90000
                a=fmtp:109 apt=108
                a=ssrc-group:FID 2734196734 1183466340
                a=ssrc:2734196734 cname:kQbR0ZCbTKp3Lz7x
                a=ssrc:2734196734 msid:3c0b5a1e-cam 9f1de0c2-video
                a=ssrc:1183466340 cname:kQbR0ZCbTKp3Lz7x
                a=ssrc:1183466340 msid:3c0b5a1e-cam 9f1de0c2-video
                m=audio 9 UDP/TLS/RTP/SAVPF 111
                c=IN IP4 0.0.0.0
                a=rtcp:9 IN IP4 0.0.0.0
                a=ice-ufrag:Gx7q
                a=ice-pwd:s9EwZ1xvq0Jm3RpdWB7uTkLf
                a=ice-options:trickle
                a=fingerprint:%s
                a=setup:active
                a=mid:1
                a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level
                a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
                a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid
                a=sendrecv
                a=msid:3c0b5a1e-cam 41a7c3d9-audio
                a=rtcp-mux
                a=rtcp-rsize
                a=rtpmap:111 opus/48000/2
                a=rtcp-fb:111 transport-cc
                a=fmtp:111 minptime=10;useinbandfec=1
                a=ssrc:3507226182 cname:kQbR0ZCbTKp3Lz7x
                a=ssrc:3507226182 msid:3c0b5a1e-cam 41a7c3d9-audio
                """.formatted(FINGERPRINT, FINGERPRINT));
    }

    /** Chrome as a viewer: receives video, sends and receives audio; only the profiles it decodes in hardware. */
    static String chromeViewer() {
        return crlf("""
                v=0
                o=- 8841921334093211022 2 IN IP4 127.0.0.1
                s=-
                t=0 0
                a=group:BUNDLE 0 1
                a=extmap-allow-mixed
                a=msid-semantic: WMS
                m=video 9 UDP/TLS/RTP/SAVPF 102 103 108 109
                c=IN IP4 0.0.0.0
                a=rtcp:9 IN IP4 0.0.0.0
                a=ice-ufrag:Qm2s
                a=ice-pwd:u3oLr5nYv8XqKp0aZc1bTd4e
                a=ice-options:trickle
                a=fingerprint:%s
                a=setup:active
                a=mid:0
                a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time
                a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
                a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid
                a=recvonly
                a=rtcp-mux
                a=rtcp-rsize
                a=rtpmap:102 H264/90000
                a=rtcp-fb:102 goog-remb
                a=rtcp-fb:102 transport-cc
                a=rtcp-fb:102 ccm fir
                a=rtcp-fb:102 nack
                a=rtcp-fb:102 nack pli
                a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f
                a=rtpmap:103 rtx/90000
                a=fmtp:103 apt=102
                a=rtpmap:108 H264/90000
                a=rtcp-fb:108 goog-remb
                a=rtcp-fb:108 transport-cc
                a=rtcp-fb:108 ccm fir
                a=rtcp-fb:108 nack
                a=rtcp-fb:108 nack pli
                a=fmtp:108 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=640c1f
                a=rtpmap:109 rtx/90000
                a=fmtp:109 apt=108
                m=audio 9 UDP/TLS/RTP/SAVPF 111
                c=IN IP4 0.0.0.0
                a=rtcp:9 IN IP4 0.0.0.0
                a=ice-ufrag:Qm2s
                a=ice-pwd:u3oLr5nYv8XqKp0aZc1bTd4e
                a=ice-options:trickle
                a=fingerprint:%s
                a=setup:active
                a=mid:1
                a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level
                a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
                a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid
                a=sendrecv
                a=msid:- 5d2e7a10-mic
                a=rtcp-mux
                a=rtcp-rsize
                a=rtpmap:111 opus/48000/2
                a=rtcp-fb:111 transport-cc
                a=fmtp:111 minptime=10;useinbandfec=1
                a=ssrc:901442117 cname:Vb9kq2Wn4Xc7Zt1A
                a=ssrc:901442117 msid:- 5d2e7a10-mic
                """.formatted(FINGERPRINT, FINGERPRINT));
    }

    /**
     * The KVS WebRTC C SDK as a master: a 4-character ufrag with '+' and '/', one H.264 profile and its RTX, c= of
     * 127.0.0.1, ssrc lines with mslabel/label, rtcp-fb nack only.
     */
    static String kvsCSdkMaster() {
        return crlf("""
                v=0
                o=- 1804289383 2 IN IP4 127.0.0.1
                s=-
                t=0 0
                a=group:BUNDLE 0 1
                a=msid-semantic: WMS myKvsVideoStream
                m=video 9 UDP/TLS/RTP/SAVPF 102 103
                c=IN IP4 127.0.0.1
                a=msid:myKvsVideoStream myVideoTrack
                a=ssrc:1681692777 cname:nWr+XvB2dK9pQ1sZ
                a=ssrc:1681692777 msid:myKvsVideoStream myVideoTrack
                a=ssrc:1681692777 mslabel:myKvsVideoStream
                a=ssrc:1681692777 label:myVideoTrack
                a=ssrc:1714636915 cname:nWr+XvB2dK9pQ1sZ
                a=ssrc:1714636915 msid:myKvsVideoStream myVideoTrackRTX
                a=ssrc:1714636915 mslabel:myKvsVideoStreamRTX
                a=ssrc:1714636915 label:myVideoTrackRTX
                a=rtcp:9 IN IP4 0.0.0.0
                a=ice-ufrag:q+/3
                a=ice-pwd:Rj7/Zk2+Lm9pQx4sWv1nBt8c
                a=ice-options:trickle
                a=fingerprint:%s
                a=setup:active
                a=mid:0
                a=sendonly
                a=rtcp-mux
                a=rtcp-rsize
                a=rtpmap:102 H264/90000
                a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f
                a=rtpmap:103 rtx/90000
                a=fmtp:103 apt=102
                a=rtcp-fb:102 nack
                a=rtcp-fb:102 goog-remb
                a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
                a=rtcp-fb:102 transport-cc
                m=audio 9 UDP/TLS/RTP/SAVPF 111
                c=IN IP4 127.0.0.1
                a=msid:myKvsVideoStream myAudioTrack
                a=ssrc:846930886 cname:nWr+XvB2dK9pQ1sZ
                a=ssrc:846930886 msid:myKvsVideoStream myAudioTrack
                a=ssrc:846930886 mslabel:myKvsVideoStream
                a=ssrc:846930886 label:myAudioTrack
                a=rtcp:9 IN IP4 0.0.0.0
                a=ice-ufrag:q+/3
                a=ice-pwd:Rj7/Zk2+Lm9pQx4sWv1nBt8c
                a=ice-options:trickle
                a=fingerprint:%s
                a=setup:active
                a=mid:1
                a=sendrecv
                a=rtcp-mux
                a=rtcp-rsize
                a=rtpmap:111 opus/48000/2
                a=fmtp:111 minptime=10;useinbandfec=1
                a=rtcp-fb:111 nack
                a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
                a=rtcp-fb:111 transport-cc
                """.formatted(FINGERPRINT, FINGERPRINT));
    }

    /**
     * Firefox as a viewer: fingerprint and ice-options at session level, 32-hex-digit password, mozilla origin line,
     * {@code {uuid}} msids, H.264 and its RTX only, a=setup:active in each m-section.
     */
    static String firefoxViewer() {
        return crlf("""
                v=0
                o=mozilla...THIS_IS_SDPARTA-128.0 5093442417325713441 0 IN IP4 0.0.0.0
                s=-
                t=0 0
                a=fingerprint:%s
                a=group:BUNDLE 0 1
                a=ice-options:trickle
                a=msid-semantic:WMS *
                m=video 9 UDP/TLS/RTP/SAVPF 102 103
                c=IN IP4 0.0.0.0
                a=recvonly
                a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
                a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid
                a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time
                a=fmtp:102 profile-level-id=42e01f;level-asymmetry-allowed=1;packetization-mode=1
                a=fmtp:103 apt=102
                a=ice-pwd:e4bd1e0b4c2e8d5d2a7f39c1b0e6a874
                a=ice-ufrag:0f3a9c1e
                a=mid:0
                a=rtcp-fb:102 nack
                a=rtcp-fb:102 nack pli
                a=rtcp-fb:102 ccm fir
                a=rtcp-fb:102 goog-remb
                a=rtcp-fb:102 transport-cc
                a=rtcp-mux
                a=rtcp-rsize
                a=rtpmap:102 H264/90000
                a=rtpmap:103 rtx/90000
                a=setup:active
                a=ssrc:3315617921 cname:{b64b0c2e-6a1e-4d3b-9b3c-0cbd8f2e1a77}
                m=audio 9 UDP/TLS/RTP/SAVPF 111
                c=IN IP4 0.0.0.0
                a=sendrecv
                a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level
                a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid
                a=fmtp:111 maxplaybackrate=48000;stereo=1;useinbandfec=1
                a=ice-pwd:e4bd1e0b4c2e8d5d2a7f39c1b0e6a874
                a=ice-ufrag:0f3a9c1e
                a=mid:1
                a=msid:{7a1c2e4f-5b6d-4e8f-9a0b-1c2d3e4f5a6b} {0e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b}
                a=rtcp-fb:111 transport-cc
                a=rtcp-mux
                a=rtpmap:111 opus/48000/2
                a=setup:active
                a=ssrc:2481937463 cname:{b64b0c2e-6a1e-4d3b-9b3c-0cbd8f2e1a77}
                """.formatted(FINGERPRINT));
    }

    /**
     * aiortc as a master: candidates gathered before answering and embedded (one per m-section plus a srflx, an
     * IPv6 host and one with an unknown transport that must be skipped), end-of-candidates, ice credentials per
     * m-section, and the fingerprints at session level in three hash functions.
     */
    static String aiortcMaster() {
        return crlf("""
                v=0
                o=- 3917451402 3917451402 IN IP4 0.0.0.0
                s=-
                t=0 0
                a=group:BUNDLE 0 1
                a=msid-semantic:WMS *
                a=fingerprint:%s
                a=fingerprint:sha-384 %s
                a=fingerprint:sha-512 %s
                m=video 9 UDP/TLS/RTP/SAVPF 102 103
                c=IN IP4 192.168.1.20
                a=sendonly
                a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid
                a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time
                a=mid:0
                a=msid:4d9e3b1c-aiortc 7c2a9f10-video
                a=rtcp:9 IN IP4 0.0.0.0
                a=rtcp-mux
                a=ssrc-group:FID 2148720014 3964017355
                a=ssrc:2148720014 cname:6f4a1e0c-3b2d-4c9e-8a7f-5d1b2c3e4f60
                a=ssrc:3964017355 cname:6f4a1e0c-3b2d-4c9e-8a7f-5d1b2c3e4f60
                a=rtpmap:102 H264/90000
                a=rtcp-fb:102 nack
                a=rtcp-fb:102 nack pli
                a=rtcp-fb:102 goog-remb
                a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f
                a=rtpmap:103 rtx/90000
                a=fmtp:103 apt=102
                a=candidate:c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6 1 udp 2130706431 192.168.1.20 50123 typ host
                a=candidate:0a1b2c3d4e5f60718293a4b5c6d7e8f9 1 udp 2130706431 2001:db8::20 50125 typ host
                a=candidate:9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b 1 udp 1694498815 203.0.113.7 50123 typ srflx raddr 192.168.1.20 rport 50123
                a=candidate:broken 1 sctp 100 192.168.1.20 5000 typ host
                a=end-of-candidates
                a=ice-ufrag:Pz3k
                a=ice-pwd:Yq8Lw2Xn5Vb7Cm1Ds4Fg6H
                a=setup:active
                m=audio 9 UDP/TLS/RTP/SAVPF 111
                c=IN IP4 192.168.1.20
                a=sendrecv
                a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid
                a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level
                a=mid:1
                a=msid:4d9e3b1c-aiortc 2b8e6d4a-audio
                a=rtcp:9 IN IP4 0.0.0.0
                a=rtcp-mux
                a=ssrc:1553079411 cname:6f4a1e0c-3b2d-4c9e-8a7f-5d1b2c3e4f60
                a=rtpmap:111 opus/48000/2
                a=candidate:c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6 1 udp 2130706431 192.168.1.20 50123 typ host
                a=end-of-candidates
                a=ice-ufrag:Pz3k
                a=ice-pwd:Yq8Lw2Xn5Vb7Cm1Ds4Fg6H
                a=setup:active
                """.formatted(FINGERPRINT, hexBytes(48), hexBytes(64)));
    }

    /** {@code count} bytes as colon-separated upper-case hex, a well-formed fingerprint value of that length. */
    static String hexBytes(int count) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < count; i++) {
            out.append(i == 0 ? "" : ":").append(String.format("%02X", (i * 37 + 11) & 0xff));
        }
        return out.toString();
    }
}
