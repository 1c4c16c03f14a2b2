package io.recoverysync.appointments.messaging;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.recoverysync.appointments.TraceCarrier;
import io.recoverysync.appointments.service.CommandIntake;
import io.recoverysync.contracts.SyncCommand;
import io.recoverysync.contracts.SyncType;
import io.recoverysync.servicekit.LogContext;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes per-patient commands from the three lane topics and records each in {@code pending_commands}; the record
 * is acknowledged once that row is written, never while the command waits for IntakeQ (the worker answers it
 * later and publishes its result). While PostgreSQL is down the write is retried without bound: the channels commit
 * with the {@code latest} strategy, which has no per-record age limit, so liveness stays UP and nothing is lost.
 * Only an unreadable command fails, and goes to {@code sync.commands.dlq}.
 */
@ApplicationScoped
public class CommandConsumer {
    public static final String COMMANDS_CHANNEL = "sync-commands";
    public static final String BULK_COMMANDS_CHANNEL = "sync-commands-bulk";
    public static final String PATIENT_COMMANDS_CHANNEL = "sync-commands-patient";

    private final CommandIntake intake;
    private final TextMapPropagator propagator;

    public CommandConsumer(CommandIntake intake, OpenTelemetry openTelemetry) {
        this.intake = intake;
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
    }

    /** Nightly lane ({@code sync.commands}). */
    @Incoming(COMMANDS_CHANNEL)
    public Uni<Void> onCommand(SyncCommand command) {
        return handle(command);
    }

    /** Bulk lane ({@code sync.commands.bulk}): its own consumer group, so it never waits behind the nightly backlog. */
    @Incoming(BULK_COMMANDS_CHANNEL)
    public Uni<Void> onBulkCommand(SyncCommand command) {
        return handle(command);
    }

    /** Single-patient lane ({@code sync.commands.patient}). */
    @Incoming(PATIENT_COMMANDS_CHANNEL)
    public Uni<Void> onPatientCommand(SyncCommand command) {
        return handle(command);
    }

    private Uni<Void> handle(SyncCommand command) {
        if (command == null || command.messageId() == null || command.runId() == null || command.patientId() == null
                || command.syncType() == null) {
            // unreadable JSON arrives as null (fail-on-deserialization-failure=false): nack it to sync.commands.dlq
            return Uni.createFrom().failure(new IllegalArgumentException("unreadable or incomplete sync command"));
        }
        if (command.syncType() == SyncType.EHR) {
            return Uni.createFrom().voidItem();
        }
        LogContext.of(command.runId(), command.patientId());
        // the consumer span's context, kept with the command so that its result, published later, continues the trace
        Map<String, String> carrier = new HashMap<>();
        propagator.inject(Context.current(), carrier, (map, key, value) -> map.put(key, value));
        TraceCarrier trace = new TraceCarrier(carrier.get("traceparent"), carrier.get("tracestate"));
        return intake.accept(command, trace)
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).indefinitely();
    }
}
