package io.recoverysync.ehr.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.recoverysync.ehr.client.EhrbaseAnswer;
import io.recoverysync.ehr.client.EhrbaseClient;
import io.recoverysync.ehr.client.EhrbaseFailure;
import io.recoverysync.ehr.config.EhrSyncConfig;
import io.recoverysync.ehr.repository.NoteQueueRepository;
import io.recoverysync.ehr.repository.QueuedNote;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Posts one queued note revision to EHRbase and records the outcome on its row.
 *
 * <p>The composition's versioned object uid is derived from the note id, so a note is one composition whose
 * versions are its revisions. With no revision of the note in EHRbase yet, the note is POSTed with
 * {@code clinical_notes/_uid = <uuid>::<system>::1}; otherwise it is PUT on top of the stored version with that
 * version uid, unquoted, in If-Match. A 412 (the uid exists, or If-Match is stale) means another attempt got
 * there first: the latest version is read back and recognised by its context start time (= signing time) as
 * this revision (done), a newer revision (this one is superseded) or an older one (PUT on top of it).
 *
 * <p>2xx → completed; 400/422 and other 4xx → failed with EHRbase's message, no retry; 401/403 → failed as a
 * configuration error with an alert-level log; a 412 for a composition that is not stored (its uid refused for the
 * system id) → failed as EHRBASE_MISCONFIGURED with an alert-level log; a 500 DuplicateKeyException on a POST (two
 * posts racing) → read back like a 412; 5xx, 408, 429, timeouts, refused connections → retried with
 * exponential back-off and jitter until {@code ehr-sync.retry.max-attempts}, then failed. Logs carry ids and
 * status codes only: note text and EHRbase's messages (which may echo it) stay in the row.
 */
@ApplicationScoped
public class NotePoster {
    private static final Logger LOG = Logger.getLogger(NotePoster.class);
    private static final int MAX_CONFLICT_ROUNDS = 3;

    private final NoteQueueRepository repository;
    private final EhrbaseClient client;
    private final EhrDirectory directory;
    private final EhrSyncConfig config;
    private final MeterRegistry registry;
    private final Timer latency;
    private final Clock clock;

    private final EhrbaseConfigCheck configCheck;

