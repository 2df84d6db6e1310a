package io.countersign.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.management.ThreadMXBean;
import io.countersign.core.TestImages;
import io.countersign.schemas.ErrorCode;
import java.awt.Color;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ImageDecoderTest {

    private static final ImageLimits LIMITS = ImageLimits.DEFAULT;

    @Test
    void emptyInputIsUndecodable() {
        assertRejected(new byte[0], ErrorCode.UNDECODABLE_IMAGE, "empty");
        assertRejected(null, ErrorCode.UNDECODABLE_IMAGE, "empty");
    }

    @Test
    void garbageIsUndecodableWithAPlainMessage() {
        byte[] garbage = "definitely not an image, just some text".getBytes();

        assertRejected(garbage, ErrorCode.UNDECODABLE_IMAGE, "not an image in a supported format");
    }

    @Test
    void truncatedPngIsUndecodable() {
        byte[] png = TestImages.encode(TestImages.cleanPage(400, 200, 40, 40, 1.0), "png");
        byte[] truncated = Arrays.copyOf(png, png.length / 2);

        assertRejected(truncated, ErrorCode.UNDECODABLE_IMAGE, "corrupt or truncated");
    }

    @Test
    void overTheByteLimitIsTooLargeBeforeDecoding() {
        byte[] png = TestImages.encode(TestImages.cleanPage(400, 200, 40, 40, 1.0), "png");

        assertThatThrownBy(
                        () -> ImageDecoder.decodeGrey(png, null, new ImageLimits(100, 1_000_000)))
                .isInstanceOfSatisfying(
                        ImageRejectedException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.IMAGE_TOO_LARGE));
    }

    @Test
    void decompressionBombIsRefusedFromItsHeaderWithoutAllocatingPixels() {
        // Given a 57-byte PNG whose header claims 100000 x 100000 pixels (10 GB of grey)
        byte[] bomb = TestImages.pngClaiming(100_000, 100_000);
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();

        // When it is decoded, then it is refused from the header ...
        assertRejected(bomb, ErrorCode.IMAGE_TOO_LARGE, "header declares 100000x100000");

        // ... and far less than one row of its pixels was ever allocated
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(allocated).isLessThan(20_000_000L);
    }

    @Test
    void absurdAspectRatioIsInvalid() {
        byte[] needle = TestImages.encode(TestImages.blankPage(1, 100_000, Color.WHITE), "png");

        assertRejected(needle, ErrorCode.INVALID_IMAGE, "1x100000");
    }

    @Test
    void regionOutsideTheImageIsInvalid() {
        byte[] png = TestImages.encode(TestImages.cleanPage(400, 200, 40, 40, 1.0), "png");

        assertThatThrownBy(
                        () -> ImageDecoder.decodeGrey(png, new Region(300, 100, 200, 50), LIMITS))
                .isInstanceOfSatisfying(
                        ImageRejectedException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_IMAGE));
    }

    @Test
    void regionWithNoAreaIsInvalid() {
        assertThatThrownBy(() -> new Region(0, 0, 0, 10))
                .isInstanceOfSatisfying(
                        ImageRejectedException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_IMAGE));
    }

    @Test
    void decodesOnlyTheRegion() {
        byte[] png = TestImages.encode(TestImages.cleanPage(400, 200, 40, 40, 1.0), "png");

        var image = ImageDecoder.decodeGrey(png, new Region(10, 20, 100, 50), LIMITS);

        assertThat(image.width()).isEqualTo(100);
        assertThat(image.height()).isEqualTo(50);
    }

    private static void assertRejected(byte[] bytes, ErrorCode code, String message) {
        assertThatThrownBy(() -> ImageDecoder.decodeGrey(bytes, null, LIMITS))
                .isInstanceOfSatisfying(
                        ImageRejectedException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo(code);
                            assertThat(e.getMessage()).contains(message);
                        });
    }
}
