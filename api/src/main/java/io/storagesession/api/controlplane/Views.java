package io.storagesession.api.controlplane;

import io.storagesession.api.registry.Channel;
import io.storagesession.api.registry.Stream;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;

/**
 * The JSON shapes of KVS responses ({@code ChannelInfo}, {@code StreamInfo}, tag maps), with PascalCase members
 * and timestamps as epoch seconds with a millisecond fraction, as the rest-json protocol writes them.
 */
final class Views {
    private static final double MILLIS_PER_SECOND = 1000.0;

    private Views() {
    }

    static double epochSeconds(Instant instant) {
        return instant.toEpochMilli() / MILLIS_PER_SECOND;
    }

    static JsonObject channelInfo(Channel ch) {
        return new JsonObject()
                .put("ChannelName", ch.name())
                .put("ChannelARN", ch.arn())
                .put("ChannelType", ch.type())
                .put("ChannelStatus", ch.status())
                .put("CreationTime", epochSeconds(ch.creationTime()))
                .put("SingleMasterConfiguration", new JsonObject().put("MessageTtlSeconds", ch.messageTtlSeconds()))
                .put("Version", ch.version());
    }

    static JsonObject streamInfo(Stream st) {
        JsonObject info = new JsonObject();
        putIfPresent(info, "DeviceName", st.deviceName());
        info.put("StreamName", st.name()).put("StreamARN", st.arn());
        putIfPresent(info, "MediaType", st.mediaType());
        putIfPresent(info, "KmsKeyId", st.kmsKeyId());
        return info.put("Version", st.version())
                .put("Status", st.status())
                .put("CreationTime", epochSeconds(st.creationTime()))
                .put("DataRetentionInHours", st.dataRetentionInHours());
    }

    static JsonObject tags(Map<String, String> tags) {
        JsonObject out = new JsonObject();
        tags.forEach(out::put);
        return out;
    }

    private static void putIfPresent(JsonObject object, String field, String value) {
        if (value != null) {
            object.put(field, value);
        }
    }
}
