package io.storagesession.server;

import com.typesafe.config.Config;
import io.storagesession.api.auth.AccessKey;
import io.storagesession.api.auth.Policy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The access keys every API call is verified against ({@code server.auth}). Configured keys may carry a policy
 * (allowed actions and resource ARN patterns). When none is configured, the first start generates a key in AWS's
 * shapes (a 20-character {@code AKIA…} id, a 40-character secret), prints it once, and writes it to
 * {@code <data-dir>/credentials} in the AWS shared-credentials format (profile {@code default}), so that
 * {@code AWS_SHARED_CREDENTIALS_FILE=<data-dir>/credentials aws --endpoint-url … kinesisvideo …} works.
 */
public final class AccessKeys {
    static final String CREDENTIALS_FILE = "credentials";
    private static final String KEY_ID_PREFIX = "AKIA";
    private static final int KEY_ID_RANDOM_LENGTH = 16;
    private static final int SECRET_LENGTH = 40;
    private static final String KEY_ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final String SECRET_ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private AccessKeys() {
    }

    /** The keys to accept, and whether one was generated now (so the caller prints it once). */
    public record Loaded(List<AccessKey> keys, Optional<AccessKey> generated, Path credentialsFile) {
    }

    public static Loaded load(Config config, DataDir dataDir) throws IOException {
        List<AccessKey> keys = new ArrayList<>();
        for (Config k : config.getConfigList("server.auth.keys")) {
            Policy policy = new Policy(k.getStringList("actions"), k.getStringList("resources"));
            keys.add(new AccessKey(k.getString("access-key-id"), k.getString("secret-access-key"), policy));
        }
        Path file = dataDir.resolve(CREDENTIALS_FILE);
        if (!keys.isEmpty()) {
            return new Loaded(keys, Optional.empty(), file);
        }
        Optional<AccessKey> stored = read(file);
        if (stored.isPresent()) {
            return new Loaded(List.of(stored.get()), Optional.empty(), file);
        }
        AccessKey generated = new AccessKey(KEY_ID_PREFIX + DataDir.random(KEY_ID_ALPHABET, KEY_ID_RANDOM_LENGTH),
                DataDir.random(SECRET_ALPHABET, SECRET_LENGTH), Policy.ALLOW_ALL);
        dataDir.writeSecret(file, "[default]\naws_access_key_id = " + generated.accessKeyId()
                + "\naws_secret_access_key = " + generated.secretAccessKey() + "\n");
        return new Loaded(List.of(generated), Optional.of(generated), file);
    }

    /** Reads the {@code [default]} profile of an AWS shared-credentials file, if there is one. */
    static Optional<AccessKey> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        String id = null;
        String secret = null;
        boolean inDefault = false;
        for (String raw : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String line = raw.trim();
            if (line.startsWith("[")) {
                inDefault = line.equals("[default]");
                continue;
            }
            int eq = line.indexOf('=');
            if (!inDefault || eq < 0) {
                continue;
            }
            String name = line.substring(0, eq).trim();
            String value = line.substring(eq + 1).trim();
            if (name.equals("aws_access_key_id")) {
                id = value;
            } else if (name.equals("aws_secret_access_key")) {
                secret = value;
            }
        }
        if (id == null || secret == null || id.isEmpty() || secret.isEmpty()) {
            throw new IOException(file + " has no usable [default] profile: delete it to generate new credentials");
        }
        return Optional.of(new AccessKey(id, secret, Policy.ALLOW_ALL));
    }
}
