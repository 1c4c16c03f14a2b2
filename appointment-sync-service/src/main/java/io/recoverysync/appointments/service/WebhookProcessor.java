package io.recoverysync.appointments.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.scheduler.Scheduled;
import io.recoverysync.appointments.ChangeSource;
import io.recoverysync.appointments.SyncWindow;
import io.recoverysync.appointments.client.IntakeQAppointment;
import io.recoverysync.appointments.client.IntakeQClient;
import io.recoverysync.appointments.client.Lane;
import io.recoverysync.appointments.client.SyncFailure;
import io.recoverysync.appointments.config.AppointmentSyncConfig;
import io.recoverysync.appointments.repository.AppointmentRepository;
import io.recoverysync.appointments.repository.MirrorRepository;
import io.recoverysync.appointments.repository.PatientDirectory;
import io.recoverysync.appointments.repository.WebhookRepository;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Applies recorded IntakeQ webhooks: each appointment named is fetched by id (once for several events about it,
 * in the single-patient lane of the budget) — or, for a burst, all of them by one incremental practice read — the
 * mirror is updated (or the appointment marked gone when IntakeQ no
 * longer has it), and the appointments of its client's roster patient are brought in step at once, with the
 * patient's last-synced state; no sync_logs run is made per event. Events that cannot be applied now (budget spent,
 * IntakeQ down) stay recorded and are tried again later, so nothing answered is lost.
 */
@ApplicationScoped
public class WebhookProcessor {
    private static final Logger LOG = Logger.getLogger(WebhookProcessor.class);
    private static final int BATCH = 50;
    private static final Duration LEASE = Duration.ofMinutes(2);

    private final WebhookRepository events;
    private final IntakeQClient intakeq;
    private final MirrorRepository mirror;
    private final PatientDirectory directory;
    private final AppointmentRepository appointments;
    private final PatientAppointments patients;
    private final ChangeAnnouncer announcer;
    private final MirrorReader reader;
    private final AppointmentSyncConfig config;
    private final Clock clock;
    private final MeterRegistry registry;
    private final Timer toStored;
    private final OnePassAtATime passes = new OnePassAtATime("webhook processor", this::drain);

    public WebhookProcessor(WebhookRepository events, IntakeQClient intakeq, MirrorRepository mirror,
            PatientDirectory directory, AppointmentRepository appointments, PatientAppointments patients,
            ChangeAnnouncer announcer, MirrorReader reader, AppointmentSyncConfig config, Clock clock,
            MeterRegistry registry) {
        this.announcer = announcer;
        this.reader = reader;
        this.events = events;
        this.intakeq = intakeq;
        this.mirror = mirror;
        this.directory = directory;
        this.appointments = appointments;
        this.patients = patients;
        this.config = config;
        this.clock = clock;
        this.registry = registry;
        this.toStored = Timer.builder("intakeq.webhook.applied")
                .description("From a webhook's receipt to its appointment stored for the patient")
                .publishPercentileHistogram()
                .register(registry);
    }

    @Scheduled(identity = "webhook-processor", every = "${appointment-sync.webhook.poll-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        nudge();
    }

