package io.storagesession.mediastore.store;

/** Which of a fragment's timestamps a selector means (ListFragments' FragmentSelectorType, KVS-WIRE.md §6). */
public enum TimestampKind {
    PRODUCER_TIMESTAMP,
    SERVER_TIMESTAMP
}
