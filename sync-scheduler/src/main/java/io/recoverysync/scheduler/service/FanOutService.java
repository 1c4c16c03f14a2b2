package io.recoverysync.scheduler.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.context.Context;
import io.quarkus.scheduler.Scheduled;
import io.recoverysync.contracts.MessageIds;
import io.recoverysync.contracts.RunStarted;
import io.recoverysync.contracts.SyncCommand;
import io.recoverysync.contracts.SyncType;
import io.recoverysync.scheduler.messaging.SyncPublisher;
import io.recoverysync.scheduler.repository.RosterRepository;
import io.recoverysync.scheduler.repository.RunRepository;
import io.recoverysync.scheduler.repository.RunRepository.Run;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import io.recoverysync.scheduler.config.SchedulerConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.AbstractList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jboss.logging.Logger;

/**
 * Starts runs: records the run, announces it on {@code sync.runs} with the number of commands to expect, then
 * publishes one command per patient on {@code sync.commands}. Message ids are derived from (run, patient), so a
 * fan-out repeated after a crash produces duplicates that every consumer recognises.
 *
 * <p>While this process fans a run out (from its insert, or from the claim of a resume, to its completion or failure)
 * the {@code fan-out-heartbeat} job refreshes the run's {@code fanout_heartbeat_at} every
 * {@code sync.recovery.heartbeat-every}; a run not fanned out whose heartbeat is older than
 * {@code sync.recovery.stale-after} was left by a crash (or a failed fan-out) and is resumed by whichever replica
 * claims it first ({@link #resumeIfStale}).
 *
 * <p>Each entry point captures the caller's trace context (the REST request's span) while it still runs on the
 * caller's context, and the run's messages carry it, so a run's spans connect from the trigger to the consumers.
 * Metrics: {@code sync_runs_started_total{type}}, {@code sync_commands_published_total{type}}.
 */
@ApplicationScoped
public class FanOutService {
    private static final Logger LOG = Logger.getLogger(FanOutService.class);

    private final RosterRepository roster;
    private final RunRepository runs;
    private final SyncPublisher publisher;
    private final NightlySchedule nightly;
    private final Clock clock;
    private final Duration bulkMaxDuration;
    private final Duration staleAfter;
    private final MeterRegistry registry;
    /** The runs this process is fanning out, each with how many fan-outs of it are under way here. */
    private final ConcurrentMap<UUID, Integer> inFlight = new ConcurrentHashMap<>();

    public FanOutService(RosterRepository roster, RunRepository runs, SyncPublisher publisher,
            NightlySchedule nightly, Clock clock, SchedulerConfig config, MeterRegistry registry) {
        this.bulkMaxDuration = config.bulk().maxDuration();
        this.staleAfter = config.recovery().staleAfter();
        Duration heartbeatEvery = config.recovery().heartbeatEvery();
        if (heartbeatEvery.multipliedBy(3).compareTo(staleAfter) > 0) {
            // a live fan-out must miss several heartbeats in a row before another replica takes it over
            LOG.warnf("sync.recovery.heartbeat-every (%s) is not well below sync.recovery.stale-after (%s): runs still "
                    + "being fanned out may be resumed by another replica as well", heartbeatEvery, staleAfter);
        }
        this.registry = registry;
        this.roster = roster;
        this.runs = runs;
        this.publisher = publisher;
        this.nightly = nightly;
        this.clock = clock;
    }

    /**
     * What a trigger started (or found already started) for one organization; {@code syncLogId} null when the
     * organization's run could not be started (the next trigger or the periodic catch-up starts it).
     */
    public record RunTicket(UUID organizationId, UUID syncLogId, int patientCount, boolean created) {
        static RunTicket notStarted(UUID organizationId) {
            return new RunTicket(organizationId, null, -1, false);
        }
    }

