package io.storagesession.recorder;

import io.storagesession.recorder.putmedia.UploadHealth;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Where a recorder publishes its {@link RecorderStatus} for other threads, without locks: one immutable status behind
 * an atomic reference, replaced (compare-and-set) when something an operator sees changes. The recorder reports its
 * state and fragment count from its session executor at each tick, which allocates nothing unless they changed; its
 * uploads report PERSISTED acknowledgements and failures from their Vert.x contexts, once per fragment or event, never
 * per packet.
 */
final class RecorderStatusBoard {
    private final AtomicReference<RecorderStatus> status =
            new AtomicReference<>(new RecorderStatus(RecorderStatus.State.IDLE, 0, 0, null));
    private final Consumer<RecorderStatusBoard> closed;

    /** @param closed told when the recorder closes (its session ended), to forget this board */
    RecorderStatusBoard(Consumer<RecorderStatusBoard> closed) {
        this.closed = closed;
    }

    RecorderStatusBoard() {
        this(board -> { });
    }

    RecorderStatus current() {
        return status.get();
    }

    /** The recorder's state and the fragments it has handed over so far; a no-op when neither changed. */
    void recorder(RecorderStatus.State state, long fragmentsSent) {
        RecorderStatus now = status.get();
        while (now.state() != state || now.fragmentsSent() != fragmentsSent) {
            RecorderStatus next = new RecorderStatus(state, fragmentsSent, now.fragmentsAcked(), now.lastError());
            if (status.compareAndSet(now, next)) {
                return;
            }
            now = status.get();
        }
    }

    void acked() {
        status.updateAndGet(s -> new RecorderStatus(s.state(), s.fragmentsSent(), s.fragmentsAcked() + 1,
                s.lastError()));
    }

    void problem(String description) {
        status.updateAndGet(s -> new RecorderStatus(s.state(), s.fragmentsSent(), s.fragmentsAcked(), description));
    }

    /** {@code upload} as it was, also telling this board of its acknowledgements and failures. */
    UploadHealth reporting(UploadHealth upload) {
        return new UploadHealth() {
            @Override
            public void failing(String reason) {
                problem(reason);
                upload.failing(reason);
            }

            @Override
            public void delivering() {
                acked();
                upload.delivering();
            }

            @Override
            public void lost(int fragments, String reason) {
                problem(fragments + " fragment(s) lost: " + reason);
                upload.lost(fragments, reason);
            }
        };
    }

    /** The recorder closed: the channel has no recorder any more. */
    void close() {
        closed.accept(this);
    }
}
