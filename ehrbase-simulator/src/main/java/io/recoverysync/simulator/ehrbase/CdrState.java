package io.recoverysync.simulator.ehrbase;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The clinical data repository's contents: EHRs (unique by subject id + namespace, like EHRbase's unique index),
 * templates and versioned compositions. One monitor guards everything, so a check-then-insert is atomic the way
 * EHRbase's database constraints make it.
 */
final class CdrState {

    private final Map<String, SimEhr> ehrs = new LinkedHashMap<>();
    private final Map<String, String> ehrBySubject = new HashMap<>();
    private final Map<String, OperationalTemplate> templates = new LinkedHashMap<>();
    private final Map<String, MutableComposition> compositions = new LinkedHashMap<>();

    private static final class MutableComposition {
        final String uuid;
        final String ehrId;
        final String templateId;
        final List<SimVersion> versions = new ArrayList<>();
        boolean deleted;

        MutableComposition(String uuid, String ehrId, String templateId) {
            this.uuid = uuid;
            this.ehrId = ehrId;
            this.templateId = templateId;
        }

        SimComposition snapshot() {
            return new SimComposition(uuid, ehrId, templateId, List.copyOf(versions), deleted);
        }
    }

    private static String subjectKey(String id, String namespace) {
        return namespace + "\u0000" + id;
    }

    /** Creates the EHR, or throws 409 for a taken id or subject. */
    synchronized SimEhr createEhr(String ehrId, String subjectId, String namespace, Instant now) {
        if (ehrs.containsKey(ehrId)) {
            throw new CdrException(409, "EHR with id " + ehrId + " already exists.");
        }
        if (subjectId != null && ehrBySubject.containsKey(subjectKey(subjectId, namespace))) {
            throw new CdrException(409, "Supplied partyId[" + subjectId + "] is used by a different EHR in the same partyNamespace["
                    + namespace + "].");
        }
        SimEhr ehr = new SimEhr(ehrId, subjectId, namespace, now);
        ehrs.put(ehrId, ehr);
        if (subjectId != null) {
            ehrBySubject.put(subjectKey(subjectId, namespace), ehrId);
        }
        return ehr;
    }

    synchronized Optional<SimEhr> ehr(String ehrId) {
        return Optional.ofNullable(ehrs.get(ehrId));
    }

    synchronized Optional<SimEhr> ehrBySubject(String subjectId, String namespace) {
        return Optional.ofNullable(ehrBySubject.get(subjectKey(subjectId, namespace))).map(ehrs::get);
    }

    synchronized List<SimEhr> ehrs() {
        return List.copyOf(ehrs.values());
    }

    /** Stores the template, or throws 409 when its id is taken. */
    synchronized void addTemplate(OperationalTemplate template) {
        if (templates.containsKey(template.templateId())) {
            throw new CdrException(409, "Operational template with this template ID already exists: " + template.templateId());
        }
        templates.put(template.templateId(), template);
    }

    synchronized Optional<OperationalTemplate> template(String templateId) {
        return Optional.ofNullable(templates.get(templateId));
    }

    synchronized List<OperationalTemplate> templates() {
        return List.copyOf(templates.values());
    }

    /** Commits version 1 of a new composition, or throws 412 when the uuid is taken. */
    synchronized SimVersion createComposition(String uuid, String ehrId, String templateId, String systemId,
            Map<String, String> flat, String rootName, Instant now) {
        if (compositions.containsKey(uuid)) {
            throw new CdrException(412, "Provided Id " + uuid + "::" + systemId + "::1 already exists");
        }
        MutableComposition c = new MutableComposition(uuid, ehrId, templateId);
        SimVersion v = version(uuid, systemId, 1, flat, rootName, now);
        c.versions.add(v);
        compositions.put(uuid, c);
        return v;
    }

    /**
     * Commits the next version when {@code expectedVersion} is the latest, else 412 with the current version's
     * ETag and Location (as EHRbase adds them when it knows them).
     */
    synchronized SimVersion updateComposition(String uuid, int expectedVersion, String systemId, Map<String, String> flat,
            String rootName, Instant now, String location) {
        MutableComposition c = compositions.get(uuid);
        int latest = c.versions.get(c.versions.size() - 1).version();
        if (expectedVersion != latest) {
            throw new CdrException(412, "If-Match version_uid does not match latest version")
                    .withHeader("ETag", "\"" + uuid + "::" + systemId + "::" + latest + "\"")
                    .withHeader("Location", location);
        }
        SimVersion v = version(uuid, systemId, latest + 1, flat, rootName, now);
        c.versions.add(v);
        c.deleted = false;
        return v;
    }

    synchronized void delete(String uuid, int expectedVersion, String systemId) {
        MutableComposition c = compositions.get(uuid);
        int latest = c.versions.get(c.versions.size() - 1).version();
        if (expectedVersion != latest) {
            throw new CdrException(412, "If-Match version_uid does not match latest version");
        }
        c.deleted = true;
    }

    synchronized Optional<SimComposition> composition(String uuid) {
        MutableComposition c = compositions.get(uuid);
        return c == null ? Optional.empty() : Optional.of(c.snapshot());
    }

    synchronized List<SimComposition> compositions() {
        List<SimComposition> list = new ArrayList<>(compositions.size());
        compositions.values().forEach(c -> list.add(c.snapshot()));
        return Collections.unmodifiableList(list);
    }

    synchronized void clear() {
        ehrs.clear();
        ehrBySubject.clear();
        templates.clear();
        compositions.clear();
    }

    private static SimVersion version(String uuid, String systemId, int n, Map<String, String> flat, String rootName,
            Instant now) {
        String uid = uuid + "::" + systemId + "::" + n;
        Map<String, String> stored = new LinkedHashMap<>(flat);
        stored.put(rootName + "/_uid", uid);
        return new SimVersion(uid, n, Collections.unmodifiableMap(stored), now);
    }
}
