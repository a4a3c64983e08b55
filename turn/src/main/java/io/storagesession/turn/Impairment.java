package io.storagesession.turn;

import java.nio.ByteBuffer;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/**
 * The drops the test settings ask for on relayed data ({@code turn.impairment}): a share of datagrams at random, all
 * the time or in periodic bursts (as a congested or fading link loses packets in runs), and every RTCP sender report.
 * Applied wherever data reaches a client or a local relay, whichever path it took, so a test sees the same loss
 * through the network path and the in-process hand-over. Thread-safe.
 */
final class Impairment {
    private static final double PERCENT = 100;

    private final double lossPercent;
    private final long burstEveryMillis;
    private final long burstLengthMillis;
    private final boolean dropSenderReports;
    private final TurnStats stats;
    /** The server's clock, in ms. */
    private final LongSupplier clockMillis;

    Impairment(TurnSettings.ImpairmentSettings settings, TurnStats stats, LongSupplier clockMillis) {
        this.lossPercent = settings.lossPercent();
        this.burstEveryMillis = settings.burstEvery().toMillis();
        this.burstLengthMillis = settings.burstLength().toMillis();
        this.dropSenderReports = settings.dropSenderReports();
        this.stats = stats;
        this.clockMillis = clockMillis;
    }

    /** Whether the datagram of {@code length} bytes at {@code offset} is to be dropped; counts the drop. */
    boolean drops(ByteBuffer buf, int offset, int length) {
        if (randomLoss() || dropSenderReports && SenderReports.begins(buf, offset, length)) {
            stats.dropped("impairment", 1);
            return true;
        }
        return false;
    }

    /** As {@link #drops(ByteBuffer, int, int)} for an array (wrapped only when sender reports are dropped). */
    boolean drops(byte[] buf, int offset, int length) {
        if (randomLoss() || dropSenderReports && SenderReports.begins(ByteBuffer.wrap(buf), offset, length)) {
            stats.dropped("impairment", 1);
            return true;
        }
        return false;
    }

    private boolean randomLoss() {
        return lossPercent > 0 && inBurst() && ThreadLocalRandom.current().nextDouble(PERCENT) < lossPercent;
    }

    /** Within the loss period: always without bursts, else the first burst-length of every burst-every. */
    private boolean inBurst() {
        return burstEveryMillis == 0 || Math.floorMod(clockMillis.getAsLong(), burstEveryMillis) < burstLengthMillis;
    }
}
