package io.storagesession.recorder.putmedia;

/**
 * What one upload tells about its own delivery, so that a recording that cannot reach its store is loud in the log and
 * in {@code /health} instead of showing up only as counters. Called on the upload's Vert.x context.
 */
public interface UploadHealth {
    UploadHealth NONE = new UploadHealth() {
        @Override
        public void failing(String reason) {
        }

        @Override
        public void delivering() {
        }

        @Override
        public void lost(int fragments, String reason) {
        }
    };

    /** A connection could not be opened or ended in failure: fragments wait to be resent. */
    void failing(String reason);

    /** A fragment was PERSISTED: whatever failed before works again. */
    void delivering();

    /** Fragments were given up (buffer limit, too many attempts, refused by the service, not persisted at close). */
    void lost(int fragments, String reason);
}
