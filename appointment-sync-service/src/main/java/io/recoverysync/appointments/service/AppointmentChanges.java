package io.recoverysync.appointments.service;

import io.recoverysync.appointments.AppointmentChange;
import io.recoverysync.appointments.client.IntakeQAppointment;
import io.recoverysync.contracts.AppointmentField;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a case manager would notice between a stored appointment and IntakeQ's version of it, field by field: another
 * start (a reschedule), duration, status (canceled, missed, ...), practitioner, telehealth link, location or service.
 * A change of the provider mapping alone is not one (the practitioner is the same).
 */
public final class AppointmentChanges {
    private AppointmentChanges() {
    }

    /** The visible changes from {@code before} to {@code after}, in {@link AppointmentField} order. */
    public static List<AppointmentChange> between(AppointmentDiff.Stored before, IntakeQAppointment after) {
        List<AppointmentChange> changes = new ArrayList<>();
        String id = before.intakeqId();
        compare(changes, id, AppointmentField.START, text(before.startAt()), text(after.start()));
        compare(changes, id, AppointmentField.DURATION, text(before.durationMinutes()), text(after.durationMinutes()));
        compare(changes, id, AppointmentField.STATUS, before.status(), after.status() == null ? "Unknown" : after.status());
        compare(changes, id, AppointmentField.PROVIDER, before.practitionerId(), after.practitionerId());
        compare(changes, id, AppointmentField.LINK, before.telehealthUrl(), after.telehealthUrl());
        compare(changes, id, AppointmentField.LOCATION, before.locationName(), after.locationName());
        compare(changes, id, AppointmentField.SERVICE, before.serviceName(), after.serviceName());
        return changes;
    }

    /** A stored appointment IntakeQ no longer has: its status becomes {@value AppointmentDiff#REMOVED_STATUS}. */
    public static AppointmentChange removed(AppointmentDiff.Stored before) {
        return new AppointmentChange(before.intakeqId(), AppointmentField.STATUS, before.status(),
                AppointmentDiff.REMOVED_STATUS);
    }

    /** An appointment booked since the patient's last sync: "added", with its start. */
    public static AppointmentChange added(IntakeQAppointment appointment) {
        return new AppointmentChange(appointment.id(), AppointmentField.ADDED, null, text(appointment.start()));
    }

    private static void compare(List<AppointmentChange> changes, String id, AppointmentField field, String before,
            String after) {
        if (!Objects.equals(before, after)) {
            changes.add(new AppointmentChange(id, field, before, after));
        }
    }

    private static String text(Instant at) {
        return at == null ? null : at.toString();
    }

    private static String text(Integer minutes) {
        return minutes == null ? null : minutes.toString();
    }
}
