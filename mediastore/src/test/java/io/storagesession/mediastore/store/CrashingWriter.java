package io.storagesession.mediastore.store;

import io.storagesession.mediastore.MediaStoreSettings;
import io.storagesession.mediastore.TestMkv;
import io.storagesession.mediastore.mkv.MkvHeader;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The child process of {@link FragmentStoreKillTest}: appends fragments to a store as fast as it can and prints
 * {@code PERSISTED <index> <number>} after each append completed (i.e. after its fsync), until it is killed. Stops by
 * itself after {@value #MAX_FRAGMENTS} fragments so that a lost parent cannot leave it running.
 */
public final class CrashingWriter {
    static final String ARN = "arn:aws:kinesisvideo:us-west-2:123456789012:stream/killed/1700000000000";
    static final long T0 = 1_700_000_000_000L;
    private static final int MAX_FRAGMENTS = 20_000;
    private static final int MIN_PAYLOAD = 1000;
    private static final int MAX_PAYLOAD = 200_000;

    private CrashingWriter() {
    }

    /** The payload of fragment {@code index}, the same in the child and the parent. */
    static byte[] payload(int index) {
        Random random = new Random(index);
        byte[] b = new byte[MIN_PAYLOAD + random.nextInt(MAX_PAYLOAD - MIN_PAYLOAD)];
        random.nextBytes(b);
        return b;
    }

    static MkvHeader header() throws Exception {
        return MkvHeader.parse(TestMkv.recording(T0, 1, 1000, 1).header());
    }

    public static void main(String[] args) throws Exception {
        MediaStoreSettings settings = MediaStoreSettings.defaults();
        MkvHeader header = header();
        try (FragmentStore store = FragmentStore.open(Path.of(args[0]), settings.store(),
                settings.limits().maxFragmentBytes())) {
            for (int i = 0; i < MAX_FRAGMENTS; i++) {
                long t = T0 + i * 1000L;
                IncomingFragment f = new IncomingFragment(store.nextFragmentNumber(ARN, t), header, t, t, t, 1000,
                        payload(i));
                store.append(ARN, f).get(10, TimeUnit.SECONDS);
                System.out.println("PERSISTED " + i + " " + f.number());
                System.out.flush();
            }
        }
    }
}
