package io.storagesession.codecs.h264;

/** Where {@link AccessUnitAssembler} delivers whole, undamaged access units, in order. */
public interface AccessUnitSink {
    /** The access unit is a reused view: it is only valid during the call. */
    void accessUnit(AccessUnit unit);
}
