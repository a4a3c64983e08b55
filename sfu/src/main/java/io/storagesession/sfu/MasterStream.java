package io.storagesession.sfu;

import io.storagesession.codecs.SenderReportClock;
import io.storagesession.codecs.rtp.RtcpCompound;
import io.storagesession.codecs.rtp.RtcpFeedback;
import io.storagesession.codecs.rtp.Rtp;
import io.storagesession.media.MasterVideoReader;
import io.storagesession.media.MediaOut;
import io.storagesession.media.OfferCodecs;
import io.storagesession.media.RtpParameters;
import java.util.Arrays;
import java.util.Map;

/**
 * The session's one master video stream (MediaMTX's {@code stream}): every subscriber — the viewers' forwarding, the
 * recorder — reads it through {@link MasterVideoReader}, so what needs doing once is done once. It owns the master's
 * video as the server receives it, and everything the server says back about it: which packets are its primary H.264
 * stream and which its RTX (RFC 4588, restored to the original before anyone sees them); NACKs for what got lost
 * ({@link NackGenerator}); PLIs when a loss cannot be repaired or a viewer needs a keyframe (RFC 4585 §6.3.1,
 * throttled); REMB capping it at the session quota (draft-alvestrand-rmcat-remb-03); and the NTP/RTP mapping of its
 * sender reports (one {@link SenderReportClock}, lent to the subscribers). Every packet is checked before use; what
 * fails is dropped and counted in {@link VideoCounters}. Confined to the session executor; nothing allocated per
 * packet: subscribers are walked in an array.
 */
public final class MasterStream {
    private static final int PAYLOAD_TYPES = 128;
    private static final int NONE = -1;
    /** SR: header, sender SSRC, NTP (8), RTP timestamp, packet and octet counts (RFC 3550 §6.4.1). */
    private static final int WORD = 4;
    /** REMB for one SSRC (draft-alvestrand-rmcat-remb-03 §2.2): five words of header and bit rate, one SSRC. */
    private static final int REMB_ONE_SSRC = 6 * WORD;

    private final VideoSettings settings;
    private final VideoCounters counters;
    private final NackGenerator nacks;
    private final SenderReportClock clock = new SenderReportClock(OfferCodecs.VIDEO_CLOCK_RATE);
    private MasterVideoReader[] readers = new MasterVideoReader[0];
    /** The master's answer as tables: H.264 payload types it may send, and RTX type → repaired type. */
    private final boolean[] videoTypes = new boolean[PAYLOAD_TYPES];
    private final int[] rtxRepairs = new int[PAYLOAD_TYPES];
    private long[] announcedSsrcs = new long[0];
    private final byte[] restored;
    private final byte[] rtcp;
    private final int[] nackItems;
    private final int[] rembSsrcs = new int[1];
    private MediaOut out;
    private int ssrc;
    private boolean ssrcKnown;
    private int rtxSsrc;
    private boolean rtxSsrcKnown;
    private boolean restarted;
    private boolean keyframeWanted;
    private boolean keyframeRequested;
    private long lastKeyframeRequestNanos;
    private boolean rembSent;
    private long lastRembNanos;

    /** The packet {@link #accept} let through: the lent buffer itself, or {@link #restored} for RTX. */
    private byte[] packet;
    private int packetOffset;
    private int packetLength;

    MasterStream(VideoSettings settings, VideoCounters counters) {
        this.settings = settings;
        this.counters = counters;
        this.nacks = new NackGenerator(settings);
        this.restored = new byte[settings.maxPacketBytes()];
        this.nackItems = new int[nacks.maxItems()];
        this.rtcp = new byte[Math.max(nacks.maxNackBytes(), RtcpFeedback.RR_LENGTH + REMB_ONE_SSRC)
                + MediaOut.TRAILER_ROOM];
    }

