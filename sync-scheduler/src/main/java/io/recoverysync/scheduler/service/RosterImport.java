package io.recoverysync.scheduler.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.recoverysync.contracts.ContractJson;
import io.recoverysync.scheduler.PatientRow;
import io.recoverysync.servicekit.Ids;
import io.recoverysync.servicekit.Problem;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Reads and checks the patients of a roster import: a JSON array of objects, or CSV with a header line (columns
 * {@code id, firstName, lastName, email, intakeqClientId, status} in any order and case; unknown columns and fields
 * are refused). Every problem is reported with its line, field and message, all of them at once.
 */
public final class RosterImport {
    /** The most rows one import takes. */
    public static final int MAX_ROWS = 10_000;
    static final Set<String> STATUSES = Set.of("active", "inactive", "discharged");
    private static final List<String> FIELDS = List.of("id", "firstName", "lastName", "email", "intakeqClientId", "status");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    /** Rows that parsed, and the problems of all rows. */
    public record Parsed(List<PatientRow> rows, List<Problem.FieldError> errors) {
    }

    private RosterImport() {
    }

    /** A JSON array of patient objects (line = position in the array, from 1). */
    public static Parsed json(String body) {
        List<Problem.FieldError> errors = new ArrayList<>();
        List<PatientRow> rows = new ArrayList<>();
        JsonNode root;
        try {
            root = ContractJson.mapper().readTree(body == null ? "" : body);
        } catch (IOException e) {
            errors.add(new Problem.FieldError(null, "body", "is not JSON"));
            return new Parsed(rows, errors);
        }
        if (root == null || !root.isArray()) {
            errors.add(new Problem.FieldError(null, "body", "must be a JSON array of patients"));
            return new Parsed(rows, errors);
        }
        if (root.size() > MAX_ROWS) {
            errors.add(new Problem.FieldError(null, "body", "at most " + MAX_ROWS + " patients per import"));
            return new Parsed(rows, errors);
        }
        int line = 0;
        for (JsonNode node : root) {
            line++;
            if (!node.isObject()) {
                errors.add(new Problem.FieldError(line, "patient", "must be an object"));
                continue;
            }
            Map<String, String> values = new HashMap<>();
            boolean ok = true;
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                JsonNode value = field.getValue();
                if (!FIELDS.contains(field.getKey())) {
                    errors.add(new Problem.FieldError(line, field.getKey(), "is not a field of a patient"));
                    ok = false;
                } else if (value.isNull()) {
                    values.put(field.getKey(), null);
                } else if ("intakeqClientId".equals(field.getKey()) ? !value.isIntegralNumber() : !value.isTextual()) {
                    errors.add(new Problem.FieldError(line, field.getKey(),
                            "intakeqClientId".equals(field.getKey()) ? "must be a whole number" : "must be a string"));
                    ok = false;
                } else {
                    values.put(field.getKey(), value.asText());
                }
            }
            if (ok) {
                row(line, values, errors, rows);
            }
        }
        return checked(rows, errors);
    }

    /** CSV with a header line (line numbers as in the file: the header is line 1). */
    public static Parsed csv(String body) {
        List<Problem.FieldError> errors = new ArrayList<>();
        List<PatientRow> rows = new ArrayList<>();
        List<List<String>> records;
        try {
            records = Csv.parse(body == null ? "" : body);
        } catch (IllegalArgumentException e) {
            errors.add(new Problem.FieldError(null, "body", e.getMessage()));
            return new Parsed(rows, errors);
        }
        if (records.isEmpty()) {
            errors.add(new Problem.FieldError(1, "header", "a header line naming the columns is required"));
            return new Parsed(rows, errors);
        }
        List<String> header = new ArrayList<>();
        for (String name : records.get(0)) {
            String field = FIELDS.stream().filter(f -> f.equalsIgnoreCase(name.trim())).findFirst().orElse(null);
            if (field == null) {
                errors.add(new Problem.FieldError(1, name.trim(), "is not a column of a patient (" + String.join(", ", FIELDS) + ")"));
            }
            header.add(field);
        }
        if (!errors.isEmpty()) {
            return new Parsed(rows, errors);
        }
        if (records.size() - 1 > MAX_ROWS) {
            errors.add(new Problem.FieldError(null, "body", "at most " + MAX_ROWS + " patients per import"));
            return new Parsed(rows, errors);
        }
        for (int i = 1; i < records.size(); i++) {
            List<String> record = records.get(i);
            int line = i + 1;
            if (record.size() == 1 && record.get(0).isBlank()) {
                continue; // an empty line
            }
            if (record.size() != header.size()) {
                errors.add(new Problem.FieldError(line, "line", "has " + record.size() + " values for " + header.size() + " columns"));
                continue;
            }
            Map<String, String> values = new HashMap<>();
            for (int c = 0; c < header.size(); c++) {
                String value = record.get(c).trim();
                values.put(header.get(c), value.isEmpty() ? null : value);
            }
            row(line, values, errors, rows);
        }
        return checked(rows, errors);
    }

    /** One patient's values, checked; a valid row is added to {@code rows}. */
    private static void row(int line, Map<String, String> v, List<Problem.FieldError> errors, List<PatientRow> rows) {
        int before = errors.size();
        UUID id = null;
        if (v.get("id") != null) {
            id = Ids.parse(v.get("id"));
            if (id == null) {
                errors.add(new Problem.FieldError(line, "id", "must be a UUID"));
            }
        }
        String first = name(line, "firstName", v.get("firstName"), errors);
        String last = name(line, "lastName", v.get("lastName"), errors);
        String email = v.get("email");
        if (email != null && (email.length() > 320 || !EMAIL.matcher(email).matches())) {
            errors.add(new Problem.FieldError(line, "email", "must be an email address"));
        }
        Integer clientId = null;
        if (v.get("intakeqClientId") != null) {
            String text = v.get("intakeqClientId");
            if (!text.matches("\\d{1,10}") || Long.parseLong(text) < 1 || Long.parseLong(text) > Integer.MAX_VALUE) {
                errors.add(new Problem.FieldError(line, "intakeqClientId", "must be a positive whole number"));
            } else {
                clientId = Integer.valueOf(text);
            }
        }
        String status = v.get("status") == null ? "active" : v.get("status").toLowerCase(Locale.ROOT);
        if (!STATUSES.contains(status)) {
            errors.add(new Problem.FieldError(line, "status", "must be active, inactive or discharged"));
        }
        if (v.get("id") == null && v.get("intakeqClientId") == null && email == null) {
            errors.add(new Problem.FieldError(line, "intakeqClientId", "an IntakeQ client id or an email is required"));
        }
        if (errors.size() == before) {
            rows.add(new PatientRow(line, id, first, last, email == null ? null : email.trim(), clientId, status));
        }
    }

    private static String name(int line, String field, String value, List<Problem.FieldError> errors) {
        if (value == null || value.isBlank()) {
            errors.add(new Problem.FieldError(line, field, "is required"));
            return null;
        }
        if (value.length() > 100 || CONTROL.matcher(value).find()) {
            errors.add(new Problem.FieldError(line, field, "must be at most 100 characters without control characters"));
            return null;
        }
        return value.trim();
    }

    /** Refuses a patient named twice in one import (same id, IntakeQ client id or email). */
    private static Parsed checked(List<PatientRow> rows, List<Problem.FieldError> errors) {
        Map<String, Integer> seen = new HashMap<>();
        for (PatientRow r : rows) {
            for (String key : keys(r)) {
                Integer earlier = seen.putIfAbsent(key, r.line());
                if (earlier != null) {
                    errors.add(new Problem.FieldError(r.line(), key.substring(0, key.indexOf(':')),
                            "the same patient as line " + earlier));
                }
            }
        }
        return new Parsed(rows, errors);
    }

    private static List<String> keys(PatientRow r) {
        List<String> keys = new ArrayList<>();
        if (r.id() != null) {
            keys.add("id:" + r.id());
        }
        if (r.intakeqClientId() != null) {
            keys.add("intakeqClientId:" + r.intakeqClientId());
        }
        if (r.email() != null) {
            keys.add("email:" + r.email().toLowerCase(Locale.ROOT));
        }
        return keys;
    }

    /** RFC 4180 CSV: comma separated, double quotes around values with commas, quotes or line breaks. */
    static final class Csv {
        private Csv() {
        }

        static List<List<String>> parse(String text) {
            List<List<String>> records = new ArrayList<>();
            List<String> record = new ArrayList<>();
            StringBuilder value = new StringBuilder();
            boolean quoted = false;
            int i = 0;
            if (text.startsWith("\uFEFF")) {
                i = 1; // a byte order mark spreadsheet programs write
            }
            for (; i < text.length(); i++) {
                char c = text.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        value.append('"');
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    } else {
                        value.append(c);
                    }
                } else if (c == '"' && value.length() == 0) {
                    quoted = true;
                } else if (c == ',') {
                    record.add(value.toString());
                    value.setLength(0);
                } else if (c == '\n' || c == '\r') {
                    if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                        i++;
                    }
                    record.add(value.toString());
                    value.setLength(0);
                    records.add(record);
                    record = new ArrayList<>();
                } else {
                    value.append(c);
                }
            }
            if (quoted) {
                throw new IllegalArgumentException("a quoted value is not closed");
            }
            if (value.length() > 0 || !record.isEmpty()) {
                record.add(value.toString());
                records.add(record);
            }
            return records;
        }
    }
}
