package io.storagesession.recorder.mkv;

import com.amazonaws.kinesisvideo.parser.ebml.InputStreamParserByteSource;
import com.amazonaws.kinesisvideo.parser.ebml.MkvTypeInfos;
import com.amazonaws.kinesisvideo.parser.mkv.Frame;
import com.amazonaws.kinesisvideo.parser.mkv.MkvDataElement;
import com.amazonaws.kinesisvideo.parser.mkv.MkvElement;
import com.amazonaws.kinesisvideo.parser.mkv.MkvElementVisitException;
import com.amazonaws.kinesisvideo.parser.mkv.MkvElementVisitor;
import com.amazonaws.kinesisvideo.parser.mkv.MkvEndMasterElement;
import com.amazonaws.kinesisvideo.parser.mkv.MkvStartMasterElement;
import com.amazonaws.kinesisvideo.parser.mkv.StreamingMkvReader;
import com.amazonaws.kinesisvideo.parser.mkv.visitors.CompositeMkvElementVisitor;
import com.amazonaws.kinesisvideo.parser.utilities.FragmentMetadata;
import com.amazonaws.kinesisvideo.parser.utilities.FragmentMetadataVisitor;
import com.amazonaws.kinesisvideo.parser.utilities.FrameVisitor;
import com.amazonaws.kinesisvideo.parser.utilities.MkvTag;
import com.amazonaws.kinesisvideo.parser.utilities.MkvTrackMetadata;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads MKV the way KVS consumers do, with AWS' own parser (StreamingMkvReader, FrameVisitor and its
 * FragmentMetadataVisitor): the independent reader our writer is judged against.
 */
public final class AwsMkvReading {
    /** A cluster as read: its Timecode, the non-AWS tags before it and its frames with absolute timecodes. */
    public record Cluster(long timecode, Map<String, String> tags, List<MediaFrame> frames,
                          Map<Long, MkvTrackMetadata> tracks) {
    }

    public record Stream(Map<Long, MkvTrackMetadata> tracks, List<Cluster> clusters) {
        public List<MediaFrame> frames() {
            return clusters.stream().flatMap(c -> c.frames().stream()).toList();
        }
    }

    private AwsMkvReading() {
    }

    public static Stream read(byte[] mkv) throws MkvElementVisitException {
        Map<Long, MkvTrackMetadata> tracks = new TreeMap<>();
        List<Cluster> clusters = new ArrayList<>();
        Map<String, String> pendingTags = new LinkedHashMap<>();

        MkvElementVisitor clusterWatcher = new MkvElementVisitor() {
            @Override
            public void visit(MkvStartMasterElement start) {
                if (MkvTypeInfos.CLUSTER.equals(start.getElementMetaData().getTypeInfo())) {
                    clusters.add(new Cluster(-1, new LinkedHashMap<>(pendingTags), new ArrayList<>(), new TreeMap<>()));
                    pendingTags.clear();
                }
            }

            @Override
            public void visit(MkvEndMasterElement end) {
            }

            @Override
            public void visit(MkvDataElement data) {
                if (MkvTypeInfos.TIMECODE.equals(data.getElementMetaData().getTypeInfo())) {
                    Cluster last = clusters.remove(clusters.size() - 1);
                    long timecode = ((BigInteger) data.getValueCopy().getVal()).longValueExact();
                    clusters.add(new Cluster(timecode, last.tags(), last.frames(), last.tracks()));
                }
            }
        };
        FragmentMetadataVisitor.MkvTagProcessor tagProcessor = new FragmentMetadataVisitor.MkvTagProcessor() {
            @Override
            public void process(MkvTag tag, Optional<FragmentMetadata> fragment) {
                pendingTags.put(tag.getTagName(), tag.getTagValue());
            }

            @Override
            public void clear() {
            }
        };
        FrameVisitor.FrameProcessor frames = new FrameVisitor.FrameProcessor() {
            @Override
            public void process(Frame frame, MkvTrackMetadata track, Optional<FragmentMetadata> fragment,
                                Optional<FragmentMetadataVisitor.MkvTagProcessor> tags,
                                Optional<BigInteger> timescale, Optional<BigInteger> fragmentTimecode) {
                tracks.put(frame.getTrackNumber(), track);
                clusters.get(clusters.size() - 1).tracks().put(frame.getTrackNumber(), track);
                ByteBuffer data = frame.getFrameData();
                byte[] bytes = new byte[data.remaining()];
                data.get(bytes);
                long absolute = fragmentTimecode.orElseThrow().longValueExact() + frame.getTimeCode();
                clusters.get(clusters.size() - 1).frames()
                        .add(new MediaFrame((int) frame.getTrackNumber(), absolute, frame.isKeyFrame(), bytes));
            }
        };
        MkvElementVisitor visitor = new CompositeMkvElementVisitor(clusterWatcher,
                FrameVisitor.create(frames, Optional.of(tagProcessor)));
        StreamingMkvReader reader = StreamingMkvReader.createDefault(
                new InputStreamParserByteSource(new ByteArrayInputStream(mkv)));
        while (reader.mightHaveNext()) {
            Optional<MkvElement> element = reader.nextIfAvailable();
            if (element.isPresent()) {
                element.get().accept(visitor);
            }
        }
        return new Stream(tracks, clusters);
    }
}
