package io.recoverysync.scheduler.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.context.Context;
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
import org.jboss.logging.Logger;

/**
 * Starts runs: records the run, announces it on {@code sync.runs} with the number of commands to expect, then
 * publishes one command per patient on {@code sync.commands}. Message ids are derived from (run, patient), so a
 * fan-out repeated after a crash produces duplicates that every consumer recognises.
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
    private final MeterRegistry registry;

    public FanOutService(RosterRepository roster, RunRepository runs, SyncPublisher publisher,
            NightlySchedule nightly, Clock clock, SchedulerConfig config, MeterRegistry registry) {
        this.bulkMaxDuration = config.bulk().maxDuration();
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
                        : fanOutOrganization(inserted, trace));
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
     */
    public Uni<RunTicket> startBulk(UUID organizationId, String triggeredBy) {
        Run run = new Run(UUID.randomUUID(), organizationId, SyncType.MANUAL_BULK, null, null, triggeredBy, null);
        Context trace = Context.current();
        return runs.releaseStaleBulk(organizationId, bulkMaxDuration)
                .chain(() -> runs.insert(run))
                .onItem().transformToUni(inserted -> inserted != null
                        ? fanOutOrganization(inserted, trace)
                        : runs.openBulk(organizationId).onItem().transformToUni(open -> Uni.createFrom()
                                .failure(new BulkRunning(open == null ? null : open.id()))));
    }

    /** Starts a refresh of one patient. */
    public Uni<RunTicket> startPatient(UUID organizationId, UUID patientId, String triggeredBy) {
        Run run = new Run(UUID.randomUUID(), organizationId, SyncType.MANUAL_PATIENT, null, patientId, triggeredBy, null);
        Context trace = Context.current();
        return runs.insert(run)
                .onItem().transformToUni(inserted -> fanOut(inserted, List.of(patientId), trace));
    }

    /** Re-publishes a run whose fan-out did not finish; consumers drop what they already saw. */
    public Uni<RunTicket> resume(Run run) {
        LOG.warnf("resuming interrupted fan-out of run %s", run.id());
        Context trace = Context.current();
        return run.patientId() != null ? fanOut(run, List.of(run.patientId()), trace) : fanOutOrganization(run, trace);
    }

    private Uni<RunTicket> fanOutOrganization(Run run, Context trace) {
        return roster.activePatientIds(run.organizationId())
                .onItem().transformToUni(patientIds -> fanOut(run, patientIds, trace));
    }

    private Uni<RunTicket> fanOut(Run run, List<UUID> patientIds, Context trace) {
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
