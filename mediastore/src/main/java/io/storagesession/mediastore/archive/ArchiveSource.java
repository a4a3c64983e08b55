package io.storagesession.mediastore.archive;

import io.storagesession.api.http.ApiException;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * The stored media HLS plays, as the media store offers it. Every call may do I/O, so every answer is a
 * {@link Future}: HLS handlers run on Vert.x event loops and never block (ARCHITECTURE.md "Threads and buffers"). A
 * future fails with an {@link ApiException} for KVS-shaped answers (ResourceNotFoundException for an unknown stream or
 * fragment, UnsupportedStreamMediaTypeException for a track HLS cannot carry); any other failure becomes a 500.
 */
public interface ArchiveSource {
    /** KVS's longest fragment: PutMedia refuses a longer one with ErrorId 4002 (KVS-WIRE.md §4). */
    Duration KVS_MAX_FRAGMENT_DURATION = Duration.ofSeconds(10);

    /** Resolves StreamName or StreamARN (either may be null, not both); fails with ResourceNotFoundException. */
    Future<ArchivedStream> stream(String streamName, String streamArn);

    /** Fragments of a stream in a time range, ascending; an empty list when none. */
    Future<List<ArchivedFragmentInfo>> fragments(FragmentQuery query);

    /** One fragment with its frames; fails with ResourceNotFoundException when the stream has no such fragment. */
    Future<ArchivedFragment> fragment(String streamArn, String fragmentNumber);

    /** The tracks of a track set ({@link ArchivedFragmentInfo#tracksSequence()}), in track number order. */
    Future<List<ArchivedTrack>> tracks(String streamArn, long tracksSequence);

    /**
     * Calls {@code listener} (on any thread) after each fragment of the stream is persisted, until the returned handle
     * is closed: LIVE playback keeps each watched stream's newest fragments current this way instead of listing the
     * store on every playlist reload. Fragments of one stream are reported in ingestion order.
     */
    AutoCloseable onPersisted(String streamArn, Consumer<ArchivedFragmentInfo> listener);

    /**
     * The longest fragment the source accepts, so the longest any stream can ever hold: the playlists that grow (LIVE,
     * LIVE_REPLAY) derive their target duration from it, which must not change as they grow (RFC 8216 §6.2.1, see
     * {@link MediaPlaylist}). KVS's limit unless the source has its own.
     */
    default Duration maxFragmentDuration() {
        return KVS_MAX_FRAGMENT_DURATION;
    }
}
