package io.recoverysync.dashboard.rest;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.recoverysync.contracts.api.Operations;
import io.recoverysync.contracts.api.RosterOrganization;
import io.recoverysync.contracts.api.RosterWrite;
import io.recoverysync.dashboard.OpsPage;
import io.recoverysync.dashboard.SignedInUser;
import io.recoverysync.dashboard.client.Backbone;
import io.recoverysync.dashboard.client.Operators;
import io.recoverysync.dashboard.service.OpsWords;
import io.recoverysync.dashboard.service.RosterWords;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;

/**
 * The operations page (ops role): runs of every organization, the IntakeQ budget and the practice mirror, the EHR
 * queue with re-drive, dead-lettered commands with replay, provider mappings with the unmapped and an import from
 * IntakeQ, and discovery — IntakeQ clients on no roster — with adding one to an organization's roster. Each section
 * is read on its own: a service that does not answer leaves its section saying so. Actions are forms with the CSRF
 * token; the page that answers one says what it did.
 */
@Path("/ops")
@Authenticated
public class OpsResource {
    private static final Logger LOG = Logger.getLogger(OpsResource.class);
    static final int RUNS = 50;
    static final int DISCOVERED = 100;
    /** EHRbase failures a re-drive may be asked for (as ehr-sync takes them). */
    static final Set<String> REDRIVE_REASONS = Set.of("EHRBASE_UNAVAILABLE", "EHRBASE_UNAUTHORIZED", "EHRBASE_REJECTED",
            "INTERNAL_ERROR");

    @CheckedTemplate(basePath = "Pages")
    static class Templates {
        static native TemplateInstance ops(SignedInUser user, OpsPage page, String csrf);
    }

    private final Backbone backbone;
    private final Operators operators;
    private final CurrentUser currentUser;
    private final Clock clock = Clock.systemUTC();

