package io.recoverysync.ehr.rest;

import io.recoverysync.servicekit.Caller;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.security.RolesAllowed;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * EHR queue depth by status, for ops and alerting (a growing pending count means EHRbase is not keeping up). A
 * partner or clinician sees its own organization's notes only; ops sees the whole queue.
 */
@Path("/api/ehr/queue")
@RolesAllowed({Caller.PARTNER, Caller.CLINICIAN, Caller.OPS})
public class QueueStatusResource {
    private final Pool pool;
    private final Caller caller;

    public QueueStatusResource(Pool pool, Caller caller) {
        this.pool = pool;
        this.caller = caller;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Map<String, Long>> depthByStatus() {
        UUID organization = caller.scope(null);
        return pool.preparedQuery("""
                SELECT status, count(*) AS n FROM ehr.ehrbase_sync_queue
                WHERE $1::uuid IS NULL OR organization_id = $1 GROUP BY status""")
                .execute(Tuple.of(organization))
                .map(rows -> {
                    Map<String, Long> depth = new TreeMap<>(Map.of("pending", 0L, "in_progress", 0L, "completed", 0L, "failed", 0L, "superseded", 0L));
                    rows.forEach(r -> depth.put(r.getString("status"), r.getLong("n")));
                    return depth;
                });
    }
}
