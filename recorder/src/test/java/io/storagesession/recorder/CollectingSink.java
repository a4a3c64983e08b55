package io.storagesession.recorder;

import io.storagesession.recorder.putmedia.FragmentBytes;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A {@link FragmentSink} that keeps what the recorder hands over, in order, as one MKV byte stream. */
final class CollectingSink implements FragmentSink {
    /** One stream header or one fragment as handed over; {@code timecode} is -1 for headers. */
    record Item(boolean header, long timecode, byte[] bytes) {
    }

    final List<Item> items = new ArrayList<>();
    boolean ended;

    @Override
    public void streamHeader(byte[] header, int off, int len) {
        items.add(new Item(true, -1, Arrays.copyOfRange(header, off, off + len)));
    }

    @Override
    public void fragment(FragmentBytes bytes, long clusterTimecode) {
        if (ended) {
            throw new AssertionError("a fragment after the end of the recording");
        }
        items.add(new Item(false, clusterTimecode, bytes.toByteArray()));
    }

    @Override
    public void end() {
        ended = true;
    }

    List<Long> fragmentTimecodes() {
        return items.stream().filter(i -> !i.header()).map(Item::timecode).toList();
    }

    long headers() {
        return items.stream().filter(Item::header).count();
    }

    /** Everything, as PutMedia would send it. */
    byte[] mkv() {
        return mkv(0, items.size());
    }

    /** Items {@code [from, to)} as one byte stream. */
    byte[] mkv(int from, int to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Item item : items.subList(from, to)) {
            out.writeBytes(item.bytes());
        }
        return out.toByteArray();
    }
}
