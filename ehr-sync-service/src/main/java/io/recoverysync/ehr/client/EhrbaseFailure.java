package io.recoverysync.ehr.client;

import io.recoverysync.contracts.ReasonCode;

/**
 * EHRbase did not do what was asked, classified by what should happen next: {@link Kind#REJECTED} (400/422 and
 * other 4xx: fail the note with EHRbase's message, no retry), {@link Kind#UNAUTHORIZED} (401/403: a configuration
 * error), {@link Kind#MISCONFIGURED} (the composition uid refused for its system id: EHRBASE_SYSTEM_ID is wrong), {@link Kind#TRANSIENT} (5xx, 408, 429, timeouts, refused connections: retry with back-off).
 * {@link #ehrbaseMessage()} may echo note content: store it, never log it.
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
        return new EhrbaseFailure(Kind.TRANSIENT, 0, detail.length() > 300 ? detail.substring(0, 300) : detail);
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
