package io.storagesession.api.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/**
 * Pages through resources in name order, as ListSignalingChannels and ListStreams return them: optionally only
 * names beginning with a prefix (KVS's {@code BEGINS_WITH} condition), starting after the last name of the previous
 * page. Works on a concurrent sorted map, so it never blocks writers and sees a consistent ordering.
 */
final class NamePages {
    private NamePages() {
    }

    static <T> List<T> page(NavigableMap<String, T> byName, String prefix, String afterName, int limit) {
        NavigableMap<String, T> from = afterName != null ? byName.tailMap(afterName, false)
                : prefix != null ? byName.tailMap(prefix, true) : byName;
        List<T> out = new ArrayList<>();
        for (Map.Entry<String, T> e : from.entrySet()) {
            if (out.size() >= limit) {
                break;
            }
            if (prefix != null && !e.getKey().startsWith(prefix)) {
                if (e.getKey().compareTo(prefix) > 0) {
                    break;
                }
                continue;
            }
            out.add(e.getValue());
        }
        return out;
    }
}
