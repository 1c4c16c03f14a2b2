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
}
