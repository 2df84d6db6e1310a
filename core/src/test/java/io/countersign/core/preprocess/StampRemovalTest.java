package io.countersign.core.preprocess;

import static org.assertj.core.api.Assertions.assertThat;

import io.countersign.core.TestImages;
import io.countersign.core.image.GreyImage;
import io.countersign.core.image.ImageDecoder;
import io.countersign.core.image.ImageLimits;
import io.countersign.core.image.ImageTone;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A red stamp over a signature is taken out by its colour, a round stamp of another colour by its
 * ring where the pen's colour differs; a stamp of the pen's own colour is left as it is.
 */
class StampRemovalTest {

    private static final double[] RED_PAD = {0.12, 0.80, 0.70};
    private static final double[] BLUE_PAD = {0.80, 0.62, 0.15};
    private static final double[] VIOLET_PAD = {0.50, 0.78, 0.25};

    private final SignaturePreprocessor preprocessor =
            new SignaturePreprocessor(PreprocessingSpec.SIGNET, ImageLimits.DEFAULT);

    @Test
    void aRedStampOverBlueOrBlackInkReadsAsThePageWithoutIt() {
        for (Color pen : new Color[] {new Color(20, 30, 120), new Color(25, 25, 25)}) {
            assertTakenOut(pen, RED_PAD);
        }
    }

    @Test
    void aBlueOrVioletStampOverBlackInkIsFoundByItsRingAndTakenOut() {
        for (double[] pad : new double[][] {BLUE_PAD, VIOLET_PAD}) {
            assertTakenOut(new Color(25, 25, 25), pad);
        }
    }

    /**
     * A signature in {@code pen} on a colour scan, and the same page with a stamp of {@code pad}
     * pressed over its right half, read within a hair of each other: a fifth or less of what the
     * stamp moves the page sent grey, where no stamp can be told from the pen.
     */
    private void assertTakenOut(Color pen, double[] pad) {
        // Given the page clean and stamped
        BufferedImage page = TestImages.inkPage(380, 180, new Color(250, 250, 246), pen, 3, 7);
        byte[] clean = TestImages.encode(page, "png");
        BufferedImage stamped = stamped(page, pad);

        // When both are preprocessed
        float[] without = preprocessor.preprocess(clean, null);
        float[] with = preprocessor.preprocess(TestImages.encode(stamped, "png"), null);

        // Then they read alike, where the stamped page sent grey does not
        float[] asGrey = preprocessor.preprocess(TestImages.encode(grey(stamped), "png"), null);
        assertThat(meanDifference(with, without))
                .as("pen %s", pen)
                .isLessThan(0.2 * meanDifference(asGrey, without));
        // And the clean page is not touched: no stamp found on it, by colour or by shape
        assertThat(removed(clean)).isNull();
        assertThat(StampRing.find(ImageDecoder.decodeGrey(clean, null, ImageLimits.DEFAULT)))
                .isEmpty();
    }

    @Test
    void theStampAloneBecomesPaperAndWhereItCrossesThePenThePenIsLeft() {
        // Given blue ballpoint with a red stamp over it, and black ink with a blue one
        assertPixelsRestored(new Color(20, 30, 120), RED_PAD);
        assertPixelsRestored(new Color(25, 25, 25), BLUE_PAD);
    }

    private static void assertPixelsRestored(Color pen, double[] pad) {
        BufferedImage page = TestImages.inkPage(380, 180, new Color(250, 250, 246), pen, 0, 7);
        byte[] stamped = TestImages.encode(stamped(page, pad), "png");
        GreyImage luminance = ImageDecoder.decodeGrey(stamped, null, ImageLimits.DEFAULT);
        GreyImage clean =
                ImageDecoder.decodeGrey(TestImages.encode(page, "png"), null, ImageLimits.DEFAULT);

        // When the stamp is taken out: a red one by its colour, any other by its ring
        GreyImage out =
                pad == RED_PAD
                        ? StampRemoval.of(planes(stamped), luminance)
                        : StampRemoval.of(planes(stamped), luminance, StampRing.find(luminance));

        // Then every pixel is within a few levels of the page without the stamp, where the stamp
        // had darkened the paper by tens of levels
        int worstBefore = 0;
        int worstAfter = 0;
        for (int i = 0; i < clean.pixels().length; i++) {
            int truth = clean.pixels()[i] & 0xff;
            worstBefore = Math.max(worstBefore, Math.abs((luminance.pixels()[i] & 0xff) - truth));
            worstAfter = Math.max(worstAfter, Math.abs((out.pixels()[i] & 0xff) - truth));
        }
        assertThat(worstBefore).as("pen %s", pen).isGreaterThan(80);
        assertThat(worstAfter).as("pen %s", pen).isLessThan(16);
    }

