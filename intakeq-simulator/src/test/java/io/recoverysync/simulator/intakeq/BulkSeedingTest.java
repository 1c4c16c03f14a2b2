package io.recoverysync.simulator.intakeq;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static io.recoverysync.simulator.intakeq.SimHttp.get;
import static io.recoverysync.simulator.intakeq.SimHttp.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BulkSeedingTest {

    private static final Instant BASE = Instant.parse("2026-01-01T10:00:00Z");

    @Test
    void bulkAddsBehaveLikeSingleAdds() {
        try (IntakeQSimulator sim = IntakeQSimulator.start(SimulatorConfig.defaults().withRateLimit(0, 0))) {
            sim.addPractitioner("p1", "Jane Smith", "jane@example.org");
            List<SimClient> clients = sim.addClients(List.of(
                    new SimClient(1, "Ada Example", "ada@example.org", "(555) 010-0000"),
                    new SimClient(2, "Ben Sample", "ben@example.org", "(555) 010-0001")));
            assertEquals(2, clients.size());
            List<SimAppointment> added = sim.addAppointments(List.of(
                    new NewAppointment(1, "p1", BASE, 50, "S", "L", null),
                    new NewAppointment(2, "p1", BASE.plusSeconds(60), 30, "S", "Telehealth", "https://example.invalid/s")));
            SimAppointment single = sim.addAppointment(1, "p1", BASE.plusSeconds(120), 50, "S", "L", null);

            assertEquals(List.of(added.get(0).id(), added.get(1).id(), single.id()),
                    sim.appointments().stream().map(SimAppointment::id).toList(), "one id sequence, in order");
            assertEquals(SimAppointment.CONFIRMED, added.get(1).status());
            assertEquals(BASE.plusSeconds(60 + 30 * 60), added.get(1).end());
            assertEquals(3, json(get(sim, "/appointments")).size());
            assertEquals(1, json(get(sim, "/appointments?client=ben")).size());
            assertEquals(2, json(get(sim, "/clients")).size());
        }
    }

    @Test
    void oneInvalidEntryAddsNothing() {
        try (IntakeQSimulator sim = IntakeQSimulator.start(SimulatorConfig.defaults())) {
            sim.addPractitioner("p1", "Jane Smith", "jane@example.org");
            sim.addClient(1, "Ada Example", "ada@example.org", "(555) 010-0000");
            assertThrows(IllegalArgumentException.class, () -> sim.addAppointments(List.of(
                    new NewAppointment(1, "p1", BASE, 50, "S", "L", null),
                    new NewAppointment(99, "p1", BASE, 50, "S", "L", null))));
            assertThrows(IllegalArgumentException.class, () -> sim.addAppointments(List.of(
                    new NewAppointment(1, "p1", BASE, 0, "S", "L", null))));
            assertEquals(0, sim.appointmentCount());
            assertThrows(IllegalArgumentException.class, () -> sim.addClients(List.of(
                    new SimClient(2, "Ben", "ben@example.org", "1"), new SimClient(0, "Bad", "bad@example.org", "2"))));
            assertEquals(1, sim.clients().size());
        }
    }
}
