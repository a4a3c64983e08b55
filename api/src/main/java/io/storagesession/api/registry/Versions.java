package io.storagesession.api.registry;

import java.security.SecureRandom;

/**
 * Resource versions as KVS issues them: a random 20-character alphanumeric string, renewed on every change of a
 * channel or stream, and compared by {@code CurrentVersion} in Update/Delete calls (optimistic concurrency: a
 * caller that read an older version gets {@code VersionMismatchException}).
 */
public final class Versions {
    /** The length of the versions KVS returns (e.g. {@code "rI1ZtpcuOXU3LsamKoVS"}). */
    public static final int LENGTH = 20;
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Versions() {
    }

    public static String next() {
        char[] out = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            out[i] = ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length()));
        }
        return new String(out);
    }
}
