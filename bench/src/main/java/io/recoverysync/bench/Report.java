package io.recoverysync.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One benchmark's figures: the setup that produced them (so runs compare), a table of rows, a summary against the
 * goal, and the machine. Printed as a table and written to {@code bench/results/<name>.json}.
 */
final class Report {
    private final String name;
    private final String title;
    private final Map<String, Object> setup = new LinkedHashMap<>();
    private final List<String> columns;
    private final List<Map<String, Object>> rows = new ArrayList<>();
    private final Map<String, Object> summary = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    private final Map<String, Object> figures = new LinkedHashMap<>();

    Report(String name, String title, List<String> columns) {
        this.name = name;
        this.title = title;
        this.columns = List.copyOf(columns);
    }

    Report setup(String key, Object value) {
        setup.put(key, value);
        return this;
    }

    /** Adds a row; values in column order. */
    Report row(Object... values) {
        if (values.length != columns.size()) {
            throw new IllegalArgumentException(values.length + " values for " + columns.size() + " columns");
        }
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            row.put(columns.get(i), values[i]);
        }
        rows.add(row);
        return this;
    }

    Report summary(String key, Object value) {
        summary.put(key, value);
        return this;
    }

    /** A figure later runs compare, written at the top level of the JSON under {@code key} (and printed). */
    Report figure(String key, Object value) {
        figures.put(key, value);
        return this;
    }

    Report note(String note) {
        notes.add(note);
        return this;
    }

    /** Prints the setup, the table and the summary, then writes the JSON file; returns its path. */
    Path finish(Path resultsDir, Map<String, Object> machine) {
        print(machine);
        return write(resultsDir, machine);
    }

    private void print(Map<String, Object> machine) {
        StringBuilder out = new StringBuilder();
        out.append('\n').append("== ").append(title).append(" ==\n");
        setup.forEach((k, v) -> out.append(String.format("  %-28s %s%n", k, v)));
        out.append(String.format("  %-28s %s%n", "machine", machine.get("summary")));
        out.append(String.format("  %-28s %s%n", "CPU before the stack started", machine.get("loadBeforeStart")));
        out.append('\n');
        int[] widths = new int[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            widths[i] = columns.get(i).length();
            for (Map<String, Object> row : rows) {
                widths[i] = Math.max(widths[i], format(row.get(columns.get(i))).length());
            }
        }
        appendLine(out, columns.stream().map(c -> (Object) c).toList(), widths);
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            rule.append(i == 0 ? "|" : "").append("-".repeat(widths[i] + 2)).append('|');
        }
        out.append(rule).append('\n');
        for (Map<String, Object> row : rows) {
            appendLine(out, columns.stream().map(row::get).toList(), widths);
        }
        out.append('\n');
        figures.forEach((k, v) -> out.append(String.format("  %-28s %s%n", k, format(v))));
        summary.forEach((k, v) -> out.append(String.format("  %-28s %s%n", k, format(v))));
        notes.forEach(n -> out.append("  note: ").append(n).append('\n'));
        System.out.print(out);
        System.out.flush();
    }

    private static void appendLine(StringBuilder out, List<Object> values, int[] widths) {
        out.append('|');
        for (int i = 0; i < values.size(); i++) {
            String text = format(values.get(i));
            out.append(' ').append(values.get(i) instanceof Number ? pad(text, widths[i], true) : pad(text, widths[i], false))
                    .append(" |");
        }
        out.append('\n');
    }

    private static String pad(String text, int width, boolean right) {
        String spaces = " ".repeat(Math.max(0, width - text.length()));
        return right ? spaces + text : text + spaces;
    }

    static String format(Object value) {
        if (value == null) {
            return "-";
        }
        if (value instanceof Double d) {
            double abs = Math.abs(d);
            return abs >= 100 ? String.format("%.0f", d) : abs >= 10 ? String.format("%.1f", d)
                    : abs >= 1 ? String.format("%.2f", d) : String.format("%.3f", d);
        }
        return value.toString();
    }

    private Path write(Path resultsDir, Map<String, Object> machine) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("benchmark", name);
        json.put("title", title);
        json.put("finishedAt", Instant.now().toString());
        json.putAll(figures);
        json.put("setup", setup);
        json.put("columns", columns);
        json.put("rows", rows);
        json.put("summary", summary);
        json.put("notes", notes);
        json.put("machine", machine);
        try {
            Files.createDirectories(resultsDir);
            Path target = resultsDir.resolve(name + ".json");
            Path tmp = resultsDir.resolve(name + ".json.tmp");
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(tmp.toFile(), json);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            System.out.println("  written: " + target);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
