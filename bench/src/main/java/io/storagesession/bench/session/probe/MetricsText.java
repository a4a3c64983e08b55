package io.storagesession.bench.session.probe;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A scrape of the server's {@code /metrics} (Prometheus text exposition format 0.0.4): samples by name and labels.
 * Comment and malformed lines are skipped, never thrown on; label values may hold escaped quotes, commas and spaces.
 */
public final class MetricsText {
    private final List<Sample> samples;

    /** One sample line: {@code name{label="value",…} value}. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private MetricsText(List<Sample> samples) {
        this.samples = samples;
    }

    public static MetricsText parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            Sample sample = sample(line.trim());
            if (sample != null) {
                samples.add(sample);
            }
        }
        return new MetricsText(samples);
    }

    /** The sum of every sample of {@code name} whose labels include {@code match} (pairs: key, value, …). */
    public double sum(String name, String... match) {
        double total = 0;
        for (Sample s : samples) {
            if (s.name.equals(name) && matches(s.labels, match)) {
                total += s.value;
            }
        }
        return total;
    }

    public List<Sample> samples() {
        return samples;
    }

    private static boolean matches(Map<String, String> labels, String[] match) {
        for (int i = 0; i + 1 < match.length; i += 2) {
            if (!match[i + 1].equals(labels.get(match[i]))) {
                return false;
            }
        }
        return true;
    }

    private static Sample sample(String line) {
        if (line.isEmpty() || line.startsWith("#")) {
            return null;
        }
        int brace = line.indexOf('{');
        int space = line.indexOf(' ');
        if (space < 0) {
            return null;
        }
        String name;
        Map<String, String> labels = new HashMap<>();
        int rest;
        if (brace >= 0 && brace < space) {
            name = line.substring(0, brace);
            rest = labels(line, brace + 1, labels);
            if (rest < 0) {
                return null;
            }
        } else {
            name = line.substring(0, space);
            rest = space;
        }
        String[] value = line.substring(rest).trim().split("\\s+");
        if (name.isEmpty() || value.length == 0) {
            return null;
        }
        try {
            return new Sample(name, labels, Double.parseDouble(value[0]));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Reads {@code key="value",…}} from {@code at}; returns the index after the closing brace, or -1. */
    private static int labels(String line, int at, Map<String, String> labels) {
        int i = at;
        while (i < line.length()) {
            if (line.charAt(i) == '}') {
                return i + 1;
            }
            int eq = line.indexOf('=', i);
            if (eq < 0 || eq + 1 >= line.length() || line.charAt(eq + 1) != '"') {
                return -1;
            }
            String key = line.substring(i, eq).trim();
            StringBuilder value = new StringBuilder();
            int j = eq + 2;
            while (j < line.length() && line.charAt(j) != '"') {
                if (line.charAt(j) == '\\' && j + 1 < line.length()) {
                    char escaped = line.charAt(++j);
                    value.append(escaped == 'n' ? '\n' : escaped);
                } else {
                    value.append(line.charAt(j));
                }
                j++;
            }
            if (j >= line.length()) {
                return -1;
            }
            labels.put(key, value.toString());
            i = j + 1;
            if (i < line.length() && line.charAt(i) == ',') {
                i++;
            }
        }
        return -1;
    }
}
