package io.storagesession.it.camera;

import io.storagesession.codecs.ExternalTool;
import io.storagesession.it.PackagedServer;
import io.storagesession.it.session.RecordingJudge;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;

/**
 * The official Amazon KVS WebRTC C SDK's unmodified master sample ({@code kvsWebrtcClientMaster <channel> 1}, 1 =
 * media storage: JoinStorageSession), built offline by {@code ../shared/tools/kvs-c-sdk/build.sh} into
 * {@code -Dkvs.c-sdk.dir} (default {@code /tmp/kvs-c-sdk}); the only change to the sample makes it read the control
 * plane URL from {@code AWS_KVS_CONTROL_PLANE_URL}. It runs from its samples folder (it reads ./h264SampleFrames and
 * ./opusSampleFrames), retries forever and ignores SIGINT, so it is ended with SIGKILL — as a camera losing power
 * ends: without a DTLS close_notify.
 */
public final class KvsCSdkCamera implements AutoCloseable {
    static final Path BUILD = Path.of(System.getProperty("kvs.c-sdk.dir", "/tmp/kvs-c-sdk"));
    static final Path SAMPLES = BUILD.resolve("build/samples");
    static final Path MASTER = SAMPLES.resolve("kvsWebrtcClientMaster");
    /** Media storage: the sample calls JoinStorageSession. */
    private static final String STORAGE = "1";

    private final Process process;

    private KvsCSdkCamera(Process process) {
        this.process = process;
    }

    /** What a camera test needs: this sample built, ffmpeg to judge the recording, the packaged server on 443. */
    public static void requireCameraRun() {
        requireBuilt();
        RecordingJudge.requireFfmpeg();
        PackagedServer.requireCameraPort();
    }

    public static void requireBuilt() {
        ExternalTool.requireFile(MASTER, "build the KVS C SDK: ../shared/tools/kvs-c-sdk/build.sh " + BUILD);
        ExternalTool.require("stdbuf", "coreutils");
    }

    /** Starts the sample as a camera pointed at {@code https://localhost} (port 443), trusting {@code caCert}. */
    public static KvsCSdkCamera start(String channel, AwsBasicCredentials key, Path caCert, Path log)
            throws IOException {
        // stdbuf: the sample writes its log through stdio, which a SIGKILL would otherwise leave in its buffer.
        ProcessBuilder builder = new ProcessBuilder("stdbuf", "-oL", "-eL", MASTER.toString(), channel, STORAGE)
                .directory(SAMPLES.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("AWS_ACCESS_KEY_ID", key.accessKeyId());
        env.put("AWS_SECRET_ACCESS_KEY", key.secretAccessKey());
        env.put("AWS_DEFAULT_REGION", "us-west-2");
        env.put("AWS_KVS_CONTROL_PLANE_URL", "https://localhost");
        env.put("AWS_KVS_CACERT_PATH", caCert.toString());
        env.put("AWS_KVS_LOG_LEVEL", "3");
        return new KvsCSdkCamera(builder.start());
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Power off: SIGKILL, no goodbye on any layer. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    public static String readLog(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
