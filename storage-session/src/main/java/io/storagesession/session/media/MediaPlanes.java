package io.storagesession.session.media;

import java.util.List;

/**
 * Several media planes serving one session, in order: the video forwarder, the audio mixer, the recorder. Each gets
 * every event; close cascades to all of them, even when one throws.
 */
public final class MediaPlanes implements MediaPlane {
    private final MediaPlane[] planes;

    private MediaPlanes(List<MediaPlane> planes) {
        this.planes = planes.toArray(MediaPlane[]::new);
    }

    /** One plane for all of {@code planes}; a single plane is returned as it is. */
    public static MediaPlane of(List<MediaPlane> planes) {
        return planes.size() == 1 ? planes.get(0) : new MediaPlanes(List.copyOf(planes));
    }

    @Override
    public void connected(ParticipantId participant, MediaOut out) {
        for (MediaPlane plane : planes) {
            plane.connected(participant, out);
        }
    }

    @Override
    public void disconnected(ParticipantId participant) {
        for (MediaPlane plane : planes) {
            plane.disconnected(participant);
        }
    }

    @Override
    public void rtp(ParticipantId from, MediaKind kind, byte[] buf, int off, int len) {
        for (MediaPlane plane : planes) {
            plane.rtp(from, kind, buf, off, len);
        }
    }

    @Override
    public void rtcp(ParticipantId from, byte[] buf, int off, int len) {
        for (MediaPlane plane : planes) {
            plane.rtcp(from, buf, off, len);
        }
    }

    @Override
    public void tick(long nanoTime) {
        for (MediaPlane plane : planes) {
            plane.tick(nanoTime);
        }
    }

    @Override
    public void close() {
        RuntimeException first = null;
        for (MediaPlane plane : planes) {
            try {
                plane.close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
