package io.countersign.schemas.serde;

import io.countersign.schemas.ErrorCode;

/**
 * Bytes on an event topic that are not a readable record of the topic's event (Avro single-object
 * encoding, or the schema registry's framing); the streams app routes such a record to the
 * dead-letter topic.
 */
public class EventDecodingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Which check the bytes failed. */
    public enum Reason {
        /** Fewer bytes than the header (10 bytes single-object, 5 registry framing). */
        TOO_SHORT,
        /** The first bytes are not the single-object marker 0xC3 0x01 (nor a registry framing). */
        BAD_MARKER,
        /** The header names a schema fingerprint that is not a kept version of this event. */
        UNKNOWN_FINGERPRINT,
        /**
         * The registry framing names a schema id the registry does not hold, or a schema that is
         * not a version of this event that the service can read.
         */
        UNKNOWN_SCHEMA_ID,
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
