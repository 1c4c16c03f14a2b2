package io.recoverysync.appointments.messaging;

import io.quarkus.scheduler.Scheduled;
import io.recoverysync.appointments.repository.PatientDirectory;
import io.recoverysync.contracts.ClientLink;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Tells the roster's owner the IntakeQ clients found for roster patients that have none (by email, in a targeted
 * read): every link not yet published goes to {@code roster.client-links} (key patientId, ids only) and is marked
 * published once the broker has it; a link whose send failed goes at the next pass. Several replicas may send the
 * same link; the scheduler's write is idempotent.
 */
@ApplicationScoped
public class ClientLinkPublisher {
    public static final String CHANNEL = "roster-client-links";
    private static final Logger LOG = Logger.getLogger(ClientLinkPublisher.class);

    private final PatientDirectory directory;
    private final MutinyEmitter<ClientLink> links;

    public ClientLinkPublisher(PatientDirectory directory,
            @Channel(CHANNEL) @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) MutinyEmitter<ClientLink> links) {
        this.directory = directory;
        this.links = links;
    }

    @Scheduled(identity = "client-link-publisher", every = "${appointment-sync.client-links.publish-every:10s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            // not before start-up has finished: the channel's emitter is connected only then
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> publish() {
        return directory.unpublishedLinks(500)
                .chain(unpublished -> Multi.createFrom().iterable(unpublished)
                        .onItem().transformToUniAndConcatenate(link -> links.sendMessage(Message.of(
                                        ClientLink.of(link.patientId(), link.intakeqClientId(), link.resolvedAt()))
                                        .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                                                .withKey(link.patientId().toString()).build()))
                                .chain(() -> directory.linkPublished(link)))
                        .collect().asList().replaceWithVoid())
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("client links not published this pass (%s); the next pass sends them", e.getClass().getSimpleName());
                    return null;
                });
    }
}
