package io.storagesession.bench.session.janus;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Janus (the Debian package's {@code janus} 1.1) started for the comparison: the packaged configuration copied into a
 * temporary folder, every plugin but the VideoRoom and every transport but plain HTTP disabled, the HTTP API on
 * {@code port}, and the same TURN server as the KVS sessions (the embedded one, with TURN REST credentials made from
 * its shared secret) so that Janus's relay candidates sit where the storage session's do.
 */
final class JanusProcess implements AutoCloseable {
    private static final Path PACKAGED_CONFIG = Path.of("/etc/janus");
    private static final long START_TIMEOUT_MILLIS = 15_000;
    private static final long POLL_MILLIS = 100;
    private static final String PLUGINS_OFF = "libjanus_audiobridge.so,libjanus_duktape.so,libjanus_echotest.so,"
            + "libjanus_lua.so,libjanus_nosip.so,libjanus_recordplay.so,libjanus_sip.so,libjanus_streaming.so,"
            + "libjanus_textroom.so,libjanus_videocall.so,libjanus_voicemail.so";
    private static final String TRANSPORTS_OFF = "libjanus_mqtt.so,libjanus_nanomsg.so,libjanus_pfunix.so,"
            + "libjanus_rabbitmq.so,libjanus_websockets.so";
    private static final String EVENTS_OFF = "libjanus_gelfevh.so,libjanus_mqttevh.so,libjanus_nanomsgevh.so,"
            + "libjanus_rabbitmqevh.so,libjanus_sampleevh.so,libjanus_wsevh.so";

    private final Process process;
    final String api;

    private JanusProcess(Process process, String api) {
        this.process = process;
        this.api = api;
    }

    static JanusProcess start(int port, InetSocketAddress turn, String turnUser, String turnPassword)
            throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("janus-bench");
        try (Stream<Path> files = Files.list(PACKAGED_CONFIG)) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        Path core = dir.resolve("janus.jcfg");
        String config = Files.readString(core)
                .replace("configs_folder = \"/etc/janus\"", "configs_folder = \"" + dir + "\"")
                .replace("\tdebug_level = 4", "\tdebug_level = 3")
                .replace("nat: {\n", "nat: {\n\tturn_server = \"" + turn.getAddress().getHostAddress()
                        + "\"\n\tturn_port = " + turn.getPort() + "\n\tturn_type = \"udp\"\n\tturn_user = \"" + turnUser
                        + "\"\n\tturn_pwd = \"" + turnPassword + "\"\n")
                .replace("plugins: {\n", "plugins: {\n\tdisable = \"" + PLUGINS_OFF + "\"\n")
                .replace("transports: {\n", "transports: {\n\tdisable = \"" + TRANSPORTS_OFF + "\"\n")
                .replace("events: {\n", "events: {\n\tdisable = \"" + EVENTS_OFF + "\"\n");
        Files.writeString(core, config);
        Path http = dir.resolve("janus.transport.http.jcfg");
        Files.writeString(http, Files.readString(http).replace("port = 8088", "port = " + port));
        Process janus = new ProcessBuilder(List.of("janus", "-C", core.toString(), "-F", dir.toString(), "-L",
                dir.resolve("janus.log").toString())).redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile()).start();
        JanusProcess started = new JanusProcess(janus, "http://127.0.0.1:" + port + "/janus");
        started.awaitReady();
        System.out.println("janus pid " + janus.pid() + ", configuration and log in " + dir);
        return started;
    }

    private void awaitReady() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("janus exited with " + process.exitValue());
            }
            try {
                http.send(HttpRequest.newBuilder(URI.create(api + "/info")).GET().build(),
                        HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException notYet) {
                Thread.sleep(POLL_MILLIS);
            }
        }
        throw new IOException("janus did not answer on " + api + " within " + START_TIMEOUT_MILLIS + " ms");
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }
}
