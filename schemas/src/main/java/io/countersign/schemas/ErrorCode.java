package io.countersign.schemas;

/** Why an event could not be processed; travels as a dead-letter header and in typed exceptions. */
public enum ErrorCode {
    /** The bytes are not an image in a format we read, or the image is corrupt or truncated. */
    UNDECODABLE_IMAGE,
    /** The image exceeds the configured byte size or pixel count. */
    IMAGE_TOO_LARGE,
    /** The image decodes but holds no ink, or its region lies outside the image. */
    INVALID_IMAGE,
    /** The record is not Avro single-object encoding of a schema we know. */
    SCHEMA_MISMATCH,
    /** The record has no key, or a key that is not a customer id. */
    MISSING_KEY,
    /** Anything else that stopped one record without stopping the stream. */
    PROCESSING_FAILED
}
