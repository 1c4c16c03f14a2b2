package io.recoverysync.appointments.config;

import io.recoverysync.servicekit.roster.RosterView;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Produces the clock the sync window is computed from, and the roster view. */
public class AppointmentBeans {

    @Produces
    @ApplicationScoped
    Clock clock() {
        return Clock.systemUTC();
    }

    /** This service's copy of the roster ({@code appointments.roster_affiliations}), fed by {@code roster.affiliations}. */
    @Produces
    @Singleton
    RosterView rosterView(Pool pool) {
        return new RosterView(pool, "appointments");
    }

    /**
     * Seeks the roster channel to the view's own stored position on partition assignment (the beginning for an
     * empty view), so a restored or replaced database rebuilds its view from the topic.
     */
    @Produces
    @Singleton
    @io.smallrye.common.annotation.Identifier("roster-view-positions")
    io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener rosterViewPositions(RosterView view) {
        return new io.recoverysync.servicekit.roster.RosterViewPositions(view);
    }
}
