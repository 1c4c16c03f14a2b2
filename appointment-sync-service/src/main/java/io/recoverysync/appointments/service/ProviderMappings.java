package io.recoverysync.appointments.service;

import io.recoverysync.appointments.client.IntakeQClient;
import io.recoverysync.appointments.client.Lane;
import io.recoverysync.appointments.repository.ProviderMappingRepository;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Which clinic provider each IntakeQ practitioner is. Importing IntakeQ's practitioners ({@code GET
 * /appointments/settings}, one request) maps each practitioner without a mapping to a provider id derived from its
 * IntakeQ id; mappings made by hand are kept. Appointments stored with the provider unknown get it at their next sync.
 */
@ApplicationScoped
public class ProviderMappings {
    private final IntakeQClient intakeq;
    private final ProviderMappingRepository mappings;

    public ProviderMappings(IntakeQClient intakeq, ProviderMappingRepository mappings) {
        this.intakeq = intakeq;
        this.mappings = mappings;
    }

    /** What an import did. */
    public record Imported(int practitioners, int added, int alreadyMapped) {
    }

    public Uni<Imported> importFromIntakeQ() {
        return intakeq.practitioners(Lane.PATIENT).chain(practitioners -> Multi.createFrom().iterable(practitioners)
                .onItem().transformToUniAndConcatenate(p -> mappings.addIfMissing(p.id(), providerIdOf(p.id()), p.email(), p.name()))
                .collect().asList()
                .map(added -> {
                    int count = (int) added.stream().filter(Boolean::booleanValue).count();
                    return new Imported(practitioners.size(), count, practitioners.size() - count);
                }));
    }

    /** The provider id an imported practitioner gets: the same for the same practitioner, on every replica. */
    static UUID providerIdOf(String practitionerId) {
        return UUID.nameUUIDFromBytes(("intakeq-practitioner:" + practitionerId).getBytes(StandardCharsets.UTF_8));
    }
}
