package io.recoverysync.ehr.messaging;

import io.recoverysync.servicekit.LogContext;
import io.recoverysync.contracts.EhrNoteSigned;
import io.recoverysync.ehr.service.NoteDispatcher;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes ehr.notes: hands the queue row to the dispatcher and acknowledges once a worker slot is taken. A
 * duplicate or stale event is harmless: the row claim decides whether there is anything to post.
 */
@ApplicationScoped
public class NoteEventConsumer {
    private final NoteDispatcher dispatcher;

    public NoteEventConsumer(NoteDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Incoming(Channels.NOTES)
    public Uni<Void> onNote(EhrNoteSigned event) {
        if (event == null || event.queueId() == null || event.patientId() == null) {
            // unreadable JSON arrives as null (fail-on-deserialization-failure=false): nack it to ehr.notes.dlq
            return Uni.createFrom().failure(new IllegalArgumentException("unreadable or incomplete ehr.notes event"));
        }
        LogContext.of(null, event.patientId());
        return dispatcher.submit(event.queueId(), event.patientId());
    }
}
