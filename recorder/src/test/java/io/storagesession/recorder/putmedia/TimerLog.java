package io.storagesession.recorder.putmedia;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntSupplier;

/**
 * The Vert.x timers an upload sets, as a test sees them: {@link #vertx()} is the given Vert.x in everything, but each
 * timer set through it is logged when it fires, with its delay and what the test noted at that moment (before its
 * handler runs). A test then shows that the client waited for a timer — a backoff, its close timeout — by the order
 * of events instead of by reading a clock.
 */
final class TimerLog {
    /** A timer that fired: the delay it was set with, and the test's note when it fired. */
    record Fired(long delayMillis, int noted) {
    }

    private final Vertx vertx;
    private final Vertx logging;
    private final IntSupplier note;
    private final List<Fired> fired = new CopyOnWriteArrayList<>();

    /** @param note what to note when a timer fires, e.g. how many connections the server has seen */
    TimerLog(Vertx vertx, IntSupplier note) {
        this.vertx = vertx;
        this.note = note;
        this.logging = (Vertx) Proxy.newProxyInstance(Vertx.class.getClassLoader(), new Class<?>[] {Vertx.class},
                (proxy, method, args) -> invoke(method, args));
    }

    /** The Vert.x to give the code under test. */
    Vertx vertx() {
        return logging;
    }

    /** The timers that fired so far, in the order they fired. */
    List<Fired> fired() {
        return List.copyOf(fired);
    }

    @SuppressWarnings("unchecked")
    private Object invoke(Method method, Object[] args) throws Throwable {
        if (method.getName().equals("setTimer") && args.length == 2 && args[1] instanceof Handler) {
            long delay = (Long) args[0];
            Handler<Long> handler = (Handler<Long>) args[1];
            return vertx.setTimer(delay, id -> {
                fired.add(new Fired(delay, note.getAsInt()));
                handler.handle(id);
            });
        }
        try {
            return method.invoke(vertx, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
