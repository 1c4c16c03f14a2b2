package io.recoverysync.ehr.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.recoverysync.ehr.client.EhrbaseAnswer;
import io.recoverysync.ehr.client.EhrbaseClient;
import io.recoverysync.ehr.client.EhrbaseFailure;
import io.recoverysync.ehr.config.EhrSyncConfig;
import io.recoverysync.ehr.repository.NoteQueueRepository;
import io.recoverysync.servicekit.Ids;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * Finds or creates the one EHR of a patient (subject id = patient id, namespace from config). Known mappings come
 * from {@code ehr.ehr_patients}; otherwise GET by subject, then PUT /ehr/{deterministic id}, and on 409 (another
 * worker or replica won the race) GET by subject again. Safe without any in-process lock.
 */
@ApplicationScoped
public class EhrDirectory {
    private final EhrbaseClient client;
    private final NoteQueueRepository repository;
    private final String namespace;

    private final EhrbaseConfigCheck configCheck;

    public EhrDirectory(EhrbaseClient client, NoteQueueRepository repository, EhrSyncConfig config,
            EhrbaseConfigCheck configCheck) {
        this.configCheck = configCheck;
        this.client = client;
        this.repository = repository;
        this.namespace = config.ehrbase().subjectNamespace();
    }

    /** The patient's EHR id; fails with {@link EhrbaseFailure} when EHRbase does not cooperate. */
    public Uni<UUID> ehrFor(UUID patientId) {
        return repository.ehrOf(patientId)
                .onItem().ifNull().switchTo(() -> lookUpOrCreate(patientId)
                        .call(ehrId -> repository.rememberEhr(patientId, ehrId)));
    }

    /** Forgets a mapping EHRbase no longer knows, so the next attempt looks the EHR up again. */
    public Uni<Void> forget(UUID patientId) {
        return repository.forgetEhr(patientId);
    }

    private Uni<UUID> lookUpOrCreate(UUID patientId) {
        String subject = patientId.toString();
        return client.ehrBySubject(subject)
                .chain(found -> {
                    if (found.status() == 200) {
                        return Uni.createFrom().item(ehrIdOf(found));
                    }
                    if (found.status() != 404) {
                        return Uni.createFrom().failure(EhrbaseFailure.of(found));
                    }
                    UUID wanted = CompositionIds.ehrId(namespace, patientId);
                    return client.createEhr(wanted, subject).chain(created -> {
                        if (created.status() == 201 || created.status() == 200) {
                            configCheck.ehrCreated();
                            UUID fromEtag = Ids.parse(created.unquotedEtag());
                            return Uni.createFrom().item(fromEtag != null ? fromEtag : wanted);
                        }
                        if (created.status() == 409) {
                            // someone else created it between our GET and PUT: theirs is the patient's EHR
                            return client.ehrBySubject(subject).map(again -> {
                                if (again.status() == 200) {
                                    return ehrIdOf(again);
                                }
                                throw again.status() == 404
                                        ? new EhrbaseFailure(EhrbaseFailure.Kind.REJECTED, 409, created.message())
                                        : EhrbaseFailure.of(again);
                            });
                        }
                        return Uni.createFrom().failure(EhrbaseFailure.of(created));
                    });
                });
    }

    private static UUID ehrIdOf(EhrbaseAnswer answer) {
        JsonNode body = answer.json();
        UUID id = body == null ? null : Ids.parse(body.path("ehr_id").path("value").asText(null));
        if (id == null) {
            throw new EhrbaseFailure(EhrbaseFailure.Kind.TRANSIENT, answer.status(), "EHR answer without ehr_id.value");
        }
        return id;
    }
}
