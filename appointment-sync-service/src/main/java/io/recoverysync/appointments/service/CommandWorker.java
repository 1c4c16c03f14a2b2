package io.recoverysync.appointments.service;

import io.quarkus.scheduler.Scheduled;
import io.recoverysync.appointments.MirrorState;
import io.recoverysync.appointments.PatientClient;
import io.recoverysync.appointments.PendingCommand;
import io.recoverysync.appointments.SyncWindow;
import io.recoverysync.appointments.config.AppointmentSyncConfig;
import io.recoverysync.appointments.repository.MirrorRepository;
import io.recoverysync.appointments.repository.PatientDirectory;
import io.recoverysync.appointments.repository.PendingCommandRepository;
import io.recoverysync.contracts.ReasonCode;
import io.recoverysync.servicekit.LogContext;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Answers the commands waiting in {@code pending_commands}: each claimed command is answered from the mirror once
 * the mirror (or a read of the patient's own client) is fresh enough for it, failed with a reason code when the
 * patient cannot be matched or the reads it waits for failed, or left waiting (looked at again shortly). Runs when
 * nudged (a command arrived, a read completed) and on a timer; one pass at a time per replica, replicas share the
 * work through the claim.
 */
@ApplicationScoped
public class CommandWorker {
    private static final Logger LOG = Logger.getLogger(CommandWorker.class);
    /** Reasons a later read may not have: commands wait for another read rather than fail, up to {@link #patience}. */
    private static final Set<String> TRANSIENT = Set.of(ReasonCode.INTAKEQ_UNAVAILABLE.name(),
            ReasonCode.INTAKEQ_RATE_LIMITED.name(), ReasonCode.ROSTER_UNAVAILABLE.name());
    private static final int CONCURRENCY = 4;

    private final PendingCommandRepository pending;
    private final PatientDirectory directory;
    private final MirrorRepository mirror;
    private final CommandAnswers answers;
    private final AppointmentSyncConfig config;
    private final Clock clock;
    private final OnePassAtATime passes = new OnePassAtATime("command worker", this::drain);

    public CommandWorker(PendingCommandRepository pending, PatientDirectory directory, MirrorRepository mirror,
            CommandAnswers answers, AppointmentSyncConfig config, Clock clock) {
        this.pending = pending;
        this.directory = directory;
        this.mirror = mirror;
        this.answers = answers;
        this.config = config;
        this.clock = clock;
    }

    /** What to do with one waiting command. */
    sealed interface Decision {
        /** Answer from the mirror's view of the client (null: the patient has no IntakeQ appointments). */
        record Answer(Integer clientId) implements Decision {
        }

        record Fail(ReasonCode reason, String detail) implements Decision {
        }

        record Wait() implements Decision {
        }
    }

    @Scheduled(identity = "command-worker", every = "${appointment-sync.worker.poll-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        nudge();
    }

    /** Looks at the waiting commands now (or right after the pass that is running). */
    public void nudge() {
        passes.nudge();
    }

    /** Passes until a pass claims less than a full batch; the number of commands answered. */
    Uni<Integer> drain() {
        return pass().chain(result -> result.claimed() < config.worker().batchSize()
                ? Uni.createFrom().item(result.answered())
                : drain().map(more -> more + result.answered()));
    }

    private record PassResult(int claimed, int answered) {
    }

    private Uni<PassResult> pass() {
        return pending.claim(config.worker().batchSize(), config.worker().lease())
                .chain(claimed -> claimed.isEmpty()
                        ? Uni.createFrom().item(new PassResult(0, 0))
                        : decideAll(claimed).chain(decisions -> act(claimed, decisions))
                                .map(answered -> new PassResult(claimed.size(), answered)));
    }

    private Uni<Map<UUID, Decision>> decideAll(List<PendingCommand> commands) {
        Set<UUID> patients = commands.stream().map(PendingCommand::patientId).collect(Collectors.toSet());
        return Uni.combine().all().unis(mirror.state(), directory.clients(patients), directory.resolutions(patients))
                .asTuple()
                .chain(t -> {
                    Set<Integer> clients = t.getItem2().values().stream().map(PatientClient::clientId)
                            .filter(Objects::nonNull).collect(Collectors.toSet());
                    return mirror.coverage(clients).map(coverage -> {
                        Map<UUID, Decision> decisions = new java.util.HashMap<>();
                        for (PendingCommand c : commands) {
                            decisions.put(c.messageId(), decide(c, t.getItem1(), t.getItem2().get(c.patientId()),
                                    t.getItem3().get(c.patientId()), coverage));
                        }
                        return decisions;
                    });
                });
    }

    /** The rules, in order; see the service README ("How a command is answered"). */
    Decision decide(PendingCommand c, MirrorState state, PatientClient patient, PatientDirectory.Resolution resolution,
            Map<Integer, MirrorRepository.Coverage> coverage) {
        Instant now = clock.instant();
        Instant from = c.freshFrom();
        if (patient == null || !patient.active()) {
            // the roster feed publishes every few seconds: a patient added a moment ago may not be here yet
            return c.receivedAt().isAfter(now.minus(config.worker().rosterGrace())) ? new Decision.Wait()
                    : new Decision.Fail(ReasonCode.PATIENT_NOT_FOUND, "not an active patient in the roster");
        }
        if (patient.problem() != null) {
            return new Decision.Fail(patient.problem(), patient.problem() == ReasonCode.PATIENT_NO_EMAIL
                    ? "no IntakeQ client id and no email in the roster" : "the IntakeQ client is not this patient's alone");
        }
        if (patient.clientId() == null) {
            if (resolution != null && resolution.resolvedAt() != null && !resolution.resolvedAt().isBefore(from)) {
                if (PatientDirectory.NONE.equals(resolution.outcome())) {
                    return new Decision.Answer(null);
                }
                if (PatientDirectory.FAILED.equals(resolution.outcome())) {
                    return failedRead(c, resolution.failureReason(), resolution.failureDetail(), now);
                }
            }
            return expiredOrWait(c, now);
        }
        MirrorRepository.Coverage cov = coverage.get(patient.clientId());
        boolean covered = cov != null && cov.coveredAt() != null;
        if (covered && (!cov.coveredAt().isBefore(from) || (config.mirror().enabled() && state.freshSince(from)))) {
            return new Decision.Answer(patient.clientId());
        }
        if (cov != null && cov.failedAt() != null && !cov.failedAt().isBefore(from)) {
            return failedRead(c, cov.failureReason(), cov.failureDetail(), now);
        }
        if (config.mirror().enabled() && covered && state.failedSince(from)) {
            return failedRead(c, state.lastFailureReason(), state.lastFailureDetail(), now);
        }
        return expiredOrWait(c, now);
    }

    /** A read this command waited for failed: permanent reasons answer at once, transient ones after some patience. */
    private Decision failedRead(PendingCommand c, String reason, String detail, Instant now) {
        ReasonCode code = reason == null ? ReasonCode.INTAKEQ_UNAVAILABLE : ReasonCode.valueOf(reason);
        if (TRANSIENT.contains(code.name()) && c.receivedAt().isAfter(now.minus(config.worker().transientPatience()))) {
            return new Decision.Wait();
        }
        return new Decision.Fail(code, detail);
    }

    private Decision expiredOrWait(PendingCommand c, Instant now) {
        return c.receivedAt().isBefore(now.minus(config.worker().maxWait()))
                ? new Decision.Fail(ReasonCode.INTAKEQ_UNAVAILABLE, "no IntakeQ read completed within " + config.worker().maxWait())
                : new Decision.Wait();
    }

    private Uni<Integer> act(List<PendingCommand> commands, Map<UUID, Decision> decisions) {
        List<UUID> waiting = new ArrayList<>();
        List<PendingCommand> acting = new ArrayList<>();
        for (PendingCommand c : commands) {
            if (decisions.get(c.messageId()) instanceof Decision.Wait) {
                waiting.add(c.messageId());
            } else {
                acting.add(c);
            }
        }
        SyncWindow window = SyncWindow.of(clock, config.window().daysBack(), config.window().daysAhead());
        return pending.recheckLater(waiting, config.worker().recheck(), config.worker().recheckMax())
                .chain(() -> Multi.createFrom().iterable(acting)
                        .onItem().transformToUni(c -> answer(c, decisions.get(c.messageId()), window)
                                .onFailure().recoverWithItem(e -> {
                                    // the claim runs out and another pass tries again; the command is not lost
                                    LOG.warnf("run %s patient %s: answering failed (%s); tried again later", c.runId(),
                                            c.patientId(), e.toString());
                                    return false;
                                }))
                        .merge(CONCURRENCY)
                        .collect().asList()
                        .map(done -> (int) done.stream().filter(Boolean::booleanValue).count()));
    }

    private Uni<Boolean> answer(PendingCommand c, Decision decision, SyncWindow window) {
        LogContext.of(c.runId(), c.patientId());
        return answers.republish(c)
                .chain(republished -> republished ? Uni.createFrom().voidItem()
                        : decision instanceof Decision.Answer a
                                ? answers.answer(c, a.clientId(), window).replaceWithVoid()
                                : answers.fail(c, ((Decision.Fail) decision).reason(), ((Decision.Fail) decision).detail())
                                        .replaceWithVoid())
                .chain(() -> pending.done(c.messageId()))
                .replaceWith(true);
    }
}
