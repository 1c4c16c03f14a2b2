package io.recoverysync.dashboard;

import java.util.List;

/**
 * One patient's page: the appointments of the sync window around now and each one's change history in words,
 * newest appointment last.
 */
public record PatientPage(String patientId, String name, String timeZone, List<Appointment> appointments,
        boolean appointmentsAvailable) {

    /** An appointment with its history ("Tue 8 Dec 10:42 AM · Rescheduled from … · by IntakeQ's webhook"). */
    public record Appointment(String appointmentId, String when, String provider, String status, String place,
            String link, List<String> history) {
    }
}
