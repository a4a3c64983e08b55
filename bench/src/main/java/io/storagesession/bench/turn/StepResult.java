package io.storagesession.bench.turn;

import java.util.Locale;

/**
 * What one step measured in its window. A packet is "relayed" each time the server forwards it: once client→peer
 * and once more peer→client for its echo, so relayed packets = peer receptions + client receptions.
 *
 * @param mode             the server's name, or "direct" (same sockets and loops, no server)
 * @param windowSeconds    length of the measured window as actually observed
 * @param serverCpuSeconds CPU time of the server process in the window, NaN when no pid was given or in "direct"
 */
public record StepResult(String mode, double offeredRate, double windowSeconds, long sent, long sendDropped,
                         long peerReceived, long clientReceived, long errors, LatencyHistogram clientToPeer,
                         LatencyHistogram peerToClient, LatencyHistogram roundTrip, double serverCpuSeconds,
                         double generatorCpuSeconds) {

    public long relayed() {
        return peerReceived + clientReceived;
    }

    public double relayedPerSecond() {
        return relayed() / windowSeconds;
    }

    /** Packets relayed per second of server CPU: the server's throughput if it had one core to itself. */
    public double relayedPerCpuSecond() {
        return relayed() / serverCpuSeconds;
    }

    /** Fraction of measured packets whose echo never came back (either leg lost). */
    public double roundTripLoss() {
        return sent == 0 ? 0 : 1 - (double) clientReceived / sent;
    }

    public String describe() {
        return String.format(Locale.ROOT,
                "%-8s offered %8.0f pps | sent %8d = %8.0f pps (dropped locally %d) | to peers %8d | echoes back %8d | loss %.4f%%"
                        + " | relayed %9.0f pkt/s | c->p p50 %.3f p99 %.3f ms | p->c p50 %.3f p99 %.3f ms"
                        + " | rtt p50 %.3f p99 %.3f max %.3f ms | server cpu %.2f s = %.0f relayed pkt/cpu-s"
                        + " | generator cpu %.2f s | errors %d",
                mode, offeredRate, sent, sent / windowSeconds, sendDropped, peerReceived, clientReceived, 100 * roundTripLoss(),
                relayedPerSecond(), clientToPeer.percentileMillis(50), clientToPeer.percentileMillis(99),
                peerToClient.percentileMillis(50), peerToClient.percentileMillis(99), roundTrip.percentileMillis(50),
                roundTrip.percentileMillis(99), roundTrip.maxMillis(), serverCpuSeconds, relayedPerCpuSecond(),
                generatorCpuSeconds, errors);
    }
}
