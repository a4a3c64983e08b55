package io.storagesession.it.webrtc;

import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCPeerConnection;
import java.util.ArrayList;
import java.util.List;

/**
 * Trickled candidates from the other peer. libwebrtc rejects a remote candidate that arrives before the remote
 * description, and with in-process signaling the other peer's first candidates routinely do: they wait here until
 * {@link #open()}, then go straight through.
 */
final class CandidateInbox {
    private final RTCPeerConnection pc;
    private final List<RTCIceCandidate> waiting = new ArrayList<>();
    private boolean open;

    CandidateInbox(RTCPeerConnection pc) {
        this.pc = pc;
    }

    synchronized void deliver(RTCIceCandidate candidate) {
        if (open) {
            pc.addIceCandidate(candidate);
        } else {
            waiting.add(candidate);
        }
    }

    /** Called once the remote description is set. */
    synchronized void open() {
        open = true;
        waiting.forEach(pc::addIceCandidate);
        waiting.clear();
    }
}