    /** Starts the nightly run of every organization for the business date of {@code triggeredAt}, once per date. */
    public Uni<List<RunTicket>> startNightly(String triggeredBy, Instant triggeredAt) {
        LocalDate businessDate = nightly.businessDate(triggeredAt);
        Context trace = Context.current();
        return roster.organizationIds()
                .onItem().transformToMulti(ids -> Multi.createFrom().iterable(ids))
                // one organization's failure never costs the others their night: each is tried (with retries) on
                // its own, and one still failing is logged and left to the next trigger or the periodic catch-up
                .onItem().transformToUniAndConcatenate(orgId -> startNightlyFor(orgId, businessDate, triggeredBy, trace)
                        .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(2)).atMost(3)
                        .onFailure().recoverWithItem(e -> {
                            LOG.errorf("nightly run of organization %s for %s not started (%s); the next trigger or "
                                    + "the catch-up starts it", orgId, businessDate, e.getClass().getSimpleName());
                            return RunTicket.notStarted(orgId);
                        }))
                .collect().asList()
                .invoke(tickets -> LOG.infof("nightly trigger by %s for %s: %d organizations, %d new runs, %d not started",
                        triggeredBy, businessDate, tickets.size(), tickets.stream().filter(RunTicket::created).count(),
                        tickets.stream().filter(t -> t.syncLogId() == null).count()));
    }

    private Uni<RunTicket> startNightlyFor(UUID organizationId, LocalDate businessDate, String triggeredBy,
            Context trace) {
        Run run = new Run(UUID.randomUUID(), organizationId, SyncType.AUTOMATED_DAILY, businessDate, null, triggeredBy, null);
        return runs.insert(run)
                .onItem().transformToUni(inserted -> inserted == null
                        ? runs.findNightly(organizationId, businessDate)
                                .map(existing -> new RunTicket(organizationId, existing.id(), -1, false))
                        : fanOut(inserted, trace));
    }

    /** Thrown when the organization already has a bulk run that has not ended. */
    public static class BulkRunning extends RuntimeException {
        private final UUID runningRunId;

        public BulkRunning(UUID runningRunId) {
            super("a bulk refresh is already running", null, false, false);
            this.runningRunId = runningRunId;
        }

        public UUID runningRunId() {
            return runningRunId;
        }
    }

    /**
     * Starts a bulk refresh of one organization's active patients; fails with {@link BulkRunning} while another
     * one of the organization has not ended (one open bulk run per organization, enforced by a unique index).
     * When that open run is one a crash left unannounced (not fanned out, heartbeat stale), it is resumed first,
     * so the run the refusal names is one the log service shows.
     */
    public Uni<RunTicket> startBulk(UUID organizationId, String triggeredBy) {
        Run run = new Run(UUID.randomUUID(), organizationId, SyncType.MANUAL_BULK, null, null, triggeredBy, null);
        Context trace = Context.current();
        return runs.releaseStaleBulk(organizationId, bulkMaxDuration)
                .chain(() -> runs.insert(run))
                .onItem().transformToUni(inserted -> inserted != null
                        ? fanOut(inserted, trace)
                        : runs.openBulk(organizationId).onItem().transformToUni(open -> refuseBulk(open, trace)));
    }

    private Uni<RunTicket> refuseBulk(Run open, Context trace) {
        if (open == null) {
            return Uni.createFrom().failure(new BulkRunning(null));
        }
        return resumeIfStale(open, trace)
                // the refusal stands whatever the resume did; the recovery sweep tries again if it failed
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("resuming run %s on a refused bulk refresh failed (%s); the recovery sweep retries",
                            open.id(), e.getClass().getSimpleName());
                    return null;
                })
                .onItem().transformToUni(ignored -> Uni.createFrom().failure(new BulkRunning(open.id())));
    }

    /** Starts a refresh of one patient. */
    public Uni<RunTicket> startPatient(UUID organizationId, UUID patientId, String triggeredBy) {
        Run run = new Run(UUID.randomUUID(), organizationId, SyncType.MANUAL_PATIENT, null, patientId, triggeredBy, null);
        Context trace = Context.current();
        return runs.insert(run)
                .onItem().transformToUni(inserted -> fanOut(inserted, trace));
    }

    /**
     * Re-publishes a run whose fan-out did not finish and whose heartbeat is older than
     * {@code sync.recovery.stale-after}, if this process is the one to claim it (the claim refreshes the heartbeat
     * atomically, so of several replicas one resumes it); null when the run is not stale (any more) or another
     * process claimed it. Consumers drop what they already saw of an earlier attempt.
     */
    public Uni<RunTicket> resumeIfStale(Run run) {
        return resumeIfStale(run, Context.current());
    }

    private Uni<RunTicket> resumeIfStale(Run run, Context trace) {
        return runs.claimStale(run.id(), staleAfter)
                .onItem().ifNotNull().transformToUni(claimed -> {
                    LOG.warnf("resuming interrupted fan-out of run %s (%s, org %s)",
                            claimed.id(), claimed.syncType().wire(), claimed.organizationId());
                    return fanOut(claimed, trace);
                });
    }

    /**
     * Every {@code sync.recovery.heartbeat-every}: tells the other replicas that the runs this process is fanning
     * out are alive, so none of them resumes a run that is merely large.
     */
    @Scheduled(identity = "fan-out-heartbeat", every = "${sync.recovery.heartbeat-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> heartbeat() {
        if (inFlight.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return runs.heartbeat(List.copyOf(inFlight.keySet()))
                .replaceWithVoid()
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("fan-out heartbeat failed (%s); the next one retries", e.getClass().getSimpleName());
                    return null;
                });
    }

    /** Fans a recorded run out (its patient, or the organization's active patients), heartbeating it meanwhile. */
    private Uni<RunTicket> fanOut(Run run, Context trace) {
        return Uni.createFrom().deferred(() -> {
                    inFlight.merge(run.id(), 1, Integer::sum);
                    return run.patientId() != null
                            ? Uni.createFrom().item(List.of(run.patientId()))
                            : roster.activePatientIds(run.organizationId());
                })
                .onItem().transformToUni(patientIds -> publish(run, patientIds, trace))
                .onTermination().invoke(() -> inFlight.computeIfPresent(run.id(), (id, n) -> n == 1 ? null : n - 1));
    }

    private Uni<RunTicket> publish(Run run, List<UUID> patientIds, Context trace) {
        Instant now = clock.instant();
        RunStarted started = new RunStarted(MessageIds.runStarted(run.id()), RunStarted.VERSION, run.id(),
                run.syncType(), run.organizationId(), patientIds.size(), run.triggeredBy(),
                run.businessDate() == null ? null : run.businessDate().toString(),
                run.createdAt() == null ? now : run.createdAt().toInstant(),
                patientIds.size() <= RunStarted.MAX_LISTED_PATIENTS ? patientIds : null);
        return publisher.runStarted(started, trace)
                .onItem().transformToUni(ignored -> publishCommands(run, patientIds, now, trace))
                .onItem().transformToUni(ignored -> runs.markFannedOut(run.id(), patientIds.size()))
                .invoke(() -> counted(run, patientIds.size()))
                .invoke(() -> LOG.infof("run %s (%s, org %s): %d commands published",
                        run.id(), run.syncType().wire(), run.organizationId(), patientIds.size()))
                .map(ignored -> new RunTicket(run.organizationId(), run.id(), patientIds.size(), true));
    }

    private void counted(Run run, int commands) {
        String type = run.syncType().wire();
        Counter.builder("sync.runs.started").description("Runs fanned out, by sync type")
                .tag("type", type).register(registry).increment();
        Counter.builder("sync.commands.published").description("Per-patient commands published, by sync type")
                .tag("type", type).register(registry).increment(commands);
    }

    private Uni<Void> publishCommands(Run run, List<UUID> patientIds, Instant now, Context trace) {
        // A view, not a copy: each command is built when the publisher sends it, on the producer's sending thread,
        // so a fan-out of 100k patients neither holds 100k commands nor computes their ids on the event loop.
        List<SyncCommand> commands = new AbstractList<>() {
            @Override
            public SyncCommand get(int index) {
                UUID patientId = patientIds.get(index);
                return new SyncCommand(MessageIds.command(run.id(), patientId), SyncCommand.VERSION, run.id(),
                        run.syncType(), run.organizationId(), patientId, now);
            }

            @Override
            public int size() {
                return patientIds.size();
            }
        };
        return publisher.commands(commands, trace);
    }
}
