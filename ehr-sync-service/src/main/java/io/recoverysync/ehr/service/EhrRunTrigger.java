package io.recoverysync.ehr.service;

import io.recoverysync.contracts.MessageIds;
import io.recoverysync.contracts.RunStarted;
import io.recoverysync.contracts.SyncCommand;
import io.recoverysync.contracts.SyncType;
import io.recoverysync.contracts.Topics;
import io.recoverysync.ehr.messaging.OutboxRelay;
import io.recoverysync.ehr.repository.NoteQueueRepository;
import io.recoverysync.ehr.repository.OutboxRepository;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * An EHR run on request: every patient of the organization with notes still to post is drained now (back-off
 * waived, as an EHR command would), as one run with its sync_logs row — RunStarted through the outbox at once, then
 * one result per patient as its drain ends, in the background. A run interrupted by a crash is ended by sync-log's
 * deadline, naming the patients it misses.
 */
@ApplicationScoped
public class EhrRunTrigger {
    private static final Logger LOG = Logger.getLogger(EhrRunTrigger.class);

    private final NoteQueueRepository queue;
    private final OutboxRepository outbox;
    private final OutboxRelay relay;
    private final CommandDrain drain;
    private final Clock clock;

    public EhrRunTrigger(NoteQueueRepository queue, OutboxRepository outbox, OutboxRelay relay, CommandDrain drain,
            Clock clock) {
        this.queue = queue;
        this.outbox = outbox;
        this.relay = relay;
        this.drain = drain;
        this.clock = clock;
    }

    /** A started run: its id (the sync_logs id) and how many patients it drains. */
    public record Started(UUID runId, UUID organizationId, int patientCount) {
    }

    public Uni<Started> start(UUID organizationId, String triggeredBy) {
        UUID runId = UUID.randomUUID();
        return queue.patientsToDrain(organizationId).call(patients -> queue.inTransaction(tx -> outbox.add(tx, List.of(
                        new OutboxRepository.Message(Topics.SYNC_RUNS, runId.toString(), new RunStarted(
                                MessageIds.runStarted(runId), RunStarted.VERSION, runId, SyncType.EHR, organizationId,
                                patients.size(), triggeredBy, null, clock.instant()))))))
                .invoke(patients -> {
                    relay.nudge();
                    Multi.createFrom().iterable(patients)
                            .onItem().transformToUniAndConcatenate(patient -> drain.drain(new SyncCommand(
                                    MessageIds.command(runId, patient), SyncCommand.VERSION, runId, SyncType.EHR,
                                    organizationId, patient, clock.instant())).onFailure().recoverWithNull())
                            .collect().asList()
                            .subscribe().with(results -> LOG.infof("EHR run %s: %d patient(s) drained", runId, results.size()),
                                    e -> LOG.warnf("EHR run %s stopped early (%s); sync-log's deadline ends it",
                                            runId, e.getClass().getSimpleName()));
                })
                .map(patients -> new Started(runId, organizationId, patients.size()));
    }
}
