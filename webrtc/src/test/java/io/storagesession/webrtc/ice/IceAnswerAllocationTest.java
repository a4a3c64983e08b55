package io.storagesession.webrtc.ice;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.turn.RelayTransport;
import io.storagesession.turn.Stun;
import io.storagesession.turn.StunWriter;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Answering a participant's checks allocates nothing in steady state: a participant sends a consent check every few
 * seconds for as long as it stays (RFC 7675), so an agent that made a message, a MAC or a String per answer would
 * make garbage in proportion to the server's participants. The JVM's count of the bytes the session executor
 * allocated across 20 000 answers after a warm-up: fewer bytes than answers, so not one object per answer. The relay
 * here only counts what it is given, as the real ones copy without allocating.
 */
class IceAnswerAllocationTest {
    private static final int ANSWERS = 20_000;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final InetSocketAddress PARTICIPANT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 40_001);

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        executor.shutdownNow();
        timers.shutdownNow();
    }

    @Test
    void answeringAParticipantsChecksAllocatesNothing() throws Exception {
        CountingRelay relay = new CountingRelay();
        IceAgent agent = new IceAgent(relay, new CheckSettings(Duration.ofMillis(50), Duration.ofMillis(500),
                Duration.ofSeconds(3), 7), new ConsentSettings(Duration.ofSeconds(5), Duration.ofSeconds(30)),
                timers, executor, new IceAgent.Events() {
                    @Override
                    public void selected(InetSocketAddress remote) {
                    }

                    @Override
                    public void failed(String reason) {
                    }
                });
        StunWriter participant = StunWriter.reusable();
        int length = participant.start(Stun.BINDING, Stun.CLASS_REQUEST, new byte[IceMessages.TRANSACTION_ID_LENGTH])
                .attribute(Stun.ATTR_USERNAME, (agent.localUfrag() + ":remote").getBytes(StandardCharsets.UTF_8))
                .u32(Stun.ATTR_PRIORITY, 1_000)
                .u64(IceMessages.ATTR_ICE_CONTROLLED, 7)
                .signInPlace(Stun.integrityKey(agent.localPassword().getBytes(StandardCharsets.UTF_8)));
        byte[] check = Arrays.copyOf(participant.array(), length);
        executor.submit(() -> answer(agent, check, ANSWERS)).get(30, TimeUnit.SECONDS); // warm-up
        long thread = executor.submit(() -> Thread.currentThread().getId()).get();
        long before = THREADS.getThreadAllocatedBytes(thread);
        long sentBefore = relay.sent;
        executor.submit(() -> answer(agent, check, ANSWERS)).get(30, TimeUnit.SECONDS);
        long allocated = THREADS.getThreadAllocatedBytes(thread) - before;
        System.out.printf("ICE answers: %d bytes for %d answers%n", allocated, ANSWERS);
        assertThat(relay.sent - sentBefore).as("every check answered").isEqualTo(ANSWERS);
        assertThat(allocated).as("bytes allocated answering %d checks", ANSWERS).isLessThan(ANSWERS);
    }

    private static void answer(IceAgent agent, byte[] check, int times) {
        for (int i = 0; i < times; i++) {
            agent.onStun(check, check.length, PARTICIPANT);
        }
    }

    /** Counts what it is asked to send and checks it is a signed success response. */
    private static final class CountingRelay implements RelayTransport {
        long sent;

        @Override
        public InetSocketAddress address() {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), 50_000);
        }

        @Override
        public void permit(InetAddress peer) {
        }

        @Override
        public boolean send(byte[] buf, int off, int len, InetSocketAddress peer) {
            if (Stun.messageClass(Stun.u16(buf, off)) == Stun.CLASS_SUCCESS) {
                sent++;
            }
            return true;
        }

        @Override
        public void close() {
        }
    }
}
