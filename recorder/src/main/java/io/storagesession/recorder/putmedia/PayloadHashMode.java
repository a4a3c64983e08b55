package io.storagesession.recorder.putmedia;

/**
 * The payload hash a PutMedia request is signed with. The body is an endless chunked stream, so no client hashes it;
 * KVS-WIRE.md §4 records the two forms real producers use, and the service accepts both.
 */
public enum PayloadHashMode {
    /** {@code x-amz-content-sha256: UNSIGNED-PAYLOAD}, as the Java producer sends. */
    UNSIGNED_PAYLOAD,
    /**
     * The SHA-256 of the empty string, as the C producer signs. The AWS SDK signer always sends the hash it used in
     * {@code x-amz-content-sha256} (the C producer sends no such header); a verifier reads the same value either way.
     */
    EMPTY_SHA256
}
