package io.storagesession.mediastore.read;

import io.storagesession.api.http.ApiException;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Timestamps on the data-plane wire: JSON carries epoch seconds as numbers with fractions (KVS-WIRE.md §1), MKV tags
 * carry decimal seconds as text (KVS-WIRE.md §5); the store counts epoch milliseconds.
 */
public final class Timestamps {
    private static final int MILLIS_DIGITS = 3;

    private Timestamps() {
    }

    /** Epoch seconds as a JSON number, exact to the millisecond. */
    public static BigDecimal seconds(long millis) {
        return BigDecimal.valueOf(millis, MILLIS_DIGITS);
    }

    /** Epoch seconds as MKV tag text, e.g. {@code 1700000000.123}. */
    static String secondsText(long millis) {
        return seconds(millis).toPlainString();
    }

    /** Milliseconds of a JSON timestamp (seconds, rounded to the nearest millisecond). */
    public static long millis(Object value, String field) {
        if (!(value instanceof Number n)) {
            throw ApiException.invalidArgument(field + " must be a timestamp in epoch seconds");
        }
        try {
            return new BigDecimal(n.toString()).movePointRight(MILLIS_DIGITS).setScale(0, RoundingMode.HALF_UP)
                    .longValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
            throw ApiException.invalidArgument(field + " is out of range");
        }
    }
}
