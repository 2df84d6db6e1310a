package io.countersign.schemas.serde;

import io.countersign.schemas.serde.EventDecodingException.Reason;
import org.apache.avro.specific.SpecificRecord;

/**
 * Reads both framings of an event, told apart by the first byte (0xC3: single-object encoding,
 * 0x00: the schema registry's), and writes with the one it was given: what the service uses on its
 * topics when a registry is configured.
 */
final class EitherFramingCodec<T extends SpecificRecord> implements EventCodec<T> {

    private final String type;
    private final SingleObjectCodec<T> singleObject;
    private final RegistryCodec<T> registry;
    private final EventCodec<T> writes;

    EitherFramingCodec(
            String type,
            SingleObjectCodec<T> singleObject,
            RegistryCodec<T> registry,
            EventCodec<T> writes) {
        this.type = type;
        this.singleObject = singleObject;
        this.registry = registry;
        this.writes = writes;
    }

    @Override
    public byte[] encode(T value) {
        return writes.encode(value);
    }

    @Override
    public T decode(String topic, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        if (bytes.length > 0 && bytes[0] == RegistryCodec.MAGIC) {
            return registry.decode(topic, bytes);
        }
        if (bytes.length > 0 && bytes[0] != (byte) 0xC3) {
            throw EventCodec.failure(
                    type,
                    topic,
                    Reason.BAD_MARKER,
                    "starts with neither the single-object marker 0xC3 0x01 nor the schema"
                            + " registry's magic byte 0x00",
                    null);
        }
        return singleObject.decode(topic, bytes);
    }
}
