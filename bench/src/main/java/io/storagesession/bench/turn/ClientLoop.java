package io.storagesession.bench.turn;

import io.storagesession.turn.Stun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.function.Consumer;

/**
 * The clients' side of one step: sends ChannelData of the configured size round-robin over the clients at a fixed
 * total rate (paced against the clock, so a stall is caught up in bursts rather than lowering the rate silently),
 * and reads the echoes coming back. Its timeline is warm-up, measured window, then a drain with no sending so late
 * echoes of measured packets still count. One thread, one selector, two preallocated buffers.
 */
final class ClientLoop implements Runnable {
    /** Sends at most this many packets before reading again, so echoes do not pile up in socket buffers. */
    private static final int MAX_BURST = 32;

    private final DatagramChannel[] clients;
    private final double ratePerSecond;
    private final StepTimeline timeline;
    private final int runId;
    private final ByteBuffer sendBuffer;
    private final ByteBuffer receiveBuffer = ByteBuffer.allocateDirect(65536);
    private final Consumer<SelectionKey> onReadable = this::receiveAll;
    private final LatencyHistogram roundTrip = new LatencyHistogram();
    private final LatencyHistogram peerToClient = new LatencyHistogram();
    private long sent;
    private long sentMeasured;
    private long sendDropped;
    private long errors;
    private long receivedMeasured;

    ClientLoop(DatagramChannel[] clients, int payloadSize, double ratePerSecond, StepTimeline timeline, int runId) {
        this.clients = clients;
        this.ratePerSecond = ratePerSecond;
        this.timeline = timeline;
        this.runId = runId;
        sendBuffer = ByteBuffer.allocateDirect(Stun.CHANNEL_DATA_HEADER + payloadSize);
        sendBuffer.putShort(0, (short) Stun.MIN_CHANNEL);
        sendBuffer.putShort(2, (short) payloadSize);
        sendBuffer.putInt(Stun.CHANNEL_DATA_HEADER + Probe.RUN, runId);
    }

    @Override
    public void run() {
        try (Selector selector = Selector.open()) {
            for (DatagramChannel client : clients) {
                client.configureBlocking(false);
                client.register(selector, SelectionKey.OP_READ);
            }
            loop(selector);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void loop(Selector selector) throws IOException {
        long start = System.nanoTime();
        timeline.begin(start);
        while (true) {
            long now = System.nanoTime();
            StepTimeline.Phase phase = timeline.phaseAt(now);
            if (phase == StepTimeline.Phase.DONE) {
                return;
            }
            long due = phase == StepTimeline.Phase.DRAIN ? sent : (long) ((now - start) / 1e9 * ratePerSecond);
            boolean measured = phase == StepTimeline.Phase.MEASURE;
            for (int burst = 0; sent < due && burst < MAX_BURST; burst++) {
                send(clients[(int) (sent % clients.length)], measured, now);
            }
            if (sent < due) {
                selector.selectNow(onReadable);
            } else {
                selector.select(onReadable, 1);
            }
        }
    }

    private void send(DatagramChannel client, boolean measured, long now) {
        int probe = Stun.CHANNEL_DATA_HEADER;
        sendBuffer.putInt(probe + Probe.FLAGS, measured ? Probe.FLAG_MEASURED : 0);
        sendBuffer.putLong(probe + Probe.SEQUENCE, sent);
        sendBuffer.putLong(probe + Probe.SENT_NANOS, now);
        sendBuffer.clear();
        sent++;
        if (measured) {
            sentMeasured++;
        }
        try {
            if (client.write(sendBuffer) == 0) {
                sendDropped++;
            }
        } catch (IOException e) {
            errors++;
        }
    }

    private void receiveAll(SelectionKey key) {
        DatagramChannel client = (DatagramChannel) key.channel();
        while (true) {
            receiveBuffer.clear();
            int length;
            try {
                length = client.read(receiveBuffer);
            } catch (IOException e) {
                errors++;
                return;
            }
            if (length <= 0) {
                return;
            }
            received(length);
        }
    }

    private void received(int length) {
        int probe = Stun.CHANNEL_DATA_HEADER;
        if (length < probe + Probe.LENGTH || (receiveBuffer.getShort(0) & 0xFFFF) != Stun.MIN_CHANNEL
                || receiveBuffer.getInt(probe + Probe.RUN) != runId
                || (receiveBuffer.getInt(probe + Probe.FLAGS) & Probe.FLAG_MEASURED) == 0) {
            return;
        }
        long now = System.nanoTime();
        receivedMeasured++;
        roundTrip.record(now - receiveBuffer.getLong(probe + Probe.SENT_NANOS));
        peerToClient.record(now - receiveBuffer.getLong(probe + Probe.ECHO_NANOS));
    }

    long sentMeasured() {
        return sentMeasured;
    }

    long sendDropped() {
        return sendDropped;
    }

    long errors() {
        return errors;
    }

    long receivedMeasured() {
        return receivedMeasured;
    }

    LatencyHistogram roundTrip() {
        return roundTrip;
    }

    LatencyHistogram peerToClient() {
        return peerToClient;
    }
}
