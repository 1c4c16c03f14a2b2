package io.recoverysync.appointments.service;

import io.recoverysync.appointments.AppointmentChange;
import io.recoverysync.appointments.client.IntakeQAppointment;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Compares IntakeQ's appointments of a patient's window (as the mirror holds them) with what the dashboard shows:
 * each appointment is new, updated (content hash changed, including status changes such as Canceled) or unchanged;
 * one with an unmapped practitioner is stored with the provider unknown and also counted as an error (the patient's
 * result names the practitioner ids); a stored appointment of the window that IntakeQ no longer has is marked
 * {@value #REMOVED_STATUS} (an update), so nothing stale stays on the dashboard.
 */
public final class AppointmentDiff {
    public static final String REMOVED_STATUS = "Removed";

    /**
     * A stored appointment as far as the diff needs it: its hash, and what a case manager sees of it (for the change
     * history; null values where a test leaves them out).
     */
    public record Stored(String intakeqId, String contentHash, String status, Instant startAt, Integer durationMinutes,
            String practitionerId, String telehealthUrl, String locationName, String serviceName) {

        public Stored(String intakeqId, String contentHash, String status, Instant startAt) {
            this(intakeqId, contentHash, status, startAt, null, null, null, null, null);
        }
    }

    /** An appointment to insert or update, with its provider and hash. */
    public record Upsert(IntakeQAppointment appointment, UUID providerId, String contentHash, boolean isNew) {
    }

    /**
     * The outcome for one patient; {@code changes} are the visible changes of the updated and removed appointments
     * (an appointment whose hash changed only through its provider mapping has none).
     */
    public record Outcome(List<Upsert> upserts, List<String> unchangedIds, List<String> removedIds,
            Set<String> unknownPractitionerIds, int created, int updated, int unchanged, int errors,
            List<AppointmentChange> changes) {
    }

    private AppointmentDiff() {
    }

    public static Outcome compute(List<IntakeQAppointment> fetched, Map<String, UUID> providers,
            Map<String, Stored> stored, Instant windowStart, Instant windowEnd) {
        List<Upsert> upserts = new ArrayList<>();
        List<AppointmentChange> changes = new ArrayList<>();
        List<String> unchangedIds = new ArrayList<>();
        Set<String> unknownPractitioners = new TreeSet<>();
        Set<String> seen = new LinkedHashSet<>();
        int created = 0;
        int updated = 0;
        int errors = 0;
        for (IntakeQAppointment a : fetched) {
            if (!seen.add(a.id())) {
                continue; // the same appointment on two pages (data moved while paging)
            }
            UUID provider = a.practitionerId() == null ? null : providers.get(a.practitionerId());
            if (provider == null) {
                // stored and shown with the provider unknown; the patient's result keeps the reason code
                unknownPractitioners.add(String.valueOf(a.practitionerId()));
                errors++;
            }
            String hash = contentHash(a, provider);
            Stored previous = stored.get(a.id());
            if (previous == null) {
                upserts.add(new Upsert(a, provider, hash, true));
                created++;
            } else if (!previous.contentHash().equals(hash)) {
                upserts.add(new Upsert(a, provider, hash, false));
                changes.addAll(AppointmentChanges.between(previous, a));
                updated++;
            } else {
                unchangedIds.add(a.id());
            }
        }
        List<String> removed = new ArrayList<>();
        int notReturned = 0;
        for (Stored s : stored.values()) {
            boolean inWindow = !s.startAt().isBefore(windowStart) && s.startAt().isBefore(windowEnd);
            if (inWindow && !seen.contains(s.intakeqId()) && !REMOVED_STATUS.equals(s.status())) {
                removed.add(s.intakeqId());
                changes.add(AppointmentChanges.removed(s));
            }
        }
        updated += removed.size();
        return new Outcome(upserts, unchangedIds, removed, unknownPractitioners, created, updated,
                unchangedIds.size(), errors, changes);
    }

    /** A hash over everything a case manager sees; IntakeQ's LastModified alone does not make a change. */
    public static String contentHash(IntakeQAppointment a, UUID providerId) {
        String canonical = String.join("\u001f",
                Objects.toString(a.status(), ""),
                Objects.toString(a.start(), ""),
                Objects.toString(a.end(), ""),
                Objects.toString(a.durationMinutes(), ""),
                Objects.toString(a.practitionerId(), ""),
                Objects.toString(providerId, ""),
                Objects.toString(a.serviceName(), ""),
                Objects.toString(a.locationName(), ""),
                Objects.toString(a.telehealthUrl(), ""));
        return sha256(canonical);
    }

    /** The hash stored for an appointment marked removed. */
    public static String removedHash(String intakeqId) {
        return sha256(REMOVED_STATUS + "\u001f" + intakeqId);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
