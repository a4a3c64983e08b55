package io.storagesession.recorder.putmedia;

import io.vertx.core.Context;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The {@link PendingFragment} records of one upload, reused from fragment to fragment so that handing a fragment over
 * allocates nothing: the caller's thread (the session executor) takes the one record held ready, fills it and sends
 * it to the client's context; once a fragment has left the resend buffer its record comes back on the context, to be
 * held ready again or kept idle. The one ready record crosses threads through compare-and-set (no lock); a record is
 * made only when none is ready — while fragments wait for PERSISTED more records are in use, and they stay for reuse.
 */
final class FragmentRecords {
    private final Context context;
    private final ChunkPool chunks;
    private final Consumer<PendingFragment> arrived;
    private final AtomicReference<PendingFragment> ready = new AtomicReference<>();
    /** Records beyond the ready one; confined to the context. */
    private final ArrayDeque<PendingFragment> idle = new ArrayDeque<>();

    /** @param arrived takes a record handed over in, on the client's {@code context} */
    FragmentRecords(Context context, ChunkPool chunks, Consumer<PendingFragment> arrived) {
        this.context = context;
        this.chunks = chunks;
        this.arrived = arrived;
    }

    ChunkPool chunks() {
        return chunks;
    }

    /** An empty record for the next fragment; on any thread. */
    PendingFragment take() {
        PendingFragment record = ready.getAndSet(null);
        return record != null ? record : new PendingFragment(chunks, arrived);
    }

    /** Sends {@code record}, filled with a fragment whose cluster Timecode is {@code timecode}, to the context. */
    void send(PendingFragment record, long timecode) {
        record.handedOver(timecode, System.nanoTime());
        context.runOnContext(record.arrival);
    }

    /** A fragment has left (its chunks given back) and nothing reads its record any more; on the context. */
    void recycle(PendingFragment record) {
        if (!ready.compareAndSet(null, record)) {
            idle.push(record);
        }
    }

    /** Holds an idle record ready again after the ready one was taken; on the context. */
    void refill() {
        if (ready.get() == null && !idle.isEmpty()) {
            recycle(idle.pop());
        }
    }
}
