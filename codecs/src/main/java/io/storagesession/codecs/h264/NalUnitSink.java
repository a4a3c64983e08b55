package io.storagesession.codecs.h264;

/**
 * Where {@link H264Depacketizer} delivers NAL units, in decoding order (RFC 6184 §5.5, non-interleaved mode), with
 * the packet boundaries the access unit assembler needs (the marker bit, RFC 6184 §5.1) and the places where
 * something was lost or unusable.
 */
public interface NalUnitSink {
    /** One whole NAL unit, header byte first. The bytes are only valid during the call. */
    void nalUnit(int timestamp, byte[] buf, int off, int len);

    /** The packet that carried the NAL units just delivered (or a fragment of a later one) ended here. */
    void packetEnd(int timestamp, boolean marker);

    /** Something between the last call and the next one is missing or was unusable. */
    void damaged();

    /** The stream restarted: nothing before continues into what follows, timestamps included. */
    void restarted();
}
