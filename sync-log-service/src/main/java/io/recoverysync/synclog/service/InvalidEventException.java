package io.recoverysync.synclog.service;

/** An event that can never be applied (missing ids, unknown source); it goes to the dead-letter topic. */
public class InvalidEventException extends IllegalArgumentException {
    public InvalidEventException(String message) {
        super(message);
    }
}
