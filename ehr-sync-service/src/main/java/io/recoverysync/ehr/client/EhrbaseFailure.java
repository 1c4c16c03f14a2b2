package io.recoverysync.ehr.client;

import io.recoverysync.contracts.ReasonCode;

/**
 * EHRbase did not do what was asked, classified by what should happen next: {@link Kind#REJECTED} (400/422 and
 * other 4xx: fail the note with EHRbase's message, no retry), {@link Kind#UNAUTHORIZED} (401/403: a configuration
 * error), {@link Kind#MISCONFIGURED} (the composition uid refused for its system id: EHRBASE_SYSTEM_ID is wrong), {@link Kind#TRANSIENT} (5xx, 408, 429, timeouts, refused connections: retry with back-off).
 * {@link #ehrbaseMessage()} is the technical detail (EHRbase's message, or the transport error's class and text):
 * it may echo note content, so it is never logged as is; {@link #forPeople(boolean)} is what a note's status shows.
 */
public class EhrbaseFailure extends RuntimeException {

    public enum Kind {
        REJECTED(ReasonCode.EHRBASE_REJECTED),
        UNAUTHORIZED(ReasonCode.EHRBASE_UNAUTHORIZED),
        MISCONFIGURED(ReasonCode.EHRBASE_MISCONFIGURED),
        TRANSIENT(ReasonCode.EHRBASE_UNAVAILABLE);

        private final ReasonCode reasonCode;

        Kind(ReasonCode reasonCode) {
            this.reasonCode = reasonCode;
        }

        public ReasonCode reasonCode() {
            return reasonCode;
        }
    }

    private final Kind kind;
    private final int status;
    private final String ehrbaseMessage;

    public EhrbaseFailure(Kind kind, int status, String ehrbaseMessage) {
        super(kind + (status > 0 ? " HTTP " + status : ""), null, false, false);
        this.kind = kind;
        this.status = status;
        this.ehrbaseMessage = ehrbaseMessage;
        this.timeout = false;
    }

    /** The failure an unexpected answer stands for. */
    public static EhrbaseFailure of(EhrbaseAnswer answer) {
        int s = answer.status();
        Kind kind = s == 401 || s == 403 ? Kind.UNAUTHORIZED
                : s >= 500 || s == 408 || s == 429 ? Kind.TRANSIENT
                : Kind.REJECTED;
        String message = kind == Kind.UNAUTHORIZED
                ? "EHRbase rejected the credentials (HTTP " + s + "): check EHRBASE_USER and EHRBASE_PASSWORD"
                : answer.message();
        return new EhrbaseFailure(kind, s, message);
    }

    /** A transport problem (connection refused, timeout, reset): always transient; status 0. */
    public static EhrbaseFailure transport(Throwable cause) {
        String detail = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        boolean timeout = false;
        for (Throwable t = cause; t != null && !timeout; t = t.getCause() == t ? null : t.getCause()) {
            String name = t.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
            String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(java.util.Locale.ROOT);
            timeout = name.contains("timeout") || message.contains("timed out") || message.contains("timeout");
        }
        return new EhrbaseFailure(Kind.TRANSIENT, 0,
                detail.length() > 300 ? detail.substring(0, 300) : detail, timeout);
    }

    private final boolean timeout;

    private EhrbaseFailure(Kind kind, int status, String ehrbaseMessage, boolean timeout) {
        super(kind + " no answer", null, false, false);
        this.kind = kind;
        this.status = status;
        this.ehrbaseMessage = ehrbaseMessage;
        this.timeout = timeout;
    }

    /** Whether no answer came because EHRbase was too slow (as opposed to unreachable). */
    public boolean timeout() {
        return timeout || status == 408 || status == 504;
    }

    /**
     * What a clinician's screen shows as the note's {@code lastError}: words for people, never a Java class, a URL
     * or an internal address (those stay in the logs). {@code retrying}: whether the note will be tried again.
     */
    public String forPeople(boolean retrying) {
        String next = retrying ? "; retrying" : "";
        return switch (kind) {
            case UNAUTHORIZED -> "EHRbase refused the credentials";
            case MISCONFIGURED -> "EHRbase refused the composition id: this service's EHRbase system id is not "
                    + "EHRbase's; an administrator must fix the configuration";
            case REJECTED -> "EHRbase rejected the composition: " + readable(ehrbaseMessage);
            case TRANSIENT -> {
                if (timeout()) {
                    yield "EHRbase did not answer in time" + next;
                }
                if (status == 0) {
                    yield "EHRbase could not be reached" + next;
                }
                if (status == 404) {
                    yield "EHRbase did not find the patient's record; looking it up again" + next;
                }
                if (status == 412) {
                    yield "EHRbase reported a version conflict" + next;
                }
                yield (status == 429 ? "EHRbase is busy" : "EHRbase is unavailable (HTTP " + status + ")") + next;
            }
        };
    }

    private static final java.util.regex.Pattern JAVA_CLASS = java.util.regex.Pattern.compile(
            "\\b(?:[a-z_$][\\w$]*\\.)+[A-Z][\\w$]*(?:\\$[\\w$]+)*:?\\s*"
                    + "|\\b[A-Z][\\w$]*(?:Exception|Error)\\b:?\\s*");
    private static final java.util.regex.Pattern ADDRESS = java.util.regex.Pattern.compile(
            "\\b[a-z][a-z0-9+.-]*://\\S+|/?\\b\\d{1,3}(?:\\.\\d{1,3}){3}(?::\\d+)?\\b|\\blocalhost(?::\\d+)?\\b");

    /** EHRbase's own message without Java class names, URLs or addresses (a proxy or stack trace may carry them). */
    public static String readable(String message) {
        if (message == null || message.isBlank()) {
            return "no reason given";
        }
        String text = ADDRESS.matcher(JAVA_CLASS.matcher(message).replaceAll("")).replaceAll("")
                .replaceAll("\\s+", " ").trim();
        if (text.isEmpty()) {
            return "no reason given";
        }
        return text.length() > 500 ? text.substring(0, 500) : text;
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status, 0 when no answer came. */
    public int status() {
        return status;
    }

    public String ehrbaseMessage() {
        return ehrbaseMessage;
    }
}
