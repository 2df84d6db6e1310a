package io.countersign.core.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.countersign.core.TestImages;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class ImageToneTest {

    @Test
    void aOneBitScanIsBitonal() {
        assertThat(tone(TestImages.encode(bitonal(grey()), "png"))).isEqualTo(ImageTone.BITONAL);
    }

    @Test
    void aGreyScanIsGrey() {
        assertThat(tone(TestImages.encode(grey(), "png"))).isEqualTo(ImageTone.GREY);
    }

    @Test
    void aFewStrayGreyPixelsLeaveABitonalScanBitonal() {
        // Given a 1-bit scan in a grey image where one pixel in 2000 is mid-grey
        BufferedImage withStrays = asGrey(bitonal(grey()));
        int width = withStrays.getWidth();
        for (int i = 0; i < width * withStrays.getHeight() / 2000; i++) {
            withStrays.getRaster().setSample(i % width, i / width, 0, 128);
        }

        // When / Then it is still bitonal
        assertThat(tone(TestImages.encode(withStrays, "png"))).isEqualTo(ImageTone.BITONAL);
    }

    @Test
    void paperSplitOverTwoAdjacentLevelsIsStillPaper() {
        // Given a 1-bit scan stored as grey where a tenth of the paper reads 254 instead of 255
        BufferedImage twoPapers = asGrey(bitonal(grey()));
        for (int y = 0; y < twoPapers.getHeight(); y += 10) {
            for (int x = 0; x < twoPapers.getWidth(); x++) {
                if (twoPapers.getRaster().getSample(x, y, 0) == 255) {
                    twoPapers.getRaster().setSample(x, y, 0, 254);
                }
            }
        }

        // When / Then it is bitonal: the two most common levels alone would have said grey
        assertThat(tone(TestImages.encode(twoPapers, "png"))).isEqualTo(ImageTone.BITONAL);
    }

    @Test
    void aBitonalScanReencodedAsJpegReadsAsGrey() {
        // The ringing around every stroke gives it grey levels: documented, not guessed away.
        assertThat(tone(TestImages.encode(bitonal(grey()), "jpg"))).isEqualTo(ImageTone.GREY);
    }

    private static ImageTone tone(byte[] encoded) {
        return ImageTone.of(ImageDecoder.decodeGrey(encoded, null, ImageLimits.DEFAULT));
    }

    private static BufferedImage grey() {
        return TestImages.scannedPage(600, 300, 260, 120, 1.0, 1.0, 3);
    }

    /** The same pixels in an 8-bit grey image, which can take other levels. */
    private static BufferedImage asGrey(BufferedImage image) {
        BufferedImage grey =
                new BufferedImage(
                        image.getWidth(), image.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        grey.getGraphics().drawImage(image, 0, 0, null);
        return grey;
    }

    /** Black where the page is darker than mid-grey, a 1-bit image. */
    static BufferedImage bitonal(BufferedImage page) {
        GreyImage grey = GreyImage.of(page);
        BufferedImage binary =
                new BufferedImage(grey.width(), grey.height(), BufferedImage.TYPE_BYTE_BINARY);
        for (int y = 0; y < grey.height(); y++) {
            for (int x = 0; x < grey.width(); x++) {
                int luminance = grey.pixels()[y * grey.width() + x] & 0xff;
                binary.getRaster().setSample(x, y, 0, luminance < 128 ? 0 : 1);
            }
        }
        return binary;
    }
}
