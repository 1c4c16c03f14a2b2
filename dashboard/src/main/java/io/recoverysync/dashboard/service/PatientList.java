package io.recoverysync.dashboard.service;

import io.recoverysync.contracts.api.OrganizationAppointments;
import io.recoverysync.contracts.api.RosterOrganization;
import io.recoverysync.contracts.api.RosterPage;
import io.recoverysync.dashboard.PatientsPage;
import io.recoverysync.dashboard.PatientsPage.Filter;
import io.recoverysync.dashboard.PatientsPage.Row;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Builds the patient list from the roster and the organization's appointments from 7 days back to 28 ahead: each
 * patient's next appointment that takes place, whether it lacks a meeting link, and the latest appointment canceled
 * or missed in the last 7 days; then the filter and a name search.
 */
public final class PatientList {
    /** The appointments the list looks at, around now. */
    public static final Duration BACK = Duration.ofDays(7);
    public static final Duration AHEAD = Duration.ofDays(28);
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE d MMM h:mm a", Locale.US);
    private static final Set<String> OFF = Set.of("Canceled", "Missed");

    private PatientList() {
    }

    public static PatientsPage build(RosterOrganization organization, List<RosterPage.Patient> patients,
            OrganizationAppointments appointments, Instant now, Filter filter, String search) {
        ZoneId zone = ZoneId.of(organization.timeZone());
        Map<UUID, List<OrganizationAppointments.Appointment>> byPatient = new HashMap<>();
        Map<UUID, String> notRead = new HashMap<>();
        if (appointments != null) {
            appointments.appointments().forEach(a -> byPatient.computeIfAbsent(a.patientId(), id -> new ArrayList<>()).add(a));
            if (appointments.unread() != null) {
                appointments.unread().forEach(u -> notRead.put(u.patientId(), "IntakeQ not read: "
                        + RunWords.reason(u.reasonCode()) + " (" + WHEN.format(u.failedAt().atZone(zone)) + ")"));
            }
        }
        List<Row> all = new ArrayList<>();
        for (RosterPage.Patient p : patients) {
            all.add(row(p, byPatient.getOrDefault(p.patientId(), List.of()), now, zone, appointments != null,
                    notRead.get(p.patientId())));
        }
        all.sort(Comparator.comparing((Row r) -> r.lastName().toLowerCase(Locale.ROOT))
                .thenComparing(r -> r.firstName().toLowerCase(Locale.ROOT)));
        String needle = search == null || search.isBlank() ? null : search.trim().toLowerCase(Locale.ROOT);
        List<Row> searched = needle == null ? all
                : all.stream().filter(r -> r.name().toLowerCase(Locale.ROOT).contains(needle)).toList();
        List<PatientsPage.FilterLink> links = new ArrayList<>();
        for (Filter f : Filter.values()) {
            links.add(new PatientsPage.FilterLink(f.wire(), f.label(),
                    (int) searched.stream().filter(f::keeps).count(), f == filter));
        }
        List<Row> shown = searched.stream().filter(filter::keeps).toList();
        return new PatientsPage(organization.name(), zone.getId(), filter.wire(), needle == null ? null : search.trim(),
                links, shown, all.size(), appointments != null);
    }

    private static Row row(RosterPage.Patient p, List<OrganizationAppointments.Appointment> appointments, Instant now,
            ZoneId zone, boolean known, String notRead) {
        OrganizationAppointments.Appointment next = appointments.stream()
                .filter(a -> !DayView.NOT_TAKING_PLACE.contains(a.status()))
                .filter(a -> !(a.endAt() == null ? a.startAt() : a.endAt()).isBefore(now))
                .min(Comparator.comparing(OrganizationAppointments.Appointment::startAt))
                .orElse(null);
        Instant weekAgo = now.minus(BACK);
        OrganizationAppointments.Appointment off = appointments.stream()
                .filter(a -> OFF.contains(a.status()))
                .filter(a -> !a.startAt().isBefore(weekAgo) && a.startAt().isBefore(now)
                        || a.changes().stream().anyMatch(c -> "status".equals(c.field()) && OFF.contains(c.after())))
                .max(Comparator.comparing(OrganizationAppointments.Appointment::startAt))
                .orElse(null);
        String first = p.firstName() == null ? "" : p.firstName();
        String last = p.lastName() == null ? "" : p.lastName();
        return new Row(p.patientId().toString(), DayView.name(p), last, first,
                next == null ? null : WHEN.format(next.startAt().atZone(zone)),
                next == null ? null : next.providerName() == null ? "Provider not mapped" : next.providerName(),
                next == null ? null : ChangeWords.status(next.status()),
                next == null ? null : next.telehealthUrl(),
                known && next == null && notRead == null,
                next != null && (next.telehealthUrl() == null || next.telehealthUrl().isBlank()),
                off == null ? null : ChangeWords.status(off.status()) + " " + WHEN.format(off.startAt().atZone(zone)),
                notRead);
    }

    /** The list as CSV (RFC 4180), one patient a line; a cell that a spreadsheet would run as a formula is quoted inert. */
    public static String csv(PatientsPage page) {
        StringBuilder out = new StringBuilder("Last name,First name,Next appointment (" + page.timeZone()
                + "),Provider,Status,Meeting link,Canceled or missed in the last 7 days\r\n");
        for (Row r : page.rows()) {
            out.append(String.join(",", cell(r.lastName()), cell(r.firstName()),
                    cell(r.next() == null ? r.notRead() : r.next()), cell(r.provider()),
                    cell(r.status()), cell(r.link()), cell(r.recentlyOff()))).append("\r\n");
        }
        return out.toString();
    }

    private static String cell(String value) {
        if (value == null) {
            return "";
        }
        String text = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        return text.matches("[^\",\r\n]*") ? text : "\"" + text.replace("\"", "\"\"") + "\"";
    }
}