    void connected(MediaOut master) {
        out = master;
        RtpParameters answer = master.videoParameters();
        Arrays.fill(videoTypes, false);
        Arrays.fill(rtxRepairs, NONE);
        for (int pt : answer.payloadTypes()) {
            if (pt >= 0 && pt < PAYLOAD_TYPES) {
                videoTypes[pt] = true;
            }
        }
        for (Map.Entry<Integer, Integer> e : answer.rtx().entrySet()) {
            if (e.getKey() >= 0 && e.getKey() < PAYLOAD_TYPES && e.getValue() >= 0 && e.getValue() < PAYLOAD_TYPES
                    && videoTypes[e.getValue()]) {
                rtxRepairs[e.getKey()] = e.getValue();
            }
        }
        announcedSsrcs = answer.ssrcs().stream().mapToLong(Long::longValue).toArray();
        ssrcKnown = false;
        rtxSsrcKnown = false;
        nacks.reset();
        clock.forget();
        rembSent = false;
        keyframeRequested = false;
        for (MasterVideoReader reader : readers) {
            reader.masterConnected(master);
        }
    }

    void disconnected() {
        boolean wasConnected = out != null;
        out = null;
        ssrcKnown = false;
        rtxSsrcKnown = false;
        nacks.reset();
        clock.forget();
        if (wasConnected) {
            for (MasterVideoReader reader : readers) {
                reader.masterDisconnected();
            }
        }
    }

    /**
     * Adds a subscriber; it hears of the next master path, and of the current one's packets from now on. Made at
     * session set-up, not per packet.
     */
    public void subscribe(MasterVideoReader reader) {
        MasterVideoReader[] grown = Arrays.copyOf(readers, readers.length + 1);
        grown[readers.length] = reader;
        readers = grown;
    }

    RtpParameters answer() {
        return out == null ? null : out.videoParameters();
    }

    /**
     * A video packet from the master: checked, restored from RTX if it came as RTX, its sequence number tracked (loss
     * NACKed); when it is new, every subscriber reads it — after {@link MasterVideoReader#masterRestarted()} if it
     * restarted the sequence.
     */
    void receive(byte[] buf, int off, int len, long now) {
        if (!accept(buf, off, len, now)) {
            return;
        }
        for (MasterVideoReader reader : readers) {
            if (restarted) {
                reader.masterRestarted();
            }
            reader.masterVideo(packet, packetOffset, packetLength, now);
        }
    }

    /** Checks a packet and tracks its sequence number; true when it is new (then at {@link #packet}). */
    private boolean accept(byte[] buf, int off, int len, long now) {
        restarted = false;
        if (out == null) {
            return false;
        }
        if (Rtp.payloadOffset(buf, off, len) < 0 || !Rtp.version2(buf, off)
                || len > settings.maxPacketBytes()) {
            counters.rtpMalformed++;
            return false;
        }
        int type = Rtp.payloadType(buf, off);
        int streamSsrc = Rtp.ssrc(buf, off);
        if (videoTypes[type]) {
            if (!ssrcKnown) {
                if (!announced(streamSsrc) || rtxSsrcKnown && streamSsrc == rtxSsrc) {
                    counters.rtpUnknownSsrc++;
                    return false;
                }
                ssrc = streamSsrc;
                ssrcKnown = true;
                sendRemb(now);
                if (keyframeWanted) {
                    requestKeyframe(now);
                }
            } else if (streamSsrc != ssrc) {
                counters.rtpUnknownSsrc++;
                return false;
            }
            packet = buf;
            packetOffset = off;
            packetLength = len;
        } else if (rtxRepairs[type] != NONE) {
            if (!ssrcKnown || streamSsrc == ssrc || rtxSsrcKnown && streamSsrc != rtxSsrc || !announced(streamSsrc)) {
                counters.rtpUnknownSsrc++;
                return false;
            }
            rtxSsrc = streamSsrc;
            rtxSsrcKnown = true;
            int restoredLength = Rtx.restore(buf, off, len, rtxRepairs[type], ssrc, restored);
            if (restoredLength < 0) {
                counters.rtxPadding++;
                return false;
            }
            packet = restored;
            packetOffset = 0;
            packetLength = restoredLength;
        } else {
            counters.rtpUnknownPayloadType++;
            return false;
        }
        return track(Rtp.sequence(packet, packetOffset), now);
    }

    private boolean track(int sequence, long now) {
        int outcome = nacks.received(sequence);
        boolean forward = true;
        switch (outcome) {
            case NackGenerator.NEW -> {
                if (nacks.missingCount() > 0) {
                    sendNacks(now);
                }
            }
            case NackGenerator.RECOVERED -> counters.recovered++;
            case NackGenerator.RESTARTED -> {
                counters.sequenceRestarts++;
                restarted = true;
            }
            case NackGenerator.DUPLICATE -> {
                counters.rtpDuplicate++;
                forward = false;
            }
            default -> {
                counters.rtpSequenceJump++;
                forward = false;
            }
        }
        afterLoss(now);
        return forward;
    }

