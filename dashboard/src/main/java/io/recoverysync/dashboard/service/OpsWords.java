package io.recoverysync.dashboard.service;

import io.recoverysync.contracts.api.Operations;
import io.recoverysync.contracts.api.RosterOrganization;
import io.recoverysync.contracts.api.SyncLogEntry;
import io.recoverysync.dashboard.OpsPage;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** The operations page in words; every time in UTC. */
public final class OpsWords {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE d MMM HH:mm 'UTC'", Locale.US)
            .withZone(ZoneOffset.UTC);
    private static final Map<String, String> QUEUE = new LinkedHashMap<>();

    static {
        QUEUE.put("pending", "Waiting to be sent (or retrying)");
        QUEUE.put("in_progress", "Being sent");
        QUEUE.put("failed", "Failed (re-drive below)");
        QUEUE.put("completed", "Stored in the EHR");
        QUEUE.put("superseded", "Replaced by a later revision");
    }

    private OpsWords() {
    }

    public static List<OpsPage.Run> runs(List<SyncLogEntry> runs, List<RosterOrganization> organizations) {
        Map<UUID, String> names = organizations.stream()
                .collect(Collectors.toMap(RosterOrganization::id, RosterOrganization::name, (a, b) -> a));
        return runs.stream().map(run -> new OpsPage.Run(run.id().toString(), when(run.startedAt()),
                        run.organizationId() == null ? "Every organization"
                                : names.getOrDefault(run.organizationId(), "Unknown organization"),
                        RunWords.title(run.syncType()),
                        run.running() ? RunWords.running(run) : RunWords.headline(run),
                        run.patientsFailed()))
                .toList();
    }

    /** The IntakeQ budget and the practice mirror, a line each. */
    public static List<String> intakeq(Operations.Quota quota, Operations.Mirror mirror, Instant now) {
        List<String> lines = new ArrayList<>();
        if (quota != null) {
            lines.add("Requests today: " + quota.usedToday() + (quota.requestsPerDay() == null ? ""
                    : " of " + quota.requestsPerDay() + " (" + quota.remainingToday() + " left)") + " · "
                    + (quota.requestsPerMinute() > 0 ? quota.requestsPerMinute() + " a minute" : "no limit a minute"));
            if (quota.pausedUntil() != null && quota.pausedUntil().isAfter(now)) {
                lines.add("Paused by IntakeQ (429) until " + when(quota.pausedUntil()));
            }
            lines.add("Refused by IntakeQ as too many (429) so far: " + quota.rateLimitedResponses());
        } else {
            lines.add("The IntakeQ budget could not be read.");
        }
        if (mirror != null) {
            Operations.MirrorState s = mirror.state();
            lines.add(s.lastFullStartedAt() == null ? "The practice has not been read in full yet."
                    : "Last full read started " + when(s.lastFullStartedAt()) + requests(s.lastFullRequests()));
            if (s.lastReadStartedAt() != null) {
                lines.add("Last read (" + (s.lastReadKind() == null ? "?" : s.lastReadKind()) + ") started "
                        + when(s.lastReadStartedAt()) + requests(s.lastReadRequests())
                        + (s.lastReadCompletedAt() == null ? ", not completed" : ""));
            }
            if (s.readingKind() != null) {
                lines.add("Reading now (" + s.readingKind() + ") since " + when(s.readingStartedAt()));
            }
            if (s.lastFailureReason() != null) {
                lines.add("Last failed read: " + RunWords.reason(s.lastFailureReason()) + " ("
                        + s.lastFailureReason() + "), started " + when(s.lastFailureStartedAt()));
            }
            lines.add("Waiting for the next read: " + mirror.pendingCommands() + " patient refreshes, "
                    + mirror.pendingWebhooks() + " webhooks");
        } else {
            lines.add("The practice mirror could not be read.");
        }
        return lines;
    }

    public static List<OpsPage.Count> ehrQueue(Map<String, Long> depth) {
        if (depth == null) {
            return null;
        }
        List<OpsPage.Count> counts = new ArrayList<>();
        QUEUE.forEach((status, label) -> counts.add(new OpsPage.Count(label, depth.getOrDefault(status, 0L))));
        return counts;
    }

    public static OpsPage.Providers providers(List<Operations.ProviderMapping> mapped, List<Operations.Unmapped> unmapped) {
        if (mapped == null || unmapped == null) {
            return null;
        }
        return new OpsPage.Providers(
                mapped.stream().map(m -> new OpsPage.Mapping(m.displayName() == null ? "(no name)" : m.displayName(),
                        m.practitionerEmail() == null ? "" : m.practitionerEmail(), m.intakeqPractitionerId())).toList(),
                unmapped.stream().map(u -> new OpsPage.Count("IntakeQ practitioner " + u.intakeqPractitionerId(),
                        u.appointments())).toList());
    }

    public static OpsPage.Discovery discovery(Operations.Discovery found) {
        if (found == null) {
            return null;
        }
        return new OpsPage.Discovery(found.total(),
                found.lastReadAt() == null ? "no read yet" : when(found.lastReadAt()),
                found.clients().stream().map(c -> new OpsPage.Client(c.intakeqClientId(),
                        c.name() == null ? "(no name)" : c.name(), c.email() == null ? "" : c.email(),
                        c.appointments(), c.nextAppointmentAt() == null ? "" : when(c.nextAppointmentAt()))).toList());
    }

    public static List<OpsPage.Organization> organizations(List<RosterOrganization> organizations) {
        return organizations.stream().map(o -> new OpsPage.Organization(o.id().toString(), o.name())).toList();
    }

    static String when(Instant instant) {
        return instant == null ? "?" : WHEN.format(instant);
    }

    private static String requests(Integer n) {
        return n == null ? "" : " (" + n + " request" + (n == 1 ? "" : "s") + ")";
    }
}
