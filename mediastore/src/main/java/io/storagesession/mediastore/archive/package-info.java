/**
 * Stored media as archived-media playback reads it: the one read-side view of the store that HLS, DASH, GetClip and
 * GetImages share (KVS-WIRE.md §6).
 *
 * <p>{@link io.storagesession.mediastore.archive.ArchiveSource} resolves a stream, lists its fragments in a time range
 * ({@link io.storagesession.mediastore.archive.FragmentQuery} → {@link
 * io.storagesession.mediastore.archive.ArchivedFragmentInfo}), reads one fragment's frames ({@link
 * io.storagesession.mediastore.archive.ArchivedFragment}, {@link io.storagesession.mediastore.archive.ArchivedFrame})
 * and names the tracks it was ingested under ({@link io.storagesession.mediastore.archive.ArchivedTrack}), every
 * answer a future so that the event loops never touch the disk. The store's implementation is {@code
 * io.storagesession.mediastore.StoreArchiveSource}; tests use an in-memory one.
 */
package io.storagesession.mediastore.archive;
