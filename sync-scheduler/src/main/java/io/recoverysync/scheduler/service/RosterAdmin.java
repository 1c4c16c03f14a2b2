package io.recoverysync.scheduler.service;

import io.recoverysync.scheduler.Organization;
import io.recoverysync.scheduler.PatientRow;
import io.recoverysync.scheduler.repository.RosterRepository;
import io.recoverysync.servicekit.Problem;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Writes the roster: organizations, and patients with their affiliations, one at a time or imported in bulk. An
 * import is all or nothing: every row is checked (and matched against the roster) first, and when any is wrong
 * nothing is written and every problem is reported with its line. A row names its patient by id, or by IntakeQ
 * client id or email (a new patient then gets an id derived from them), so importing the same rows again changes
 * nothing. Each write is published on {@code roster.affiliations} at once (the feed's next pass would too).
 */
@ApplicationScoped
public class RosterAdmin {
    private static final Logger LOG = Logger.getLogger(RosterAdmin.class);

    private final RosterRepository roster;
    private final RosterFeed feed;

    public RosterAdmin(RosterRepository roster, RosterFeed feed) {
        this.roster = roster;
        this.feed = feed;
    }

    /** The rows (or the organization) cannot be written as they are; every problem, with its line. */
    public static class Rejected extends RuntimeException {
        private final List<Problem.FieldError> errors;

        public Rejected(List<Problem.FieldError> errors) {
            super("The roster rows are invalid.", null, false, false);
            this.errors = List.copyOf(errors);
        }

        public List<Problem.FieldError> errors() {
            return errors;
        }
    }

    /** What an import (or one patient's write) did. */
    public record Summary(int created, int updated, int unchanged, List<UUID> patientIds) {
    }

    /** A time zone's problem, or null when {@code timeZone} is an IANA zone id. */
    public static String checkTimeZone(String timeZone) {
        if (timeZone == null || timeZone.isBlank()) {
            return "is required";
        }
        try {
            ZoneId.of(timeZone);
            return timeZone.contains("/") || "UTC".equals(timeZone) ? null : "must be an IANA time zone such as America/Denver";
        } catch (DateTimeException e) {
            return "must be an IANA time zone such as America/Denver";
        }
    }

    /** Writes the patients of {@code organizationId}: all of them, or none and a {@link Rejected} naming every problem. */
    public Uni<Summary> write(UUID organizationId, List<PatientRow> rows) {
        return roster.inTransaction(tx -> Multi.createFrom().iterable(rows)
                        .onItem().transformToUniAndConcatenate(row -> writeRow(tx, organizationId, row))
                        .collect().asList()
                        .map(outcomes -> {
                            List<Problem.FieldError> errors = new ArrayList<>();
                            int created = 0;
                            int updated = 0;
                            int unchanged = 0;
                            List<UUID> ids = new ArrayList<>();
                            for (RowOutcome o : outcomes) {
                                if (o.error() != null) {
                                    errors.add(o.error());
                                } else {
                                    ids.add(o.patientId());
                                    switch (o.outcome()) {
                                        case "created" -> created++;
                                        case "updated" -> updated++;
                                        default -> unchanged++;
                                    }
                                }
                            }
                            if (!errors.isEmpty()) {
                                throw new Rejected(errors); // rolls the whole import back
                            }
                            return new Summary(created, updated, unchanged, ids);
                        }))
                .invoke(summary -> publishSoon(summary.created() + summary.updated()));
    }

    private record RowOutcome(UUID patientId, String outcome, Problem.FieldError error) {
    }

    private Uni<RowOutcome> writeRow(SqlConnection tx, UUID organizationId, PatientRow row) {
        return roster.findPatient(tx, organizationId, row.id(), row.intakeqClientId(), row.email())
                .chain(found -> {
                    UUID patientId = found != null ? found : row.id() != null ? row.id() : derivedId(organizationId, row);
                    Uni<UUID> owner = row.intakeqClientId() == null ? Uni.createFrom().nullItem()
                            : roster.clientIdOwner(tx, row.intakeqClientId(), patientId);
                    return owner.chain(other -> {
                        if (other != null) {
                            return Uni.createFrom().item(new RowOutcome(null, null, new Problem.FieldError(row.line(),
                                    "intakeqClientId", "is another patient's IntakeQ client id")));
                        }
                        return roster.savePatient(tx, patientId, row.firstName(), row.lastName(), row.email(),
                                        row.intakeqClientId())
                                .chain(patient -> roster.saveAffiliation(tx, patientId, organizationId, row.status())
                                        .map(affiliation -> new RowOutcome(patientId, combine(patient, affiliation), null)));
                    });
                });
    }

    private static String combine(String patient, String affiliation) {
        if ("created".equals(patient) || "created".equals(affiliation)) {
            return "created";
        }
        return "updated".equals(patient) || "updated".equals(affiliation) ? "updated" : "unchanged";
    }

    /** A new patient's id, from what names it in the row: the same row imported again finds the same patient. */
    static UUID derivedId(UUID organizationId, PatientRow row) {
        String key = row.intakeqClientId() != null ? "client:" + row.intakeqClientId()
                : "email:" + row.email().toLowerCase(Locale.ROOT);
        return UUID.nameUUIDFromBytes(("roster-patient:" + organizationId + ":" + key).getBytes(StandardCharsets.UTF_8));
    }

    /** Sets the patient's affiliation with the organization; false when the patient is not in the organization. */
    public Uni<Boolean> setStatus(UUID organizationId, UUID patientId, String status) {
        return roster.inTransaction(tx -> roster.affiliationStatus(tx, patientId, organizationId)
                        .chain(current -> current == null ? Uni.createFrom().item(false)
                                : roster.saveAffiliation(tx, patientId, organizationId, status).replaceWith(true)))
                .invoke(changed -> publishSoon(changed ? 1 : 0));
    }

    /**
     * Moves the patient from one organization to another: the old affiliation becomes {@code inactive}, the new one
     * {@code active}. False when the patient is not in {@code from}.
     */
    public Uni<Boolean> transfer(UUID patientId, UUID from, UUID to) {
        return roster.inTransaction(tx -> roster.affiliationStatus(tx, patientId, from)
                        .chain(current -> current == null ? Uni.createFrom().item(false)
                                : roster.saveAffiliation(tx, patientId, from, "inactive")
                                        .chain(() -> roster.saveAffiliation(tx, patientId, to, "active"))
                                        .replaceWith(true)))
                .invoke(moved -> publishSoon(moved ? 1 : 0));
    }

    public Uni<Organization> createOrganization(UUID id, String name, String timeZone, boolean calendarFullNames) {
        return roster.createOrganization(id, name, timeZone, calendarFullNames);
    }

    public Uni<Organization> updateOrganization(UUID id, String name, String timeZone, Boolean calendarFullNames) {
        return roster.updateOrganization(id, name, timeZone, calendarFullNames);
    }

    /** The other services learn of roster writes at once rather than at the feed's next pass. */
    private void publishSoon(int changes) {
        if (changes > 0) {
            feed.publishChanges().subscribe().with(sent -> { }, e ->
                    LOG.debugf("roster feed after a roster write failed (%s); its next pass sends the changes", e.toString()));
        }
    }
}
