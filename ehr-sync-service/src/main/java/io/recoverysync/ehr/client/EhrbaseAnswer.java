package io.recoverysync.ehr.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.recoverysync.contracts.ContractJson;
import java.io.IOException;

/**
 * What EHRbase answered: status, the {@code ETag} and {@code Location} headers and the body. The body may echo
 * note content (PHI): it is stored with the note, never logged.
 */
public record EhrbaseAnswer(int status, String etag, String location, String body) {

    public boolean ok() {
        return status >= 200 && status < 300;
    }

    /** The ETag without its quotes (EHRbase quotes it; If-Match must not be). */
    public String unquotedEtag() {
        if (etag == null) {
            return null;
        }
        String e = etag.trim();
        if (e.startsWith("W/")) {
            e = e.substring(2);
        }
        return e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"") ? e.substring(1, e.length() - 1) : e;
    }

    /** EHRbase's {@code message} from an {@code {"error","message"}} body, else the body text, else the status. */
    public String message() {
        if (body == null || body.isBlank()) {
            return "HTTP " + status;
        }
        try {
            JsonNode json = ContractJson.mapper().readTree(body);
            if (json != null && json.hasNonNull("message")) {
                return json.get("message").asText();
            }
            if (json != null && json.hasNonNull("error")) {
                return json.get("error").asText();
            }
        } catch (IOException e) {
            // not JSON (a proxy's error page): keep the text
        }
        return body.length() > 500 ? body.substring(0, 500) : body;
    }

    /** The body as JSON, or null. */
    public JsonNode json() {
        try {
            return body == null || body.isBlank() ? null : ContractJson.mapper().readTree(body);
        } catch (IOException e) {
            return null;
        }
    }
}
