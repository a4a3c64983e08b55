package io.storagesession.webrtc.ice;

import io.storagesession.turn.RelayReceiver;
import io.storagesession.turn.RelayTransport;
import io.storagesession.turn.RestCredentials;
import io.storagesession.turn.TurnClients;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Relayed addresses on outside TURN servers (coturn, with {@code signaling.ice.external-servers}): an allocation per
 * participant made by the non-blocking {@link TurnClients} over UDP, on the first server that grants one, with
 * credentials minted from the server's REST secret and named after the channel, so the TURN server's per-channel
 * quota counts them. Host names are resolved on {@code resolver} (DNS blocks), never on the caller's thread.
 */
public final class ExternalRelays implements RelayOpener {
    private final List<RelayServer> servers;
    private final TurnClients clients;
    private final Duration credentialTtl;
    private final Clock clock;
    private final Executor resolver;

    public ExternalRelays(List<RelayServer> servers, TurnClients clients, Duration credentialTtl, Clock clock,
                          Executor resolver) {
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("the storage session needs a TURN server with a turn:…?transport=udp "
                    + "URI among signaling.ice.external-servers");
        }
        this.servers = List.copyOf(servers);
        this.clients = clients;
        this.credentialTtl = credentialTtl;
        this.clock = clock;
        this.resolver = resolver;
    }

    @Override
    public CompletableFuture<RelayTransport> open(String channelName, String user, RelayReceiver receiver) {
        return attempt(0, channelName, user, receiver, null);
    }

    private CompletableFuture<RelayTransport> attempt(int index, String channelName, String user,
                                                      RelayReceiver receiver, Throwable previous) {
        if (index >= servers.size()) {
            return CompletableFuture.failedFuture(previous);
        }
        RelayServer server = servers.get(index);
        RestCredentials credentials = server.credentials(channelName, user, clock.instant().plus(credentialTtl));
        return CompletableFuture.supplyAsync(server::resolve, resolver)
                .thenCompose((InetSocketAddress address) -> address.isUnresolved()
                        ? CompletableFuture.<RelayTransport>failedFuture(new IllegalArgumentException("cannot resolve TURN server "
                                + server.host()))
                        : clients.allocate(address, credentials.username(), credentials.password(), receiver))
                .handle((relay, error) -> error == null ? CompletableFuture.<RelayTransport>completedFuture(relay)
                        : attempt(index + 1, channelName, user, receiver, unwrap(error)))
                .thenCompose(f -> f);
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}
