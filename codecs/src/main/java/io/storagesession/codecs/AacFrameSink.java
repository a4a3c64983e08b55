package io.storagesession.codecs;

/** Where {@link AacEncoder} hands each encoded AAC access unit. */
@FunctionalInterface
public interface AacFrameSink {
    /**
     * One raw AAC LC access unit, a {@code raw_data_block()} of ISO/IEC 14496-3 §4.4.2.1 with no ADTS or LATM
     * header: what a Matroska {@code A_AAC} block (and an MP4 sample) carries, decoded with the AudioSpecificConfig
     * of {@link AacEncoder#audioSpecificConfig()}.
     *
     * @param frame      the encoder's own buffer, valid only during this call: copy what must outlive it
     * @param offset     where the access unit starts in {@code frame}
     * @param length     its length in bytes
     * @param ptsSamples where its decoded samples belong on the caller's input timeline, in samples per channel
     *                   (see {@link AacEncoder} for why the first one is before the first input sample)
     */
    void accept(byte[] frame, int offset, int length, long ptsSamples);
}
