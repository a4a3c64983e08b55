package io.storagesession.it.reliability;

import io.storagesession.it.ServerProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The packaged server as the abuse tests start it: {@link ServerProcess} on free ports, its TURN-over-TLS port free
 * too (the default, 5349, may be taken by another server on the machine), with the test's {@code properties}.
 */
final class AbusedServer {
    private AbusedServer() {
    }

    static ServerProcess start(Path dir, String... properties) throws Exception {
        return start(dir, Map.of(), properties);
    }

    /** With {@code environment} added to the server's (libfaketime's variables, say). */
    static ServerProcess start(Path dir, Map<String, String> environment, String... properties) throws Exception {
        List<String> all = new ArrayList<>(List.of("turn.tls.port=0"));
        all.addAll(List.of(properties));
        return ServerProcess.start(dir, List.of(), environment, all.toArray(String[]::new));
    }
}
