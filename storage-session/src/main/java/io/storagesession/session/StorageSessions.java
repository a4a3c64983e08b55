package io.storagesession.session;

import com.typesafe.config.Config;
import io.storagesession.session.dtls.DtlsCertificate;
import io.storagesession.session.ice.IceProperties;
import io.storagesession.session.ice.IceShutdown;
import io.storagesession.session.ice.RelayAgent;
import io.storagesession.session.ice.RelayServer;
import io.storagesession.session.media.MediaPlaneFactory;
import io.storagesession.session.srtp.SrtpSession;
import io.storagesession.signaling.api.ApiException;
import io.storagesession.signaling.api.RefusalLog;
import io.storagesession.signaling.api.RefusalLogSettings;
import io.storagesession.signaling.bridge.InboundMessage;
import io.storagesession.signaling.bridge.ParticipantAddress;
import io.storagesession.signaling.bridge.ParticipantLinks;
import io.storagesession.signaling.bridge.StorageJoin;
import io.storagesession.signaling.bridge.StorageSessionBridge;
import io.storagesession.signaling.ice.TurnServer;
import io.storagesession.signaling.metrics.Metrics;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The server's storage sessions, one per channel, behind the {@link StorageSessionBridge} the signaling side calls
 * (from event loops: nothing here blocks them; every decision runs on the channel's session executor).
 */
public final class StorageSessions implements StorageSessionBridge, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StorageSessions.class);
    private final java.util.concurrent.Future<?> iceWarmUp;
    private static final long SHUTDOWN_MILLIS = 5_000;
    private static final long TRANSPORT_IDLE_SECONDS = 60;

    private final SessionContext ctx;
    private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();

    public StorageSessions(Config config, ParticipantLinks links, List<TurnServer> turnServers, Metrics metrics,
                           MediaPlaneFactory media, Clock clock) {
        IceProperties.apply();
        SessionSettings settings = SessionSettings.from(config);
        SrtpSession.useAesImplementation(settings.aesImplementation());
        List<RelayServer> relays = RelayServer.fromAdvertised(turnServers);
        if (relays.isEmpty()) {
            throw new IllegalArgumentException("the storage session needs a TURN server with a turn:…?transport=udp "
                    + "URI; configured: " + turnServers);
        }
        ThreadPoolExecutor transport = new ThreadPoolExecutor(settings.transportThreads(), settings.transportThreads(),
                TRANSPORT_IDLE_SECONDS, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), named("session-transport"));
        transport.allowCoreThreadTimeOut(true);
        Signaling signaling = new Signaling(links, new RefusalLog(LoggerFactory.getLogger(Signaling.class),
                RefusalLogSettings.from(config), clock));
        this.ctx = new SessionContext(settings, signaling, relays, DtlsCertificate.generate(),
                Executors.newFixedThreadPool(settings.threads(), named("session")), transport,
                Executors.newSingleThreadScheduledExecutor(named("session-timer")),
                new IceShutdown(settings.releaseThreads()), media, new SessionMetrics(metrics), clock);
        this.iceWarmUp = ctx.transportPool().submit(this::warmUpIce);
    }

    /**
     * Builds and frees one ICE agent in the background at start: the first agent of a JVM loads ice4j, its
     * configuration and Kotlin (about 0.9 s on an idle 2-core machine, several seconds under load), which the first
     * JoinStorageSession would otherwise wait for before its SDP_OFFER.
     */
    private void warmUpIce() {
        try {
            new RelayAgent(ctx.iceShutdown()).close();
        } catch (RuntimeException e) {
            LOG.warn("could not warm up ICE; the first join will do it: {}", e.toString());
        }
    }

    @Override
    public Future<Void> join(StorageJoin join) {
        Context context = Vertx.currentContext();
        Promise<Void> promise = Promise.promise();
        submit(join, () -> complete(context, () -> promise.tryComplete()),
                refusal -> complete(context, () -> promise.tryFail(refusal)));
        return promise.future();
    }

    private void submit(StorageJoin join, Runnable accepted, Consumer<ApiException> refused) {
        String arn = join.participant().channelArn();
        Session session = sessions.computeIfAbsent(arn, a -> {
            ctx.metrics().sessions.add(1);
            return new Session(ctx, this, a, join.channelName(), join.streamArn());
        });
        session.executor.execute(() -> {
            if (!session.join(join.participant(), accepted, refused)) {
                submit(join, accepted, refused);
            }
        });
    }

    private static void complete(Context context, Runnable completion) {
        if (context != null) {
            context.runOnContext(v -> completion.run());
        } else {
            completion.run();
        }
    }

    @Override
    public void onMessage(ParticipantAddress from, InboundMessage message) {
        Session session = sessions.get(from.channelArn());
        if (session == null) {
            ctx.signaling().refuse(from, message.correlationId(), Level.INFO, "message without a join refused",
                    "There is no storage session for this channel: call JoinStorageSession first");
            return;
        }
        session.executor.execute(() -> session.message(from, message, ctx.signaling()));
    }

    /**
     * The participant's signaling connection closed. Its media path is independent of signaling (as in KVS, a
     * WebRTC connection outlives the WebSocket), so nothing closes here: idle and ICE consent timeouts end it.
     */
    @Override
    public void onDisconnected(ParticipantAddress participant) {
        LOG.debug("signaling of {} closed", participant);
    }

    void ended(Session session, String reason) {
        if (sessions.remove(session.channelArn, session)) {
            ctx.metrics().sessions.add(-1);
            LOG.info("storage session of {} ended ({})", session.channelName, reason);
        }
    }

    /** The participants of the channel's session right now (empty when there is none); waits for its executor. */
    public List<PeerSnapshot> snapshot(String channelArn) throws Exception {
        Session session = sessions.get(channelArn);
        if (session == null) {
            return List.of();
        }
        CompletableFuture<List<PeerSnapshot>> result = new CompletableFuture<>();
        session.executor.execute(() -> result.complete(session.snapshot()));
        return result.get(SHUTDOWN_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Runs {@code task} on the channel's session executor and returns its result (tests; operators' tools). */
    public <T> T onSessionExecutor(String channelArn, Callable<T> task) throws Exception {
        Session session = sessions.get(channelArn);
        if (session == null) {
            throw new IllegalStateException("no session for " + channelArn);
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        session.executor.execute(() -> {
            try {
                result.complete(task.call());
            } catch (Exception e) {
                result.completeExceptionally(e);
            }
        });
        return result.get(SHUTDOWN_MILLIS, TimeUnit.MILLISECONDS);
    }

    public int sessionCount() {
        return sessions.size();
    }

    /** Agents whose release is still running (see {@link IceShutdown}). */
    public int pendingReleases() {
        return ctx.iceShutdown().pending();
    }

    /** Ends every session and stops the pools. */
    @Override
    public void close() {
        for (Session session : List.copyOf(sessions.values())) {
            session.executor.execute(() -> session.end("shutdown"));
        }
        try {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SHUTDOWN_MILLIS);
            while (!sessions.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            iceWarmUp.get(SHUTDOWN_MILLIS, TimeUnit.MILLISECONDS); // its agent is freed like any other
            ctx.iceShutdown().awaitQuiet(SHUTDOWN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("ICE warm-up did not finish before shutdown: {}", e.toString());
        }
        ctx.timers().shutdownNow();
        ctx.transportPool().shutdownNow();
        ctx.sessionPool().shutdown();
        ctx.iceShutdown().close();
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
