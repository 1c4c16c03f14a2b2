package io.recoverysync.appointments.rest;

import io.recoverysync.appointments.client.RosterClient;
import io.recoverysync.appointments.client.SyncFailure;
import io.recoverysync.appointments.repository.AppointmentRepository;
import io.recoverysync.contracts.ReasonCode;
import io.recoverysync.servicekit.Caller;
import io.recoverysync.servicekit.Ids;
import io.recoverysync.servicekit.Problem;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.ws.rs.GET;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * A patient's synced appointments for the dashboard, with telehealth link and last-synced time. A partner sees the
 * patients of its own organization; a patient of another organization is not found. Ops sees every patient.
 */
@Path("/api/partner-dashboard/patients/{patientId}/appointments")
@RolesAllowed({Caller.PARTNER, Caller.OPS})
public class AppointmentResource {
    private final AppointmentRepository repository;
    private final RosterClient roster;
    private final Caller caller;

    public AppointmentResource(AppointmentRepository repository, RosterClient roster, Caller caller) {
        this.repository = repository;
        this.roster = roster;
        this.caller = caller;
    }

    /** One appointment as the dashboard shows it. */
    public record AppointmentView(String intakeqAppointmentId, String status, Instant startAt, Instant endAt,
            Integer durationMinutes, UUID providerId, String serviceName, String locationName, String telehealthUrl,
            Instant lastSyncedAt, Instant lastChangedAt) {

        static AppointmentView of(Row r) {
            return new AppointmentView(r.getString("intakeq_appointment_id"), r.getString("status"),
                    instant(r.getOffsetDateTime("start_at")), instant(r.getOffsetDateTime("end_at")),
                    r.getInteger("duration_minutes"), r.getUUID("provider_id"), r.getString("service_name"),
                    r.getString("location_name"), r.getString("telehealth_url"),
                    instant(r.getOffsetDateTime("last_synced_at")), instant(r.getOffsetDateTime("last_changed_at")));
        }

        private static Instant instant(OffsetDateTime t) {
            return t == null ? null : t.toInstant();
        }
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> list(@PathParam("patientId") String patient) {
        UUID patientId = Ids.parse(patient);
        if (patientId == null) {
            return Uni.createFrom().item(unknownPatient());
        }
        UUID organization = caller.isOps() ? null : caller.requireOrganization();
        return repository.forPatient(patientId, organization)
                .chain(rows -> rows.isEmpty()
                        ? knownTo(patientId, organization).map(known -> known ? Response.ok(List.of()).build() : unknownPatient())
                        : Uni.createFrom().item(Response.ok(rows.stream().map(AppointmentView::of).toList()).build()));
    }

    /** Whether the roster knows the patient (in {@code organization}, unless null): no appointments is then an answer. */
    private Uni<Boolean> knownTo(UUID patientId, UUID organization) {
        return roster.patient(patientId, organization)
                .map(found -> organization == null || organization.equals(found.organizationId()))
                .onFailure(SyncFailure.class)
                .recoverWithItem(e -> {
                    if (((SyncFailure) e).reason() == ReasonCode.PATIENT_NOT_FOUND) {
                        return false;
                    }
                    throw new ServiceUnavailableException("The roster cannot be reached; try again shortly.");
                });
    }

    private static Response unknownPatient() {
        return Problem.response(Response.Status.NOT_FOUND, "Unknown patient.");
    }
}
