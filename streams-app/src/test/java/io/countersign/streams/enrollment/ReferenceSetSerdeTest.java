package io.countersign.streams.enrollment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.countersign.core.image.Region;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class ReferenceSetSerdeTest {

    private final ReferenceSetSerde serde = new ReferenceSetSerde();

    @Test
    void aReferenceSetSurvivesTheStoreWithWhatItNeedsToBeReembedded() {
        // Given a set of two references, one cropped by a region
        ReferenceSet set = twoReferences();

        // When it is written and read back
        ReferenceSet read =
                serde.deserializer().deserialize("t", serde.serializer().serialize("t", set));

        // Then images, regions, embeddings, model version and enrolment time are kept
        assertThat(read.referenceIds()).containsExactly("a", "b");
        assertThat(read.images().get(0).image()).containsExactly(1, 2);
        assertThat(read.images().get(0).contentType()).isEqualTo("image/png");
        assertThat(read.images().get(1).region()).isEqualTo(new Region(0, 1, 2, 3));
        assertThat(read.images().get(1).contentType()).isNull();
        assertThat(read.embeddings().get(0)).containsExactly(0.25f, -1f);
        assertThat(read.embeddings().get(1)).containsExactly(3f, 4f);
        assertThat(read.modelVersion()).isEqualTo("signet-s-1.0");
        assertThat(read.enrolledAt()).isEqualTo(set.enrolledAt());
        assertThat(read.embeddedBy("signet-s-1.0")).isTrue();
        assertThat(read.embeddedBy("signet-s-2.0")).isFalse();
    }

    @Test
    void theSpreadIsStoredWithTheSet() {
        // Given a set whose stored spread is not what its embeddings give (so a reader that
        // recomputed it instead of reading it would be caught)
        ReferenceSet set = twoReferences();
        ReferenceSet stored =
                new ReferenceSet(
                        set.images(), set.embeddings(), set.modelVersion(), set.enrolledAt(), 1.5);

        // When it is written and read back
        byte[] bytes = serde.serializer().serialize("t", stored);
        ReferenceSet read = serde.deserializer().deserialize("t", bytes);

        // Then it was written in format 2 and the spread came back as stored
        assertThat(bytes[0]).isEqualTo((byte) 2);
        assertThat(read.spread()).isEqualTo(1.5);
    }

    @Test
    void aSetStoredInFormatOneGetsItsSpreadFromItsEmbeddings() throws IOException {
        // Given the bytes of a two-reference set as the previous version stored it (format 1)
        byte[] v1 = formatOne(new float[] {0f, 0f}, new float[] {3f, 4f});

        // When they are read
        ReferenceSet read = serde.deserializer().deserialize("t", v1);

        // Then everything is there and the spread is the distance between the two embeddings
        assertThat(read.modelVersion()).isEqualTo("signet-s-1.0");
        assertThat(read.enrolledAt()).isEqualTo(Instant.parse("2026-11-28T09:00:00.5Z"));
        assertThat(read.referenceIds()).containsExactly("ref-0", "ref-1");
        assertThat(read.images().get(1).image()).containsExactly(7, 8, 9);
        assertThat(read.embeddings().get(1)).containsExactly(3f, 4f);
        assertThat(read.spread()).isEqualTo(5.0);
    }

    @Test
    void aSingleReferenceHasNoSpreadInEitherFormat() throws IOException {
        // Given a set of one reference, in format 1 and as written now
        byte[] v1 = formatOne(new float[] {1f, 2f});
        ReferenceSet one =
                ReferenceSet.embedded(
                        List.of(new EnrolledImage("a", new byte[] {1}, null, null)),
                        List.of(new float[] {1f, 2f}),
                        "v",
                        Instant.EPOCH);

        // When / Then its spread is NaN (the scorer falls back to the card's typical spread)
        assertThat(one.spread()).isNaN();
        assertThat(serde.deserializer().deserialize("t", v1).spread()).isNaN();
        assertThat(
                        serde.deserializer()
                                .deserialize("t", serde.serializer().serialize("t", one))
                                .spread())
                .isNaN();
    }

    @Test
    void anUnknownFormatIsRefused() {
        // Given bytes of a format this version does not know
        byte[] future = {3, 0};

        // When / Then they are refused
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", future))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("format 3");
    }

    @Test
    void aSetNeedsOneEmbeddingPerImage() {
        // Given / When / Then a mismatch is refused when the set is made
        assertThatThrownBy(
                        () ->
                                ReferenceSet.embedded(
                                        List.of(new EnrolledImage("a", new byte[1], null, null)),
                                        List.of(),
                                        "v",
                                        Instant.EPOCH))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static ReferenceSet twoReferences() {
        return ReferenceSet.embedded(
                List.of(
                        new EnrolledImage("a", new byte[] {1, 2}, "image/png", null),
                        new EnrolledImage("b", new byte[] {3}, null, new Region(0, 1, 2, 3))),
                List.of(new float[] {0.25f, -1f}, new float[] {3f, 4f}),
                "signet-s-1.0",
                Instant.parse("2026-11-28T09:00:00.5Z"));
    }

    /**
     * A set as format 1 laid it out, written field by field here rather than by the serde, so the
     * test keeps the old bytes even when the writer moves on: references ref-0, ref-1, ... with
     * images {7, 8, 9}, no content type or region.
     */
    private static byte[] formatOne(float[]... embeddings) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.writeByte(1);
            out.writeUTF("signet-s-1.0");
            out.writeLong(Instant.parse("2026-11-28T09:00:00.5Z").getEpochSecond());
            out.writeInt(500_000_000);
            out.writeInt(embeddings.length);
            for (int i = 0; i < embeddings.length; i++) {
                out.writeUTF("ref-" + i);
                out.writeBoolean(false);
                out.writeBoolean(false);
                out.writeInt(3);
                out.write(new byte[] {7, 8, 9});
                out.writeInt(embeddings[i].length);
                for (float value : embeddings[i]) {
                    out.writeFloat(value);
                }
            }
        }
        return buffer.toByteArray();
    }
}
