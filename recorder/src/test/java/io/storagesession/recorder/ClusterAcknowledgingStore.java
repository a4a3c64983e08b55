package io.storagesession.recorder;

import io.storagesession.codecs.mkv.MatroskaIds;
import io.storagesession.recorder.putmedia.AckEvent;
import io.storagesession.recorder.putmedia.EmbeddedStore;
import io.storagesession.recorder.putmedia.StreamId;
import io.vertx.core.Context;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * This server's store as the recorder reaches it in-process, reduced to what PutMedia answers: it reads the body as
 * an EBML byte stream wherever its writes cut it (RFC 8794: stream headers, the Segment opened, Clusters of known
 * size) and acknowledges each Cluster once its last byte arrived — BUFFERING and RECEIVED at once, PERSISTED in a
 * later task, as the store does when its disk write is done — with the Cluster's Timecode (KVS-WIRE.md §4). Or it
 * refuses every upload before the body, as the store does for a stream that does not exist.
 */
final class ClusterAcknowledgingStore implements EmbeddedStore {
    private static final int HTTP_NOT_FOUND = 404;
    private static final int BYTE_BITS = 8;

    /** Cluster Timecodes acknowledged PERSISTED, in order. */
    final List<Long> persisted = new CopyOnWriteArrayList<>();
    private final String refusal;

    private ClusterAcknowledgingStore(String refusal) {
        this.refusal = refusal;
    }

    static ClusterAcknowledgingStore persisting() {
        return new ClusterAcknowledgingStore(null);
    }

    /** A store that answers every upload as KVS answers one to a stream it does not have. */
    static ClusterAcknowledgingStore refusing(String message) {
        return new ClusterAcknowledgingStore(message);
    }

    @Override
    public Upload open(StreamId stream, long producerStartMillis, Context context, Events events) {
        if (refusal != null) {
            events.refused(HTTP_NOT_FOUND, "ResourceNotFoundException", refusal);
        }
        return new Body(context, events);
    }

    private final class Body implements Upload {
        private final Context context;
        private final Events events;
        private byte[] bytes = new byte[1 << 16];
        private int length;
        /** Where the next element starts. */
        private int at;
        private long number;

        Body(Context context, Events events) {
            this.context = context;
            this.events = events;
        }

        @Override
        public void write(byte[] data, int offset, int count) {
            if (length + count > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + count));
            }
            System.arraycopy(data, offset, bytes, length, count);
            length += count;
            readElements();
        }

        /** Walks the elements that are complete: into the Segment, over everything else, acknowledging Clusters. */
        private void readElements() {
            while (at < length) {
                int idLength = vintLength(bytes[at]);
                int sizeAt = at + idLength;
                if (sizeAt >= length || sizeAt + vintLength(bytes[sizeAt]) > length) {
                    return;
                }
                long id = read(at, idLength, false);
                int sizeLength = vintLength(bytes[sizeAt]);
                long size = read(sizeAt, sizeLength, true);
                int dataAt = sizeAt + sizeLength;
                if (id == MatroskaIds.SEGMENT) {
                    at = dataAt;
                    continue;
                }
                if (size == (1L << (7 * sizeLength)) - 1) {
                    throw new AssertionError("an element of unknown size: " + Long.toHexString(id));
                }
                if (dataAt + size > length) {
                    return;
                }
                if (id == MatroskaIds.CLUSTER) {
                    acknowledge(clusterTimecode(dataAt));
                }
                at = (int) (dataAt + size);
            }
        }

        /** The Cluster's first child, its Timecode (RFC 9559 §5.1.3.1). */
        private long clusterTimecode(int dataAt) {
            if ((bytes[dataAt] & 0xFF) != MatroskaIds.TIMECODE) {
                throw new AssertionError("a Cluster that does not begin with its Timecode");
            }
            int sizeLength = vintLength(bytes[dataAt + 1]);
            int valueLength = (int) read(dataAt + 1, sizeLength, true);
            return read(dataAt + 1 + sizeLength, valueLength, false);
        }

        private void acknowledge(long timecode) {
            long n = ++number;
            events.ack(AckEvent.Type.BUFFERING, timecode, n, 0);
            events.ack(AckEvent.Type.RECEIVED, timecode, n, 0);
            context.runOnContext(v -> {
                persisted.add(timecode);
                events.ack(AckEvent.Type.PERSISTED, timecode, n, 0);
            });
        }

        /** A big-endian number of {@code count} bytes; a vint's length marker removed when {@code vint}. */
        private long read(int from, int count, boolean vint) {
            long value = 0;
            for (int i = 0; i < count; i++) {
                value = value << BYTE_BITS | (bytes[from + i] & 0xFF);
            }
            return vint ? value & ~(1L << (7 * count)) : value;
        }

        @Override
        public boolean writeQueueFull() {
            return false;
        }

        @Override
        public void onDrain(Runnable action) {
        }

        /** The acknowledgements end after the last PERSISTED, as the store ends them. */
        @Override
        public void endBody() {
            context.runOnContext(v -> events.ended());
        }

        @Override
        public void close() {
        }
    }

    /** An EBML variable-length integer's length, from the leading zeros of its first byte (RFC 8794 §4). */
    private static int vintLength(byte first) {
        return Integer.numberOfLeadingZeros(first & 0xFF) - (Integer.SIZE - BYTE_BITS) + 1;
    }
}
