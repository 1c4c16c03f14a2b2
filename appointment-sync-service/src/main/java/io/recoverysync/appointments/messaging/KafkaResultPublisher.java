package io.recoverysync.appointments.messaging;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.recoverysync.appointments.TraceCarrier;
import io.recoverysync.appointments.service.ResultPublisher;
import io.recoverysync.contracts.SyncResult;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * {@link ResultPublisher} on {@code sync.results}, keyed by runId; the record continues the trace context its command
 * arrived with (extracted from the stored {@code traceparent}), so the result joins the trigger's trace.
 */
@ApplicationScoped
public class KafkaResultPublisher implements ResultPublisher {
    public static final String RESULTS_CHANNEL = "sync-results";

    private final MutinyEmitter<SyncResult> results;
    private final TextMapPropagator propagator;

    public KafkaResultPublisher(
            @Channel(RESULTS_CHANNEL) @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) MutinyEmitter<SyncResult> results,
            OpenTelemetry openTelemetry) {
        this.results = results;
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
    }

    @Override
    public Uni<Void> publish(SyncResult result, TraceCarrier trace) {
        Message<SyncResult> message = Message.of(result)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(result.runId().toString()).build());
        if (trace.traceParent() != null) {
            Map<String, String> carrier = new HashMap<>();
            carrier.put("traceparent", trace.traceParent());
            if (trace.traceState() != null) {
                carrier.put("tracestate", trace.traceState());
            }
            Context context = propagator.extract(Context.root(), carrier, CARRIER);
            message = message.addMetadata(TracingMetadata.withCurrent(context));
        }
        return results.sendMessage(message);
    }

    private static final TextMapGetter<Map<String, String>> CARRIER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };
}
