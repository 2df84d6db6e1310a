package io.countersign.schemas.serde;

import io.countersign.schemas.history.KeptSchema;
import io.countersign.schemas.history.SchemaHistory;
import io.countersign.schemas.serde.EventDecodingException.Reason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Avro single-object encoding of one event type: writes the current schema, reads every kept
 * version of it and resolves old records to the current schema. Thread-safe.
 */
final class SingleObjectCodec<T extends SpecificRecord> implements EventCodec<T> {

    /** Marker (2 bytes) plus fingerprint (8 bytes). */
    static final int HEADER_LENGTH = 10;

    private final String type;
    private final Map<Long, KeptSchema> writers = new HashMap<>();
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;

    SingleObjectCodec(Class<T> recordClass, Schema current) {
        this.type = current.getName();
        // The generated class's model carries the logical-type conversions (Instant).
        SpecificData model = SpecificData.getForClass(recordClass);
        SchemaStore.Cache store = new SchemaStore.Cache();
        for (KeptSchema kept : SchemaHistory.of(type)) {
            store.addSchema(kept.schema());
            writers.put(kept.fingerprint(), kept);
        }
        this.encoder = new BinaryMessageEncoder<>(model, current);
        this.decoder = new BinaryMessageDecoder<>(model, current, store);
    }

    @Override
    public byte[] encode(T value) {
        if (value == null) {
            return null;
        }
        try {
            ByteBuffer buffer = encoder.encode(value);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot encode " + type, e);
        }
    }

    /** Decodes a record written with any kept version; null stays null (a tombstone). */
    @Override
    public T decode(String topic, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        KeptSchema writer = checkHeader(topic, bytes);
        try {
            BinaryBoundsCheck.check(writer.schema(), bytes, HEADER_LENGTH);
        } catch (EventDecodingException e) {
            throw failure(topic, e.reason(), writer + " record: " + e.getMessage(), null);
        }
        try {
            return decoder.decode(bytes);
        } catch (IOException | RuntimeException e) {
            // Avro's message could quote decoded values: keep it in the cause only.
            String detail =
                    writer + " record failed to decode (" + e.getClass().getSimpleName() + ")";
            throw failure(topic, Reason.MALFORMED, detail, e);
        }
    }

    private KeptSchema checkHeader(String topic, byte[] bytes) {
        if (bytes.length < HEADER_LENGTH) {
            throw failure(
                    topic,
                    Reason.TOO_SHORT,
                    bytes.length + " bytes, shorter than the 10-byte single-object header",
                    null);
        }
        if (bytes[0] != (byte) 0xC3 || bytes[1] != (byte) 0x01) {
            throw failure(
                    topic,
                    Reason.BAD_MARKER,
                    "does not start with the single-object marker 0xC3 0x01",
                    null);
        }
        long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        KeptSchema writer = writers.get(fingerprint);
        if (writer == null) {
            throw failure(topic, Reason.UNKNOWN_FINGERPRINT, unknown(fingerprint), null);
        }
        return writer;
    }

    private String unknown(long fingerprint) {
        String hex = KeptSchema.hex(fingerprint);
        return SchemaHistory.all().stream()
                .filter(kept -> kept.fingerprint() == fingerprint)
                .findFirst()
                .map(other -> "schema fingerprint " + hex + " is " + other + ", not a " + type)
                .orElseGet(
                        () ->
                                "unknown schema fingerprint "
                                        + hex
                                        + " (kept versions: "
                                        + known()
                                        + ")");
    }

    private String known() {
        return SchemaHistory.of(type).stream()
                .map(kept -> "v" + kept.version() + " " + kept.fingerprintHex())
                .collect(Collectors.joining(", "));
    }

    private EventDecodingException failure(
            String topic, Reason reason, String detail, Throwable cause) {
        return EventCodec.failure(type, topic, reason, detail, cause);
    }
}
