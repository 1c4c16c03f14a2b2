package io.recoverysync.dashboard.rest;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.recoverysync.contracts.api.RosterPage;
import io.recoverysync.contracts.api.RosterWrite;
import io.recoverysync.dashboard.RosterPageView;
import io.recoverysync.dashboard.SignedInUser;
import io.recoverysync.dashboard.client.Backbone;
import io.recoverysync.dashboard.service.DayView;
import io.recoverysync.dashboard.service.RosterWords;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * The organization admin's roster: the patients (active, discharged or everyone), add one, edit one, discharge one,
 * and import a CSV (all or nothing: a refused file's every bad line is named). Writes go to sync-scheduler's roster
 * API with the admin's token; every form carries the CSRF token. A page answering a form is shown as the answer
 * itself (never cached), so what was typed stays in the form after a refusal.
 */
@Path("/roster")
@Authenticated
public class RosterResource {
    /** Larger files are refused before they are read (the roster API takes at most a few thousand rows). */
    static final long MAX_FILE_BYTES = 2L * 1024 * 1024;

    @CheckedTemplate(basePath = "Pages")
    static class Templates {
        static native TemplateInstance roster(SignedInUser user, RosterPageView page, String csrf);

        static native TemplateInstance rosterPatient(SignedInUser user, RosterPageView.PatientForm form,
                List<String> problems, String csrf);
    }

    private final Backbone backbone;
    private final CurrentUser currentUser;

    public RosterResource(Backbone backbone, CurrentUser currentUser) {
        this.backbone = backbone;
        this.currentUser = currentUser;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> list(@RestQuery String status, @CookieParam(Csrf.COOKIE) String csrfCookie) {
        return render(RosterWords.status(status), null, null, null, csrfCookie);
    }

    @POST
    @Path("add")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> add(@RestForm String firstName, @RestForm String lastName, @RestForm String email,
            @RestForm String intakeqClientId, @RestForm(Csrf.FIELD) String token,
            @CookieParam(Csrf.COOKIE) String csrfCookie) {
        Response refused = refuse(csrfCookie, token);
        if (refused != null) {
            return Uni.createFrom().item(refused);
        }
        RosterPageView.PatientForm form = new RosterPageView.PatientForm(null, trim(firstName), trim(lastName),
                trim(email), trim(intakeqClientId), "active");
        SignedInUser user = currentUser.get();
        return write(user, null, form, "active").chain(result -> result.summary() != null
                ? render("active", RosterWords.outcome("Added", result.summary()), null, null, csrfCookie)
                : render("active", null, RosterWords.problems(result.refusal()), form, csrfCookie));
    }

    @GET
    @Path("{patientId}")
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> edit(@RestPath String patientId, @CookieParam(Csrf.COOKIE) String csrfCookie) {
        SignedInUser user = currentUser.get();
        if (!isAdmin(user)) {
            return Uni.createFrom().item(notForYou(user));
        }
        UUID id = PathIds.uuid(patientId);
        String csrf = Csrf.tokenFor(csrfCookie);
        return patient(user, id).map(p -> p == null ? unknownPatient()
                : editPage(user, form(p), null, csrf, 200));
    }

    @POST
    @Path("{patientId}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> update(@RestPath String patientId, @RestForm String firstName, @RestForm String lastName,
            @RestForm String email, @RestForm String intakeqClientId, @RestForm String status,
            @RestForm(Csrf.FIELD) String token, @CookieParam(Csrf.COOKIE) String csrfCookie) {
        Response refused = refuse(csrfCookie, token);
        if (refused != null) {
            return Uni.createFrom().item(refused);
        }
        UUID id = PathIds.uuid(patientId);
        if (id == null) {
            return Uni.createFrom().item(unknownPatient());
        }
        String wanted = "discharged".equals(status) ? "discharged" : "active";
        RosterPageView.PatientForm form = new RosterPageView.PatientForm(id.toString(), trim(firstName),
                trim(lastName), trim(email), trim(intakeqClientId), wanted);
        SignedInUser user = currentUser.get();
        String csrf = Csrf.tokenFor(csrfCookie);
        return write(user, id, form, wanted)
                .chain(result -> result.summary() != null
                        ? render("all", RosterWords.outcome("Saved", result.summary()), null, null, csrfCookie)
                        : Uni.createFrom().item(editPage(user, form, RosterWords.problems(result.refusal()), csrf, 400)))
                .onFailure(e -> Backbone.answered(e, 404))
                .recoverWithItem(e -> unknownPatient());
    }

    @POST
    @Path("{patientId}/discharge")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> discharge(@RestPath String patientId, @RestForm(Csrf.FIELD) String token,
            @CookieParam(Csrf.COOKIE) String csrfCookie) {
        Response refused = refuse(csrfCookie, token);
        if (refused != null) {
            return Uni.createFrom().item(refused);
        }
        UUID id = PathIds.uuid(patientId);
        SignedInUser user = currentUser.get();
        if (id == null) {
            return Uni.createFrom().item(unknownPatient());
        }
        return backbone.discharge(user.organizationId(), id).chain(done -> !done ? Uni.createFrom().item(unknownPatient())
                : render("active", "Discharged: 1 patient (their appointments are no longer synced)", null, null,
                        csrfCookie));
    }

    /** A CSV file (a header line naming the columns, then a patient a line), imported all or nothing. */
    @POST
    @Path("import")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.TEXT_HTML)
    @Blocking
    public Uni<Response> importCsv(@RestForm("file") FileUpload file, @RestForm(Csrf.FIELD) String token,
            @CookieParam(Csrf.COOKIE) String csrfCookie) {
        Response refused = refuse(csrfCookie, token);
        if (refused != null) {
            return Uni.createFrom().item(refused);
        }
        if (file == null || file.size() == 0) {
            return render("active", null, List.of("Choose a CSV file to import."), null, csrfCookie);
        }
        if (file.size() > MAX_FILE_BYTES) {
            return render("active", null, List.of("The file is larger than 2 MB; split it and import each part."),
                    null, csrfCookie);
        }
        String csv;
        try {
            csv = Files.readString(file.uploadedFile(), StandardCharsets.UTF_8);
        } catch (java.nio.charset.CharacterCodingException e) {
            return render("active", null, List.of("The file is not text in UTF-8; save it as CSV (UTF-8) and try again."),
                    null, csrfCookie);
        } catch (IOException e) {
            return render("active", null, List.of("The file could not be read; try again."), null, csrfCookie);
        }
        SignedInUser user = currentUser.get();
        return backbone.importRoster(user.organizationId(), csv).chain(result -> result.summary() != null
                ? render("active", RosterWords.outcome("Imported", result.summary()), null, null, csrfCookie)
                : render("active", null, RosterWords.problems(result.refusal()), null, csrfCookie));
    }

    private Uni<Response> render(String status, String outcome, List<String> problems, RosterPageView.PatientForm form,
            String csrfCookie) {
        SignedInUser user = currentUser.get();
        if (!isAdmin(user)) {
            return Uni.createFrom().item(notForYou(user));
        }
        String csrf = Csrf.tokenFor(csrfCookie);
        return Uni.combine().all().unis(backbone.organization(user.organizationId()),
                        backbone.patients(user.organizationId(), status)).asTuple()
                .map(t -> RosterWords.page(t.getItem1().name(), status, t.getItem2(), outcome, problems, form))
                .map(page -> Response.status(problems == null ? 200 : 400).type(MediaType.TEXT_HTML)
                        .entity(Templates.roster(user, page, csrf)).header("Cache-Control", "no-store")
                        .cookie(Csrf.cookie(csrf)).build());
    }

    private Uni<RosterWrite.Result> write(SignedInUser user, UUID patientId, RosterPageView.PatientForm form,
            String status) {
        Integer client = null;
        if (!form.intakeqClientId().isEmpty()) {
            try {
                client = Integer.valueOf(form.intakeqClientId());
            } catch (NumberFormatException e) {
                return Uni.createFrom().item(new RosterWrite.Result(null, new RosterWrite.Refusal(400, null, List.of(
                        new RosterWrite.Refusal.Problem(null, "intakeqClientId", "must be a whole number")))));
            }
        }
        return backbone.writePatient(user.organizationId(), patientId, new RosterWrite.Patient(
                blankToNull(form.firstName()), blankToNull(form.lastName()), blankToNull(form.email()), client, status));
    }

    private Uni<RosterPage.Patient> patient(SignedInUser user, UUID id) {
        if (id == null) {
            return Uni.createFrom().nullItem();
        }
        return backbone.patients(user.organizationId(), "all")
                .map(all -> all.stream().filter(p -> p.patientId().equals(id)).findFirst().orElse(null));
    }

    private static RosterPageView.PatientForm form(RosterPage.Patient p) {
        return new RosterPageView.PatientForm(p.patientId().toString(), nullToBlank(p.firstName()),
                nullToBlank(p.lastName()), nullToBlank(p.email()),
                p.intakeqClientId() == null ? "" : p.intakeqClientId().toString(),
                "active".equals(p.status()) ? "active" : "discharged");
    }

    private static Response editPage(SignedInUser user, RosterPageView.PatientForm form, List<String> problems,
            String csrf, int status) {
        return Response.status(status).type(MediaType.TEXT_HTML)
                .entity(Templates.rosterPatient(user, form, problems, csrf))
                .header("Cache-Control", "no-store").cookie(Csrf.cookie(csrf)).build();
    }

    /** A form posted without the CSRF token, or by a user who is not the organization's admin: its refusal page. */
    private Response refuse(String csrfCookie, String token) {
        if (!Csrf.matches(csrfCookie, token)) {
            return PageErrors.expiredForm();
        }
        SignedInUser user = currentUser.get();
        return isAdmin(user) ? null : notForYou(user);
    }

    static boolean isAdmin(SignedInUser user) {
        return user.orgAdmin();
    }

    private static Response notForYou(SignedInUser user) {
        return user.organizationId() == null || !user.has(SignedInUser.PARTNER) ? TodayResource.notForYou(user)
                : PageErrors.page(403, "Not available", "The roster is changed by your organization's admin.");
    }

    private static Response unknownPatient() {
        return PageErrors.page(404, "Patient not found", "There is no patient of your organization at this address.");
    }

    private static String trim(String value) {
        return value == null ? "" : value.strip();
    }

    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private static String nullToBlank(String value) {
        return value == null ? "" : value;
    }
}
