package io.storagesession.api.storage;

/**
 * The two storage joins (KVS-WIRE.md §1 "Storage"). Each is its own API with its own quotas (KVS-WIRE.md §3), so
 * everything that counts calls keeps them apart by this.
 */
enum JoinOperation {
    /** The master's join. */
    JOIN_STORAGE_SESSION("/joinStorageSession", "JoinStorageSession"),
    /** A viewer's join, with its clientId. */
    JOIN_STORAGE_SESSION_AS_VIEWER("/joinStorageSessionAsViewer", "JoinStorageSessionAsViewer");

    final String path;
    final String apiName;

    JoinOperation(String path, String apiName) {
        this.path = path;
        this.apiName = apiName;
    }

    boolean asViewer() {
        return this == JOIN_STORAGE_SESSION_AS_VIEWER;
    }
}
