package io.storagesession.webrtc.sdp;

/**
 * An SDP, an ICE candidate or a signaling payload that the storage session refuses. The message is written for the
 * participant's developer: it becomes the {@code description} of the KVS {@code STATUS_RESPONSE} (400
 * {@code InvalidArgumentException}, KVS-WIRE.md §3) sent back for the frame, so it says what was wrong and what is
 * accepted instead.
 *
 * <p>Checked on purpose: every caller sits on the boundary with an untrusted participant and must turn a refusal
 * into a status response rather than let it escape as an internal error.
 */
public final class SdpException extends Exception {
    private static final long serialVersionUID = 1L;

    public SdpException(String message) {
        super(message, null, false, false);
    }
}
