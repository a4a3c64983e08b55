package io.storagesession.turn;

/**
 * Where the TURN server reports what it does, so the server module can expose it as metrics without this module
 * depending on a metrics library. Relay threads count packets in plain fields and report once per sweep, so the
 * packet path never touches shared counters. Implementations must be thread-safe.
 */
public interface TurnStats {
    /** An allocation was created for credentials of {@code channel} (the REST username's user part). */
    void allocationOpened(String channel);

    void allocationClosed(String channel);

    /** Time an allocation of {@code channel} was held since the last report (the seed's TURNConnectedMinutes). */
    void connected(String channel, long millis);

    void relayed(long packets, long bytes);

    /** Packets or requests dropped or refused, by reason (e.g. {@code no-permission}, {@code bandwidth}). */
    void dropped(String reason, long count);

    void authFailure();

    /** Discards everything. */
    TurnStats NONE = new TurnStats() {
        @Override
        public void allocationOpened(String channel) {
        }

        @Override
        public void allocationClosed(String channel) {
        }

        @Override
        public void connected(String channel, long millis) {
        }

        @Override
        public void relayed(long packets, long bytes) {
        }

        @Override
        public void dropped(String reason, long count) {
        }

        @Override
        public void authFailure() {
        }
    };
}
