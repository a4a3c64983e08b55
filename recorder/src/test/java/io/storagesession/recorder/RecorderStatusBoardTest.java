package io.storagesession.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import io.storagesession.recorder.RecorderStatus.State;
import io.storagesession.recorder.putmedia.UploadHealth;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The board a recorder publishes on is written from several threads at once — the session executor's ticks, each
 * upload's event loop — without locks: no acknowledgement or state is lost, and a tick that changes nothing costs no
 * allocation.
 */
class RecorderStatusBoardTest {
    private static final int ACKS_PER_UPLOAD = 20_000;
    private static final int TICKS = 20_000;

    @Test
    void concurrentUploadsAndTicksLoseNoAcknowledgementAndNoState() throws Exception {
        RecorderStatusBoard board = new RecorderStatusBoard();
        AtomicInteger forwarded = new AtomicInteger();
        UploadHealth delivery = new UploadHealth() {
            @Override
            public void failing(String reason) {
            }

            @Override
            public void delivering() {
                forwarded.incrementAndGet();
            }

            @Override
            public void lost(int fragments, String reason) {
            }
        };
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int u = 0; u < 2; u++) {
            UploadHealth upload = board.reporting(delivery);
            threads.add(new Thread(() -> {
                awaitQuietly(start);
                for (int i = 0; i < ACKS_PER_UPLOAD; i++) {
                    upload.delivering();
                }
                upload.failing("upload " + Thread.currentThread().getName() + " failed");
            }, "upload-" + u));
        }
        threads.add(new Thread(() -> {
            awaitQuietly(start);
            for (int i = 1; i <= TICKS; i++) {
                board.recorder(i % 2 == 0 ? State.RECORDING : State.WAITING_FOR_KEYFRAME, i);
            }
        }, "session"));
        threads.forEach(Thread::start);
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        RecorderStatus status = board.current();
        assertThat(status.fragmentsAcked()).isEqualTo(2L * ACKS_PER_UPLOAD);
        assertThat(forwarded).hasValue(2 * ACKS_PER_UPLOAD);
        assertThat(status.state()).isEqualTo(State.RECORDING);
        assertThat(status.fragmentsSent()).isEqualTo(TICKS);
        assertThat(status.lastError()).startsWith("upload upload-").endsWith(" failed");
    }

    @Test
    void aTickThatChangesNothingAllocatesNothing() {
        RecorderStatusBoard board = new RecorderStatusBoard();
        board.recorder(State.RECORDING, 3);
        RecorderStatus before = board.current();
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < TICKS; i++) {
            board.recorder(State.RECORDING, 3);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
        assertThat(allocated).as("bytes for %d unchanged ticks", TICKS).isLessThan(TICKS);
        assertThat(board.current()).isSameAs(before);
    }

    @Test
    void closingTellsTheOwnerWhichBoardClosed() {
        List<RecorderStatusBoard> closed = new ArrayList<>();
        RecorderStatusBoard board = new RecorderStatusBoard(closed::add);
        board.close();
        assertThat(closed).containsExactly(board);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
