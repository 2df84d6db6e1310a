package io.countersign.core.preprocess;

import static io.countersign.core.preprocess.SignaturePreprocessorTest.assertRejected;
import static io.countersign.core.preprocess.SignaturePreprocessorTest.correlation;
import static io.countersign.core.preprocess.SignaturePreprocessorTest.pooled;
import static org.assertj.core.api.Assertions.assertThat;

import io.countersign.core.TestImages;
import io.countersign.core.image.GreyImage;
import io.countersign.core.image.ImageLimits;
import io.countersign.schemas.ErrorCode;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PrintedRulesTest {

    private final SignaturePreprocessor preprocessor =
            new SignaturePreprocessor(PreprocessingSpec.SIGNET, ImageLimits.DEFAULT);

    /** The test signature at (40, 40) of a 400 x 200 page: ink from x 50 to 330, y 40 to 140. */
    private static BufferedImage signature() {
        return TestImages.cleanPage(400, 200, 40, 40, 1.0);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, 1.5, -1.5, 8, -12})
    void aSignatureWrittenOnAPrintedLineIsCroppedAsItIsWithoutTheLine(double skewDegrees) {
        // Given the signature, and the same signature on a cheque's line: black, 3 pixels thick,
        // across the whole image under the signature, through its lowest strokes, level or
        // skewed by 1.5 degrees, or on a page scanned 8 or 12 degrees askew
        BufferedImage onLine = signature();
        Graphics2D g = onLine.createGraphics();
        g.setColor(new Color(25, 25, 25));
        g.setStroke(new BasicStroke(3));
        int rise = (int) Math.round(400 * Math.tan(Math.toRadians(skewDegrees)));
        g.drawLine(0, 136 - rise / 2, 399, 136 + rise / 2);
        g.dispose();

        // When ink is separated from paper in both
        InkMap clean = inkMap(signature());
        InkMap lined = inkMap(onLine);

        // Then the line is paper: the ink's box is the signature's, not the line's whole width
        // (to the pixel for a level line; a steep one leaves a pixel or two where it crosses a
        // stroke, as the vertical run kept there is longer)
        int slack = Math.abs(skewDegrees) > 2 ? 3 : 0;
        int[] box = {lined.left, lined.top, lined.right, lined.bottom};
        int[] expected = {clean.left, clean.top, clean.right, clean.bottom};
        for (int i = 0; i < 4; i++) {
            assertThat(box[i])
                    .as("box side " + i)
                    .isBetween(expected[i] - slack, expected[i] + slack);
        }
        // and what the model sees is the same signature (nearly, where those pixels are left)
        float[] a = preprocessor.preprocess(TestImages.encode(signature(), "png"), null);
        float[] b = preprocessor.preprocess(TestImages.encode(onLine, "png"), null);
        assertThat(correlation(pooled(a), pooled(b))).isGreaterThan(slack > 0 ? 0.92 : 0.95);
    }

    @Test
    void aLongHandwrittenStrokeIsKeptHoweverFlat() {
        // Given the signature with a flourish under it across nearly the whole page: as long as a
        // printed line, but drawn by hand (it wanders by 3 pixels)
        BufferedImage flourished = signature();
        Graphics2D g = flourished.createGraphics();
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(4));
        Path2D.Double flourish = new Path2D.Double();
        flourish.moveTo(4, 160);
        for (int x = 5; x < 396; x++) {
            flourish.lineTo(x, 160 + 3 * Math.sin(x / 23.0));
        }
        g.draw(flourish);
        g.dispose();

        // When ink is separated from paper
        InkMap ink = inkMap(flourished);

        // Then the flourish is ink: the box reaches its ends and its bottom
        assertThat(ink.left).isLessThan(8);
        assertThat(ink.right).isGreaterThan(392);
        assertThat(ink.bottom).isGreaterThan(160);
    }

    @Test
    void aPrintedLineWithNoSignatureIsABlankPage() {
        // An unsigned cheque: the line alone is not a signature
        BufferedImage unsigned = TestImages.blankPage(400, 200, Color.WHITE);
        draw(unsigned, 3, 0, 150, 399, 150);

        assertBlankPage(unsigned);
    }

    @Test
    void aStrokeCrossingTheLineIsNotCutWhereItCrosses() {
        // Given a vertical stroke from y 40 to 160 crossing a printed line at y 100
        BufferedImage crossed = TestImages.blankPage(400, 200, Color.WHITE);
        draw(crossed, 4, 200, 40, 200, 160);
        draw(crossed, 3, 0, 100, 399, 100);

        // When it is preprocessed
        float[] t = preprocessor.preprocess(TestImages.encode(crossed, "png"), null);

        // Then the stroke alone is left, unbroken where it crossed: every canvas row has ink
        int rowsWithInk = 0;
        for (int y = 0; y < 155; y++) {
            for (int x = 0; x < 220; x++) {
                if (t[y * 220 + x] > 0.5f) {
                    rowsWithInk++;
                    break;
                }
            }
        }
        assertThat(rowsWithInk).isEqualTo(155);
        assertThat(longestInkRow(t)).isLessThan(100);
    }

    @ParameterizedTest
    @CsvSource({"400, 0", "700, 0", "700, 1.5"})
    void aSignatureInAPrintedFrameIsCroppedAsItIsWithoutTheFrame(int pageWidth, double degrees) {
        // Given the signature, and the same signature in a form's box: four black rules, 3 pixels
        // thick, 10-20 pixels clear of the ink, on a page as wide as the box (its top and bottom
        // span 80 % of it) or much wider (46 %: no rule spans the page), square or printed 1.5
        // degrees askew
        BufferedImage page = TestImages.cleanPage(pageWidth, 200, 40, 40, 1.0);
        BufferedImage framed = TestImages.cleanPage(pageWidth, 200, 40, 40, 1.0);
        Graphics2D g = framed.createGraphics();
        g.setColor(new Color(25, 25, 25));
        g.setStroke(new BasicStroke(3));
        g.rotate(Math.toRadians(degrees), 190, 92);
        g.drawRect(30, 22, 320, 140);
        g.dispose();

        // When ink is separated from paper in both
        InkMap clean = inkMap(page);
        InkMap boxed = inkMap(framed);

        // Then the frame is paper: the ink's box is the signature's
        assertThat(new int[] {boxed.left, boxed.top, boxed.right, boxed.bottom})
                .containsExactly(clean.left, clean.top, clean.right, clean.bottom);
        float[] a = preprocessor.preprocess(TestImages.encode(page, "png"), null);
        float[] b = preprocessor.preprocess(TestImages.encode(framed, "png"), null);
        assertThat(correlation(pooled(a), pooled(b))).isGreaterThan(0.95);
    }

    @ParameterizedTest
    @ValueSource(doubles = {10, -15, 20})
    void aFrameOnAPageScannedAskewIsErasedToo(double degrees) {
        // Given the signature in grey ink (the Dutch scans') in a 360 x 200 form box printed black
        // on a page scanned 10, -15 or 20 degrees askew (the box turned about its centre, its
        // edges blended with the paper, the signature left as it is, 10-24 pixels clear)
        BufferedImage page = greyInk(TestImages.cleanPage(700, 320, 200, 110, 1.0));
        BufferedImage framed = greyInk(TestImages.cleanPage(700, 320, 200, 110, 1.0));
        Graphics2D g = framed.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new Color(25, 25, 25));
        g.setStroke(new BasicStroke(3));
        g.rotate(Math.toRadians(degrees), 350, 160);
        g.drawRect(170, 60, 360, 200);
        g.dispose();

        // When ink is separated from paper in both
        InkMap clean = inkMap(page);
        InkMap boxed = inkMap(framed);

        // Then the frame is paper: the ink's box is the signature's, but for a pixel or two a
        // steep rule leaves, and the model sees the same signature
        int[] box = {boxed.left, boxed.top, boxed.right, boxed.bottom};
        int[] expected = {clean.left, clean.top, clean.right, clean.bottom};
        for (int i = 0; i < 4; i++) {
            assertThat(box[i]).as("box side " + i).isBetween(expected[i] - 3, expected[i] + 3);
        }
        float[] a = preprocessor.preprocess(TestImages.encode(page, "png"), null);
        float[] b = preprocessor.preprocess(TestImages.encode(framed, "png"), null);
        assertThat(correlation(pooled(a), pooled(b))).isGreaterThan(0.92);
    }

    @Test
    void straightStrokesDownBothSidesWithoutATopOrBottomAreKept() {
        // Given the signature between two straight black down-strokes taller than it, as a writer
        // might bracket a name: the sides of a frame, but no top or bottom
        BufferedImage bracketed = signature();
        draw(bracketed, 3, 30, 22, 30, 162);
        draw(bracketed, 3, 350, 22, 350, 162);

        // When ink is separated from paper
        InkMap ink = inkMap(bracketed);

        // Then both strokes are ink: vertical lines alone are never taken for print
        assertThat(ink.left).isLessThanOrEqualTo(30);
        assertThat(ink.right).isGreaterThanOrEqualTo(350);
    }

    @Test
    void aPrintedFrameWithNoSignatureIsABlankPage() {
        // An unsigned form: the box alone is not a signature
        BufferedImage unsigned = TestImages.blankPage(700, 200, Color.WHITE);
        Graphics2D g = unsigned.createGraphics();
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(3));
        g.drawRect(30, 22, 320, 140);
        g.dispose();

        assertBlankPage(unsigned);
    }

    @ParameterizedTest
    @CsvSource({"12, 8", "3, 4"})
    void aSignatureOnADashedOrDottedLineIsCroppedAsItIsWithoutTheLine(int dash, int gap) {
        // Given the signature, and the same signature on a form's dashed line (dashes of 12
        // pixels, gaps of 8) or dotted one (3 and 4: a little less ink than paper), 3 pixels
        // thick, across the whole page through its lowest strokes
        BufferedImage onDashes = signature();
        Graphics2D g = onDashes.createGraphics();
        g.setColor(Color.BLACK);
        for (int x = 0; x < 400; x += dash + gap) {
            g.fillRect(x, 135, dash, 3);
        }
        g.dispose();

        // When ink is separated from paper in both
        InkMap clean = inkMap(signature());
        InkMap dashed = inkMap(onDashes);

        // Then the line is paper: the ink's box is the signature's
        assertThat(new int[] {dashed.left, dashed.top, dashed.right, dashed.bottom})
                .containsExactly(clean.left, clean.top, clean.right, clean.bottom);
        float[] a = preprocessor.preprocess(TestImages.encode(signature(), "png"), null);
        float[] b = preprocessor.preprocess(TestImages.encode(onDashes, "png"), null);
        assertThat(correlation(pooled(a), pooled(b))).isGreaterThan(0.95);
    }

    @Test
    void aStraightStrokeBrokenUnevenlyIsKept() {
        // Given the signature over a ruler-straight but broken stroke across the page: pieces of
        // 5 to 60 pixels with gaps of 3 to 40, as no printer dashes a line
        BufferedImage broken = signature();
        Random random = new Random(3);
        for (int x = 2; x < 398; ) {
            int piece = 5 + random.nextInt(56);
            draw(broken, 3, x, 170, Math.min(397, x + piece - 1), 170);
            x += piece + 3 + random.nextInt(38);
        }

        // When ink is separated from paper
        InkMap ink = inkMap(broken);

        // Then it is ink: the box reaches down to it and across the page
        assertThat(ink.bottom).isGreaterThanOrEqualTo(170);
        assertThat(ink.left).isLessThan(10);
    }

    @Test
    void aDashedLineWithNoSignatureIsABlankPage() {
        BufferedImage unsigned = TestImages.blankPage(400, 200, Color.WHITE);
        Graphics2D g = unsigned.createGraphics();
        g.setColor(Color.BLACK);
        for (int x = 0; x < 400; x += 20) {
            g.fillRect(x, 149, 12, 3);
        }
        g.dispose();

        assertBlankPage(unsigned);
    }

    private void assertBlankPage(BufferedImage unsigned) {
        assertRejected(
                () -> preprocessor.preprocess(TestImages.encode(unsigned, "png"), null),
                ErrorCode.INVALID_IMAGE);
    }

    /** The page with its black ink at luminance 110, as grey ballpoint scans. */
    private static BufferedImage greyInk(BufferedImage page) {
        for (int y = 0; y < page.getHeight(); y++) {
            for (int x = 0; x < page.getWidth(); x++) {
                int l = page.getRGB(x, y) & 0xff;
                int grey = 255 - (255 - l) * (255 - 110) / 255;
                page.setRGB(x, y, grey << 16 | grey << 8 | grey);
            }
        }
        return page;
    }

    /** A straight black line of the given width. */
    private static void draw(BufferedImage image, float width, int x1, int y1, int x2, int y2) {
        Graphics2D g = image.createGraphics();
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(width));
        g.drawLine(x1, y1, x2, y2);
        g.dispose();
    }

    private static InkMap inkMap(BufferedImage image) {
        GreyImage grey = GreyImage.of(image);
        return new InkMap(grey.pixels(), grey.width(), grey.height());
    }

    /** The most ink pixels (above half intensity) in one row of the 220 x 155 canvas. */
    private static int longestInkRow(float[] t) {
        int most = 0;
        for (int y = 0; y < 155; y++) {
            int ink = 0;
            for (int x = 0; x < 220; x++) {
                if (t[y * 220 + x] > 0.5f) {
                    ink++;
                }
            }
            most = Math.max(most, ink);
        }
        return most;
    }
}
