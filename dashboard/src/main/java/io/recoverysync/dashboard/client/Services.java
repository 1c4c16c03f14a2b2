package io.recoverysync.dashboard.client;

import io.quarkus.oidc.AccessTokenCredential;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Makes the {@link Backbone} (and, for operators, the {@link Operators}) of the signed-in user of the request: the
 * services' APIs with the user's access token.
 */
public class Services {
    @Produces
    @RequestScoped
    Backbone backbone(@RestClient RosterApi roster, @RestClient AppointmentsApi appointments, @RestClient BulkApi bulk,
            @RestClient SyncLogApi syncLog, @RestClient CalendarApi calendar, @RestClient NotesApi notes,
            OrganizationCache organizations, AccessTokenCredential accessToken) {
        return new Backbone(roster, appointments, bulk, syncLog, calendar, notes, organizations, accessToken.getToken());
    }

    @Produces
    @RequestScoped
    Operators operators(@RestClient OpsAppointmentsApi appointments, @RestClient OpsEhrApi ehr,
            AccessTokenCredential accessToken) {
        return new Operators(appointments, ehr, accessToken.getToken());
    }
}
