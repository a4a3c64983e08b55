package io.storagesession.webrtc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The session worker: order per session, fairness, errors, a full ring, wake-ups, shutdown, and who is running. */
class SessionWorkerTest {
    private static final long WAIT_SECONDS = 30;
    private final List<SessionWorkers> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(SessionWorkers::shutdown);
    }

    private SessionWorkers workers(int threads, int queue) {
        SessionWorkers w = new SessionWorkers(threads, queue);
        started.add(w);
        return w;
    }

    /** Runs a task on {@code executor} and waits for it: what ran before is done and visible. */
    private static void drained(SessionExecutor executor) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        executor.execute(done::countDown);
        assertThat(done.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void eachSessionsTasksRunInTheOrderTheyWereHandedOver() throws Exception {
        SessionWorkers w = workers(1, 16);
        SessionExecutor a = w.assign();
        SessionExecutor b = w.assign();
        List<Integer> ranA = Collections.synchronizedList(new ArrayList<>());
        List<Integer> ranB = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 1000; i++) {
            int n = i;
            a.execute(() -> ranA.add(n));
            b.execute(() -> ranB.add(n));
        }
        drained(a);
        drained(b);
        assertThat(ranA).hasSize(1000).isSorted();
        assertThat(ranB).hasSize(1000).isSorted();
    }

    @Test
    void aSessionThatKeepsItsWorkerBusyDoesNotDelayAnotherOnTheSameWorker() throws Exception {
        SessionWorkers w = workers(1, 16);
        SessionExecutor busy = w.assign();
        SessionExecutor other = w.assign();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger busyRuns = new AtomicInteger();
        int[] busyRunsSeenByOther = new int[1];
        CountDownLatch otherRan = new CountDownLatch(2);
        Runnable otherTask = () -> {
            busyRunsSeenByOther[0] = busyRuns.get();
            otherRan.countDown();
        };
        Runnable[] again = new Runnable[1];
        again[0] = () -> {
            if (busyRuns.incrementAndGet() == 10_000) {
                other.execute(otherTask); // handed over while the busy session still has work
            }
            if (!stop.get()) {
                busy.execute(again[0]); // always one more: the busy session never runs out of work
            }
        };
        busy.execute(again[0]);
        while (busyRuns.get() < 20_000) {
            Thread.onSpinWait();
        }
        // first come, first run: the other session's task ran before the busy one's next
        assertThat(busyRunsSeenByOther[0]).isEqualTo(10_000);
        other.execute(otherTask); // and from another thread, while the busy session keeps going
        assertThat(otherRan.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(stop.get()).isFalse();
        stop.set(true);
    }

    @Test
    void aTaskThatThrowsIsLoggedAndTheNextOnesRun() throws Exception {
        SessionWorkers w = workers(1, 16);
        SessionExecutor s = w.assign();
        AtomicInteger ran = new AtomicInteger();
        s.execute(() -> {
            throw new IllegalStateException("a session task failed on purpose");
        });
        s.execute(() -> {
            throw new AssertionError("an Error on purpose");
        });
        s.execute(ran::incrementAndGet);
        drained(s);
        assertThat(ran).hasValue(1);
    }

    @Test
    void aFullRingKeepsEveryTaskAndItsOrderInTheOverflow() throws Exception {
        SessionWorkers w = workers(1, 4);
        SessionExecutor s = w.assign();
        CountDownLatch release = new CountDownLatch(1);
        s.execute(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        List<Integer> ran = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 100; i++) {
            int n = i;
            s.execute(() -> ran.add(n));
        }
        release.countDown();
        drained(s);
        assertThat(ran).hasSize(100).isSorted();
        assertThat(s.worker().overflowed()).isGreaterThanOrEqualTo(100 - 4);
        // caught up: the ring takes tasks again and the order holds across the switch
        for (int i = 100; i < 110; i++) {
            int n = i;
            s.execute(() -> ran.add(n));
        }
        drained(s);
        assertThat(ran).hasSize(110).isSorted();
    }

    @Test
    void shutdownRunsWhatWasQueuedEndsTheThreadsAndDropsLaterTasks() throws Exception {
        SessionWorkers w = workers(2, 8);
        SessionExecutor s = w.assign();
        CountDownLatch gate = new CountDownLatch(1);
        AtomicInteger ran = new AtomicInteger();
        s.execute(() -> {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        for (int i = 0; i < 20; i++) {
            s.execute(ran::incrementAndGet);
        }
        w.shutdown();
        gate.countDown();
        assertThat(w.awaitTermination(TimeUnit.SECONDS.toMillis(WAIT_SECONDS))).isTrue();
        assertThat(ran).hasValue(20);
        s.execute(ran::incrementAndGet);
        SessionExecutor late = w.assign(); // a session made while stopping gets a stopped worker
        late.execute(ran::incrementAndGet);
        assertThat(w.awaitTermination(TimeUnit.SECONDS.toMillis(WAIT_SECONDS))).isTrue();
        assertThat(ran).hasValue(20);
    }

    @Test
    void aTaskThatInterruptsItsThreadLeavesTheWorkerParkingNotSpinning() throws Exception {
        SessionWorkers w = workers(1, 16);
        SessionExecutor s = w.assign();
        s.execute(() -> Thread.currentThread().interrupt());
        drained(s);
        long wakeUps = s.worker().wakeUps();
        Thread.sleep(100); // nothing to do: a parked worker does not wake; an interrupted one would spin
        assertThat(s.worker().wakeUps() - wakeUps).isLessThanOrEqualTo(1);
        AtomicInteger ran = new AtomicInteger();
        s.execute(ran::incrementAndGet);
        drained(s);
        assertThat(ran).hasValue(1);
    }

    @Test
    void aBusyWorkerIsNotWokenPerTask() throws Exception {
        SessionWorkers w = workers(1, 1024);
        SessionExecutor s = w.assign();
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        s.execute(() -> {
            busy.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(busy.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        long wakeUps = s.worker().wakeUps();
        AtomicInteger ran = new AtomicInteger();
        for (int i = 0; i < 1000; i++) {
            s.execute(ran::incrementAndGet);
        }
        release.countDown();
        drained(s);
        assertThat(ran).hasValue(1000);
        // at most one: for the last task above, if the worker had run dry and parked before it came
        assertThat(s.worker().wakeUps() - wakeUps).as("wake-ups for 1000 tasks handed to a busy worker")
                .isLessThanOrEqualTo(1);
    }

    @Test
    void aQueueThatIsNotAPowerOfTwoIsRefusedAtStart() {
        assertThatThrownBy(() -> new SessionWorkers(2, 1000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("storage-session.worker-queue");
        assertThatThrownBy(() -> new SessionWorkers(0, 1024)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void inExecutorIsTrueOnlyInsideTheSessionsOwnTasks() throws Exception {
        SessionWorkers w = workers(1, 16);
        SessionExecutor a = w.assign();
        SessionExecutor b = w.assign();
        boolean[] seen = new boolean[3];
        a.execute(() -> seen[0] = a.inExecutor());
        b.execute(() -> seen[1] = a.inExecutor()); // same thread, another session's task
        drained(a);
        drained(b);
        a.execute(() -> seen[2] = b.inExecutor());
        drained(a);
        assertThat(seen).containsExactly(true, false, false);
        assertThat(a.inExecutor()).isFalse();
    }

    @Test
    void newSessionsGoToTheLeastLoadedWorkerAndEndedOnesFreeTheirPlace() {
        SessionWorkers w = workers(3, 16);
        List<SessionExecutor> six = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            six.add(w.assign());
        }
        assertThat(w.load()).containsExactly(2, 2, 2);
        w.release(six.get(4)); // on the second worker
        assertThat(w.load()).containsExactly(2, 1, 2);
        assertThat(w.assign().worker()).isSameAs(six.get(4).worker());
        assertThat(w.load()).containsExactly(2, 2, 2);
    }

    /**
     * Many producers against a small ring, so the worker keeps running dry, parking, overflowing and catching up: a
     * lost wake-up would leave tasks unrun (the count falls short and the wait times out), a broken hand-off would
     * lose or reorder them.
     */
    @Test
    void noTaskIsLostOrReorderedAndNoWakeUpIsMissedUnderManyProducers() throws Exception {
        int producers = 4;
        int perProducer = 50_000;
        SessionWorkers w = workers(1, 64);
        SessionExecutor[] sessions = new SessionExecutor[producers];
        int[] last = new int[producers];
        int[] outOfOrder = new int[producers];
        AtomicInteger ran = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int producer = p;
            sessions[p] = w.assign();
            last[p] = -1;
            threads.add(new Thread(() -> {
                for (int i = 0; i < perProducer; i++) {
                    int n = i;
                    sessions[producer].execute(() -> {
                        if (n != last[producer] + 1) {
                            outOfOrder[producer]++;
                        }
                        last[producer] = n;
                        ran.incrementAndGet();
                    });
                    if (i % 1000 == 0) {
                        Thread.yield(); // let the worker run dry now and then, so it parks and must be woken
                    }
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (ran.get() < producers * perProducer && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(ran).hasValue(producers * perProducer);
        for (SessionExecutor s : sessions) {
            drained(s); // the worker's writes are visible here
        }
        assertThat(outOfOrder).containsOnly(0);
        assertThat(last).containsOnly(perProducer - 1);
    }
}
