package io.storagesession.media;

/** Creates the media plane of a new session (the mixer and recorder issues plug in here). */
@FunctionalInterface
public interface MediaPlaneFactory {
    MediaPlane create(SessionInfo session);

    /** The session a media plane serves. */
    record SessionInfo(String channelArn, String channelName, String streamArn) {
    }
}
