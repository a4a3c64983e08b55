package io.storagesession.mediastore.hls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.storagesession.api.http.ApiException;
import io.storagesession.mediastore.store.TimestampKind;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HlsSessionRequestTest {
    private static final long NOW = 1_763_800_000_000L;
    private static final double NOW_SECONDS = NOW / 1000.0;

    private static JsonObject range(String type, Double start, Double end) {
        JsonObject r = new JsonObject();
        if (start != null) {
            r.put("StartTimestamp", start);
        }
        if (end != null) {
            r.put("EndTimestamp", end);
        }
        JsonObject selector = new JsonObject().put("TimestampRange", r);
        if (type != null) {
            selector.put("FragmentSelectorType", type);
        }
        return selector;
    }

    private static ApiException refusal(JsonObject body) {
        try {
            HlsSessionRequest.parse(body, NOW);
        } catch (ApiException e) {
            return e;
        }
        throw new AssertionError("accepted " + body.encode());
    }

    @Test
    void liveDefaultsFollowTheApiReference() {
        HlsSessionRequest r = HlsSessionRequest.parse(new JsonObject().put("StreamName", "camera"), NOW);
        assertThat(r.playbackMode()).isEqualTo(HlsSession.PlaybackMode.LIVE);
        assertThat(r.kind()).isEqualTo(TimestampKind.SERVER_TIMESTAMP);
        assertThat(r.containerFormat()).isEqualTo(HlsSession.ContainerFormat.FRAGMENTED_MP4);
        assertThat(r.discontinuityMode()).as("ALWAYS for SERVER_TIMESTAMP").isEqualTo(HlsSession.DiscontinuityMode.ALWAYS);
        assertThat(r.displayFragmentTimestamp()).isFalse();
        assertThat(r.expiresSeconds()).isEqualTo(300);
        assertThat(r.maxResults()).isEqualTo(5);
    }

    @Test
    void onDemandDefaultsToAThousandFragmentsAndProducerTimestampsToNoDiscontinuities() {
        HlsSessionRequest r = HlsSessionRequest.parse(new JsonObject().put("StreamName", "camera")
                .put("PlaybackMode", "ON_DEMAND")
                .put("HLSFragmentSelector", range("PRODUCER_TIMESTAMP", NOW_SECONDS - 60, NOW_SECONDS - 0.5)), NOW);
        assertThat(r.maxResults()).isEqualTo(1000);
        assertThat(r.discontinuityMode()).isEqualTo(HlsSession.DiscontinuityMode.NEVER);
        assertThat(r.startMillis()).isEqualTo(NOW - 60_000);
        assertThat(r.endMillis()).as("fractions of seconds are kept").isEqualTo(NOW - 500);
    }

    @Test
    void liveReplayMayLeaveTheEndOpen() {
        HlsSessionRequest r = HlsSessionRequest.parse(new JsonObject().put("StreamName", "camera")
                .put("PlaybackMode", "LIVE_REPLAY")
                .put("HLSFragmentSelector", range("SERVER_TIMESTAMP", NOW_SECONDS - 60, null)), NOW);
        assertThat(r.endMillis()).isEqualTo(HlsSession.NO_END);
    }

    @Test
    void aStreamMustBeNamed() {
        assertThat(refusal(new JsonObject()).type()).isEqualTo("InvalidArgumentException");
        assertThat(refusal(new JsonObject().put("StreamName", "bad name!")).getMessage()).contains("streamName");
        assertThat(refusal(new JsonObject().put("StreamARN", "arn:nope")).getMessage()).contains("streamARN");
    }

    @Test
    void enumsAreCheckedAgainstTheirValueSets() {
        assertThat(refusal(new JsonObject().put("StreamName", "c").put("PlaybackMode", "live")).getMessage())
                .contains("playbackMode").contains("[LIVE, LIVE_REPLAY, ON_DEMAND]");
        assertThat(refusal(new JsonObject().put("StreamName", "c").put("ContainerFormat", "MP4")).getMessage())
                .contains("containerFormat");
        assertThat(refusal(new JsonObject().put("StreamName", "c").put("DiscontinuityMode", "SOMETIMES"))
                .getMessage()).contains("discontinuityMode");
        assertThat(refusal(new JsonObject().put("StreamName", "c").put("DisplayFragmentTimestamp", "YES"))
                .getMessage()).contains("displayFragmentTimestamp");
        assertThat(refusal(new JsonObject().put("StreamName", "c")
                .put("HLSFragmentSelector", new JsonObject().put("FragmentSelectorType", "CLIENT_TIMESTAMP")))
                .getMessage()).contains("fragmentSelectorType");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 299, 43_201})
    void expiresIsBetween300And43200(int expires) {
        assertThat(refusal(new JsonObject().put("StreamName", "c").put("Expires", expires)).getMessage())
                .contains("expires");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 5001})
    void maxResultsIsBetween1And5000(int max) {
        assertThat(refusal(new JsonObject().put("StreamName", "c").put("MaxMediaPlaylistFragmentResults", max))
                .getMessage()).contains("maxMediaPlaylistFragmentResults");
    }

    @Test
    void liveForbidsATimestampRange() {
        assertThat(refusal(new JsonObject().put("StreamName", "c")
                .put("HLSFragmentSelector", range("SERVER_TIMESTAMP", NOW_SECONDS - 60, null))).getMessage())
                .contains("TimestampRange");
    }

    @Test
    void onDemandAndLiveReplayNeedTheSelectorTypeAndRange() {
        assertThat(refusal(new JsonObject().put("StreamName", "c").put("PlaybackMode", "ON_DEMAND")).type())
                .isEqualTo("InvalidArgumentException");
        assertThat(refusal(new JsonObject().put("StreamName", "c").put("PlaybackMode", "LIVE_REPLAY")
                .put("HLSFragmentSelector", range(null, NOW_SECONDS - 60, null))).type())
                .isEqualTo("InvalidArgumentException");
        assertThat(refusal(new JsonObject().put("StreamName", "c").put("PlaybackMode", "ON_DEMAND")
                .put("HLSFragmentSelector", range("SERVER_TIMESTAMP", NOW_SECONDS - 60, null))).getMessage())
                .contains("EndTimestamp is required");
        assertThat(refusal(new JsonObject().put("StreamName", "c").put("PlaybackMode", "ON_DEMAND")
                .put("HLSFragmentSelector", range("SERVER_TIMESTAMP", null, NOW_SECONDS - 1))).getMessage())
                .contains("StartTimestamp is required");
    }

    @Test
    void theRangeMustBeOrderedShorterThanADayAndInThePastForServerTimestamps() {
        assertThat(refusal(new JsonObject().put("StreamName", "c").put("PlaybackMode", "ON_DEMAND")
                .put("HLSFragmentSelector", range("PRODUCER_TIMESTAMP", NOW_SECONDS - 10, NOW_SECONDS - 20)))
                .getMessage()).contains("later than StartTimestamp");
        assertThat(refusal(new JsonObject().put("StreamName", "c").put("PlaybackMode", "ON_DEMAND")
                .put("HLSFragmentSelector", range("PRODUCER_TIMESTAMP", NOW_SECONDS - 90_000, NOW_SECONDS - 1)))
                .getMessage()).contains("24 hours");
        assertThat(refusal(new JsonObject().put("StreamName", "c").put("PlaybackMode", "ON_DEMAND")
                .put("HLSFragmentSelector", range("SERVER_TIMESTAMP", NOW_SECONDS - 10, NOW_SECONDS + 10)))
                .getMessage()).contains("in the past");
        // producer clocks may run ahead: a future end is fine on the producer timeline
        HlsSessionRequest.parse(new JsonObject().put("StreamName", "c").put("PlaybackMode", "ON_DEMAND")
                .put("HLSFragmentSelector", range("PRODUCER_TIMESTAMP", NOW_SECONDS - 10, NOW_SECONDS + 10)), NOW);
    }

    @Test
    void mistypedFieldsAreSerializationErrors() {
        assertThat(refusal(new JsonObject().put("StreamName", 7)).type()).isEqualTo("SerializationException");
        assertThat(refusal(new JsonObject().put("StreamName", "c").put("Expires", "300")).type())
                .isEqualTo("SerializationException");
        assertThat(refusal(new JsonObject().put("StreamName", "c").put("Expires", 300.5)).type())
                .isEqualTo("SerializationException");
        assertThatThrownBy(() -> HlsSessionRequest.parse(new JsonObject().put("StreamName", "c")
                .put("HLSFragmentSelector", "SERVER_TIMESTAMP"), NOW)).isInstanceOf(ApiException.class);
    }
}
