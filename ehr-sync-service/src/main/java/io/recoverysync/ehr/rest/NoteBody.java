package io.recoverysync.ehr.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.recoverysync.ehr.service.VisibleText;
import io.recoverysync.servicekit.Ids;
import io.recoverysync.servicekit.Problem;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Reads a signed note's JSON strictly, as EHRbase will take it: ids are UUID strings, the revision a whole number,
 * the four sections and the provider's name strings of well-formed Unicode (no lone surrogate, no NUL), signedAt an
 * ISO 8601 time with offset between 2000-01-01 and now, at least one section with visible text ({@link VisibleText}),
 * and no field the note does not have. Every problem is
 * reported at once, each naming its field; nothing is coerced (a section sent as an object or array, or a revision
 * sent as a string, is an error, never an empty section or a guessed number).
 */
final class NoteBody {
    static final int MAX_SECTION = 100_000;
    static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    private static final List<String> SECTIONS = List.of("subjective", "objective", "assessment", "plan");
    private static final Set<String> FIELDS = Set.of("noteId", "revision", "patientId", "organizationId", "provider",
            "signedAt", "subjective", "objective", "assessment", "plan");
    private static final Set<String> PROVIDER_FIELDS = Set.of("id", "name");

    private NoteBody() {
    }

    /** The note as read; {@code note} is null when {@code errors} is not empty. */
    record Parsed(SoapNoteResource.SignedNoteRequest note, List<Problem.FieldError> errors) {
    }

    static Parsed parse(JsonNode body, Instant now) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (body == null || !body.isObject()) {
            errors.add(new Problem.FieldError("body", "a signed note (a JSON object) is required"));
            return new Parsed(null, errors);
        }
        body.fieldNames().forEachRemaining(name -> {
            if (!FIELDS.contains(name)) {
                errors.add(new Problem.FieldError(name, "is not a field of a signed note"));
            }
        });
        UUID noteId = uuid(body, "noteId", true, errors);
        UUID patientId = uuid(body, "patientId", true, errors);
        UUID organizationId = uuid(body, "organizationId", true, errors);
        Integer revision = null;
        JsonNode rev = body.get("revision");
        if (rev == null || !rev.isIntegralNumber() || !rev.canConvertToInt() || rev.asInt() < 1 || rev.asInt() > 1_000_000) {
            errors.add(new Problem.FieldError("revision", "must be a whole number from 1 to 1000000"));
        } else {
            revision = rev.asInt();
        }
        SoapNoteResource.Provider provider = provider(body.get("provider"), errors);
        OffsetDateTime signedAt = signedAt(body.get("signedAt"), now, errors);
        List<String> sections = new ArrayList<>();
        for (String section : SECTIONS) {
            sections.add(text(body, section, MAX_SECTION, false, errors));
        }
        if (sections.stream().allMatch(t -> t != null && !VisibleText.hasVisible(t))) {
            // only white space and invisible characters (U+200B, U+00A0, U+FEFF, U+2060…) is no text
            for (String section : SECTIONS) {
                errors.add(new Problem.FieldError(section,
                        "has no visible text: at least one SOAP section must have text"));
            }
        }
        if (!errors.isEmpty()) {
            errors.sort(Comparator.comparing(Problem.FieldError::field));
            return new Parsed(null, errors);
        }
        return new Parsed(new SoapNoteResource.SignedNoteRequest(noteId, revision, patientId, organizationId, provider,
                signedAt, sections.get(0), sections.get(1), sections.get(2), sections.get(3)), errors);
    }

    private static SoapNoteResource.Provider provider(JsonNode node, List<Problem.FieldError> errors) {
        if (node == null || !node.isObject()) {
            errors.add(new Problem.FieldError("provider", "must be an object {id?, name}"));
            return null;
        }
        node.fieldNames().forEachRemaining(name -> {
            if (!PROVIDER_FIELDS.contains(name)) {
                errors.add(new Problem.FieldError("provider." + name, "is not a field of a provider"));
            }
        });
        UUID id = uuid(node, "id", false, errors, "provider.id");
        String name = text(node, "name", 200, true, errors, "provider.name");
        return new SoapNoteResource.Provider(id, name == null ? null : name.strip());
    }

    private static OffsetDateTime signedAt(JsonNode node, Instant now, List<Problem.FieldError> errors) {
        String message = "must be an ISO 8601 time with offset from 2000-01-01 to now";
        if (node == null || !node.isTextual()) {
            errors.add(new Problem.FieldError("signedAt", message));
            return null;
        }
        OffsetDateTime local;
        Instant at;
        try {
            local = OffsetDateTime.parse(node.asText());
            at = local.toInstant();
        } catch (DateTimeParseException e) {
            errors.add(new Problem.FieldError("signedAt", message));
            return null;
        }
        if (at.isBefore(EARLIEST)) {
            errors.add(new Problem.FieldError("signedAt", message));
            return null;
        }
        if (at.isAfter(now.plus(CLOCK_SKEW))) {
            errors.add(new Problem.FieldError("signedAt", "must not be in the future"));
            return null;
        }
        return local;
    }

    private static UUID uuid(JsonNode parent, String field, boolean required, List<Problem.FieldError> errors) {
        return uuid(parent, field, required, errors, field);
    }

    private static UUID uuid(JsonNode parent, String field, boolean required, List<Problem.FieldError> errors, String name) {
        JsonNode value = parent.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                errors.add(new Problem.FieldError(name, "is required (a UUID)"));
            }
            return null;
        }
        UUID id = value.isTextual() ? Ids.parse(value.asText()) : null;
        if (id == null) {
            errors.add(new Problem.FieldError(name, "must be a UUID string"));
        }
        return id;
    }

    private static String text(JsonNode parent, String field, int max, boolean nonBlank, List<Problem.FieldError> errors) {
        return text(parent, field, max, nonBlank, errors, field);
    }

    private static String text(JsonNode parent, String field, int max, boolean nonBlank, List<Problem.FieldError> errors,
            String name) {
        JsonNode value = parent.get(field);
        if (value == null || !value.isTextual()) {
            errors.add(new Problem.FieldError(name, "is required, as a string"));
            return null;
        }
        String text = value.asText();
        if (text.length() > max) {
            errors.add(new Problem.FieldError(name, "must be at most " + max + " characters"));
        } else if (text.indexOf('\u0000') >= 0) {
            errors.add(new Problem.FieldError(name, "must not contain NUL characters"));
        } else if (!wellFormed(text)) {
            errors.add(new Problem.FieldError(name, "must be well-formed Unicode (a lone surrogate was sent)"));
        } else if (nonBlank && !VisibleText.hasVisible(text)) {
            errors.add(new Problem.FieldError(name, "must not be blank"));
        } else {
            return text;
        }
        return null;
    }

    /** No lone UTF-16 surrogate: EHRbase would store it as '?'. */
    static boolean wellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
