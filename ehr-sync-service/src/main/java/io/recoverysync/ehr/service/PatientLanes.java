package io.recoverysync.ehr.service;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Runs one patient's work one piece at a time in this process (other patients in parallel), so two notes of a
 * new patient do not race to create the EHR and revisions of a note reach EHRbase in order. Across replicas the
 * deterministic ids, 409/412 handling and row claims give the same guarantees; this just avoids the round trips.
 */
@ApplicationScoped
public class PatientLanes {
    private final ConcurrentHashMap<UUID, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();

    public <T> Uni<T> serialized(UUID patientId, Supplier<Uni<T>> work) {
        return Uni.createFrom().deferred(() -> {
            CompletableFuture<Void> done = new CompletableFuture<>();
            CompletableFuture<Void> previous = tails.put(patientId, done);
            Uni<Void> turn = previous == null
                    ? Uni.createFrom().voidItem()
                    : Uni.createFrom().completionStage(previous).onFailure().recoverWithNull().replaceWithVoid();
            return turn
                    .chain(() -> work.get())
                    .onTermination().invoke(() -> {
                        done.complete(null);
                        tails.remove(patientId, done);
                    });
        });
    }

    /** Patients with work queued or running (for tests and metrics). */
    public int activePatients() {
        return tails.size();
    }
}
