package io.recoverysync.ehr;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.recoverysync.ehr.service.CompositionIds;
import io.recoverysync.testsupport.KafkaBrokerResource;
import io.recoverysync.testsupport.PostgresResource;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Intake rules found against a real EHRbase (issue 22): a stored revision re-sent after the patient's discharge is
 * still the 202 duplicate, an addendum of a note accepted while the patient was active is taken after a discharge,
 * a brand-new note for a discharged patient is refused; sections of only invisible characters are no text.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(EhrbaseSimulatorResource.class)
class IntakeRulesTest extends WithEhrbase {

    @Test
    void aStoredNoteReSentAfterTheDischargeIsADuplicateAndItsAddendumIsAccepted() {
        UUID patient = Notes.patient();
        UUID noteId = UUID.randomUUID();
        Map<String, Object> first = Notes.note(noteId, 1, patient);
        String id = Notes.sign(first).then().statusCode(202).extract().path("id");
        Notes.awaitStatus(noteId, "completed", Duration.ofSeconds(10));

        Notes.discharge(patient);

        Notes.sign(first).then().statusCode(202)
                .body("id", equalTo(id))
                .body("duplicate", equalTo(true))
                .body("status", equalTo("completed"));
        Map<String, Object> changed = new HashMap<>(first);
        changed.put("plan", "PHI-plan other content");
        Notes.sign(changed).then().statusCode(409).contentType("application/problem+json");

        Map<String, Object> addendum = Notes.note(noteId, 2, patient);
        addendum.put("plan", "PHI-plan addendum after discharge");
        Notes.sign(addendum).then().statusCode(202).body("duplicate", equalTo(false)).body("revision", equalTo(2));
        Notes.awaitStatus(noteId, Duration.ofSeconds(10),
                s -> s.getInt("revision") == 2 && "completed".equals(s.getString("status")));
        assertEquals(2, sim.composition(CompositionIds.versionedObjectUid(noteId).toString()).orElseThrow()
                .versions().size());
        // the addendum re-sent is a duplicate as well
        Notes.sign(addendum).then().statusCode(202).body("duplicate", equalTo(true));

        Notes.sign(Notes.note(UUID.randomUUID(), 1, patient)).then().statusCode(422)
                .contentType("application/problem+json")
                .body("errors.field", hasItems("patientId"));
    }

    @Test
    void aNoteOfOnlyInvisibleCharactersIsRefusedNamingTheSections() {
        UUID patient = Notes.patient();
        Map<String, Object> empty = Notes.note(UUID.randomUUID(), 1, patient);
        empty.put("subjective", "\u200B\u200B");
        empty.put("objective", "\u00A0 \u00A0");
        empty.put("assessment", "\uFEFF\u2060\t\n\u3000");
        empty.put("plan", "");
        Notes.sign(empty).then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItems("subjective", "objective", "assessment", "plan"));

        Map<String, Object> nameless = Notes.note(UUID.randomUUID(), 1, patient);
        nameless.put("provider", Map.of("name", "\u200B\u00A0"));
        Notes.sign(nameless).then().statusCode(400).body("errors.field", hasItems("provider.name"));

        // one visible section is a note; the invisible ones are left out of the composition
        UUID noteId = UUID.randomUUID();
        Map<String, Object> oneSection = Notes.note(noteId, 1, patient);
        oneSection.put("subjective", "\u200B");
        oneSection.put("objective", "\u00A0");
        oneSection.put("assessment", "\uFEFF");
        oneSection.put("plan", "PHI-plan \u200Bvisible");
        Notes.sign(oneSection).then().statusCode(202);
        Notes.awaitStatus(noteId, "completed", Duration.ofSeconds(10));
        var stored = sim.composition(CompositionIds.versionedObjectUid(noteId).toString()).orElseThrow().latest();
        assertEquals("Plan", stored.value("clinical_notes/clinical_synopsis:0/_name|value"));
        assertEquals(null, stored.value("clinical_notes/clinical_synopsis:1/_name|value"));
    }

    @Test
    void theSigningOffsetIsKeptInTheStatusAndTheComposition() {
        UUID patient = Notes.patient();
        UUID noteId = UUID.randomUUID();
        java.time.OffsetDateTime local = java.time.OffsetDateTime.now(java.time.ZoneOffset.ofHoursMinutes(5, 30))
                .minusMinutes(3).withNano(123_000_000);
        String signedAt = local.format(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        Map<String, Object> body = Notes.note(noteId, 1, patient);
        body.put("signedAt", signedAt);
        Notes.sign(body).then().statusCode(202);
        var status = Notes.awaitStatus(noteId, "completed", Duration.ofSeconds(10));
        assertEquals(signedAt, status.getString("revisions[0].signedAt"));
        String startTime = sim.composition(CompositionIds.versionedObjectUid(noteId).toString()).orElseThrow().latest()
                .value("clinical_notes/context/start_time");
        assertEquals(signedAt, startTime);
        org.junit.jupiter.api.Assertions.assertTrue(startTime.endsWith("+05:30"), startTime);
        // the same moment re-sent is the stored revision (the instant is what was signed), and a 412 read-back
        // recognises the revision by that instant whatever its offset
        Notes.sign(body).then().statusCode(202).body("duplicate", equalTo(true));
    }
}
