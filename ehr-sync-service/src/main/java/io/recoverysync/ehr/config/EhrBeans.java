package io.recoverysync.ehr.config;

import io.recoverysync.servicekit.roster.RosterView;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Produces the clock signing times and retry schedules are computed from, and the roster view. */
public class EhrBeans {

    @Produces
    @ApplicationScoped
    Clock clock() {
        return Clock.systemUTC();
    }

    /** This service's copy of the roster ({@code ehr.roster_affiliations}), fed by {@code roster.affiliations}. */
    @Produces
    @Singleton
    RosterView rosterView(Pool pool) {
        return new RosterView(pool, "ehr");
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
