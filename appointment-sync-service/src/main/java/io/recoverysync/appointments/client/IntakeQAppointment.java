package io.recoverysync.appointments.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * The fields of an IntakeQ appointment this system keeps, read leniently: numbers or strings for ids, epoch-ms
 * dates, the telehealth link from {@code TelehealthInfo.StartUrl} (or {@code JoinUrl}). The client email is read
 * only to match the appointment to the patient; it is never stored or logged. Name and phone are not read.
 */
public record IntakeQAppointment(String id, Integer clientId, String clientEmail, String status, Instant start, Instant end,
        Integer durationMinutes, String practitionerId, String serviceName, String locationName,
        String telehealthUrl, Instant lastModified, String clientName) {

    /** Reads one element of the API's array; throws {@link IllegalArgumentException} when required fields are absent. */
    public static IntakeQAppointment from(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("appointment is not an object");
        }
        String id = text(node, "Id");
        Instant start = epochMillis(node, "StartDate");
        if (id == null || start == null) {
            throw new IllegalArgumentException("appointment lacks Id or StartDate");
        }
        JsonNode telehealth = node.get("TelehealthInfo");
        String telehealthUrl = null;
        if (telehealth != null && telehealth.isObject()) {
            telehealthUrl = text(telehealth, "StartUrl");
            if (telehealthUrl == null) {
                telehealthUrl = text(telehealth, "JoinUrl");
            }
        }
        Integer clientId = null;
        String clientText = text(node, "ClientId");
        if (clientText != null && clientText.matches("-?\\d{1,10}")) {
            clientId = Integer.valueOf(clientText);
        }
        JsonNode duration = node.get("Duration");
        return new IntakeQAppointment(id, clientId, text(node, "ClientEmail"), text(node, "Status"), start, epochMillis(node, "EndDate"),
                duration != null && duration.canConvertToInt() ? duration.asInt() : null,
                text(node, "PractitionerId"), text(node, "ServiceName"), text(node, "LocationName"), telehealthUrl,
                epochMillis(node, "LastModified"), text(node, "ClientName"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.isContainerNode()) {
            return null;
        }
        String text = value.asText();
        return text.isBlank() ? null : text;
    }

    private static Instant epochMillis(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isNumber()) {
            return Instant.ofEpochMilli(value.asLong());
        }
        if (value.isTextual() && value.asText().matches("\\d{1,15}")) {
            return Instant.ofEpochMilli(Long.parseLong(value.asText()));
        }
        return null;
    }
}
