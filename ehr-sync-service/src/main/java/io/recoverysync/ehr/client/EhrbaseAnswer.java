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
            // not JSON: EHRbase's XML errors (an XML Accept, as on the template upload) or a proxy's page
        }
        String text = body.trim().startsWith("<") ? xmlMessage(body) : body;
        return text.length() > 500 ? text.substring(0, 500) : text;
    }

    private static final java.util.regex.Pattern XML_FIELD =
            java.util.regex.Pattern.compile("(?s)<(message|error)>(.*?)</\\1>");

    /** The {@code <message>} (else {@code <error>}) of an XML error body, else its text without tags. */
    static String xmlMessage(String xml) {
        String message = null;
        String error = null;
        java.util.regex.Matcher m = XML_FIELD.matcher(xml);
        while (m.find()) {
            if (m.group(1).equals("message") && message == null) {
                message = m.group(2);
            } else if (error == null) {
                error = m.group(2);
            }
        }
        String text = message != null && !message.isBlank() ? message : error != null ? error
                : xml.replaceAll("(?s)<[^>]*>", " ");
        return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'")
                .replace("&amp;", "&").replaceAll("\\s+", " ").trim();
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
