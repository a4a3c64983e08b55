package io.storagesession.bench.turn;

import java.nio.channels.DatagramChannel;
import java.util.OptionalLong;

/**
 * Runs one step: a {@link PeerEchoLoop} thread and a {@link ClientLoop} thread over the given sockets for warm-up,
 * window and drain, sampling the server's and this JVM's CPU time at the window's edges.
 */
final class TrafficStep {
    private static int nextRunId = 1;

    private final DatagramChannel[] clients;
    private final DatagramChannel[] peers;
    private final int peerProbeOffset;
    private final int payloadSize;

    /** @param peerProbeOffset see {@link PeerEchoLoop#PeerEchoLoop} */
    TrafficStep(DatagramChannel[] clients, DatagramChannel[] peers, int peerProbeOffset, int payloadSize) {
        this.clients = clients;
        this.peers = peers;
        this.peerProbeOffset = peerProbeOffset;
        this.payloadSize = payloadSize;
    }

    StepResult run(String mode, double rate, double warmupSeconds, double seconds, double drainSeconds,
                   OptionalLong serverPid) throws InterruptedException {
        int runId = nextRunId++;
        long self = ProcessHandle.current().pid();
        WindowEdge[] edges = new WindowEdge[2];
        StepTimeline timeline = new StepTimeline(warmupSeconds, seconds, drainSeconds,
                now -> edges[0] = WindowEdge.at(now, serverPid, self),
                now -> edges[1] = WindowEdge.at(now, serverPid, self));
        PeerEchoLoop peerLoop = new PeerEchoLoop(peers, peerProbeOffset, runId);
        ClientLoop clientLoop = new ClientLoop(clients, payloadSize, rate, timeline, runId);
        Thread peerThread = new Thread(peerLoop, "turn-bench-peers");
        Thread clientThread = new Thread(clientLoop, "turn-bench-clients");
        peerThread.start();
        clientThread.start();
        clientThread.join();
        peerLoop.stop();
        peerThread.join();
        return new StepResult(mode, rate, (edges[1].nanos - edges[0].nanos) / 1e9, clientLoop.sentMeasured(),
                clientLoop.sendDropped() + peerLoop.echoDropped(), peerLoop.receivedMeasured(),
                clientLoop.receivedMeasured(), clientLoop.errors() + peerLoop.errors(), peerLoop.clientToPeer(),
                clientLoop.peerToClient(), clientLoop.roundTrip(), edges[1].serverCpu - edges[0].serverCpu,
                edges[1].selfCpu - edges[0].selfCpu);
    }

    /** Clock and CPU times sampled on the client thread as the measured window opens or closes. */
    private record WindowEdge(long nanos, double serverCpu, double selfCpu) {
        static WindowEdge at(long nanos, OptionalLong serverPid, long self) {
            double server = serverPid.isPresent() ? ProcessCpu.seconds(serverPid.getAsLong()) : Double.NaN;
            return new WindowEdge(nanos, server, ProcessCpu.seconds(self));
        }
    }
}
