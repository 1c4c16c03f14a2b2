package io.recoverysync.ehr;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.recoverysync.testsupport.KafkaBrokerResource;
import io.recoverysync.testsupport.PostgresResource;
import io.recoverysync.testsupport.TestTokens;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A clinician's own notes ({@code GET /api/ehr/soap-notes/mine}): the newest revision of each note the token's subject
 * signed, with its EHR state; another clinician's notes are not listed; no note text.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(EhrbaseSimulatorResource.class)
class MyNotesTest extends WithEhrbase {

    private static void sign(String token, Map<String, Object> note) {
        given().auth().oauth2(token).contentType(ContentType.JSON).body(note).post("/api/ehr/soap-notes")
                .then().statusCode(202);
    }

    @Test
    void aClinicianSeesTheNewestRevisionOfEachOfTheirNotesWithItsEhrState() {
        String clara = TestTokens.DEFAULT.clinician(Notes.ORGANIZATION);
        String colleague = TestTokens.DEFAULT.clinician(Notes.ORGANIZATION);
        UUID patient = Notes.patient();
        UUID amended = UUID.randomUUID();
        UUID single = UUID.randomUUID();
        UUID theirs = UUID.randomUUID();
        sign(clara, Notes.note(amended, 1, patient));
        sign(clara, Notes.note(single, 1, patient));
        sign(clara, Notes.note(amended, 2, patient));
        sign(colleague, Notes.note(theirs, 1, patient));
        Notes.awaitStatus(amended, "completed", Duration.ofSeconds(30));
        Notes.awaitStatus(single, "completed", Duration.ofSeconds(30));

        given().auth().oauth2(clara).get("/api/ehr/soap-notes/mine")
                .then().statusCode(200)
                .body("notes", hasSize(2))
                .body("notes.find { it.noteId == '" + amended + "' }.revision", equalTo(2))
                .body("notes.find { it.noteId == '" + amended + "' }.status", equalTo("completed"))
                .body("notes.find { it.noteId == '" + amended + "' }.completedAt", notNullValue())
                .body("notes.find { it.noteId == '" + single + "' }.patientId", equalTo(patient.toString()))
                .body(not(containsString("PHI-")));
        given().auth().oauth2(colleague).get("/api/ehr/soap-notes/mine")
                .then().statusCode(200).body("notes", hasSize(1)).body("notes[0].noteId", equalTo(theirs.toString()));
        given().auth().oauth2(clara).queryParam("limit", "1").get("/api/ehr/soap-notes/mine")
                .then().statusCode(200).body("notes", hasSize(1));
        given().auth().oauth2(clara).queryParam("limit", "0").get("/api/ehr/soap-notes/mine")
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.DEFAULT.partner(Notes.ORGANIZATION)).get("/api/ehr/soap-notes/mine")
                .then().statusCode(403);
        given().get("/api/ehr/soap-notes/mine").then().statusCode(401);
    }
}
