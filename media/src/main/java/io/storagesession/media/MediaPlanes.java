package io.storagesession.media;

import io.storagesession.codecs.rtp.RtcpCompound;
import java.util.List;

/**
 * Everything serving one session, in order: the planes (the SFU, the mixer) get every event; then the plugins that
 * only read what the planes publish (the recorder) get the tick. Close cascades to all of them, even when one throws.
 */
public final class MediaPlanes implements MediaPlane {
    private final MediaPlane[] planes;
    private final SessionPlugin[] plugins;

    private MediaPlanes(List<MediaPlane> planes, List<SessionPlugin> plugins) {
        this.planes = planes.toArray(MediaPlane[]::new);
        this.plugins = plugins.toArray(SessionPlugin[]::new);
    }

    /** One plane for all of {@code planes}; a single plane is returned as it is. */
    public static MediaPlane of(List<MediaPlane> planes) {
        return of(planes, List.of());
    }

    /** One plane for all of {@code planes}, then {@code plugins}. */
    public static MediaPlane of(List<MediaPlane> planes, List<? extends SessionPlugin> plugins) {
        return planes.size() == 1 && plugins.isEmpty() ? planes.get(0)
                : new MediaPlanes(List.copyOf(planes), List.copyOf(plugins));
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
    public void rtcp(ParticipantId from, RtcpCompound rtcp) {
        for (MediaPlane plane : planes) {
            plane.rtcp(from, rtcp);
        }
    }

    @Override
    public void tick(long nanoTime) {
        for (MediaPlane plane : planes) {
            plane.tick(nanoTime);
        }
        for (SessionPlugin plugin : plugins) {
            plugin.tick(nanoTime);
        }
    }

    @Override
    public void close() {
        RuntimeException first = null;
        SessionPlugin[] all = new SessionPlugin[planes.length + plugins.length];
        System.arraycopy(planes, 0, all, 0, planes.length);
        System.arraycopy(plugins, 0, all, planes.length, plugins.length);
        for (SessionPlugin plane : all) {
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
