package io.storagesession.mediastore.images;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decoded pictures kept for later requests, at most {@code capacityBytes} of them, the least recently used dropped
 * first. A picture is found by its stream, fragment and the frame's position in the fragment's video track: a
 * fragment's frames never change once stored, fragment numbers are never reused within a stream, and a stream
 * deleted and created again has a new ARN, so an entry is never stale; entries of deleted streams simply age out.
 *
 * <p>Why pictures and not only keyframes: a picture can only be decoded from its GOP's keyframe onwards, so a cached
 * keyframe saves nothing for a later frame of its GOP; what a repeated request needs again is the very pictures its
 * samples showed, keyframes among them when a sample falls on a GOP's start. Shared by the decode threads.
 */
final class PictureCache {
    /** Which picture: stream, fragment number (decimal, as KVS writes it) and the frame's index in its track. */
    record Key(String streamArn, String fragmentNumber, int frameIndex) {
    }

    private final long capacityBytes;
    private final LinkedHashMap<Key, Picture> pictures = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;

    PictureCache(long capacityBytes) {
        this.capacityBytes = capacityBytes;
    }

    synchronized Picture get(Key key) {
        return pictures.get(key);
    }

    /** Keeps {@code picture} unless it alone is larger than the cache; evicts the least recently used to fit it. */
    synchronized void put(Key key, Picture picture) {
        if (picture.bytes() > capacityBytes) {
            return;
        }
        Picture old = pictures.put(key, picture);
        if (old != null) {
            bytes -= old.bytes();
        }
        bytes += picture.bytes();
        Iterator<Map.Entry<Key, Picture>> eldest = pictures.entrySet().iterator();
        while (bytes > capacityBytes && eldest.hasNext()) {
            bytes -= eldest.next().getValue().bytes();
            eldest.remove();
        }
    }

    synchronized long bytes() {
        return bytes;
    }

    synchronized int size() {
        return pictures.size();
    }
}
