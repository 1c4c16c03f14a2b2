package io.recoverysync.synclog.rest;

import io.recoverysync.servicekit.Problem;
import io.recoverysync.synclog.config.SyncLogConfig;
import io.recoverysync.synclog.service.SyncLogFilter;
import io.recoverysync.synclog.service.RunProgress;
import io.recoverysync.synclog.service.SyncLogQueries;
import io.recoverysync.synclog.service.SyncLogView;
import io.recoverysync.servicekit.Caller;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Supplier;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestStreamElementType;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Read-only REST API over the run log, and each run's live progress stream. Parameters arrive as strings and are
 * checked here, so a malformed one is a 400 problem naming it rather than a generic 404 from the framework. A
 * partner sees its own organization's runs only (another organization's run is not found); ops sees every run.
 */
@Path("/api/sync-logs")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Caller.PARTNER, Caller.OPS})
public class SyncLogResource {
    private static final Duration RUN_LOOKUP_TIMEOUT = Duration.ofSeconds(10);
    private static final int STREAM_RETRY_AFTER_SECONDS = 5;
    private final SyncLogQueries queries;
    private final SyncLogConfig config;
    private final RunProgress progress;
    private final Caller caller;

    public SyncLogResource(SyncLogQueries queries, SyncLogConfig config, RunProgress progress, Caller caller) {
        this.queries = queries;
        this.config = config;
        this.progress = progress;
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
                .map(views -> Response.ok(views).build());
    }

    /**
     * Runs of the last seven days (the {@code v_recent_sync_activity} view), newest first; {@code syncType} narrows
     * them to one type, or to {@code appointments} (every type but {@code ehr}).
     */
    @GET
    @Path("/recent")
    public Uni<Response> recent(@RestQuery String organizationId, @RestQuery String syncType, @RestQuery String limit) {
        return validated(() -> new RecentQuery(
                caller.scope(Parameters.uuid("organizationId", organizationId)),
                Parameters.syncTypes("syncType", syncType),
                Parameters.limit("limit", limit, config.api().defaultLimit(), config.api().maxLimit())))
                .chain(query -> queries.recent(query.organizationId(), query.syncTypes(), query.limit()))
                .map(rows -> Response.ok(rows).build());
    }

    /** One run with its per-patient errors and progress. */
    @GET
    @Path("/{id}")
    public Uni<SyncLogView> get(@RestPath String id) {
        return accessibleRun(id);
    }

    /**
     * One run's live progress as server-sent events, each a JSON run view like {@link #get}: the run now, then
     * again whenever it changes; the stream ends with the event of the state that ended the run. A malformed id is
     * a 400, a run the caller may not see a 404 and a full house of streams a 503, all before the stream starts.
     * Quarkus writes the head of an SSE response (200) as soon as the method returns its stream, and a stream that
     * fails before its first event is cut off rather than answered with a problem; so the run is looked up before
     * returning, on a worker thread.
     */
    @GET
    @Path("/{id}/progress")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Blocking
    public Multi<SyncLogView> progress(@RestPath String id) {
        SyncLogView run = accessibleRun(id).await().atMost(RUN_LOOKUP_TIMEOUT);
        return progress.follow(run);
    }

    @ServerExceptionMapper
    Response invalidParameter(InvalidParameterException e) {
        return e.toResponse();
    }

    @ServerExceptionMapper
    Response tooManyStreams(RunProgress.TooManyStreams e) {
        return Response.fromResponse(Problem.response(Response.Status.SERVICE_UNAVAILABLE, e.getMessage()))
                .header(HttpHeaders.RETRY_AFTER, STREAM_RETRY_AFTER_SECONDS)
                .build();
    }

    @ServerExceptionMapper
    Response runNotFound(RunNotFound e) {
        return Problem.response(Response.Status.NOT_FOUND, e.getMessage());
    }

    /** The run {@code id} names, failing when the id is malformed or the run is not the caller's to see. */
    private Uni<SyncLogView> accessibleRun(String id) {
        return validated(() -> Parameters.uuid("id", id))
                .chain(runId -> queries.find(runId)
                        .map(found -> found
                                .filter(view -> caller.mayAccess(view.organizationId()))
                                .orElseThrow(() -> new RunNotFound(runId))));
    }

    /** No run with that id, or one of an organization the caller may not see: both are answered as not found. */
    static final class RunNotFound extends RuntimeException {
        RunNotFound(UUID runId) {
            super("No sync log with id " + runId + ".", null, false, false);
        }
    }

    private record RecentQuery(UUID organizationId, java.util.List<String> syncTypes, int limit) {
    }

    /** Runs the parameter checks inside the pipeline, so a bad parameter is a failure it recovers from. */
    private static <T> Uni<T> validated(Supplier<T> parse) {
        return Uni.createFrom().item(parse);
    }
}
