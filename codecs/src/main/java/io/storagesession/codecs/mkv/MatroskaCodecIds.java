package io.storagesession.codecs.mkv;

/**
 * The Matroska CodecID strings (RFC 9559 §5.1.4.1.21; the Matroska codec mappings) of the codecs this server writes
 * (the recorder's stream headers) and reads (the media store's ingest and archived media). KVS-WIRE.md §5: H.264 as
 * {@code V_MPEG4/ISO/AVC} with an avcC CodecPrivate, AAC as {@code A_AAC} with an AudioSpecificConfig, Opus as
 * {@code A_OPUS} with an OpusHead. One table for both sides, as {@link MatroskaIds} is for element IDs.
 */
public final class MatroskaCodecIds {
    public static final String AVC = "V_MPEG4/ISO/AVC";
    public static final String AAC = "A_AAC";
    public static final String OPUS = "A_OPUS";

    private MatroskaCodecIds() {
    }
}
