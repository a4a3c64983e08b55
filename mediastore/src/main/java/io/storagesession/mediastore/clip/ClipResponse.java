package io.storagesession.mediastore.clip;

import io.storagesession.api.http.ApiResponses;
import io.storagesession.mediastore.MediaStoreMetrics;
import io.storagesession.mediastore.archive.ArchiveSource;
import io.storagesession.mediastore.archive.ArchivedFragment;
import io.storagesession.mediastore.archive.ArchivedFragmentInfo;
import io.storagesession.mediastore.fmp4.Mp4Buffer;
import io.storagesession.mediastore.fmp4.SegmentBuffers;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One GetClip response being written, on its request's event loop: the 200 with {@code Content-Type: video/mp4} and a
 * chunked body, then the clip fragment by fragment. A fragment is read from the {@link ArchiveSource} only once the
 * response can take more ({@code writeQueueFull}, else its {@code drainHandler}), packaged by the {@link ClipWriter}
 * into the event loop's reusable buffer and written; so a clip of 100 MB holds one fragment in memory at a time and
 * a slow client slows the reading instead of filling the heap.
 *
 * <p>A client that closes the connection stops the clip: no fragment is read after the close is seen, and a read in
 * flight is dropped when it completes. A failure after the 200 (a fragment that cannot be read or has a frame that
 * does not parse) cannot become a KVS error any more: it is logged and the connection reset, so the client sees a body
 * cut short (no final chunk) rather than a clip silently missing its end.
 */
final class ClipResponse {
    private static final Logger LOG = LoggerFactory.getLogger(ClipResponse.class);
    /** The Content-Type KVS answers GetClip with (the response's ContentType member). */
    static final String CONTENT_TYPE = "video/mp4";
    private static final String API = "GetClip";

    /** What the response needs from the API around it. */
    record Env(ArchiveSource source, ClipMetrics metrics, MediaStoreMetrics served, SegmentBuffers buffers) {
    }

    private final Env env;
    private final Context context;
    private final HttpServerRequest request;
    private final HttpServerResponse response;
    private final String requestId;
    private final String streamArn;
    private final List<ArchivedFragmentInfo> fragments;
    private final ClipWriter writer;
    private final Promise<JsonObject> done = Promise.promise();
    private boolean finished;

    ClipResponse(Env env, Context context, HttpServerRequest request, String requestId, String streamArn,
                 List<ArchivedFragmentInfo> fragments, ClipWriter writer) {
        this.env = env;
        this.context = context;
        this.request = request;
        this.response = request.response();
        this.requestId = requestId;
        this.streamArn = streamArn;
        this.fragments = fragments;
        this.writer = writer;
    }

    /**
     * Packages the init segment and the clip's first fragment, and only then answers 200 with them: a first fragment
     * that does not parse is still a KVS error (InvalidMediaFrameException). The future completes when the response
     * ended, however it ended; the body is written by then, so its value is null.
     */
    Future<JsonObject> start(ArchivedFragment first) {
        Mp4Buffer out = env.buffers().take();
        Buffer head;
        try {
            writer.init(out);
            writer.fragment(out, first);
            head = copy(out);
        } finally {
            env.buffers().release(out);
        }
        if (response.closed()) {
            return Future.succeededFuture();
        }
        response.setChunked(true).setStatusCode(200).putHeader(ApiResponses.REQUEST_ID, requestId)
                .putHeader("Content-Type", CONTENT_TYPE);
        response.closeHandler(v -> finish(ClipMetrics.Outcome.CLIENT_GONE));
        env.metrics().started();
        write(head);
        next(1);
        return done.future();
    }

    /** Sends fragment {@code index} once the response can take it, or ends the clip after the last. */
    private void next(int index) {
        if (finished) {
            return;
        }
        if (index == fragments.size()) {
            response.end();
            finish(ClipMetrics.Outcome.COMPLETE);
            return;
        }
        if (response.writeQueueFull()) {
            // one drain for one fragment: the handler stays registered, and would fire again on a later drain
            response.drainHandler(v -> {
                response.drainHandler(null);
                read(index);
            });
        } else {
            read(index);
        }
    }

    private void read(int index) {
        if (finished) {
            return;
        }
        ArchivedFragmentInfo info = fragments.get(index);
        env.source().fragment(streamArn, info.fragmentNumber())
                .onComplete(result -> context.runOnContext(v -> send(index, result)));
    }

    private void send(int index, AsyncResult<ArchivedFragment> read) {
        if (finished) {
            return;
        }
        if (read.failed()) {
            fail("reading fragment " + fragments.get(index).fragmentNumber() + " failed", read.cause());
            return;
        }
        Mp4Buffer out = env.buffers().take();
        Buffer bytes;
        try {
            writer.fragment(out, read.result());
            bytes = copy(out);
        } catch (RuntimeException e) {
            fail("packaging fragment " + fragments.get(index).fragmentNumber() + " failed", e);
            return;
        } finally {
            env.buffers().release(out);
        }
        write(bytes);
        next(index + 1);
    }

    private void write(Buffer bytes) {
        response.write(bytes);
        env.metrics().sent(bytes.length());
        env.served().served(API);
    }

    /** After the 200 nothing but the connection can carry the failure: logged, then reset (HTTP/2: RST_STREAM). */
    private void fail(String what, Throwable cause) {
        LOG.error("GetClip of {} (request {}): {} after the response began; resetting the connection", streamArn,
                requestId, what, cause);
        response.reset();
        if (request.version() != HttpVersion.HTTP_2) {
            request.connection().close();
        }
        finish(ClipMetrics.Outcome.FAILED);
    }

    private void finish(ClipMetrics.Outcome outcome) {
        if (finished) {
            return;
        }
        finished = true;
        response.drainHandler(null);
        env.metrics().ended(outcome);
        done.tryComplete();
    }

    private static Buffer copy(Mp4Buffer out) {
        return Buffer.buffer(out.length()).appendBytes(out.array(), 0, out.length());
    }
}
