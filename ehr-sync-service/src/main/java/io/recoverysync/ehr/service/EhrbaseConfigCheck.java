package io.recoverysync.ehr.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.recoverysync.contracts.ReasonCode;
import io.recoverysync.ehr.client.EhrbaseAnswer;
import io.recoverysync.ehr.client.EhrbaseClient;
import io.recoverysync.ehr.client.EhrbaseFailure;
import io.recoverysync.ehr.config.EhrSyncConfig;
import io.recoverysync.ehr.repository.NoteQueueRepository;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Tells whether EHRbase is configured as this service expects, each part on its own: <b>reachable</b> (EHRbase
 * answers at {@code EHRBASE_BASE_URL}), <b>credentials</b> (it takes {@code EHRBASE_USER}/{@code EHRBASE_PASSWORD}),
 * <b>template</b> (ours is uploaded, and what EHRbase holds under its id is ours) and <b>system id</b>
 * ({@code EHRBASE_SYSTEM_ID} is the {@code system_id} EHRbase reports for an EHR: a patient's, or — before any
 * exists — an EHR the check creates for itself; a composition id refused with 412 counts as a mismatch while
 * no EHR could be compared). A part that cannot be checked says why ("not checked: EHRbase refused the credentials"), and a problem
 * found earlier stays shown, marked as last seen, until a check proves it gone.
 *
 * <p>When it runs: at start, as soon as anything changes its picture ({@link #recheck(String)}: EHRbase answers a
 * note after a failure, the first EHR is created, a 412 refuses a composition id, a 401), every
 * {@code ehr-sync.config-check.problem-every} (5 s) while a problem is open or EHRbase has not answered yet, and
 * every {@code ehr-sync.config-check.every} (10 min) otherwise. Runs are serialised (one thread).
 *
 * <p>What it shows: the health group {@code ehrbase} ({@code /q/health/group/ehrbase}; not readiness, which stays
 * independent of EHRbase), DOWN "EHRbase not reachable yet" while EHRbase has never answered since start (a start-up
 * race, not a configuration alert); the gauge {@code ehrbase_configuration_problems} (-1 before EHRbase first
 * answered); one {@code ALERT} log line when a configuration problem appears, an INFO line when it clears. Once the
 * system id is confirmed, notes failed as {@code EHRBASE_MISCONFIGURED} are re-driven.
 */
@ApplicationScoped
public class EhrbaseConfigCheck {
    private static final Logger LOG = Logger.getLogger(EhrbaseConfigCheck.class);
    private static final Duration CALL_WAIT = Duration.ofSeconds(60);
    /** The subject of the EHR the check makes for itself when no patient's EHR is known (ids only, no person). */
    static final String SELF_SUBJECT = "ehr-sync-configuration-check";

    /** A part's state. */
    public enum State { OK, PROBLEM, UNKNOWN }

    /** One part of the picture: its state and the words for it. */
    public record Part(State state, String detail) {
        static Part ok(String detail) {
            return new Part(State.OK, detail);
        }

        static Part problem(String detail) {
            return new Part(State.PROBLEM, detail);
        }

        static Part unknown(String why) {
            return new Part(State.UNKNOWN, why);
        }
    }

    /**
     * The last check. {@code everReachable}: EHRbase has answered at least once since start (before that the group
     * says "not reachable yet"); {@code systemIdReported}: what EHRbase reported, null when it could not be read.
     */
    public record Report(Instant checkedAt, Part reachable, Part credentials, Part template, Part systemId,
            boolean everReachable, String systemIdReported, String templateUidStored) {

        /** UP: EHRbase answered and every part is right. */
        public boolean ok() {
            return parts().stream().allMatch(p -> p.state() == State.OK);
        }

        public List<Part> parts() {
            return List.of(reachable, credentials, template, systemId);
        }

        /** The configuration problems (credentials, template, system id), each in words. */
        public List<String> problems() {
            List<String> problems = new ArrayList<>();
            for (Part p : List.of(credentials, template, systemId)) {
                if (p.state() == State.PROBLEM) {
                    problems.add(p.detail());
                }
            }
            return problems;
        }
    }

    private final EhrbaseClient client;
    private final NoteQueueRepository queue;
    private final NoteRedrive redrive;
    private final Lifecycle lifecycle;
    private final Clock clock;
    private final String namespace;
    private final Duration every;
    private final Duration problemEvery;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "ehrbase-config-check");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean requested = new AtomicBoolean(true);
    private volatile String requestedBecause = "start";
    private volatile long lastRunNanos;
    /** The system id of a composition id EHRbase refused (412 without the composition) since the last one stored. */
    private volatile String refusedSystemId;
    private volatile Report last;
    private volatile boolean running;

    public EhrbaseConfigCheck(EhrbaseClient client, NoteQueueRepository queue, NoteRedrive redrive, Lifecycle lifecycle,
            Clock clock, MeterRegistry registry, EhrSyncConfig config) {
        this.client = client;
        this.queue = queue;
        this.redrive = redrive;
        this.lifecycle = lifecycle;
        this.clock = clock;
        this.namespace = config.ehrbase().subjectNamespace();
        this.every = duration(config.configCheck().every());
        this.problemEvery = config.configCheck().problemEvery();
        Part notYet = Part.unknown("not checked yet");
        this.last = new Report(null, Part.unknown("EHRbase not reachable yet"), notYet, notYet, notYet, false, null,
                null);
        Gauge.builder("ehrbase.configuration.problems", this,
                        c -> c.last.everReachable() ? c.last.problems().size() : -1)
                .description("EHRbase configuration problems (credentials, template, system id) found by the check "
                        + "(-1: EHRbase has not answered since start)")
                .register(registry);
    }

    public Report last() {
        return last;
    }

    /** Something changed the picture: the check runs again within a second (the reason goes to the debug log). */
    public void recheck(String because) {
        requestedBecause = because;
        requested.set(true);
    }

    /** A note's composition id was refused with 412 "Mismatch of creating_system_id": a system id problem. */
    public void compositionIdRefused(String systemId) {
        refusedSystemId = systemId;
        recheck("a composition id was refused (412)");
    }

    /** A composition was stored with our system id: no refusal stands. */
    public void compositionStored() {
        if (refusedSystemId != null) {
            refusedSystemId = null;
            recheck("a composition was stored");
        }
    }

    /** EHRbase answered a note's call: if the check last saw it unreachable, the picture changed. */
    public void ehrbaseAnswered() {
        if (last.reachable().state() != State.OK) {
            recheck("EHRbase answered again");
        }
    }

    /** An EHR was created: when the system id could not be compared yet, it can now. */
    public void ehrCreated() {
        if (last.systemId().state() != State.OK) {
            recheck("an EHR was created");
        }
    }

    /** Every second: runs the check when asked to, while a problem is open (every few seconds), or when it is time. */
    @Scheduled(identity = "ehrbase-config-check", every = "${ehr-sync.config-check.tick:1s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void tick() {
        if (!lifecycle.running()) {
            return;
        }
        long since = System.nanoTime() - lastRunNanos;
        boolean asked = requested.getAndSet(false);
        boolean due = asked
                || !last.ok() && since >= problemEvery.toNanos()
                || every != null && since >= every.toNanos();
        if (due) {
            if (asked) {
                LOG.debugf("EHRbase configuration check: %s", requestedBecause);
            }
            try {
                check().await().atMost(CALL_WAIT.multipliedBy(2));
            } catch (RuntimeException e) {
                LOG.warnf("EHRbase configuration check did not finish (%s); it runs again", e.getClass().getSimpleName());
            }
        }
    }

    /** Runs the check now (after any running one) and publishes its report. */
    public Uni<Report> check() {
        return Uni.createFrom().item(this::run).runSubscriptionOn(runner);
    }

    @PreDestroy
    public void stop() {
        runner.shutdownNow();
    }

    private Report run() {
        running = true;
        try {
            lastRunNanos = System.nanoTime();
            Report previous = last;
            Report report = inspect(previous);
            publish(previous, report);
            return report;
        } finally {
            running = false;
        }
    }

    /** Nothing open and nothing pending: every part right, no re-check asked for, none running. */
    public boolean settled() {
        return last.ok() && !requested.get() && !running;
    }

    private Report inspect(Report previous) {
        Instant now = clock.instant();
        EhrbaseAnswer probe;
        try {
            probe = await(client.probe());
        } catch (EhrbaseFailure e) {
            LOG.debugf("EHRbase configuration check: no answer (%s)", e.ehrbaseMessage());
            return unreachable(previous, now, previous.everReachable()
                    ? "EHRbase not reachable: check EHRbase and EHRBASE_BASE_URL"
                    : "EHRbase not reachable yet");
        }
        if (probe.status() >= 500 || probe.status() == 408 || probe.status() == 429) {
            return unreachable(previous, now, (previous.everReachable() ? "EHRbase unavailable" : "EHRbase not available yet")
                    + " (HTTP " + probe.status() + ")");
        }
        Part reachable = Part.ok("yes");
        if (probe.status() == 401 || probe.status() == 403) {
            String why = "not checked: EHRbase refused the credentials";
            return new Report(now, reachable, Part.problem("EHRbase refused the credentials (HTTP " + probe.status()
                    + "): check EHRBASE_USER and EHRBASE_PASSWORD"), carry(previous.template(), why),
                    carry(previous.systemId(), why), true, previous.systemIdReported(), previous.templateUidStored());
        }
        // another 4xx to an authenticated template listing: most likely EHRBASE_BASE_URL points beside the API
        Part credentials = probe.ok() ? Part.ok("accepted")
                : Part.problem("EHRbase answered HTTP " + probe.status() + " to an authenticated template listing: "
                        + "check EHRBASE_BASE_URL (…/ehrbase/rest/openehr/v1)");
        String[] storedUid = new String[1];
        Part template = template(storedUid);
        String[] reported = new String[1];
        Part systemId = systemId(reported);
        if (systemId.state() == State.UNKNOWN) {
            systemId = carry(previous.systemId(), systemId.detail());
        }
        return new Report(now, reachable, credentials, template, systemId, true,
                reported[0] != null ? reported[0] : previous.systemIdReported(), storedUid[0]);
    }

    private Report unreachable(Report previous, Instant now, String words) {
        String why = "not checked: " + words;
        return new Report(now, Part.problem(words), carry(previous.credentials(), why), carry(previous.template(), why),
                carry(previous.systemId(), why), previous.everReachable(), previous.systemIdReported(),
                previous.templateUidStored());
    }

    /** A part that cannot be checked now: a problem seen before stays shown (as last seen), else it is unknown. */
    private static Part carry(Part before, String why) {
        if (before.state() == State.PROBLEM) {
            String detail = before.detail().contains(" (last seen; ") ? before.detail()
                    : before.detail() + " (last seen; " + why + ")";
            return Part.problem(detail);
        }
        return Part.unknown(why);
    }

    private Part template(String[] storedUid) {
        try {
            await(client.ensureTemplate());
        } catch (EhrbaseFailure e) {
            if (e.kind() == EhrbaseFailure.Kind.UNAUTHORIZED) {
                return Part.problem(describe(e, "uploading the template"));
            }
            if (e.status() >= 400 && e.status() < 500 && e.status() != 408 && e.status() != 429) {
                return Part.problem("EHRbase refused the template upload (HTTP " + e.status() + "): "
                        + EhrbaseFailure.readable(e.ehrbaseMessage()));
            }
            return Part.unknown("not checked: EHRbase did not answer the template upload");
        }
        EhrbaseAnswer stored;
        try {
            stored = await(client.storedTemplate());
        } catch (EhrbaseFailure e) {
            return Part.unknown("not checked: EHRbase did not answer reading the template");
        }
        if (!stored.ok()) {
            return Part.problem(describe(EhrbaseFailure.of(stored), "reading the template"));
        }
        storedUid[0] = EhrbaseClient.templateUid(stored.body());
        String ours = client.templateUid();
        if (storedUid[0] != null && ours != null && !storedUid[0].equals(ours)) {
            return Part.problem("EHRbase holds another version of template '" + client.templateId() + "' (uid "
                    + storedUid[0] + ", ours " + ours + "): delete it in EHRbase or give ours a new template id");
        }
        return Part.ok("'" + client.templateId() + "' present" + (storedUid[0] == null ? "" : " (uid " + storedUid[0] + ")"));
    }

    private Part systemId(String[] reported) {
        String ours = client.systemId();
        String refused = refusedSystemId;
        EhrbaseAnswer ehr;
        try {
            UUID known = await(queue.anyEhr());
            ehr = known != null ? await(client.ehr(known)) : null;
            if (ehr == null || ehr.status() == 404) {
                ehr = ownEhr();
            }
        } catch (EhrbaseFailure e) {
            return refused != null ? refusal(refused) : Part.unknown("not checked: EHRbase did not answer reading an EHR");
        }
        if (!ehr.ok()) {
            return ehr.status() == 401 || ehr.status() == 403
                    ? Part.problem(describe(EhrbaseFailure.of(ehr), "reading an EHR"))
                    : refused != null ? refusal(refused)
                    : Part.unknown("not checked: EHRbase answered HTTP " + ehr.status() + " reading an EHR");
        }
        JsonNode json = ehr.json();
        reported[0] = json == null ? null : json.path("system_id").path("value").asText(null);
        if (reported[0] == null) {
            return refused != null ? refusal(refused) : Part.unknown("not checked: EHRbase reported no system id");
        }
        if (!reported[0].equals(ours)) {
            return Part.problem("EHRBASE_SYSTEM_ID is '" + ours + "' but EHRbase's system id (its server.nodename) is '"
                    + reported[0] + "': every new note would fail with 412");
        }
        if (refused != null && refused.equals(refusedSystemId)) {
            refusedSystemId = null; // EHRbase reports our system id now: the refusal was before a fix
        }
        return Part.ok("'" + ours + "' matches EHRbase's");
    }

    private Part refusal(String refused) {
        return Part.problem("EHRbase refused a composition id with system id '" + refused + "' (HTTP 412, "
                + "EHRBASE_SYSTEM_ID is not EHRbase's server.nodename): new notes fail until it is fixed");
    }

    /** The EHR the check keeps for itself (a fixed id, no person behind it), created when missing. */
    private EhrbaseAnswer ownEhr() {
        UUID id = CompositionIds.ehrId(namespace, UUID.nameUUIDFromBytes(SELF_SUBJECT.getBytes(StandardCharsets.UTF_8)));
        EhrbaseAnswer ehr = await(client.ehr(id));
        if (ehr.status() == 404) {
            EhrbaseAnswer created = await(client.createEhr(id, SELF_SUBJECT));
            if (!created.ok() && created.status() != 409) {
                return created;
            }
            ehr = await(client.ehr(id));
        }
        return ehr;
    }

    private static String describe(EhrbaseFailure f, String doing) {
        return switch (f.kind()) {
            case UNAUTHORIZED -> "EHRbase refused the credentials while " + doing + " (HTTP " + f.status()
                    + "): check EHRBASE_USER and EHRBASE_PASSWORD";
            case TRANSIENT -> "EHRbase could not be reached while " + doing
                    + (f.status() > 0 ? " (HTTP " + f.status() + ")" : "") + ": check EHRBASE_BASE_URL and EHRbase";
            default -> "EHRbase refused " + doing + " (HTTP " + f.status() + ")";
        };
    }

    private void publish(Report previous, Report report) {
        last = report;
        if (!report.problems().isEmpty() && !report.problems().equals(previous.problems())) {
            LOG.errorf("ALERT: EHRbase configuration: %s", String.join("; ", report.problems()));
        } else if (report.problems().isEmpty() && !previous.problems().isEmpty()) {
            LOG.info("EHRbase configuration is OK again");
        }
        if (report.reachable().state() != State.OK && previous.reachable().state() == State.OK) {
            LOG.warnf("EHRbase configuration check: %s", report.reachable().detail());
        } else if (report.reachable().state() == State.OK && previous.reachable().state() != State.OK) {
            LOG.infof("EHRbase answers%s", previous.everReachable() ? " again" : "");
        }
        if (report.ok()) {
            // the system id is confirmed: notes failed for a wrong one go again
            try {
                await(redrive.redrive(new NoteQueueRepository.RedriveCriteria(null,
                        List.of(ReasonCode.EHRBASE_MISCONFIGURED.name()), null, null, null), 500, "config-check"));
            } catch (RuntimeException e) {
                LOG.warnf("re-driving EHRBASE_MISCONFIGURED notes failed (%s); the next check retries",
                        e.getClass().getSimpleName());
            }
        }
    }

    private static <T> T await(Uni<T> uni) {
        return uni.await().atMost(CALL_WAIT);
    }

    private static Duration duration(String every) {
        if (every == null || every.isBlank() || "off".equalsIgnoreCase(every.trim())) {
            return null;
        }
        String s = every.trim();
        if (s.startsWith("P") || s.startsWith("p")) {
            return Duration.parse(s);
        }
        char unit = Character.toLowerCase(s.charAt(s.length() - 1));
        long n = Long.parseLong(s.substring(0, s.length() - 1));
        return switch (unit) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            case 'd' -> Duration.ofDays(n);
            default -> Duration.parse("PT" + s);
        };
    }
}
