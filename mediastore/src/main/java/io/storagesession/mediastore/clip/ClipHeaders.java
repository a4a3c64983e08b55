package io.storagesession.mediastore.clip;

import io.storagesession.mediastore.archive.ArchiveSource;
import io.storagesession.mediastore.archive.FragmentQuery;
import io.storagesession.mediastore.mkv.MkvHeader;
import io.storagesession.mediastore.mkv.TrackInfo;
import io.storagesession.mediastore.store.FragmentStore;
import io.storagesession.mediastore.store.IndexedFragment;
import io.storagesession.mediastore.store.TimestampKind;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The stream headers (MKV Tracks, as ingested) of the fragments a clip query selects: what {@link ClipCodecs} checks
 * before the {@code ArchiveSource} turns those headers into fMP4 tracks — a conversion that keeps only what it can
 * describe, so the reason a track cannot be played (its codec, its missing or broken CodecPrivate) must be read here.
 * Answered from the store's in-memory index, on the event loop.
 */
@FunctionalInterface
public interface ClipHeaders {

    /** The tracks of each distinct stream header among the fragments of {@code query}, in order of first use. */
    List<List<TrackInfo>> tracks(FragmentQuery query);

    /** The headers as {@code store}'s index keeps them. */
    static ClipHeaders of(FragmentStore store) {
        return query -> {
            Set<MkvHeader> headers = new LinkedHashSet<>();
            for (IndexedFragment f : store.indexed(query.streamArn(), TimestampKind.valueOf(query.kind().name()),
                    query.fromMillis(), query.toMillis(), query.limit(), query.end() == FragmentQuery.End.NEWEST)) {
                headers.add(f.header());
            }
            return headers.stream().map(MkvHeader::tracks).toList();
        };
    }
}
