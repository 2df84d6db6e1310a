package io.countersign.schemas.serde;

import io.countersign.schemas.serde.EventDecodingException.Reason;
import org.apache.avro.Schema;

/**
 * Walks an Avro binary body against its writer schema without allocating anything, so that lengths
 * and counts are checked against the bytes actually there before Avro decodes them.
 *
 * <p>Why: Avro allocates whatever a length or array count claims, so a 20-byte record claiming a 2
 * GB string ends in {@link OutOfMemoryError}, which would stop the stream instead of producing a
 * dead letter. This walk also finds truncated bodies and bytes left over after the record.
 */
final class BinaryBoundsCheck {

    private final byte[] data;
    private int pos;

    private BinaryBoundsCheck(byte[] data, int start) {
        this.data = data;
        this.pos = start;
    }

    /** Checks that {@code data[start..]} holds exactly one record of {@code writer}. */
    static void check(Schema writer, byte[] data, int start) {
        BinaryBoundsCheck check = new BinaryBoundsCheck(data, start);
        check.walk(writer);
        if (check.pos != data.length) {
            throw failure(
                    Reason.MALFORMED, (data.length - check.pos) + " bytes left after the record");
        }
    }

    private void walk(Schema schema) {
        switch (schema.getType()) {
            case RECORD -> schema.getFields().forEach(field -> walk(field.schema()));
            case ENUM -> index(schema.getEnumSymbols().size(), "enum " + schema.getName());
            case UNION -> walk(schema.getTypes().get(index(schema.getTypes().size(), "union")));
            case ARRAY -> blocks(schema.getElementType(), false);
            case MAP -> blocks(schema.getValueType(), true);
            case STRING, BYTES -> skip(length());
            case FIXED -> skip(schema.getFixedSize());
            case INT -> varint(5);
            case LONG -> varint(10);
            case FLOAT -> skip(4);
            case DOUBLE -> skip(8);
            case BOOLEAN -> skip(1);
            case NULL -> {}
        }
    }

    private void blocks(Schema item, boolean map) {
        long count;
        while ((count = varint(10)) != 0) {
            if (count < 0) {
                count = -count; // a negative count is followed by the block's size in bytes
                if (count < 0 || varint(10) < 0) {
                    throw failure(Reason.MALFORMED, "invalid array or map block");
                }
            }
            // Each item of our schemas takes at least one byte: a larger count cannot be real.
            if (count > remaining()) {
                throw failure(
                        Reason.TRUNCATED, "truncated: a block claims more items than bytes remain");
            }
            for (long i = 0; i < count; i++) {
                if (map) {
                    skip(length());
                }
                walk(item);
            }
        }
    }

    private int index(int size, String what) {
        long index = varint(5);
        if (index < 0 || index >= size) {
            throw failure(Reason.MALFORMED, "invalid " + what + " index " + index);
        }
        return (int) index;
    }

    private long length() {
        long length = varint(10);
        if (length < 0) {
            throw failure(Reason.MALFORMED, "negative length");
        }
        return length;
    }

    private void skip(long count) {
        if (count > remaining()) {
            throw failure(Reason.TRUNCATED, "truncated: the body ends before the record does");
        }
        pos += (int) count;
    }

    /** Reads a zig-zag varint of at most {@code maxBytes} bytes (5 for int, 10 for long). */
    private long varint(int maxBytes) {
        long raw = 0;
        for (int i = 0; i < maxBytes; i++) {
            if (pos >= data.length) {
                throw failure(Reason.TRUNCATED, "truncated: the body ends inside a number");
            }
            int b = data[pos++] & 0xff;
            raw |= (long) (b & 0x7f) << (7 * i);
            if ((b & 0x80) == 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        throw failure(Reason.MALFORMED, "a number longer than " + maxBytes + " bytes");
    }

    private long remaining() {
        return data.length - pos;
    }

    private static EventDecodingException failure(Reason reason, String message) {
        return new EventDecodingException(reason, message, null);
    }
}
