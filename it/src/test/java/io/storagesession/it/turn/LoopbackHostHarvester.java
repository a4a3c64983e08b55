package io.storagesession.it.turn;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.Collection;
import java.util.List;
import org.ice4j.Transport;
import org.ice4j.ice.Component;
import org.ice4j.ice.HostCandidate;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.harvest.AbstractCandidateHarvester;
import org.ice4j.socket.IceSocketWrapper;
import org.ice4j.socket.IceUdpSocketWrapper;
import org.ice4j.socket.MultiplexingDatagramSocket;

/**
 * One UDP host candidate on 127.0.0.1 for an ice4j agent. ice4j's own host harvester skips loopback interfaces
 * unconditionally ({@code HostCandidateHarvester.isInterfaceAllowed}, whatever {@code ice4j.harvest.allowed-addresses}
 * says), yet a TURN allocation must be made from some local socket: this harvester provides that socket, doing what
 * the built-in one does for each address (socket, candidate, STUN stack registration, component socket). Registered
 * as a host harvester, it runs before the TURN harvester, which then allocates from it.
 */
final class LoopbackHostHarvester extends AbstractCandidateHarvester {
    private final InetAddress address;

    LoopbackHostHarvester(InetAddress address) {
        this.address = address;
    }

    @Override
    public boolean isHostHarvester() {
        return true;
    }

    @Override
    public Collection<LocalCandidate> harvest(Component component) {
        try {
            IceSocketWrapper socket = new IceUdpSocketWrapper(new MultiplexingDatagramSocket(0, address));
            HostCandidate candidate = new HostCandidate(socket, component, Transport.UDP);
            component.addLocalCandidate(candidate);
            candidate.getStunStack().addSocket(candidate.getStunSocket(null));
            if (component.getComponentSocket() != null) {
                component.getComponentSocket().add(socket);
            }
            return List.of(candidate);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind a UDP socket on " + address, e);
        }
    }
}
