package io.countersign.schemas.serde;

import io.countersign.schemas.ErrorCode;

/**
 * Bytes on a topic that are not an event this service can read: the error code routes the record to
 * the dead-letter topic. The message never contains the payload.
 */
public class EventDecodingException extends RuntimeException {

    private final ErrorCode code;

    public EventDecodingException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** Why the record could not be read. */
    public ErrorCode code() {
        return code;
    }
}
