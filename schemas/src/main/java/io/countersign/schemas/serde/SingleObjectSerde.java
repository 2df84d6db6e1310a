package io.countersign.schemas.serde;

import io.countersign.schemas.ErrorCode;
import io.countersign.schemas.history.KeptSchema;
import io.countersign.schemas.history.SchemaHistory;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka serde writing Avro single-object encoding (marker C3 01, the schema's 8-byte fingerprint,
 * Avro binary) and reading records written with any released version of the schema.
 */
final class SingleObjectSerde<T extends SpecificRecord> implements Serde<T> {

    private final String type;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;

    SingleObjectSerde(Schema current) {
        this.type = current.getName();
        this.encoder = new BinaryMessageEncoder<>(SpecificData.get(), current);
        this.decoder = new BinaryMessageDecoder<>(SpecificData.get(), current);
        for (KeptSchema kept : SchemaHistory.of(type)) {
            decoder.addSchema(kept.schema());
        }
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, record) -> record == null ? null : encode(record);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> bytes == null ? null : decode(bytes);
    }

    private byte[] encode(T record) {
        try {
            ByteBuffer buffer = encoder.encode(record);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a " + type, e);
        }
    }

    private T decode(byte[] bytes) {
        try {
            return decoder.decode(bytes);
        } catch (BadHeaderException e) {
            throw mismatch("is not Avro single-object encoding (no C3 01 header)", e);
        } catch (MissingSchemaException e) {
            throw mismatch("was written with an unknown schema fingerprint", e);
        } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException e) {
            throw mismatch("is truncated or corrupt", e);
        } catch (RuntimeException e) {
            throw mismatch("cannot be read (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private EventDecodingException mismatch(String problem, Throwable cause) {
        return new EventDecodingException(
                ErrorCode.SCHEMA_MISMATCH, "record of " + type + " " + problem, cause);
    }
}