    @Scheduled(identity = "webhook-purge", every = "1h", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purge() {
        return events.purge(config.webhook().retention()).onFailure().recoverWithItem(0).replaceWithVoid();
    }

    /** Applies recorded events now (or right after the pass that is running). */
    public void nudge() {
        passes.nudge();
    }

    Uni<Integer> drain() {
        return events.claim(BATCH, LEASE).chain(claimed -> {
            if (claimed.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            Map<String, List<WebhookRepository.Event>> byAppointment = new LinkedHashMap<>();
            claimed.forEach(e -> byAppointment.computeIfAbsent(e.appointmentId(), id -> new java.util.ArrayList<>()).add(e));
            return applyAll(byAppointment)
                    .chain(done -> claimed.size() < BATCH ? Uni.createFrom().item(claimed.size())
                            : drain().map(more -> more + claimed.size()));
        });
    }

    /**
     * Appointments whose webhooks all arrived before the newest completed practice read started are taken from the
     * mirror that read brought up to date (no request). Of the rest, a few are read by id, each; a burst of more than
     * {@code burst-threshold} is served by one incremental practice read (the mirror reader's), after which the
     * events are taken from the mirror — they wait for that read, due again every second, holding nothing; events
     * arriving meanwhile wait for the next read, so a steady stream still makes progress. Where the mirror cannot
     * serve a burst (no practice read yet, a failed read backing off), they are read by id after all.
     */
    private Uni<Void> applyAll(Map<String, List<WebhookRepository.Event>> byAppointment) {
        return mirror.state().chain(state -> {
            Instant readStarted = state.lastReadStartedAt();
            Map<String, List<WebhookRepository.Event>> read = new LinkedHashMap<>();
            Map<String, List<WebhookRepository.Event>> unread = new LinkedHashMap<>();
            byAppointment.forEach((id, about) -> (readStarted != null
                    && about.stream().allMatch(e -> e.receivedAt().isBefore(readStarted)) ? read : unread).put(id, about));
            Uni<Void> fromMirror = Multi.createFrom().iterable(read.entrySet())
                    .onItem().transformToUniAndConcatenate(entry -> fromMirror(entry.getKey(), entry.getValue()))
                    .collect().asList().replaceWithVoid();
            if (unread.size() <= config.webhook().burstThreshold()) {
                return fromMirror.chain(() -> byId(unread));
            }
            List<WebhookRepository.Event> waiting = unread.values().stream().flatMap(List::stream).toList();
            Instant first = waiting.stream().map(WebhookRepository.Event::receivedAt).min(Instant::compareTo).orElseThrow();
            return fromMirror.chain(() -> reader.readForWebhooks(first)).chain(reading -> reading
                    ? events.retryLater(waiting.stream().map(WebhookRepository.Event::id).toList(), Duration.ofSeconds(1))
                    : byId(unread));
        });
    }

    private Uni<Void> byId(Map<String, List<WebhookRepository.Event>> byAppointment) {
        return Multi.createFrom().iterable(byAppointment.entrySet())
                .onItem().transformToUniAndConcatenate(entry -> apply(entry.getKey(), entry.getValue()))
                .collect().asList().replaceWithVoid();
    }

    /** An appointment of a burst, from the mirror a practice read started after its webhooks brought up to date. */
    private Uni<Void> fromMirror(String appointmentId, List<WebhookRepository.Event> about) {
        return mirror.clientOf(appointmentId)
                .map(client -> client == null ? Set.<Integer>of() : Set.of(client))
                .chain(clients -> bringInStep(clients, about));
    }

    private Uni<Void> apply(String appointmentId, List<WebhookRepository.Event> about) {
        return mirror.clientOf(appointmentId)
                .chain(previousClient -> intakeq.appointment(Lane.PATIENT, appointmentId)
                        .chain(found -> update(appointmentId, found, previousClient)))
                .chain(clients -> bringInStep(clients, about))
                .onFailure(SyncFailure.class).recoverWithUni(e -> {
                    int attempts = about.stream().mapToInt(WebhookRepository.Event::attempts).max().orElse(1);
                    Duration delay = Duration.ofSeconds(Math.min(1800, 15L << Math.min(attempts, 7)));
                    LOG.infof("webhook for appointment %s not applied now (%s); again in %d s", appointmentId,
                            ((SyncFailure) e).reason(), delay.toSeconds());
                    count("retry");
                    return events.retryLater(about.stream().map(WebhookRepository.Event::id).toList(), delay);
                });
    }

    /** Brings the clients' patients in step and marks the events processed. */
    private Uni<Void> bringInStep(Set<Integer> affected, List<WebhookRepository.Event> about) {
        List<Long> ids = about.stream().map(WebhookRepository.Event::id).toList();
        Instant firstReceived = about.stream().map(WebhookRepository.Event::receivedAt).min(Instant::compareTo).orElseThrow();
        return Multi.createFrom().iterable(affected)
                .onItem().transformToUniAndConcatenate(this::bringPatientsInStep)
                .collect().asList()
                .map(applied -> applied.stream().mapToInt(Integer::intValue).sum())
                .chain(applied -> events.processed(ids, applied > 0 ? "applied" : "no roster patient")
                        .invoke(() -> {
                            if (applied > 0) {
                                toStored.record(Duration.between(firstReceived, clock.instant()));
                            }
                            count(applied > 0 ? "applied" : "no_roster_patient");
                        }));
    }

    /** Updates the mirror with what IntakeQ says now; the clients whose patients' appointments may have changed. */
    private Uni<Set<Integer>> update(String appointmentId, Optional<IntakeQAppointment> found, Integer previousClient) {
        Set<Integer> affected = new LinkedHashSet<>();
        if (previousClient != null) {
            affected.add(previousClient);
        }
        if (found.isEmpty()) {
            return mirror.markGone(List.of(appointmentId)).replaceWith(affected);
        }
        IntakeQAppointment a = found.get();
        return mirror.rosterClients().chain(roster -> {
            if (a.clientId() == null || !roster.contains(a.clientId())) {
                // not a roster client's appointment (any more): nothing of it is kept
                return previousClient == null ? Uni.createFrom().item(affected)
                        : mirror.markGone(List.of(appointmentId)).replaceWith(affected);
            }
            affected.add(a.clientId());
            return mirror.upsert(List.of(a), null).replaceWith(affected);
        });
    }

    /** Applies the mirror to the client's patient; how many patients were brought in step (0 when ambiguous or none). */
    private Uni<Integer> bringPatientsInStep(int clientId) {
        SyncWindow window = SyncWindow.of(clock, config.window().daysBack(), config.window().daysAhead());
        return directory.patientsOf(clientId).chain(found -> {
            if (found.size() != 1) {
                return Uni.createFrom().item(0); // none, or ambiguous (their commands report AMBIGUOUS_CLIENT)
            }
            UUID patient = found.get(0);
            return appointments.inTransaction(conn -> patients.apply(conn, patient, clientId, window, ChangeSource.WEBHOOK, null)
                            .call(outcome -> appointments.recordSynced(conn, patient, "succeeded",
                                    outcome.unknownPractitionerIds().isEmpty() ? null : "UNKNOWN_PRACTITIONER", "webhook")))
                    .invoke(outcome -> {
                        if (outcome.created() + outcome.updated() > 0) {
                            announcer.nudge();
                        }
                    })
                    .replaceWith(1);
        });
    }

    private void count(String outcome) {
        Counter.builder("intakeq.webhook.events")
                .description("Recorded IntakeQ webhooks processed: applied, no_roster_patient, retry (budget or IntakeQ unavailable)")
                .tag("outcome", outcome)
                .register(registry)
                .increment();
    }
}
