package io.storagesession.media;

/** The two tracks of a storage session participant (KVS-WIRE.md §3: H.264 video and Opus audio). */
public enum MediaKind {
    AUDIO,
    VIDEO
}
