package io.recoverysync.simulator.intakeq;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.recoverysync.simulator.intakeq.SimHttp.get;
import static io.recoverysync.simulator.intakeq.SimHttp.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 30,000 appointments: seeding and serving 300 practice-wide pages of 100 must stay cheap, since scale benchmarks
 * of the sync service read them at the full rate. Bounds are generous (a shared 2-core machine); the measured
 * figures are printed.
 */
class ScaleTest {

    private static final int CLIENTS = 300;
    private static final int PER_CLIENT = 100;
    private static final int TOTAL = CLIENTS * PER_CLIENT;
    private static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");

    private static IntakeQSimulator sim;
    private static long seedMillis;

    @BeforeAll
    static void seed() {
        sim = IntakeQSimulator.start(SimulatorConfig.defaults().withRateLimit(0, 0));
        long t0 = System.nanoTime();
        sim.addPractitioner("p1", "Jane Smith", "jane@example.org");
        List<SimClient> clients = new ArrayList<>();
        for (int c = 1; c <= CLIENTS; c++) {
            clients.add(new SimClient(c, "Client " + c, "client" + c + "@example.org", "(555) 010-" + c));
        }
        sim.addClients(clients);
        List<NewAppointment> appointments = new ArrayList<>();
        for (int i = 0; i < TOTAL; i++) {
            int client = 1 + i % CLIENTS;
            appointments.add(new NewAppointment(client, "p1", BASE.plus(Duration.ofMinutes(30L * i)), 30, "S", "L", null));
        }
        assertEquals(TOTAL, sim.addAppointments(appointments).size());
        seedMillis = Duration.ofNanos(System.nanoTime() - t0).toMillis();
        System.out.printf("ScaleTest: seeded %d appointments in %d ms%n", TOTAL, seedMillis);
        assertTrue(seedMillis < 10_000, "seeding took " + seedMillis + " ms");
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @Test
    void threeHundredPracticeWidePagesOf100() {
        get(sim, "/appointments?page=1"); // warm-up: class loading, JIT, connection
        sim.resetCounters();
        Set<String> ids = new HashSet<>();
        long previousStart = Long.MAX_VALUE;
        long[] pageNanos = new long[TOTAL / 100];
        for (int page = 1; page <= TOTAL / 100; page++) {
            long t0 = System.nanoTime();
            JsonNode array = json(get(sim, "/appointments?page=" + page));
            pageNanos[page - 1] = System.nanoTime() - t0;
            assertEquals(100, array.size(), "page " + page);
            for (JsonNode a : array) {
                assertTrue(ids.add(a.get("Id").asText()));
                long start = a.get("StartDate").asLong();
                assertTrue(start <= previousStart, "descending across pages");
                previousStart = start;
            }
        }
        assertEquals(0, json(get(sim, "/appointments?page=" + (TOTAL / 100 + 1))).size());
        assertEquals(TOTAL, ids.size());
        assertEquals(TOTAL / 100 + 1, sim.practiceListRequests(), "one practice read: 300 pages and the empty one");

        Arrays.sort(pageNanos);
        long totalMs = Arrays.stream(pageNanos).sum() / 1_000_000;
        double medianMs = pageNanos[pageNanos.length / 2] / 1e6;
        double p95Ms = pageNanos[(int) (pageNanos.length * 0.95)] / 1e6;
        System.out.printf("ScaleTest: 300 pages in %d ms, median %.2f ms, p95 %.2f ms per page%n",
                totalMs, medianMs, p95Ms);
        assertTrue(medianMs < 50, "median page " + medianMs + " ms");
    }

    @Test
    void aChangeMovesTheAppointmentInTheOrder() {
        SimAppointment oldest = sim.appointments().get(0);
        Instant newest = BASE.plus(Duration.ofMinutes(30L * TOTAL));
        sim.reschedule(oldest.id(), newest);
        try {
            assertEquals(oldest.id(), json(get(sim, "/appointments")).get(0).get("Id").asText());
            JsonNode lastPage = json(get(sim, "/appointments?page=300"));
            assertEquals(100, lastPage.size());
            assertTrue(!lastPage.get(99).get("Id").asText().equals(oldest.id()), "the moved one left the last page");
        } finally {
            sim.reschedule(oldest.id(), oldest.start());
        }
        assertEquals(oldest.id(), json(get(sim, "/appointments?page=300")).get(99).get("Id").asText(), "and is back");
    }

    @Test
    void filteredReadsOfTheLargePracticeStayCheap() {
        get(sim, "/appointments?client=client7@example.org");
        long t0 = System.nanoTime();
        List<Integer> sizes = new ArrayList<>();
        sizes.add(json(get(sim, "/appointments?client=client7@example.org")).size());
        sizes.add(json(get(sim, "/appointments?client=7")).size());
        sizes.add(json(get(sim, "/appointments?startDate=2026-01-02&endDate=2026-01-02")).size());
        sizes.add(json(get(sim, "/appointments?status=Confirmed&page=300")).size());
        double meanMs = (System.nanoTime() - t0) / 1e6 / sizes.size();
        System.out.printf("ScaleTest: filtered reads %.2f ms each%n", meanMs);
        // client7@ is a substring of client7x@ only for 70..79 -> exact email-ish filters still match 1 client here.
        assertEquals(List.of(100, 100, 48, 100), sizes);
        assertTrue(meanMs < 50, "mean filtered read " + meanMs + " ms");
    }
}
