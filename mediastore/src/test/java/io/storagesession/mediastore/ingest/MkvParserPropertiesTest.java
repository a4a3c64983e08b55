package io.storagesession.mediastore.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.codecs.mkv.MatroskaIds;
import io.storagesession.mediastore.MediaStoreSettings;
import io.storagesession.mediastore.TestMkv;
import io.storagesession.mediastore.mkv.EbmlCursor;
import io.storagesession.mediastore.mkv.ErrorIds;
import io.storagesession.mediastore.mkv.MkvBlock;
import io.storagesession.mediastore.mkv.MkvException;
import io.storagesession.mediastore.mkv.MkvStreamParser;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Properties of the PutMedia parser (MkvStreamParser with the PutMediaFragments' KVS rules), which reads bytes from
 * the network: random bytes and random cuts never crash it or make it hang (it either refuses with an ErrorId or
 * accepts), the way a body is chunked never changes what it finds, every frame written by the recorder's writer
 * comes back unchanged, and every frame of a laced block (RFC 9559 §10.3, any lacing) comes back as a block of its own
 * while random lace data is refused as invalid MKV (4006) or accepted, never anything else.
 */
class MkvParserPropertiesTest {
    private static final MediaStoreSettings.Limits LIMITS = MediaStoreSettings.defaults().limits();
    private static final long T0 = 1_700_000_000_000L;

    /** What one parse found: fragments, or the ErrorId that ended it. */
    record Outcome(List<PutMediaFragments.AssembledFragment> fragments, int errorId) {
    }

    /**
     * Parses {@code body} cut at {@code cuts}. Each fragment is copied and its array given back at once, as the store
     * does once it is written, so the next fragments are assembled in reused arrays.
     */
    static Outcome parse(byte[] body, int[] cuts) {
        List<PutMediaFragments.AssembledFragment> fragments = new ArrayList<>();
        FragmentPayloads payloads = new FragmentPayloads(2, 64, 1 << 20);
        PutMediaFragments.Listener listener = new PutMediaFragments.Listener() {
            @Override
            public void fragmentStarted(long clusterTimecode, long producerTimestampMillis) {
            }

            @Override
            public void fragmentComplete(PutMediaFragments.AssembledFragment f) {
                byte[] bytes = Arrays.copyOf(f.payload(), f.length());
                Arrays.fill(f.payload(), (byte) 0x55);
                payloads.give(f.payload());
                fragments.add(new PutMediaFragments.AssembledFragment(f.header(), f.clusterTimecode(),
                        f.producerTimestampMillis(), f.durationMillis(), bytes, bytes.length));
            }
        };
        MkvStreamParser parser = new MkvStreamParser(new PutMediaFragments(LIMITS, ProducerClock.of(false, null),
                listener, payloads), new MkvStreamParser.Limits(LIMITS.maxHeaderElementBytes(),
                LIMITS.maxFragmentBytes(), LIMITS.maxSkippedElementBytes()), new MkvStreamParser.Buffer(16, 4096));
        try {
            int at = 0;
            for (int cut : cuts) {
                int end = Math.min(body.length, Math.max(at, cut));
                parser.feed(body, at, end - at);
                at = end;
            }
            parser.feed(body, at, body.length - at);
            parser.finish();
            return new Outcome(fragments, 0);
        } catch (MkvException e) {
            assertThat(e.errorId()).isBetween(4000, 5999);
            return new Outcome(fragments, e.errorId());
        }
    }

    @Property(tries = 300)
    void randomBytesAreRefusedOrAcceptedNeverCrash(@ForAll @Size(max = 4096) byte[] garbage,
                                                   @ForAll boolean afterAValidHeader) {
        byte[] body = afterAValidHeader ? TestMkv.concat(TestMkv.header(2), garbage) : garbage;
        parse(body, new int[0]);
    }

    @Property(tries = 100)
    void aValidStreamCutAnywhereIsRefusedOrAcceptedNeverCrash(@ForAll @IntRange(min = 0, max = 100_000) int cut,
                                                              @ForAll long seed) {
        byte[] body = TestMkv.recording(T0, 3, 1000, seed).all();
        Outcome whole = parse(body, new int[0]);
        assertThat(whole.errorId()).isZero();
        Outcome truncated = parse(Arrays.copyOf(body, Math.min(cut, body.length)), new int[0]);
        assertThat(truncated.fragments().size()).isLessThanOrEqualTo(whole.fragments().size());
    }

    @Property(tries = 100)
    void howTheBodyIsChunkedNeverChangesWhatIsFound(@ForAll("cuts") int[] cuts, @ForAll long seed) {
        byte[] body = TestMkv.recording(T0, 3, 1000, seed).all();
        Outcome whole = parse(body, new int[0]);
        Outcome chunked = parse(body, Arrays.stream(cuts).sorted().toArray());
        assertThat(chunked.errorId()).isZero();
        assertThat(chunked.fragments()).hasSameSizeAs(whole.fragments());
        for (int i = 0; i < whole.fragments().size(); i++) {
            assertThat(chunked.fragments().get(i).payload()).isEqualTo(whole.fragments().get(i).payload());
        }
    }

    @Provide
    Arbitrary<int[]> cuts() {
        return Arbitraries.integers().between(0, 60_000).array(int[].class).ofMaxSize(50);
    }

    @Property(tries = 50)
    void everyFrameOfARandomRecordingRoundTrips(@ForAll @IntRange(min = 1, max = 5) int fragments,
                                                @ForAll @IntRange(min = 100, max = 4000) int fragmentMillis,
                                                @ForAll long seed) throws MkvException {
        TestMkv.Recording recording = TestMkv.recording(T0, fragments, fragmentMillis, seed);
        Outcome outcome = parse(recording.all(), new int[0]);
        assertThat(outcome.errorId()).isZero();
        assertThat(outcome.fragments()).hasSize(fragments);
        for (int i = 0; i < fragments; i++) {
            PutMediaFragments.AssembledFragment got = outcome.fragments().get(i);
            TestMkv.Fragment want = recording.fragments().get(i);
            assertThat(got.clusterTimecode()).isEqualTo(want.timecode());
            assertThat(got.producerTimestampMillis()).isEqualTo(want.timecode());
            List<TestMkv.Frame> read = frames(got);
            assertThat(read).hasSameSizeAs(want.frames());
            for (int j = 0; j < read.size(); j++) {
                TestMkv.Frame a = read.get(j);
                TestMkv.Frame b = want.frames().get(j);
                assertThat(a.track() == b.track() && a.timecode() == b.timecode() && a.keyframe() == b.keyframe()
                        && Arrays.equals(a.data(), b.data())).as("frame %d of fragment %d", j, i).isTrue();
            }
        }
    }

    @Property(tries = 200)
    void everyFrameOfARandomLaceIsStoredAsABlockOfItsOwn(@ForAll("lacings") int lacing,
                                                         @ForAll @IntRange(min = 1, max = 256) int count,
                                                         @ForAll @IntRange(min = 1, max = 700) int size,
                                                         @ForAll long seed) throws MkvException {
        java.util.Random random = new java.util.Random(seed);
        byte[][] laced = new byte[count][];
        for (int i = 0; i < count; i++) {
            laced[i] = new byte[lacing == TestMkv.FIXED_SIZE_LACING ? size : 1 + random.nextInt(size)];
            random.nextBytes(laced[i]);
        }
        byte[] body = TestMkv.concat(TestMkv.header(1),
                TestMkv.cluster(T0, TestMkv.lacedSimpleBlock(1, 7, true, lacing, laced)));
        Outcome outcome = parse(body, new int[0]);
        assertThat(outcome.errorId()).isZero();
        assertThat(outcome.fragments()).hasSize(1);
        List<TestMkv.Frame> read = frames(outcome.fragments().get(0));
        assertThat(read).hasSize(count);
        for (int i = 0; i < count; i++) {
            TestMkv.Frame f = read.get(i);
            assertThat(f.track() == 1 && f.timecode() == T0 + 7 && f.keyframe() && Arrays.equals(f.data(), laced[i]))
                    .as("frame %d of %d", i, count).isTrue();
        }
    }

    @Property(tries = 500)
    void randomLaceDataIsRefusedAsInvalidMkvOrAcceptedNeverCrash(@ForAll("lacings") int lacing,
                                                                 @ForAll @Size(max = 600) byte[] data,
                                                                 @ForAll boolean inABlockGroup) throws MkvException {
        byte[] block = inABlockGroup
                ? TestMkv.element(MatroskaIds.BLOCK_GROUP, TestMkv.element(MatroskaIds.BLOCK,
                        new byte[] {(byte) 0x81, 0, 0, (byte) lacing}, data))
                : TestMkv.rawSimpleBlock(1, 0x80 | lacing, data);
        Outcome outcome = parse(TestMkv.concat(TestMkv.header(1), TestMkv.cluster(T0, block)), new int[0]);
        assertThat(outcome.errorId()).isIn(0, ErrorIds.INVALID_MKV);
        if (outcome.errorId() == 0) {
            long frameBytes = frames(outcome.fragments().get(0)).stream().mapToLong(f -> f.data().length).sum();
            assertThat(frameBytes).isPositive().isLessThan(data.length);
        }
    }

    @Provide
    Arbitrary<Integer> lacings() {
        return Arbitraries.of(TestMkv.XIPH_LACING, TestMkv.FIXED_SIZE_LACING, TestMkv.EBML_LACING);
    }

    /** The frames of an assembled fragment's payload (its producer Tags, then one sized Cluster). */
    private static List<TestMkv.Frame> frames(PutMediaFragments.AssembledFragment f) throws MkvException {
        List<TestMkv.Frame> frames = new ArrayList<>();
        EbmlCursor top = new EbmlCursor(f.payload(), 0, f.payload().length);
        while (top.next()) {
            if (top.id() == MatroskaIds.CLUSTER) {
                EbmlCursor cluster = top.children();
                while (cluster.next()) {
                    if (cluster.id() == MatroskaIds.SIMPLE_BLOCK) {
                        MkvBlock b = MkvBlock.parse(cluster.id(), f.payload(), cluster.dataStart(),
                                cluster.dataStart() + cluster.dataSize());
                        frames.add(new TestMkv.Frame((int) b.track(), f.clusterTimecode() + b.relativeTimecode(),
                                b.keyframe(), b.frame()));
                    }
                }
            }
        }
        return frames;
    }
}
