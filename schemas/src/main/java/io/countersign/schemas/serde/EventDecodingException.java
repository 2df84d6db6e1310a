package io.countersign.schemas.serde;

import io.countersign.schemas.ErrorCode;

/**
 * Bytes on an event topic that are not Avro single-object encoding of a schema we know; the streams
 * app routes such a record to the dead-letter topic.
 */
public class EventDecodingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Which check the bytes failed. */
    public enum Reason {
        /** Fewer bytes than the 10-byte single-object header. */
        TOO_SHORT,
        /** The first two bytes are not the single-object marker 0xC3 0x01. */
        BAD_MARKER,
        /** The header names a schema fingerprint that is not a kept version of this event. */
        UNKNOWN_FINGERPRINT,
        /** The body ends before the record does. */
        TRUNCATED,
        /** The body is not a valid encoding of the writer's schema (bad index, length, tail). */
        MALFORMED
    }

    private final Reason reason;

    /**
     * Creates the exception; the message must describe the failure without any payload bytes.
     *
     * @param reason which check failed
     * @param message what went wrong, for a dead-letter header and the log
     * @param cause the underlying Avro or I/O failure, or null
     */
    public EventDecodingException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** Always {@link ErrorCode#SCHEMA_MISMATCH}: the record cannot be read as this event. */
    public ErrorCode code() {
        return ErrorCode.SCHEMA_MISMATCH;
    }

    /** Which check the bytes failed. */
    public Reason reason() {
        return reason;
    }
}
