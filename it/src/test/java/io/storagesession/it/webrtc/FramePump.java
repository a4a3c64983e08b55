package io.storagesession.it.webrtc;

import dev.onvoid.webrtc.media.video.CustomVideoSource;
import dev.onvoid.webrtc.media.video.NativeI420Buffer;
import dev.onvoid.webrtc.media.video.VideoFrame;
import java.nio.ByteBuffer;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Feeds a CustomVideoSource with small synthetic I420 frames at a steady rate, as a camera would: the video track the
 * receiving peer decodes and counts. The picture brightens frame by frame so the encoder has changes to send.
 * Small (320x240, 15 fps) because two cores are shared with other tests.
 */
public final class FramePump implements AutoCloseable {
    private static final int WIDTH = 320;
    private static final int HEIGHT = 240;
    private static final int FPS = 15;

    private final CustomVideoSource source;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "frame-pump");
        thread.setDaemon(true);
        return thread;
    });
    private int frameNumber;

    public FramePump(CustomVideoSource source) {
        this.source = source;
    }

    public void start() {
        executor.scheduleAtFixedRate(this::pushFrame, 0, 1000 / FPS, TimeUnit.MILLISECONDS);
    }

    private void pushFrame() {
        NativeI420Buffer buffer = NativeI420Buffer.allocate(WIDTH, HEIGHT);
        fill(buffer.getDataY(), (byte) (16 + (frameNumber * 4) % 220));
        fill(buffer.getDataU(), (byte) 128);
        fill(buffer.getDataV(), (byte) 128);
        frameNumber++;
        VideoFrame frame = new VideoFrame(buffer, System.nanoTime());
        source.pushFrame(frame);
        frame.release();
    }

    private static void fill(ByteBuffer plane, byte value) {
        while (plane.hasRemaining()) {
            plane.put(value);
        }
    }

    /** Stops pushing and waits for a frame in flight, so the source can be disposed safely afterwards. */
    @Override
    public void close() throws InterruptedException {
        executor.shutdown();
        executor.awaitTermination(5, TimeUnit.SECONDS);
    }
}
