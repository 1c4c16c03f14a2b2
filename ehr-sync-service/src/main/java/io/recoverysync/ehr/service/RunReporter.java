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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Reports finished notes (completed or failed, not reported by a per-patient drain) as EHR runs, so sync_logs
 * shows them: every {@code ehr-sync.report.every}, per organization, one RunStarted (sync type {@code ehr},
 * {@code expectedPatients} = results in the batch) and one SyncResult per note, written to the outbox in the same
 * transaction that marks the notes reported. sync-log keys results by (run, patient, source), so a batch holds
 * at most one note per patient; a patient's further notes go into the next batch of the same pass. Each run is
 * therefore complete the moment its results are in, and counts notes exactly.
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

    @Scheduled(identity = "ehr-run-report", every = "${ehr-sync.report.every:30s}", delayed = "5s",
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
                            List<QueuedNote> batch = onePerPatient(rows);
                            if (batch.isEmpty()) {
                                return Uni.createFrom().item(new int[] {0, 0});
                            }
                            List<OutboxRepository.Message> messages = new ArrayList<>();
                            Map<UUID, List<QueuedNote>> byOrganization = new LinkedHashMap<>();
                            batch.forEach(n -> byOrganization.computeIfAbsent(n.organizationId(), o -> new ArrayList<>()).add(n));
                            Uni<Void> marks = Uni.createFrom().voidItem();
                            for (Map.Entry<UUID, List<QueuedNote>> org : byOrganization.entrySet()) {
                                UUID runId = UUID.randomUUID();
                                messages.addAll(runMessages(runId, org.getKey(), org.getValue()));
                                List<UUID> ids = org.getValue().stream().map(QueuedNote::id).toList();
                                marks = marks.chain(() -> queue.markReported(tx, ids, runId));
                            }
                            int leftOver = rows.size() - batch.size();
                            return marks.chain(() -> outbox.add(tx, messages))
                                    .replaceWith(new int[] {batch.size(), leftOver});
                        }))
                .chain(counts -> counts[0] > 0 && (counts[1] > 0 || counts[0] == batchSize) && batches < MAX_BATCHES_PER_PASS
                        ? pass(batches + 1, reported + counts[0])
                        : Uni.createFrom().item(reported + counts[0]));
    }

    private static List<QueuedNote> onePerPatient(List<QueuedNote> rows) {
        Set<UUID> seen = new HashSet<>();
        List<QueuedNote> batch = new ArrayList<>();
        for (QueuedNote row : rows) {
            if (seen.add(row.patientId())) {
                batch.add(row);
            }
        }
        return batch;
    }

    private static List<OutboxRepository.Message> runMessages(UUID runId, UUID organizationId, List<QueuedNote> notes) {
        Instant startedAt = notes.stream().map(QueuedNote::createdAt).min(Instant::compareTo).orElse(Instant.now());
        List<OutboxRepository.Message> messages = new ArrayList<>(notes.size() + 1);
        messages.add(new OutboxRepository.Message(Topics.SYNC_RUNS, runId.toString(),
                new RunStarted(MessageIds.runStarted(runId), RunStarted.VERSION, runId, SyncType.EHR, organizationId,
                        notes.size(), TRIGGERED_BY, null, startedAt)));
        for (QueuedNote n : notes) {
            messages.add(new OutboxRepository.Message(Topics.SYNC_RESULTS, runId.toString(), result(runId, n)));
        }
        return messages;
    }

    /** One note's outcome as a SyncResult; the detail holds ids and status codes only, never EHRbase's message. */
    static SyncResult result(UUID runId, QueuedNote n) {
        boolean ok = QueuedNote.COMPLETED.equals(n.status());
        Instant finished = n.completedAt() != null ? n.completedAt() : n.updatedAt();
        String detail = ok
                ? "note " + n.noteId() + " revision " + n.revision() + " stored as " + n.compositionUid()
                : "note " + n.noteId() + " revision " + n.revision() + ": "
                        + (n.lastHttpStatus() == null ? "no answer" : "HTTP " + n.lastHttpStatus())
                        + " after " + n.attempts() + " attempt(s)";
        UUID messageId = UUID.nameUUIDFromBytes(("ehr-note-result:" + n.id()).getBytes(StandardCharsets.UTF_8));
        return new SyncResult(messageId, SyncResult.VERSION, runId, n.organizationId(), n.patientId(),
                SyncResult.SOURCE_EHR, ok ? ResultStatus.SUCCEEDED : ResultStatus.FAILED, ok ? null : reason(n), detail,
                0, 0, 0, 0, Math.max(0, Duration.between(n.createdAt(), finished).toMillis()), finished);
    }

    static ReasonCode reason(QueuedNote n) {
        try {
            return n.failureReason() == null ? ReasonCode.INTERNAL_ERROR : ReasonCode.valueOf(n.failureReason());
        } catch (IllegalArgumentException e) {
            return ReasonCode.INTERNAL_ERROR;
        }
    }
}
