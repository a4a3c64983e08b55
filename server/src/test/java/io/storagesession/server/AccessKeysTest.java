package io.storagesession.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessKeysTest {
    @TempDir
    Path dir;

    private static Config config(String keys) {
        return ConfigFactory.parseString("server.auth.keys = " + keys).withFallback(ConfigFactory.defaultReference());
    }

    @Test
    void generatesAnAwsShapedKeyOnceAndReadsItBackAfterwards() throws IOException {
        DataDir data = new DataDir(dir);
        AccessKeys.Loaded first = AccessKeys.load(config("[]"), data);
        assertThat(first.generated()).isPresent();
        var key = first.generated().get();
        assertThat(key.accessKeyId()).matches("AKIA[A-Z2-7]{16}");
        assertThat(key.secretAccessKey()).hasSize(40);
        assertThat(Files.readString(first.credentialsFile())).startsWith("[default]\n")
                .contains("aws_access_key_id = " + key.accessKeyId())
                .contains("aws_secret_access_key = " + key.secretAccessKey());
        assertThat(Files.getPosixFilePermissions(first.credentialsFile()))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

        AccessKeys.Loaded second = AccessKeys.load(config("[]"), data);
        assertThat(second.generated()).isEmpty();
        assertThat(second.keys()).containsExactly(key);
    }

    @Test
    void configuredKeysWithPoliciesReplaceGeneration() throws IOException {
        AccessKeys.Loaded loaded = AccessKeys.load(config("[{access-key-id = AKIDCAMERA, secret-access-key = s, "
                + "actions = [\"kinesisvideo:JoinStorageSession\"], resources = [\"arn:aws:kinesisvideo:*:*:channel/door/*\"]}]"),
                new DataDir(dir));
        assertThat(loaded.generated()).isEmpty();
        assertThat(Files.exists(dir.resolve("credentials"))).isFalse();
        var policy = loaded.keys().get(0).policy();
        assertThat(policy.allows("kinesisvideo:JoinStorageSession", "arn:aws:kinesisvideo:us-west-2:0:channel/door/1")).isTrue();
        assertThat(policy.allows("kinesisvideo:JoinStorageSession", "arn:aws:kinesisvideo:us-west-2:0:channel/back/1")).isFalse();
        assertThat(policy.allows("kinesisvideo:CreateStream", "arn:aws:kinesisvideo:us-west-2:0:channel/door/1")).isFalse();
    }

    @Test
    void aCorruptCredentialsFileIsAClearError() throws IOException {
        Files.writeString(dir.resolve("credentials"), "[other]\naws_access_key_id = x\n");
        assertThatThrownBy(() -> AccessKeys.load(config("[]"), new DataDir(dir)))
                .isInstanceOf(IOException.class).hasMessageContaining("delete it");
    }
}
