package io.storagesession.mediastore.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.mediastore.MediaStoreSettings;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer process killed without warning (SIGKILL, {@code destroyForcibly}) in the middle of appending: every
 * fragment it had reported PERSISTED is listed and readable byte for byte after the store is reopened.
 */
class FragmentStoreKillTest {
    private static final int PERSISTED_BEFORE_KILL = 40;

    @TempDir
    Path dir;

    @Test
    void everyFragmentPersistedBeforeAKillIsThereAfterReopening() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                CrashingWriter.class.getName(), dir.toString()).redirectErrorStream(false)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<long[]> persisted = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                String[] f = line.split(" ");
                if (f.length == 3 && f[0].equals("PERSISTED")) {
                    persisted.add(new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
                }
                if (persisted.size() == PERSISTED_BEFORE_KILL) {
                    child.destroyForcibly();
                    break;
                }
            }
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(persisted).hasSize(PERSISTED_BEFORE_KILL);

        MediaStoreSettings settings = MediaStoreSettings.defaults();
        try (FragmentStore store = FragmentStore.open(dir, settings.store(), settings.limits().maxFragmentBytes())) {
            for (long[] p : persisted) {
                FragmentMedia media = store.readMedia(CrashingWriter.ARN, p[1]).orElseThrow(
                        () -> new AssertionError("fragment " + p[0] + " was PERSISTED but is gone"));
                assertThat(media.payload()).isEqualTo(CrashingWriter.payload((int) p[0]));
                assertThat(media.header()).isEqualTo(CrashingWriter.header());
            }
            long stored = store.list(CrashingWriter.ARN, TimestampKind.SERVER_TIMESTAMP, 0, Long.MAX_VALUE, 100_000)
                    .size();
            assertThat(stored).isGreaterThanOrEqualTo(PERSISTED_BEFORE_KILL);
        }
    }
}
