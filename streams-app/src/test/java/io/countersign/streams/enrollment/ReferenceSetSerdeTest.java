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

        // Then it was written in format 3 (no pen view: the format every version since bitonal
        // views reads), and both views and spreads came back as stored
        assertThat(bytes[0]).isEqualTo((byte) 3);
        assertThat(read.views().asScanned()).containsExactly(grey, bitonal);
        assertThat(read.views().bitonal()).containsExactly(greyAsBitonal, bitonal);
        assertThat(read.spread()).isEqualTo(1.5);
        assertThat(read.views().bitonalSpread()).isEqualTo(2.5);
        assertThat(read.currentFor("signet-s-1.0")).isTrue();
    }

    @Test
    void aPenViewAndTheInkLevelsOfBothPensAreStoredWithTheSet() {
        // Given a set with a pen view two pixels broader, whose first reference is grey and whose
        // second is bitonal itself in either pen, with spreads and ink levels that are not what
        // its embeddings give
        ReferenceSet stored = withPenView();

        // When it is written and read back
        byte[] bytes = serde.serializer().serialize("t", stored);
        ReferenceSet read = serde.deserializer().deserialize("t", bytes);

        // Then it was written in format 4, with the pen's width
        assertThat(bytes[0]).isEqualTo((byte) 4);
        assertThat(read.broaderPen()).isEqualTo(2);
        assertThat(read.hasPenView()).isTrue();
        // and every view of either pen came back with its spread and ink level
        ReferenceViews views = read.views();
        assertThat(views.asScanned()).containsExactly(GREY, BITONAL);
        assertThat(views.bitonal()).containsExactly(GREY_AS_BITONAL, BITONAL);
        assertThat(views.spread()).isEqualTo(1.5);
        assertThat(views.bitonalSpread()).isEqualTo(2.5);
        assertThat(views.inkLevel()).isEqualTo(0.75);
        assertThat(views.bitonalInkLevel()).isEqualTo(0.875);
        ReferenceViews pen = views.broaderPen();
        assertThat(pen.asScanned()).containsExactly(BROAD_GREY, BROAD_BITONAL);
        assertThat(pen.bitonal()).containsExactly(BROAD_GREY_AS_BITONAL, BROAD_BITONAL);
        assertThat(pen.spread()).isEqualTo(3.5);
        assertThat(pen.bitonalSpread()).isEqualTo(4.5);
        assertThat(pen.inkLevel()).isEqualTo(1.25);
        assertThat(pen.bitonalInkLevel()).isEqualTo(1.375);
        // and a reference bitonal itself is again one embedding for both tones, in either pen
        assertThat(views.bitonal().get(1)).isSameAs(views.asScanned().get(1));
        assertThat(pen.bitonal().get(1)).isSameAs(pen.asScanned().get(1));
        assertThat(pen.bitonal().get(0)).isNotSameAs(pen.asScanned().get(0));
        // and the set is current for a card asking for that pen, and for no other
        assertThat(read.currentFor("signet-s-1.0", 2, ReferencesFormat.V4)).isTrue();
        assertThat(read.currentFor("signet-s-1.0", 1, ReferencesFormat.V4)).isFalse();
        assertThat(read.currentFor("signet-s-1.0", 0, ReferencesFormat.V4)).isFalse();
        assertThat(read.currentFor("signet-s-2.0", 2, ReferencesFormat.V4)).isFalse();
    }

    @Test
    void aSetWithoutAPenViewIsWrittenInFormatThreeAndReembeddedForACardThatAsksForOne() {
        // Given a set in both views with their ink levels, embedded for a card without a pen view
        ReferenceSet stored =
                ReferenceSet.embedded(images(), asWritten(null), "signet-s-1.0", ENROLLED_AT);

        // When it is written and read back
        byte[] bytes = serde.serializer().serialize("t", stored);
        ReferenceSet read = serde.deserializer().deserialize("t", bytes);

        // Then it was written in format 3, which an earlier version reads too, without its ink
        // levels (they only choose between pens)
        assertThat(bytes[0]).isEqualTo((byte) 3);
        assertThat(read.broaderPen()).isZero();
        assertThat(read.views().hasPenView()).isFalse();
        assertThat(read.views().inkLevel()).isNaN();
        assertThat(read.views().bitonalInkLevel()).isNaN();
        assertThat(read.views().bitonal().get(1)).isSameAs(read.views().asScanned().get(1));
        // and it is current for its card, but not for one that asks for a pen view, unless the
        // format in use makes none
        assertThat(read.currentFor("signet-s-1.0", 0, ReferencesFormat.V4)).isTrue();
        assertThat(read.currentFor("signet-s-1.0", 1, ReferencesFormat.V4)).isFalse();
        assertThat(read.currentFor("signet-s-1.0", 1, ReferencesFormat.V3)).isTrue();
    }

    @Test
    void aSetStoredInFormatThreeReadsBackWithoutInkLevelsOrPenView() throws IOException {
        // Given the bytes of a set stored in format 3 (both views, before pen views)
        byte[] v3 = formatThree();

        // When they are read
        ReferenceSet read = serde.deserializer().deserialize("t", v3);

        // Then both views and spreads are there, the ink levels are not known, and there is no
        // pen view
        assertThat(read.bitonalViewEmbedded()).isTrue();
        assertThat(read.views().asScanned()).containsExactly(GREY, BITONAL);
        assertThat(read.views().bitonal()).containsExactly(GREY_AS_BITONAL, BITONAL);
        assertThat(read.views().bitonal().get(1)).isSameAs(read.views().asScanned().get(1));
        assertThat(read.spread()).isEqualTo(1.5);
        assertThat(read.views().bitonalSpread()).isEqualTo(2.5);
        assertThat(read.views().inkLevel()).isNaN();
        assertThat(read.views().bitonalInkLevel()).isNaN();
        assertThat(read.hasPenView()).isFalse();
        assertThat(read.views().hasPenView()).isFalse();
        // and it is current for its model unless the card asks for a pen view
        assertThat(read.currentFor("signet-s-1.0")).isTrue();
        assertThat(read.currentFor("signet-s-1.0", 2, ReferencesFormat.V4)).isFalse();
        // and, written again in format 3, it is the same bytes
        assertThat(new ReferenceSetSerde(ReferencesFormat.V3).serializer().serialize("t", read))
                .containsExactly(v3);
    }

    @Test
    void duringAnUpgradeSetsAreWrittenAsTheVersionBeforePenViewsWroteThem() throws IOException {
        // Given a set with a pen view, as this version embeds it for a card that asks for one
        ReferenceSet set = withPenView();

        // When a serde for the first rolling restart of an upgrade from format 3 writes it
        byte[] bytes = new ReferenceSetSerde(ReferencesFormat.V3).serializer().serialize("t", set);

        // Then the bytes are format 3's, field for field, which the version before reads
        assertThat(bytes).containsExactly(formatThree());
        // and read back, the set has no pen view: it is current while none is made, and is
        // re-embedded with one once format 4 is written
        ReferenceSet read = serde.deserializer().deserialize("t", bytes);
        assertThat(read.hasPenView()).isFalse();
        assertThat(read.currentFor("signet-s-1.0", 2, ReferencesFormat.V3)).isTrue();
        assertThat(read.currentFor("signet-s-1.0", 2, ReferencesFormat.V4)).isFalse();
    }

    @Test
    void aPenWidthComesWithItsPenViewAndTheBitonalView() {
        // Given the views of a set with a pen view and without one
        ReferenceViews withPen = withPenView().views();
        ReferenceViews withoutPen =
                new ReferenceViews(
                        withPen.asScanned(),
                        withPen.spread(),
                        withPen.bitonal(),
                        withPen.bitonalSpread());

        // When / Then a width without its view, a view without its width, or a pen view without
        // the bitonal view is refused
        assertThatThrownBy(() -> new ReferenceSet(images(), withoutPen, "v", ENROLLED_AT, true, 2))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReferenceSet(images(), withPen, "v", ENROLLED_AT, true, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReferenceSet(images(), withPen, "v", ENROLLED_AT, false, 2))
                .isInstanceOf(IllegalArgumentException.class);
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
        byte[] bytes = new ReferenceSetSerde(ReferencesFormat.V2).serializer().serialize("t", set);

        // Then the bytes are format 2's, field for field, which the version before reads; read
        // back, the set is embedded as scanned only and current only where views are not stored
        assertThat(bytes).containsExactly(oldFormat(2, 1.25, first, second));
        ReferenceSet read = serde.deserializer().deserialize("t", bytes);
        assertThat(read.bitonalViewEmbedded()).isFalse();
        assertThat(read.currentFor("signet-s-1.0", 0, ReferencesFormat.V2)).isTrue();
        assertThat(read.currentFor("signet-s-2.0", 0, ReferencesFormat.V2)).isFalse();
        assertThat(read.currentFor("signet-s-1.0", 0, ReferencesFormat.V3)).isFalse();
        assertThat(read.currentFor("signet-s-1.0", 0, ReferencesFormat.V4)).isFalse();
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
        byte[] future = {5, 0};

        // When / Then they are refused
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", future))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("format 5");
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

    private static final Instant ENROLLED_AT = Instant.parse("2026-11-28T09:00:00.5Z");
    private static final float[] GREY = {0.25f, -1f};
    private static final float[] GREY_AS_BITONAL = {0.5f, -2f};
    private static final float[] BITONAL = {3f, 4f};
    private static final float[] BROAD_GREY = {0.75f, -1.5f};
    private static final float[] BROAD_GREY_AS_BITONAL = {1f, -2.5f};
    private static final float[] BROAD_BITONAL = {3.5f, 4.5f};

    /**
     * Two references, a grey one and one bitonal itself, with a pen view two pixels broader; the
     * images are those of {@link #oldFormat}, the embeddings as scanned and bitonal those of {@link
     * #formatThree}.
     */
    private static ReferenceSet withPenView() {
        ReferenceViews broader =
                new ReferenceViews(
                        List.of(BROAD_GREY, BROAD_BITONAL),
                        3.5,
                        List.of(BROAD_GREY_AS_BITONAL, BROAD_BITONAL),
                        4.5,
                        1.25,
                        1.375,
                        null);
        return ReferenceSet.embedded(images(), asWritten(broader), 2, "signet-s-1.0", ENROLLED_AT);
    }

    /**
     * The two references as written, with spreads and ink levels that are not what their embeddings
     * give, and {@code broader} as their pen view (null for none).
     */
    private static ReferenceViews asWritten(ReferenceViews broader) {
        return new ReferenceViews(
                List.of(GREY, BITONAL),
                1.5,
                List.of(GREY_AS_BITONAL, BITONAL),
                2.5,
                0.75,
                0.875,
                broader);
    }

    private static List<EnrolledImage> images() {
        return List.of(
                new EnrolledImage("ref-0", new byte[] {7, 8, 9}, null, null),
                new EnrolledImage("ref-1", new byte[] {7, 8, 9}, null, null));
    }

    /**
     * The set of {@link #withPenView} as format 3 laid it out (spread 1.5, bitonal spread 2.5, no
     * ink levels or pen view), written field by field here like {@link #oldFormat}.
     */
    private static byte[] formatThree() throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.writeByte(3);
            out.writeUTF("signet-s-1.0");
            out.writeLong(ENROLLED_AT.getEpochSecond());
            out.writeInt(500_000_000);
            out.writeDouble(1.5);
            out.writeDouble(2.5);
            out.writeInt(2);
            for (int i = 0; i < 2; i++) {
                out.writeUTF("ref-" + i);
                out.writeBoolean(false);
                out.writeBoolean(false);
                out.writeInt(3);
                out.write(new byte[] {7, 8, 9});
                float[] asScanned = i == 0 ? GREY : BITONAL;
                writeFloats(out, asScanned);
                if (i == 0) {
                    out.writeByte(0);
                    writeFloats(out, GREY_AS_BITONAL);
                } else {
                    out.writeByte(1);
                }
            }
        }
        return buffer.toByteArray();
    }

    private static void writeFloats(DataOutputStream out, float[] values) throws IOException {
        out.writeInt(values.length);
        for (float value : values) {
            out.writeFloat(value);
        }
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