    public NotePoster(NoteQueueRepository repository, EhrbaseClient client, EhrDirectory directory, EhrSyncConfig config,
            MeterRegistry registry, Clock clock, EhrbaseConfigCheck configCheck) {
        this.configCheck = configCheck;
        this.repository = repository;
        this.client = client;
        this.directory = directory;
        this.config = config;
        this.registry = registry;
        this.clock = clock;
        // ehr_note_to_composition_seconds (histogram): from the revision's arrival in the queue, not its signing
        // time, which the clinician's app sets and which a backfill of old notes would make meaningless
        this.latency = Timer.builder("ehr.note.to.composition")
                .description("From a note revision's arrival in the queue to its composition being stored in EHRbase")
                .serviceLevelObjectives(Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
                        Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10),
                        Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(30),
                        Duration.ofHours(1))
                .register(registry);
    }

    /** What a successful write stored, or that a newer revision made this one moot. */
    private record Posted(String versionUid, UUID ehrId, int status, boolean superseded) {
        static Posted byNewerRevision() {
            return new Posted(null, null, 0, true);
        }
    }

    /** Claims the row and posts it; {@link Outcome.Kind#SKIPPED} when it is not claimable (done, backing off, held). */
    public Uni<Outcome> process(UUID queueId) {
        return repository.claim(queueId, config.worker().lease())
                .chain(claimed -> claimed == null
                        ? Uni.createFrom().item(Outcome.of(queueId, Outcome.Kind.SKIPPED))
                        : handle(claimed));
    }

    private Uni<Outcome> handle(NoteQueueRepository.Claimed claimed) {
        QueuedNote note = claimed.note();
        Uni<Posted> posted = claimed.highestRevision() > note.revision()
                ? Uni.createFrom().item(Posted.byNewerRevision())
                : post(note, claimed.storedVersion());
        return posted
                .chain(p -> record(note, p))
                .onFailure(EhrbaseFailure.class)
                .recoverWithUni(e -> recordFailure(note, (EhrbaseFailure) e))
                .onFailure()
                .recoverWithUni(e -> unexpected(note, e));
    }

    private Uni<Posted> post(QueuedNote note, String storedVersion) {
        UUID vouid = CompositionIds.versionedObjectUid(note.noteId());
        return client.ensureTemplate()
                .chain(() -> directory.ehrFor(note.patientId()))
                .chain(ehrId -> write(note, ehrId, vouid, storedVersion, 0));
    }

    /** POST (no stored version: {@code base} null) or PUT on top of {@code base}. */
    private Uni<Posted> write(QueuedNote note, UUID ehrId, UUID vouid, String base, int round) {
        String systemId = client.systemId();
        String firstVersion = CompositionIds.versionUid(vouid, systemId, 1);
        Map<String, Object> flat = FlatNote.of(note, config.ehrbase(), base == null ? firstVersion : null);
        Uni<EhrbaseAnswer> call = base == null
                ? client.createComposition(ehrId, flat)
                : client.updateComposition(ehrId, vouid, base, flat);
        return call.chain(answer -> {
            if (answer.ok()) {
                String uid = answer.unquotedEtag() != null ? answer.unquotedEtag()
                        : base == null ? firstVersion : nextVersion(base);
                return Uni.createFrom().item(new Posted(uid, ehrId, answer.status(), false));
            }
            if (answer.status() == 412) {
                return reconcile(note, ehrId, vouid, answer, round, false);
            }
            if (base == null && answer.status() == 500 && duplicateKey(answer)) {
                // two POSTs of one composition at once: EHRbase 2.29 answers the loser 500 DuplicateKeyException
                // (a retry would see 412); it is the 412 case, except that nothing stored yet is no config error
                return reconcile(note, ehrId, vouid, answer, round, true);
            }
            if (answer.status() == 404 && base != null && round < MAX_CONFLICT_ROUNDS) {
                // the composition we meant to update is unknown to EHRbase (2.29: 404 with an empty body): create
                // it afresh; should the EHR itself be gone, that POST's 404 says so
                return write(note, ehrId, vouid, null, round + 1);
            }
            if (answer.status() == 404) {
                // the EHR we remembered is gone (EHRbase reset?): look it up afresh on the next attempt
                return directory.forget(note.patientId()).chain(() -> Uni.createFrom().failure(
                        new EhrbaseFailure(EhrbaseFailure.Kind.TRANSIENT, 404, answer.message())));
            }
            return Uni.createFrom().failure(EhrbaseFailure.of(answer));
        });
    }

    private static boolean duplicateKey(EhrbaseAnswer answer) {
        String body = answer.body() == null ? "" : answer.body().toLowerCase(java.util.Locale.ROOT);
        return body.contains("duplicatekey") || body.contains("duplicate key");
    }

    /**
     * After a 412 (or a concurrent POST's 500): decide from the latest stored version whether this revision is there,
     * superseded or behind. {@code raced}: the conflict came from a concurrent write, so a composition not stored
     * (yet) is worth another try, not a configuration error.
     */
    private Uni<Posted> reconcile(QueuedNote note, UUID ehrId, UUID vouid, EhrbaseAnswer conflict, int round,
            boolean raced) {
        if (round >= MAX_CONFLICT_ROUNDS) {
            return Uni.createFrom().failure(new EhrbaseFailure(EhrbaseFailure.Kind.TRANSIENT, 412,
                    "version conflict persisted over " + MAX_CONFLICT_ROUNDS + " rounds: " + conflict.message()));
        }
        return client.latestComposition(ehrId, vouid).chain(latest -> {
            if (latest.status() == 404 || latest.status() == 204) {
                // 412 without a composition: the uid itself was refused ("Mismatch of creating_system_id":
                // EHRBASE_SYSTEM_ID is not EHRbase's node name) — a configuration error, not a bad note
                return Uni.createFrom().failure(raced
                        ? new EhrbaseFailure(EhrbaseFailure.Kind.TRANSIENT, conflict.status(), conflict.message())
                        : new EhrbaseFailure(EhrbaseFailure.Kind.MISCONFIGURED, 412, conflict.message()));
            }
            if (!latest.ok()) {
                return Uni.createFrom().failure(EhrbaseFailure.of(latest));
            }
            JsonNode flat = latest.json();
            String stored = flat != null && flat.hasNonNull(FlatNote.UID) ? flat.get(FlatNote.UID).asText()
                    : latest.unquotedEtag();
            Instant storedStart = instant(flat == null ? null : flat.path(FlatNote.START_TIME).asText(null));
            if (stored == null) {
                return Uni.createFrom().failure(new EhrbaseFailure(EhrbaseFailure.Kind.TRANSIENT, latest.status(),
                        "latest composition without a version uid"));
            }
            if (storedStart != null && storedStart.equals(millis(note.signedAt()))) {
                LOG.debugf("note %s revision %d was already stored as %s", note.noteId(), note.revision(), stored);
                return Uni.createFrom().item(new Posted(stored, ehrId, latest.status(), false));
            }
            Uni<Integer> storedRevision = storedStart == null ? Uni.createFrom().nullItem()
                    : repository.revisionSignedAt(note.noteId(), storedStart);
            return storedRevision.chain(revision -> revision != null && revision > note.revision()
                    ? Uni.createFrom().item(Posted.byNewerRevision())
                    : write(note, ehrId, vouid, stored, round + 1));
        });
    }

    private Uni<Outcome> record(QueuedNote note, Posted posted) {
        if (posted.superseded()) {
            count("superseded");
            return repository.supersede(note.id()).replaceWith(Outcome.of(note.id(), Outcome.Kind.SUPERSEDED));
        }
        configCheck.ehrbaseAnswered();
        configCheck.compositionStored();
        return repository.complete(note.id(), posted.versionUid(), posted.ehrId(), posted.status())
                .invoke(() -> {
                    count("completed");
                    latency.record(Duration.between(note.createdAt(), clock.instant()));
                    LOG.debugf("note %s revision %d stored as %s", note.noteId(), note.revision(), posted.versionUid());
                })
                .replaceWith(Outcome.of(note.id(), Outcome.Kind.COMPLETED));
    }

    private Uni<Outcome> recordFailure(QueuedNote note, EhrbaseFailure failure) {
        Integer status = failure.status() == 0 ? null : failure.status();
        String reason = failure.kind().reasonCode().name();
        switch (failure.kind()) {
            case UNAUTHORIZED -> {
                configCheck.recheck("EHRbase refused the credentials for a note");
                LOG.errorf("ALERT: EHRbase rejected ehr-sync's credentials (HTTP %d); notes fail until EHRBASE_USER and "
                        + "EHRBASE_PASSWORD are fixed (note %s revision %d)", failure.status(), note.noteId(), note.revision());
                count("failed");
                return repository.fail(note.id(), reason, status, failure.forPeople(false))
                        .replaceWith(Outcome.of(note.id(), Outcome.Kind.FAILED));
            }
            case MISCONFIGURED -> {
                configCheck.compositionIdRefused(client.systemId());
                LOG.errorf("ALERT: EHRbase refused the composition id of note %s revision %d (HTTP %d): "
                        + "EHRBASE_SYSTEM_ID (%s) is not EHRbase's node name (server.nodename); the note is failed as "
                        + "EHRBASE_MISCONFIGURED; fix the setting and re-drive", note.noteId(), note.revision(),
                        failure.status(), client.systemId());
                count("failed");
                return repository.fail(note.id(), reason, status, failure.forPeople(false))
                        .replaceWith(Outcome.of(note.id(), Outcome.Kind.FAILED));
            }
            case REJECTED -> {
                configCheck.ehrbaseAnswered();
                LOG.warnf("note %s revision %d rejected by EHRbase (HTTP %d); not retried", note.noteId(), note.revision(),
                        failure.status());
                count("failed");
                return repository.fail(note.id(), reason, status, failure.forPeople(false))
                        .replaceWith(Outcome.of(note.id(), Outcome.Kind.FAILED));
            }
            default -> {
                if (failure.status() == 0 && configCheck.last().reachable().state() == EhrbaseConfigCheck.State.OK) {
                    configCheck.recheck("EHRbase did not answer a note");
                }
                if (failure.status() == 0) {
                    // the transport's own words (exception, address) are for operators, never a clinician's screen
                    LOG.infof("note %s revision %d attempt %d: no answer from EHRbase: %s", note.noteId(),
                            note.revision(), note.attempts(), failure.ehrbaseMessage());
                }
                return retryOrGiveUp(note, status, failure);
            }
        }
    }

    private Uni<Outcome> retryOrGiveUp(QueuedNote note, Integer status, EhrbaseFailure failure) {
        return retryOrGiveUp(note, status, failure.forPeople(true),
                failure.forPeople(false) + "; gave up after " + note.attempts() + " attempts");
    }

    /** {@code error}: what the note's status shows while it is retried; {@code finalError}: once given up. */
    private Uni<Outcome> retryOrGiveUp(QueuedNote note, Integer status, String error, String finalError) {
        if (note.attempts() >= config.retry().maxAttempts()) {
            LOG.warnf("note %s revision %d: EHRbase unavailable after %d attempts (last HTTP %s); giving up",
                    note.noteId(), note.revision(), note.attempts(), status == null ? "none" : status.toString());
            count("failed");
            return repository.fail(note.id(), EhrbaseFailure.Kind.TRANSIENT.reasonCode().name(), status,
                            finalError)
                    .replaceWith(Outcome.of(note.id(), Outcome.Kind.FAILED));
        }
        Instant next = clock.instant().plus(Backoff.after(note.attempts(), config.retry().initialBackoff(),
                config.retry().maxBackoff()));
        LOG.debugf("note %s revision %d attempt %d failed (HTTP %s); retry at %s", note.noteId(), note.revision(),
                note.attempts(), status == null ? "none" : status.toString(), next);
        count("retry");
        return repository.retryAt(note.id(), next, status, error).replaceWith(Outcome.retry(note.id(), next));
    }

    /** A bug or a database hiccup: retry like a transient failure; if even that fails, the lease and sweep take over. */
    private Uni<Outcome> unexpected(QueuedNote note, Throwable e) {
        LOG.errorf("note %s revision %d: unexpected %s: %s", note.noteId(), note.revision(), e.getClass().getSimpleName(),
                e.getMessage());
        return retryOrGiveUp(note, null, "The note could not be sent because of an internal error; retrying",
                        "The note could not be sent because of an internal error; gave up after " + note.attempts()
                                + " attempts")
                .onFailure().recoverWithItem(Outcome.of(note.id(), Outcome.Kind.SKIPPED));
    }

    private void count(String outcome) {
        registry.counter("ehr.notes.outcomes", "outcome", outcome).increment();
    }

    private static String nextVersion(String versionUid) {
        int sep = versionUid.lastIndexOf("::");
        return versionUid.substring(0, sep + 2) + (Integer.parseInt(versionUid.substring(sep + 2)) + 1);
    }

    private static Instant millis(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS);
    }

    /** EHRbase's rendering of a date-time, with or without an offset (then UTC), at millisecond precision. */
    static Instant instant(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return millis(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException withoutOffset) {
            try {
                return millis(LocalDateTime.parse(text).toInstant(ZoneOffset.UTC));
            } catch (DateTimeParseException e) {
                return null;
            }
        }
    }
}
