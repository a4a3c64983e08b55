package io.storagesession.webrtc.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.webrtc.dtls.SrtpProfile;
import java.lang.management.ManagementFactory;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * "Allocate nothing per packet on the media path in steady state": SRTP and SRTCP, both directions, on buffers with
 * room for the trailer. A few hundred bytes for the whole loop would already be a per-packet allocation escaping the
 * JIT, so the budget is a fraction of a byte per packet.
 */
class SrtpAllocationTest {
    private static final int WARM_UP = 30_000;
    private static final int MEASURED = 20_000;
    private static final int RTCP_EVERY = 10;
    private static final long BUDGET_BYTES = 2_048;

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void protectingAndUnprotectingAllocateNothing(SrtpProfile profile) {
        HandshakeKeys.Pair keys = HandshakeKeys.of(profile);
        byte[] template = new byte[1_200];
        new Random(3).nextBytes(template);
        template[0] = (byte) 0x80;
        template[1] = 96;
        SrtpTransform.writeInt(template, 8, 0x5151_5151);
        byte[] control = SrtpInteropTest.randomRtcp(new Random(4), 0x5151_5151);
        byte[] wire = new byte[template.length + 64];
        PacketBuffer buffer = new PacketBuffer(wire, 0, 0);
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (SrtpSession sender = new SrtpSession(keys.server()); SrtpSession receiver = new SrtpSession(keys.client())) {
            roundTrips(sender, receiver, template, control, wire, buffer, 0, WARM_UP);
            long before = threads.getCurrentThreadAllocatedBytes();
            roundTrips(sender, receiver, template, control, wire, buffer, WARM_UP, MEASURED);
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            int packets = MEASURED + MEASURED / RTCP_EVERY;
            assertThat(allocated).as("%s: %d bytes for %d packets protected and unprotected (%.3f B per packet)",
                    profile, allocated, packets, allocated / (double) packets).isLessThan(BUDGET_BYTES);
        }
    }

    private static void roundTrips(SrtpSession sender, SrtpSession receiver, byte[] template, byte[] control,
                                   byte[] wire, PacketBuffer buffer, int first, int count) {
        for (int i = first; i < first + count; i++) {
            System.arraycopy(template, 0, wire, 0, template.length);
            wire[2] = (byte) (i >> 8);
            wire[3] = (byte) i;
            int sent = sender.protectRtp(buffer.wrap(wire, 0, template.length));
            if (receiver.unprotectRtp(buffer.wrap(wire, 0, sent)) != template.length) {
                throw new AssertionError("packet " + i + " did not round-trip");
            }
            if (i % RTCP_EVERY == 0) {
                System.arraycopy(control, 0, wire, 0, control.length);
                int sentControl = sender.protectRtcp(buffer.wrap(wire, 0, control.length));
                if (receiver.unprotectRtcp(buffer.wrap(wire, 0, sentControl)) != control.length) {
                    throw new AssertionError("RTCP " + i + " did not round-trip");
                }
            }
        }
    }
}
