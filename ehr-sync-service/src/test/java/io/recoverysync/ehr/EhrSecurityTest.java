package io.recoverysync.ehr;

import static io.recoverysync.testsupport.AuthMatrix.Endpoint.get;
import static io.recoverysync.testsupport.AuthMatrix.Endpoint.post;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.recoverysync.contracts.ContractJson;
import io.recoverysync.servicekit.Caller;
import io.recoverysync.testsupport.AuthMatrix;
import io.recoverysync.testsupport.HttpLayerChecks;
import io.recoverysync.testsupport.KafkaBrokerResource;
import io.recoverysync.testsupport.PostgresResource;
import io.recoverysync.testsupport.RequestFuzzer;
import io.recoverysync.testsupport.TestTokens;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Issue 6 for ehr-sync: notes are signed and read within the caller's organization; bad notes are 4xx problems. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(EhrbaseSimulatorResource.class)
class EhrSecurityTest {
    private static final TestTokens TOKENS = TestTokens.DEFAULT;

    @jakarta.inject.Inject
    io.vertx.mutiny.sqlclient.Pool pool;

    @Test
    void everyEndpointAnswersEachCallerAsExpected() throws Exception {
        UUID own = Notes.ORGANIZATION;
        UUID other = UUID.randomUUID();
        UUID note = UUID.randomUUID();
        UUID patient = Notes.patient();
        String body = ContractJson.mapper().writeValueAsString(Notes.note(note, 1, patient));
        String secondRevision = ContractJson.mapper().writeValueAsString(Notes.note(note, 2, patient));
        // tenancy of clinical data: another organization's patient, a patient nobody knows, a revision that moves the
        // note to another patient; each signed with the caller's own organization in the body
        UUID othersPatient = UUID.randomUUID();
        Notes.enrol(othersPatient, other);
        String othersPatientNote = ContractJson.mapper().writeValueAsString(
                Notes.note(UUID.randomUUID(), 1, othersPatient));
        String unknownPatientNote = ContractJson.mapper().writeValueAsString(
                Notes.note(UUID.randomUUID(), 1, UUID.randomUUID()));
        String movedRevision = ContractJson.mapper().writeValueAsString(Notes.note(note, 3, Notes.patient()));

        new AuthMatrix(TOKENS, own, other, List.of(Caller.CLINICIAN))
                // columns: no token, expired, other org's clinician, own clinician, ops
                .expect(post("/api/ehr/soap-notes", body), 401, 401, 404, 202, 202)
                .expect(get("/api/ehr/soap-notes/" + note), 401, 401, 404, 200, 200)
                .expect(get("/api/ehr/soap-notes/" + UUID.randomUUID()), 401, 401, 404, 404, 404)
                .expect(post("/api/ehr/soap-notes", othersPatientNote), 401, 401, 404, 422, 422)
                .expect(post("/api/ehr/soap-notes", unknownPatientNote), 401, 401, 404, 422, 422)
                .expect(post("/api/ehr/soap-notes", movedRevision), 401, 401, 404, 409, 409)
                .expect(get("/api/ehr/queue"), 401, 401, 200, 200, 200)
                // a clinician's own notes: its own list (another organization's clinician gets its own, empty)
                .expect(get("/api/ehr/soap-notes/mine"), 401, 401, 200, 200, 403)
                // an EHR run on request: the caller's own organization; ops names one
                .expect(post("/api/ehr/runs"), 401, 401, 202, 202, 400)
                .expect(post("/api/ehr/runs?organizationId=" + own), 401, 401, 404, 202, 202)
                // re-drive of failed notes: ops only
                .expect(post("/internal/ehr/notes/redrive?reason=EHRBASE_REJECTED&from=2099-01-01T00:00:00Z"),
                        401, 401, 403, 403, 200)
                .expect(post("/internal/ehr/notes/" + UUID.randomUUID() + "/redrive"), 401, 401, 403, 403, 404)
                .expect(get("/q/health/live"), 200, 200, 200, 200, 200)
                .verify();
        // a partner user reads a note's sync state and its organization's queue, but cannot sign notes
        new AuthMatrix(TOKENS, own, other, List.of(Caller.PARTNER))
                .expect(post("/api/ehr/soap-notes", secondRevision), 401, 401, 403, 403, 202)
                .expect(get("/api/ehr/soap-notes/" + note), 401, 401, 404, 200, 200)
                .verify();
        // the queue of another organization shows none of this organization's notes
        long otherOrgNotes = given().auth().oauth2(TOKENS.partner(other)).get("/api/ehr/queue")
                .then().statusCode(200).extract().jsonPath().getMap("", String.class, Long.class)
                .values().stream().mapToLong(Long::longValue).sum();
        assertTrue(otherOrgNotes == 0, "an organization without notes sees an empty queue, saw " + otherOrgNotes);
    }

