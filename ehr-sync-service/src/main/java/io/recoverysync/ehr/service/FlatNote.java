package io.recoverysync.ehr.service;

import io.recoverysync.ehr.config.EhrSyncConfig;
import io.recoverysync.ehr.repository.QueuedNote;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A signed SOAP note as a FLAT composition of {@code RIPPLE - Clinical Notes.v1}: the ctx block (language,
 * territory, composer = the signing provider, time = the signing time) and one named clinical synopsis per
 * SOAP section with visible text ({@link VisibleText}). Sections without are left out, since an entry without its notes is a 422 in EHRbase.
 */
public final class FlatNote {
    static final String ROOT = "clinical_notes";
    static final String START_TIME = ROOT + "/context/start_time";
    static final String UID = ROOT + "/_uid";

    private FlatNote() {
    }

    /** The composition; {@code versionUid} goes into {@code clinical_notes/_uid} when not null (creation only). */
    public static Map<String, Object> of(QueuedNote note, EhrSyncConfig.Ehrbase config, String versionUid) {
        Map<String, Object> flat = new LinkedHashMap<>();
        flat.put("ctx/language", config.language());
        flat.put("ctx/territory", config.territory());
        flat.put("ctx/composer_name", note.providerName());
        if (note.providerId() != null) {
            flat.put("ctx/composer_id", note.providerId().toString());
            flat.put("ctx/id_scheme", "provider");
            flat.put("ctx/id_namespace", config.subjectNamespace());
        }
        // the signing time is the context start: it also tells which revision a stored version holds
        // with the offset it was signed with (+05:30): the clinician's local time stays in the record
        flat.put("ctx/time", note.signedAtLocal().truncatedTo(ChronoUnit.MILLIS)
                .format(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        int index = 0;
        index = section(flat, index, "Subjective", note.subjective());
        index = section(flat, index, "Objective", note.objective());
        index = section(flat, index, "Assessment", note.assessment());
        section(flat, index, "Plan", note.plan());
        if (versionUid != null) {
            flat.put(UID, versionUid);
        }
        return flat;
    }

    private static int section(Map<String, Object> flat, int index, String name, String text) {
        if (!VisibleText.hasVisible(text)) {
            return index;
        }
        flat.put(ROOT + "/clinical_synopsis:" + index + "/_name|value", name);
        flat.put(ROOT + "/clinical_synopsis:" + index + "/notes", text);
        return index + 1;
    }
}
