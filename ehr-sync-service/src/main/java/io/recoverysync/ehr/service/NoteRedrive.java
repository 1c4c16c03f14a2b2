package io.recoverysync.ehr.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.recoverysync.contracts.ReasonCode;
import io.recoverysync.ehr.client.EhrbaseAnswer;
import io.recoverysync.ehr.client.EhrbaseClient;
import io.recoverysync.ehr.client.EhrbaseFailure;
import io.recoverysync.ehr.config.EhrSyncConfig;
import io.recoverysync.ehr.messaging.OutboxRelay;
import io.recoverysync.ehr.repository.NoteQueueRepository;
import io.recoverysync.ehr.repository.OutboxRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Sends failed notes to EHRbase again. Ops re-drive one note or every failed note of a reason code and time range;
 * and notes that failed because EHRbase refused the credentials or was away for longer than the retry budget go
 * again by themselves: while any exist, a cheap authenticated probe runs every {@code ehr-sync.recovery.every}, and
 * once EHRbase answers it 200 they are re-driven. Notes still within their budget but backing off after EHRbase was
 * away (the back-off grows to {@code ehr-sync.retry.max-backoff}, 10 min) are woken by the same probe: due now, so an
 * outage ends for them within one recovery pass rather than at their next scheduled attempt. A re-driven note is pending with a fresh retry budget and is
 * announced on ehr.notes through the outbox in the same transaction; its composition id is the same as before, so
 * a note EHRbase had in fact stored is not stored twice.
 */
@ApplicationScoped
public class NoteRedrive {
    private static final Logger LOG = Logger.getLogger(NoteRedrive.class);
    /** What fails because of EHRbase or its configuration, not because of the note. */
    static final List<String> RECOVERABLE = List.of(ReasonCode.EHRBASE_UNAUTHORIZED.name(),
            ReasonCode.EHRBASE_UNAVAILABLE.name());

    private final NoteQueueRepository queue;
    private final OutboxRepository outbox;
    private final OutboxRelay relay;
    private final EhrbaseClient ehrbase;
    private final Lifecycle lifecycle;
    private final EhrSyncConfig.Recovery config;
    private final Clock clock;
    private final MeterRegistry registry;

    public NoteRedrive(NoteQueueRepository queue, OutboxRepository outbox, OutboxRelay relay, EhrbaseClient ehrbase,
            Lifecycle lifecycle, EhrSyncConfig config, Clock clock, MeterRegistry registry) {
        this.queue = queue;
        this.outbox = outbox;
        this.relay = relay;
        this.ehrbase = ehrbase;
        this.lifecycle = lifecycle;
        this.config = config.recovery();
        this.clock = clock;
        this.registry = registry;
    }

    /** Re-drives what {@code criteria} selects, at most {@code limit}; the notes sent again. */
    public Uni<List<NoteQueueRepository.Announce>> redrive(NoteQueueRepository.RedriveCriteria criteria, int limit,
            String trigger) {
        return queue.inTransaction(tx -> queue.redrive(tx, criteria, limit)
                        .call(notes -> outbox.add(tx, notes.stream()
                                .map(a -> SafetySweep.announcement(a, clock.instant())).toList())))
                .invoke(notes -> {
                    if (!notes.isEmpty()) {
                        registry.counter("ehr_notes_redriven_total", "trigger", trigger).increment(notes.size());
                        LOG.infof("EHR re-drive (%s): %d failed note(s) sent again", trigger, notes.size());
                        relay.nudge();
                    }
                });
    }

    /** Notes backing off after EHRbase was away, made due now and announced; how many. */
    private Uni<Integer> wake() {
        return queue.inTransaction(tx -> queue.wakeBackingOff(tx, config.batchSize())
                        .call(notes -> outbox.add(tx, notes.stream()
                                .map(a -> SafetySweep.announcement(a, clock.instant())).toList())))
                .invoke(notes -> {
                    if (!notes.isEmpty()) {
                        registry.counter("ehr_notes_woken_total").increment(notes.size());
                        LOG.infof("EHR recovery: EHRbase answers again; %d backing-off note(s) due now", notes.size());
                        relay.nudge();
                    }
                })
                .map(List::size);
    }

    @Scheduled(identity = "ehr-recovery", every = "${ehr-sync.recovery.every:60s}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        if (lifecycle.stopping()) {
            return Uni.createFrom().voidItem();
        }
        return recover().onFailure().recoverWithItem(e -> {
            LOG.debugf("EHR recovery pass failed (%s); the next pass tries again", e.getClass().getSimpleName());
            return 0;
        }).replaceWithVoid();
    }

    /** One recovery pass: the number of notes re-driven (0 when none waited or EHRbase does not answer 200). */
    public Uni<Integer> recover() {
        return Uni.combine().all().unis(queue.countFailed(RECOVERABLE), queue.countBackingOff()).asTuple()
                .map(counts -> counts.getItem1() + counts.getItem2())
                .chain(waiting -> waiting == 0 ? Uni.createFrom().item(0)
                : ehrbase.probe()
                        // unreachable: no answer (status 0); the next pass probes again
                        .onFailure(EhrbaseFailure.class).recoverWithItem(e -> new EhrbaseAnswer(0, null, null, null))
                        .chain(answer -> {
                    if (!answer.ok()) {
                        LOG.debugf("EHR recovery: %d note(s) wait; EHRbase answers the probe HTTP %d", waiting, (Object) answer.status());
                        return Uni.createFrom().item(0);
                    }
                    return redrive(new NoteQueueRepository.RedriveCriteria(null, RECOVERABLE, null, null, null),
                            config.batchSize(), "recovery").map(List::size)
                            .chain(redriven -> wake().map(woken -> redriven + woken));
                }));
    }
}
