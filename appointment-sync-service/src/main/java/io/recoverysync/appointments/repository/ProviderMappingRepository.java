package io.recoverysync.appointments.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** SQL of {@code provider_intakeq_settings}: which clinic provider an IntakeQ practitioner is. */
@ApplicationScoped
public class ProviderMappingRepository {
    private final Pool pool;

    public ProviderMappingRepository(Pool pool) {
        this.pool = pool;
    }

    /** A practitioner's mapping. */
    public record Mapping(String intakeqPractitionerId, UUID providerId, String practitionerEmail, String displayName) {
    }

    /** A practitioner the mirror's appointments carry without a mapping, and how many appointments that affects. */
    public record Unmapped(String intakeqPractitionerId, long appointments) {
    }

    public Uni<List<Mapping>> all() {
        return pool.query("""
                SELECT intakeq_practitioner_id, provider_id, practitioner_email, display_name FROM appointments.provider_intakeq_settings
                WHERE active ORDER BY intakeq_practitioner_id""")
                .execute()
                .map(rows -> {
                    List<Mapping> list = new ArrayList<>();
                    rows.forEach(r -> list.add(mapping(r)));
                    return list;
                });
    }

    /** The practitioner's mapping; null when it has none. */
    public Uni<Mapping> find(String practitionerId) {
        return pool.preparedQuery("""
                SELECT intakeq_practitioner_id, provider_id, practitioner_email, display_name FROM appointments.provider_intakeq_settings
                WHERE intakeq_practitioner_id = $1 AND active""")
                .execute(Tuple.of(practitionerId))
                .map(rows -> rows.size() == 0 ? null : mapping(rows.iterator().next()));
    }

    public Uni<Void> put(String practitionerId, UUID providerId, String practitionerEmail, String displayName) {
        return pool.preparedQuery("""
                INSERT INTO appointments.provider_intakeq_settings
                    (intakeq_practitioner_id, provider_id, practitioner_email, display_name)
                VALUES ($1, $2, $3, $4)
                ON CONFLICT (intakeq_practitioner_id) DO UPDATE SET provider_id = EXCLUDED.provider_id,
                    practitioner_email = EXCLUDED.practitioner_email, display_name = EXCLUDED.display_name, active = true""")
                .execute(Tuple.of(practitionerId, providerId, practitionerEmail, displayName))
                .replaceWithVoid();
    }

    /**
     * Maps the practitioner unless it already has a mapping; true when it was added. A mapping without a display
     * name takes {@code displayName}; nothing else of an existing mapping changes.
     */
    public Uni<Boolean> addIfMissing(String practitionerId, UUID providerId, String practitionerEmail, String displayName) {
        return pool.preparedQuery("""
                WITH existing AS (
                    UPDATE appointments.provider_intakeq_settings SET display_name = coalesce(display_name, $4)
                    WHERE intakeq_practitioner_id = $1 AND active RETURNING intakeq_practitioner_id)
                INSERT INTO appointments.provider_intakeq_settings
                    (intakeq_practitioner_id, provider_id, practitioner_email, display_name)
                SELECT $1, $2, $3, $4 WHERE NOT EXISTS (SELECT 1 FROM existing)
                ON CONFLICT (intakeq_practitioner_id) DO UPDATE SET active = true, provider_id = EXCLUDED.provider_id,
                    practitioner_email = EXCLUDED.practitioner_email, display_name = EXCLUDED.display_name
                WHERE NOT provider_intakeq_settings.active
                RETURNING intakeq_practitioner_id""")
                .execute(Tuple.of(practitionerId, providerId, practitionerEmail, displayName))
                .map(rows -> rows.size() == 1);
    }

    /** Removes the practitioner's mapping; false when it had none. */
    public Uni<Boolean> delete(String practitionerId) {
        return pool.preparedQuery("DELETE FROM appointments.provider_intakeq_settings WHERE intakeq_practitioner_id = $1")
                .execute(Tuple.of(practitionerId))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Practitioners of the mirror's current appointments without a mapping, the most appointments first. */
    public Uni<List<Unmapped>> unmapped() {
        return pool.query("""
                SELECT m.intakeq_practitioner_id, count(*) AS appointments FROM appointments.intakeq_mirror m
                WHERE m.gone_at IS NULL AND m.intakeq_practitioner_id IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM appointments.provider_intakeq_settings s
                                  WHERE s.intakeq_practitioner_id = m.intakeq_practitioner_id AND s.active)
                GROUP BY m.intakeq_practitioner_id ORDER BY count(*) DESC, m.intakeq_practitioner_id""")
                .execute()
                .map(rows -> {
                    List<Unmapped> list = new ArrayList<>();
                    rows.forEach(r -> list.add(new Unmapped(r.getString(0), r.getLong(1))));
                    return list;
                });
    }

    private static Mapping mapping(Row r) {
        return new Mapping(r.getString("intakeq_practitioner_id"), r.getUUID("provider_id"), r.getString("practitioner_email"),
                r.getString("display_name"));
    }
}
