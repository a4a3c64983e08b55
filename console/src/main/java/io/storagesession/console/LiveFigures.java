package io.storagesession.console;

import io.storagesession.api.auth.Principal;
import io.storagesession.recorder.RecorderStatus;
import io.storagesession.webrtc.LiveSession;
import io.storagesession.webrtc.PeerSnapshot;
import io.vertx.core.Context;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code GET /console/live}: every storage session as it is now — its participants (role, connected, what arrived,
 * RTP lost on the way in, join-to-connected time) and its recorder's state — for the live page, which polls it and
 * computes bit rates from the byte totals. Only sessions of channels the signed-in key may describe are listed (the
 * policy of DescribeSignalingChannel). The snapshots are taken on each session's own executor; nothing here blocks.
 */
public final class LiveFigures {
    private static final String DESCRIBE = "kinesisvideo:DescribeSignalingChannel";

    private final Supplier<CompletionStage<List<LiveSession>>> sessions;
    private final Function<String, RecorderStatus> recorders;
    private final Clock clock;

    /**
     * @param sessions  the storage sessions' figures, taken without blocking the caller
     * @param recorders a channel's recorder state
     */
    public LiveFigures(Supplier<CompletionStage<List<LiveSession>>> sessions,
                       Function<String, RecorderStatus> recorders, Clock clock) {
        this.sessions = sessions;
        this.recorders = recorders;
        this.clock = clock;
    }

    void answer(RoutingContext ctx, Principal principal) {
        // the figures complete on a session worker; the answer is written back on the request's own event loop
        Context context = ctx.vertx().getOrCreateContext();
        sessions.get().whenComplete((list, failure) -> context.runOnContext(v -> {
            if (failure != null) {
                ctx.fail(failure);
                return;
            }
            JsonArray out = new JsonArray();
            for (LiveSession session : list) {
                if (principal.allows(DESCRIBE, session.channelArn())) {
                    out.add(describe(session));
                }
            }
            ConsoleRequests.json(ctx, 200, new JsonObject().put("at", clock.millis()).put("sessions", out));
        }));
    }

    private JsonObject describe(LiveSession session) {
        JsonArray participants = new JsonArray();
        for (PeerSnapshot p : session.participants()) {
            // The contract's participantId: "master", or the viewer's own signaling ClientId (not the log form).
            String id = p.participant().isMaster() ? "master" : p.participant().clientId();
            participants.add(new JsonObject().put("participantId", id)
                    .put("role", p.role().name()).put("connected", p.connected()).put("bytes", p.bytes())
                    .put("packets", p.packets()).put("audioPackets", p.audioPackets())
                    .put("videoPackets", p.videoPackets()).put("lostPackets", p.lostPackets())
                    .put("joinToConnectedMillis", Math.round(p.joinToConnectedMillis())));
        }
        RecorderStatus recorder = recorders.apply(session.channelArn());
        return new JsonObject().put("channelArn", session.channelArn()).put("channelName", session.channelName())
                .put("streamArn", session.streamArn()).put("participants", participants)
                .put("recorder", new JsonObject().put("state", recorder.state().name())
                        .put("fragments", recorder.fragmentsSent()).put("acked", recorder.fragmentsAcked())
                        .put("lastError", recorder.lastError()));
    }
}
