package io.recoverysync.dashboard.client;

import io.recoverysync.contracts.api.Operations;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The services' operator endpoints as the operations page reads and uses them, with the operator's access token (the
 * services refuse anyone without the ops role). Reads are retried once like {@link Backbone}'s; actions are not.
 */
public class Operators {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final OpsAppointmentsApi appointments;
    private final OpsEhrApi ehr;
    private final String bearer;

    Operators(OpsAppointmentsApi appointments, OpsEhrApi ehr, String accessToken) {
        this.appointments = appointments;
        this.ehr = ehr;
        this.bearer = "Bearer " + accessToken;
    }

    public Uni<Operations.Mirror> mirror() {
        return Backbone.resilient(appointments.mirror(bearer));
    }

    public Uni<Operations.Quota> quota() {
        return Backbone.resilient(appointments.quota(bearer));
    }

    public Uni<List<Operations.ProviderMapping>> providerMappings() {
        return Backbone.resilient(appointments.providerMappings(bearer));
    }

    public Uni<List<Operations.Unmapped>> unmapped() {
        return Backbone.resilient(appointments.unmapped(bearer));
    }

    /** The first {@code limit} discovered clients. */
    public Uni<Operations.Discovery> discovery(int limit) {
        return Backbone.resilient(appointments.discovery(bearer, 0, limit));
    }

    public Uni<Map<String, Long>> ehrQueue() {
        return Backbone.resilient(ehr.queue(bearer));
    }

    /** Maps IntakeQ's practitioners; null when IntakeQ could not be read (502). */
    public Uni<Operations.ImportedPractitioners> importPractitioners() {
        return action(appointments.importPractitioners(bearer))
                .onFailure(e -> Backbone.answered(e, 502))
                .recoverWithNull();
    }

    public Uni<Operations.Replayed> replayDeadLetters() {
        return action(appointments.replayDeadLetters(bearer));
    }

    public Uni<Operations.Redriven> redrive(String reason) {
        return action(ehr.redrive(bearer, reason));
    }

    private static <T> Uni<T> action(Uni<T> call) {
        return call.ifNoItem().after(TIMEOUT).fail();
    }
}
