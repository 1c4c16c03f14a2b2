package io.recoverysync.ehr.service;

import io.quarkus.scheduler.Scheduled;
import io.recoverysync.contracts.MessageIds;
import io.recoverysync.contracts.ReasonCode;
import io.recoverysync.contracts.ResultStatus;
import io.recoverysync.contracts.RunStarted;
import io.recoverysync.contracts.SyncResult;
import io.recoverysync.contracts.SyncType;
import io.recoverysync.contracts.Topics;
import io.recoverysync.ehr.config.EhrSyncConfig;
import io.recoverysync.ehr.messaging.OutboxRelay;
import io.recoverysync.ehr.repository.NoteQueueRepository;
import io.recoverysync.ehr.repository.OutboxRepository;
import io.recoverysync.ehr.repository.QueuedNote;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Reports finished notes (completed or failed, not reported by a per-patient drain) as EHR runs, so sync_logs shows
 * them without crowding out the appointment runs: every {@code ehr-sync.report.every} (1 h), one run per organization
 * (sync type {@code ehr}, {@code expectedPatients} = patients with finished notes) with one SyncResult per patient
 * that counts the patient's notes ({@code ehrNotesSynced}, {@code ehrNotesFailed}; failed when any failed, with the
 * worst reason), written to the outbox in the same transaction that marks the notes reported. A run is complete
 * the moment its results are in and counts notes exactly; a quiet hour makes no run.
 */
@ApplicationScoped
public class RunReporter {
    private static final Logger LOG = Logger.getLogger(RunReporter.class);
    private static final int MAX_BATCHES_PER_PASS = 50;
    static final String TRIGGERED_BY = "ehr-sync";

    private final NoteQueueRepository queue;
    private final OutboxRepository outbox;
    private final OutboxRelay relay;
    private final Lifecycle lifecycle;
    private final int batchSize;

    public RunReporter(NoteQueueRepository queue, OutboxRepository outbox, OutboxRelay relay, EhrSyncConfig config,
            Lifecycle lifecycle) {
        this.lifecycle = lifecycle;
        this.queue = queue;
        this.outbox = outbox;
        this.relay = relay;
        this.batchSize = config.report().batchSize();
    }

    @Scheduled(identity = "ehr-run-report", every = "${ehr-sync.report.every:1h}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        if (lifecycle.stopping()) {
            return Uni.createFrom().voidItem();
        }
        return report().onFailure().recoverWithItem(e -> {
            LOG.warnf("EHR run report failed (%s); next run retries", e.getClass().getSimpleName());
            return 0;
        }).replaceWithVoid();
    }

    /** Reports everything finished so far; the number of notes reported. */
    public Uni<Integer> report() {
        return pass(0, 0).invoke(n -> {
            if (n > 0) {
                relay.nudge();
            }
        });
    }

    private Uni<Integer> pass(int batches, int reported) {
        return queue.inTransaction(tx -> queue.lockUnreported(tx, batchSize)
                        .chain(rows -> {
                            if (rows.isEmpty()) {
                                return Uni.createFrom().item(0);
                            }
                            List<OutboxRepository.Message> messages = new ArrayList<>();
                            Map<UUID, List<QueuedNote>> byOrganization = new LinkedHashMap<>();
                            rows.forEach(n -> byOrganization.computeIfAbsent(n.organizationId(), o -> new ArrayList<>()).add(n));
                            Uni<Void> marks = Uni.createFrom().voidItem();
                            for (Map.Entry<UUID, List<QueuedNote>> org : byOrganization.entrySet()) {
                                UUID runId = UUID.randomUUID();
                                messages.addAll(runMessages(runId, org.getKey(), org.getValue()));
                                List<UUID> ids = org.getValue().stream().map(QueuedNote::id).toList();
                                marks = marks.chain(() -> queue.markReported(tx, ids, runId));
                            }
                            return marks.chain(() -> outbox.add(tx, messages)).replaceWith(rows.size());
                        }))
                .chain(n -> n == batchSize && batches < MAX_BATCHES_PER_PASS
                        ? pass(batches + 1, reported + n)
                        : Uni.createFrom().item(reported + n));
    }

    private static List<OutboxRepository.Message> runMessages(UUID runId, UUID organizationId, List<QueuedNote> notes) {
        Instant startedAt = notes.stream().map(QueuedNote::createdAt).min(Instant::compareTo).orElse(Instant.now());
        Map<UUID, List<QueuedNote>> byPatient = new LinkedHashMap<>();
        notes.forEach(n -> byPatient.computeIfAbsent(n.patientId(), p -> new ArrayList<>()).add(n));
        List<OutboxRepository.Message> messages = new ArrayList<>(byPatient.size() + 1);
        messages.add(new OutboxRepository.Message(Topics.SYNC_RUNS, runId.toString(),
                new RunStarted(MessageIds.runStarted(runId), RunStarted.VERSION, runId, SyncType.EHR, organizationId,
                        byPatient.size(), TRIGGERED_BY, null, startedAt)));
        for (List<QueuedNote> patientNotes : byPatient.values()) {
            messages.add(new OutboxRepository.Message(Topics.SYNC_RESULTS, runId.toString(), result(runId, patientNotes)));
        }
        return messages;
    }

    /** One patient's finished notes as one SyncResult counting them; ids and status codes only, never EHRbase's text. */
    static SyncResult result(UUID runId, List<QueuedNote> notes) {
        QueuedNote first = notes.get(0);
        int synced = 0;
        int failed = 0;
        ReasonCode reason = null;
        Integer lastStatus = null;
        Instant finished = Instant.EPOCH;
        long longest = 0;
        for (QueuedNote n : notes) {
            Instant done = n.completedAt() != null ? n.completedAt() : n.updatedAt();
            finished = done.isAfter(finished) ? done : finished;
            longest = Math.max(longest, Duration.between(n.createdAt(), done).toMillis());
            if (QueuedNote.COMPLETED.equals(n.status())) {
                synced++;
            } else {
                failed++;
                reason = CommandDrain.worse(reason, reason(n));
                lastStatus = n.lastHttpStatus() != null ? n.lastHttpStatus() : lastStatus;
            }
        }
        boolean ok = failed == 0;
        String detail = synced + " note(s) stored, " + failed + " failed"
                + (ok || lastStatus == null ? "" : " (last HTTP " + lastStatus + ")");
        UUID messageId = UUID.nameUUIDFromBytes(("ehr-notes-result:" + runId + "/" + first.patientId())
                .getBytes(StandardCharsets.UTF_8));
        return new SyncResult(messageId, SyncResult.VERSION, runId, first.organizationId(), first.patientId(),
                SyncResult.SOURCE_EHR, ok ? ResultStatus.SUCCEEDED : ResultStatus.FAILED, ok ? null : reason, detail,
                0, 0, 0, 0, Math.max(0, longest), finished, synced, failed);
    }

    static ReasonCode reason(QueuedNote n) {
        try {
            return n.failureReason() == null ? ReasonCode.INTERNAL_ERROR : ReasonCode.valueOf(n.failureReason());
        } catch (IllegalArgumentException e) {
            return ReasonCode.INTERNAL_ERROR;
        }
    }
}