    @Test
    void aStampOfThePensOwnColourIsFoundButLeft() {
        // Given blue ballpoint with a blue stamp over it
        BufferedImage page =
                TestImages.inkPage(
                        380, 180, new Color(250, 250, 246), new Color(20, 30, 120), 3, 7);
        byte[] blueStamp = TestImages.encode(stamped(page, BLUE_PAD), "png");
        GreyImage luminance = ImageDecoder.decodeGrey(blueStamp, null, ImageLimits.DEFAULT);

        // Then its ring is found where it was pressed (centre 270, 90; radius 75 to the middle of
        // the outer ring's stroke)
        List<StampRing> rings = StampRing.find(luminance);
        assertThat(rings).isNotEmpty();
        StampRing ring = rings.get(0);
        assertThat(Math.hypot(ring.centreX() - 270, ring.centreY() - 90)).isLessThan(3);
        assertThat(ring.radius()).isBetween(71.0, 79.0);
        // But its colour is too near the pen's to split: neither way takes it out
        assertThat(removed(blueStamp)).isNull();
        assertThat(StampRemoval.of(planes(blueStamp), luminance, rings)).isNull();
    }

    @Test
    void aPensOwnCircleIsNotAStamp() {
        // Given black ink with a large circle drawn in the same pen over the signature: a ring to
        // the shape detector
        BufferedImage page =
                TestImages.inkPage(380, 180, new Color(250, 250, 246), new Color(25, 25, 25), 3, 7);
        Graphics2D g = page.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new Color(25, 25, 25));
        g.setStroke(new BasicStroke(3f));
        g.drawOval(200, 20, 140, 140);
        g.dispose();
        byte[] encoded = TestImages.encode(page, "png");
        GreyImage luminance = ImageDecoder.decodeGrey(encoded, null, ImageLimits.DEFAULT);
        List<StampRing> rings = StampRing.find(luminance);
        assertThat(rings).isNotEmpty();

        // Then nothing is taken out: every ring found is the pen's colour
        assertThat(StampRemoval.of(planes(encoded), luminance, rings)).isNull();
    }

    @Test
    void onlyAPageWithAStampsColoursIsLookedAtAgain() {
        BufferedImage black =
                TestImages.inkPage(380, 180, new Color(250, 250, 246), new Color(25, 25, 25), 3, 7);
        BufferedImage blue =
                TestImages.inkPage(
                        380, 180, new Color(250, 250, 246), new Color(20, 30, 120), 3, 7);
        for (String format : new String[] {"png", "jpg"}) {
            // A page of black ink, or of blue ink, alone: not red, not of two colours, so never
            // looked at again (blue ballpoint is the commonest colour page)
            for (BufferedImage clean : new BufferedImage[] {black, blue}) {
                ImageDecoder.GreyPage read = page(TestImages.encode(clean, format));
                assertThat(read.redPixels()).as(format).isLessThan(StampRemoval.STAMP_PIXELS);
                assertThat(read.twoColours(StampRemoval.STAMP_PIXELS)).as(format).isFalse();
            }
            // While a red stamp's page is counted red, and black ink under a blue stamp is ink of
            // two colours, in PNG and in JPEG
            assertThat(page(TestImages.encode(stamped(black, RED_PAD), format)).redPixels())
                    .as(format)
                    .isGreaterThan(StampRemoval.STAMP_PIXELS);
            ImageDecoder.GreyPage stamped =
                    page(TestImages.encode(stamped(black, BLUE_PAD), format));
            assertThat(stamped.twoColours(StampRemoval.STAMP_PIXELS)).as(format).isTrue();
            assertThat(stamped.redPixels()).as(format).isLessThan(StampRemoval.STAMP_PIXELS);
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

    /** The page as a grey scan: its luminance alone. */
    private static BufferedImage grey(BufferedImage page) {
        BufferedImage out =
                new BufferedImage(page.getWidth(), page.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        out.getGraphics().drawImage(page, 0, 0, null);
        return out;
    }

    /** The page with its stamp taken out, or null where StampRemoval finds none. */
    private static GreyImage removed(byte[] encoded) {
        return StampRemoval.of(
                planes(encoded), ImageDecoder.decodeGrey(encoded, null, ImageLimits.DEFAULT));
    }

    private static ImageDecoder.GreyPage page(byte[] encoded) {
        return ImageDecoder.decodeGreyPage(encoded, null, ImageLimits.DEFAULT);
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
