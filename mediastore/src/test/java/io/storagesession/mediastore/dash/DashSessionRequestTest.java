package io.storagesession.mediastore.dash;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.api.http.ApiException;
import io.storagesession.mediastore.archive.ArchivedStream;
import io.storagesession.mediastore.hls.HlsSession;
import io.storagesession.mediastore.store.TimestampKind;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * GetDASHStreamingSessionURL's request rules, from the API reference and the service model: defaults, the DASH names
 * of the shared members (DASHFragmentSelector, MaxManifestFragmentResults) in messages, DisplayFragmentNumber, and
 * every hostile value — reversed, empty, over-long and far-future ranges, out-of-range numbers, wrong JSON types —
 * answered with KVS's 400s, never anything else.
 */
class DashSessionRequestTest {
    private static final long NOW = 1_763_800_000_000L;
    private static final double NOW_SECONDS = NOW / 1000.0;
    private static final ArchivedStream STREAM = new ArchivedStream("camera",
            "arn:aws:kinesisvideo:us-west-2:123456789012:stream/camera/1700000000000", 24);

    private static JsonObject onDemand(Object start, Object end) {
        JsonObject range = new JsonObject();
        if (start != null) {
            range.put("StartTimestamp", start);
        }
        if (end != null) {
            range.put("EndTimestamp", end);
        }
        return new JsonObject().put("StreamName", "camera").put("PlaybackMode", "ON_DEMAND")
                .put("DASHFragmentSelector", new JsonObject().put("FragmentSelectorType", "PRODUCER_TIMESTAMP")
                        .put("TimestampRange", range));
    }

    private static ApiException refusal(JsonObject body) {
        try {
            DashSessionRequest.parse(body, NOW);
        } catch (ApiException e) {
            return e;
        }
        throw new AssertionError("accepted " + body.encode());
    }

    @Test
    void liveDefaultsFollowTheApiReference() {
        DashSessionRequest r = DashSessionRequest.parse(new JsonObject().put("StreamName", "camera"), NOW);
        assertThat(r.playback().playbackMode()).isEqualTo(HlsSession.PlaybackMode.LIVE);
        assertThat(r.playback().kind()).isEqualTo(TimestampKind.SERVER_TIMESTAMP);
        assertThat(r.playback().displayFragmentTimestamp()).isFalse();
        assertThat(r.displayFragmentNumber()).isFalse();
        assertThat(r.playback().expiresSeconds()).isEqualTo(300);
        assertThat(r.playback().maxResults()).isEqualTo(5);
    }

    @Test
    void anOnDemandRequestGrantsADashSessionThatOpensOnlyDashResources() {
        DashSessionRequest r = DashSessionRequest.parse(onDemand(NOW_SECONDS - 60, NOW_SECONDS - 0.25)
                .put("DisplayFragmentTimestamp", "ALWAYS").put("DisplayFragmentNumber", "ALWAYS")
                .put("Expires", 43_200), NOW);
        assertThat(r.playback().maxResults()).isEqualTo(1000);
        HlsSession s = r.session(STREAM, NOW);
        assertThat(s.protocol()).isEqualTo(HlsSession.Protocol.DASH);
        assertThat(s.containerFormat()).isEqualTo(HlsSession.ContainerFormat.FRAGMENTED_MP4);
        assertThat(s.startMillis()).isEqualTo(NOW - 60_000);
        assertThat(s.endMillis()).isEqualTo(NOW - 250);
        assertThat(s.displayFragmentTimestamp()).isTrue();
        assertThat(s.displayFragmentNumber()).isTrue();
        assertThat(s.expiresMillis()).isEqualTo(NOW + 43_200_000L);
        assertThat(s.streamArn()).isEqualTo(STREAM.arn());
    }

