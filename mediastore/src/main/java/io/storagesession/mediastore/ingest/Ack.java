package io.storagesession.mediastore.ingest;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * One PutMedia acknowledgement (KVS-WIRE.md §4):
 * {@code {"EventType":…,"FragmentTimecode":<cluster timecode verbatim>,"FragmentNumber":"<decimal>","ErrorId":n}}.
 * Producers match acknowledgements to fragments by FragmentTimecode, so it is the Cluster's Timecode exactly as sent.
 * Over HTTP the objects are written back to back with no separator, as the service does; an in-process producer
 * ({@link LocalUpload}) gets the same fields as values.
 */
public final class Ack {
    /** The EventType values of KVS-WIRE.md §4. */
    public enum Type { BUFFERING, RECEIVED, PERSISTED, ERROR, IDLE }

    /** A timecode or fragment number that is not known (cluster timecodes and numbers are never negative). */
    public static final long NONE = -1;

    private Ack() {
    }

    /**
     * The JSON object of an acknowledgement. BUFFERING, RECEIVED and PERSISTED name their fragment; IDLE names none;
     * an ERROR names the fragment it is about when known: its Cluster Timecode (producers drop a fragment the service
     * refuses by it, rather than resending it) and its number once it had one.
     *
     * @param timecode the Cluster Timecode, or {@link #NONE}
     * @param number   the fragment number, or {@link #NONE}
     * @param errorId  the ErrorId of an ERROR, ignored otherwise
     */
    static Buffer json(Type type, long timecode, long number, int errorId) {
        JsonObject o = new JsonObject().put("EventType", type.name());
        if (type == Type.IDLE) {
            return o.toBuffer();
        }
        if (timecode != NONE) {
            o.put("FragmentTimecode", timecode);
        }
        if (number != NONE) {
            o.put("FragmentNumber", Long.toString(number));
        }
        if (type == Type.ERROR) {
            o.put("ErrorId", errorId);
        }
        return o.toBuffer();
    }
}
