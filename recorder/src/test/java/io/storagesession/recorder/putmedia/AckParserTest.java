package io.storagesession.recorder.putmedia;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The ACK stream of KVS-WIRE.md §4: concatenated JSON objects, cut anywhere by HTTP chunking. */
class AckParserTest {
    private static final int MAX = 4096;

    @Test
    void readsSeveralObjectsInOneChunk() {
        AckParser parser = new AckParser(MAX);
        List<AckEvent> events = parser.feed(Buffer.buffer(
                "{\"EventType\":\"RECEIVED\",\"FragmentTimecode\":1700000000000,\"FragmentNumber\":\"913\"}"
                        + "{\"EventType\":\"PERSISTED\",\"FragmentTimecode\":1700000000000,\"FragmentNumber\":\"913\"}\n"
                        + "{\"EventType\":\"IDLE\"}"));
        assertThat(events).extracting(AckEvent::type).containsExactly(AckEvent.Type.RECEIVED, AckEvent.Type.PERSISTED,
                AckEvent.Type.IDLE);
        assertThat(events.get(1).fragmentTimecode()).hasValue(1700000000000L);
        assertThat(events.get(1).fragmentNumber()).isEqualTo("913");
        assertThat(parser.garbage()).isZero();
    }

    @Test
    void readsAnErrorWithItsId() {
        List<AckEvent> events = new AckParser(MAX).feed(Buffer.buffer(
                "{\"EventType\":\"ERROR\",\"FragmentTimecode\":5,\"ErrorId\":4006}"));
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(AckEvent.Type.ERROR);
            assertThat(e.errorId()).hasValue(4006);
        });
    }

    /** The buffer starts small: an acknowledgement longer than it (padded by the service) grows it, up to the bound. */
    @Test
    void anAcknowledgementLongerThanTheFirstBufferIsReadAndOneBeyondTheBoundIsNot() {
        AckParser parser = new AckParser(16, 512);
        String padded = "{\"EventType\":\"PERSISTED\",\"FragmentTimecode\":42,\"FragmentNumber\":\""
                + "9".repeat(300) + "\"}";
        String tooLong = "{\"EventType\":\"PERSISTED\",\"FragmentTimecode\":43,\"FragmentNumber\":\""
                + "9".repeat(600) + "\"}";
        List<AckEvent> events = new ArrayList<>();
        for (byte b : (padded + tooLong + padded.replace(":42", ":44")).getBytes(StandardCharsets.UTF_8)) {
            events.addAll(parser.feed(Buffer.buffer(new byte[] {b})));
        }
        assertThat(events).extracting(e -> e.fragmentTimecode().getAsLong()).containsExactly(42L, 44L);
        assertThat(parser.garbage()).isOne();
    }

    @Test
    void countsAndSkipsWhatIsNoAcknowledgement() {
        AckParser parser = new AckParser(MAX);
        List<AckEvent> events = parser.feed(Buffer.buffer(
                "junk}{\"EventType\":\"NOPE\"}{\"EventType\":\"PERSISTED\"}"
                        + "{\"EventType\":\"PERSISTED\",\"FragmentTimecode\":1.5}{\"EventType\":\"PERSISTED\","
                        + "\"FragmentTimecode\":99999999999999999999999}{\"EventType\":\"RECEIVED\",\"FragmentTimecode\":"
                        + "\"1\"}{\"EventType\":\"PERSISTED\",\"FragmentTimecode\":7,\"FragmentNumber\":8}"
                        + "{\"a\":\"}{\\\"\"} {\"EventType\":\"PERSISTED\",\"FragmentTimecode\":7}"));
        assertThat(events).singleElement().satisfies(e -> assertThat(e.fragmentTimecode()).hasValue(7));
        assertThat(parser.garbage()).isEqualTo(8);
    }

    @Test
    void givesUpAnEndlessObjectAndFindsALaterOne() {
        // The unbalanced braces swallow what follows until the object outgrows the bound; the scan then restarts at
        // the next '{', so the stream recovers within a bounded number of bytes.
        AckParser parser = new AckParser(64);
        assertThat(parser.feed(Buffer.buffer("{\"EventType\":\"" + "{".repeat(500)))).isEmpty();
        List<AckEvent> events = parser.feed(Buffer.buffer("{\"EventType\":\"PERSISTED\",\"FragmentTimecode\":3}"
                + "{\"EventType\":\"PERSISTED\",\"FragmentTimecode\":4}"));
        assertThat(parser.garbage()).isPositive();
        assertThat(events).isNotEmpty();
        assertThat(events.get(events.size() - 1).fragmentTimecode()).hasValue(4);
    }

    @Property
    void findsEveryAckWhereverTheChunksAreCut(@ForAll("acks") @Size(max = 20) List<AckEvent> acks,
                                               @ForAll("cuts") List<Integer> cuts) {
        StringBuilder wire = new StringBuilder();
        for (AckEvent ack : acks) {
            wire.append(json(ack)).append(ack.fragmentTimecode().orElse(0) % 3 == 0 ? "\n" : "");
        }
        byte[] bytes = wire.toString().getBytes(StandardCharsets.UTF_8);
        AckParser parser = new AckParser(MAX);
        List<AckEvent> parsed = new ArrayList<>();
        int at = 0;
        for (int cut : cuts) {
            int end = Math.min(bytes.length, at + cut);
            parsed.addAll(parser.feed(Buffer.buffer().appendBytes(bytes, at, end - at)));
            at = end;
        }
        parsed.addAll(parser.feed(Buffer.buffer().appendBytes(bytes, at, bytes.length - at)));
        assertThat(parsed).containsExactlyElementsOf(acks);
        assertThat(parser.garbage()).isZero();
    }

    /**
     * Any bytes, cut anywhere, are read without an exception and exactly as the same bytes in one piece: the same
     * acknowledgements and the same garbage count, so no chunk boundary changes what the client hears.
     */
    @Property
    void arbitraryBytesNeverThrowAndReadAsInOnePiece(@ForAll byte[] noise, @ForAll("cuts") List<Integer> cuts) {
        AckParser parser = new AckParser(128);
        List<AckEvent> parsed = new ArrayList<>();
        int at = 0;
        for (int cut : cuts) {
            int end = Math.min(noise.length, at + cut);
            parsed.addAll(parser.feed(Buffer.buffer().appendBytes(noise, at, end - at)));
            at = end;
        }
        parsed.addAll(parser.feed(Buffer.buffer().appendBytes(noise, at, noise.length - at)));
        AckParser whole = new AckParser(128);
        assertThat(parsed).isEqualTo(whole.feed(Buffer.buffer(noise)));
        assertThat(parser.garbage()).isEqualTo(whole.garbage());
    }

    @Provide
    Arbitrary<List<Integer>> cuts() {
        return Arbitraries.integers().between(1, 40).list().ofMaxSize(60);
    }

    @Provide
    Arbitrary<List<AckEvent>> acks() {
        Arbitrary<AckEvent.Type> types = Arbitraries.of(AckEvent.Type.BUFFERING, AckEvent.Type.RECEIVED,
                AckEvent.Type.PERSISTED, AckEvent.Type.ERROR);
        Arbitrary<Long> timecodes = Arbitraries.longs().between(0, Long.MAX_VALUE);
        Arbitrary<String> numbers = Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(25).injectNull(0.2);
        Arbitrary<AckEvent> ack = Combinators.combine(types, timecodes, numbers, Arbitraries.integers().between(4000, 5001))
                .as((type, tc, number, error) -> new AckEvent(type, OptionalLong.of(tc), number,
                        type == AckEvent.Type.ERROR ? OptionalInt.of(error) : OptionalInt.empty()));
        return ack.list();
    }

    private static String json(AckEvent ack) {
        StringBuilder s = new StringBuilder("{\"EventType\":\"").append(ack.type()).append('"');
        ack.fragmentTimecode().ifPresent(tc -> s.append(",\"FragmentTimecode\":").append(tc));
        if (ack.fragmentNumber() != null) {
            s.append(",\"FragmentNumber\":\"").append(ack.fragmentNumber()).append('"');
        }
        ack.errorId().ifPresent(id -> s.append(",\"ErrorId\":").append(id));
        return s.append('}').toString();
    }
}
