package io.recoverysync.dashboard.service;

import io.recoverysync.contracts.api.OrganizationAppointments;
import io.recoverysync.contracts.api.RosterOrganization;
import io.recoverysync.contracts.api.RosterPage;
import io.recoverysync.dashboard.TodayPage;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Builds the day view from the roster (names) and appointment-sync's appointments with their changes: today and the
 * next six days in the organization's time zone; a patient no longer on the roster's active list is left out.
 */
public final class DayView {
    public static final int DAYS = 7;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE d MMMM", Locale.US);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("h:mm a", Locale.US);
    /** IntakeQ statuses of an appointment that does not take place: no Join or Copy link, not a next appointment. */
    static final Set<String> NOT_TAKING_PLACE = Set.of("Canceled", "Declined", "Missed", "Removed");

    private DayView() {
    }

    /** The first instant of today in the organization's zone, and of the day after the view's last day. */
    public static Instant[] range(ZoneId zone, Instant now) {
        LocalDate today = now.atZone(zone).toLocalDate();
        return new Instant[] {today.atStartOfDay(zone).toInstant(), today.plusDays(DAYS).atStartOfDay(zone).toInstant()};
    }

    public static TodayPage build(RosterOrganization organization, List<RosterPage.Patient> patients,
            OrganizationAppointments appointments, Instant now, Instant lastLook) {
        ZoneId zone = ZoneId.of(organization.timeZone());
        Map<UUID, String> names = new HashMap<>();
        patients.forEach(p -> names.put(p.patientId(), name(p)));
        LocalDate today = now.atZone(zone).toLocalDate();
        Map<LocalDate, List<TodayPage.Row>> byDay = new java.util.TreeMap<>();
        for (int i = 0; i < DAYS; i++) {
            byDay.put(today.plusDays(i), new ArrayList<>());
        }
        int changed = 0;
        int fresh = 0;
        if (appointments != null) {
            for (OrganizationAppointments.Appointment a : appointments.appointments()) {
                String patient = names.get(a.patientId());
                if (patient == null) {
                    continue; // not an active patient of the organization (any more)
                }
                ZonedDateTime start = a.startAt().atZone(zone);
                List<TodayPage.Row> day = byDay.get(start.toLocalDate());
                List<String> words = a.changes().stream().map(c -> ChangeWords.of(c, zone)).toList();
                boolean newSinceLastLook = lastLook != null
                        && a.changes().stream().anyMatch(c -> c.changedAt().isAfter(lastLook));
                if (day == null) {
                    // moved out of the week: shown on the day it was on, so the case manager sees where it went
                    if (words.isEmpty()) {
                        continue;
                    }
                    day = byDay.get(movedFrom(a, zone));
                    if (day == null) {
                        continue;
                    }
                }
                if (!words.isEmpty()) {
                    changed++;
                    if (newSinceLastLook) {
                        fresh++;
                    }
                }
                boolean takesPlace = !NOT_TAKING_PLACE.contains(a.status());
                day.add(new TodayPage.Row(a.intakeqAppointmentId(), time(a, zone), patient,
                        a.providerName() == null ? "Provider not mapped" : a.providerName(), ChangeWords.status(a.status()),
                        takesPlace ? "scheduled" : "off", place(a), takesPlace ? a.telehealthUrl() : null, words,
                        newSinceLastLook));
            }
        }
        List<TodayPage.Day> days = new ArrayList<>();
        byDay.forEach((date, rows) -> days.add(new TodayPage.Day(heading(date, today), date.toString(), rows)));
        return new TodayPage(organization.name(), zone.getId(), days, changed, fresh, appointments != null);
    }

    private static LocalDate movedFrom(OrganizationAppointments.Appointment a, ZoneId zone) {
        return a.changes().stream()
                .filter(c -> "start".equals(c.field()) && c.before() != null)
                .map(c -> Instant.parse(c.before()).atZone(zone).toLocalDate())
                .findFirst()
                .orElse(null);
    }

    private static String heading(LocalDate date, LocalDate today) {
        String day = DAY.format(date);
        return date.equals(today) ? "Today, " + day : date.equals(today.plusDays(1)) ? "Tomorrow, " + day : day;
    }

    private static String time(OrganizationAppointments.Appointment a, ZoneId zone) {
        String start = TIME.format(a.startAt().atZone(zone));
        return a.endAt() == null ? start : start + " – " + TIME.format(a.endAt().atZone(zone));
    }

    /** The service and the location, as "Therapy · Telehealth". */
    static String place(OrganizationAppointments.Appointment a) {
        String service = a.serviceName() == null ? "" : a.serviceName();
        String location = a.locationName() == null ? "" : a.locationName();
        return service.isEmpty() ? location : location.isEmpty() ? service : service + " · " + location;
    }

    /** A patient's name as the pages show it. */
    static String name(RosterPage.Patient p) {
        String first = p.firstName() == null ? "" : p.firstName();
        String last = p.lastName() == null ? "" : p.lastName();
        String both = (first + " " + last).trim();
        return both.isEmpty() ? "Unnamed patient" : both;
    }
}
