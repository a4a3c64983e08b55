package io.storagesession.mediastore.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.storagesession.mediastore.TestMkv;
import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * Coverage-guided fuzzing of the PutMedia body parser: {@link io.storagesession.mediastore.mkv.MkvStreamParser}
 * (EBML/Matroska, RFC 8794 and RFC 9559) driving {@link PutMediaFragments}' KVS rules, as an upload feeds them
 * (KVS-WIRE.md §4, §5), through the same harness as {@link MkvParserPropertiesTest}. The contract: any body ends in
 * fragments or in a refusal with a PutMedia ErrorId (4000–5999, checked by the harness), never another exception;
 * what is found does not depend on where the body was cut between reads; the parse allocates in proportion to the
 * bytes that arrived, never to the sizes they claim; and each fragment the store would write, read back after its
 * stream header as GetMedia serves it, is found again unchanged.
 *
 * <p>The input's first byte says where the body is cut in two reads; the rest is the body. Without
 * {@code JAZZER_FUZZ} only the seeds under {@code PutMediaParserFuzzTestInputs} run (README "Fuzzing").
 */
class PutMediaParserFuzzTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    /**
     * What one parse may allocate: a fixed part (the parser, the rules' per-upload state, the harness's lists; a few
     * kilobytes measured) and a multiple of the body for the elements kept while they arrive, the fragments assembled
     * and the harness's copies.
     */
    private static final long ALLOCATION_BASE_BYTES = 64 << 10;
    private static final long ALLOCATION_PER_BODY_BYTE = 32;

    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "30m")
    void putMediaBodies(byte[] input) {
        if (input.length == 0) {
            return;
        }
        byte[] body = Arrays.copyOfRange(input, 1, input.length);
        int cut = (input[0] & 0xFF) * body.length / 0xFF;

        MkvParserPropertiesTest.Outcome whole = MkvParserPropertiesTest.parse(body, new int[0]);
        // Measured on a second parse of the same body: class initialisation on a path taken for the first time is
        // paid once by the first, not by what the input claims.
        long before = THREADS.getCurrentThreadAllocatedBytes();
        MkvParserPropertiesTest.parse(body, new int[0]);
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        assertThat(allocated).isLessThanOrEqualTo(ALLOCATION_BASE_BYTES + ALLOCATION_PER_BODY_BYTE * body.length);

        MkvParserPropertiesTest.Outcome cutOnce = MkvParserPropertiesTest.parse(body, new int[] {cut});
        assertThat(cutOnce.errorId()).isEqualTo(whole.errorId());
        assertThat(cutOnce.fragments()).hasSameSizeAs(whole.fragments());
        for (int i = 0; i < whole.fragments().size(); i++) {
            assertThat(cutOnce.fragments().get(i).payload()).isEqualTo(whole.fragments().get(i).payload());
        }
        for (PutMediaFragments.AssembledFragment fragment : whole.fragments()) {
            readBack(fragment);
        }
    }

    /** The stored fragment after its stream header is one fragment again, with the same bytes and timing. */
    private static void readBack(PutMediaFragments.AssembledFragment fragment) {
        byte[] stored = TestMkv.concat(fragment.header().bytes(), fragment.payload());
        MkvParserPropertiesTest.Outcome again = MkvParserPropertiesTest.parse(stored, new int[0]);
        assertThat(again.errorId()).isZero();
        assertThat(again.fragments()).hasSize(1);
        PutMediaFragments.AssembledFragment read = again.fragments().get(0);
        assertThat(read.payload()).isEqualTo(fragment.payload());
        assertThat(read.clusterTimecode()).isEqualTo(fragment.clusterTimecode());
        assertThat(read.durationMillis()).isEqualTo(fragment.durationMillis());
    }
}
