package io.storagesession.webrtc.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.List;
import org.ice4j.Transport;
import org.ice4j.ice.Candidate;
import org.ice4j.ice.Component;
import org.ice4j.ice.HostCandidate;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.harvest.AbstractCandidateHarvester;
import org.ice4j.socket.IceSocketWrapper;
import org.ice4j.socket.IceUdpSocketWrapper;
import org.ice4j.socket.MultiplexingDatagramSocket;

/**
 * The one UDP socket the session's TURN allocations are made from (ARCHITECTURE.md "Relay-only ICE with ice4j").
 * ice4j has no relay-only switch: a TURN allocation needs a host candidate as its base, and its own host harvester
 * skips loopback (where the embedded TURN server usually is). This harvester binds a socket on the local address that
 * routes to the first TURN server, and registers it as a {@link RelayBase}: a host candidate that can reach no remote
 * candidate, so ice4j never pairs it and every connectivity check runs over a relayed candidate. It is never
 * advertised either: the session trickles only relayed candidates.
 */
final class RelayBaseHarvester extends AbstractCandidateHarvester {
    private final InetSocketAddress turnServer;

    RelayBaseHarvester(InetSocketAddress turnServer) {
        this.turnServer = turnServer;
    }

    @Override
    public boolean isHostHarvester() {
        return true;
    }

    @Override
    public Collection<LocalCandidate> harvest(Component component) {
        try {
            IceSocketWrapper socket = new IceUdpSocketWrapper(new MultiplexingDatagramSocket(0, routeTo(turnServer)));
            HostCandidate candidate = new RelayBase(socket, component);
            component.addLocalCandidate(candidate);
            candidate.getStunStack().addSocket(candidate.getStunSocket(null));
            if (component.getComponentSocket() != null) {
                component.getComponentSocket().add(socket);
            }
            return List.of(candidate);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind a UDP socket towards the TURN server " + turnServer, e);
        }
    }

    /** The local address the kernel would send from to reach {@code target} (a connected UDP socket sends nothing). */
    static InetAddress routeTo(InetSocketAddress target) throws IOException {
        try (DatagramSocket probe = new DatagramSocket()) {
            probe.connect(target);
            return probe.getLocalAddress();
        }
    }

    /** A host candidate that exists only as a TURN base: it pairs with nothing. */
    static final class RelayBase extends HostCandidate {
        RelayBase(IceSocketWrapper socket, Component component) {
            super(socket, component, Transport.UDP);
        }

        @Override
        public boolean canReach(Candidate<?> dst) {
            return false;
        }
    }
}
