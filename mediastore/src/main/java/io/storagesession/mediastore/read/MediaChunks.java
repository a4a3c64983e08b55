package io.storagesession.mediastore.read;

import io.storagesession.mediastore.mkv.EbmlWriter;
import io.storagesession.mediastore.store.FragmentMedia;
import io.vertx.core.buffer.Buffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A fragment as GetMedia and GetMediaForFragmentList send it (KVS-WIRE.md §5): the stream header it was sent under
 * (EBML header, Segment of unknown size, Info, Tracks), Segment-level Tags with {@code AWS_KINESISVIDEO_FRAGMENT_NUMBER},
 * {@code AWS_KINESISVIDEO_SERVER_TIMESTAMP} and {@code AWS_KINESISVIDEO_PRODUCER_TIMESTAMP} (decimal seconds), the
 * producer's own Tags and the Cluster, and for GetMedia a second Tags after the Cluster with
 * {@code AWS_KINESISVIDEO_MILLIS_BEHIND_NOW} and {@code AWS_KINESISVIDEO_CONTINUATION_TOKEN}. Each chunk repeats the
 * header, so a reader may start at any chunk.
 */
final class MediaChunks {
    /** The Content-Type KVS answers GetMedia and GetMediaForFragmentList with. */
    static final String CONTENT_TYPE = "video/webm";
    static final String FRAGMENT_NUMBER = "AWS_KINESISVIDEO_FRAGMENT_NUMBER";
    static final String SERVER_TIMESTAMP = "AWS_KINESISVIDEO_SERVER_TIMESTAMP";
    static final String PRODUCER_TIMESTAMP = "AWS_KINESISVIDEO_PRODUCER_TIMESTAMP";
    static final String MILLIS_BEHIND_NOW = "AWS_KINESISVIDEO_MILLIS_BEHIND_NOW";
    static final String CONTINUATION_TOKEN = "AWS_KINESISVIDEO_CONTINUATION_TOKEN";

    /** Room for the two Tags elements the chunk adds around the fragment (about 250 bytes together). */
    private static final int TAGS_BYTES = 512;

    private MediaChunks() {
    }

    /** The chunk of GetMediaForFragmentList: metadata tags before the Cluster only. */
    static Buffer fragment(FragmentMedia media) {
        return chunk(media, Map.of());
    }

    /** The chunk of GetMedia: metadata before the Cluster, then how far behind it is and where to continue. */
    static Buffer live(FragmentMedia media, long millisBehindNow) {
        Map<String, String> after = new LinkedHashMap<>();
        after.put(MILLIS_BEHIND_NOW, Long.toString(millisBehindNow));
        after.put(CONTINUATION_TOKEN, media.info().numberString());
        return chunk(media, after);
    }

    private static Buffer chunk(FragmentMedia media, Map<String, String> after) {
        Map<String, String> before = new LinkedHashMap<>();
        before.put(FRAGMENT_NUMBER, media.info().numberString());
        before.put(SERVER_TIMESTAMP, Timestamps.secondsText(media.info().serverTimestampMillis()));
        before.put(PRODUCER_TIMESTAMP, Timestamps.secondsText(media.info().producerTimestampMillis()));
        Buffer out = Buffer.buffer(media.header().length() + media.payload().length + TAGS_BYTES);
        out.appendBytes(media.header().bytes());
        out.appendBytes(EbmlWriter.tags(before));
        out.appendBytes(media.payload());
        if (!after.isEmpty()) {
            out.appendBytes(EbmlWriter.tags(after));
        }
        return out;
    }
}
