package io.storagesession.codecs.h264;

/**
 * Where {@link H264Depacketizer} delivers NAL units, in decoding order (RFC 6184 §5.5, non-interleaved mode), with
 * the packet boundaries the access unit assembler needs (the marker bit, RFC 6184 §5.1) and the places where
 * something was lost or unusable.
 *
 * <p>A NAL unit sent in FU-A fragments (RFC 6184 §5.8) is passed on as it arrives: {@link #fragmentStart}, then
 * {@link #fragment} for each later fragment, then {@link #fragmentEnd} once it is whole. The sink joins the pieces
 * where it keeps NAL units anyway, so the depacketizer needs no buffer of its own. A fragmented NAL unit that is never
 * finished is always followed by {@link #damaged()} or {@link #restarted()}, never by another NAL unit first.
 */
public interface NalUnitSink {
    /** One whole NAL unit, header byte first. The bytes are only valid during the call. */
    void nalUnit(int timestamp, byte[] buf, int off, int len);

    /** The first fragment of a NAL unit: its header (rebuilt from the FU indicator and header) and first bytes. */
    void fragmentStart(int timestamp, byte nalHeader, byte[] buf, int off, int len);

    /** The next bytes of the NAL unit begun by {@link #fragmentStart}, in order. */
    void fragment(byte[] buf, int off, int len);

    /** The NAL unit begun by {@link #fragmentStart} is whole. */
    void fragmentEnd();

    /** The packet that carried the NAL units just delivered (or a fragment of a later one) ended here. */
    void packetEnd(int timestamp, boolean marker);

    /** Something between the last call and the next one is missing or was unusable. */
    void damaged();

    /** The stream restarted: nothing before continues into what follows, timestamps included. */
    void restarted();
}
