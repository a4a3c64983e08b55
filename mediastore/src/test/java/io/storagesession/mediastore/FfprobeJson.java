package io.storagesession.mediastore;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.List;

/** Reading what {@code ffprobe -show_streams -of json} printed, for the tests that take ffprobe as a judge. */
public final class FfprobeJson {
    private FfprobeJson() {
    }

    /** The one stream whose codec_type is {@code type} ("video", "audio"); fails unless there is exactly one. */
    public static JsonObject stream(JsonObject probe, String type) {
        List<JsonObject> of = probe.getJsonArray("streams").stream().map(JsonObject.class::cast)
                .filter(s -> type.equals(s.getString("codec_type"))).toList();
        assertThat(of).as(type + " streams in " + probe.encode()).hasSize(1);
        return of.get(0);
    }
}
