package io.recoverysync.simulator.intakeq;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** A small made-up practice for the local demo: 2 practitioners, 6 clients, 3 appointments each around now. */
public final class DemoData {

    public static final String PRACTITIONER_1 = "5f0c0ffee0ddba11deadbe01";
    public static final String PRACTITIONER_2 = "5f0c0ffee0ddba11deadbe02";

    private DemoData() {
    }

    /** Adds the demo data set; times are relative to the current hour so the demo always has past and future rows. */
    public static void seed(IntakeQSimulator sim) {
        sim.addPractitioner(PRACTITIONER_1, "Jane Smith", "jane.smith@example.org");
        sim.addPractitioner(PRACTITIONER_2, "Omar Haddad", "omar.haddad@example.org");

        String[][] clients = {
                {"Ada Example", "ada@example.org", "(555) 010-0001"},
                {"Ben Sample", "ben@example.org", "(555) 010-0002"},
                {"Carla Demo", "carla@example.org", "(555) 010-0003"},
                {"Dev Testperson", "dev@example.org", "(555) 010-0004"},
                {"Eve Placeholder", "eve@example.org", "(555) 010-0005"},
                {"Finn Fictional", "finn@example.org", "(555) 010-0006"},
        };
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        for (int i = 0; i < clients.length; i++) {
            int clientId = 1001 + i;
            sim.addClient(clientId, clients[i][0], clients[i][1], clients[i][2]);
            String practitioner = i % 2 == 0 ? PRACTITIONER_1 : PRACTITIONER_2;
            // One past, one soon, one next week, staggered per client so the schedule does not overlap.
            Instant past = hour.minus(Duration.ofDays(2)).plus(Duration.ofHours(i));
            Instant soon = hour.plus(Duration.ofHours(2 + i));
            Instant nextWeek = hour.plus(Duration.ofDays(7)).plus(Duration.ofHours(i));
            sim.addAppointment(clientId, practitioner, past, 50, "Initial Consultation", "Main Office", null);
            boolean telehealth = i == 0;
            sim.addAppointment(clientId, practitioner, soon, 50, "Follow-up Session",
                    telehealth ? "Telehealth" : "Main Office",
                    telehealth ? "https://telehealth.example.org/start/demo-ada" : null);
            sim.addAppointment(clientId, practitioner, nextWeek, 30, "Check-in", "Main Office", null);
        }
    }
}
