package io.countersign.streams.enrollment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.countersign.core.image.Region;
import io.countersign.core.scoring.ReferenceViews;
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
        assertThat(read.currentFor("signet-s-1.0")).isTrue();
        assertThat(read.currentFor("signet-s-2.0")).isFalse();
    }

    @Test
    void bothViewsAndTheirSpreadsAreStoredWithTheSet() {
        // Given a set whose first reference is grey (its own bitonal view) and whose second is
        // bitonal itself, with spreads that are not what its embeddings give (so a reader that
        // recomputed them instead of reading them would be caught)
        float[] grey = {0.25f, -1f};
        float[] greyAsBitonal = {0.5f, -2f};
        float[] bitonal = {3f, 4f};
        ReferenceSet stored =
                ReferenceSet.embedded(
                        twoReferences().images(),
                        new ReferenceViews(
                                List.of(grey, bitonal), 1.5, List.of(greyAsBitonal, bitonal), 2.5),
                        "signet-s-1.0",
                        Instant.EPOCH);

        // When it is written and read back
        byte[] bytes = serde.serializer().serialize("t", stored);
        ReferenceSet read = serde.deserializer().deserialize("t", bytes);

        // Then it was written in format 3, and both views and spreads came back as stored
        assertThat(bytes[0]).isEqualTo((byte) 3);
        assertThat(read.views().asScanned()).containsExactly(grey, bitonal);
        assertThat(read.views().bitonal()).containsExactly(greyAsBitonal, bitonal);
        assertThat(read.spread()).isEqualTo(1.5);
        assertThat(read.views().bitonalSpread()).isEqualTo(2.5);
        assertThat(read.currentFor("signet-s-1.0")).isTrue();
    }

    @Test
    void aSetStoredInFormatOneGetsItsSpreadFromItsEmbeddingsAndIsReembeddedBeforeItScores()
            throws IOException {
        // Given the bytes of a two-reference set as an earlier version stored it (format 1)
        byte[] v1 = oldFormat(1, Double.NaN, new float[] {0f, 0f}, new float[] {3f, 4f});

        // When they are read
        ReferenceSet read = serde.deserializer().deserialize("t", v1);

        // Then everything is there, the spread is the distance between the two embeddings, and
        // the set has no bitonal view yet, even for the model that made it
        assertThat(read.modelVersion()).isEqualTo("signet-s-1.0");
        assertThat(read.enrolledAt()).isEqualTo(Instant.parse("2026-11-28T09:00:00.5Z"));
        assertThat(read.referenceIds()).containsExactly("ref-0", "ref-1");
        assertThat(read.images().get(1).image()).containsExactly(7, 8, 9);
        assertThat(read.embeddings().get(1)).containsExactly(3f, 4f);
        assertThat(read.spread()).isEqualTo(5.0);
        assertThat(read.bitonalViewEmbedded()).isFalse();
        assertThat(read.currentFor("signet-s-1.0")).isFalse();
    }

    @Test
    void aSetStoredInFormatTwoKeepsItsSpreadAndIsReembeddedBeforeItScores() throws IOException {
        // Given the bytes of a set stored in format 2 (with its spread, before bitonal views)
        byte[] v2 = oldFormat(2, 1.25, new float[] {0f, 0f}, new float[] {3f, 4f});

        // When they are read
        ReferenceSet read = serde.deserializer().deserialize("t", v2);

        // Then the stored spread is kept, and the set must be embedded in both views first
        assertThat(read.embeddings().get(1)).containsExactly(3f, 4f);
        assertThat(read.spread()).isEqualTo(1.25);
        assertThat(read.currentFor("signet-s-1.0")).isFalse();
        // and, stored again before that (a changelog restored), it is written as it was read
        byte[] again = serde.serializer().serialize("t", read);
        assertThat(again).containsExactly(v2);
    }

    @Test
    void duringAnUpgradeSetsAreWrittenAsTheVersionBeforeBitonalViewsWroteThem() throws IOException {
        // Given a set in both views, as this version embeds it, with the spread of format 2's
        // test bytes
        float[] first = {0f, 0f};
        float[] second = {3f, 4f};
        ReferenceSet set =
                ReferenceSet.embedded(
                        List.of(
                                new EnrolledImage("ref-0", new byte[] {7, 8, 9}, null, null),
                                new EnrolledImage("ref-1", new byte[] {7, 8, 9}, null, null)),
                        new ReferenceViews(
                                List.of(first, second),
                                1.25,
                                List.of(new float[] {1f, 1f}, new float[] {2f, 2f}),
                                2.0),
                        "signet-s-1.0",
                        Instant.parse("2026-11-28T09:00:00.5Z"));

        // When a serde for the first rolling restart of an upgrade writes it
        byte[] bytes = new ReferenceSetSerde(false).serializer().serialize("t", set);

        // Then the bytes are format 2's, field for field, which the version before reads; read
        // back, the set is embedded as scanned only and current only where views are not stored
        assertThat(bytes).containsExactly(oldFormat(2, 1.25, first, second));
        ReferenceSet read = serde.deserializer().deserialize("t", bytes);
        assertThat(read.bitonalViewEmbedded()).isFalse();
        assertThat(read.currentFor("signet-s-1.0", false)).isTrue();
        assertThat(read.currentFor("signet-s-2.0", false)).isFalse();
        assertThat(read.currentFor("signet-s-1.0", true)).isFalse();
    }

    @Test
    void aSingleReferenceHasNoSpreadInAnyFormat() throws IOException {
        // Given a set of one reference, in formats 1 and 2 and as written now
        byte[] v1 = oldFormat(1, Double.NaN, new float[] {1f, 2f});
        byte[] v2 = oldFormat(2, Double.NaN, new float[] {1f, 2f});
        ReferenceSet one =
                ReferenceSet.embedded(
                        List.of(new EnrolledImage("a", new byte[] {1}, null, null)),
                        ReferenceViews.of(
                                List.of(new float[] {1f, 2f}), List.of(new float[] {2f, 2f})),
                        "v",
                        Instant.EPOCH);

        // When / Then its spreads are NaN (the scorer falls back to the card's typical spread)
        assertThat(one.spread()).isNaN();
        assertThat(one.views().bitonalSpread()).isNaN();
        assertThat(serde.deserializer().deserialize("t", v1).spread()).isNaN();
        assertThat(serde.deserializer().deserialize("t", v2).spread()).isNaN();
        ReferenceSet read =
                serde.deserializer().deserialize("t", serde.serializer().serialize("t", one));
        assertThat(read.spread()).isNaN();
        assertThat(read.views().bitonalSpread()).isNaN();
    }

    @Test
    void anUnknownFormatIsRefused() {
        // Given bytes of a format this version does not know
        byte[] future = {4, 0};

        // When / Then they are refused
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", future))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("format 4");
    }

    @Test
    void aSetNeedsOneEmbeddingPerImage() {
        // Given / When / Then a mismatch is refused when the set is made
        assertThatThrownBy(
                        () ->
                                ReferenceSet.embedded(
                                        List.of(
                                                new EnrolledImage("a", new byte[1], null, null),
                                                new EnrolledImage("b", new byte[1], null, null)),
                                        ReferenceViews.bitonalItself(List.of(new float[] {1f})),
                                        "v",
                                        Instant.EPOCH))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static ReferenceSet twoReferences() {
        List<float[]> embeddings = List.of(new float[] {0.25f, -1f}, new float[] {3f, 4f});
        return ReferenceSet.embedded(
                List.of(
                        new EnrolledImage("a", new byte[] {1, 2}, "image/png", null),
                        new EnrolledImage("b", new byte[] {3}, null, new Region(0, 1, 2, 3))),
                ReferenceViews.bitonalItself(embeddings),
                "signet-s-1.0",
                Instant.parse("2026-11-28T09:00:00.5Z"));
    }

    /**
     * A set as format 1 or 2 laid it out, written field by field here rather than by the serde, so
     * the test keeps the old bytes even when the writer moves on: references ref-0, ref-1, ... with
     * images {7, 8, 9}, no content type or region; format 2 has the spread after the time.
     */
    private static byte[] oldFormat(int format, double spread, float[]... embeddings)
            throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.writeByte(format);
            out.writeUTF("signet-s-1.0");
            out.writeLong(Instant.parse("2026-11-28T09:00:00.5Z").getEpochSecond());
            out.writeInt(500_000_000);
            if (format == 2) {
                out.writeDouble(spread);
            }
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