    @Test
    void aNoteGoesOnlyToAnActivePatientOfItsOrganizationAndStaysThere() throws Exception {
        UUID patient = Notes.patient();
        UUID other = UUID.randomUUID();
        UUID othersPatient = UUID.randomUUID();
        Notes.enrol(othersPatient, other);
        String clinician = TOKENS.clinician(Notes.ORGANIZATION);

        // another organization's patient under the caller's own organization: 422 naming the field, nothing queued
        UUID crossNote = UUID.randomUUID();
        given().auth().oauth2(clinician).contentType("application/json")
                .body(ContractJson.mapper().writeValueAsString(Notes.note(crossNote, 1, othersPatient)))
                .post("/api/ehr/soap-notes")
                .then().statusCode(422).contentType("application/problem+json")
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("patientId"));
        Notes.asOps().get("/api/ehr/soap-notes/" + crossNote).then().statusCode(404);

        // a discharged patient takes no new notes
        UUID discharged = Notes.patient();
        io.recoverysync.testsupport.RosterTopic.forSchema("ehr")
                .publishAndWait(discharged, Notes.ORGANIZATION, "discharged", null);
        given().auth().oauth2(clinician).contentType("application/json")
                .body(ContractJson.mapper().writeValueAsString(Notes.note(UUID.randomUUID(), 1, discharged)))
                .post("/api/ehr/soap-notes")
                .then().statusCode(422);

