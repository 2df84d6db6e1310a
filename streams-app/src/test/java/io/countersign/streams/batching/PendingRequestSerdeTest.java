package io.countersign.streams.batching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.countersign.core.image.ImageTone;
import io.countersign.core.image.Region;
import io.countersign.core.preprocess.PreparedImage;
import java.time.Instant;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class PendingRequestSerdeTest {

    private final PendingRequestSerde serde = new PendingRequestSerde();

    @Test
    void aPendingRequestSurvivesTheStoreWithoutItsTensor() {
        // Given a request with a region and an in-memory tensor
        PendingRequest request =
                new PendingRequest(
                        "c-1",
                        "r-1",
                        "d-1",
                        new byte[] {9, 8, 7},
                        "image/png",
                        new Region(1, 2, 30, 40),
                        Instant.parse("2026-11-28T09:00:00.123Z"),
                        1_000L,
                        2_000L,
                        new RequestOrigin(3, 41L, "cheque-clearing"),
                        new PreparedImage(new float[] {1f}, ImageTone.BITONAL));

        // When it is written and read back
        byte[] bytes = serde.serializer().serialize("t", request);
        PendingRequest read = serde.deserializer().deserialize("t", bytes);

        // Then everything but the prepared image is as it was (the tone is read from the image
        // again, with the tensor)
        assertThat(read.image()).containsExactly(9, 8, 7);
        assertThat(read.prepared()).isNull();
        assertThat(read.withPrepared(null))
                .usingRecursiveComparison()
                .isEqualTo(request.withPrepared(null));
    }

    @Test
    void aValueWrittenBeforeOriginsWereKeptReadsWithAnUnknownOrigin() {
        // Given a request as the version before origins wrote it: the same bytes up to the image
        PendingRequest request =
                new PendingRequest(
                        "c-1",
                        "r-1",
                        null,
                        new byte[] {9, 8, 7},
                        null,
                        null,
                        Instant.parse("2026-11-28T09:00:00Z"),
                        1_000L,
                        2_000L,
                        new RequestOrigin(3, 41L, "cheque-clearing"),
                        null);
        byte[] current = serde.serializer().serialize("t", request);
        int originBytes = 4 + 8 + 2 + "cheque-clearing".length();
        byte[] earlier = Arrays.copyOf(current, current.length - originBytes);

        // When it is read back
        PendingRequest read = serde.deserializer().deserialize("t", earlier);

        // Then every field is there but the origin, which is unknown rather than guessed
        assertThat(read.image()).containsExactly(9, 8, 7);
        assertThat(read.requestId()).isEqualTo("r-1");
        assertThat(read.timestamp()).isEqualTo(2_000L);
        assertThat(read.origin()).isEqualTo(RequestOrigin.UNKNOWN);
    }

    @Test
    void anUnknownFormatIsRefused() {
        // Given bytes of a future format
        byte[] future = {42, 0, 0};

        // When / Then they are refused, not guessed at
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", future))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("format 42");
    }
}
