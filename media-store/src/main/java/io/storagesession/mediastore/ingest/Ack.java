package io.storagesession.mediastore.ingest;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.OptionalLong;

/**
 * One PutMedia acknowledgement (KVS-WIRE.md §4):
 * {@code {"EventType":…,"FragmentTimecode":<cluster timecode verbatim>,"FragmentNumber":"<decimal>","ErrorId":n}}.
 * Producers match acknowledgements to fragments by FragmentTimecode, so it is the Cluster's Timecode exactly as sent.
 * Objects are written back to back with no separator, as the service does.
 */
final class Ack {
    enum Type { BUFFERING, RECEIVED, PERSISTED, ERROR, IDLE }

    private Ack() {
    }

    static Buffer of(Type type, long timecode, long number) {
        return new JsonObject().put("EventType", type.name()).put("FragmentTimecode", timecode)
                .put("FragmentNumber", Long.toString(number)).toBuffer();
    }

    static Buffer idle() {
        return new JsonObject().put("EventType", Type.IDLE.name()).toBuffer();
    }

    /**
     * An ERROR, naming the fragment it is about when known: its Cluster Timecode (producers drop a fragment the
     * service refuses by it, rather than resending it) and its number once it had one ({@code number} ≥ 0).
     */
    static Buffer error(int errorId, OptionalLong timecode, long number) {
        JsonObject o = new JsonObject().put("EventType", Type.ERROR.name());
        timecode.ifPresent(t -> o.put("FragmentTimecode", t));
        if (number >= 0) {
            o.put("FragmentNumber", Long.toString(number));
        }
        return o.put("ErrorId", errorId).toBuffer();
    }
}
