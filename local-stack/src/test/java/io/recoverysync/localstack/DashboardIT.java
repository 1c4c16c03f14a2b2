package io.recoverysync.localstack;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.recoverysync.contracts.ContractJson;
import io.recoverysync.simulator.intakeq.SimAppointment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard end to end with a real identity provider: the whole stack with Keycloak (the repository's realm) and
 * the dashboard, driven in Debian's headless Chromium by {@code src/test/js/dashboard-e2e.mjs}. Case managers of the
 * realm's two organizations sign in through Keycloak's own login form; each sees the day view of their own
 * organization only; a reschedule made in the IntakeQ simulator (its webhook to appointment-sync, the change history,
 * {@code appointments.changed}, the page's event stream) is marked on the open page within 2 s without a reload;
 * Copy link, the security headers, the session cookie, screenshots at 1400 and 390 px, axe-core, a POST without the
 * CSRF token refused, Refresh all from the page to its summary, the patient list (a search by name that puts no name
 * in a URL, the CSV export, a patient's change history; another organization's patient by address: 404), and
 * sign-out that ends Keycloak's session too.
 */
class DashboardIT {
    /** The realm's organizations (deploy/keycloak): casey is Summit's case manager, riley Riverbend's. */
    private static final UUID SUMMIT = UUID.fromString("0a000000-0000-4000-8000-000000000001");
    private static final UUID RIVERBEND = UUID.fromString("0a000000-0000-4000-8000-000000000002");
    private static final String PRACTITIONER = "6512f0a1c2b3d4e5f6a7d777";
    private static final Duration BROWSER_TIMEOUT = Duration.ofMinutes(4);

    private static LocalStack stack;
    private static Path root;
    private static final List<String> summitNames = new ArrayList<>();
    private static final List<String> riverbendNames = new ArrayList<>();
    private static SimAppointment toMove;
    private static final String NOTE_TEXT = "Feeling steadier this week";
    private static UUID movedPatient;

    @BeforeAll
    static void startStack() {
        root = LocalStackMain.repositoryRoot();
        stack = LocalStack.start(LocalStack.Options.tests(root, root.resolve("local-stack/target/it-dashboard"))
                .withDatabase("local_stack_dashboard_it")
                .withIdentityProvider());
        StackClient client = new StackClient(stack);
        stack.intakeq().addPractitioner(PRACTITIONER, "Mara Quinn", "mara.quinn@clinic.example.org");
        client.mapPractitioner(PRACTITIONER, UUID.randomUUID(), "Mara Quinn");
        client.organization(SUMMIT, "Summit Recovery Center");
        client.organization(RIVERBEND, "Riverbend Recovery");
        // tomorrow afternoon in Denver (the organizations' zone): on the page whatever the hour of the test
        Instant tomorrow = Instant.now().atZone(ZoneId.of("America/Denver")).toLocalDate().plusDays(1)
                .atTime(14, 0).atZone(ZoneId.of("America/Denver")).toInstant();
        for (int i = 0; i < 3; i++) {
            UUID patient = UUID.randomUUID();
            SimAppointment a = seed(client, SUMMIT, patient, 8300 + i, "Summitpatient" + (char) ('A' + i),
                    tomorrow.plus(i, ChronoUnit.HOURS), summitNames);
            if (i == 0) {
                toMove = a;
                movedPatient = patient;
            }
        }
        seed(client, RIVERBEND, UUID.randomUUID(), 8400, "Riverbendpatient", tomorrow, riverbendNames);
        // an IntakeQ client with an appointment on no roster: the operations page's discovery lists it
        stack.intakeq().addClient(8500, "Walker Newfound", "walker.newfound@example.org", "(555) 040-0500");
        stack.intakeq().addAppointment(8500, PRACTITIONER, tomorrow, 50, "Therapy", "Telehealth",
                "https://telehealth.example.org/rooms/dash-8500");
        StackClient.Answer cron = client.cron();
        assertEquals(202, cron.status(), String.valueOf(cron.body()));
        cron.body().path("runs").forEach(r -> client.awaitFinished(UUID.fromString(r.get("syncLogId").asText()),
                Duration.ofSeconds(120)));
        stack.intakeq().setWebhookUrl(stack.webhookUrl(stack.service(LocalStack.APPOINTMENTS)));

        // a note signed by the clinician clara (her Keycloak token), stored in the EHR: her notes page shows it
        String clara = "Bearer " + stack.keycloak().userToken("clara", LocalStack.DEMO_USER_PASSWORD);
        UUID note = UUID.randomUUID();
        String body = "{\"noteId\": \"" + note + "\", \"revision\": 1, \"patientId\": \"" + movedPatient
                + "\", \"organizationId\": \"" + SUMMIT + "\", \"provider\": {\"id\": \"" + UUID.randomUUID()
                + "\", \"name\": \"Clara Summit\"}, \"signedAt\": \"" + Instant.now().minusSeconds(60)
                + "\", \"subjective\": \"" + NOTE_TEXT + "\", \"objective\": \"calm\", \"assessment\": \"steady\","
                + " \"plan\": \"weekly\"}";
        StackClient.Answer signed = client.send(LocalStack.EHR, "POST", "/api/ehr/soap-notes", clara, body);
        assertEquals(202, signed.status(), String.valueOf(signed.body()));
        await().atMost(Duration.ofSeconds(60)).until(() -> "completed".equals(
                client.send(LocalStack.EHR, "GET", "/api/ehr/soap-notes/" + note, clara, null).body().path("status").asText()));
    }

    private static SimAppointment seed(StackClient client, UUID org, UUID patientId, int clientId, String lastName,
            Instant at, List<String> names) {
        String email = "dash." + clientId + "@example.org";
        stack.intakeq().addClient(clientId, "Dana " + lastName, email, "(555) 040-0000");
        SimAppointment a = stack.intakeq().addAppointment(clientId, PRACTITIONER, at, 50, "Therapy", "Telehealth",
                "https://telehealth.example.org/rooms/dash-" + clientId);
        client.patient(patientId, org, "Dana", lastName, email, clientId);
        names.add("Dana " + lastName);
        return a;
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void caseManagersSignInThroughKeycloakAndSeeTheirDayWithChangesLive() throws Exception {
        String prefix = root.resolve("local-stack/target/dashboard-e2e").toString();
        List<String> output = BrowserScript.run(root, "dashboard-e2e.mjs", Map.ofEntries(
                Map.entry("DASHBOARD_URL", stack.service(LocalStack.DASHBOARD).url("")),
                Map.entry("USER_A", "casey"),
                Map.entry("USER_B", "riley"),
                Map.entry("USER_ADMIN", "dana"),
                Map.entry("USER_OPS", "olly"),
                Map.entry("USER_CLINICIAN", "clara"),
                Map.entry("KEYCLOAK_URL", stack.keycloak().issuer().replaceFirst("/realms/.*$", "")),
                Map.entry("NOTE_TEXT", NOTE_TEXT),
                Map.entry("PASSWORD", LocalStack.DEMO_USER_PASSWORD),
                Map.entry("OWN_PATIENTS", String.join(",", summitNames)),
                Map.entry("OTHER_PATIENTS", String.join(",", riverbendNames)),
                Map.entry("SIM_URL", stack.intakeq().rootUrl()),
                Map.entry("APPOINTMENT_ID", toMove.id()),
                Map.entry("SEARCH", "summitpatientb"),
                Map.entry("MOVED_PATIENT", summitNames.get(0)),
                Map.entry("MOVED_PATIENT_PATH", "/patients/" + movedPatient),
                Map.entry("SCREENSHOT_PREFIX", prefix)), BROWSER_TIMEOUT, stack.service(LocalStack.DASHBOARD));
        JsonNode r = ContractJson.mapper().readTree(output.get(output.size() - 1));
        String all = String.join("\n", output);

        assertTrue(r.get("heading").asText().startsWith("Summit Recovery Center"), all);
        assertTrue(r.get("seesOwn").asBoolean(), "the case manager sees the organization's patients: " + all);
        assertFalse(r.get("seesOther").asBoolean(), "and never another organization's: " + all);
        assertTrue(r.get("otherSeesOwn").asBoolean(), all);
        assertFalse(r.get("otherSeesFirst").asBoolean(), all);
        assertFalse(r.get("otherFragmentLeaks").asBoolean(), all);

        JsonNode headers = r.get("headers");
        assertTrue(headers.get("csp").asText().contains("frame-ancestors 'none'"), all);
        assertTrue(headers.get("csp").asText().contains("script-src 'self'"), all);
        assertFalse(headers.get("csp").asText().contains("unsafe-inline"), all);
        assertEquals("nosniff", headers.get("nosniff").asText());
        assertEquals("no-referrer", headers.get("referrer").asText());
        assertTrue(headers.get("hsts").asText().startsWith("max-age="), all);
        assertTrue(r.get("sessionCookies").size() >= 1, all);
        r.get("sessionCookies").forEach(c -> {
            assertTrue(c.get("httpOnly").asBoolean(), "session cookie not HttpOnly: " + c);
            assertEquals("Lax", c.get("sameSite").asText(), c.toString());
        });

        long changeMs = r.get("changeToScreenMs").asLong();
        assertTrue(changeMs < 2000, "a reschedule reached the open page after " + changeMs + " ms");
        assertTrue(r.get("notReloaded").asBoolean(), "the page was reloaded");
        assertTrue(r.get("changeText").asText().contains("Rescheduled from"), all);
        assertTrue(r.get("copiedExpected").asBoolean(), all);
        assertTrue(r.get("clipboard").asText().startsWith("https://telehealth.example.org/rooms/dash-"), all);
        assertEquals(0, r.get("axe1400").size(), "axe-core at 1400 px: " + r.get("axe1400"));
        assertEquals(0, r.get("axe390").size(), "axe-core at 390 px: " + r.get("axe390"));
        assertTrue(Files.size(Path.of(prefix + "-1400.png")) > 10_000);
        assertTrue(Files.size(Path.of(prefix + "-390.png")) > 10_000);

        // Patients: every active patient; a search by name (not in the address); the CSV; the history of the moved one
        assertEquals(3, r.get("patientRows").asInt(), all);
        assertEquals(1, r.get("searchRows").asInt(), all);
        String csv = r.get("csv").asText();
        assertTrue(csv.startsWith("Last name,First name,Next appointment (America/Denver),"), csv);
        for (String name : summitNames) {
            assertTrue(csv.contains(name.split(" ")[1] + ",Dana,"), csv);
        }
        assertEquals(4, csv.split("\r\n").length, csv);
        assertTrue(r.get("history").asText().contains("Rescheduled from"), all);
        assertTrue(r.get("history").asText().contains("from IntakeQ as it happened"), all);
        assertEquals(404, r.get("otherPatientStatus").asInt(), "another organization's patient by address: " + all);
        assertFalse(r.get("otherCsvLeaks").asBoolean(), all);
        assertEquals(0, r.get("axePatients").size(), "axe-core on Patients: " + r.get("axePatients"));
        assertEquals(0, r.get("axePatient").size(), "axe-core on a patient: " + r.get("axePatient"));

        // CSRF: a POST without the page's token, or with another, is refused; Refresh all from the page runs to its summary
        assertEquals(403, r.get("postWithoutToken").asInt(), all);
        assertEquals(403, r.get("postWithWrongToken").asInt(), all);
        assertTrue(r.get("runUrl").asText().matches("/runs/[0-9a-f-]{36}"), all);
        assertTrue(r.get("runHeadline").asText().matches("Synced 3 patients · New \\d+ · Updated \\d+ · Unchanged \\d+"), all);
        assertEquals(0, r.get("axeRun").size(), "axe-core on the refresh page: " + r.get("axeRun"));
        assertTrue(r.get("runNote").asText().startsWith("Today's IntakeQ budget covers this refresh"), all);
        assertTrue(r.get("stayedOnToday").asBoolean(), "Refresh all follows the run in a dialog on the page: " + all);
        assertEquals(r.get("runHeadline").asText(), r.get("runPageHeadline").asText(), all);

        // Refresh all twice at once: both land on one run's page, the second saying it joined
        JsonNode joined = r.get("joined");
        assertEquals("[200,200]", joined.get("statuses").toString(), all);
        assertEquals(joined.get("paths").get(0), joined.get("paths").get(1), all);
        assertEquals(1, joined.get("joinedNotes").asInt(), all);

        // Sync history: the nightly run and the refreshes, each linked
        assertTrue(r.get("historyRows").asInt() >= 3, all);
        assertTrue(r.get("historyText").asText().contains("Nightly sync"), all);
        assertTrue(r.get("historyText").asText().contains("Refresh all appointments"), all);
        assertTrue(r.get("historyLinksRun").asInt() >= 1, all);
        assertEquals(0, r.get("axeHistory").size(), "axe-core on Sync history: " + r.get("axeHistory"));

        // Calendar: a feed made, its address serving iCalendar and copied, then revoked (404, address not shown again)
        JsonNode feed = r.get("feed");
        assertEquals(200, feed.get("status").asInt(), all);
        assertTrue(feed.get("type").asText().startsWith("text/calendar"), all);
        assertTrue(feed.get("body").asText().startsWith("BEGIN:VCALENDAR"), all);
        assertEquals(1, feed.get("rows").asInt(), all);
        assertTrue(feed.get("copied").asBoolean(), all);
        assertTrue(feed.get("afterRevoke").asText().contains("Revoked"), all);
        assertFalse(feed.get("addressShownAgain").asBoolean(), all);
        assertEquals(404, feed.get("revokedStatus").asInt(), all);
        assertEquals(0, r.get("axeCalendar").size(), "axe-core on Calendar: " + r.get("axeCalendar"));

        // the roster: the organization admin's (a case manager is refused); a bad row named and nothing lost of the
        // form; an import refused with every bad line named, then taken; an edit; a discharge
        assertEquals(403, r.get("partnerRosterStatus").asInt(), all);
        JsonNode roster = r.get("roster");
        assertEquals(3, roster.get("rows").asInt(), all);
        assertEquals(1, roster.get("badAdd").size(), all);
        assertTrue(roster.get("badAdd").get(0).asText().startsWith("Email: "), all);
        assertEquals("Newcomer", roster.get("keptLastName").asText(), all);
        assertEquals("Added: 1 added · 0 updated · 0 unchanged", roster.get("added").asText(), all);
        String importProblems = roster.get("importProblems").toString();
        assertTrue(importProblems.contains("Line 3 · Last name: "), all);
        assertTrue(importProblems.contains("Line 4 · Email: "), all);
        assertFalse(importProblems.contains("Line 2"), all);
        assertEquals("Imported: 1 added · 0 updated · 0 unchanged", roster.get("imported").asText(), all);
        assertEquals(5, roster.get("rowsAfterImport").asInt(), all);
        assertEquals("Saved: 0 added · 1 updated · 0 unchanged", roster.get("saved").asText(), all);
        assertTrue(roster.get("editedShown").asBoolean(), all);
        assertTrue(roster.get("discharged").asText().startsWith("Discharged"), all);
        assertEquals(4, roster.get("activeAfterDischarge").asInt(), all);
        assertEquals(0, roster.get("axe").size(), "axe-core on the roster: " + roster.get("axe"));

        // operations: every organization's runs, IntakeQ and the mirror, the EHR queue, providers, discovery with an
        // add to a roster, the replay and re-drive buttons; a case manager is refused
        assertEquals(403, r.get("partnerOpsStatus").asInt(), all);
        JsonNode ops = r.get("ops");
        assertEquals("/ops", ops.get("landing").asText(), all);
        assertTrue(ops.get("runs").asInt() >= 4, all);
        assertTrue(ops.get("runsText").asText().contains("Summit Recovery Center"), all);
        assertTrue(ops.get("runsText").asText().contains("Riverbend Recovery"), all);
        assertTrue(ops.get("intakeq").asText().contains("Requests today: "), all);
        assertTrue(ops.get("intakeq").asText().contains("Last full read started "), all);
        assertEquals(5, ops.get("ehrRows").asInt(), all);
        assertTrue(ops.get("providers").asText().contains("Mara Quinn"), all);
        assertTrue(ops.get("discovered").asBoolean(), all);
        assertEquals("Added to the roster: 1 added · 0 updated · 0 unchanged", ops.get("added").asText(), all);
        assertEquals("Put back on their topic: 0 dead-lettered refreshes", ops.get("replayed").asText(), all);
        assertEquals("Queued again for the EHR: 0 notes", ops.get("redriven").asText(), all);
        assertTrue(ops.get("runPage").asText().startsWith("Nightly sync"), all);
        assertEquals(0, ops.get("axe").size(), "axe-core on operations: " + ops.get("axe"));

        // the clinician: her signed notes with their EHR state, patients by name, no note text
        JsonNode notes = r.get("notes");
        assertEquals("/notes", notes.get("landing").asText(), all);
        assertTrue(notes.get("text").asText().contains(summitNames.get(0)), all);
        assertTrue(notes.get("text").asText().contains("Sent to the EHR at"), all);
        assertFalse(notes.get("text").asText().contains(NOTE_TEXT), all);
        assertEquals(403, notes.get("todayStatus").asInt(), all);
        assertEquals(0, notes.get("axe").size(), "axe-core on notes: " + notes.get("axe"));

        // a session the identity provider ended, once the tokens ran out: the expired-session page
        assertEquals("/session-expired", r.get("expired").get("path").asText(), all);
        assertEquals("Your session has expired", r.get("expired").get("heading").asText(), all);

        assertEquals("You have signed out", r.get("signedOutText").asText(), all);
        assertTrue(r.get("afterSignOutAsksPassword").asBoolean(), all);
        assertEquals(0, r.get("pageErrors").size(), all);
        for (JsonNode url : r.get("urls")) {
            assertFalse(url.asText().toLowerCase().contains("summitpatient"), "a name in a URL: " + url);
        }
    }
}