    @Test
    void theSelectorAndTheLimitAreNamedAsDashNamesThem() {
        assertThat(refusal(new JsonObject().put("StreamName", "c").put("PlaybackMode", "LIVE_REPLAY")).getMessage())
                .startsWith("DASHFragmentSelector");
        // HLS's member means nothing here
        assertThat(refusal(new JsonObject().put("StreamName", "c").put("PlaybackMode", "ON_DEMAND")
                .put("HLSFragmentSelector", onDemand(NOW_SECONDS - 9, NOW_SECONDS - 1)
                        .getJsonObject("DASHFragmentSelector"))).getMessage()).startsWith("DASHFragmentSelector");
        assertThat(refusal(new JsonObject().put("StreamName", "c").put("MaxManifestFragmentResults", 0))
                .getMessage()).contains("'maxManifestFragmentResults'").contains("greater than or equal to 1");
        assertThat(refusal(new JsonObject().put("StreamName", "c").put("MaxManifestFragmentResults", 5001))
                .getMessage()).contains("less than or equal to 5000");
        assertThat(refusal(new JsonObject().put("StreamName", "c").put("DisplayFragmentNumber", "SOMETIMES"))
                .getMessage()).contains("'displayFragmentNumber'").contains("[ALWAYS, NEVER]");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidArguments")
    void hostileValuesAreInvalidArguments(String why, JsonObject body) {
        ApiException e = refusal(body);
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.type()).as(e.getMessage()).isEqualTo("InvalidArgumentException");
    }

