package io.recoverysync.appointments.client;

import io.recoverysync.appointments.config.AppointmentSyncConfig;
import io.recoverysync.contracts.ReasonCode;
import io.recoverysync.contracts.RosterPatient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.time.Duration;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** Looks a patient's IntakeQ identifiers up in the roster; a missing patient is a result, not an error. */
@ApplicationScoped
public class RosterClient {
    private final RosterApi api;
    private final String authorization;

    public RosterClient(@RestClient RosterApi api, AppointmentSyncConfig config) {
        this.api = api;
        this.authorization = "Bearer " + config.roster().token().orElse("");
    }

    /** The patient, or a {@link SyncFailure} with PATIENT_NOT_FOUND or ROSTER_UNAVAILABLE. */
    public Uni<RosterPatient> patient(UUID patientId) {
        return patient(patientId, null);
    }

    /**
     * The patient, reported with {@code preferredOrganization} when affiliated with it; a {@link SyncFailure} with
     * PATIENT_NOT_FOUND or ROSTER_UNAVAILABLE otherwise.
     */
    public Uni<RosterPatient> patient(UUID patientId, UUID preferredOrganization) {
        return api.patient(authorization, patientId, preferredOrganization)
                .onFailure(WebApplicationException.class)
                .recoverWithItem(e -> ((WebApplicationException) e).getResponse())
                .onItem().transform(response -> switch (response.getStatus()) {
                    case 200 -> response.readEntity(RosterPatient.class);
                    case 404 -> throw new SyncFailure(ReasonCode.PATIENT_NOT_FOUND, "not in the roster");
                    default -> throw new SyncFailure(ReasonCode.ROSTER_UNAVAILABLE, "roster HTTP " + response.getStatus());
                })
                .onFailure(e -> !(e instanceof SyncFailure))
                .retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(2)).atMost(3)
                .onFailure(e -> !(e instanceof SyncFailure))
                .transform(e -> new SyncFailure(ReasonCode.ROSTER_UNAVAILABLE, e.getClass().getSimpleName()));
    }
}
