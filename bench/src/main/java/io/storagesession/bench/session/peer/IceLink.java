package io.storagesession.bench.session.peer;

import io.storagesession.bench.session.ice.BindingRequest;
import io.storagesession.bench.session.ice.IceChecker;
import io.storagesession.bench.session.ice.IceResponder;
import io.storagesession.bench.session.relay.TurnRelay;
import io.storagesession.bench.session.sdp.Offer;
import io.storagesession.turn.Stun;
import io.storagesession.webrtc.dtls.DtlsEndpoint;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * A participant's ICE over its TURN relay: unwraps what the TURN server delivers (ChannelData, or a Data indication
 * before a channel is bound; answers to our own TURN requests), answers the remote agent's checks ({@link
 * IceResponder}), sends our own when we are the controlling agent ({@link IceChecker}), and tells the participant
 * when a pair is nominated — by the remote's USE-CANDIDATE when it controls, by the answer to ours when we do — and
 * hands DTLS and SRTP datagrams up (RFC 7983 §7 demultiplexing by the first byte). Confined to the event loop.
 */
final class IceLink {
    /** RFC 7983 §7: a first byte of 0–3 is STUN among DTLS, RTP and RTCP. */
    private static final int STUN_FIRST_BYTE_MAX = 3;

    /** The participant above the link. */
    interface Upper {
        /** Whether no pair has been nominated for the current description yet. */
        boolean awaitingNomination();

        void nominated(int channel);

        void dtls(byte[] b, int off, int len);

        void media(byte[] b, int off, int len, long now);

        void failed(String reason);
    }

    private final TurnRelay relay;
    private final String ufrag;
    private final String pwd;
    private final int[] dataLength = new int[1];
    private final InetSocketAddress[] dataPeer = new InetSocketAddress[1];
    private IceResponder responder;
    private IceChecker checker;
    private int selectedChannel = -1;
    long dropped;
    long checksAnswered;

    IceLink(TurnRelay relay, String ufrag, String pwd) {
        this.relay = relay;
        this.ufrag = ufrag;
        this.pwd = pwd;
    }

    /** Starts over for a new remote description; {@code controlling} when we offered. */
    void reset(Offer remote, boolean controlling) throws IOException {
        responder = new IceResponder(ufrag, pwd);
        checker = controlling ? new IceChecker(ufrag, remote.iceUfrag(), remote.icePwd()) : null;
        selectedChannel = -1;
        for (InetSocketAddress candidate : remote.relayCandidates()) {
            relay.addRemote(candidate);
        }
    }

    int selectedChannel() {
        return selectedChannel;
    }

    /** One datagram from the TURN server. */
    void datagram(byte[] b, int n, long now, Upper upper) {
        if (TurnRelay.isChannelData(b, 0, n)) {
            int channel = TurnRelay.channelNumber(b, 0);
            int length = TurnRelay.channelDataLength(b, 0, n);
            if (length < 0 || relay.remoteOf(channel) == null) {
                dropped++;
                return;
            }
            payload(relay.remoteOf(channel), channel, b, Stun.CHANNEL_DATA_HEADER, length, now, upper);
            return;
        }
        int at = TurnRelay.dataIndication(b, 0, n, dataLength, dataPeer);
        if (at >= 0) {
            payload(dataPeer[0], relay.channelOf(dataPeer[0]), b, at, dataLength[0], now, upper);
            return;
        }
        try {
            relay.onStun(ByteBuffer.wrap(b, 0, n));
        } catch (IOException e) {
            dropped++;
        }
    }

    private void payload(InetSocketAddress from, int channel, byte[] b, int off, int len, long now, Upper upper) {
        if (len <= 0 || responder == null) {
            dropped++;
        } else if ((b[off] & 0xFF) <= STUN_FIRST_BYTE_MAX) {
            int answered = checker == null ? -1 : checker.answered(b, off, len);
            if (answered >= 0) {
                nominate(answered, upper);
            } else {
                check(from, channel, b, off, len, upper);
            }
        } else if (DtlsEndpoint.isDtlsRecord(b, off, len)) {
            upper.dtls(b, off, len);
        } else {
            upper.media(b, off, len, now);
        }
    }

    /** A check of the remote agent's: answer it; its USE-CANDIDATE nominates when the remote controls. */
    private void check(InetSocketAddress from, int channel, byte[] b, int off, int len, Upper upper) {
        BindingRequest request = responder.authentic(b, off, len);
        if (request == null) {
            dropped++;
            return;
        }
        int to = channel;
        if (to < 0) {
            try {
                to = relay.addRemote(from);
            } catch (IOException e) {
                upper.failed(e.toString());
                return;
            }
        }
        ByteBuffer out = ByteBuffer.wrap(new byte[PacketSink.OFFSET + IceResponder.ANSWER_LENGTH]);
        out.position(PacketSink.OFFSET);
        responder.answer(request, from, out);
        try {
            relay.send(out, to, out.position() - PacketSink.OFFSET);
        } catch (IOException e) {
            dropped++;
        }
        checksAnswered++;
        if (checker == null && request.useCandidate()) {
            nominate(to, upper);
        }
    }

    private void nominate(int channel, Upper upper) {
        if (upper.awaitingNomination()) {
            selectedChannel = channel;
            upper.nominated(channel);
        }
    }

    /** Refreshes the relay and, when controlling, sends the checks that are due (into {@code out}). */
    void tick(long now, ByteBuffer out) {
        try {
            relay.refreshIfDue(now);
        } catch (IOException e) {
            dropped++;
        }
        if (checker == null || !checker.due(now)) {
            return;
        }
        int nominated = checker.nominated();
        for (int i = 0; i < relay.remoteCount(); i++) {
            int channel = Stun.MIN_CHANNEL + i;
            if (nominated >= 0 && channel != nominated) {
                continue;
            }
            out.clear().position(PacketSink.OFFSET);
            checker.write(channel, out);
            try {
                relay.send(out, channel, out.position() - PacketSink.OFFSET);
            } catch (IOException e) {
                dropped++;
            }
        }
    }
}
