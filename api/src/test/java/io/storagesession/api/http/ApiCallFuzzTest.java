package io.storagesession.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.typesafe.config.ConfigFactory;
import io.storagesession.api.auth.AccessKey;
import io.storagesession.api.auth.Policy;
import io.storagesession.api.auth.Principal;
import io.storagesession.api.controlplane.ControlPlane;
import io.storagesession.api.controlplane.ControlPlaneSettings;
import io.storagesession.api.registry.Registry;
import io.storagesession.api.registry.RegistrySettings;
import io.storagesession.api.registry.StreamSpec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Coverage-guided fuzzing of the AWS JSON bodies of the control plane: the body read as {@link ApiRoutes} reads it,
 * then each read-only operation (Describe*, List*, Get*) reading its members through {@link ApiCall}'s typed
 * accessors and the control plane's validation, against a registry holding one channel and one stream. The contract:
 * a body is answered with a response object or refused with an {@link ApiException} (KVS's InvalidArgumentException,
 * SerializationException, ResourceNotFoundException…), never another exception, and the response encodes as JSON.
 * Writes are left out so every input meets the same registry.
 *
 * <p>The input's first byte picks the operation, the rest is the body. Without {@code JAZZER_FUZZ} only the seeds
 * under {@code ApiCallFuzzTestInputs} run (README "Fuzzing").
 */
class ApiCallFuzzTest {
    private static final String CHANNEL = "fuzz-channel";
    private static final String STREAM = "fuzz-stream";
    /** The creation time in the seeded resources' ARNs, so the seed corpus can name them. */
    private static final Instant CREATED = Instant.parse("2024-01-01T00:00:00Z");
    private static final int MESSAGE_TTL_SECONDS = 60;
    private static final int RETENTION_HOURS = 24;
    private static final RegistrySettings REGISTRY = new RegistrySettings("us-west-2", "123456789012", 10, 10,
            Duration.ofSeconds(10));
    private static final Principal PRINCIPAL =
            new Principal(new AccessKey("AKIAFUZZEXAMPLE00001", "fuzz-secret", Policy.ALLOW_ALL), REGISTRY.region());
    private static final List<String> READ_ONLY = List.of("Describe", "List", "Get");
    private static final long SETUP_TIMEOUT_SECONDS = 30;

    private static Vertx vertx;
    private static Path dataDir;
    private static Registry registry;
    private static List<ApiOperation> operations;

    @BeforeAll
    static void openRegistry() throws Exception {
        vertx = Vertx.vertx();
        dataDir = Files.createTempDirectory("api-call-fuzz");
        registry = Registry.open(vertx, dataDir, REGISTRY);
        await(registry.createChannel(CHANNEL, MESSAGE_TTL_SECONDS, CREATED, Map.of("team", "fuzz")));
        await(registry.createStream(new StreamSpec(STREAM, null, "video/h264", null, RETENTION_HOURS), CREATED,
                Map.of()));
        operations = new ControlPlane(registry, Endpoints.fromPublicUrl("http://127.0.0.1:8080"),
                ControlPlaneSettings.from(ConfigFactory.defaultReference())).operations().stream()
                .filter(op -> READ_ONLY.stream().anyMatch(op.name()::startsWith))
                .sorted(Comparator.comparing(ApiOperation::name)).toList();
    }

    @AfterAll
    static void closeRegistry() throws Exception {
        registry.close();
        await(vertx.close());
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "30m")
    void readOnlyOperations(byte[] input) {
        if (input.length == 0) {
            return;
        }
        ApiOperation operation = operations.get((input[0] & 0xFF) % operations.size());
        Future<JsonObject> result;
        try {
            JsonObject body = ApiRoutes.parse(Buffer.buffer(Arrays.copyOfRange(input, 1, input.length)));
            result = operation.handler().handle(new ApiCall(operation, body, PRINCIPAL, "fuzz", null));
        } catch (ApiException refused) {
            assertThat(refused.type()).isNotBlank();
            return;
        }
        assertThat(result.isComplete()).as("%s answers without waiting", operation.name()).isTrue();
        if (result.failed()) {
            assertThat(result.cause()).isInstanceOf(ApiException.class);
        } else {
            assertThat(result.result().encode()).startsWith("{");
        }
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(SETUP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
}
