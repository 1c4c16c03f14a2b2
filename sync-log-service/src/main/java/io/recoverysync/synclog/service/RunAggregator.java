package io.recoverysync.synclog.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.recoverysync.contracts.ReasonCode;
import io.recoverysync.contracts.ResultStatus;
import io.recoverysync.contracts.RunStarted;
import io.recoverysync.contracts.SyncResult;
import io.recoverysync.contracts.SyncType;
import io.recoverysync.synclog.messaging.RunEndedPublisher;
import io.recoverysync.synclog.repository.SyncLogRepository;
import io.recoverysync.servicekit.LogContext;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Folds RunStarted and SyncResult events into a run's {@code sync_logs} row, each event in one transaction, so a
 * redelivered event changes nothing and a run ends as soon as its last expected result is in.
 */
@ApplicationScoped
public class RunAggregator {
    private static final Logger LOG = Logger.getLogger(RunAggregator.class);
    private static final Set<String> SOURCES = Set.of(SyncResult.SOURCE_APPOINTMENTS, SyncResult.SOURCE_EHR);

    private final Pool pool;
    private final SyncLogRepository repository;
    private final MeterRegistry registry;
    private final RunEndedPublisher publisher;
    private final RunMetrics metrics;

    public RunAggregator(Pool pool, SyncLogRepository repository, MeterRegistry registry, RunEndedPublisher publisher,
            RunMetrics metrics) {
        this.pool = pool;
        this.repository = repository;
        this.registry = registry;
        this.publisher = publisher;
        this.metrics = metrics;
    }

    /** Records what a run announced (once) and ends it if its results are already all in. */
    public Uni<Void> runStarted(RunStarted event) {
        LocalDate businessDate;
        try {
            businessDate = validate(event);
        } catch (InvalidEventException e) {
            return Uni.createFrom().failure(e);
        }
        LogContext.of(event.runId(), null);
        return pool.withTransaction(tx -> repository.upsertRunStarted(tx, event, businessDate)
                        .invoke(changed -> count("synclog.runs.started", changed ? "applied" : "duplicate"))
                        .call(changed -> changed ? repository.insertExpected(tx, event.runId(), event.patientIds())
                                : Uni.createFrom().voidItem())
                        .chain(changed -> repository.finalizeIfDue(tx, event.runId())))
                .call(this::announceIfEnded)
                .replaceWithVoid();
    }

    /** Adds a patient's result to its run unless that (run, patient, source) was already counted. */
    public Uni<Void> resultReceived(SyncResult result) {
        try {
            validate(result);
        } catch (InvalidEventException e) {
            return Uni.createFrom().failure(e);
        }
        LogContext.of(result.runId(), result.patientId());
        AtomicBoolean counted = new AtomicBoolean(); // set by each attempt; read once its transaction has committed
        return pool.withTransaction(tx -> repository.insertResult(tx, result, reasonCode(result))
                        .invoke(isNew -> count("synclog.results", isNew ? "applied" : "duplicate"))
                        .invoke(counted::set)
                        .chain(isNew -> isNew ? applyNewResult(tx, result) : notEnded()))
                .invoke(() -> {
                    if (counted.get()) {
                        metrics.patientCounted(result);
                    }
                })
                .call(this::announceIfEnded)
                .replaceWithVoid();
    }

    private Uni<Void> announceIfEnded(Optional<EndedRun> ended) {
        if (ended.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        EndedRun run = ended.get();
        LOG.infof("run %s ended %s", run.runId(), run.status().wire());
        metrics.runEnded(run);
        return publisher.publish(run);
    }

    private Uni<Optional<EndedRun>> applyNewResult(SqlConnection tx, SyncResult result) {
        String placeholderType = SyncResult.SOURCE_EHR.equals(result.source())
                ? SyncType.EHR.wire()
                : SyncType.MANUAL_PATIENT.wire();
        return repository.addToCounters(tx, result.runId(), placeholderType, result.organizationId(),
                        CounterDelta.of(result))
                .chain(() -> result.status() == ResultStatus.FAILED
                        ? repository.addError(tx, result.runId(), result.patientId(), errorOf(result))
                        : Uni.createFrom().voidItem())
                .chain(() -> repository.finalizeIfDue(tx, result.runId()));
    }

    private static Uni<Optional<EndedRun>> notEnded() {
        return Uni.createFrom().item(Optional.empty());
    }

    private void count(String name, String outcome) {
        registry.counter(name, "outcome", outcome).increment();
    }

    private static PatientError errorOf(SyncResult result) {
        return new PatientError(reasonCode(result), result.detail(), result.source());
    }

    /** A failed result without a reason code is still an error the case manager must see. */
    private static String reasonCode(SyncResult result) {
        if (result.reasonCode() != null) {
            return result.reasonCode().name();
        }
        return result.status() == ResultStatus.FAILED ? ReasonCode.INTERNAL_ERROR.name() : null;
    }

    private static LocalDate validate(RunStarted event) {
        if (event == null) {
            throw new InvalidEventException("empty or unreadable RunStarted record");
        }
        if (event.runId() == null || event.syncType() == null) {
            throw new InvalidEventException("RunStarted " + event.messageId() + " lacks runId or syncType");
        }
        if (event.expectedPatients() < 0) {
            throw new InvalidEventException("RunStarted for run " + event.runId() + " expects a negative count");
        }
        if (event.businessDate() == null || event.businessDate().isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(event.businessDate());
        } catch (DateTimeParseException e) {
            throw new InvalidEventException("RunStarted for run " + event.runId() + " has a malformed businessDate");
        }
    }

    private static void validate(SyncResult result) {
        if (result == null) {
            throw new InvalidEventException("empty or unreadable SyncResult record");
        }
        if (result.runId() == null || result.patientId() == null || result.status() == null) {
            throw new InvalidEventException("SyncResult " + result.messageId() + " lacks runId, patientId or status");
        }
        if (!SOURCES.contains(result.source())) {
            throw new InvalidEventException("SyncResult " + result.messageId() + " has an unknown source");
        }
    }
}
