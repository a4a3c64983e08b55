package io.storagesession.bench.turn;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.function.Consumer;

/**
 * The peers' side of one step: every datagram arriving on a peer socket (from its relayed address, or from the
 * client directly in the baseline) is stamped with the echo time and sent straight back. One thread, one selector,
 * one buffer: nothing is allocated per packet.
 */
final class PeerEchoLoop implements Runnable {
    private final DatagramChannel[] peers;
    private final int probeOffset;
    private final int runId;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(65536);
    private final Consumer<SelectionKey> onReadable = this::echoAll;
    private final LatencyHistogram clientToPeer = new LatencyHistogram();
    private volatile boolean running = true;
    private long received;
    private long receivedMeasured;
    private long echoDropped;
    private long errors;

    /**
     * @param probeOffset where the {@link Probe} starts in what a peer receives: 0 behind a relay (the server strips
     *                    the ChannelData header), 4 in the direct baseline (the header arrives as payload)
     */
    PeerEchoLoop(DatagramChannel[] peers, int probeOffset, int runId) {
        this.peers = peers;
        this.probeOffset = probeOffset;
        this.runId = runId;
    }

    void stop() {
        running = false;
    }

    @Override
    public void run() {
        try (Selector selector = Selector.open()) {
            for (DatagramChannel peer : peers) {
                peer.configureBlocking(false);
                peer.register(selector, SelectionKey.OP_READ);
            }
            while (running) {
                selector.select(onReadable, 5);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void echoAll(SelectionKey key) {
        DatagramChannel peer = (DatagramChannel) key.channel();
        while (true) {
            buffer.clear();
            int length;
            try {
                length = peer.read(buffer);
            } catch (IOException e) {
                errors++;
                return;
            }
            if (length <= 0) {
                return;
            }
            echo(peer, length);
        }
    }

    private void echo(DatagramChannel peer, int length) {
        if (length < probeOffset + Probe.LENGTH || buffer.getInt(probeOffset + Probe.RUN) != runId) {
            return;
        }
        long now = System.nanoTime();
        received++;
        if ((buffer.getInt(probeOffset + Probe.FLAGS) & Probe.FLAG_MEASURED) != 0) {
            receivedMeasured++;
            clientToPeer.record(now - buffer.getLong(probeOffset + Probe.SENT_NANOS));
        }
        buffer.putLong(probeOffset + Probe.ECHO_NANOS, now);
        buffer.flip();
        try {
            if (peer.write(buffer) == 0) {
                echoDropped++;
            }
        } catch (IOException e) {
            errors++;
        }
    }

    long received() {
        return received;
    }

    long receivedMeasured() {
        return receivedMeasured;
    }

    long echoDropped() {
        return echoDropped;
    }

    long errors() {
        return errors;
    }

    LatencyHistogram clientToPeer() {
        return clientToPeer;
    }
}
