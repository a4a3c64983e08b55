package io.storagesession.recorder.mkv;

import io.storagesession.codecs.mkv.MatroskaIds;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Fragment metadata: name/value pairs written as Segment-level Tags just before a fragment's Cluster
 * (KVS-WIRE.md §5, RFC 9559 §5.1.8). KVS' limits are checked when a pair is added, so a bad tag is refused before any
 * byte of its fragment is written: at most {@value #MAX_TAGS} pairs, names of 1 to {@value #MAX_NAME_BYTES} UTF-8
 * bytes not starting with {@value #RESERVED_PREFIX} (KVS adds its own), values of at most {@value #MAX_VALUE_BYTES}.
 *
 * <p>Immutable once built; the UTF-8 bytes are encoded once here, not per write.
 */
public final class FragmentTags {
    public static final int MAX_TAGS = 10;
    public static final int MAX_NAME_BYTES = 128;
    public static final int MAX_VALUE_BYTES = 256;
    public static final String RESERVED_PREFIX = "AWS";
    public static final FragmentTags NONE = new FragmentTags(List.of(), List.of());

    private final List<byte[]> names;
    private final List<byte[]> values;

    private FragmentTags(List<byte[]> names, List<byte[]> values) {
        this.names = names;
        this.values = values;
    }

    public static Builder builder() {
        return new Builder();
    }

    public int size() {
        return names.size();
    }

    public boolean isEmpty() {
        return names.isEmpty();
    }

    /** One Tags element holding one Tag per pair, each with an empty Targets (the whole Segment) and one SimpleTag. */
    void write(MkvBuffer out) {
        if (isEmpty()) {
            return;
        }
        int tags = Ebml.startMaster(out, MatroskaIds.TAGS);
        for (int i = 0; i < names.size(); i++) {
            int tag = Ebml.startMaster(out, MatroskaIds.TAG);
            Ebml.endMaster(out, Ebml.startMaster(out, MatroskaIds.TARGETS));
            int simpleTag = Ebml.startMaster(out, MatroskaIds.SIMPLE_TAG);
            Ebml.writeBinary(out, MatroskaIds.TAG_NAME, names.get(i));
            Ebml.writeBinary(out, MatroskaIds.TAG_STRING, values.get(i));
            Ebml.endMaster(out, simpleTag);
            Ebml.endMaster(out, tag);
        }
        Ebml.endMaster(out, tags);
    }

    /** Collects pairs, refusing each one that breaks a limit with {@link MkvRefusal.Reason#BAD_TAG}. */
    public static final class Builder {
        private final List<byte[]> names = new ArrayList<>();
        private final List<byte[]> values = new ArrayList<>();

        private Builder() {
        }

        public Builder add(String name, String value) {
            if (names.size() == MAX_TAGS) {
                throw refusal("more than " + MAX_TAGS + " tags in one fragment");
            }
            if (name == null || name.isEmpty()) {
                throw refusal("a tag needs a name");
            }
            if (name.startsWith(RESERVED_PREFIX)) {
                throw refusal("tag names starting with " + RESERVED_PREFIX + " are KVS' own: " + name);
            }
            if (value == null) {
                throw refusal("tag " + name + " needs a value");
            }
            byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
            byte[] valueBytes = value.getBytes(StandardCharsets.UTF_8);
            if (nameBytes.length > MAX_NAME_BYTES) {
                throw refusal("tag name of " + nameBytes.length + " bytes, at most " + MAX_NAME_BYTES + ": " + name);
            }
            if (valueBytes.length > MAX_VALUE_BYTES) {
                throw refusal("value of tag " + name + " is " + valueBytes.length + " bytes, at most "
                        + MAX_VALUE_BYTES);
            }
            names.add(nameBytes);
            values.add(valueBytes);
            return this;
        }

        public FragmentTags build() {
            return names.isEmpty() ? NONE
                    : new FragmentTags(Collections.unmodifiableList(new ArrayList<>(names)),
                            Collections.unmodifiableList(new ArrayList<>(values)));
        }

        private static MkvRefusal refusal(String message) {
            return new MkvRefusal(MkvRefusal.Reason.BAD_TAG, message);
        }
    }
}
