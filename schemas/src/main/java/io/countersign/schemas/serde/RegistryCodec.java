package io.countersign.schemas.serde;

import io.countersign.schemas.history.SchemaHistory;
import io.countersign.schemas.registry.RegistrySchemas;
import io.countersign.schemas.registry.RegistrySchemas.Lookup;
import io.countersign.schemas.serde.EventDecodingException.Reason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * The schema registry's framing (Confluent's wire format) of one event type: magic byte 0, the
 * writer schema's id as a 4-byte big-endian integer, then the Avro binary body. Reads any id whose
 * schema is a version of this event that the current schema can read (resolved exactly as the
 * single-object path resolves kept versions); writes with the id the current schema has under the
 * topic's subject. Thread-safe.
 */
final class RegistryCodec<T extends SpecificRecord> implements EventCodec<T> {

    /** The registry framing's first byte. */
    static final byte MAGIC = 0;

    /** Magic byte (1) plus schema id (4). */
    static final int HEADER_LENGTH = 5;

    /**
     * A writer schema checked once: its resolving reader (Avro's readers are thread-safe and cache
     * their resolution per thread), or why it cannot be read.
     */
    private record Writer<T>(Schema schema, SpecificDatumReader<T> reader, String problem) {}

    private final String type;
    private final Schema current;
    private final SpecificData model;
    private final RegistrySchemas schemas;
    private final int writeId;
    private final SpecificDatumWriter<T> datumWriter;
    private final Map<Integer, Writer<T>> writers = new ConcurrentHashMap<>();

    /**
     * @param writeId the id of {@code current} in the registry, used when encoding; -1 for a codec
     *     that only decodes
     */
    RegistryCodec(Class<T> recordClass, Schema current, RegistrySchemas schemas, int writeId) {
        this.type = current.getName();
        this.current = current;
        this.model = SpecificData.getForClass(recordClass);
        this.schemas = schemas;
        this.writeId = writeId;
        this.datumWriter = new SpecificDatumWriter<>(current, model);
    }

    @Override
    public byte[] encode(T value) {
        if (value == null) {
            return null;
        }
        if (writeId < 0) {
            throw new IllegalStateException(type + " has no registry id to write with");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(MAGIC);
        out.writeBytes(ByteBuffer.allocate(4).putInt(writeId).array());
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            datumWriter.write(value, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot encode " + type, e);
        }
        return out.toByteArray();
    }

    @Override
    public T decode(String topic, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        if (bytes.length < HEADER_LENGTH || bytes[0] != MAGIC) {
            throw failure(
                    topic,
                    bytes.length < HEADER_LENGTH ? Reason.TOO_SHORT : Reason.BAD_MARKER,
                    bytes.length
                            + " bytes that do not start with the registry's 5-byte header"
                            + " (magic byte 0x00 and a schema id)",
                    null);
        }
        int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
        Writer<T> writer = writer(topic, id);
        try {
            BinaryBoundsCheck.check(writer.schema(), bytes, HEADER_LENGTH);
        } catch (EventDecodingException e) {
            throw failure(
                    topic, e.reason(), "schema id " + id + " record: " + e.getMessage(), null);
        }
        try {
            BinaryDecoder decoder =
                    DecoderFactory.get()
                            .binaryDecoder(
                                    bytes, HEADER_LENGTH, bytes.length - HEADER_LENGTH, null);
            return writer.reader().read(null, decoder);
        } catch (IOException | RuntimeException e) {
            // Avro's message could quote decoded values: keep it in the cause only.
            String detail =
                    "schema id "
                            + id
                            + " record failed to decode ("
                            + e.getClass().getSimpleName()
                            + ")";
            throw failure(topic, Reason.MALFORMED, detail, e);
        }
    }

    /** The writer schema of {@code id}, checked once; asks the registry on first sight. */
    private Writer<T> writer(String topic, int id) {
        Writer<T> writer = writers.get(id);
        if (writer == null) {
            Lookup lookup = schemas.lookup(id); // may wait for the registry, never caches a miss
            if (lookup instanceof Lookup.Missing) {
                throw failure(
                        topic,
                        Reason.UNKNOWN_SCHEMA_ID,
                        "schema id " + id + " is not in the schema registry",
                        null);
            }
            writer =
                    lookup instanceof Lookup.Avro avro
                            ? check(avro.schema())
                            : new Writer<>(null, null, ((Lookup.Unreadable) lookup).why());
            writers.put(id, writer);
        }
        if (writer.problem() != null) {
            throw failure(
                    topic,
                    Reason.UNKNOWN_SCHEMA_ID,
                    "schema id " + id + " " + writer.problem(),
                    null);
        }
        return writer;
    }

    private Writer<T> check(Schema writer) {
        return SchemaHistory.readProblem(current, writer)
                .map(problem -> new Writer<T>(writer, null, problem))
                .orElseGet(
                        () ->
                                new Writer<>(
                                        writer,
                                        new SpecificDatumReader<>(writer, current, model),
                                        null));
    }

    private EventDecodingException failure(
            String topic, Reason reason, String detail, Throwable cause) {
        return EventCodec.failure(type, topic, reason, detail, cause);
    }
}
