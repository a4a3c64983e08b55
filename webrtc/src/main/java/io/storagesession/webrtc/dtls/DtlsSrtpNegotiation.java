package io.storagesession.webrtc.dtls;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;

/**
 * What DTLS-SRTP adds to a plain DTLS handshake, shared by our {@link DtlsServerPeer} and {@link DtlsClientPeer}: the
 * {@code use_srtp} offer and answer (RFC 5764 §4.1), the fingerprint check of the peer's certificate (RFC 5763 §5),
 * and the export of the SRTP keys once the handshake is complete (RFC 5764 §4.2). It also remembers why the
 * handshake failed, in words, so that {@link DtlsEndpoint#handshake()} can say more than an alert number.
 */
final class DtlsSrtpNegotiation {
    /** RFC 5764 §4.1.1: WebRTC sends no MKI; the field is present and empty. */
    private static final byte[] NO_MKI = TlsUtils.EMPTY_BYTES;

    private final RemoteFingerprint remoteFingerprint;
    private final List<SrtpProfile> profiles;
    private volatile SrtpProfile chosen;
    private volatile SrtpKeys keys;
    private volatile String failure;

    DtlsSrtpNegotiation(RemoteFingerprint remoteFingerprint, List<SrtpProfile> profiles) {
        this.remoteFingerprint = remoteFingerprint;
        this.profiles = profiles;
    }

    /** The client's {@code use_srtp}: our profiles, most preferred first (RFC 5764 §4.1.1). */
    UseSRTPData offer() {
        return new UseSRTPData(profiles.stream().mapToInt(SrtpProfile::protectionProfileId).toArray(), NO_MKI);
    }

    /**
     * Server side: picks the first of <em>our</em> profiles that the client offered (RFC 5764 §4.1.1 lets the server
     * choose). Without a common profile the handshake fails: a WebRTC peer without SRTP is no use to us.
     */
    void select(UseSRTPData clientOffer) throws TlsFatalAlert {
        if (clientOffer == null) {
            throw fail(AlertDescription.handshake_failure, "the DTLS client did not offer use_srtp");
        }
        int[] offered = clientOffer.getProtectionProfiles();
        for (SrtpProfile profile : profiles) {
            if (Arrays.stream(offered).anyMatch(id -> id == profile.protectionProfileId())) {
                chosen = profile;
                return;
            }
        }
        throw fail(AlertDescription.handshake_failure, "no common SRTP profile: the client offered "
                + describe(offered) + ", we accept " + profiles);
    }

    /** The server's {@code use_srtp} answer: exactly the one profile chosen (RFC 5764 §4.1.1). */
    UseSRTPData answer() {
        return new UseSRTPData(new int[] {chosen.protectionProfileId()}, NO_MKI);
    }

    /** Client side: the server must answer with exactly one of the profiles we offered. */
    void accept(UseSRTPData serverAnswer) throws TlsFatalAlert {
        if (serverAnswer == null) {
            throw fail(AlertDescription.handshake_failure, "the DTLS server did not answer use_srtp");
        }
        int[] answered = serverAnswer.getProtectionProfiles();
        Optional<SrtpProfile> profile = answered.length == 1 ? SrtpProfile.byId(answered[0]) : Optional.empty();
        if (profile.isEmpty() || !profiles.contains(profile.get())) {
            throw fail(AlertDescription.illegal_parameter, "the DTLS server chose SRTP profiles "
                    + describe(answered) + ", we offered " + profiles);
        }
        chosen = profile.get();
    }

    /** The peer's leaf certificate must hash to the SDP fingerprint; WebRTC peers always present one. */
    void verifyPeer(Certificate chain) throws TlsFatalAlert {
        if (chain == null || chain.isEmpty()) {
            throw fail(AlertDescription.handshake_failure, "the peer presented no certificate");
        }
        byte[] der;
        try {
            der = chain.getCertificateAt(0).getEncoded();
        } catch (IOException e) {
            throw fail(AlertDescription.bad_certificate, "the peer's certificate cannot be encoded: " + e);
        }
        if (!remoteFingerprint.matches(der)) {
            throw fail(AlertDescription.bad_certificate,
                    "fingerprint mismatch: the peer's certificate does not hash to " + remoteFingerprint);
        }
    }

    /**
     * Exports {@code 2 * (key + salt)} bytes with the label {@code EXTRACTOR-dtls_srtp} and no context (RFC 5764
     * §4.2). Must run inside {@code notifyHandshakeComplete}: Bouncy Castle clears the master secret as soon as the
     * protocol's accept/connect returns.
     */
    void exportKeys(TlsContext context) throws IOException {
        SrtpProfile profile = chosen;
        if (profile == null) {
            throw fail(AlertDescription.handshake_failure, "the handshake completed without use_srtp");
        }
        byte[] material = context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null,
                profile.keyingMaterialLength());
        try {
            keys = SrtpKeys.fromKeyingMaterial(profile, material, !context.isServer());
        } finally {
            Arrays.fill(material, (byte) 0);
        }
    }

    /** The keys, once {@link #exportKeys} ran. */
    SrtpKeys keys() {
        return keys;
    }

    /** The first failure recorded in words, or null. */
    String failure() {
        return failure;
    }

    /** Profile ids by name where we know them, in hex otherwise (RFC 5764 §4.1.2 registry values). */
    private static String describe(int[] protectionProfiles) {
        return Arrays.stream(protectionProfiles)
                .mapToObj(id -> SrtpProfile.byId(id).map(Enum::name).orElse(String.format("0x%04X", id)))
                .toList().toString();
    }

    private TlsFatalAlert fail(short alert, String reason) {
        if (failure == null) {
            failure = reason;
        }
        return new TlsFatalAlert(alert, reason);
    }
}
