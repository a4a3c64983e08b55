package io.storagesession.mediastore.read;

import io.storagesession.api.http.ApiException;
import java.util.regex.Pattern;

/** Fragment numbers on the wire: decimal strings (the AWS model's FragmentNumberString, {@code ^[0-9]+$}). */
final class FragmentNumbers {
    /** The store's numbers are Java longs: at most 19 digits. */
    private static final Pattern NUMBER = Pattern.compile("[0-9]{1,19}");
    /** The AWS model's FragmentNumberString length bound. */
    private static final int MAX_LENGTH = 128;

    private FragmentNumbers() {
    }

    /** The number, or -1 for a well-formed number this store cannot have issued (too large). */
    static long parse(Object value, String field) {
        if (!(value instanceof String s) || s.isEmpty() || s.length() > MAX_LENGTH || !s.chars().allMatch(Character::isDigit)) {
            throw ApiException.invalidArgument(field + " must be a fragment number (decimal digits)");
        }
        if (!NUMBER.matcher(s).matches()) {
            return -1;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
