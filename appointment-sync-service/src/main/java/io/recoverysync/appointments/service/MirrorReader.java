package io.recoverysync.appointments.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.recoverysync.appointments.MirrorState;
import io.recoverysync.appointments.PatientClient;
import io.recoverysync.appointments.SyncWindow;
import io.recoverysync.appointments.client.IntakeQAppointment;
import io.recoverysync.appointments.client.IntakeQClient;
import io.recoverysync.appointments.client.Lane;
import io.recoverysync.appointments.client.QuotaBudget;
import io.recoverysync.appointments.client.RosterClient;
import io.recoverysync.appointments.client.SyncFailure;
import io.recoverysync.appointments.config.AppointmentSyncConfig;
import io.recoverysync.appointments.repository.DiscoveryRepository;
import io.recoverysync.appointments.repository.MirrorRepository;
import io.recoverysync.appointments.repository.PatientDirectory;
import io.recoverysync.appointments.repository.PendingCommandRepository;
import io.recoverysync.contracts.ReasonCode;
import io.recoverysync.contracts.RosterPatient;
import io.recoverysync.contracts.SyncType;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Reads IntakeQ for the commands that wait: one practice-wide read (the whole window, or only what changed since
 * the last one, plus IntakeQ's recently deleted appointments) for every command of a night or of refreshes close
 * together, whatever their organization; a read of one client for a client new to the roster, a patient whose
 * client must be resolved from its email, or a lone single-patient refresh. One reader per IntakeQ account at a
 * time, across replicas (a lease in {@code mirror_state}); the reader is not a Kafka handler, so waiting for the
 * budget or a 429 pause holds no record. Only appointments of active roster clients are kept.
 */
@ApplicationScoped
public class MirrorReader {
    private static final Logger LOG = Logger.getLogger(MirrorReader.class);
    public static final String FULL = "full";
    public static final String INCREMENTAL = "incremental";
    public static final String TARGETED = "targeted";
    /** Patients looked at per pass, and reads of single clients made per pass. */
    private static final int NEEDS_PER_PASS = 1_000;
    private static final int TARGETED_PER_PASS = 100;

    private final MirrorRepository mirror;
    private final DiscoveryRepository discovery;
    private final PendingCommandRepository pending;
    private final PatientDirectory directory;
    private final IntakeQClient intakeq;
    private final QuotaBudget quota;
    private final RosterClient roster;
    private final CommandWorker worker;
    private final AppointmentSyncConfig config;
    private final Clock clock;
    private final MeterRegistry registry;
    private final String readerId = "reader-" + UUID.randomUUID();
    private final OnePassAtATime passes = new OnePassAtATime("mirror reader", this::pass);
    private volatile boolean holdsLease;
    private volatile boolean accountReady;
    /** The oldest webhook of a burst that waits for a practice read started after it (null: none). */
    private final AtomicReference<Instant> webhookBurst = new AtomicReference<>();

    public MirrorReader(MirrorRepository mirror, DiscoveryRepository discovery, PendingCommandRepository pending,
            PatientDirectory directory, IntakeQClient intakeq, QuotaBudget quota, RosterClient roster,
            CommandWorker worker, AppointmentSyncConfig config, Clock clock, MeterRegistry registry) {
        this.mirror = mirror;
        this.discovery = discovery;
        this.pending = pending;
        this.directory = directory;
        this.intakeq = intakeq;
        this.quota = quota;
        this.roster = roster;
        this.worker = worker;
        this.config = config;
        this.clock = clock;
        this.registry = registry;
    }

    /** A read of one client: {@code clientId} null means resolving the patient's client from its email. */
    record Targeted(UUID patientId, Integer clientId, Lane lane) {
    }

    /** What one pass reads: a practice read of {@code practiceKind} (or none), then single clients. */
    record Plan(String practiceKind, Lane practiceLane, List<Targeted> targeted) {
        boolean isEmpty() {
            return practiceKind == null && targeted.isEmpty();
        }
    }

    @Scheduled(identity = "mirror-reader", every = "${appointment-sync.mirror.poll-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        nudge();
    }

    /** Keeps the lease while a long read runs (a page may wait minutes for the budget or a 429 pause). */
    @Scheduled(identity = "mirror-lease", every = "20s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> keepLease() {
        return holdsLease
                ? mirror.renewLease(readerId, config.mirror().lease()).onFailure().recoverWithItem(false).replaceWithVoid()
                : Uni.createFrom().voidItem();
    }

    /** Looks for reads to make now (or right after the pass that is running). */
    public void nudge() {
        passes.nudge();
    }

    Uni<Void> pass() {
        Uni<Void> ready = accountReady ? Uni.createFrom().voidItem()
                : mirror.ensureAccount().chain(quota::ensureAccount).invoke(() -> accountReady = true);
        return ready.chain(() -> pending.patientNeeds(NEEDS_PER_PASS))
                .chain(needs -> {
                    Instant burst = webhookBurst.get();
                    if (needs.isEmpty() && burst == null) {
                        return Uni.createFrom().voidItem();
                    }
                    Uni<Plan> planned = needs.isEmpty() ? Uni.createFrom().item(new Plan(null, null, List.of())) : plan(needs);
                    return planned
                            .chain(plan -> burst == null ? Uni.createFrom().item(plan)
                                    : mirror.state().map(state -> withWebhookBurst(plan, state, burst)))
                            .chain(this::execute);
                });
    }

    /**
     * Asks for one incremental practice read that serves a burst of webhooks received since {@code since}, instead of
     * a read by id each (at the base plan's 10 a minute, 18 reads by id took up to 3 minutes). False when the mirror
     * cannot serve it that way — no practice read yet to read on from, or a failed read backing off — and the caller
     * reads by id.
     */
    public Uni<Boolean> readForWebhooks(Instant since) {
        return mirror.state().map(state -> {
            Instant retryFrom = clock.instant().minus(config.mirror().retryAfterFailure());
            boolean backingOff = state.lastFailureStartedAt() != null && state.lastFailureStartedAt().isAfter(retryFrom);
            if (!config.mirror().enabled() || state.highWaterModified() == null || backingOff) {
                return false;
            }
            webhookBurst.accumulateAndGet(since, (waiting, asked) -> waiting == null || asked.isBefore(waiting) ? asked : waiting);
            nudge();
            return true;
        });
    }

    /**
     * The plan with an incremental read added for a webhook burst, unless a read since the burst has completed (the
     * burst is served) or the last read failed a moment ago (the burst is dropped: its webhooks are read by id, with
     * their own back-off, instead of a practice read every pass during an outage).
     */
    Plan withWebhookBurst(Plan plan, MirrorState state, Instant burst) {
        Instant retryFrom = clock.instant().minus(config.mirror().retryAfterFailure());
        boolean backingOff = state.lastFailureStartedAt() != null && state.lastFailureStartedAt().isAfter(retryFrom);
        if (state.freshSince(burst) || backingOff) {
            webhookBurst.compareAndSet(burst, null);
            return plan;
        }
        return plan.practiceKind() != null ? plan : new Plan(INCREMENTAL, Lane.PATIENT, plan.targeted());
    }

    private Uni<Plan> plan(List<PendingCommandRepository.PatientNeed> needs) {
        Set<UUID> patients = needs.stream().map(PendingCommandRepository.PatientNeed::patientId).collect(Collectors.toSet());
        return Uni.combine().all().unis(mirror.state(), directory.clients(patients), directory.resolutions(patients))
                .asTuple()
                .chain(t -> {
                    Set<Integer> clients = t.getItem2().values().stream().map(PatientClient::clientId)
                            .filter(Objects::nonNull).collect(Collectors.toSet());
                    return mirror.coverage(clients)
                            .map(coverage -> plan(needs, t.getItem1(), t.getItem2(), t.getItem3(), coverage));
                });
    }

    /**
     * What to read for the waiting patients. With the mirror on: a practice read when commands of several patients
     * (or any nightly or bulk command) need a fresher mirror, full when the last full read is older than
     * {@code full-every} or when more clients are new to the mirror than a full read costs requests, else
     * incremental; reads of single clients for clients new to the mirror (after an incremental read), for a lone
     * single-patient refresh or two, and for email resolutions. With the mirror off: a read of each patient's client.
     */
    Plan plan(List<PendingCommandRepository.PatientNeed> needs, MirrorState state, Map<UUID, PatientClient> clients,
            Map<UUID, PatientDirectory.Resolution> resolutions, Map<Integer, MirrorRepository.Coverage> coverage) {
        Instant now = clock.instant();
        Instant retryFrom = now.minus(config.mirror().retryAfterFailure());
        boolean mirrorOn = config.mirror().enabled();
        List<Targeted> resolve = new ArrayList<>();
        List<Targeted> uncovered = new ArrayList<>();
        List<Targeted> stale = new ArrayList<>();
        Set<Integer> plannedClients = new HashSet<>();
        for (PendingCommandRepository.PatientNeed need : needs) {
            PatientClient patient = clients.get(need.patientId());
            if (patient == null || !patient.active() || patient.problem() != null) {
                continue; // nothing to read: the worker answers (or waits for the roster)
            }
            Instant from = need.freshFrom();
            Lane lane = Lane.of(SyncType.fromWire(need.syncType()));
            if (patient.clientId() == null) {
                PatientDirectory.Resolution r = resolutions.get(need.patientId());
                boolean resolvedSince = r != null && !r.resolvedAt().isBefore(from);
                boolean failedLongAgo = r != null && PatientDirectory.FAILED.equals(r.outcome())
                        && !r.resolvedAt().isAfter(retryFrom);
                if (!resolvedSince || failedLongAgo) {
                    resolve.add(new Targeted(need.patientId(), null, lane));
                }
                continue;
            }
            MirrorRepository.Coverage cov = coverage.get(patient.clientId());
            boolean covered = cov != null && cov.coveredAt() != null;
            if (covered && (!cov.coveredAt().isBefore(from) || (mirrorOn && state.freshSince(from)))) {
                continue; // answerable now
            }
            if (cov != null && cov.failedAt() != null && !cov.failedAt().isBefore(from) && cov.failedAt().isAfter(retryFrom)) {
                continue; // its read failed a moment ago; tried again after retry-after-failure
            }
            if (!plannedClients.add(patient.clientId())) {
                continue;
            }
            Targeted read = new Targeted(need.patientId(), patient.clientId(), lane);
            if (!mirrorOn || !covered) {
                uncovered.add(read);
            } else {
                stale.add(read);
            }
        }
        if (!mirrorOn) {
            return new Plan(null, null, limit(concat(uncovered, resolve)));
        }
        boolean fewSinglePatients = stale.size() <= config.mirror().targetedMax()
                && stale.stream().allMatch(t -> t.lane() == Lane.PATIENT);
        boolean practiceNeeded = (!stale.isEmpty() && !fewSinglePatients)
                || uncovered.stream().anyMatch(t -> t.lane() != Lane.PATIENT);
        boolean backingOff = state.lastFailureStartedAt() != null && state.lastFailureStartedAt().isAfter(retryFrom);
        String practiceKind = null;
        Lane practiceLane = null;
        if (practiceNeeded && !backingOff) {
            boolean fullDue = state.lastFullStartedAt() == null || state.highWaterModified() == null
                    || state.lastFullStartedAt().isBefore(now.minus(config.mirror().fullEvery()))
                    || uncovered.size() > (state.lastFullRequests() == null ? 0 : state.lastFullRequests());
            practiceKind = fullDue ? FULL : INCREMENTAL;
            practiceLane = concat(stale, uncovered).stream().map(Targeted::lane).min(Enum::compareTo).orElse(Lane.NIGHTLY);
        }
        // a practice read that failed a moment ago is tried again after retry-after-failure; until then clients it
        // would cover are not read one by one when that costs more requests than the full read (after an IntakeQ
        // outage such reads took minutes of the base plan's quota); a single-patient refresh still gets its read
        int fullReadCost = state.lastFullRequests() == null ? 0 : state.lastFullRequests();
        boolean awaitPractice = practiceNeeded && backingOff && uncovered.size() > fullReadCost;
        List<Targeted> targeted = new ArrayList<>();
        if (!FULL.equals(practiceKind)) {
            // a full read covers them; an incremental one does not
            uncovered.stream().filter(t -> !awaitPractice || t.lane() == Lane.PATIENT).forEach(targeted::add);
        }
        if (practiceKind == null && fewSinglePatients) {
            targeted.addAll(stale);
        }
        targeted.addAll(resolve);
        return new Plan(practiceKind, practiceLane, limit(targeted));
    }

    private static List<Targeted> concat(List<Targeted> a, List<Targeted> b) {
        List<Targeted> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static List<Targeted> limit(List<Targeted> targeted) {
        return targeted.subList(0, Math.min(targeted.size(), TARGETED_PER_PASS));
    }

    private Uni<Void> execute(Plan plan) {
        if (plan.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String kind = plan.practiceKind() != null ? plan.practiceKind() : TARGETED;
        return mirror.takeLease(readerId, kind, config.mirror().lease())
                .chain(lease -> {
                    if (lease == null) {
                        return Uni.createFrom().voidItem(); // another replica is reading
                    }
                    holdsLease = true;
                    Uni<Void> practice = plan.practiceKind() == null ? Uni.createFrom().voidItem()
                            : practice(lease, plan.practiceKind(), plan.practiceLane())
                                    .call(() -> wakeWaiting());
                    return practice
                            .chain(() -> Multi.createFrom().iterable(plan.targeted())
                                    .onItem().transformToUniAndConcatenate(t -> targeted(lease, t)
                                            .call(() -> pending.wakePatient(t.patientId()).invoke(worker::nudge)))
                                    .collect().asList().replaceWithVoid())
                            .eventually(() -> {
                                holdsLease = false;
                                return mirror.releaseLease(readerId).onFailure().recoverWithNull();
                            });
                });
    }

    private Uni<Void> wakeWaiting() {
        return pending.wakeAll().invoke(worker::nudge);
    }

    // ---- practice-wide reads ----

    Uni<Void> practice(MirrorRepository.Lease lease, String kind, Lane lane) {
        SyncWindow window = window();
        AtomicInteger requests = new AtomicInteger();
        AtomicReference<Instant> highWater = new AtomicReference<>();
        Set<Integer> seenClients = new HashSet<>();
        boolean full = FULL.equals(kind);
        LOG.infof("mirror: %s practice read started (lane %s)", kind, lane);
        return mirror.state().chain(state -> mirror.rosterClients().chain(rosterClients -> {
            LocalDate updatedSince = full ? null : LocalDate.ofInstant(
                    state.highWaterModified().minus(config.mirror().overlap()), ZoneOffset.UTC);
            IntakeQClient.Query listing = new IntakeQClient.Query(null, window.queryStart(), window.queryEnd(),
                    updatedSince, false);
            IntakeQClient.Query deleted = new IntakeQClient.Query(null, window.queryStart(), window.queryEnd(), null, true);
            return intakeq.read(lane, listing, page -> {
                        requests.incrementAndGet();
                        page.stream().map(IntakeQAppointment::lastModified).filter(Objects::nonNull)
                                .forEach(t -> highWater.accumulateAndGet(t, (a, b) -> a == null || b.isAfter(a) ? b : a));
                        List<IntakeQAppointment> ours = ofClients(page, rosterClients);
                        ours.forEach(a -> seenClients.add(a.clientId()));
                        List<IntakeQAppointment> others = page.stream()
                                .filter(a -> a.clientId() != null && !rosterClients.contains(a.clientId())).toList();
                        return mirror.upsert(ours, lease.seq()).chain(() -> discovery.record(others));
                    })
                    .chain(() -> intakeq.read(lane, deleted, page -> {
                        requests.incrementAndGet();
                        List<String> ids = page.stream().map(IntakeQAppointment::id).toList();
                        return mirror.markGone(ids).chain(() -> discovery.forgetAppointments(ids));
                    }))
                    .chain(() -> full
                            ? reconcile(lease.seq(), rosterClients, seenClients, window, lane, requests)
                                    .chain(() -> mirror.cover(rosterClients, lease.startedAt()))
                                    // minimum necessary; never on an empty roster view (a replica still reading it)
                                    .chain(() -> rosterClients.isEmpty() ? Uni.createFrom().voidItem()
                                            : mirror.forgetOtherClients(rosterClients))
                                    .chain(() -> discovery.purge(window.start()))
                            : Uni.createFrom().voidItem())
                    .chain(() -> mirror.readCompleted(readerId, kind, lease.startedAt(), full, highWater.get(), requests.get()))
                    .invoke(() -> {
                        countRead(kind, "completed");
                        LOG.infof("mirror: %s practice read completed with %d request(s), %d roster client(s) seen",
                                kind, requests.get(), seenClients.size());
                    });
        })).onFailure(SyncFailure.class).recoverWithUni(e -> {
            SyncFailure f = (SyncFailure) e;
            countRead(kind, "failed");
            LOG.warnf("mirror: %s practice read failed: %s (%s)", kind, f.reason(), f.getMessage());
            return mirror.readFailed(readerId, lease.startedAt(), f.reason(), f.getMessage());
        });
    }

    /**
     * After a complete listing of {@code clients}' window: what it did not return is gone from IntakeQ, except where
     * it returned nothing at all for a client that has upcoming appointments (a suddenly empty answer is not trusted):
     * those are confirmed by id, at most {@code confirm-max} per read, the rest wait for the next read.
     */
    private Uni<Void> reconcile(long seq, Collection<Integer> clients, Set<Integer> seenClients, SyncWindow window,
            Lane lane, AtomicInteger requests) {
        Instant now = clock.instant();
        return mirror.unseen(seq, clients, window.start(), window.end()).chain(unseen -> {
            List<String> gone = new ArrayList<>();
            List<String> confirm = new ArrayList<>();
            for (MirrorRepository.Unseen u : unseen) {
                if (!seenClients.contains(u.clientId()) && u.startAt().isAfter(now)) {
                    confirm.add(u.intakeqId());
                } else {
                    gone.add(u.intakeqId());
                }
            }
            List<String> checked = confirm.subList(0, Math.min(confirm.size(), config.mirror().confirmMax()));
            if (confirm.size() > checked.size()) {
                LOG.infof("mirror: %d unconfirmed absence(s) left for the next read", confirm.size() - checked.size());
            }
            return mirror.markGone(gone)
                    .chain(() -> Multi.createFrom().iterable(checked)
                            .onItem().transformToUniAndConcatenate(id -> {
                                requests.incrementAndGet();
                                return intakeq.appointment(lane, id).chain(found -> found.isEmpty()
                                        ? mirror.markGone(List.of(id))
                                        : mirror.upsert(List.of(found.get()), seq));
                            })
                            .collect().asList().replaceWithVoid());
        });
    }

    // ---- reads of one client ----

    /** Reads one patient's client (by email, or by client number when the roster has no email); failures are recorded. */
    Uni<Void> targeted(MirrorRepository.Lease lease, Targeted t) {
        return roster.patient(t.patientId())
                .chain(found -> readClient(lease, t, found))
                .onFailure(SyncFailure.class).recoverWithUni(e -> {
                    SyncFailure f = (SyncFailure) e;
                    countRead(TARGETED, "failed");
                    LOG.infof("mirror: read for patient %s failed: %s (%s)", t.patientId(), f.reason(), f.getMessage());
                    return t.clientId() == null
                            ? directory.resolved(t.patientId(), null, PatientDirectory.FAILED, f.reason(), f.getMessage())
                            : mirror.clientReadFailed(t.clientId(), f.reason(), f.getMessage());
                });
    }

    private Uni<Void> readClient(MirrorRepository.Lease lease, Targeted t, RosterPatient found) {
        String filter = found.email() != null ? found.email()
                : t.clientId() != null ? t.clientId().toString() : null;
        if (filter == null) {
            return Uni.createFrom().failure(new SyncFailure(ReasonCode.PATIENT_NO_EMAIL, "no email in the roster"));
        }
        SyncWindow window = window();
        AtomicInteger requests = new AtomicInteger();
        return intakeq.readAll(t.lane(), new IntakeQClient.Query(filter, window.queryStart(), window.queryEnd(), null, false))
                .invoke(ignored -> countRead(TARGETED, "completed"))
                .chain(items -> t.clientId() != null
                        ? refreshClient(lease, t.clientId(), items, window, t.lane(), requests)
                        : resolve(lease, t.patientId(), found, items, window, t.lane(), requests));
    }

    private Uni<Void> refreshClient(MirrorRepository.Lease lease, int clientId, List<IntakeQAppointment> items,
            SyncWindow window, Lane lane, AtomicInteger requests) {
        // the client filter is a partial match on names and emails: keep this client's appointments only
        List<IntakeQAppointment> mine = items.stream().filter(a -> Integer.valueOf(clientId).equals(a.clientId())).toList();
        Set<Integer> seen = mine.isEmpty() ? Set.of() : Set.of(clientId);
        return mirror.upsert(mine, lease.seq())
                .chain(() -> reconcile(lease.seq(), List.of(clientId), seen, window, lane, requests))
                .chain(() -> mirror.cover(List.of(clientId), lease.startedAt()));
    }

    /**
     * Resolves a patient without an IntakeQ client id from its email: the one client whose appointments carry that
     * email, unless the email is another roster patient's too, carries several clients, or the client is already
     * another roster patient's (ambiguous); none when no appointment carries it.
     */
    private Uni<Void> resolve(MirrorRepository.Lease lease, UUID patientId, RosterPatient found,
            List<IntakeQAppointment> items, SyncWindow window, Lane lane, AtomicInteger requests) {
        if (found.email() == null) {
            return directory.resolved(patientId, null, PatientDirectory.FAILED, ReasonCode.PATIENT_NO_EMAIL,
                    "no email in the roster");
        }
        List<IntakeQAppointment> byEmail = items.stream()
                .filter(a -> a.clientEmail() != null && a.clientEmail().trim().equalsIgnoreCase(found.email().trim()))
                .toList();
        Set<Integer> ids = byEmail.stream().map(IntakeQAppointment::clientId).filter(Objects::nonNull)
                .collect(Collectors.toSet());
        if (found.emailShared() || ids.size() > 1) {
            return directory.resolved(patientId, null, PatientDirectory.AMBIGUOUS, null, null);
        }
        if (ids.isEmpty()) {
            return directory.resolved(patientId, null, PatientDirectory.NONE, null, null);
        }
        int clientId = ids.iterator().next();
        return directory.patientsOf(clientId).chain(others -> others.stream().anyMatch(p -> !p.equals(patientId))
                ? directory.resolved(patientId, clientId, PatientDirectory.AMBIGUOUS, null, null)
                : directory.resolved(patientId, clientId, PatientDirectory.LINKED, null, null)
                        .chain(() -> refreshClient(lease, clientId, byEmail, window, lane, requests)));
    }

    private static List<IntakeQAppointment> ofClients(List<IntakeQAppointment> page, Set<Integer> clients) {
        return page.stream().filter(a -> a.clientId() != null && clients.contains(a.clientId())).toList();
    }

    private SyncWindow window() {
        return SyncWindow.of(clock, config.window().daysBack(), config.window().daysAhead());
    }

    /** {@code intakeq_mirror_reads_total{kind,outcome}}. */
    private void countRead(String kind, String outcome) {
        Counter.builder("intakeq.mirror.reads")
                .description("Reads of IntakeQ into the mirror, by kind (full, incremental, targeted) and outcome")
                .tag("kind", kind)
                .tag("outcome", outcome)
                .register(registry)
                .increment();
    }
}
