package io.storagesession.mediastore.ingest;

import io.storagesession.mediastore.mkv.ErrorIds;
import io.storagesession.mediastore.mkv.MkvException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns Cluster times into producer timestamps as PutMedia's headers say (KVS-WIRE.md §4):
 * {@code x-amzn-fragment-timecode-type: ABSOLUTE} means Cluster Timecodes are epoch milliseconds already;
 * {@code RELATIVE} means they count from {@code x-amzn-producer-start-timestamp}.
 *
 * <p>The start timestamp is {@code <seconds>.<millis>}, parsed leniently: the KVS C/C++ producers print the
 * milliseconds without zero padding ({@code to_string(ms / 1000) + "." + to_string(ms % 1000)}: 5 ms is ".5") while the
 * Java producer pads them (".005"). Both agree when the one to three digits after the dot are read as a count of
 * milliseconds, so that is how they are read; more digits are a decimal fraction of a second, cut to milliseconds.
 * A missing or malformed start timestamp fails the first fragment with ErrorId 4007 when the stream needs it
 * (RELATIVE) or when it was sent malformed.
 */
record ProducerClock(boolean relative, long startMillis, boolean startValid) {
    private static final Pattern TIMESTAMP = Pattern.compile("\\s*(\\d{1,15})(?:\\.(\\d{0,9}))?\\s*");
    private static final int MILLIS_DIGITS = 3;
    private static final long MILLIS_PER_SECOND = 1000;

    /** The clock of an upload, from its two headers (either may be null). */
    static ProducerClock of(boolean relative, String startHeader) {
        if (startHeader == null) {
            return new ProducerClock(relative, 0, !relative);
        }
        long start = parseStartMillis(startHeader);
        return new ProducerClock(relative, Math.max(start, 0), start >= 0);
    }

    /** The clock of an in-process upload: ABSOLUTE timecodes, started at {@code startMillis} (epoch ms). */
    static ProducerClock absolute(long startMillis) {
        return new ProducerClock(false, Math.max(startMillis, 0), startMillis >= 0);
    }

    /** Epoch ms of a {@code <seconds>.<millis>} header, or -1 when it is not one. */
    static long parseStartMillis(String header) {
        Matcher m = TIMESTAMP.matcher(header);
        if (!m.matches()) {
            return -1;
        }
        long seconds = Long.parseLong(m.group(1));
        String fraction = m.group(2) == null ? "" : m.group(2);
        long millis;
        if (fraction.isEmpty()) {
            millis = 0;
        } else if (fraction.length() <= MILLIS_DIGITS) {
            millis = Long.parseLong(fraction);
        } else {
            millis = Long.parseLong(fraction.substring(0, MILLIS_DIGITS));
        }
        return seconds * MILLIS_PER_SECOND + millis;
    }

    /** The producer timestamp of a Cluster {@code clusterMillis} ms into the stream's clock. */
    long producerMillis(long clusterMillis) throws MkvException {
        if (!startValid) {
            throw new MkvException(ErrorIds.INVALID_PRODUCER_TIMESTAMP,
                    "x-amzn-producer-start-timestamp is missing or not <seconds>.<millis>");
        }
        long value;
        try {
            value = relative ? Math.addExact(startMillis, clusterMillis) : clusterMillis;
        } catch (ArithmeticException e) {
            value = -1;
        }
        if (value < 0) {
            throw new MkvException(ErrorIds.INVALID_PRODUCER_TIMESTAMP, "producer timestamp out of range");
        }
        return value;
    }
}
