package io.storagesession.recorder.putmedia;

import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One acknowledgement of the PutMedia response stream (KVS-WIRE.md §4).
 *
 * @param fragmentTimecode the cluster Timecode of the fragment it is about, verbatim; absent on IDLE
 * @param fragmentNumber   the service's number of the fragment, when given
 * @param errorId          the ErrorId of an ERROR
 */
public record AckEvent(Type type, OptionalLong fragmentTimecode, String fragmentNumber, OptionalInt errorId) {
    /** The EventType values of KVS-WIRE.md §4. */
    public enum Type { BUFFERING, RECEIVED, PERSISTED, ERROR, IDLE }
}
