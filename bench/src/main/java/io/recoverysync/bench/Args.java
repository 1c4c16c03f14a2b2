package io.recoverysync.bench;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/** {@code --name value} options of a benchmark command, with defaults. */
final class Args {
    private final Map<String, String> values = new HashMap<>();

    Args(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got " + Arrays.toString(args));
            }
            values.put(args[i].substring(2), args[++i]);
        }
    }

    int integer(String name, int fallback) {
        String v = values.get(name);
        return v == null ? fallback : Integer.parseInt(v);
    }

    String string(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    /** A comma-separated list of integers, e.g. {@code --sizes 1000,10000}. */
    int[] ints(String name, int... fallback) {
        String v = values.get(name);
        return v == null ? fallback : Arrays.stream(v.split(",")).mapToInt(s -> Integer.parseInt(s.trim())).toArray();
    }
}
