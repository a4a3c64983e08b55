package io.storagesession.server;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * What {@code /health} says: STARTING (503) until every service is up, then UP (200), or DEGRADED (still 200: the
 * server serves, but something it owes its users is failing — a recording that cannot be delivered, a media store
 * whose disk is (nearly) full) with the reason of each problem, for as long as it lasts. Services that can degrade
 * register a check that names their current problem, if any; checks are read on each request, so they must be cheap.
 */
final class ServerHealth {
    static final String UP = "UP";
    static final String DEGRADED = "DEGRADED";
    static final String STARTING = "STARTING";

    private volatile JsonObject services = new JsonObject();
    private final Map<String, Supplier<Optional<String>>> checks = new ConcurrentHashMap<>();

    /** Every named service is up. */
    void ready(String... names) {
        JsonObject up = new JsonObject();
        for (String name : names) {
            up.put(name, UP);
        }
        services = up;
    }

    boolean isReady() {
        return !services.isEmpty();
    }

    /** {@code service}'s current problem, if any, is reported by {@code problem} from now on. */
    void check(String service, Supplier<Optional<String>> problem) {
        checks.put(service, problem);
    }

    /** How many services report a problem now (the console's server chart). */
    double problemCount() {
        return checks.values().stream().filter(check -> check.get().isPresent()).count();
    }

    /** The body of {@code /health}. */
    JsonObject report() {
        if (!isReady()) {
            return new JsonObject().put("status", STARTING).put("services", new JsonObject());
        }
        JsonObject problems = new JsonObject();
        JsonObject state = services.copy();
        checks.forEach((service, check) -> check.get().ifPresent(problem -> {
            problems.put(service, problem);
            state.put(service, DEGRADED);
        }));
        JsonObject report = new JsonObject().put("status", problems.isEmpty() ? UP : DEGRADED).put("services", state);
        if (!problems.isEmpty()) {
            report.put("problems", problems);
        }
        return report;
    }
}
