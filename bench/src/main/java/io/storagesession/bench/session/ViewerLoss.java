package io.storagesession.bench.session;

import io.storagesession.bench.session.peer.PeerCounters;
import io.storagesession.bench.session.peer.SimulatedPeer;
import java.util.HashMap;
import java.util.Map;

/**
 * Each viewer's video loss, window by window, for a soak that judges "every viewer keeps ≤ 0.5 % loss throughout".
 * A window starts when the viewer is watched (or its last window closed) and closes at a minute's sample once it
 * holds at least {@code minDecided} decided video sequence numbers (received, repaired or lost): one lost packet in a
 * few dozen is noise, not a viewer's quality, so a window too small waits for the next minute. A viewer that leaves
 * closes its last window whatever its size; that one counts in the minute's total but is judged alone only if it is
 * large enough. Confined to the {@link io.storagesession.bench.session.peer.PeerLoop}, where the counters live.
 */
final class ViewerLoss {
    private final long minDecided;
    private final Map<SimulatedPeer, PeerCounters> windowStart = new HashMap<>();
    private Minute open = Minute.EMPTY;

    /**
     * The windows that closed in one minute: their totals, how many were judged, and the worst judged one.
     *
     * @param decided     video sequence numbers decided in the windows that closed
     * @param lost        of which lost
     * @param freezes     gaps between completed frames above the freeze threshold in those windows
     * @param judged      windows large enough to judge
     * @param worstPercent the highest loss of a judged window, in percent (0 when none)
     * @param worstViewer  whose window that was (empty when none)
     */
    record Minute(long decided, long lost, long freezes, int judged, double worstPercent, String worstViewer) {
        static final Minute EMPTY = new Minute(0, 0, 0, 0, 0, "");

        double lossPercent() {
            return decided == 0 ? 0 : 100.0 * lost / decided;
        }

        Minute plus(String viewer, PeerCounters window, boolean judge) {
            double percent = window.lossPercent();
            boolean worse = judge && (judged == 0 || percent > worstPercent);
            return new Minute(decided + window.decided(), lost + window.lost(), freezes + window.freezes(),
                    judged + (judge ? 1 : 0), worse ? percent : worstPercent, worse ? viewer : worstViewer);
        }
    }

    ViewerLoss(long minDecided) {
        this.minDecided = minDecided;
    }

    /** Starts watching a viewer that just joined (its counters start at zero). */
    void watch(SimulatedPeer viewer) {
        windowStart.put(viewer, PeerCounters.ZERO);
    }

    /** The viewer leaves: its last window closes. */
    void leave(SimulatedPeer viewer) {
        PeerCounters start = windowStart.remove(viewer);
        if (start != null) {
            PeerCounters window = viewer.counters().minus(start);
            if (window.decided() > 0) {
                open = open.plus(viewer.name(), window, window.decided() >= minDecided);
            }
        }
    }

    /** A minute's sample: closes every window large enough, and returns the minute's windows. */
    Minute minute() {
        for (Map.Entry<SimulatedPeer, PeerCounters> e : windowStart.entrySet()) {
            PeerCounters now = e.getKey().counters();
            PeerCounters window = now.minus(e.getValue());
            if (window.decided() >= minDecided) {
                open = open.plus(e.getKey().name(), window, true);
                e.setValue(now);
            }
        }
        Minute done = open;
        open = Minute.EMPTY;
        return done;
    }
}
