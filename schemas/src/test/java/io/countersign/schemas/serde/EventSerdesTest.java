package io.countersign.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.countersign.events.Decision;
import io.countersign.events.EnrollmentEvent;
import io.countersign.events.ReferenceDistance;
import io.countersign.events.ReferenceImage;
import io.countersign.events.SignatureRegion;
import io.countersign.events.Verdict;
import io.countersign.events.VerificationRequest;
import io.countersign.schemas.ErrorCode;
import io.countersign.schemas.history.SchemaHistory;
import io.countersign.schemas.serde.EventDecodingException.Reason;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class EventSerdesTest {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    static VerificationRequest request() {
        return VerificationRequest.newBuilder()
                .setRequestId("r-1")
                .setDocumentId("cheque-7")
                .setImage(ByteBuffer.wrap(new byte[] {1, 2, 3}))
                .setContentType("image/png")
                .setRegion(new SignatureRegion(10, 20, 300, 100))
                .setSubmittedAt(NOW)
                .setSource("clearing")
                .build();
    }

    static Verdict verdict() {
        return Verdict.newBuilder()
                .setRequestId("r-1")
                .setDocumentId("cheque-7")
                .setDecision(Decision.FORGED)
                .setDistance(0.7)
                .setReferenceDistances(List.of(new ReferenceDistance("a", 0.7)))
                .setThreshold(0.5)
                .setProbabilityGenuine(0.1)
                .setModelVersion("m1")
                .setProcessedAt(NOW)
                .setLatencyMillis(12)
                .build();
    }

    @Test
    void requestsRoundTrip() {
        Serde<VerificationRequest> serde = EventSerdes.request();

        byte[] bytes = serde.serializer().serialize("t", request());

        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
        assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(request());
    }

    @Test
    void enrolmentsAndVerdictsRoundTrip() {
        EnrollmentEvent enrollment =
                EnrollmentEvent.newBuilder()
                        .setCustomerId("c-1")
                        .setReferences(
                                List.of(
                                        ReferenceImage.newBuilder()
                                                .setReferenceId("a")
                                                .setImage(ByteBuffer.wrap(new byte[] {9}))
                                                .setContentType("image/png")
                                                .build()))
                        .setEnrolledAt(NOW)
                        .build();
        Verdict verdict = verdict();

        assertThat(roundTrip(EventSerdes.enrollment(), enrollment)).isEqualTo(enrollment);
        assertThat(roundTrip(EventSerdes.verdict(), verdict)).isEqualTo(verdict);
    }

    @Test
    void nullIsATombstoneBothWays() {
        assertThat(EventSerdes.enrollment().serializer().serialize("t", null)).isNull();
        assertThat(EventSerdes.enrollment().deserializer().deserialize("t", null)).isNull();
    }

    @Test
    void garbageIsASchemaMismatch() {
        assertMismatch("not avro at all".getBytes(), Reason.BAD_MARKER, "marker 0xC3 0x01");
        assertMismatch(new byte[0], Reason.TOO_SHORT, "shorter than the 10-byte");
        assertMismatch(new byte[] {(byte) 0xC3, 0x01, 1}, Reason.TOO_SHORT, "3 bytes");
    }

    @Test
    void anUnknownFingerprintIsASchemaMismatch() {
        byte[] bytes = EventSerdes.request().serializer().serialize("t", request());
        bytes[5] ^= 0x5a;

        assertMismatch(bytes, Reason.UNKNOWN_FINGERPRINT, "unknown schema fingerprint");
    }

    @Test
    void aTruncatedRecordIsASchemaMismatch() {
        byte[] bytes = EventSerdes.request().serializer().serialize("t", request());

        assertMismatch(Arrays.copyOf(bytes, bytes.length - 20), Reason.TRUNCATED, "truncated");
    }

    @Test
    void aVerdictOnTheRequestTopicIsNamedAsSuch() {
        byte[] bytes = EventSerdes.verdict().serializer().serialize("t", verdict());

        assertMismatch(
                bytes, Reason.UNKNOWN_FINGERPRINT, "is Verdict v4, not a VerificationRequest");
    }

    @Test
    void bytesLeftAfterTheRecordAreMalformed() {
        byte[] bytes = EventSerdes.request().serializer().serialize("t", request());

        assertMismatch(Arrays.copyOf(bytes, bytes.length + 3), Reason.MALFORMED, "3 bytes left");
    }

    @Test
    void aHugeClaimedLengthIsRefusedWithoutAllocatingIt() {
        // Given a valid header and a body whose first string claims about 2 GB in 5 bytes
        byte[] header =
                Arrays.copyOf(EventSerdes.request().serializer().serialize("t", request()), 10);
        byte[] bytes = Arrays.copyOf(header, 15);
        System.arraycopy(
                new byte[] {(byte) 0xfe, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f},
                0,
                bytes,
                10,
                5);

        // When / Then: a typed error, not an OutOfMemoryError that would stop the stream
        assertMismatch(bytes, Reason.TRUNCATED, "truncated");
    }

    @Test
    void aRecordWrittenWithTheOldestSchemaIsReadByTheCurrentOne() throws Exception {
        // Given a request as the first intake team published it, with schema v0
        Schema v0 = SchemaHistory.of("VerificationRequest").get(0).schema();
        GenericRecord old = new GenericData.Record(v0);
        old.put("requestId", "r-old");
        old.put("documentId", "d-old");
        old.put("image", ByteBuffer.wrap(new byte[] {7, 7}));
        old.put("contentType", "image/jpeg");
        old.put("submittedAt", NOW.toEpochMilli());
        ByteBuffer encoded =
                new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v0).encode(old);
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);

        // When the current serde reads it
        VerificationRequest read = EventSerdes.request().deserializer().deserialize("t", bytes);

        // Then the old fields arrive and the new ones take their defaults
        assertThat(read.getRequestId()).isEqualTo("r-old");
        assertThat(read.getImage()).isEqualTo(ByteBuffer.wrap(new byte[] {7, 7}));
        assertThat(read.getSubmittedAt()).isEqualTo(NOW);
        assertThat(read.getRegion()).isNull();
    }

    private static <T> T roundTrip(Serde<T> serde, T value) {
        return serde.deserializer().deserialize("t", serde.serializer().serialize("t", value));
    }

    private static void assertMismatch(byte[] bytes, Reason reason, String message) {
        assertThatThrownBy(() -> EventSerdes.request().deserializer().deserialize("t", bytes))
                .isInstanceOfSatisfying(
                        EventDecodingException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.SCHEMA_MISMATCH);
                            assertThat(e.reason()).isEqualTo(reason);
                            assertThat(e.getMessage())
                                    .startsWith("Cannot decode VerificationRequest from topic t: ")
                                    .contains(message);
                        });
    }
}
