package io.storagesession.mediastore.images;

import io.storagesession.mediastore.archive.ArchivedFrame;
import io.storagesession.mediastore.images.FfmpegNatives.MediaException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/**
 * The decode work of one fragment for one page, run on a decode thread: the pictures its samples show, from the
 * {@link PictureCache} or decoded, and their images.
 *
 * <p>Decoding costs what is asked and no more. A frame can only be decoded from the keyframe before it (ISO/IEC
 * 14496-10 §8.2.1: an IDR picture resets the references; KVS fragments start with one, KVS-WIRE.md §5), so the wanted
 * frames are grouped by that keyframe and each group is one decode pass from the keyframe to its last wanted frame:
 * samples in one GOP share the pass, and nothing after the last of them is decoded. Pictures already in the cache are
 * not decoded again. A frame without a keyframe before it in the fragment, or one the decoder refuses, has no picture,
 * and its samples are answered {@code MEDIA_ERROR}.
 */
final class FragmentImages implements Callable<Map<Integer, String>> {
    /** One sample's frame: the sample's index in the request and the frame's index in the fragment's video track. */
    record Want(int sample, int frame) {
    }

    /**
     * What every task shares: the decode bound, the picture cache, the counters, and how images are rendered (PNG
     * compression, swscale algorithm).
     */
    record Maker(long maxPicturePixels, PictureCache cache, ImagesMetrics metrics, ImagesSettings.Png png,
                 int scaler) {
        /** The task for {@code wants} in one fragment's H.264 track, rendered as {@code request} asks. */
        FragmentImages task(String streamArn, String fragmentNumber, byte[] avcC, List<ArchivedFrame> video,
                            List<Want> wants, ImagesRequest request) {
            return new FragmentImages(streamArn, fragmentNumber, avcC, video, wants, new ImageRenderer(
                    request.format(), request.jpegQuality(), png, request.size(), scaler), maxPicturePixels, cache,
                    metrics);
        }
    }

    private final String streamArn;
    private final String fragmentNumber;
    private final byte[] avcC;
    private final List<ArchivedFrame> video;
    private final List<Want> wants;
    private final ImageRenderer renderer;
    private final long maxPicturePixels;
    private final PictureCache cache;
    private final ImagesMetrics metrics;

    /**
     * @param video    the fragment's frames of its H.264 track, in stored (decode) order
     * @param renderer         closed by this task when it ends
     * @param maxPicturePixels the largest picture decoded
     */
    private FragmentImages(String streamArn, String fragmentNumber, byte[] avcC, List<ArchivedFrame> video,
                           List<Want> wants, ImageRenderer renderer, long maxPicturePixels, PictureCache cache,
                           ImagesMetrics metrics) {
        this.streamArn = streamArn;
        this.fragmentNumber = fragmentNumber;
        this.avcC = avcC;
        this.video = video;
        this.wants = wants;
        this.renderer = renderer;
        this.maxPicturePixels = maxPicturePixels;
        this.cache = cache;
        this.metrics = metrics;
    }

    /** ImageContent (base64) by sample index; a sample left out gets {@code MEDIA_ERROR}. */
    @Override
    public Map<Integer, String> call() {
        try (renderer) {
            Map<Integer, Picture> pictures = new HashMap<>();
            TreeMap<Integer, TreeSet<Integer>> toDecode = new TreeMap<>();
            for (Want want : wants) {
                if (pictures.containsKey(want.frame())) {
                    continue;
                }
                Picture cached = cache.get(key(want.frame()));
                if (cached != null) {
                    metrics.cacheHit();
                    pictures.put(want.frame(), cached);
                    continue;
                }
                int keyframe = keyframeAtOrBefore(want.frame());
                if (keyframe >= 0) {
                    toDecode.computeIfAbsent(keyframe, k -> new TreeSet<>()).add(want.frame());
                }
            }
            toDecode.forEach((keyframe, frames) -> pictures.putAll(decode(keyframe, frames)));
            Map<Integer, String> images = new HashMap<>();
            for (Want want : wants) {
                Picture picture = pictures.get(want.frame());
                String image = picture == null ? null : renderer.render(picture);
                if (image != null) {
                    images.put(want.sample(), image);
                }
            }
            return images;
        }
    }

    /** One decode pass: {@code keyframe} up to the last of {@code frames}; the pictures that came out whole. */
    private Map<Integer, Picture> decode(int keyframe, TreeSet<Integer> frames) {
        List<byte[]> data = new ArrayList<>(frames.last() + 1);
        for (int i = 0; i <= frames.last(); i++) {
            data.add(video.get(i).data());
        }
        try (FrameDecoder decoder = new FrameDecoder(avcC, maxPicturePixels)) {
            Map<Integer, Picture> decoded = decoder.decode(data, keyframe, frames.last(), frames);
            metrics.framesDecoded(frames.last() - keyframe + 1L);
            decoded.forEach((frame, picture) -> cache.put(key(frame), picture));
            return decoded;
        } catch (MediaException e) {
            return Map.of();
        }
    }

    private int keyframeAtOrBefore(int frame) {
        for (int i = frame; i >= 0; i--) {
            if (video.get(i).keyframe()) {
                return i;
            }
        }
        return -1;
    }

    private PictureCache.Key key(int frame) {
        return new PictureCache.Key(streamArn, fragmentNumber, frame);
    }
}
