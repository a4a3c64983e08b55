package io.storagesession.webrtc.testing;

import java.beans.PropertyChangeEvent;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.Agent;
import org.ice4j.ice.CandidatePair;
import org.ice4j.ice.CandidateType;
import org.ice4j.ice.Component;
import org.ice4j.ice.IceMediaStream;
import org.ice4j.ice.IceProcessingState;
import org.ice4j.ice.KeepAliveStrategy;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.RemoteCandidate;
import org.ice4j.ice.harvest.TurnCandidateHarvester;
import org.ice4j.security.LongTermCredential;

/**
 * A participant's ICE agent built on ice4j (a real third-party implementation, which the storage session's own agent
 * replaced): relayed candidates on a TURN server, and the CONTROLLED role a WebRTC answerer takes, so tests check
 * our controlling agent against it. Formerly the session's own agent; kept here for tests only.
 */
public final class Ice4jAgent implements AutoCloseable {
    private static final String STREAM = "media";

    private final Agent agent;
    private final IceMediaStream stream;
    private final IceShutdown shutdown;
    private Component component;
    private volatile boolean started;
    private final DatagramPacket outgoing = new DatagramPacket(new byte[0], 0);

    public Ice4jAgent(IceShutdown shutdown) {
        IceProperties.apply();
        this.shutdown = shutdown;
        this.agent = new RelayOnlyIceAgent();
        agent.setControlling(false);
        agent.setUseDynamicPorts(false);
        agent.setTrickling(false);
        agent.setPerformConsentFreshness(false);
        this.stream = agent.createMediaStream(STREAM);
    }

    public String localUfrag() {
        return agent.getLocalUfrag();
    }

    public String localPassword() {
        return agent.getLocalPassword();
    }

    /**
     * Allocates a relayed candidate on each TURN server (blocking: never on an event loop or a session executor) and
     * returns them rendered as RFC 8839 {@code candidate:} attributes, in priority order. Empty when every
     * allocation failed.
     */
    public List<String> gather(List<Allocation> servers) throws IOException {
        if (servers.isEmpty()) {
            throw new IOException("no TURN server with a UDP URI is configured");
        }
        agent.addCandidateHarvester(new RelayBaseHarvester(servers.get(0).server()));
        for (Allocation allocation : servers) {
            InetSocketAddress server = allocation.server();
            agent.addCandidateHarvester(new TurnCandidateHarvester(
                    new TransportAddress(server.getAddress(), server.getPort(), Transport.UDP),
                    new LongTermCredential(allocation.username(), allocation.password())));
        }
        component = agent.createComponent(stream, KeepAliveStrategy.SELECTED_ONLY, true);
        List<String> candidates = new ArrayList<>();
        for (LocalCandidate candidate : component.getLocalCandidates()) {
            if (candidate.getType() == CandidateType.RELAYED_CANDIDATE) {
                candidates.add(render(candidate));
            }
        }
        return candidates;
    }

    /** The remote participant's ICE credentials, from its answer. */
    public void setRemoteCredentials(String ufrag, String password) {
        stream.setRemoteUfrag(ufrag);
        stream.setRemotePassword(password);
    }

    /**
     * Adds a remote candidate of any type (a camera on the server's own network may offer only host candidates).
     * Only after {@link #gather}; before {@link #start} it joins the first check list, afterwards the running one.
     */
    public void addRemote(String foundation, long priority, String type, InetAddress address, int port) {
        RemoteCandidate candidate = new RemoteCandidate(new TransportAddress(address, port, Transport.UDP),
                component, candidateType(type), foundation, priority, null);
        if (started) {
            component.addUpdateRemoteCandidates(candidate);
            component.updateRemoteCandidates();
        } else {
            component.addRemoteCandidate(candidate);
        }
    }

    /** Starts connectivity checks; {@code states} hears every ICE processing state change (on an ice4j thread). */
    public void start(Consumer<IceProcessingState> states) {
        agent.addStateChangeListener((PropertyChangeEvent event) -> {
            if (Agent.PROPERTY_ICE_PROCESSING_STATE.equals(event.getPropertyName())) {
                states.accept((IceProcessingState) event.getNewValue());
            }
        });
        started = true;
        agent.startConnectivityEstablishment();
    }

    public boolean started() {
        return started;
    }

    /** The socket that delivers every non-STUN datagram received on the selected path (DTLS, SRTP, SRTCP). */
    public DatagramSocket receiveSocket() {
        return component.getSocket();
    }

    /** The selected pair, once ICE completed; null before. */
    public CandidatePair selectedPair() {
        return component == null ? null : component.getSelectedPair();
    }


    /** Sends one datagram over the selected pair; thread-safe (DTLS handshake thread and session executor). */
    public synchronized void send(byte[] buf, int off, int len) throws IOException {
        CandidatePair pair = selectedPair();
        if (pair == null) {
            throw new IOException("ICE has not selected a pair yet");
        }
        outgoing.setData(buf, off, len);
        outgoing.setSocketAddress(pair.getRemoteCandidate().getTransportAddress());
        pair.getDatagramSocket().send(outgoing);
    }

    /** Releases the TURN allocations, sockets and ice4j's threads, without ever blocking the caller for long. */
    @Override
    public void close() {
        shutdown.free(agent, component);
    }

    private static CandidateType candidateType(String type) {
        return switch (type.toLowerCase(Locale.ROOT)) {
            case "host" -> CandidateType.HOST_CANDIDATE;
            case "srflx" -> CandidateType.SERVER_REFLEXIVE_CANDIDATE;
            case "prflx" -> CandidateType.PEER_REFLEXIVE_CANDIDATE;
            case "relay" -> CandidateType.RELAYED_CANDIDATE;
            default -> throw new IllegalArgumentException("unknown candidate type " + type);
        };
    }

    /** RFC 8839 §5.1 syntax, as browsers render relayed candidates. */
    private static String render(LocalCandidate candidate) {
        TransportAddress address = candidate.getTransportAddress();
        TransportAddress related = candidate.getRelatedAddress();
        StringBuilder b = new StringBuilder("candidate:").append(candidate.getFoundation()).append(' ')
                .append(candidate.getParentComponent().getComponentID()).append(" udp ")
                .append(candidate.getPriority()).append(' ').append(address.getHostAddress()).append(' ')
                .append(address.getPort()).append(" typ relay");
        if (related != null) {
            b.append(" raddr ").append(related.getHostAddress()).append(" rport ").append(related.getPort());
        }
        return b.append(" generation 0").toString();
    }

    /** A TURN server to allocate on, resolved, with the credentials to use. */
    public record Allocation(InetSocketAddress server, String username, String password) {
    }

    /** An ice4j agent that answers no connectivity check arriving at the unadvertised host socket. */
    private static final class RelayOnlyIceAgent extends Agent {
        @Override
        protected boolean incomingCheckReceived(TransportAddress remoteAddress, TransportAddress localAddress,
                                                long priority, String remoteUFrag, String localUFrag,
                                                boolean useCandidate) {
            LocalCandidate local = findLocalCandidate(localAddress);
            if (local == null || local.getType() != CandidateType.RELAYED_CANDIDATE) {
                return false;
            }
            return super.incomingCheckReceived(remoteAddress, localAddress, priority, remoteUFrag, localUFrag,
                    useCandidate);
        }
    }
}
