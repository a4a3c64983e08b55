package io.storagesession.codecs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A sink that keeps every access unit {@link AacEncoder} hands over, with its PTS, for tests to inspect. */
public final class AacUnits implements AacFrameSink {
    /** One access unit, copied out of the encoder's buffer. */
    public record Unit(byte[] data, long pts) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Unit u && u.pts == pts && Arrays.equals(u.data, data);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(pts) * 31 + Arrays.hashCode(data);
        }
    }

    private final List<Unit> units = new ArrayList<>();

    @Override
    public void accept(byte[] frame, int offset, int length, long ptsSamples) {
        units.add(new Unit(Arrays.copyOfRange(frame, offset, offset + length), ptsSamples));
    }

    public List<Unit> units() {
        return units;
    }

    public List<byte[]> frames() {
        return units.stream().map(Unit::data).toList();
    }
}
