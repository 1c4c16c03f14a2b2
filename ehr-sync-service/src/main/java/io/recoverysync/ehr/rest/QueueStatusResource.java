package io.recoverysync.ehr.rest;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import java.util.TreeMap;

/** EHR queue depth by status, for ops and alerting (a growing pending count means EHRbase is not keeping up). */
@Path("/api/ehr/queue")
public class QueueStatusResource {
    private final Pool pool;

    public QueueStatusResource(Pool pool) {
        this.pool = pool;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Map<String, Long>> depthByStatus() {
        return pool.query("SELECT status, count(*) AS n FROM ehr.ehrbase_sync_queue GROUP BY status")
                .execute()
                .map(rows -> {
                    Map<String, Long> depth = new TreeMap<>(Map.of("pending", 0L, "in_progress", 0L, "completed", 0L, "failed", 0L, "superseded", 0L));
                    rows.forEach(r -> depth.put(r.getString("status"), r.getLong("n")));
                    return depth;
                });
    }
}
