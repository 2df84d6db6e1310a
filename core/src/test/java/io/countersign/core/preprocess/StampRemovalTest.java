package io.countersign.core.preprocess;

import static org.assertj.core.api.Assertions.assertThat;

import io.countersign.core.TestImages;
import io.countersign.core.image.GreyImage;
import io.countersign.core.image.ImageDecoder;
import io.countersign.core.image.ImageLimits;
import io.countersign.core.image.ImageTone;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A red stamp over a signature is taken out; a stamp of a pen's colour is left as it is. */
class StampRemovalTest {

    private static final double[] RED_PAD = {0.12, 0.80, 0.70};
    private static final double[] BLUE_PAD = {0.80, 0.62, 0.15};

    private final SignaturePreprocessor preprocessor =
            new SignaturePreprocessor(PreprocessingSpec.SIGNET, ImageLimits.DEFAULT);

    @Test
    void aRedStampOverBlueOrBlackInkReadsAsThePageWithoutIt() {
        for (Color pen : new Color[] {new Color(20, 30, 120), new Color(25, 25, 25)}) {
            // Given a signature in blue ballpoint (then black) on a colour scan, and the same page
            // with a red stamp pressed over its right half
            BufferedImage page = TestImages.inkPage(380, 180, new Color(250, 250, 246), pen, 3, 7);
            byte[] clean = TestImages.encode(page, "png");
            byte[] stamped = TestImages.encode(stamped(page, RED_PAD), "png");

            // When both are preprocessed
            float[] without = preprocessor.preprocess(clean, null);
            float[] with = preprocessor.preprocess(stamped, null);

            // Then the stamped page reads within a hair of the clean one, where a blue stamp,
            // which is not taken out, moves it many times as far
            float[] blue =
                    preprocessor.preprocess(
                            TestImages.encode(stamped(page, BLUE_PAD), "png"), null);
            assertThat(meanDifference(with, without))
                    .as("pen %s", pen)
                    .isLessThan(0.2 * meanDifference(blue, without));
            // And the clean page is not touched: no stamp found on it
            assertThat(removed(clean)).isNull();
        }
    }

    @Test
    void theStampAloneBecomesPaperAndWhereItCrossesThePenThePenIsLeft() {
        // Given blue ballpoint on paper with a red stamp over it
        BufferedImage page =
                TestImages.inkPage(
                        380, 180, new Color(250, 250, 246), new Color(20, 30, 120), 0, 7);
        byte[] stamped = TestImages.encode(stamped(page, RED_PAD), "png");
        GreyImage luminance = ImageDecoder.decodeGrey(stamped, null, ImageLimits.DEFAULT);
        GreyImage clean =
                ImageDecoder.decodeGrey(TestImages.encode(page, "png"), null, ImageLimits.DEFAULT);

        // When the stamp is taken out
        GreyImage out = StampRemoval.of(planes(stamped), luminance);

        // Then every pixel is within a few levels of the page without the stamp, where the stamp
        // had darkened the paper by tens of levels
        int worstBefore = 0;
        int worstAfter = 0;
        for (int i = 0; i < clean.pixels().length; i++) {
            int truth = clean.pixels()[i] & 0xff;
            worstBefore = Math.max(worstBefore, Math.abs((luminance.pixels()[i] & 0xff) - truth));
            worstAfter = Math.max(worstAfter, Math.abs((out.pixels()[i] & 0xff) - truth));
        }
        assertThat(worstBefore).isGreaterThan(80);
        assertThat(worstAfter).isLessThan(16);
    }

    @Test
    void aStampOfThePensOwnColourIsLeftAndOnlyARedPageIsDecodedTwice() {
        BufferedImage page =
                TestImages.inkPage(
                        380, 180, new Color(250, 250, 246), new Color(20, 30, 120), 3, 7);
        byte[] blueStamp = TestImages.encode(stamped(page, BLUE_PAD), "png");

        assertThat(removed(blueStamp)).isNull();
        // And neither it nor the clean page is decoded a second time: no pixel is strongly red
        for (byte[] unstamped : new byte[][] {blueStamp, TestImages.encode(page, "png")}) {
            assertThat(
                            ImageDecoder.decodeGreyPage(unstamped, null, ImageLimits.DEFAULT)
                                    .redPixels())
                    .isLessThan(StampRemoval.STAMP_PIXELS);
        }
        // While a red stamp's page is, in PNG and in JPEG
        BufferedImage red = stamped(page, RED_PAD);
        for (String format : new String[] {"png", "jpg"}) {
            assertThat(
                            ImageDecoder.decodeGreyPage(
                                            TestImages.encode(red, format),
                                            null,
                                            ImageLimits.DEFAULT)
                                    .redPixels())
                    .as(format)
                    .isGreaterThan(StampRemoval.STAMP_PIXELS);
        }
    }

    @Test
    void aBitonalScanStampedInRedIsStillComparedAsBitonal() {
        // Given a bitonal scan (black and white only) with a red stamp pressed over it: its
        // luminance has the stamp's grey levels
        BufferedImage page = TestImages.inkPage(380, 180, Color.WHITE, Color.BLACK, 0, 7);
        for (int y = 0; y < page.getHeight(); y++) {
            for (int x = 0; x < page.getWidth(); x++) {
                page.setRGB(x, y, (page.getRGB(x, y) & 0xff) < 128 ? 0 : 0xffffff);
            }
        }
        byte[] stamped = TestImages.encode(stamped(page, RED_PAD), "png");
        assertThat(ImageTone.of(ImageDecoder.decodeGrey(stamped, null, ImageLimits.DEFAULT)))
                .isEqualTo(ImageTone.GREY);

        // Then the request's tone is the page's without the stamp: compared as bitonal
        assertThat(preprocessor.prepare(stamped, null).tone()).isEqualTo(ImageTone.BITONAL);
    }

    /**
     * {@code page} with a round stamp over its right half: two rings and radial bars between them,
     * each pixel the page times what the pad's ink (absorbing these shares of red, green and blue
     * light at full density) lets through at 85 % density.
     */
    static BufferedImage stamped(BufferedImage page, double[] pad) {
        BufferedImage out =
                new BufferedImage(page.getWidth(), page.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        double cx = 270;
        double cy = 90;
        for (int y = 0; y < page.getHeight(); y++) {
            for (int x = 0; x < page.getWidth(); x++) {
                double d = Math.hypot(x - cx, y - cy);
                double angle = Math.toDegrees(Math.atan2(y - cy, x - cx)) + 180;
                boolean ring = Math.abs(d - 75) < 2.5 || Math.abs(d - 55) < 2;
                boolean letter = d > 59 && d < 71 && angle % 12 < 2.5;
                double cover = ring || letter ? 0.85 : 0;
                int rgb = page.getRGB(x, y);
                int mixed = 0;
                for (int c = 0; c < 3; c++) {
                    int v = rgb >> (16 - 8 * c) & 0xff;
                    mixed = mixed << 8 | (int) Math.round(v * (1 - pad[c] * cover));
                }
                out.setRGB(x, y, mixed);
            }
        }
        return out;
    }

    /** The page with its stamp taken out, or null where StampRemoval finds none. */
    private static GreyImage removed(byte[] encoded) {
        return StampRemoval.of(
                planes(encoded), ImageDecoder.decodeGrey(encoded, null, ImageLimits.DEFAULT));
    }

    private static List<GreyImage> planes(byte[] encoded) {
        return ImageDecoder.decodePlanes(encoded, null, ImageLimits.DEFAULT);
    }

    private static double meanDifference(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs(a[i] - b[i]);
        }
        return sum / a.length;
    }
}
