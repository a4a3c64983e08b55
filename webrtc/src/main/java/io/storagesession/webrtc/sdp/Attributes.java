package io.storagesession.webrtc.sdp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code a=} lines of one scope (the session or one m-section), by name, each name's values in the order they
 * appeared (RFC 8866 §5.13). A property attribute such as {@code a=rtcp-mux} has the empty string as its value.
 * Names are case-sensitive, as written.
 */
public final class Attributes {
    private final Map<String, List<String>> byName;

    private Attributes(Map<String, List<String>> byName) {
        this.byName = byName;
    }

    /** Every value of {@code name}, in order; empty when absent. */
    public List<String> all(String name) {
        return byName.getOrDefault(name, List.of());
    }

    /** The first value of {@code name}. */
    public Optional<String> first(String name) {
        List<String> values = all(name);
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    public boolean has(String name) {
        return byName.containsKey(name);
    }

    /** Name → values, in the order each name first appeared. */
    public Map<String, List<String>> asMap() {
        return byName;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Attributes a && a.byName.equals(byName);
    }

    @Override
    public int hashCode() {
        return byName.hashCode();
    }

    @Override
    public String toString() {
        return byName.toString();
    }

    /** Collects attributes while a scope is being read; {@link #build()} freezes them. */
    static final class Builder {
        private final Map<String, List<String>> byName = new LinkedHashMap<>();

        void add(String name, String value) {
            byName.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }

        Attributes build() {
            Map<String, List<String>> frozen = new LinkedHashMap<>();
            byName.forEach((name, values) -> frozen.put(name, List.copyOf(values)));
            return new Attributes(Collections.unmodifiableMap(frozen));
        }
    }
}
