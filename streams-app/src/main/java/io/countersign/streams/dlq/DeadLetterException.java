package io.countersign.streams.dlq;

import io.countersign.schemas.ErrorCode;
import java.util.Objects;

/**
 * Thrown by a processor for a record that must go to its dead-letter topic; the processing
 * exception handler turns it into a dead letter and the stream resumes.
 */
public class DeadLetterException extends RuntimeException {

    private final ErrorCode code;

    public DeadLetterException(ErrorCode code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
    }

    public DeadLetterException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** The error code the dead letter carries. */
    public ErrorCode code() {
        return code;
    }
}
