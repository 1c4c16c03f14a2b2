package io.recoverysync.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.recoverysync.contracts.ContractJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The web console end to end: the whole stack, and sync-log-service's {@code /console/} driven in Debian's headless
 * Chromium by {@code src/test/js/console-e2e.mjs} (playwright-core). The browser signs in with a partner token, clicks
 * "Refresh all appointments", follows the run's live progress until it shows {@code completed} and saves
 * {@code target/console-e2e.png}; it also opens another organization's partial run (its PATIENT_NO_EMAIL error) and
 * an expired token ("sign in again"), and checks the Patients page (the organization's name, each patient's next
 * appointment with the provider's name, a telehealth link copied, one patient refreshed live; screenshot
 * {@code target/console-e2e-patients.png}). This class then checks the run in {@code sync_logs}. Node.js, {@code /usr/bin/chromium} and the script's
 * {@code npm ci} are prerequisites: without them the test fails and says what to install.
 */
class ConsoleIT {
    private static final String PRACTITIONER = "6512f0a1c2b3d4e5f6a7d001";
    private static final String PROVIDER_NAME = "Mara Quinn";
    private static final int PATIENTS = 5;
    private static final int APPOINTMENTS_PER_PATIENT = 2;
    private static final Duration BROWSER_TIMEOUT = Duration.ofMinutes(4);

    private static LocalStack stack;
    private static StackClient client;
    private static final UUID ORG = UUID.randomUUID();
    /** An organization one of whose patients has no email: its run ends partial_success with PATIENT_NO_EMAIL. */
    private static final UUID ORG_WITH_ERRORS = UUID.randomUUID();
    private static Path root;

    @BeforeAll
    static void startStack() {
        root = LocalStackMain.repositoryRoot();
        stack = LocalStack.start(LocalStack.Options.tests(root, root.resolve("local-stack/target/it-console"))
                .withDatabase("local_stack_console_it"));
        client = new StackClient(stack);
        stack.intakeq().addPractitioner(PRACTITIONER, "Mara Quinn", "mara.quinn@clinic.example.org");
        client.mapPractitioner(PRACTITIONER, UUID.randomUUID(), PROVIDER_NAME);
        client.organization(ORG, "Console Recovery");
        client.organization(ORG_WITH_ERRORS, "Console Partial Recovery");
        for (int i = 0; i < PATIENTS; i++) {
            seedPatient(ORG, 8100 + i, true);
        }
        seedPatient(ORG_WITH_ERRORS, 8200, true);
        seedPatient(ORG_WITH_ERRORS, 8201, false);
    }

