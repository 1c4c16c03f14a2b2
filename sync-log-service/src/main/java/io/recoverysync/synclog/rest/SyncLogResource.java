package io.recoverysync.synclog.rest;

import io.recoverysync.servicekit.Problem;
import io.recoverysync.synclog.config.SyncLogConfig;
import io.recoverysync.synclog.service.SyncLogFilter;
import io.recoverysync.synclog.service.SyncLogQueries;
import io.recoverysync.servicekit.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import java.util.function.Supplier;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * Read-only REST API over the run log. Parameters arrive as strings and are checked here, so a malformed one is a
 * 400 problem naming it rather than a generic 404 from the framework. A partner sees its own organization's runs
 * only (another organization's run is not found); ops sees every run.
 */
@Path("/api/sync-logs")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Caller.PARTNER, Caller.OPS})
public class SyncLogResource {
    private final SyncLogQueries queries;
    private final SyncLogConfig config;
    private final Caller caller;

    public SyncLogResource(SyncLogQueries queries, SyncLogConfig config, Caller caller) {
        this.queries = queries;
        this.config = config;
        this.caller = caller;
    }

    /** Runs, newest first, optionally filtered by organization, status and type. */
    @GET
    public Uni<Response> list(@RestQuery String organizationId, @RestQuery String status,
            @RestQuery String syncType, @RestQuery String limit) {
        return validated(() -> new SyncLogFilter(
                caller.scope(Parameters.uuid("organizationId", organizationId)),
                Parameters.status("status", status),
                Parameters.syncType("syncType", syncType),
                Parameters.limit("limit", limit, config.api().defaultLimit(), config.api().maxLimit())))
                .chain(queries::list)
                .map(views -> Response.ok(views).build())
                .onFailure(InvalidParameterException.class)
                .recoverWithItem(e -> ((InvalidParameterException) e).toResponse());
    }

    /** Runs of the last seven days (the {@code v_recent_sync_activity} view), newest first. */
    @GET
    @Path("/recent")
    public Uni<Response> recent(@RestQuery String organizationId, @RestQuery String limit) {
        return validated(() -> new RecentQuery(
                caller.scope(Parameters.uuid("organizationId", organizationId)),
                Parameters.limit("limit", limit, config.api().defaultLimit(), config.api().maxLimit())))
                .chain(query -> queries.recent(query.organizationId(), query.limit()))
                .map(rows -> Response.ok(rows).build())
                .onFailure(InvalidParameterException.class)
                .recoverWithItem(e -> ((InvalidParameterException) e).toResponse());
    }

    /** One run with its per-patient errors and progress. */
    @GET
    @Path("/{id}")
    public Uni<Response> get(@RestPath String id) {
        return validated(() -> Parameters.uuid("id", id))
                .chain(runId -> queries.find(runId)
                        .map(found -> found
                                .filter(view -> caller.mayAccess(view.organizationId()))
                                .map(view -> Response.ok(view).build())
                                .orElseGet(() -> Problem.response(Response.Status.NOT_FOUND,
                                        "No sync log with id " + runId + "."))))
                .onFailure(InvalidParameterException.class)
                .recoverWithItem(e -> ((InvalidParameterException) e).toResponse());
    }

    private record RecentQuery(UUID organizationId, int limit) {
    }

    /** Runs the parameter checks inside the pipeline, so a bad parameter is a failure it recovers from. */
    private static <T> Uni<T> validated(Supplier<T> parse) {
        return Uni.createFrom().item(parse);
    }
}
