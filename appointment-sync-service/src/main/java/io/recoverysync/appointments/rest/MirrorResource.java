package io.recoverysync.appointments.rest;

import io.recoverysync.appointments.MirrorState;
import io.recoverysync.appointments.repository.MirrorRepository;
import io.recoverysync.appointments.repository.PendingCommandRepository;
import io.recoverysync.appointments.repository.WebhookRepository;
import io.recoverysync.servicekit.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Ops: what the practice mirror holds, whether a read is running or failed, and what waits for it. */
@Path("/internal/mirror")
@RolesAllowed(Caller.OPS)
public class MirrorResource {
    private final MirrorRepository mirror;
    private final PendingCommandRepository pending;
    private final WebhookRepository webhooks;

    public MirrorResource(MirrorRepository mirror, PendingCommandRepository pending, WebhookRepository webhooks) {
        this.mirror = mirror;
        this.pending = pending;
        this.webhooks = webhooks;
    }

    /** The answer: the mirror's state, commands waiting and webhooks not applied yet. */
    public record MirrorStatus(MirrorState state, long pendingCommands, long pendingWebhooks) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<MirrorStatus> status() {
        return Uni.combine().all().unis(mirror.state(), pending.count(), webhooks.pending()).asTuple()
                .map(t -> new MirrorStatus(t.getItem1(), t.getItem2(), t.getItem3()));
    }
}
