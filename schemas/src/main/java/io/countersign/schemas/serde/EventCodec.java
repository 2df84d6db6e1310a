package io.countersign.schemas.serde;

import org.apache.avro.specific.SpecificRecord;

/** Bytes of one event type on a topic, in one framing or more. Thread-safe. */
interface EventCodec<T extends SpecificRecord> {

    /** Encodes a record; null stays null (a tombstone). */
    byte[] encode(T value);

    /**
     * Decodes a record; null stays null.
     *
     * @throws EventDecodingException on bytes that are not a readable record of this event
     */
    T decode(String topic, byte[] bytes);

    /** "Cannot decode Type from topic T: detail", the message every framing's failures share. */
    static EventDecodingException failure(
            String type,
            String topic,
            EventDecodingException.Reason reason,
            String detail,
            Throwable cause) {
        String where = topic == null ? "" : " from topic " + topic;
        return new EventDecodingException(
                reason, "Cannot decode " + type + where + ": " + detail, cause);
    }
}