    static Object[][] invalidArguments() {
        return new Object[][] {
            {"reversed range", onDemand(NOW_SECONDS - 1, NOW_SECONDS - 10)},
            {"empty range", onDemand(NOW_SECONDS - 5, NOW_SECONDS - 5)},
            {"range over 24 h", onDemand(NOW_SECONDS - 90_000, NOW_SECONDS - 1)},
            {"ON_DEMAND without an end", onDemand(NOW_SECONDS - 5, null)},
            {"a range without a start", onDemand(null, NOW_SECONDS - 5)},
            {"far-future end on the server timeline", onDemand(NOW_SECONDS, NOW_SECONDS + 60)
                    .put("DASHFragmentSelector", new JsonObject().put("FragmentSelectorType", "SERVER_TIMESTAMP")
                            .put("TimestampRange", new JsonObject().put("StartTimestamp", NOW_SECONDS)
                                    .put("EndTimestamp", NOW_SECONDS + 60)))},
            {"huge timestamps", onDemand(1e300, 1e300)},
            {"a range as wide as a long can hold", onDemand(-1e300, NOW_SECONDS - 1)},
            {"ON_DEMAND without a selector", new JsonObject().put("StreamName", "c").put("PlaybackMode", "ON_DEMAND")},
            {"a selector without its type", onDemand(NOW_SECONDS - 9, NOW_SECONDS - 1).put("DASHFragmentSelector",
                    new JsonObject().put("TimestampRange", new JsonObject().put("StartTimestamp", 1)
                            .put("EndTimestamp", 2)))},
            {"LIVE with a range", onDemand(NOW_SECONDS - 9, NOW_SECONDS - 1).put("PlaybackMode", "LIVE")},
            {"Expires below 300", new JsonObject().put("StreamName", "c").put("Expires", 299)},
            {"Expires above 43200", new JsonObject().put("StreamName", "c").put("Expires", 43_201)},
            {"a huge Expires", new JsonObject().put("StreamName", "c").put("Expires", 1e18)},
            {"a negative limit", new JsonObject().put("StreamName", "c").put("MaxManifestFragmentResults", -1)},
            {"a limit beyond long", new JsonObject().put("StreamName", "c").put("MaxManifestFragmentResults", 1e300)},
            {"no stream", new JsonObject().put("PlaybackMode", "LIVE")},
            {"an empty stream name", new JsonObject().put("StreamName", "")},
            {"a stream name too long", new JsonObject().put("StreamName", "a".repeat(257))},
            {"a stream name with a slash", new JsonObject().put("StreamName", "../etc")},
            {"a malformed ARN", new JsonObject().put("StreamARN", "arn:aws:s3:::bucket")},
            {"an ARN too long", new JsonObject().put("StreamARN", "arn:aws:kinesisvideo:us-west-2:1:stream/"
                    + "a".repeat(1100) + "/1")},
            {"a lowercase mode", new JsonObject().put("StreamName", "c").put("PlaybackMode", "live")},
            {"an unknown selector type", onDemand(NOW_SECONDS - 9, NOW_SECONDS - 1).put("DASHFragmentSelector",
                    new JsonObject().put("FragmentSelectorType", "CLIENT_TIMESTAMP"))},
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wrongTypes")
    void wrongJsonTypesAreSerializationExceptions(String why, JsonObject body) {
        ApiException e = refusal(body);
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.type()).as(e.getMessage()).isEqualTo("SerializationException");
    }

    static Object[][] wrongTypes() {
        return new Object[][] {
            {"StreamName a number", new JsonObject().put("StreamName", 5)},
            {"PlaybackMode an object", new JsonObject().put("StreamName", "c").put("PlaybackMode", new JsonObject())},
            {"Expires a string", new JsonObject().put("StreamName", "c").put("Expires", "600")},
            {"Expires a fraction", new JsonObject().put("StreamName", "c").put("Expires", 600.5)},
            {"the limit a boolean", new JsonObject().put("StreamName", "c").put("MaxManifestFragmentResults", true)},
            {"DisplayFragmentNumber an array", new JsonObject().put("StreamName", "c")
                    .put("DisplayFragmentNumber", new JsonArray().add("ALWAYS"))},
            {"the selector a string", new JsonObject().put("StreamName", "c").put("PlaybackMode", "ON_DEMAND")
                    .put("DASHFragmentSelector", "PRODUCER_TIMESTAMP")},
            {"a timestamp a string", onDemand("2025-11-22T08:26:40Z", NOW_SECONDS - 1)},
        };
    }

    /** Whatever JSON value lands in any member, the answer is a session or a KVS 400 — never a crash. */
    @Property
    void anyValueInAnyMemberIsASessionOrA400(@ForAll("members") String member, @ForAll("values") Object value) {
        JsonObject body = onDemand(NOW_SECONDS - 60, NOW_SECONDS - 1);
        if (member.startsWith("Range.")) {
            body.getJsonObject("DASHFragmentSelector").getJsonObject("TimestampRange")
                    .put(member.substring("Range.".length()), value);
        } else if (member.startsWith("Selector.")) {
            body.getJsonObject("DASHFragmentSelector").put(member.substring("Selector.".length()), value);
        } else {
            body.put(member, value);
        }
        try {
            DashSessionRequest r = DashSessionRequest.parse(body, NOW);
            assertThat(r.session(STREAM, NOW).protocol()).isEqualTo(HlsSession.Protocol.DASH);
        } catch (ApiException e) {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.type()).isIn("InvalidArgumentException", "SerializationException");
        }
    }

    @Provide
    Arbitrary<String> members() {
        return Arbitraries.of("StreamName", "StreamARN", "PlaybackMode", "DisplayFragmentTimestamp",
                "DisplayFragmentNumber", "DASHFragmentSelector", "Expires", "MaxManifestFragmentResults",
                "Selector.FragmentSelectorType", "Selector.TimestampRange", "Range.StartTimestamp",
                "Range.EndTimestamp");
    }

    @Provide
    Arbitrary<Object> values() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(300).map(s -> (Object) s),
                Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.doubles().map(d -> (Object) d),
                Arbitraries.of(true, false).map(b -> (Object) b),
                Arbitraries.of(new JsonObject(), new JsonArray(), new JsonObject().put("StartTimestamp", 1)),
                Arbitraries.of("LIVE", "LIVE_REPLAY", "ON_DEMAND", "ALWAYS", "NEVER", "SERVER_TIMESTAMP",
                        "PRODUCER_TIMESTAMP").map(s -> (Object) s));
    }
}
