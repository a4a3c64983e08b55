package io.storagesession.recorder.putmedia;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Splits the PutMedia response body into acknowledgements. The service writes concatenated JSON objects with no
 * separator (KVS-WIRE.md §4), and HTTP chunking cuts them anywhere, so objects are framed here by counting braces
 * outside strings, then decoded and checked one by one.
 *
 * <p>The body comes from the network, so nothing in it may crash or grow the client: an object longer than
 * {@code maxObjectBytes} is discarded (and the scan starts afresh after it, so an unbalanced brace cannot swallow the
 * rest of the stream), bytes between objects other than whitespace are skipped, and an object that is not a valid
 * acknowledgement is dropped; each of these counts one in {@link #garbage()}. The object buffer starts at the size of
 * a real acknowledgement and doubles up to {@code maxObjectBytes} only if the service writes longer ones. One parser
 * per connection, used on one thread.
 */
public final class AckParser {
    private final int maxObjectBytes;
    private byte[] object;
    private int length;
    private int depth;
    private boolean inString;
    private boolean escaped;
    private boolean strayBytes;
    private long garbage;

    /** A parser whose buffer is {@code maxObjectBytes} from the start. */
    public AckParser(int maxObjectBytes) {
        this(maxObjectBytes, maxObjectBytes);
    }

    /** @param initialObjectBytes first size of the object buffer, which grows up to {@code maxObjectBytes} */
    public AckParser(int initialObjectBytes, int maxObjectBytes) {
        if (initialObjectBytes <= 0 || maxObjectBytes < initialObjectBytes) {
            throw new IllegalArgumentException("need 0 < initial object bytes <= max object bytes, got "
                    + initialObjectBytes + " and " + maxObjectBytes);
        }
        this.maxObjectBytes = maxObjectBytes;
        this.object = new byte[initialObjectBytes];
    }

    /** Parses {@code chunk} and returns the acknowledgements it completed, in order. */
    public List<AckEvent> feed(Buffer chunk) {
        List<AckEvent> events = new ArrayList<>(1);
        for (int i = 0; i < chunk.length(); i++) {
            accept(chunk.getByte(i), events);
        }
        return events;
    }

    /** Objects and stray bytes dropped so far (a run of stray bytes counts once). */
    public long garbage() {
        return garbage;
    }

    private void accept(byte b, List<AckEvent> events) {
        if (depth == 0) {
            if (b == '{') {
                strayBytes = false;
                depth = 1;
                length = 0;
                inString = false;
                escaped = false;
                append(b);
            } else if (!isWhitespace(b) && !strayBytes) {
                strayBytes = true;
                garbage++;
            }
            return;
        }
        if (!append(b)) {
            return;
        }
        if (inString) {
            if (escaped) {
                escaped = false;
            } else if (b == '\\') {
                escaped = true;
            } else if (b == '"') {
                inString = false;
            }
        } else if (b == '"') {
            inString = true;
        } else if (b == '{') {
            depth++;
        } else if (b == '}' && --depth == 0) {
            AckEvent event = decode(new String(object, 0, length, StandardCharsets.UTF_8));
            if (event == null) {
                garbage++;
            } else {
                events.add(event);
            }
        }
    }

    /** Adds {@code b} to the object being framed; false when the object grew too long and was given up. */
    private boolean append(byte b) {
        if (length == maxObjectBytes) {
            // Too long to be an acknowledgement: drop it and look for the next object from here on, whether or not
            // this one ever closes. The rest of it is skipped as stray bytes, already counted with this one.
            garbage++;
            depth = 0;
            strayBytes = true;
            return false;
        }
        if (length == object.length) {
            object = Arrays.copyOf(object, Math.min(maxObjectBytes, object.length * 2));
        }
        object[length++] = b;
        return true;
    }

    private static boolean isWhitespace(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }

    /** The acknowledgement {@code json} holds, or null when it is not one. */
    static AckEvent decode(String json) {
        JsonObject o;
        try {
            o = new JsonObject(json);
        } catch (DecodeException | ClassCastException e) {
            return null;
        }
        AckEvent.Type type;
        try {
            type = o.getValue("EventType") instanceof String s ? AckEvent.Type.valueOf(s) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (type == null) {
            return null;
        }
        Object timecode = o.getValue("FragmentTimecode");
        OptionalLong tc = OptionalLong.empty();
        if (timecode != null) {
            Long t = wholeNumber(timecode);
            if (t == null) {
                return null;
            }
            tc = OptionalLong.of(t);
        } else if (type != AckEvent.Type.IDLE && type != AckEvent.Type.ERROR) {
            return null;
        }
        Object number = o.getValue("FragmentNumber");
        if (number != null && !(number instanceof String)) {
            return null;
        }
        Object errorId = o.getValue("ErrorId");
        OptionalInt error = OptionalInt.empty();
        if (errorId != null) {
            Long e = wholeNumber(errorId);
            if (e == null || e < Integer.MIN_VALUE || e > Integer.MAX_VALUE) {
                return null;
            }
            error = OptionalInt.of(e.intValue());
        }
        return new AckEvent(type, tc, (String) number, error);
    }

    /** A JSON integer that fits a long, else null (a fraction or a huge number is no timecode). */
    private static Long wholeNumber(Object value) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger big && big.bitLength() < Long.SIZE) {
            return big.longValue();
        }
        if (value instanceof BigDecimal dec) {
            try {
                return dec.longValueExact();
            } catch (ArithmeticException e) {
                return null;
            }
        }
        return null;
    }
}
