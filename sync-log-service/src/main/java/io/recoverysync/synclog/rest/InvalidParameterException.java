package io.recoverysync.synclog.rest;

import io.recoverysync.servicekit.Problem;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** A query or path parameter that cannot be used as given; becomes a 400 problem naming the parameter. */
class InvalidParameterException extends RuntimeException {
    private final String parameter;

    InvalidParameterException(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    Response toResponse() {
        return Problem.invalid("The parameter '" + parameter + "' is invalid.",
                List.of(new Problem.FieldError(parameter, getMessage()))).toResponse();
    }
}
