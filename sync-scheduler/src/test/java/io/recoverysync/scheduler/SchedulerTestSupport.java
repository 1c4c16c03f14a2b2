package io.recoverysync.scheduler;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Seeds the roster through the service's own connection pool. */
final class SchedulerTestSupport {
    private SchedulerTestSupport() {
    }

    static UUID organization(Pool pool, String name) {
        UUID id = UUID.randomUUID();
        pool.preparedQuery("INSERT INTO scheduler.organizations (id, name) VALUES ($1, $2)")
                .execute(Tuple.of(id, name)).await().indefinitely();
        return id;
    }

    static UUID patient(Pool pool, UUID organizationId, String email, Integer clientId, String status) {
        UUID id = UUID.randomUUID();
        pool.preparedQuery("INSERT INTO scheduler.patients (id, first_name, last_name, email, intakeq_client_id) VALUES ($1, 'Test', 'Patient', $2, $3)")
                .execute(Tuple.of(id, email, clientId)).await().indefinitely();
        pool.preparedQuery("INSERT INTO scheduler.patient_organization_affiliations (patient_id, organization_id, status) VALUES ($1, $2, $3)")
                .execute(Tuple.of(id, organizationId, status)).await().indefinitely();
        return id;
    }

    static List<UUID> patients(Pool pool, UUID organizationId, int count) {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(patient(pool, organizationId, "p" + i + "-" + UUID.randomUUID() + "@example.org", 1000 + i, "active"));
        }
        return ids;
    }
}
