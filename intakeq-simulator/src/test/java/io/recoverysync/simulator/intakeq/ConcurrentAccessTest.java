package io.recoverysync.simulator.intakeq;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.recoverysync.simulator.intakeq.SimHttp.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConcurrentAccessTest {

    @Test
    void servesConsistentPagesWhileDataIsMutated() throws Exception {
        try (IntakeQSimulator sim = IntakeQSimulator.start(SimulatorConfig.defaults().withRateLimit(0, 0))) {
            sim.addPractitioner("p1", "Jane Smith", "jane@example.org");
            sim.addClient(1, "Ada Example", "ada@example.org", "(555) 010-0000");
            Instant base = Instant.parse("2026-01-01T10:00:00Z");
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                Future<?> writer = pool.submit(() -> {
                    for (int i = 0; i < 300; i++) {
                        SimAppointment a = sim.addAppointment(1, "p1", base.plus(Duration.ofMinutes(i)), 30, "S", "L", null);
                        if (i % 3 == 0) {
                            sim.cancel(a.id(), "x");
                        }
                    }
                });
                List<Future<Integer>> readers = new ArrayList<>();
                for (int r = 0; r < 3; r++) {
                    readers.add(pool.submit(() -> {
                        int ok = 0;
                        for (int i = 0; i < 30; i++) {
                            var response = get(sim, "/appointments?client=1");
                            assertEquals(200, response.statusCode());
                            assertTrue(SimHttp.json(response).size() <= 100);
                            ok++;
                        }
                        return ok;
                    }));
                }
                writer.get();
                for (Future<Integer> f : readers) {
                    assertEquals(30, f.get());
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(300, sim.appointments().size());
            assertEquals(90, sim.acceptedRequests());
        }
    }
}
