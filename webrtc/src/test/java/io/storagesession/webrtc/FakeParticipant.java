package io.storagesession.webrtc;

import static org.awaitility.Awaitility.await;

import io.storagesession.api.bridge.OutboundMessage;
import io.storagesession.api.bridge.ParticipantAddress;
import io.storagesession.codecs.rtp.Demux;
import io.storagesession.turn.RestCredentials;
import io.storagesession.webrtc.dtls.DtlsCertificate;
import io.storagesession.webrtc.dtls.DtlsEndpoint;
import io.storagesession.webrtc.dtls.DtlsSettings;
import io.storagesession.webrtc.dtls.RemoteFingerprint;
import io.storagesession.webrtc.dtls.SrtpKeys;
import io.storagesession.webrtc.ice.RelayServer;
import io.storagesession.webrtc.testing.AnswerSdp;
import io.storagesession.webrtc.testing.Ice4jAgent;
import io.storagesession.webrtc.testing.IceShutdown;
import io.storagesession.webrtc.testing.RecordingLinks;
import io.vertx.core.json.JsonObject;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.ice4j.ice.IceProcessingState;

/**
 * A participant for tests below the libwebrtc level: a relay-only, controlled ice4j agent on the embedded TURN
 * server, a DTLS client with its own certificate, and whatever it receives after the handshake.
 * It can lie about its fingerprint, which no real WebRTC stack can be made to do.
 */
final class FakeParticipant implements AutoCloseable {
    final Ice4jAgent agent;
    final DtlsCertificate certificate = DtlsCertificate.generate();
    final BlockingQueue<byte[]> media = new LinkedBlockingQueue<>();
    private final SessionFixture fixture;
    private final ParticipantAddress address;
    private final IceShutdown shutdown = new IceShutdown(1);
    /** A hang guard: the server hears a close_notify within milliseconds. */
    private static final Duration LEAVE_WAIT = Duration.ofSeconds(20);
    private DtlsEndpoint dtls;
    private volatile boolean closed;
    private boolean vanished;

    FakeParticipant(SessionFixture fixture, ParticipantAddress address) throws Exception {
        this.fixture = fixture;
        this.address = address;
        this.agent = new Ice4jAgent(shutdown);
        RelayServer relay = fixture.turn.relays().get(0);
        RestCredentials c = relay.credentials("door", "fake", Instant.now().plusSeconds(600));
        List<String> candidates = agent.gather(List.of(new Ice4jAgent.Allocation(relay.resolve(), c.username(),
                c.password())));
        for (String candidate : candidates) {
            fixture.send(address, "ICE_CANDIDATE", new JsonObject().put("candidate", candidate).put("sdpMid", "0")
                    .put("sdpMLineIndex", 0).encode(), null);
        }
    }

    /** Answers the offer (with {@code fingerprint} as its claimed certificate), connects ICE, runs DTLS as client. */
    SrtpKeys connect(String offerSdp, String fingerprint) throws Exception {
        return connect(offerSdp, fingerprint, answer -> { });
    }

    /** {@link #connect(String, String)} with the answer changed by {@code edit} first. */
    SrtpKeys connect(String offerSdp, String fingerprint, Consumer<AnswerSdp> edit) throws Exception {
        AnswerSdp answer = address.clientId() == null ? new AnswerSdp(fingerprint) : AnswerSdp.viewer(fingerprint);
        edit.accept(answer);
        answer.ufrag = agent.localUfrag();
        answer.pwd = agent.localPassword();
        fixture.answer(address, answer.render(), "a1");
        agent.setRemoteCredentials(SessionFixture.attribute(offerSdp, "ice-ufrag"),
                SessionFixture.attribute(offerSdp, "ice-pwd"));
        OutboundMessage relayed = fixture.links.next(address, "ICE_CANDIDATE");
        String[] f = new JsonObject(RecordingLinks.payloadJson(relayed)).getString("candidate")
                .substring("candidate:".length()).split(" ");
        agent.addRemote(f[0], Long.parseLong(f[3]), f[7], InetAddress.getByName(f[4]), Integer.parseInt(f[5]));
        CompletableFuture<IceProcessingState> ice = new CompletableFuture<>();
        agent.start(state -> {
            if (state == IceProcessingState.COMPLETED || state == IceProcessingState.FAILED) {
                ice.complete(state);
            }
        });
        if (ice.get(20, TimeUnit.SECONDS) != IceProcessingState.COMPLETED) {
            throw new AssertionError("the fake participant's ICE failed");
        }
        String serverFingerprint = SessionFixture.attribute(offerSdp, "fingerprint");
        dtls = new DtlsEndpoint(certificate, RemoteFingerprint.parse(serverFingerprint), false, agent::send,
                DtlsSettings.defaults().withHandshakeTimeoutMillis(5000), () -> { });
        Thread reader = new Thread(this::read, "fake-participant-rx");
        reader.setDaemon(true);
        reader.start();
        return dtls.handshake();
    }

    private void read() {
        DatagramPacket packet = new DatagramPacket(new byte[2048], 2048);
        try {
            agent.receiveSocket().setSoTimeout(200);
            while (!closed) {
                try {
                    agent.receiveSocket().receive(packet);
                } catch (java.net.SocketTimeoutException e) {
                    continue;
                }
                byte[] data = java.util.Arrays.copyOf(packet.getData(), packet.getLength());
                if (Demux.classify(data, 0, data.length) == Demux.Kind.DTLS) {
                    dtls.deliver(data, 0, data.length);
                } else {
                    media.add(data);
                }
            }
        } catch (Exception e) {
            // closed
        }
    }

    /**
     * Disappears as a camera losing power does: no DTLS close_notify, no more answers to ICE checks, and its TURN
     * allocation released, so whatever the server sends to it is dropped at the relay.
     */
    void vanish() {
        closed = true;
        vanished = true;
        agent.close();
    }

    /**
     * Leaves as a client does, with a DTLS close_notify, and keeps its ICE agent (its TURN relay) until {@code gone}
     * says the server saw it: the agent sends through TURN on a thread of its own, so closing it at once can drop the
     * close_notify still queued there (on a loaded machine it did), and the server would never hear of the leave.
     */
    void leave(BooleanSupplier gone) throws InterruptedException {
        if (dtls != null) {
            dtls.close();
        }
        await("the server saw " + address + " leave").atMost(LEAVE_WAIT).until(gone::getAsBoolean);
        close();
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        if (!vanished) {
            if (dtls != null) {
                dtls.close();
            }
            agent.close();
        }
        shutdown.awaitQuiet(5000);
        shutdown.close();
    }
}
