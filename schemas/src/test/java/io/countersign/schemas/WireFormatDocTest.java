package io.countersign.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.countersign.events.EnrollmentEvent;
import io.countersign.events.Verdict;
import io.countersign.events.VerificationRequest;
import io.countersign.schemas.history.KeptSchema;
import io.countersign.schemas.history.SchemaHistory;
import io.countersign.schemas.serde.EventSerdes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;

/** docs/wire-format.md states fingerprints; this keeps them true when a schema changes. */
class WireFormatDocTest {

    @Test
    void theDocumentedFingerprintsAreTheRealOnes() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "wire-format.md"));

        for (Schema schema :
                List.of(
                        EnrollmentEvent.getClassSchema(),
                        VerificationRequest.getClassSchema(),
                        Verdict.getClassSchema())) {
            long fingerprint = SchemaNormalization.parsingFingerprint64(schema);
            assertThat(doc)
                    .as("fingerprint of %s in docs/wire-format.md", schema.getName())
                    .contains(
                            String.format(
                                    "| %s | `0x%016x` | `%s` |",
                                    schema.getName(), fingerprint, wire(fingerprint)));
        }
    }

    @Test
    void theDocumentedOlderVersionsAreTheKeptOnes() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "wire-format.md"));

        for (KeptSchema kept : SchemaHistory.all()) {
            if (kept != SchemaHistory.latest(kept.type())) {
                assertThat(doc)
                        .as("fingerprint of %s in docs/wire-format.md", kept)
                        .contains(
                                String.format(
                                        "| %s | `%s` | `%s` |",
                                        kept, kept.fingerprintHex(), wire(kept.fingerprint())));
            }
        }
    }

    @Test
    void theBytesOnTheWireAreAsDocumented() {
        Verdict verdict =
                Verdict.newBuilder()
                        .setRequestId("r")
                        .setDocumentId("d")
                        .setDecision(io.countersign.events.Decision.GENUINE)
                        .setThreshold(1)
                        .setModelVersion("m")
                        .setProcessedAt(Instant.EPOCH)
                        .setLatencyMillis(1)
                        .build();

        byte[] bytes = EventSerdes.verdict().serializer().serialize("t", verdict);

        long fingerprint = SchemaNormalization.parsingFingerprint64(Verdict.getClassSchema());
        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
        for (int i = 0; i < 8; i++) {
            assertThat(bytes[2 + i]).isEqualTo((byte) (fingerprint >>> (8 * i)));
        }
    }

    private static String wire(long fingerprint) {
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            hex.append(String.format("%02x", (fingerprint >>> (8 * i)) & 0xff));
            if (i < 7) {
                hex.append(' ');
            }
        }
        return hex.toString();
    }
}
