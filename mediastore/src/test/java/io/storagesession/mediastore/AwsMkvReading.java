package io.storagesession.mediastore;

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
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads GetMedia output the way KVS consumers do, with AWS's own parser library: StreamingMkvReader, FrameVisitor
 * and its FragmentMetadataVisitor (which turns the AWS_KINESISVIDEO_* tags into FragmentMetadata). The independent
 * judge of what the store sends.
 */
public final class AwsMkvReading {
    /** A Cluster as read: the fragment metadata AWS's visitor found for it, every tag seen, and its frames. */
    public record Chunk(long clusterTimecode, FragmentMetadata metadata, Map<String, String> tags,
                        List<TestMkv.Frame> frames, Map<Long, MkvTrackMetadata> tracks) {
    }

    private AwsMkvReading() {
    }

    public static List<Chunk> read(byte[] mkv) throws MkvElementVisitException {
        return read(new ByteArrayInputStream(mkv));
    }

    public static List<Chunk> read(InputStream in) throws MkvElementVisitException {
        List<Chunk> chunks = new ArrayList<>();
        List<Map<String, String>> tags = new ArrayList<>(List.of(new LinkedHashMap<>()));
        String[] pendingName = new String[1];
        MkvElementVisitor watcher = new MkvElementVisitor() {
            @Override
            public void visit(MkvStartMasterElement start) {
                if (MkvTypeInfos.CLUSTER.equals(start.getElementMetaData().getTypeInfo())) {
                    chunks.add(new Chunk(-1, null, tags.get(0), new ArrayList<>(), new LinkedHashMap<>()));
                }
                if (MkvTypeInfos.EBML.equals(start.getElementMetaData().getTypeInfo())) {
                    tags.set(0, new LinkedHashMap<>());
                }
            }

            @Override
            public void visit(MkvEndMasterElement end) {
            }

            @Override
            public void visit(MkvDataElement data) {
                var type = data.getElementMetaData().getTypeInfo();
                if (MkvTypeInfos.TIMECODE.equals(type)) {
                    Chunk last = chunks.remove(chunks.size() - 1);
                    long timecode = ((BigInteger) data.getValueCopy().getVal()).longValueExact();
                    chunks.add(new Chunk(timecode, last.metadata(), last.tags(), last.frames(), last.tracks()));
                } else if (MkvTypeInfos.TAGNAME.equals(type)) {
                    pendingName[0] = (String) data.getValueCopy().getVal();
                } else if (MkvTypeInfos.TAGSTRING.equals(type) && pendingName[0] != null) {
                    tags.get(0).put(pendingName[0], (String) data.getValueCopy().getVal());
                }
            }
        };
        FrameVisitor.FrameProcessor frames = new FrameVisitor.FrameProcessor() {
            @Override
            public void process(Frame frame, MkvTrackMetadata track, Optional<FragmentMetadata> fragment,
                                Optional<FragmentMetadataVisitor.MkvTagProcessor> tagProcessor,
                                Optional<BigInteger> timescale, Optional<BigInteger> fragmentTimecode) {
                Chunk last = chunks.remove(chunks.size() - 1);
                ByteBuffer data = frame.getFrameData();
                byte[] bytes = new byte[data.remaining()];
                data.get(bytes);
                last.frames().add(new TestMkv.Frame((int) frame.getTrackNumber(),
                        fragmentTimecode.orElseThrow().longValueExact() + frame.getTimeCode(), frame.isKeyFrame(),
                        bytes));
                last.tracks().put(frame.getTrackNumber(), track);
                chunks.add(new Chunk(last.clusterTimecode(), fragment.orElse(null), last.tags(), last.frames(),
                        last.tracks()));
            }
        };
        FragmentMetadataVisitor.MkvTagProcessor ignore = new FragmentMetadataVisitor.MkvTagProcessor() {
            @Override
            public void process(MkvTag tag, Optional<FragmentMetadata> fragment) {
            }

            @Override
            public void clear() {
            }
        };
        MkvElementVisitor visitor = new CompositeMkvElementVisitor(watcher,
                FrameVisitor.create(frames, Optional.of(ignore)));
        StreamingMkvReader reader = StreamingMkvReader.createDefault(new InputStreamParserByteSource(in));
        while (reader.mightHaveNext()) {
            Optional<MkvElement> element = reader.nextIfAvailable();
            if (element.isPresent()) {
                element.get().accept(visitor);
            }
        }
        return chunks;
    }
}