    /** The master's primary video SSRC, once its first packet came. */
    boolean ssrcKnown() {
        return ssrcKnown;
    }

    int ssrc() {
        return ssrc;
    }

    SenderReportClock clock() {
        return clock;
    }

    /** Takes the master's sender reports; everything else in its RTCP is for others (the audio mixer) or ignored. */
    void rtcp(RtcpCompound rtcp, long now) {
        for (int packet = 0; packet < rtcp.count(); packet++) {
            if (!rtcp.knownType(packet)) {
                counters.rtcpUnknownType++;
            } else if (rtcp.type(packet) == RtcpCompound.SR) {
                if (!rtcp.senderReport(packet)) {
                    counters.rtcpMalformed++;
                } else if (ssrcKnown && rtcp.senderSsrc(packet) == ssrc) {
                    clock.update(ssrc, rtcp.senderNtp(packet), rtcp.senderRtpTimestamp(packet), now);
                    for (MasterVideoReader reader : readers) {
                        reader.masterSenderReport(clock);
                    }
                    counters.masterSenderReports++;
                }
            }
        }
        if (rtcp.malformed()) {
            counters.rtcpMalformed++;
        }
    }

    /** The media tick: NACK retries, a keyframe request still owed, the periodic REMB. */
    void tick(long now) {
        if (out == null || !ssrcKnown) {
            return;
        }
        if (nacks.missingCount() > 0) {
            sendNacks(now);
        }
        afterLoss(now);
        if (keyframeWanted) {
            requestKeyframe(now);
        }
        if (!rembSent || now - lastRembNanos >= settings.rembInterval().toNanos()) {
            sendRemb(now);
        }
    }

    /** A PLI to the master (RR + PLI, a valid compound packet), throttled; remembered until it can be sent. */
    void requestKeyframe(long now) {
        if (out == null || !ssrcKnown) {
            keyframeWanted = true;
            return;
        }
        if (keyframeRequested && now - lastKeyframeRequestNanos < settings.keyframeRequestInterval().toNanos()) {
            return;
        }
        int n = RtcpFeedback.emptyReceiverReport(rtcp, 0, out.videoSsrc());
        n += RtcpFeedback.pli(rtcp, n, out.videoSsrc(), ssrc);
        if (out.sendRtcp(rtcp, 0, n)) {
            counters.keyframeRequests++;
            keyframeRequested = true;
            keyframeWanted = false;
            lastKeyframeRequestNanos = now;
        }
    }

    private void afterLoss(long now) {
        counters.lostForGood += nacks.takeLost();
        if (nacks.takeKeyframeNeeded()) {
            requestKeyframe(now);
        }
    }

    private void sendNacks(long now) {
        int items = nacks.due(now, nackItems);
        if (items == 0) {
            return;
        }
        int n = RtcpFeedback.emptyReceiverReport(rtcp, 0, out.videoSsrc());
        n += RtcpFeedback.nack(rtcp, n, out.videoSsrc(), ssrc, nackItems, items);
        if (out.sendRtcp(rtcp, 0, n)) {
            counters.nacksSent++;
            for (int i = 0; i < items; i++) {
                counters.packetsNacked += 1 + Integer.bitCount(nackItems[i] & 0xFFFF);
            }
        }
    }

    private void sendRemb(long now) {
        rembSsrcs[0] = ssrc;
        int n = RtcpFeedback.emptyReceiverReport(rtcp, 0, out.videoSsrc());
        n += RtcpFeedback.remb(rtcp, n, out.videoSsrc(), settings.maxBitrate(), rembSsrcs);
        if (out.sendRtcp(rtcp, 0, n)) {
            counters.rembsSent++;
        }
        rembSent = true;
        lastRembNanos = now;
    }

    /** With no {@code a=ssrc} in the answer any SSRC may be the stream; otherwise only an announced one. */
    private boolean announced(int streamSsrc) {
        if (announcedSsrcs.length == 0) {
            return true;
        }
        for (long announcedSsrc : announcedSsrcs) {
            if (announcedSsrc == (streamSsrc & 0xFFFF_FFFFL)) {
                return true;
            }
        }
        return false;
    }
}
