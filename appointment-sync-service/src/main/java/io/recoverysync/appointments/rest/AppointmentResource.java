package io.recoverysync.appointments.rest;

import io.recoverysync.appointments.repository.AppointmentRepository;
import io.recoverysync.servicekit.Ids;
import io.recoverysync.servicekit.Problem;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
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
 * A patient's synced appointments for the dashboard, with telehealth link and last-synced time. Until JWT
 * authentication lands, the caller's organization is the {@code X-Organization-Id} header.
 */
@Path("/api/partner-dashboard/patients/{patientId}/appointments")
public class AppointmentResource {
    private final AppointmentRepository repository;

    public AppointmentResource(AppointmentRepository repository) {
        this.repository = repository;
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
    public Uni<Response> list(@HeaderParam("X-Organization-Id") String organization, @PathParam("patientId") String patient) {
        UUID organizationId = Ids.parse(organization);
        if (organizationId == null) {
            return Uni.createFrom().item(Problem.invalid("The caller's organization is missing or malformed.",
                    List.of(new Problem.FieldError("X-Organization-Id", "must be a UUID"))).toResponse());
        }
        UUID patientId = Ids.parse(patient);
        if (patientId == null) {
            return Uni.createFrom().item(Problem.response(Response.Status.NOT_FOUND, "Unknown patient."));
        }
        return repository.forPatient(patientId, organizationId)
                .map(rows -> Response.ok(rows.stream().map(AppointmentView::of).toList()).build());
    }
}