        // a revision keeps the note's patient and organization
        UUID note = UUID.randomUUID();
        Notes.sign(Notes.note(note, 1, patient)).then().statusCode(202);
        Map<String, Object> moved = new java.util.LinkedHashMap<>(Notes.note(note, 2, othersPatient));
        moved.put("organizationId", other.toString());
        Notes.sign(moved).then().statusCode(409).contentType("application/problem+json");
        Notes.sign(Notes.note(note, 2, Notes.patient())).then().statusCode(409);
        Notes.sign(Notes.note(note, 2, patient)).then().statusCode(202);
        assertTrue(Notes.status(note).getList("revisions").size() == 2, "the refused revisions were not queued");
    }

    @Test
    void theStatusReadChecksEveryRevisionsOrganization() {
        UUID note = UUID.randomUUID();
        UUID patient = Notes.patient();
        Notes.sign(Notes.note(note, 1, patient)).then().statusCode(202);
        UUID other = UUID.randomUUID();
        // a revision in another organization, as rows written before revisions had to keep theirs could be
        pool.preparedQuery("""
                INSERT INTO ehr.ehrbase_sync_queue (note_id, revision, patient_id, organization_id, status, signed_at,
                    provider_name, subjective, objective, assessment, plan, content_hash)
                SELECT note_id, 2, patient_id, $2, 'superseded', signed_at, provider_name, '', '', '', '', 'legacy'
                FROM ehr.ehrbase_sync_queue WHERE note_id = $1 AND revision = 1""")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(note, other)).await().indefinitely();
        given().auth().oauth2(TOKENS.clinician(other)).get("/api/ehr/soap-notes/" + note)
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(TOKENS.clinician(Notes.ORGANIZATION)).get("/api/ehr/soap-notes/" + note)
                .then().statusCode(404).contentType("application/problem+json");
        Notes.asOps().get("/api/ehr/soap-notes/" + note).then().statusCode(200);
    }

    @Test
    void malformedNotesAndParametersAreRefusedWithProblems() throws Exception {
        Map<String, Object> valid = Notes.note(UUID.randomUUID(), 1, Notes.patient());
        RequestFuzzer clinician = new RequestFuzzer(31L, TOKENS.clinician(Notes.ORGANIZATION))
                .bodies("POST", "/api/ehr/soap-notes", ContractJson.mapper().writeValueAsString(valid), 250)
                .foreignIds("POST", "/api/ehr/soap-notes", ContractJson.mapper().writeValueAsString(valid),
                        List.of("patientId", "organizationId"), 10)
                .paths("GET", bad -> "/api/ehr/soap-notes/" + bad)
                // what EHRbase would reject or mangle is refused at intake: every field retyped, an unknown field
                .strictFields("POST", "/api/ehr/soap-notes", ContractJson.mapper().writeValueAsString(valid));
        clinician.verify();
        RequestFuzzer ops = new RequestFuzzer(32L, TOKENS.ops())
                .paths("POST", bad -> "/internal/ehr/notes/" + bad + "/redrive")
                .paths("POST", bad -> "/internal/ehr/notes/redrive?reason=" + bad)
                .paths("POST", bad -> "/internal/ehr/notes/redrive?reason=EHRBASE_REJECTED&from=" + bad)
                .paths("POST", bad -> "/internal/ehr/notes/redrive?reason=EHRBASE_REJECTED&max=" + bad)
                .paths("POST", bad -> "/api/ehr/runs?organizationId=" + bad);
        ops.verify();
        assertTrue(clinician.refused() > 200, "most broken notes were refused, " + clinician.refused() + " were");
    }

    @Test
    void whatEhrbaseWouldRejectOrMangleIsAFieldErrorAtIntake() throws Exception {
        String valid = ContractJson.mapper().writeValueAsString(Notes.note(UUID.randomUUID(), 1, Notes.patient()));
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("signedAt", valid.replaceFirst("\"signedAt\":\"[^\"]+\"", "\"signedAt\":\"-0044-03-15T12:00:00Z\""));
        cases.put("subjective", valid.replaceFirst("\"subjective\":\"[^\"]*\"", "\"subjective\":\"lone \\\\ud800 surrogate\""));
        cases.put("objective", valid.replaceFirst("\"objective\":\"[^\"]*\"", "\"objective\":{\"a\":1}"));
        cases.put("plan", valid.replaceFirst("\"plan\":\"[^\"]*\"", "\"plan\":[\"x\"]"));
        cases.put("revision", valid.replaceFirst("\"revision\":1", "\"revision\":\"1\""));
        cases.put("mood", valid.replaceFirst("\\{", "{\"mood\":\"fine\","));
        for (Map.Entry<String, String> c : cases.entrySet()) {
            assertTrue(!c.getValue().equals(valid), "the case " + c.getKey() + " changed the note");
            given().auth().oauth2(TOKENS.clinician(Notes.ORGANIZATION)).contentType("application/json").body(c.getValue())
                    .post("/api/ehr/soap-notes")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("errors.field", org.hamcrest.Matchers.hasItem(c.getKey()));
        }
    }

    @Test
    void aNulCharacterInNoteTextIsAFieldErrorNotAServerError() throws Exception {
        Map<String, Object> note = new java.util.LinkedHashMap<>(Notes.note(UUID.randomUUID(), 1, Notes.patient()));
        note.put("plan", "continue\u0000weekly");
        given().auth().oauth2(TOKENS.clinician(Notes.ORGANIZATION)).contentType("application/json")
                .body(ContractJson.mapper().writeValueAsString(note))
                .post("/api/ehr/soap-notes")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("plan"));
    }

    @Test
    void anOversizedNoteIsRefusedBeforeItIsRead() throws Exception {
        Map<String, Object> note = new java.util.LinkedHashMap<>(Notes.note(UUID.randomUUID(), 1, Notes.patient()));
        note.put("subjective", "x".repeat(3_000_000));
        given().auth().oauth2(TOKENS.clinician(Notes.ORGANIZATION)).contentType("application/json")
                .body(ContractJson.mapper().writeValueAsString(note))
                .post("/api/ehr/soap-notes")
                .then().statusCode(413).contentType("application/problem+json");
    }

    /** Errors outside the REST layer are problems too; what Vert.x and Quarkus answer before any route has no body. */
    @Test
    void errorsOutsideTheRestLayerAreProblems() {
        HttpLayerChecks.verify();
    }
}
