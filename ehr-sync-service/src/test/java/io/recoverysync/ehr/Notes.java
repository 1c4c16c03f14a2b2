package io.recoverysync.ehr;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/** Test helper: signed-note requests against the running service and waiting for their sync status. */
final class Notes {
    /** A request as an ops user, who may sign and read notes of every organization. */
    static io.restassured.specification.RequestSpecification asOps() {
        return given().auth().oauth2(io.recoverysync.testsupport.TestTokens.DEFAULT.ops());
    }

    static final UUID ORGANIZATION = UUID.fromString("0a000000-0000-4000-8000-0000000000e1");

    private static final io.recoverysync.testsupport.RosterTopic ROSTER =
            io.recoverysync.testsupport.RosterTopic.forSchema("ehr");

    private Notes() {
    }

    /** A new patient, active in {@link #ORGANIZATION} in the service's roster view (published on the roster topic). */
    static UUID patient() {
        UUID patient = UUID.randomUUID();
        ROSTER.enrol(patient, ORGANIZATION);
        return patient;
    }

    /** Makes {@code patient} an active patient of {@code organization} too. */
    static void enrol(UUID patient, UUID organization) {
        ROSTER.enrol(patient, organization);
    }

    /** Discharges {@code patient} from {@link #ORGANIZATION} and waits until the roster view has it. */
    static void discharge(UUID patient) {
        ROSTER.publishAndWait(patient, ORGANIZATION, "discharged", null);
    }

    /** A valid signed note body; the section texts name the note so a leak would be recognisable. */
    static Map<String, Object> note(UUID noteId, int revision, UUID patientId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("noteId", noteId.toString());
        body.put("revision", revision);
        body.put("patientId", patientId.toString());
        body.put("organizationId", ORGANIZATION.toString());
        body.put("provider", Map.of("id", UUID.randomUUID().toString(), "name", "Dr Jane Smith"));
        body.put("signedAt", Instant.now().minus(1, ChronoUnit.MINUTES).plusMillis(revision).toString());
        body.put("subjective", "PHI-subjective " + noteId + " r" + revision + ": reports sleeping better");
        body.put("objective", "PHI-objective " + noteId + ": alert, oriented");
        body.put("assessment", "PHI-assessment " + noteId + ": improving");
        body.put("plan", "PHI-plan " + noteId + ": continue weekly sessions");
        return body;
    }

    private static volatile boolean warm;

    /**
     * Waits for one note to go all the way through, once per JVM: the first note also waits for the consumer group
     * to form and the template upload, which timed assertions must not count.
     */
    static synchronized void warmUp() {
        if (!warm) {
            UUID note = UUID.randomUUID();
            sign(note(note, 1, patient())).then().statusCode(202);
            awaitStatus(note, "completed", Duration.ofSeconds(60));
            warm = true;
        }
    }

    static Response sign(Map<String, Object> body) {
        return asOps().contentType(ContentType.JSON).body(body).post("/api/ehr/soap-notes");
    }

    static JsonPath status(UUID noteId) {
        return asOps().get("/api/ehr/soap-notes/" + noteId).then().statusCode(200).extract().jsonPath();
    }

    /** Waits until the note's newest revision satisfies {@code done}; returns its status document. */
    static JsonPath awaitStatus(UUID noteId, Duration timeout, Predicate<JsonPath> done) {
        AtomicReference<JsonPath> last = new AtomicReference<>();
        await().atMost(timeout).pollInterval(Duration.ofMillis(50)).until(() -> {
            Response r = asOps().get("/api/ehr/soap-notes/" + noteId);
            if (r.statusCode() != 200) {
                return false;
            }
            last.set(r.jsonPath());
            return done.test(last.get());
        });
        return last.get();
    }

    static JsonPath awaitStatus(UUID noteId, String status, Duration timeout) {
        return awaitStatus(noteId, timeout, s -> status.equals(s.getString("status")));
    }
}
