package io.storagesession.webrtc;

import com.typesafe.config.Config;
import io.storagesession.api.bridge.InboundMessage;
import io.storagesession.api.bridge.ParticipantAddress;
import io.storagesession.api.bridge.ParticipantLinks;
import io.storagesession.api.bridge.StorageJoin;
import io.storagesession.api.bridge.StorageSessionBridge;
import io.storagesession.api.http.ApiException;
import io.storagesession.api.http.RefusalLog;
import io.storagesession.api.http.RefusalLogSettings;
import io.storagesession.media.MediaPlaneFactory;
import io.storagesession.metrics.Metrics;
import io.storagesession.webrtc.dtls.DtlsCertificate;
import io.storagesession.webrtc.ice.RelayOpener;
import io.storagesession.webrtc.srtp.SrtpSession;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The server's storage sessions, one per channel, behind the {@link StorageSessionBridge} the signaling side calls
 * (from event loops: nothing here blocks them; every decision runs on the channel's session executor).
 */
public final class StorageSessions implements StorageSessionBridge, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StorageSessions.class);
    private static final long SHUTDOWN_MILLIS = 5_000;
    /** How long a question to a session's executor may wait for its answer (a snapshot, an operator's task). */
    private static final long ANSWER_MILLIS = 5_000;
    /** Sessions listed by channel name, then ARN: a stable order for operators. */
    private static final Comparator<LiveSession> BY_CHANNEL = Comparator.comparing(LiveSession::channelName,
            Comparator.nullsFirst(Comparator.naturalOrder())).thenComparing(LiveSession::channelArn);
    private static final long SHUTDOWN_POLL_MILLIS = 10;
    private static final long TRANSPORT_IDLE_SECONDS = 60;

    private final SessionContext ctx;
    private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();

    /**
     * @param relays where each participant's relayed address comes from: the embedded TURN server
     *     ({@link io.storagesession.webrtc.ice.EmbeddedRelays}) or an outside one
     */
    public StorageSessions(Config config, ParticipantLinks links, RelayOpener relays, Metrics metrics,
                           MediaPlaneFactory media, Clock clock) {
        this(config, links, relays, metrics, media, clock, System::nanoTime);
    }

    /**
     * @param nanos the monotonic clock of the sessions' timeouts, held slots and connected time (tests drive it by
     *              hand and run a session's {@link Session#tick} after moving it)
     */
    StorageSessions(Config config, ParticipantLinks links, RelayOpener relays, Metrics metrics,
                    MediaPlaneFactory media, Clock clock, LongSupplier nanos) {
        SessionSettings settings = SessionSettings.from(config);
        SrtpSession.useAesImplementation(settings.aesImplementation());
        ThreadPoolExecutor transport = new ThreadPoolExecutor(settings.transportThreads(), settings.transportThreads(),
                TRANSPORT_IDLE_SECONDS, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), named("session-transport"));
        transport.allowCoreThreadTimeOut(true);
        Signaling signaling = new Signaling(links, new RefusalLog(LoggerFactory.getLogger(Signaling.class),
                RefusalLogSettings.from(config), clock));
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(named("session-timer"));
        this.ctx = new SessionContext(settings, signaling, relays, DtlsCertificate.generate(),
                new SessionWorkers(settings.threads(), settings.workerQueue()), transport,
                timers, new SharedClock(timers, settings.housekeepingInterval().toNanos()),
                new SharedClock(timers, settings.mediaTickInterval().toNanos()), media, new SessionMetrics(metrics),
                clock, nanos);
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

    /**
     * Every session as it is now, for operators: each one's figures are taken on its own executor, where they live,
     * and the answers are combined. Never blocks, so an event loop may call it; the future completes on the thread of
     * the last session to answer (a session worker: hand the result back to the caller's context). A session that
     * ends meanwhile, or whose executor does not answer within {@value #ANSWER_MILLIS} ms, is left out, and so is
     * one whose figures fail (logged): one session's trouble does not hide the others.
     */
    public CompletableFuture<List<LiveSession>> liveSessions() {
        List<CompletableFuture<LiveSession>> answers = new ArrayList<>();
        for (Session session : sessions.values()) {
            answers.add(ask(session, session::live).completeOnTimeout(null, ANSWER_MILLIS, TimeUnit.MILLISECONDS)
                    .exceptionally(error -> {
                        LOG.warn("live figures of channel {} failed: {}", session.channelName, error.toString());
                        return null;
                    }));
        }
        return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).thenApply(done -> answers.stream()
                .map(CompletableFuture::join).filter(Objects::nonNull).sorted(BY_CHANNEL).toList());
    }

    /** The participants of the channel's session right now (empty when there is none); waits for its executor. */
    public List<PeerSnapshot> snapshot(String channelArn) throws Exception {
        Session session = sessions.get(channelArn);
        if (session == null) {
            return List.of();
        }
        return ask(session, session::snapshot).get(ANSWER_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Runs {@code task} on the channel's session executor and returns its result (tests; operators' tools). */
    public <T> T onSessionExecutor(String channelArn, Callable<T> task) throws Exception {
        Session session = sessions.get(channelArn);
        if (session == null) {
            throw new IllegalStateException("no session for " + channelArn);
        }
        return ask(session, task).get(ANSWER_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** {@code task}'s result, computed on the session's executor. */
    private static <T> CompletableFuture<T> ask(Session session, Callable<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        session.executor.execute(() -> {
            try {
                result.complete(task.call());
            } catch (Exception e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /** The channel's session, or null (tests: to run its tick on its executor). */
    Session session(String channelArn) {
        return sessions.get(channelArn);
    }

    public int sessionCount() {
        return sessions.size();
    }


    /** Ends every session and stops the workers and pools. */
    @Override
    public void close() {
        for (Session session : List.copyOf(sessions.values())) {
            session.executor.execute(() -> session.end("shutdown"));
        }
        try {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SHUTDOWN_MILLIS);
            while (!sessions.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(SHUTDOWN_POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ctx.timers().shutdownNow();
        ctx.transportPool().shutdownNow();
        ctx.workers().shutdown();
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
