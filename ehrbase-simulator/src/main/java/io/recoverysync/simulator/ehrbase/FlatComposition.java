package io.recoverysync.simulator.ehrbase;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks and completes a FLAT (simSDT) composition the way EHRbase does for the {@code RIPPLE - Clinical Notes.v1}
 * template: unknown paths are a 400 {@code Could not consume Parts [...]}, a missing composer a 400, unparsable
 * dates a 400, template-constraint violations a 422 whose message is {@code "<aql path>: <text>"} items joined by
 * {@code ", "}, unknown language/territory codes a 500. What the server fills in by itself (category, setting,
 * start time, entry language/encoding) is added to the stored form, as EHRbase returns it.
 *
 * <p>Other uploaded templates get the {@code ctx/} checks only; their own paths are accepted as they come.
 */
final class FlatComposition {

    static final String RIPPLE_TEMPLATE_ID = "RIPPLE - Clinical Notes.v1";
    static final String RIPPLE_ROOT = "clinical_notes";
    private static final String SYNOPSIS_AQL = "/content[openEHR-EHR-EVALUATION.clinical_synopsis.v1, %d]";

    private static final Set<String> CTX_KEYS = Set.of("language", "territory", "composer_name", "composer_id",
            "composer_self", "id_scheme", "id_namespace", "time", "end_time", "setting", "health_care_facility|name",
            "health_care_facility|id", "provider_name", "provider_id", "location", "work_flow_id", "history_origin");

    private static final List<Pattern> RIPPLE_PATHS = List.of(
            Pattern.compile("clinical_notes/_uid"),
            Pattern.compile("clinical_notes/(language|territory)\\|(code|terminology)"),
            Pattern.compile("clinical_notes/composer\\|(name|id|id_scheme|id_namespace)"),
            Pattern.compile("clinical_notes/category\\|(code|value|terminology)"),
            Pattern.compile("clinical_notes/context/(start_time|end_time)"),
            Pattern.compile("clinical_notes/context/setting\\|(code|value|terminology)"),
            Pattern.compile("clinical_notes/context/_health_care_facility\\|(name|id|id_scheme|id_namespace)"));

    private static final Pattern SYNOPSIS = Pattern.compile(
            "clinical_notes/clinical_synopsis(?::(\\d{1,4}))?/(notes|_name\\|value|_name\\|code|_name\\|terminology"
                    + "|language\\|code|language\\|terminology|encoding\\|code|encoding\\|terminology)");

    /** openEHR "setting" codes (terminology group "setting"). */
    private static final Map<String, String> SETTINGS = settings();

    private static final Set<String> LANGUAGES = Set.of(Locale.getISOLanguages());
    private static final Set<String> TERRITORIES = Set.of(Locale.getISOCountries());

    private FlatComposition() {
    }

    /** What a composition carries after validation: the stored FLAT form and the client-supplied uid, if any. */
    record Checked(Map<String, String> flat, String suppliedUid) {
    }

    /**
     * Validates {@code input} against {@code template}; returns the completed FLAT form (without {@code _uid}, which
     * the caller assigns) or throws {@link CdrException} with EHRbase's status and message.
     */
    static Checked check(Map<String, String> input, OperationalTemplate template, Instant now) {
        boolean ripple = RIPPLE_TEMPLATE_ID.equals(template.templateId());
        String root = ripple ? RIPPLE_ROOT : rootOf(input);

        List<String> unconsumed = new ArrayList<>();
        for (String key : input.keySet()) {
            if (key.startsWith("ctx/")) {
                String ctx = key.substring(4);
                if (!CTX_KEYS.contains(ctx) && !ctx.startsWith("participation_")) {
                    unconsumed.add(key);
                }
            } else if (ripple && !isRipplePath(key)) {
                unconsumed.add(key);
            }
        }
        if (!unconsumed.isEmpty()) {
            throw CdrException.badRequest("Could not consume Parts " + unconsumed);
        }

        String language = first(input, "ctx/language", root + "/language|code");
        String territory = first(input, "ctx/territory", root + "/territory|code");
        String composer = first(input, "ctx/composer_name", root + "/composer|name");
        boolean composerSelf = "true".equalsIgnoreCase(input.get("ctx/composer_self"));
        String time = first(input, "ctx/time", root + "/context/start_time");
        String endTime = first(input, "ctx/end_time", root + "/context/end_time");

        parseDate(time);
        parseDate(endTime);
        if (composer == null && !composerSelf) {
            throw CdrException.badRequest("Composition missing mandatory attribute: composer");
        }
        if (language == null) {
            throw CdrException.badRequest("Composition missing mandatory attribute: language");
        }
        if (territory == null) {
            throw CdrException.badRequest("Composition missing mandatory attribute: territory");
        }
        // EHRbase fails these inside its terminology service: a generic 500, details only in its log
        if (!LANGUAGES.contains(language) || !TERRITORIES.contains(territory)) {
            throw CdrException.internal();
        }

        Map<String, String> out = new LinkedHashMap<>();
        List<String> violations = new ArrayList<>();
        String category = input.getOrDefault(root + "/category|code", "433");
        if (ripple && !"433".equals(category)) {
            violations.add("/category: CodePhrase codeString does not match any option, found: " + category);
        }
        String settingCode = input.get(root + "/context/setting|code");
        String settingText = input.get("ctx/setting");
        if (settingCode == null && settingText != null) {
            settingCode = codeOfSetting(settingText);
        }
        if (settingCode == null) {
            settingCode = "238";
        }
        if (!SETTINGS.containsKey(settingCode)) {
            violations.add("/context: Invariant Setting_valid failed on type EVENT_CONTEXT");
        }

        out.put(root + "/language|code", language);
        out.put(root + "/language|terminology", "ISO_639-1");
        out.put(root + "/territory|code", territory);
        out.put(root + "/territory|terminology", "ISO_3166-1");
        out.put(root + "/context/start_time", time == null ? now.toString() : time);
        if (endTime != null) {
            out.put(root + "/context/end_time", endTime);
        }
        out.put(root + "/context/setting|code", settingCode);
        out.put(root + "/context/setting|value", SETTINGS.getOrDefault(settingCode, settingText == null ? "" : settingText));
        out.put(root + "/context/setting|terminology", "openehr");
        out.put(root + "/category|code", category);
        out.put(root + "/category|value", "event");
        out.put(root + "/category|terminology", "openehr");

        if (ripple) {
            checkSynopses(input, language, out, violations);
        } else {
            input.forEach((k, v) -> {
                if (!k.startsWith("ctx/") && !k.endsWith("/_uid")) {
                    out.putIfAbsent(k, v);
                }
            });
        }
        if (composer != null) {
            out.put(root + "/composer|name", composer);
        }
        copyIfPresent(input, out, "ctx/composer_id", root + "/composer|id");
        copyIfPresent(input, out, "ctx/id_scheme", root + "/composer|id_scheme");
        copyIfPresent(input, out, "ctx/id_namespace", root + "/composer|id_namespace");
        if (!violations.isEmpty()) {
            throw new CdrException(422, String.join(", ", violations));
        }
        return new Checked(out, input.get(root + "/_uid"));
    }

