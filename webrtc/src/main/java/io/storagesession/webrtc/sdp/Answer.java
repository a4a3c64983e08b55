package io.storagesession.webrtc.sdp;

import java.util.List;

/**
 * A participant's answer that passed {@link AnswerValidator}: everything the ICE agent, the DTLS handshake and the
 * media path need from it.
 *
 * @param iceUfrag       the participant's ICE username fragment (RFC 8839 §5.4)
 * @param icePwd         the participant's ICE password
 * @param fingerprint    the participant's certificate fingerprint, checked during the DTLS handshake
 * @param serverDtlsRole the storage session's DTLS role
 * @param video          the answered video m-section
 * @param audio          the answered audio m-section
 * @param candidates     candidates embedded in the answer (at most {@link AnswerValidator#MAX_EMBEDDED_CANDIDATES})
 * @param unparsedCandidates why each embedded candidate that did not parse was skipped (within the same cap)
 */
public record Answer(String iceUfrag, String icePwd, Fingerprint fingerprint, DtlsRole serverDtlsRole,
                     MediaAnswer video, MediaAnswer audio, List<EmbeddedCandidate> candidates,
                     List<String> unparsedCandidates) {

    public Answer {
        candidates = List.copyOf(candidates);
        unparsedCandidates = List.copyOf(unparsedCandidates);
    }

    /** Whether the server waits for the participant's ClientHello. */
    public boolean serverIsDtlsServer() {
        return serverDtlsRole == DtlsRole.SERVER;
    }
}
