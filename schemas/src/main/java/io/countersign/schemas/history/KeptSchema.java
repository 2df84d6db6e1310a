package io.countersign.schemas.history;

import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * One released version of an event schema, kept in the repository so that records written with it
 * stay readable.
 *
 * @param type the record's simple name, e.g. {@code VerificationRequest}
 * @param version the release number, 0 for the oldest
 * @param schema the parsed schema as released
 */
public record KeptSchema(String type, int version, Schema schema) {

    /** The CRC-64-AVRO (Rabin) fingerprint of the schema's parsing canonical form. */
    public long fingerprint() {
        return SchemaNormalization.parsingFingerprint64(schema);
    }

    /** The fingerprint as 16 lower-case hex digits of the 64-bit number, e.g. for messages. */
    public String fingerprintHex() {
        return hex(fingerprint());
    }

    /** Formats a fingerprint as 16 lower-case hex digits of the 64-bit number. */
    public static String hex(long fingerprint) {
        return String.format("0x%016x", fingerprint);
    }

    /** The classpath resource the schema is read from. */
    public String resource() {
        return SchemaHistory.ROOT + "/" + type + "/v" + version + ".avsc";
    }

    @Override
    public String toString() {
        return type + " v" + version;
    }
}
