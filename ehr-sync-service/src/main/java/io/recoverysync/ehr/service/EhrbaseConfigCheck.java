package io.recoverysync.ehr.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.recoverysync.contracts.ReasonCode;
import io.recoverysync.ehr.client.EhrbaseAnswer;
import io.recoverysync.ehr.client.EhrbaseClient;
import io.recoverysync.ehr.client.EhrbaseFailure;
import io.recoverysync.ehr.repository.NoteQueueRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Catches EHRbase misconfiguration at start and every {@code ehr-sync.config-check.every}, before notes pay for
 * it: uploads the template (so wrong credentials or URL show at start), checks that the template EHRbase holds
 * under our id is ours (its uid), and that {@code EHRBASE_SYSTEM_ID} is the {@code system_id} EHRbase reports for an
 * EHR it holds. A problem raises one {@code ALERT} log line when it appears (and an INFO line when it clears), the
 * gauge {@code ehrbase_configuration_problems}, and the health group {@code ehrbase} ({@code /q/health/group/ehrbase};
 * not readiness, which stays independent of EHRbase). Once the system id is confirmed, notes failed as
 * {@code EHRBASE_MISCONFIGURED} are re-driven.
 */
@ApplicationScoped
public class EhrbaseConfigCheck {
    private static final Logger LOG = Logger.getLogger(EhrbaseConfigCheck.class);

    private final EhrbaseClient client;
    private final NoteQueueRepository queue;
    private final NoteRedrive redrive;
    private final Lifecycle lifecycle;
    private final Clock clock;
    private volatile Report last = new Report(null, false, List.of("not checked yet"), null, null);

    public EhrbaseConfigCheck(EhrbaseClient client, NoteQueueRepository queue, NoteRedrive redrive, Lifecycle lifecycle,
            Clock clock, MeterRegistry registry) {
        this.client = client;
        this.queue = queue;
        this.redrive = redrive;
        this.lifecycle = lifecycle;
        this.clock = clock;
        Gauge.builder("ehrbase.configuration.problems", this, c -> c.last.checkedAt() == null ? -1 : c.last.problems().size())
                .description("EHRbase configuration problems found by the last check (-1: not checked yet)")
                .register(registry);
    }

    /**
     * The last check: {@code ok} when EHRbase answered and nothing was wrong; {@code systemIdReported} null while no
     * EHR is known to compare with.
     */
    public record Report(Instant checkedAt, boolean ok, List<String> problems, String systemIdReported,
            String templateUidStored) {
    }

    public Report last() {
        return last;
    }

    @Scheduled(identity = "ehrbase-config-check", every = "${ehr-sync.config-check.every:10m}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        if (lifecycle.stopping()) {
            return Uni.createFrom().voidItem();
        }
        return check().onFailure().recoverWithItem(e -> null).replaceWithVoid();
    }

    public Uni<Report> check() {
        List<String> problems = new ArrayList<>();
        return client.ensureTemplate()
                .onFailure(EhrbaseFailure.class).recoverWithItem(e -> {
                    problems.add(describe((EhrbaseFailure) e, "uploading the template"));
                    return null;
                })
                .chain(() -> problems.isEmpty() ? client.storedTemplate().map(this::templateUid)
                        .onFailure(EhrbaseFailure.class).recoverWithItem(e -> {
                            problems.add(describe((EhrbaseFailure) e, "reading the template"));
                            return null;
                        }) : Uni.createFrom().nullItem())
                .chain(storedUid -> {
                    String ours = client.templateUid();
                    if (problems.isEmpty() && storedUid != null && ours != null && !storedUid.equals(ours)) {
                        problems.add("EHRbase holds another version of template '" + client.templateId() + "' (uid "
                                + storedUid + ", ours " + ours + "): delete it in EHRbase or give ours a new template id");
                    }
                    Uni<String> systemId = problems.isEmpty() ? reportedSystemId(problems) : Uni.createFrom().nullItem();
                    return systemId.map(reported -> new Report(clock.instant(), problems.isEmpty(), List.copyOf(problems),
                            reported, storedUid));
                })
                .call(this::publish);
    }

    private String templateUid(EhrbaseAnswer answer) {
        if (!answer.ok()) {
            throw EhrbaseFailure.of(answer);
        }
        return EhrbaseClient.templateUid(answer.body());
    }

    /** EHRbase's system id from an EHR it holds, compared with ours; null while no EHR is known. */
    private Uni<String> reportedSystemId(List<String> problems) {
        return queue.anyEhr().chain(ehrId -> ehrId == null ? Uni.createFrom().<String>nullItem()
                : client.ehr(ehrId).map(answer -> {
                    if (!answer.ok()) {
                        if (answer.status() == 401 || answer.status() == 403) {
                            problems.add(describe(EhrbaseFailure.of(answer), "reading an EHR"));
                        }
                        return null; // a vanished EHR (404) tells nothing about the system id
                    }
                    JsonNode json = answer.json();
                    String reported = json == null ? null : json.path("system_id").path("value").asText(null);
                    if (reported != null && !reported.equals(client.systemId())) {
                        problems.add("EHRBASE_SYSTEM_ID is '" + client.systemId() + "' but EHRbase's system id (its "
                                + "server.nodename) is '" + reported + "': every new note would fail with 412");
                    }
                    return reported;
                }).onFailure(EhrbaseFailure.class).recoverWithItem(e -> {
                    problems.add(describe((EhrbaseFailure) e, "reading an EHR"));
                    return null;
                }));
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

    private Uni<Void> publish(Report report) {
        Report previous = last;
        last = report;
        if (!report.ok() && !report.problems().equals(previous.problems())) {
            LOG.errorf("ALERT: EHRbase configuration: %s", String.join("; ", report.problems()));
        } else if (report.ok() && !previous.ok() && previous.checkedAt() != null) {
            LOG.info("EHRbase configuration is OK again");
        }
        if (report.ok() && report.systemIdReported() != null) {
            // the system id is confirmed: notes failed for a wrong one go again
            return redrive.redrive(new NoteQueueRepository.RedriveCriteria(null,
                    List.of(ReasonCode.EHRBASE_MISCONFIGURED.name()), null, null, null), 500, "config-check").replaceWithVoid();
        }
        return Uni.createFrom().voidItem();
    }
}
