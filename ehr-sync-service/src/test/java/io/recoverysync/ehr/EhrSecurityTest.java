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

    @Test
    void everyEndpointAnswersEachCallerAsExpected() throws Exception {
        UUID own = Notes.ORGANIZATION;
        UUID other = UUID.randomUUID();
        UUID note = UUID.randomUUID();
        String body = ContractJson.mapper().writeValueAsString(Notes.note(note, 1, UUID.randomUUID()));
        String secondRevision = ContractJson.mapper().writeValueAsString(Notes.note(note, 2, UUID.randomUUID()));

        new AuthMatrix(TOKENS, own, other, List.of(Caller.CLINICIAN))
                // columns: no token, expired, other org's clinician, own clinician, ops
                .expect(post("/api/ehr/soap-notes", body), 401, 401, 404, 202, 202)
                .expect(get("/api/ehr/soap-notes/" + note), 401, 401, 404, 200, 200)
                .expect(get("/api/ehr/soap-notes/" + UUID.randomUUID()), 401, 401, 404, 404, 404)
                .expect(get("/api/ehr/queue"), 401, 401, 200, 200, 200)
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
    void malformedNotesAndParametersAreRefusedWithProblems() throws Exception {
        Map<String, Object> valid = Notes.note(UUID.randomUUID(), 1, UUID.randomUUID());
        RequestFuzzer clinician = new RequestFuzzer(31L, TOKENS.clinician(Notes.ORGANIZATION))
                .bodies("POST", "/api/ehr/soap-notes", ContractJson.mapper().writeValueAsString(valid), 250)
                .paths("GET", bad -> "/api/ehr/soap-notes/" + bad);
        clinician.verify();
        assertTrue(clinician.refused() > 200, "most broken notes were refused, " + clinician.refused() + " were");
    }

    @Test
    void aNulCharacterInNoteTextIsAFieldErrorNotAServerError() throws Exception {
        Map<String, Object> note = new java.util.LinkedHashMap<>(Notes.note(UUID.randomUUID(), 1, UUID.randomUUID()));
        note.put("plan", "continue\u0000weekly");
        given().auth().oauth2(TOKENS.clinician(Notes.ORGANIZATION)).contentType("application/json")
                .body(ContractJson.mapper().writeValueAsString(note))
                .post("/api/ehr/soap-notes")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("plan"));
    }

    @Test
    void anOversizedNoteIsRefusedBeforeItIsRead() throws Exception {
        Map<String, Object> note = new java.util.LinkedHashMap<>(Notes.note(UUID.randomUUID(), 1, UUID.randomUUID()));
        note.put("subjective", "x".repeat(3_000_000));
        given().auth().oauth2(TOKENS.clinician(Notes.ORGANIZATION)).contentType("application/json")
                .body(ContractJson.mapper().writeValueAsString(note))
                .post("/api/ehr/soap-notes")
                .then().statusCode(413).contentType("application/problem+json");
    }
}
