package io.recoverysync.testsupport;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads samples out of a Prometheus text exposition (what {@code /q/metrics} answers, exemplars included), for
 * assertions.
 */
public final class PrometheusText {
    /** name, optional {labels} (quoted values may hold any character), value; an exemplar ("# {...} v t") may follow. */
    private static final Pattern SAMPLE = Pattern.compile(
            "^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{((?:[^\"}]|\"(?:[^\"\\\\]|\\\\.)*\")*)})?\\s+(\\S+).*$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private PrometheusText() {
    }

    /** Like {@link #sum}, but 0 when there is no such sample yet (a counter before its first increment). */
    public static double sumOrZero(String exposition, String name, String... labelPairs) {
        double sum = sum(exposition, name, labelPairs);
        return Double.isNaN(sum) ? 0 : sum;
    }

    /**
     * The sum of the samples named {@code name} whose labels include every given {@code label=value} pair (other
     * labels may differ); NaN when there is no such sample, so a missing metric never passes a {@code >=} check.
     */
    public static double sum(String exposition, String name, String... labelPairs) {
        Map<String, String> wanted = new LinkedHashMap<>();
        for (String pair : labelPairs) {
            int eq = pair.indexOf('=');
            wanted.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        double total = 0;
        boolean found = false;
        for (String line : exposition.split("\n")) {
            if (line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line.trim());
            if (!m.matches() || !m.group(1).equals(name)) {
                continue;
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (m.group(3) != null) {
                Matcher l = LABEL.matcher(m.group(3));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            if (wanted.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())))) {
                total += value(m.group(4));
                found = true;
            }
        }
        return found ? total : Double.NaN;
    }

    private static double value(String text) {
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(text);
        };
    }
}
