package io.recoverysync.dashboard.service;

import io.recoverysync.contracts.api.OrganizationAppointments;
import io.recoverysync.contracts.api.RosterOrganization;
import io.recoverysync.contracts.api.RosterPage;
import io.recoverysync.dashboard.PatientPage;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** One patient's appointments with each one's change history, said in words in the organization's time zone. */
public final class PatientHistory {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE d MMM yyyy h:mm a", Locale.US);

    private PatientHistory() {
    }

    public static PatientPage build(RosterOrganization organization, RosterPage.Patient patient,
            OrganizationAppointments appointments) {
        ZoneId zone = ZoneId.of(organization.timeZone());
        List<PatientPage.Appointment> rows = appointments == null ? List.of() : appointments.appointments().stream()
                .map(a -> new PatientPage.Appointment(a.intakeqAppointmentId(), WHEN.format(a.startAt().atZone(zone)),
                        a.providerName() == null ? "Provider not mapped" : a.providerName(),
                        ChangeWords.status(a.status()), DayView.place(a),
                        DayView.NOT_TAKING_PLACE.contains(a.status()) ? null : a.telehealthUrl(),
                        a.changes().stream().map(c -> WHEN.format(c.changedAt().atZone(zone)) + " · "
                                + ChangeWords.of(c, zone) + " · " + source(c.source())).toList()))
                .toList();
        return new PatientPage(patient.patientId().toString(), DayView.name(patient), zone.getId(), rows,
                appointments != null);
    }

    private static String source(String source) {
        return switch (source == null ? "" : source) {
            case "webhook" -> "from IntakeQ as it happened";
            case "nightly" -> "found by the nightly sync";
            case "refresh" -> "found by a refresh";
            default -> "found by a sync";
        };
    }
}
