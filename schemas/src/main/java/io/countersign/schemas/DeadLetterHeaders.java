package io.countersign.schemas;

/**
 * Names of the Kafka headers that Countersign adds to a dead letter, next to the original key,
 * value and headers kept byte for byte.
 */
public final class DeadLetterHeaders {

    /** The {@link ErrorCode} name, UTF-8, e.g. {@code SCHEMA_MISMATCH}. */
    public static final String ERROR_CODE = "countersign.error.code";

    /** A one-line human-readable reason, UTF-8; never holds payload bytes or customer ids. */
    public static final String ERROR_MESSAGE = "countersign.error.message";

    /** The topic the record was read from, UTF-8. */
    public static final String SOURCE_TOPIC = "countersign.source.topic";

    /** The partition the record was read from, as a decimal UTF-8 string. */
    public static final String SOURCE_PARTITION = "countersign.source.partition";

    /** The offset the record was read from, as a decimal UTF-8 string. */
    public static final String SOURCE_OFFSET = "countersign.source.offset";

    private DeadLetterHeaders() {}
}
