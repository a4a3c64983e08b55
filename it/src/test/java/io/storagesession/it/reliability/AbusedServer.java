package io.storagesession.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.it.PackagedServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged server as the abuse tests start it: {@link PackagedServer} on free ports, its TURN-over-TLS port free
 * too (the default, 5349, may be taken by another server on the machine), with the test's {@code properties}.
 */
final class AbusedServer {
    /** A log line as the server writes it: {@code [thread] LEVEL logger - message}. */
    private static final Pattern LEVEL = Pattern.compile("^\\[[^\\]]*\\] (TRACE|DEBUG|INFO|WARN|ERROR) .*");

    private AbusedServer() {
    }

    private static String level(String line) {
        Matcher m = LEVEL.matcher(line);
        return m.matches() ? m.group(1) : null;
    }

    /**
     * Prints how many lines the server logged at WARN and ERROR, and fails if any was an ERROR: an abuse the server
     * handles as designed is no error, and a line per abusive request would be an abuse of its own (a full disk, a
     * real failure buried).
     */
    static void assertNoErrorLogged(PackagedServer server) {
        List<String> warnings = server.log().lines().filter(l -> "WARN".equals(level(l))).toList();
        List<String> errors = server.log().lines().filter(l -> "ERROR".equals(level(l))).toList();
        System.out.printf("server log: %d WARN lines%s, %d ERROR lines%n", warnings.size(),
                warnings.isEmpty() ? "" : " (first: " + warnings.get(0) + ")", errors.size());
        assertThat(errors).as("ERROR lines in the server's log").isEmpty();
    }

    static PackagedServer start(Path dir, String... properties) throws Exception {
        return start(dir, Map.of(), properties);
    }

    /** With {@code environment} added to the server's (libfaketime's variables, say). */
    static PackagedServer start(Path dir, Map<String, String> environment, String... properties) throws Exception {
        List<String> all = new ArrayList<>(List.of("turn.tls.port=0"));
        all.addAll(List.of(properties));
        return PackagedServer.start(dir, List.of(), environment, all.toArray(String[]::new));
    }
}
