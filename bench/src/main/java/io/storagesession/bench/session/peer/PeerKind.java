package io.storagesession.bench.session.peer;

/**
 * What a simulated participant is: a KVS storage-session master or viewer (the server offers and controls ICE), or —
 * for the side-by-side comparison with an SFU — a publisher that offers and controls ICE itself, or a subscriber that
 * only receives (no mixing: it sends no audio and answers audio {@code recvonly}).
 */
public enum PeerKind {
    KVS_MASTER(true, true, false),
    KVS_VIEWER(false, true, false),
    SFU_PUBLISHER(true, true, true),
    SFU_SUBSCRIBER(false, false, false);

    private final boolean sendsVideo;
    private final boolean sendsAudio;
    private final boolean offers;

    PeerKind(boolean sendsVideo, boolean sendsAudio, boolean offers) {
        this.sendsVideo = sendsVideo;
        this.sendsAudio = sendsAudio;
        this.offers = offers;
    }

    public boolean sendsVideo() {
        return sendsVideo;
    }

    public boolean sendsAudio() {
        return sendsAudio;
    }

    /** Whether this participant offers, and so is the controlling ICE agent (RFC 8445 §6.1.1). */
    public boolean offers() {
        return offers;
    }
}
