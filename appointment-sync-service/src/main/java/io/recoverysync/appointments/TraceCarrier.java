package io.recoverysync.appointments;

/** A W3C trace context as its propagation headers ({@code traceparent}, {@code tracestate}); both null when none. */
public record TraceCarrier(String traceParent, String traceState) {
    public static final TraceCarrier NONE = new TraceCarrier(null, null);
}
