package io.recoverysync.scheduler.rest;

import io.recoverysync.scheduler.Organization;
import io.recoverysync.scheduler.PatientRow;
import io.recoverysync.scheduler.RosterEntry;
import io.recoverysync.scheduler.repository.RosterRepository;
import io.recoverysync.scheduler.service.RosterAdmin;
import io.recoverysync.scheduler.service.RosterImport;
import io.recoverysync.servicekit.Caller;
import io.recoverysync.servicekit.Ids;
import io.recoverysync.servicekit.Problem;
import io.recoverysync.servicekit.QueryParams;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The roster API: organizations (ops creates them; ops or the organization's admin renames them) and their
 * patients (ops or the organization's admin adds, updates, discharges and imports them; its partners read them).
 * Patients' names and emails are answered only to callers of the patient's own organization; ops sees ids. Another
 * organization is not found (404).
 */
@Path("/api/roster")
public class RosterAdminResource {
    private static final int MAX_PAGE = 500;

    private final RosterAdmin admin;
    private final RosterRepository roster;
    private final Caller caller;

    public RosterAdminResource(RosterAdmin admin, RosterRepository roster, Caller caller) {
        this.admin = admin;
        this.roster = roster;
        this.caller = caller;
    }

    /** Body of an organization: {@code id} may be given on creation (else one is made). */
    public record OrganizationBody(String id, String name, String timeZone, Boolean calendarFullNames) {
    }

    /** A page of an organization's patients. */
    public record PatientPage(UUID organizationId, long total, int offset, int limit, List<RosterEntry> patients) {
    }

    /** A transfer: from one organization to another. */
    public record TransferBody(String fromOrganizationId, String toOrganizationId) {
    }

    // ---- organizations ----

    @POST
    @Path("/organizations")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Caller.OPS)
    public Uni<Response> createOrganization(OrganizationBody body) {
        List<Problem.FieldError> errors = organizationErrors(body);
        UUID id = body == null || body.id() == null ? UUID.randomUUID() : Ids.parse(body.id());
        if (body != null && body.id() != null && id == null) {
            errors.add(new Problem.FieldError("id", "must be a UUID"));
        }
        if (!errors.isEmpty()) {
            return Uni.createFrom().item(invalid(errors));
        }
        return admin.createOrganization(id, body.name().trim(), body.timeZone(),
                        Boolean.TRUE.equals(body.calendarFullNames()))
                .map(org -> org == null
                        ? Problem.response(Response.Status.CONFLICT, "An organization with this id exists.")
                        : Response.created(URI.create("/api/roster/organizations/" + org.id())).entity(org).build());
    }

    @GET
    @Path("/organizations")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Caller.OPS, Caller.ORG_ADMIN, Caller.PARTNER, Caller.CLINICIAN})
    public Uni<List<Organization>> organizations() {
        return roster.organizations(caller.isOps() ? null : caller.requireOrganization());
    }

    @PUT
    @Path("/organizations/{organizationId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Caller.OPS, Caller.ORG_ADMIN})
    public Uni<Response> updateOrganization(@PathParam("organizationId") String organizationId, OrganizationBody body) {
        UUID org = visible(organizationId);
        if (org == null) {
            return Uni.createFrom().item(unknownOrganization());
        }
        List<Problem.FieldError> errors = organizationErrors(body);
        if (!errors.isEmpty()) {
            return Uni.createFrom().item(invalid(errors));
        }
        return admin.updateOrganization(org, body.name().trim(), body.timeZone(), body.calendarFullNames())
                .map(updated -> updated == null ? unknownOrganization() : Response.ok(updated).build());
    }

    // ---- patients ----

    @GET
    @Path("/organizations/{organizationId}/patients")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Caller.OPS, Caller.ORG_ADMIN, Caller.PARTNER, Caller.CLINICIAN})
    public Uni<Response> patients(@PathParam("organizationId") String organizationId, @QueryParam("status") String status,
            @QueryParam("offset") String offsetParam, @QueryParam("limit") String limitParam) {
        UUID org = visible(organizationId);
        if (org == null) {
            return Uni.createFrom().item(unknownOrganization());
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        int offset = QueryParams.wholeNumber("offset", offsetParam, 0, 0, Integer.MAX_VALUE, errors);
        int limit = QueryParams.wholeNumber("limit", limitParam, 100, 1, MAX_PAGE, errors);
        String wanted = status == null ? null : status.toLowerCase(Locale.ROOT);
        if (wanted != null && !List.of("active", "inactive", "discharged").contains(wanted)) {
            errors.add(new Problem.FieldError("status", "must be active, inactive or discharged"));
        }
        if (!errors.isEmpty()) {
            return Uni.createFrom().item(invalid(errors));
        }
        boolean ownOrganization = org.equals(caller.organization());
        return exists(org).chain(known -> !known ? Uni.createFrom().item(unknownOrganization())
                : Uni.combine().all().unis(roster.countPatients(org, wanted), roster.patients(org, wanted, offset, limit))
                        .asTuple()
                        .map(t -> Response.ok(new PatientPage(org, t.getItem1(), offset, limit,
                                t.getItem2().stream().map(e -> ownOrganization ? e : e.withoutPhi()).toList())).build()));
    }

    @POST
    @Path("/organizations/{organizationId}/patients")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Caller.OPS, Caller.ORG_ADMIN})
    public Uni<Response> addPatient(@PathParam("organizationId") String organizationId, String body) {
        return writeOne(organizationId, null, body);
    }

    @PUT
    @Path("/organizations/{organizationId}/patients/{patientId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Caller.OPS, Caller.ORG_ADMIN})
    public Uni<Response> updatePatient(@PathParam("organizationId") String organizationId,
            @PathParam("patientId") String patientId, String body) {
        UUID patient = Ids.parse(patientId);
        if (patient == null) {
            return Uni.createFrom().item(unknownPatient());
        }
        return writeOne(organizationId, patient, body);
    }

    @POST
    @Path("/organizations/{organizationId}/patients/{patientId}/discharge")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Caller.OPS, Caller.ORG_ADMIN})
    public Uni<Response> discharge(@PathParam("organizationId") String organizationId,
            @PathParam("patientId") String patientId) {
        UUID org = visible(organizationId);
        UUID patient = Ids.parse(patientId);
        if (org == null || patient == null) {
            return Uni.createFrom().item(unknownPatient());
        }
        return admin.setStatus(org, patient, "discharged")
                .map(done -> done ? Response.noContent().build() : unknownPatient());
    }

    @POST
    @Path("/patients/{patientId}/transfer")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Caller.OPS)
    public Uni<Response> transfer(@PathParam("patientId") String patientId, TransferBody body) {
        UUID patient = Ids.parse(patientId);
        if (patient == null) {
            return Uni.createFrom().item(unknownPatient());
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        UUID from = body == null ? null : Ids.parse(body.fromOrganizationId());
        UUID to = body == null ? null : Ids.parse(body.toOrganizationId());
        if (from == null) {
            errors.add(new Problem.FieldError("fromOrganizationId", "must be a UUID"));
        }
        if (to == null) {
            errors.add(new Problem.FieldError("toOrganizationId", "must be a UUID"));
        } else if (to.equals(from)) {
            errors.add(new Problem.FieldError("toOrganizationId", "must differ from fromOrganizationId"));
        }
        if (!errors.isEmpty()) {
            return Uni.createFrom().item(invalid(errors));
        }
        return exists(to).chain(known -> !known ? Uni.createFrom().item(unknownOrganization())
                : admin.transfer(patient, from, to).map(moved -> moved ? Response.noContent().build() : unknownPatient()));
    }

    /**
     * Bulk import: a JSON array of patients ({@code application/json}) or CSV with a header line ({@code text/csv});
     * all or nothing, 200 with what changed, or 422 naming every problem with its line.
     */
    @POST
    @Path("/organizations/{organizationId}/patients/import")
    @Consumes({MediaType.APPLICATION_JSON, "text/csv"})
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Caller.OPS, Caller.ORG_ADMIN})
    public Uni<Response> importPatients(@PathParam("organizationId") String organizationId,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, String body) {
        UUID org = visible(organizationId);
        if (org == null) {
            return Uni.createFrom().item(unknownOrganization());
        }
        boolean csv = contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("text/csv");
        RosterImport.Parsed parsed = csv ? RosterImport.csv(body) : RosterImport.json(body);
        if (!parsed.errors().isEmpty()) {
            return Uni.createFrom().item(unprocessable(parsed.errors()));
        }
        return write(org, parsed.rows());
    }

    // ---- helpers ----

    private Uni<Response> writeOne(String organizationId, UUID patientId, String body) {
        UUID org = visible(organizationId);
        if (org == null) {
            return Uni.createFrom().item(unknownOrganization());
        }
        RosterImport.Parsed parsed = RosterImport.json(body == null ? null : "[" + body + "]");
        if (!parsed.errors().isEmpty()) {
            // a single patient's problems name fields, not lines
            return Uni.createFrom().item(invalid(parsed.errors().stream()
                    .map(e -> new Problem.FieldError(e.field(), e.message())).toList()));
        }
        if (parsed.rows().size() != 1) {
            return Uni.createFrom().item(invalid(List.of(new Problem.FieldError("body", "a patient object is required"))));
        }
        PatientRow row = parsed.rows().get(0);
        if (patientId != null) {
            if (row.id() != null && !row.id().equals(patientId)) {
                return Uni.createFrom().item(invalid(List.of(new Problem.FieldError("id", "must be the patient of the path"))));
            }
            row = new PatientRow(row.line(), patientId, row.firstName(), row.lastName(), row.email(),
                    row.intakeqClientId(), row.status());
        }
        return write(org, List.of(row));
    }

    private Uni<Response> write(UUID org, List<PatientRow> rows) {
        return exists(org).chain(known -> !known ? Uni.createFrom().item(unknownOrganization())
                : admin.write(org, rows)
                        .map(summary -> Response.ok(summary).build())
                        .onFailure(RosterAdmin.Rejected.class)
                        .recoverWithItem(e -> unprocessable(((RosterAdmin.Rejected) e).errors())));
    }

    /** The organization of the path when the caller may manage or read it; null otherwise (answered as 404). */
    private UUID visible(String organizationId) {
        UUID org = Ids.parse(organizationId);
        return org != null && caller.mayAccess(org) ? org : null;
    }

    private Uni<Boolean> exists(UUID org) {
        return roster.organizationExists(org);
    }

    private static List<Problem.FieldError> organizationErrors(OrganizationBody body) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (body == null) {
            errors.add(new Problem.FieldError("body", "an organization is required"));
            return errors;
        }
        if (body.name() == null || body.name().isBlank() || body.name().length() > 200
                || body.name().chars().anyMatch(Character::isISOControl)) {
            errors.add(new Problem.FieldError("name", "is required, at most 200 characters without control characters"));
        }
        String zone = RosterAdmin.checkTimeZone(body.timeZone());
        if (zone != null) {
            errors.add(new Problem.FieldError("timeZone", zone));
        }
        return errors;
    }

    private static Response invalid(List<Problem.FieldError> errors) {
        return Problem.invalid("The request is invalid.", errors).toResponse();
    }

    private static Response unprocessable(List<Problem.FieldError> errors) {
        return new Problem("/problems/roster-rows", "Unprocessable Content", 422,
                "The roster rows cannot be written; nothing was written.", errors).toResponse();
    }

    private static Response unknownOrganization() {
        return Problem.response(Response.Status.NOT_FOUND, "Unknown organization.");
    }

    private static Response unknownPatient() {
        return Problem.response(Response.Status.NOT_FOUND, "Unknown patient.");
    }
}
