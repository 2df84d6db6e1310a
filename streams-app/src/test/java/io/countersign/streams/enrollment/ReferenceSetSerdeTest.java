package io.countersign.streams.enrollment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.countersign.core.image.Region;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class ReferenceSetSerdeTest {

    private final ReferenceSetSerde serde = new ReferenceSetSerde();

    @Test
    void aReferenceSetSurvivesTheStoreWithWhatItNeedsToBeReembedded() {
        // Given a set of two references, one cropped by a region
        ReferenceSet set =
                new ReferenceSet(
                        List.of(
                                new EnrolledImage("a", new byte[] {1, 2}, "image/png", null),
                                new EnrolledImage(
                                        "b", new byte[] {3}, null, new Region(0, 1, 2, 3))),
                        List.of(new float[] {0.25f, -1f}, new float[] {3f, 4f}),
                        "signet-s-1.0",
                        Instant.parse("2026-11-28T09:00:00.5Z"));

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
    void anUnknownFormatIsRefused() {
        // Given bytes of a format this version does not know
        byte[] future = {2, 0};

        // When / Then they are refused
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", future))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("format 2");
    }

    @Test
    void aSetNeedsOneEmbeddingPerImage() {
        // Given / When / Then a mismatch is refused when the set is made
        assertThatThrownBy(
                        () ->
                                new ReferenceSet(
                                        List.of(new EnrolledImage("a", new byte[1], null, null)),
                                        List.of(),
                                        "v",
                                        Instant.EPOCH))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