    public OpsResource(Backbone backbone, Operators operators, CurrentUser currentUser) {
        this.backbone = backbone;
        this.operators = operators;
        this.currentUser = currentUser;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> page(@CookieParam(Csrf.COOKIE) String csrfCookie) {
        return render(csrfCookie, null, null);
    }

    @POST
    @Path("replay-dead-letters")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> replay(@RestForm(Csrf.FIELD) String token, @CookieParam(Csrf.COOKIE) String csrfCookie) {
        return act(csrfCookie, token, () -> operators.replayDeadLetters().map(r -> "Put back on their topic: "
                + r.replayed() + " dead-lettered refresh" + (r.replayed() == 1 ? "" : "es")
                + (r.skippedUnreadable() > 0 ? " (" + r.skippedUnreadable() + " unreadable, left)" : "")));
    }

    @POST
    @Path("redrive")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> redrive(@RestForm String reason, @RestForm(Csrf.FIELD) String token,
            @CookieParam(Csrf.COOKIE) String csrfCookie) {
        if (reason == null || !REDRIVE_REASONS.contains(reason)) {
            return act(csrfCookie, token, () -> Uni.createFrom().failure(new Refused("Choose why the notes failed.")));
        }
        return act(csrfCookie, token, () -> operators.redrive(reason)
                .map(r -> "Queued again for the EHR: " + r.redriven() + " note" + (r.redriven() == 1 ? "" : "s")));
    }

    @POST
    @Path("providers/import")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> importProviders(@RestForm(Csrf.FIELD) String token, @CookieParam(Csrf.COOKIE) String csrfCookie) {
        return act(csrfCookie, token, () -> operators.importPractitioners().map(r -> r == null
                ? "IntakeQ's practitioners could not be read; try again later."
                : "Read " + r.practitioners() + " practitioner" + (r.practitioners() == 1 ? "" : "s")
                        + " from IntakeQ: " + r.added() + " mapped now, "
                        + r.alreadyMapped() + " already mapped"));
    }

    /** Adds a discovered IntakeQ client to an organization's roster (its row as discovery split it). */
    @POST
    @Path("discovery/{clientId}/add")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> addDiscovered(@RestPath int clientId, @RestForm String organizationId,
            @RestForm(Csrf.FIELD) String token, @CookieParam(Csrf.COOKIE) String csrfCookie) {
        UUID org = PathIds.uuid(organizationId);
        return act(csrfCookie, token, () -> org == null ? Uni.createFrom().failure(new Refused("Choose an organization."))
                : operators.discovery(500).chain(found -> {
                    Operations.DiscoveredClient client = found.clients().stream()
                            .filter(c -> c.intakeqClientId() == clientId).findFirst().orElse(null);
                    if (client == null) {
                        return Uni.createFrom().failure(new Refused("That IntakeQ client is no longer waiting: it may be on a roster already."));
                    }
                    Operations.PatientRow row = client.patient();
                    return backbone.writePatient(org, null, new RosterWrite.Patient(row.firstName(), row.lastName(),
                                    row.email(), row.intakeqClientId(), "active"))
                            .map(result -> {
                                if (result.refusal() != null) {
                                    throw new Refused(String.join("; ", RosterWords.problems(result.refusal())));
                                }
                                return RosterWords.outcome("Added to the roster", result.summary());
                            });
                }));
    }

    private Uni<Response> act(String csrfCookie, String token, java.util.function.Supplier<Uni<String>> action) {
        if (!Csrf.matches(csrfCookie, token)) {
            return Uni.createFrom().item(PageErrors.expiredForm());
        }
        SignedInUser user = currentUser.get();
        if (!user.has(SignedInUser.OPS)) {
            return Uni.createFrom().item(notForYou());
        }
        return action.get()
                .chain(outcome -> render(csrfCookie, outcome, null))
                .onFailure(Refused.class).recoverWithUni(e -> render(csrfCookie, null, List.of(e.getMessage())));
    }

    private Uni<Response> render(String csrfCookie, String outcome, List<String> problems) {
        SignedInUser user = currentUser.get();
        if (!user.has(SignedInUser.OPS)) {
            return Uni.createFrom().item(notForYou());
        }
        String csrf = Csrf.tokenFor(csrfCookie);
        return Uni.combine().all().unis(
                        orNull(backbone.organizations(), "organizations"),
                        orNull(backbone.runs(null, RUNS), "runs"),
                        orNull(operators.quota(), "quota"),
                        orNull(operators.mirror(), "mirror"),
                        orNull(operators.ehrQueue(), "EHR queue"),
                        orNull(operators.providerMappings(), "provider mappings"),
                        orNull(operators.unmapped(), "unmapped practitioners"),
                        orNull(operators.discovery(DISCOVERED), "discovery"))
                .asTuple()
                .map(t -> {
                    var orgs = t.getItem1() == null ? List.<RosterOrganization>of() : t.getItem1();
                    return new OpsPage(t.getItem2() == null ? null : OpsWords.runs(t.getItem2(), orgs),
                            OpsWords.intakeq(t.getItem3(), t.getItem4(), clock.instant()),
                            OpsWords.ehrQueue(t.getItem5()), OpsWords.providers(t.getItem6(), t.getItem7()),
                            OpsWords.discovery(t.getItem8()), OpsWords.organizations(orgs), outcome, problems);
                })
                .map(page -> Response.status(problems == null ? 200 : 400).type(MediaType.TEXT_HTML)
                        .entity(Templates.ops(user, page, csrf)).header("Cache-Control", "no-store")
                        .cookie(Csrf.cookie(csrf)).build());
    }

    /** A section's read; null (the section says it could not be read) when its service does not answer. */
    private static <T> Uni<T> orNull(Uni<T> read, String what) {
        return read.onFailure().recoverWithItem(e -> {
            LOG.warnf("operations page: the %s could not be read (%s)", what, e.getClass().getSimpleName());
            return null;
        });
    }

    private static Response notForYou() {
        return PageErrors.page(403, "Not available", "The operations page is for the operations team.");
    }

    /** An action the page refuses or a service refused, said in words. */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }
}
