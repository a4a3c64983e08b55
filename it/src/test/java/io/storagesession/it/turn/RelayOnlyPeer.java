package io.storagesession.it.turn;

import io.storagesession.turn.RestCredentials;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.Agent;
import org.ice4j.ice.CandidateType;
import org.ice4j.ice.Component;
import org.ice4j.ice.IceMediaStream;
import org.ice4j.ice.KeepAliveStrategy;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.RemoteCandidate;
import org.ice4j.ice.harvest.TurnCandidateHarvester;
import org.ice4j.security.LongTermCredential;

/**
 * An ice4j agent with one component whose only advertised candidates are TURN relayed ones, the way a WebRTC peer
 * with {@code iceTransportPolicy: "relay"} behaves: its host candidate on 127.0.0.1 exists only to allocate from and
 * is never offered to the other side. Gathering happens in the constructor (no trickle), so every local candidate
 * exists before remote ones are added — ice4j never pairs a local candidate that appears later.
 */
final class RelayOnlyPeer implements AutoCloseable {
    /** Held so the level set below stays (JUL keeps loggers weakly); ice4j logs every check at INFO. */
    private static final Logger ICE4J_LOG = Logger.getLogger("org.ice4j");

    static {
        // Before any ice4j class reads its configuration: no HTTP call to the AWS metadata address at start.
        System.setProperty("ice4j.harvest.mapping.aws.enabled", "false");
        ICE4J_LOG.setLevel(Level.WARNING);
    }

    private static final long FREE_TIMEOUT_MS = 10_000;

    private final Agent agent;
    private final IceMediaStream stream;
    private final Component component;

    RelayOnlyPeer(String name, boolean controlling, TurnTarget turn) throws IOException {
        agent = new Agent();
        try {
            agent.setControlling(controlling);
            agent.setUseDynamicPorts(false);
            agent.addCandidateHarvester(new LoopbackHostHarvester(FreePorts.loopback()));
            RestCredentials credentials = turn.credentials(name, Duration.ofMinutes(10));
            agent.addCandidateHarvester(new TurnCandidateHarvester(
                    new TransportAddress(turn.host(), turn.udpPort(), Transport.UDP),
                    new LongTermCredential(credentials.username(), credentials.password())));
            stream = agent.createMediaStream("data");
            component = agent.createComponent(stream, KeepAliveStrategy.SELECTED_ONLY, true);
        } catch (IOException | RuntimeException e) {
            agent.free();
            throw e;
        }
    }

    Agent agent() {
        return agent;
    }

    Component component() {
        return component;
    }

    List<LocalCandidate> relayedCandidates() {
        return component.getLocalCandidates().stream()
                .filter(candidate -> candidate.getType() == CandidateType.RELAYED_CANDIDATE).toList();
    }

    /** Takes the other peer's ICE credentials and relayed candidates, as signaling would carry them. */
    void learnRemote(RelayOnlyPeer remote) {
        stream.setRemoteUfrag(remote.agent.getLocalUfrag());
        stream.setRemotePassword(remote.agent.getLocalPassword());
        for (LocalCandidate candidate : remote.relayedCandidates()) {
            component.addRemoteCandidate(new RemoteCandidate(candidate.getTransportAddress(), component,
                    CandidateType.RELAYED_CANDIDATE, candidate.getFoundation(), candidate.getPriority(), null));
        }
    }

    /**
     * Closes the relayed sockets first, then frees the agent. {@code Agent.free()} alone can deadlock in ice4j
     * 3.2: it holds the STUN stack's connector map while closing a relayed socket, whose send thread may at that
     * moment hold the socket's channel list while asking that map for a connector to send a ChannelBind. Closing the
     * relayed sockets beforehand takes the locks in the send thread's order. The agent is then freed on a daemon
     * thread within a time limit, so should another such cycle occur, the test reports it instead of hanging.
     */
    @Override
    public void close() throws InterruptedException {
        for (LocalCandidate candidate : relayedCandidates()) {
            candidate.getDatagramSocket().close();
        }
        Thread free = new Thread(agent::free, "ice4j-agent-free");
        free.setDaemon(true);
        free.start();
        free.join(FREE_TIMEOUT_MS);
        if (free.isAlive()) {
            System.err.println("ice4j Agent.free() did not return within " + FREE_TIMEOUT_MS + " ms; left to a daemon"
                    + " thread");
        }
    }
}
