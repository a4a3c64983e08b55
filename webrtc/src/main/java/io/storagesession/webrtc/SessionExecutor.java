package io.storagesession.webrtc;

import java.util.concurrent.Executor;

/**
 * A session's executor (ARCHITECTURE.md "Threads and buffers": each Session is confined to one executor, an actor,
 * so session state needs no locks): its tasks run one at a time, in the order they were handed over, on the one
 * {@link SessionWorker} the session was given for its whole life. A hand-off allocates nothing; hand-offs made per
 * packet or per tick pass a {@link Runnable} made once. A task that throws is logged and does not stop the ones after
 * it; tasks handed over after shutdown are dropped.
 */
final class SessionExecutor implements Executor {
    private final SessionWorker worker;

    SessionExecutor(SessionWorker worker) {
        this.worker = worker;
    }

    @Override
    public void execute(Runnable task) {
        worker.execute(this, task);
    }

    /** True on the thread currently running this executor's tasks, while it runs one of them. */
    boolean inExecutor() {
        return worker.running(this);
    }

    SessionWorker worker() {
        return worker;
    }
}
