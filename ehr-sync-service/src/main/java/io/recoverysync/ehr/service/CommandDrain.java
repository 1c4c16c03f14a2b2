package io.recoverysync.ehr.service;

import io.recoverysync.contracts.MessageIds;
import io.recoverysync.contracts.ReasonCode;
import io.recoverysync.contracts.ResultStatus;
import io.recoverysync.contracts.SyncCommand;
import io.recoverysync.contracts.SyncResult;
import io.recoverysync.contracts.Topics;
import io.recoverysync.ehr.messaging.OutboxRelay;
import io.recoverysync.ehr.repository.NoteQueueRepository;
import io.recoverysync.ehr.repository.OutboxRepository;
import io.recoverysync.ehr.repository.QueuedNote;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Handles an EHR command from sync.commands: posts the patient's pending notes now (back-off waived, in the
 * patient's lane) and answers with one SyncResult for the command's run — succeeded when nothing is left
 * failed or retrying. Notes another worker holds right now are left to it and not counted. The result and the
 * "reported in this run" marks of the finished notes are written in one transaction through the outbox.
 */
@ApplicationScoped
public class CommandDrain {
    private static final Logger LOG = Logger.getLogger(CommandDrain.class);

    private final NoteQueueRepository queue;
    private final OutboxRepository outbox;
    private final OutboxRelay relay;
    private final NoteDispatcher dispatcher;
    private final Clock clock;

    public CommandDrain(NoteQueueRepository queue, OutboxRepository outbox, OutboxRelay relay, NoteDispatcher dispatcher,
            Clock clock) {
        this.queue = queue;
        this.outbox = outbox;
        this.relay = relay;
        this.dispatcher = dispatcher;
        this.clock = clock;
    }

    public Uni<SyncResult> drain(SyncCommand command) {
        long started = System.nanoTime();
        return queue.drainable(command.patientId())
                .chain(notes -> Multi.createFrom().iterable(notes)
                        .onItem().transformToUniAndConcatenate(n -> dispatcher.postNow(n.id(), command.patientId())
                                .onFailure().recoverWithNull())
                        .collect().asList()
                        .chain(() -> notes.isEmpty() ? Uni.createFrom().item(List.<QueuedNote>of())
                                : queue.byIds(notes.stream().map(NoteQueueRepository.Announce::id).toList())))
                .map(rows -> summarize(command, rows, started))
                .call(summary -> queue.inTransaction(tx -> outbox.add(tx, List.of(new OutboxRepository.Message(
                                Topics.SYNC_RESULTS, command.runId().toString(), summary.result())))
                        .chain(() -> queue.markReported(tx, summary.finished(), command.runId()))))
                .invoke(summary -> {
                    LOG.debugf("run %s patient %s: EHR drain %s", command.runId(), command.patientId(),
                            summary.result().status().wire());
                    relay.nudge();
                })
                .map(Summary::result);
    }

    /** The command's result and the notes it accounts for (their outcome is reported in the command's run). */
    private record Summary(SyncResult result, List<UUID> finished) {
    }

    private Summary summarize(SyncCommand command, List<QueuedNote> rows, long started) {
        int synced = 0;
        int failed = 0;
        int retrying = 0;
        Integer lastStatus = null;
        ReasonCode reason = null;
        for (QueuedNote n : rows) {
            switch (n.status()) {
                case QueuedNote.COMPLETED, QueuedNote.SUPERSEDED -> synced++;
                case QueuedNote.FAILED -> {
                    failed++;
                    reason = worse(reason, RunReporter.reason(n));
                    lastStatus = n.lastHttpStatus() != null ? n.lastHttpStatus() : lastStatus;
                }
                case QueuedNote.PENDING -> {
                    retrying++;
                    reason = worse(reason, ReasonCode.EHRBASE_UNAVAILABLE);
                    lastStatus = n.lastHttpStatus() != null ? n.lastHttpStatus() : lastStatus;
                }
                default -> {
                    // in_progress: held by another worker, which reports it
                }
            }
        }
        List<UUID> finished = rows.stream()
                .filter(n -> QueuedNote.COMPLETED.equals(n.status()) || QueuedNote.FAILED.equals(n.status()))
                .map(QueuedNote::id).toList();
        boolean ok = failed == 0 && retrying == 0;
        String detail = synced + " note(s) synced, " + failed + " failed, " + retrying + " retrying"
                + (ok || lastStatus == null ? "" : " (last HTTP " + lastStatus + ")");
        return new Summary(new SyncResult(MessageIds.result(command.messageId(), SyncResult.SOURCE_EHR), SyncResult.VERSION,
                command.runId(), command.organizationId(), command.patientId(), SyncResult.SOURCE_EHR,
                ok ? ResultStatus.SUCCEEDED : ResultStatus.FAILED, ok ? null : reason, detail, 0, 0, 0, 0,
                Duration.ofNanos(System.nanoTime() - started).toMillis(), clock.instant()), finished);
    }

    /** The reason the case manager should see first: credentials, configuration, rejections, then unavailability. */
    static ReasonCode worse(ReasonCode current, ReasonCode candidate) {
        if (current == null) {
            return candidate;
        }
        List<ReasonCode> order = List.of(ReasonCode.EHRBASE_UNAUTHORIZED, ReasonCode.EHRBASE_MISCONFIGURED,
                ReasonCode.EHRBASE_REJECTED,
                ReasonCode.EHRBASE_UNAVAILABLE, ReasonCode.INTERNAL_ERROR);
        int a = order.indexOf(current);
        int b = order.indexOf(candidate);
        return b >= 0 && (a < 0 || b < a) ? candidate : current;
    }
}
