package io.storagesession.server;

import io.storagesession.api.auth.Principal;
import io.storagesession.mediastore.ingest.Ack;
import io.storagesession.mediastore.ingest.LocalUpload;
import io.storagesession.mediastore.ingest.PutMediaServer;
import io.storagesession.recorder.putmedia.AckEvent;
import io.storagesession.recorder.putmedia.EmbeddedStore;
import io.storagesession.recorder.putmedia.StreamId;
import io.vertx.core.Context;

/**
 * The recorder's in-process way into this server's own media store: recordings of the local target reach the
 * store's PutMedia ingest ({@link PutMediaServer#openLocal}) without a loopback HTTP hop, as sessions reach the
 * embedded TURN server's relay in-process (see {@link EmbeddedStore} for why). It speaks for the server's own access
 * key, the one the HTTP upload would sign with, so the store authorises it the same way.
 *
 * <p>Like {@link LinksProxy} it breaks a construction cycle: the recorder is built with the storage-session bridge,
 * before the store is mounted; it is pointed at the store once that exists. Until then (no session records that
 * early) an upload is refused as unavailable, and the recorder retries it.
 */
final class OwnStoreIngest implements EmbeddedStore {
    private static final int UNAVAILABLE = 503;

    private final Principal principal;
    private volatile PutMediaServer target;

    OwnStoreIngest(Principal principal) {
        this.principal = principal;
    }

    void target(PutMediaServer putMedia) {
        this.target = putMedia;
    }

    @Override
    public Upload open(StreamId stream, long producerStartMillis, Context context, Events events) {
        PutMediaServer putMedia = target;
        if (putMedia == null) {
            events.refused(UNAVAILABLE, "ServiceUnavailableException", "the media store is not running yet");
            return Closed.INSTANCE;
        }
        LocalUpload upload = putMedia.openLocal(principal, stream.name(), stream.arn(), producerStartMillis, context,
                new LocalUpload.Listener() {
                    @Override
                    public void ack(Ack.Type type, long timecode, long number, int errorId) {
                        events.ack(type(type), timecode, number, errorId);
                    }

                    @Override
                    public void refused(int status, String errorType, String message) {
                        events.refused(status, errorType, message);
                    }

                    @Override
                    public void ended() {
                        events.ended();
                    }
                });
        return new Upload() {
            @Override
            public void write(byte[] bytes, int offset, int length) {
                upload.write(bytes, offset, length);
            }

            @Override
            public boolean writeQueueFull() {
                return upload.writeQueueFull();
            }

            @Override
            public void onDrain(Runnable action) {
                upload.onDrain(action);
            }

            @Override
            public void endBody() {
                upload.endBody();
            }

            @Override
            public void close() {
                upload.close();
            }
        };
    }

    private static AckEvent.Type type(Ack.Type type) {
        return switch (type) {
            case BUFFERING -> AckEvent.Type.BUFFERING;
            case RECEIVED -> AckEvent.Type.RECEIVED;
            case PERSISTED -> AckEvent.Type.PERSISTED;
            case ERROR -> AckEvent.Type.ERROR;
            case IDLE -> AckEvent.Type.IDLE;
        };
    }

    /** The upload of a refused open: takes nothing. */
    private enum Closed implements Upload {
        INSTANCE;

        @Override
        public void write(byte[] bytes, int offset, int length) {
        }

        @Override
        public boolean writeQueueFull() {
            return false;
        }

        @Override
        public void onDrain(Runnable action) {
        }

        @Override
        public void endBody() {
        }

        @Override
        public void close() {
        }
    }
}
