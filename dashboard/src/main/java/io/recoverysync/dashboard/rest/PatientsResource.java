package io.recoverysync.dashboard.rest;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.recoverysync.contracts.api.OrganizationAppointments;
import io.recoverysync.contracts.api.RosterPage;
import io.recoverysync.dashboard.PatientPage;
import io.recoverysync.dashboard.PatientsPage;
import io.recoverysync.dashboard.SignedInUser;
import io.recoverysync.dashboard.client.Backbone;
import io.recoverysync.dashboard.service.PatientHistory;
import io.recoverysync.dashboard.service.PatientList;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The case manager's patients: the list with its filters (a query value, never a name), a search by name (posted, so
 * no name reaches a URL or a log), the CSV export of the filtered list, and each patient's page with the sync
 * window's appointments, their change history and a Refresh.
 */
@Path("/patients")
@Authenticated
public class PatientsResource {

    @CheckedTemplate(basePath = "Pages")
    static class Templates {
        static native TemplateInstance patients(SignedInUser user, PatientsPage page, String csrf);

        static native TemplateInstance patient(SignedInUser user, PatientPage page, String csrf);
    }

    private final Backbone backbone;
    private final CurrentUser currentUser;
    private final Clock clock = Clock.systemUTC();

    public PatientsResource(Backbone backbone, CurrentUser currentUser) {
        this.backbone = backbone;
        this.currentUser = currentUser;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> list(@RestQuery String filter, @CookieParam(Csrf.COOKIE) String csrfCookie) {
        return render(PatientsPage.Filter.of(filter), null, csrfCookie);
    }

    /** A search by name: posted with the form's CSRF token, answered with the list itself. */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> search(@FormParam("q") String query, @FormParam("filter") String filter,
            @FormParam(Csrf.FIELD) String token, @CookieParam(Csrf.COOKIE) String csrfCookie) {
        if (!Csrf.matches(csrfCookie, token)) {
            return Uni.createFrom().item(PageErrors.expiredForm());
        }
        String q = query == null ? null : query.strip();
        return render(PatientsPage.Filter.of(filter), q == null || q.length() > 100 ? null : q, csrfCookie);
    }

    @GET
    @Path("export.csv")
    @Produces("text/csv")
    public Uni<Response> export(@RestQuery String filter) {
        SignedInUser user = currentUser.get();
        if (!TodayResource.isCaseManager(user)) {
            return Uni.createFrom().item(TodayResource.notForYou(user));
        }
        return load(user, PatientsPage.Filter.of(filter), null)
                .map(page -> Response.ok(PatientList.csv(page), "text/csv; charset=utf-8")
                        .header("Content-Disposition", "attachment; filename=\"patients.csv\"")
                        .header("Cache-Control", "no-store")
                        .build());
    }

    @GET
    @Path("{patientId}")
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> patient(@RestPath String patientId, @CookieParam(Csrf.COOKIE) String csrfCookie) {
        SignedInUser user = currentUser.get();
        if (!TodayResource.isCaseManager(user)) {
            return Uni.createFrom().item(TodayResource.notForYou(user));
        }
        UUID id = PathIds.uuid(patientId);
        String csrf = Csrf.tokenFor(csrfCookie);
        return patientPage(user, id).map(page -> page == null ? unknownPatient()
                : Response.ok(Templates.patient(user, page, csrf)).cookie(Csrf.cookie(csrf)).build());
    }

    @POST
    @Path("{patientId}/refresh")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> refresh(@RestPath String patientId, @FormParam(Csrf.FIELD) String token,
            @CookieParam(Csrf.COOKIE) String csrfCookie) {
        if (!Csrf.matches(csrfCookie, token)) {
            return Uni.createFrom().item(PageErrors.expiredForm());
        }
        SignedInUser user = currentUser.get();
        UUID id = PathIds.uuid(patientId);
        if (!TodayResource.isCaseManager(user) || id == null) {
            return Uni.createFrom().item(unknownPatient());
        }
        return backbone.refreshPatient(id)
                .map(run -> Response.seeOther(URI.create("/runs/" + run)).build())
                .onFailure(e -> Backbone.answered(e, 404))
                .recoverWithItem(e -> unknownPatient());
    }

    private Uni<Response> render(PatientsPage.Filter filter, String search, String csrfCookie) {
        SignedInUser user = currentUser.get();
        if (!TodayResource.isCaseManager(user)) {
            return Uni.createFrom().item(TodayResource.notForYou(user));
        }
        String csrf = Csrf.tokenFor(csrfCookie);
        return load(user, filter, search)
                .map(page -> Response.ok(Templates.patients(user, page, csrf)).cookie(Csrf.cookie(csrf)).build());
    }

    private Uni<PatientsPage> load(SignedInUser user, PatientsPage.Filter filter, String search) {
        Instant now = clock.instant();
        UUID org = user.organizationId();
        return Uni.combine().all()
                .unis(backbone.organization(org), backbone.activePatients(org), appointments(org, null, now)).asTuple()
                .map(t -> PatientList.build(t.getItem1(), t.getItem2(), t.getItem3(), now, filter, search));
    }

    private Uni<PatientPage> patientPage(SignedInUser user, UUID patientId) {
        if (patientId == null) {
            return Uni.createFrom().nullItem();
        }
        Instant now = clock.instant();
        UUID org = user.organizationId();
        return Uni.combine().all()
                .unis(backbone.organization(org), backbone.activePatients(org), appointments(org, patientId, now)).asTuple()
                .map(t -> {
                    Optional<RosterPage.Patient> patient = t.getItem2().stream()
                            .filter(p -> p.patientId().equals(patientId)).findFirst();
                    return patient.map(p -> PatientHistory.build(t.getItem1(), p, t.getItem3())).orElse(null);
                });
    }

    private Uni<OrganizationAppointments> appointments(UUID org, UUID patientId, Instant now) {
        return backbone.appointmentsOrNone(org, patientId, now.minus(PatientList.BACK), now.plus(PatientList.AHEAD),
                now.minus(patientId == null ? PatientList.BACK : Duration.ofDays(28)));
    }

    private static Response unknownPatient() {
        return PageErrors.page(404, "Patient not found", "There is no active patient of your organization at this address.");
    }
}
