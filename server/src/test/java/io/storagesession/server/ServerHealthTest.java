package io.storagesession.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@code /health}: STARTING, then UP, and DEGRADED with the reason for as long as a service reports a problem. */
class ServerHealthTest {
    @Test
    void degradedWhileAServiceReportsAProblemAndUpAgainAfter() {
        ServerHealth health = new ServerHealth();
        AtomicReference<String> problem = new AtomicReference<>();
        health.check("recording", () -> Optional.ofNullable(problem.get()));
        assertThat(health.report().getString("status")).isEqualTo("STARTING");

        health.ready("http", "recording");
        assertThat(health.report().encode()).isEqualTo("{\"status\":\"UP\",\"services\":{\"http\":\"UP\","
                + "\"recording\":\"UP\"}}");

        problem.set("recording of channel front-door not delivered: cannot connect");
        assertThat(health.report().encode()).isEqualTo("{\"status\":\"DEGRADED\",\"services\":{\"http\":\"UP\","
                + "\"recording\":\"DEGRADED\"},\"problems\":{\"recording\":\"recording of channel front-door not "
                + "delivered: cannot connect\"}}");

        problem.set(null);
        assertThat(health.report().getString("status")).isEqualTo("UP");
    }
}
