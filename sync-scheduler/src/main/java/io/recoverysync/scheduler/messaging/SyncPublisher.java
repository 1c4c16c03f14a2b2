package io.recoverysync.scheduler.messaging;

import io.recoverysync.contracts.RunStarted;
import io.recoverysync.contracts.SyncCommand;
import io.recoverysync.contracts.Topics;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaProducer;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Publishes run announcements and per-patient commands; each Uni completes when the broker has acknowledged.
 *
 * <p>Commands go straight through the Kafka producer of the {@value #COMMANDS_CHANNEL} channel (its configured
 * serializers, acks and batching), not message by message through the emitter: a fan-out of 100k patients would
 * otherwise spend most of its time in per-message Message/Uni/context-propagation plumbing (measured by
 * {@code bench/run.sh fanout}). The channel's emitter stays declared so that the channel, and its producer, exist.
 *
 * <p>Tracing: the connector propagates the trace of channel messages itself; for the commands sent around it, the
 * trace context of the trigger (W3C {@code traceparent}, {@code tracestate}) is injected once per fan-out and the
 * same headers are put on every record, so each consumer's span joins the trace of the REST call or cron trigger.
 */
@ApplicationScoped
public class SyncPublisher {
    public static final String RUNS_CHANNEL = "sync-runs";
    public static final String COMMANDS_CHANNEL = "sync-commands";
    /** Commands handed to the producer per task on its sending thread; other runs' commands interleave between slices. */
    static final int SLICE = 2_000;

    private final MutinyEmitter<RunStarted> runs;
    private final KafkaClientService kafka;
    private final TextMapPropagator propagator;
    private volatile KafkaProducer<String, SyncCommand> commandProducer;

    public SyncPublisher(@Channel(RUNS_CHANNEL) MutinyEmitter<RunStarted> runs,
            @Channel(COMMANDS_CHANNEL) @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) MutinyEmitter<SyncCommand> commands,
            KafkaClientService kafka, OpenTelemetry openTelemetry) {
        this.runs = runs;
        this.kafka = kafka;
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
    }

    /** Announces a run; its record continues {@code trace} (the trigger's context). */
    public Uni<Void> runStarted(RunStarted event, Context trace) {
        return runs.sendMessage(keyed(event.runId().toString(), event).addMetadata(TracingMetadata.withCurrent(trace)));
    }

    /**
     * Sends every command, keyed by patient id, to its lane topic ({@link Topics#commandsFor}) and completes once
     * all are acknowledged (fails as soon as one is not). Sends run on the producer's sending thread, which may
     * block while the producer's buffer is full; the acknowledgements of one slice are not awaited before the next.
     */
    public Uni<Void> commands(List<SyncCommand> commands, Context trace) {
        if (commands.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().deferred(() -> {
            Acknowledgements acks = new Acknowledgements(commands.size(), Vertx.currentContext());
            List<Header> headers = traceHeaders(trace);
            Uni<Void> sending = Uni.createFrom().voidItem();
            for (int from = 0; from < commands.size(); from += SLICE) {
                List<SyncCommand> slice = commands.subList(from, Math.min(from + SLICE, commands.size()));
                sending = sending.chain(() -> producer().runOnSendingThread(
                        (java.util.function.Consumer<Producer<String, SyncCommand>>) p -> send(p, slice, headers, acks)));
            }
            return sending.chain(acks::all);
        });
    }

    /** The propagation headers of {@code trace}; none when tracing is off or there is no trace to continue. */
    private List<Header> traceHeaders(Context trace) {
        Map<String, String> carrier = new LinkedHashMap<>();
        propagator.inject(trace, carrier, (map, key, value) -> map.put(key, value));
        return carrier.entrySet().stream()
                .<Header>map(e -> new RecordHeader(e.getKey(), e.getValue().getBytes(StandardCharsets.UTF_8)))
                .toList();
    }

    private static void send(Producer<String, SyncCommand> producer, List<SyncCommand> slice, List<Header> headers,
            Acknowledgements acks) {
        for (SyncCommand command : slice) {
            if (acks.failed()) {
                return; // the fan-out has failed already; the run's sweep re-publishes it
            }
            try {
                producer.send(new ProducerRecord<>(Topics.commandsFor(command.syncType()), null,
                        command.patientId().toString(), command, headers), acks);
            } catch (RuntimeException e) { // serialization, or the buffer stayed full past max.block.ms
                acks.onCompletion(null, e);
            }
        }
    }

    private static <T> Message<T> keyed(String key, T payload) {
        return Message.of(payload).addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build());
    }

    private KafkaProducer<String, SyncCommand> producer() {
        KafkaProducer<String, SyncCommand> producer = commandProducer;
        if (producer == null) {
            producer = kafka.getProducer(COMMANDS_CHANNEL);
            if (producer == null) {
                throw new IllegalStateException("no Kafka producer for channel " + COMMANDS_CHANNEL);
            }
            commandProducer = producer;
        }
        return producer;
    }

    /** Counts the broker's acknowledgements of one fan-out; completes on the caller's Vert.x context, if it had one. */
    private static final class Acknowledgements implements Callback {
        private final AtomicInteger pending;
        private final AtomicBoolean finished = new AtomicBoolean();
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        private final io.vertx.core.Context context;

        Acknowledgements(int expected, io.vertx.core.Context context) {
            this.pending = new AtomicInteger(expected);
            this.context = context;
        }

        @Override
        public void onCompletion(RecordMetadata metadata, Exception failure) {
            if (failure != null) {
                finish(failure);
            } else if (pending.decrementAndGet() == 0) {
                finish(null);
            }
        }

        /** True once the outcome is decided: every command acknowledged, or one failed. */
        boolean failed() {
            return finished.get() && pending.get() > 0;
        }

        private void finish(Exception failure) {
            if (!finished.compareAndSet(false, true)) {
                return;
            }
            Runnable complete = failure == null ? () -> done.complete(null) : () -> done.completeExceptionally(failure);
            if (context == null) {
                complete.run();
            } else {
                context.runOnContext(ignored -> complete.run());
            }
        }

        Uni<Void> all() {
            return Uni.createFrom().completionStage(done);
        }
    }
}
