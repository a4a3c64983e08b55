package io.storagesession.mediastore.hls;

/** HLSFragmentSelector's FragmentSelectorType: which of a fragment's two timestamps selects and places it. */
public enum HlsTimestampKind {
    PRODUCER_TIMESTAMP, SERVER_TIMESTAMP
}
