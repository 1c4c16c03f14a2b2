package io.recoverysync.scheduler.service;

import io.recoverysync.scheduler.Organization;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import net.fortuna.ical4j.data.CalendarOutputter;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.property.Description;
import net.fortuna.ical4j.model.property.LastModified;
import net.fortuna.ical4j.model.property.Location;
import net.fortuna.ical4j.model.property.ProdId;
import net.fortuna.ical4j.model.property.Uid;
import net.fortuna.ical4j.model.property.Url;
import net.fortuna.ical4j.model.property.XProperty;
import net.fortuna.ical4j.model.property.immutable.ImmutableCalScale;
import net.fortuna.ical4j.model.property.immutable.ImmutableMethod;
import net.fortuna.ical4j.model.property.immutable.ImmutableStatus;
import net.fortuna.ical4j.model.property.immutable.ImmutableVersion;

/**
 * Writes an organization's appointments as an iCalendar feed (RFC 5545, with ical4j): one VEVENT per appointment,
 * its IntakeQ id as the UID (so a rescheduled or canceled appointment updates the same event in the calendar app),
 * times in UTC, a canceled appointment as {@code STATUS:CANCELLED}. Patients appear by their initials unless the
 * organization has turned full names on; nothing else about the patient is written.
 */
public final class CalendarWriter {
    /** How often calendar apps are asked to fetch the feed again. */
    static final Duration REFRESH = Duration.ofMinutes(15);

    private CalendarWriter() {
    }

    /** A patient's name as the roster has it. */
    public record Name(String firstName, String lastName) {
    }

    /** An appointment of a patient, as appointment-sync reports it. */
    public record Appointment(UUID patientId, String intakeqAppointmentId, String status, Instant startAt, Instant endAt,
            Integer durationMinutes, String providerName, String serviceName, String locationName, String telehealthUrl,
            Instant lastChangedAt) {
    }

    /** The feed of {@code org}; appointments of patients not in {@code names} are left out. */
    public static String write(Organization org, Map<UUID, Name> names, List<Appointment> appointments) {
        Calendar calendar = new Calendar();
        calendar.add(new ProdId("-//Recovery Sync//Appointments 1.0//EN"));
        calendar.add(ImmutableVersion.VERSION_2_0);
        calendar.add(ImmutableCalScale.GREGORIAN);
        calendar.add(ImmutableMethod.PUBLISH);
        calendar.add(new XProperty("X-WR-CALNAME", org.name() + " appointments"));
        calendar.add(new XProperty("X-WR-TIMEZONE", org.timeZone()));
        calendar.add(new XProperty("X-PUBLISHED-TTL", REFRESH.toString()));
        for (Appointment a : appointments) {
            Name name = names.get(a.patientId());
            if (name != null && a.startAt() != null && a.intakeqAppointmentId() != null) {
                calendar.add(event(a, who(name, org.calendarFullNames())));
            }
        }
        StringWriter out = new StringWriter();
        try {
            new CalendarOutputter(false).output(calendar, out);
        } catch (IOException e) {
            throw new IllegalStateException("writing to a string failed", e);
        }
        return out.toString();
    }

    private static VEvent event(Appointment a, String who) {
        Instant end = a.endAt() != null && a.endAt().isAfter(a.startAt()) ? a.endAt()
                : a.startAt().plus(Duration.ofMinutes(a.durationMinutes() != null && a.durationMinutes() > 0
                        ? a.durationMinutes() : 60));
        String service = a.serviceName() == null ? "Appointment" : a.serviceName();
        VEvent event = new VEvent(a.startAt(), end, who + " · " + service
                + (a.providerName() == null ? "" : " with " + a.providerName()));
        event.add(new Uid(a.intakeqAppointmentId() + "@intakeq.recoverysync"));
        event.add(status(a.status()));
        if (a.locationName() != null) {
            event.add(new Location(a.locationName()));
        }
        URI link = webLink(a.telehealthUrl());
        if (link != null) {
            event.add(new Url(link));
        }
        List<String> lines = new ArrayList<>();
        lines.add("IntakeQ status: " + (a.status() == null ? "unknown" : a.status()));
        if (a.providerName() != null) {
            lines.add("Provider: " + a.providerName());
        }
        if (link != null) {
            lines.add("Telehealth: " + link);
        }
        event.add(new Description(String.join("\n", lines)));
        if (a.lastChangedAt() != null) {
            event.add(new LastModified(a.lastChangedAt()));
        }
        return event;
    }

    private static net.fortuna.ical4j.model.property.Status status(String intakeqStatus) {
        String s = intakeqStatus == null ? "" : intakeqStatus.toLowerCase(Locale.ROOT);
        if (s.startsWith("cancel") || s.equals("declined") || s.equals("noshow") || s.equals("no-show")) {
            return ImmutableStatus.VEVENT_CANCELLED;
        }
        return s.equals("waitingconfirmation") ? ImmutableStatus.VEVENT_TENTATIVE : ImmutableStatus.VEVENT_CONFIRMED;
    }

    /** "A. L." (initials) or "Ada Lovelace" (full names). */
    static String who(Name name, boolean fullNames) {
        String first = name.firstName() == null ? "" : name.firstName().strip();
        String last = name.lastName() == null ? "" : name.lastName().strip();
        if (fullNames) {
            String full = (first + " " + last).strip();
            return full.isEmpty() ? "Patient" : full;
        }
        String initials = (initial(first) + " " + initial(last)).strip();
        return initials.isEmpty() ? "Patient" : initials;
    }

    private static String initial(String name) {
        return name.isEmpty() ? "" : name.substring(0, name.offsetByCodePoints(0, 1)).toUpperCase(Locale.ROOT) + ".";
    }

    private static URI webLink(String url) {
        if (url == null) {
            return null;
        }
        try {
            URI uri = URI.create(url.strip());
            return "https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()) ? uri : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
