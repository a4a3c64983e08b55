package io.storagesession.turn;

import java.nio.ByteBuffer;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The drops the test settings ask for on relayed data ({@code turn.impairment}): a share of datagrams at random, and
 * every RTCP sender report. Applied wherever data reaches a client or a local relay, whichever path it took, so a
 * test sees the same loss through the network path and the in-process hand-over. Thread-safe.
 */
final class Impairment {
    private static final double PERCENT = 100;

    private final double lossPercent;
    private final boolean dropSenderReports;
    private final TurnStats stats;

    Impairment(TurnSettings settings, TurnStats stats) {
        this.lossPercent = settings.lossPercent();
        this.dropSenderReports = settings.dropSenderReports();
        this.stats = stats;
    }

    /** Whether the datagram of {@code length} bytes at {@code offset} is to be dropped; counts the drop. */
    boolean drops(ByteBuffer buf, int offset, int length) {
        if (lossPercent > 0 && ThreadLocalRandom.current().nextDouble(PERCENT) < lossPercent
                || dropSenderReports && SenderReports.begins(buf, offset, length)) {
            stats.dropped("impairment", 1);
            return true;
        }
        return false;
    }

    /** As {@link #drops(ByteBuffer, int, int)} for an array (wrapped only when sender reports are dropped). */
    boolean drops(byte[] buf, int offset, int length) {
        if (lossPercent > 0 && ThreadLocalRandom.current().nextDouble(PERCENT) < lossPercent
                || dropSenderReports && SenderReports.begins(ByteBuffer.wrap(buf), offset, length)) {
            stats.dropped("impairment", 1);
            return true;
        }
        return false;
    }
}
