package io.recoverysync.scheduler.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.recoverysync.scheduler.config.SchedulerConfig;
import io.recoverysync.scheduler.service.CalendarWriter;
import io.recoverysync.servicekit.Ids;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * The patients as appointment-sync-service knows them: each one's newest sync and next appointment (the case
 * manager's patient list) and the appointments of a window (the calendar feeds). Only patient ids are sent and only
 * ids, times, statuses, providers and links come back. An unreachable service gives an empty answer (the list is
 * shown without them), never an error.
 */
@ApplicationScoped
public class AppointmentSyncPatients {
    private static final Logger LOG = Logger.getLogger(AppointmentSyncPatients.class);

    private final AppointmentSyncPatientsApi api;
    private final String authorization;

    public AppointmentSyncPatients(@RestClient AppointmentSyncPatientsApi api, SchedulerConfig config) {
        this.api = api;
        this.authorization = "Bearer " + config.internalApi().token().orElse("");
    }

    /** A patient's next appointment as appointment-sync reports it. */
    public record Next(String intakeqAppointmentId, String status, Instant startAt, Instant endAt, UUID providerId,
            String providerName, String serviceName, String telehealthUrl) {
    }

    /** A patient's newest sync and next appointment (each part null when unknown). */
    public record Summary(Instant lastSyncedAt, String lastOutcome, String lastReasonCode, String lastSource, Next next) {
    }

    /** The summaries by patient id; empty when appointment-sync cannot say. */
    public Uni<Optional<Map<UUID, Summary>>> of(List<UUID> patientIds) {
        if (patientIds.isEmpty()) {
            return Uni.createFrom().item(Optional.of(Map.of()));
        }
        return api.summaries(authorization, Map.of("patientIds", patientIds))
                .ifNoItem().after(Duration.ofSeconds(3)).fail()
                .map(body -> Optional.of(parse(body)))
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("patient list without sync state: appointment-sync could not be read (%s)",
                            e.getClass().getSimpleName());
                    return Optional.empty();
                });
    }

    /**
     * The patients' appointments from {@code daysBack} days ago to {@code daysAhead} days ahead (canceled ones
     * included); empty when appointment-sync cannot say.
     */
    public Uni<Optional<List<CalendarWriter.Appointment>>> appointments(List<UUID> patientIds, int daysBack, int daysAhead) {
        if (patientIds.isEmpty()) {
            return Uni.createFrom().item(Optional.of(List.of()));
        }
        return api.appointments(authorization, Map.of("patientIds", patientIds, "daysBack", daysBack, "daysAhead", daysAhead))
                .ifNoItem().after(Duration.ofSeconds(10)).fail()
                .map(body -> Optional.of(parseAppointments(body)))
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("calendar feed not served: appointment-sync could not be read (%s)", e.getClass().getSimpleName());
                    return Optional.empty();
                });
    }

    static List<CalendarWriter.Appointment> parseAppointments(JsonNode body) {
        List<CalendarWriter.Appointment> list = new ArrayList<>();
        if (body == null || !body.isArray()) {
            return list;
        }
        for (JsonNode n : body) {
            UUID patient = Ids.parse(text(n, "patientId"));
            Instant start = instant(n, "startAt");
            if (patient != null && start != null) {
                JsonNode duration = n.get("durationMinutes");
                list.add(new CalendarWriter.Appointment(patient, text(n, "intakeqAppointmentId"), text(n, "status"), start,
                        instant(n, "endAt"), duration != null && duration.canConvertToInt() ? duration.asInt() : null,
                        text(n, "providerName"), text(n, "serviceName"), text(n, "locationName"),
                        text(n, "telehealthUrl"), instant(n, "lastChangedAt")));
            }
        }
        return list;
    }

    static Map<UUID, Summary> parse(JsonNode body) {
        Map<UUID, Summary> map = new HashMap<>();
        if (body == null || !body.isArray()) {
            return map;
        }
        for (JsonNode item : body) {
            UUID patient = Ids.parse(text(item, "patientId"));
            if (patient == null) {
                continue;
            }
            JsonNode n = item.get("nextAppointment");
            Next next = n == null || !n.isObject() ? null : new Next(text(n, "intakeqAppointmentId"), text(n, "status"),
                    instant(n, "startAt"), instant(n, "endAt"), Ids.parse(text(n, "providerId")), text(n, "providerName"),
                    text(n, "serviceName"), text(n, "telehealthUrl"));
            map.put(patient, new Summary(instant(item, "lastSyncedAt"), text(item, "lastOutcome"),
                    text(item, "lastReasonCode"), text(item, "lastSource"), next));
        }
        return map;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.isContainerNode() ? null : value.asText();
    }

    private static Instant instant(JsonNode node, String field) {
        String text = text(node, field);
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
