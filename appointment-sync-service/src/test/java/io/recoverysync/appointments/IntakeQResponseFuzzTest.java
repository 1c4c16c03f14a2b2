package io.recoverysync.appointments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recoverysync.appointments.client.IntakeQClient;
import io.recoverysync.appointments.client.SyncFailure;
import io.recoverysync.contracts.ReasonCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Malformed IntakeQ answers (bad JSON, missing fields, wrong types, huge payloads) end as a reason code, never as
 * another exception that would fail the patient's command with a stack trace or stall its partition.
 */
class IntakeQResponseFuzzTest {
    private static final String VALID = """
            [{"Id": "a1", "ClientId": 7001, "ClientEmail": "x@example.org", "Status": "Confirmed",
              "StartDate": 1767261600000, "EndDate": 1767264600000, "Duration": 50, "PractitionerId": "p1",
              "ServiceName": "Therapy", "LocationName": "Telehealth", "LastModified": 1767000000000,
              "TelehealthInfo": {"StartUrl": "https://video.example.invalid/a1"}}]""";
    private static final List<String> ODD_VALUES = List.of("null", "-1", "0", "1e400", "-1e400", "\"\"", "\"abc\"",
            "[]", "{}", "true", "99999999999999999999999", "\"99999999999999\"", "-9223372036854775808",
            "\"2026-13-45T99:99:99Z\"", "\"-99999999999\"", "[1, 2]", "{\"StartUrl\": 5}", "1.5");

    @Test
    void everyMutationIsParsedOrRefusedWithAReasonCode() {
        assertEquals(1, IntakeQClient.parse(VALID).size());
        Random random = new Random(41);
        List<String> escaped = new ArrayList<>();
        int refused = 0;
        for (int i = 0; i < 600; i++) {
            String body = mutate(random);
            try {
                IntakeQClient.parse(body);
            } catch (SyncFailure e) {
                assertEquals(ReasonCode.INTAKEQ_BAD_RESPONSE, e.reason(), body);
                refused++;
            } catch (RuntimeException e) {
                escaped.add(e.getClass().getSimpleName() + " on " + body);
            }
        }
        assertTrue(escaped.isEmpty(), escaped.size() + " mutations escaped as exceptions:\n" + String.join("\n", escaped));
        assertTrue(refused > 100, "many mutations are refused, " + refused + " were");
    }

    @Test
    void aHugeAnswerIsReadOrRefusedWithoutFallingOver() {
        StringBuilder big = new StringBuilder("[");
        for (int i = 0; i < 20_000; i++) {
            big.append(i == 0 ? "" : ",").append(VALID, 1, VALID.length() - 1);
        }
        big.append(",{\"Id\": \"").append("x".repeat(5_000_000)).append("\", \"StartDate\": 1767261600000}]");
        assertEquals(20_001, IntakeQClient.parse(big.toString()).size());
        try {
            IntakeQClient.parse(big.substring(0, big.length() / 2));
        } catch (SyncFailure e) {
            assertEquals(ReasonCode.INTAKEQ_BAD_RESPONSE, e.reason());
        }
    }

    private static String mutate(Random random) {
        String odd = ODD_VALUES.get(random.nextInt(ODD_VALUES.size()));
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("\"(\\w+)\":\\s*(\"[^\"]*\"|-?[0-9.eE+]+|\\{[^}]*\\})").matcher(VALID);
        List<int[]> values = new ArrayList<>();
        while (m.find()) {
            values.add(new int[] {m.start(2), m.end(2), m.start(1) - 1});
        }
        int[] v = values.get(random.nextInt(values.size()));
        return switch (random.nextInt(6)) {
            case 0 -> VALID.substring(0, random.nextInt(VALID.length()));                          // truncated
            case 1, 2 -> VALID.substring(0, v[0]) + odd + VALID.substring(v[1]);                  // a value retyped
            case 3 -> VALID.substring(0, v[2]) + VALID.substring(v[1]).replaceFirst("^\\s*,", ""); // a field dropped
            case 4 -> odd;                                                                        // not an array
            default -> "[" + odd + ", " + VALID.substring(1);                                     // an odd element
        };
    }
}
