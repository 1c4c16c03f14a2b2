package io.recoverysync.appointments.rest;

import io.recoverysync.appointments.repository.AppointmentRepository;
import io.recoverysync.servicekit.Caller;
import io.recoverysync.servicekit.Ids;
import io.recoverysync.servicekit.Problem;
import io.recoverysync.servicekit.roster.RosterView;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.ws.rs.GET;
import jakarta.annotation.security.RolesAllowed;
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
 * active patients of its own organization (this service's roster view decides; a patient active in two
 * organizations is seen by both); another patient is not found. Ops sees every patient the roster knows.
 */
@Path("/api/partner-dashboard/patients/{patientId}/appointments")
@RolesAllowed({Caller.PARTNER, Caller.OPS})
public class AppointmentResource {
    private final AppointmentRepository repository;
    private final RosterView roster;
    private final Caller caller;

    public AppointmentResource(AppointmentRepository repository, RosterView roster, Caller caller) {
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
        Uni<Boolean> visible = caller.isOps() ? roster.isKnown(patientId)
                : roster.isActiveIn(patientId, caller.requireOrganization());
        return visible.chain(ok -> !ok ? Uni.createFrom().item(unknownPatient())
                : repository.forPatient(patientId)
                        .map(rows -> Response.ok(rows.stream().map(AppointmentView::of).toList()).build()));
    }

    private static Response unknownPatient() {
        return Problem.response(Response.Status.NOT_FOUND, "Unknown patient.");
    }
}