    private static void seedPatient(UUID org, int clientId, boolean withEmail) {
        Instant soon = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(2, ChronoUnit.DAYS);
        String email = "console." + clientId + "@example.org";
        stack.intakeq().addClient(clientId, "Console " + clientId, email, "(555) 030-0000");
        for (int k = 0; k < APPOINTMENTS_PER_PATIENT; k++) {
            stack.intakeq().addAppointment(clientId, PRACTITIONER, soon.plus((clientId % 100) * 24L + k, ChronoUnit.HOURS),
                    50, "Therapy", "Office", "https://telehealth.example.org/rooms/console-" + clientId + "-" + k);
        }
        // without an email the roster has no IntakeQ client id either: the run reports PATIENT_NO_EMAIL
        client.patient(UUID.randomUUID(), org, "Console", String.valueOf(clientId), withEmail ? email : null,
                withEmail ? clientId : null);
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void refreshAllInTheBrowserRunsToCompletedAndTheLogAgrees() throws Exception {
        Path screenshot = root.resolve("local-stack/target/console-e2e.png");
        Files.deleteIfExists(screenshot);

        // a finished run with a per-patient error, for the page to show
        StackClient.Answer partial = client.startBulk(ORG_WITH_ERRORS, Duration.ofSeconds(20));
        assertEquals(202, partial.status(), String.valueOf(partial.body()));
        String partialRun = partial.body().get("syncLogId").asText();
        JsonNode partialLog = client.awaitFinished(UUID.fromString(partialRun), Duration.ofSeconds(90));
        assertEquals("partial_success", partialLog.get("status").asText(), partialLog.toString());

        // each page signs in with its organization's partner token, as a partner opening the console would
        String consoleUrl = consoleUrl(stack.tokens().partner(ORG));
        String errorsUrl = consoleUrl(stack.tokens().partner(ORG_WITH_ERRORS));
        String expiredUrl = consoleUrl(stack.tokens().expired(ORG));
        List<String> output = BrowserScript.run(root, "console-e2e.mjs", Map.of(
                "CONSOLE_URL", consoleUrl,
                "SCREENSHOT", screenshot.toString(),
                "RUN_TIMEOUT_MS", "120000",
                "ERRORS_URL", errorsUrl,
                "ERRORS_RUN_ID", partialRun,
                "EXPECT_REASON", "PATIENT_NO_EMAIL",
                "BAD_TOKEN_URL", expiredUrl,
                "EXPECT_PATIENTS", String.valueOf(PATIENTS),
                "EXPECT_ORG_NAME", "Console Recovery",
                "EXPECT_PROVIDER", PROVIDER_NAME), BROWSER_TIMEOUT, stack.service(LocalStack.SYNC_LOG));

        JsonNode result = ContractJson.mapper().readTree(output.get(output.size() - 1));
        assertEquals("completed", result.get("status").asText(), String.join("\n", output));
        assertEquals(PATIENTS, result.get("processed").asInt());
        assertEquals(PATIENTS, result.get("expected").asInt());
        assertEquals(PATIENTS * APPOINTMENTS_PER_PATIENT, result.get("appointmentsNew").asInt());
        assertTrue(result.get("progressStreams").asInt() >= 1, "followed on its SSE progress stream: " + result);
        assertTrue(Files.size(screenshot) > 10_000, "screenshot " + screenshot + " is missing or empty");
        assertEquals(1, result.get("errorRows").size(), result.toString());
        assertEquals("PATIENT_NO_EMAIL", result.get("errorRows").get(0).get(1).asText());
        assertTrue(result.get("signInAgain").asText().contains("Sign in again"), result.toString());
        // the Patients page: every active patient with a name, the next appointment, the provider's name and a link
        // that was copied; one patient's refresh followed live to its end
        JsonNode patients = result.get("patients");
        assertEquals(PATIENTS, patients.get("rows").asInt(), result.toString());
        assertTrue(patients.get("clipboard").asText().startsWith("https://telehealth.example.org/rooms/console-"),
                result.toString());
        assertTrue(patients.get("refresh").asText().startsWith("refresh completed"), result.toString());
        assertTrue(Files.size(root.resolve("local-stack/target/console-e2e-patients.png")) > 10_000);

        UUID runId = UUID.fromString(result.get("runId").asText());
        try (Connection c = stack.database();
             PreparedStatement ps = c.prepareStatement("""
                     SELECT status, sync_type, organization_id, patients_expected, patients_processed, patients_failed,
                            appointments_new, triggered_by
                     FROM synclog.sync_logs WHERE id = ?""")) {
            ps.setObject(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "run " + runId + " is not in sync_logs");
                assertEquals("completed", rs.getString("status"));
                assertEquals("manual_bulk", rs.getString("sync_type"));
                assertEquals(ORG, rs.getObject("organization_id", UUID.class));
                assertEquals(PATIENTS, rs.getInt("patients_expected"));
                assertEquals(PATIENTS, rs.getInt("patients_processed"));
                assertEquals(0, rs.getInt("patients_failed"));
                assertEquals(PATIENTS * APPOINTMENTS_PER_PATIENT, rs.getInt("appointments_new"));
                // who clicked: the partner's token subject, not just "dashboard"
                assertTrue(rs.getString("triggered_by").startsWith("dashboard:partner:user-"), rs.getString("triggered_by"));
            }
        }
    }

    private static String consoleUrl(String token) {
        return stack.service(LocalStack.SYNC_LOG).url("/console/#token=" + token);
    }
}
