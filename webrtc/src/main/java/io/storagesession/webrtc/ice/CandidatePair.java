package io.storagesession.webrtc.ice;

import java.net.InetSocketAddress;

/**
 * Our relayed candidate paired with one remote candidate (RFC 8445 §6.1.2). There is one local candidate, so a pair
 * is named by its remote address; its priority orders the checks (§6.1.2.3, we are the controlling agent).
 */
final class CandidatePair {
    /** RFC 8445 §6.1.2.6 states, without Frozen: one component and one local candidate leave nothing to unfreeze. */
    enum State { WAITING, IN_PROGRESS, SUCCEEDED, FAILED }

    final InetSocketAddress remote;
    final String type;
    final long priority;
    State state = State.WAITING;

    CandidatePair(InetSocketAddress remote, String type, long localPriority, long remotePriority) {
        this.remote = remote;
        this.type = type;
        this.priority = pairPriority(localPriority, remotePriority);
    }

    /** RFC 8445 §6.1.2.3: 2^32*MIN(G,D) + 2*MAX(G,D) + (G>D?1:0), G the controlling agent's priority. */
    static long pairPriority(long controlling, long controlled) {
        return (Math.min(controlling, controlled) << Integer.SIZE) + 2 * Math.max(controlling, controlled)
                + (controlling > controlled ? 1 : 0);
    }

    @Override
    public String toString() {
        return type + " " + remote + " " + state;
    }
}