    /** Root id of a non-Ripple FLAT composition: the first path segment of its first non-ctx key. */
    static String rootOf(Map<String, String> input) {
        for (String key : input.keySet()) {
            if (!key.startsWith("ctx/") && key.contains("/")) {
                return key.substring(0, key.indexOf('/'));
            }
        }
        return "composition";
    }

    private static void checkSynopses(Map<String, String> input, String language, Map<String, String> out,
            List<String> violations) {
        // index -> (attribute -> value); FLAT indexes may have gaps, the stored form renumbers them densely
        TreeMap<Integer, Map<String, String>> entries = new TreeMap<>();
        for (Map.Entry<String, String> e : input.entrySet()) {
            Matcher m = SYNOPSIS.matcher(e.getKey());
            if (m.matches()) {
                int index = m.group(1) == null ? 0 : Integer.parseInt(m.group(1));
                entries.computeIfAbsent(index, i -> new LinkedHashMap<>()).put(m.group(2), e.getValue());
            }
        }
        int position = 0;
        for (Map<String, String> entry : entries.values()) {
            String prefix = RIPPLE_ROOT + "/clinical_synopsis:" + position + "/";
            String notes = entry.get("notes");
            if (notes == null) {
                violations.add(String.format(Locale.ROOT, SYNOPSIS_AQL, position + 1)
                        + "/data: Attribute data of class EVALUATION does not match existence 1..1");
            } else if (notes.isEmpty()) {
                // [sim] an empty DV_TEXT breaks the RM invariant; the exact wording was not observed on EHRbase
                violations.add(String.format(Locale.ROOT, SYNOPSIS_AQL, position + 1)
                        + "/data[at0001]/items[at0002]/value: Invariant Value_valid failed on type DV_TEXT");
            }
            if (entry.containsKey("_name|value")) {
                out.put(prefix + "_name|value", entry.get("_name|value"));
            }
            if (notes != null) {
                out.put(prefix + "notes", notes);
            }
            out.put(prefix + "language|code", entry.getOrDefault("language|code", language));
            out.put(prefix + "language|terminology", "ISO_639-1");
            out.put(prefix + "encoding|code", entry.getOrDefault("encoding|code", "UTF-8"));
            out.put(prefix + "encoding|terminology", "IANA_character-sets");
            position++;
        }
    }

    private static boolean isRipplePath(String key) {
        if (SYNOPSIS.matcher(key).matches()) {
            return true;
        }
        for (Pattern p : RIPPLE_PATHS) {
            if (p.matcher(key).matches()) {
                return true;
            }
        }
        return false;
    }

    private static void parseDate(String value) {
        if (value == null) {
            return;
        }
        try {
            DateTimeFormatter.ISO_DATE_TIME.parse(value);
        } catch (DateTimeParseException e) {
            throw CdrException.badRequest(e.getMessage() + ":" + value);
        }
    }

    /** The instant of an ISO-8601 date-time as EHRbase stores it, or null. */
    static Instant instantOf(String value) {
        try {
            return value == null ? null : OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String first(Map<String, String> input, String a, String b) {
        String value = input.get(a);
        return value != null ? value : input.get(b);
    }

    private static void copyIfPresent(Map<String, String> in, Map<String, String> out, String from, String to) {
        String value = in.get(from);
        if (value != null) {
            out.put(to, value);
        }
    }

    private static String codeOfSetting(String text) {
        for (Map.Entry<String, String> e : SETTINGS.entrySet()) {
            if (e.getValue().equalsIgnoreCase(text.trim())) {
                return e.getKey();
            }
        }
        return "238";
    }

    private static Map<String, String> settings() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("225", "home");
        m.put("227", "emergency care");
        m.put("228", "primary medical care");
        m.put("229", "primary nursing care");
        m.put("230", "primary allied health care");
        m.put("231", "midwifery care");
        m.put("232", "secondary medical care");
        m.put("233", "secondary nursing care");
        m.put("234", "secondary allied health care");
        m.put("235", "complementary health care");
        m.put("236", "dental care");
        m.put("237", "nursing home care");
        m.put("238", "other care");
        return m;
    }
}
