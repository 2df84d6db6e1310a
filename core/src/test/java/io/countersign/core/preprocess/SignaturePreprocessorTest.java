package io.countersign.core.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.countersign.core.TestImages;
import io.countersign.core.image.GreyImage;
import io.countersign.core.image.ImageLimits;
import io.countersign.core.image.ImageRejectedException;
import io.countersign.core.image.ImageTone;
import io.countersign.core.image.Region;
import io.countersign.schemas.ErrorCode;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.ConvolveOp;
import java.awt.image.Kernel;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SignaturePreprocessorTest {

    private final SignaturePreprocessor preprocessor =
            new SignaturePreprocessor(PreprocessingSpec.SIGNET, ImageLimits.DEFAULT);

    @Test
    void sameSignatureOnCleanAndOnScannedPageGivesNearlyTheSameTensor() {
        // Given the same signature on a white page and on a larger grey, noisy, rotated scan
        byte[] clean = TestImages.encode(TestImages.cleanPage(400, 200, 40, 40, 1.0), "png");
        byte[] scanned =
                TestImages.encode(TestImages.scannedPage(1200, 700, 500, 300, 2.0, 2.0, 7), "jpg");

        // When both are preprocessed
        float[] a = preprocessor.preprocess(clean, null);
        float[] b = preprocessor.preprocess(scanned, null);

        // Then, at the scale of a stroke's width (the rotation moves thin strokes by a pixel or
        // two), the tensors correlate strongly, while an unrelated shape does not
        assertThat(correlation(pooled(a), pooled(b))).isGreaterThan(0.7);
        float[] other = preprocessor.preprocess(TestImages.encode(boxes(), "png"), null);
        assertThat(correlation(pooled(a), pooled(other))).isLessThan(0.4);
    }

    @Test
    void inkIsBrightPaperIsZeroAndTheInkIsCentred() {
        float[] t = preprocessor.preprocess(TestImages.cleanPage(400, 200, 40, 40, 1.0));

        assertThat(t).hasSize(155 * 220);
        float max = 0;
        for (float v : t) {
            max = Math.max(max, v);
        }
        assertThat(max).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-5f));
        assertThat(t[0]).isZero();
        assertThat(t[t.length - 1]).isZero();
    }

    @Test
    void keepsTheAspectRatioOfTheInk() {
        // Given a wide bar and a tall bar
        float[] wide = preprocessor.preprocess(bar(300, 30));
        float[] tall = preprocessor.preprocess(bar(30, 300));

        // Then the wide one spans the canvas width at about a tenth of its height, and vice versa
        int[] wideBox = inkBox(wide);
        int[] tallBox = inkBox(tall);
        assertThat(wideBox[2]).isBetween(215, 220);
        assertThat(wideBox[3]).isBetween(18, 26);
        assertThat(tallBox[3]).isBetween(150, 155);
        assertThat(tallBox[2]).isBetween(12, 19);
    }

    @Test
    void normalisesAsTheSpecSays() {
        var spec = new PreprocessingSpec(155, 220, 0.5f, 0.25f);
        float[] t =
                new SignaturePreprocessor(spec, ImageLimits.DEFAULT)
                        .preprocess(TestImages.cleanPage(400, 200, 40, 40, 1.0));

        assertThat(t[0]).isEqualTo(-2f);
    }

    @Test
    void cropsToTheRegionFirst() {
        // Given a page with the signature at the left and a box scribble at the right
        BufferedImage page = TestImages.cleanPage(900, 300, 20, 100, 1.0);
        Graphics2D g = page.createGraphics();
        g.setColor(Color.BLACK);
        g.fillRect(600, 50, 250, 200);
        g.dispose();
        byte[] bytes = TestImages.encode(page, "png");

        // When only the signature's region is preprocessed
        float[] region = preprocessor.preprocess(bytes, new Region(0, 80, 350, 160));
        float[] alone = preprocessor.preprocess(TestImages.cleanPage(400, 200, 40, 40, 1.0));

        // Then it is the signature alone
        assertThat(correlation(region, alone)).isGreaterThan(0.9);
    }

    @ParameterizedTest
    @ValueSource(strings = {"png", "jpg", "bmp", "gif", "tiff"})
    void decodesEveryFormat(String format) {
        byte[] bytes = TestImages.encode(TestImages.cleanPage(400, 200, 40, 40, 1.0), format);

        float[] t = preprocessor.preprocess(bytes, null);

        assertThat(
                        correlation(
                                t,
                                preprocessor.preprocess(
                                        TestImages.cleanPage(400, 200, 40, 40, 1.0))))
                .isGreaterThan(0.9);
    }

    @ParameterizedTest
    @ValueSource(strings = {"CCITT T.6", "CCITT T.4", "CCITT RLE", "PackBits"})
    void readsBitonalTiffAsChequeImageExchangeStoresIt(String compression) throws Exception {
        // Given a bitonal page as a TIFF compressed as cheque image archives compress them
        // (Group 4, CCITT T.6, in image exchange)
        BufferedImage page = TestImages.cleanPage(400, 200, 40, 40, 1.0);
        BufferedImage bitonal = new BufferedImage(400, 200, BufferedImage.TYPE_BYTE_BINARY);
        bitonal.createGraphics().drawImage(page, 0, 0, null);
        ImageWriter writer = ImageIO.getImageWritersByFormatName("tiff").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionType(compression);
        ByteArrayOutputStream tiff = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(tiff)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(bitonal, null, null), param);
        }

        // When it is prepared as a request
        PreparedImage prepared = preprocessor.prepare(tiff.toByteArray(), null);

        // Then it is read as the bitonal image it is, and as the same signature
        assertThat(prepared.tone()).isEqualTo(ImageTone.BITONAL);
        assertThat(correlation(prepared.tensor(), preprocessor.preprocess(bitonal)))
                .isGreaterThan(0.99);
    }

    @Test
    void blankPagesAreRefused() {
        byte[] white = TestImages.encode(TestImages.blankPage(600, 300, Color.WHITE), "png");
        byte[] noisy =
                TestImages.encode(TestImages.blankPage(600, 300, new Color(200, 195, 180)), "jpg");

        assertRejected(() -> preprocessor.preprocess(white, null), ErrorCode.INVALID_IMAGE);
        assertRejected(() -> preprocessor.preprocess(noisy, null), ErrorCode.INVALID_IMAGE);
    }

    @Test
    void faintPencilAndBallpointSignaturesAreFound() {
        // Given light-grey pencil on white paper and a faint ballpoint on cream paper, with grain
        BufferedImage pencil =
                TestImages.inkPage(
                        400, 200, new Color(246, 246, 246), new Color(205, 205, 205), 2, 1);
        BufferedImage ballpoint =
                TestImages.inkPage(
                        400, 200, new Color(240, 235, 220), new Color(185, 185, 215), 3, 2);
        float[] reference =
                preprocessor.preprocess(
                        TestImages.inkPage(400, 200, Color.WHITE, Color.BLACK, 0, 3));

        // When / Then: both are ink, and look like the same signature in black
        for (BufferedImage faint : List.of(pencil, ballpoint)) {
            float[] t = preprocessor.preprocess(TestImages.encode(faint, "png"), null);
            assertThat(correlation(t, reference)).isGreaterThan(0.8);
        }
    }

    @Test
    void aGreyJpegOfAChequesDarkTintIsRead() {
        // Given dark ink under the tint's waves 80 levels deep, as a grey JPEG: its blocks break
        // the waves into specks as dark as the ink (read pixel by pixel, the specks with it: 0.44)
        for (int grey : new int[] {30, 70}) {
            assertReadAsJpeg(grey, page -> tinted(page, 80));
        }
    }

    /**
     * Strokes of {@code grey} on white under {@code printed}, sent as JPEG, preprocess to the
     * signature: pooled, they correlate above 0.9 with the clean page's.
     */
    private void assertReadAsJpeg(int grey, UnaryOperator<BufferedImage> printed) {
        BufferedImage clean =
                TestImages.inkPage(400, 200, Color.WHITE, new Color(grey, grey, grey), 0, 3);

        float[] read =
                preprocessor.preprocess(TestImages.encode(printed.apply(clean), "jpg"), null);

        float[] reference = preprocessor.preprocess(TestImages.encode(clean, "png"), null);
        assertThat(correlation(pooled(read), pooled(reference)))
                .as("ink %d", grey)
                .isGreaterThan(0.9);
    }

    @Test
    void aSignatureOnAChequesDarkSecurityTintIsFound() {
        // Given grey ballpoint (luminance 110) on white, and the same page printed over with a
        // cheque's wave pattern 80 levels deep: Otsu's first split falls inside the pattern
        BufferedImage clean =
                TestImages.inkPage(400, 200, Color.WHITE, new Color(110, 110, 110), 0, 3);
        BufferedImage tinted = tinted(clean, 80);

        // When both are preprocessed
        float[] a = preprocessor.preprocess(TestImages.encode(clean, "png"), null);
        float[] b = preprocessor.preprocess(TestImages.encode(tinted, "png"), null);

        // Then the tinted one is the same signature, not a blank page
        assertThat(correlation(pooled(a), pooled(b))).isGreaterThan(0.9);
    }

    @Test
    void aColourChequeIsReadInTheColourThatSeparatesTheInkFromItsTint() {
        // Given grey ballpoint on white, and the same signature as blue ink on a cheque printed
        // with a pale green wave pattern 80 luminance levels deep, scanned in colour
        BufferedImage clean =
                TestImages.inkPage(400, 200, Color.WHITE, new Color(110, 110, 110), 0, 3);
        BufferedImage cheque = blueInkOnGreenTint(clean, 80);
        float[] reference = preprocessor.preprocess(TestImages.encode(clean, "png"), null);

        // When the colour scan is preprocessed, and its luminance alone (a grey scan of it)
        float[] colour = preprocessor.preprocess(TestImages.encode(cheque, "png"), null);
        float[] grey = preprocessor.preprocess(TestImages.encode(luminance(cheque), "png"), null);

        // Then the colour reading is the clean signature, nearer to it than luminance reads it
        // (which, the page's luminance being the grey scan's, is what a reading by luminance alone
        // makes of the colour scan too)
        double inColour = correlation(colour, reference);
        double inLuminance = correlation(grey, reference);
        assertThat(inColour).isGreaterThan(0.98).isGreaterThan(inLuminance);
        // And request and reference read the page alike
        assertThat(preprocessor.prepare(TestImages.encode(cheque, "png"), null).tensor())
                .containsExactly(colour);
        assertThat(
                        preprocessor
                                .prepareReference(TestImages.encode(cheque, "png"), null)
                                .asScanned())
                .containsExactly(colour);
    }

    @Test
    void faintBlueInkThatLuminanceLosesInAColourTintIsReadInColour() {
        // Given light-grey strokes (luminance 170) as blue ink under the green print 80 levels
        // deep: in luminance the strokes are no darker than the print
        BufferedImage clean =
                TestImages.inkPage(400, 200, Color.WHITE, new Color(170, 170, 170), 0, 3);
        BufferedImage cheque = blueInkOnGreenTint(clean, 80);
        assertRejected(
                () -> preprocessor.preprocess(TestImages.encode(luminance(cheque), "png"), null),
                ErrorCode.INVALID_IMAGE);

        // When the colour scan is preprocessed
        float[] colour = preprocessor.preprocess(TestImages.encode(cheque, "png"), null);

        // Then it is the signature
        float[] reference = preprocessor.preprocess(TestImages.encode(clean, "png"), null);
        assertThat(correlation(pooled(colour), pooled(reference))).isGreaterThan(0.9);
    }

    @Test
    void aColourJpegOfAChequeIsReadThoughItsColourIsCoarser() {
        // Given blue ink on the green print 80 levels deep, as a colour JPEG: its colour kept at
        // one sample per 2 by 2 pixels, so pixel by pixel the print is no one colour (read pixel
        // by pixel, the print's waves with the ink: 0.31)
        for (int grey : new int[] {90, 110}) {
            assertReadAsJpeg(grey, page -> blueInkOnGreenTint(page, 80));
        }
    }

    @Test
    void aBlankColourChequeIsStillABlankPageInEveryColour() {
        for (int depth : new int[] {40, 80, 120}) {
            for (String format : new String[] {"png", "jpg"}) {
                byte[] unsigned =
                        TestImages.encode(
                                blueInkOnGreenTint(
                                        TestImages.blankPage(400, 200, Color.WHITE), depth),
                                format);
                assertRejected(
                        () -> preprocessor.preprocess(unsigned, null), ErrorCode.INVALID_IMAGE);
            }
        }
    }

    /**
     * The page as blue ballpoint (absorbing most red and green light) on paper printed with the
     * tint's waves in pale green (absorbing red and blue), {@code depth} luminance levels deep: the
     * trainer's {@code cheque} scan channel.
     */
    private static BufferedImage blueInkOnGreenTint(BufferedImage page, int depth) {
        double[] ink = {0.85, 0.75, 0.35};
        double[] print = {1.0, 0.35, 0.8};
        double perLuminance = depth / (0.30 * print[0] + 0.59 * print[1] + 0.11 * print[2]);
        BufferedImage out =
                new BufferedImage(page.getWidth(), page.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < page.getHeight(); y++) {
            for (int x = 0; x < page.getWidth(); x++) {
                double coverage = 1 - (page.getRGB(x, y) & 0xff) / 255.0;
                double phase = x / 6.0 + 1.5 * Math.sin(2 * Math.PI * y / 42.0);
                double wave = 0.5 + 0.5 * Math.sin(2 * Math.PI * phase);
                int rgb = 0;
                for (int c = 0; c < 3; c++) {
                    double printed = 1 - perLuminance * print[c] * wave * wave / 255;
                    rgb = rgb << 8 | (int) Math.round(255 * (1 - ink[c] * coverage) * printed);
                }
                out.setRGB(x, y, rgb);
            }
        }
        return out;
    }

    /** The page as an 8-bit grey image of its luminance, as core reads it. */
    static BufferedImage luminance(BufferedImage page) {
        BufferedImage out =
                new BufferedImage(page.getWidth(), page.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        GreyImage grey = GreyImage.of(page);
        out.getRaster().setDataElements(0, 0, page.getWidth(), page.getHeight(), grey.pixels());
        return out;
    }

    @Test
    void aSoftGreyStrokeOnATintAsDarkAsItsEdgesIsFoundWithoutThePrint() {
        // Given soft ballpoint strokes (grey 60 and 120, blurred as a scanner blurs them, so their
        // edges fade through every grey), clean and under 40, 60 and 80 levels of tint
        for (BufferedImage clean :
                List.of(
                        blurred(
                                TestImages.inkPage(
                                        400, 200, Color.WHITE, new Color(60, 60, 60), 2, 3),
                                2),
                        blurred(
                                TestImages.inkPage(
                                        400, 200, Color.WHITE, new Color(120, 120, 120), 2, 3),
                                1))) {
            float[] a = preprocessor.preprocess(TestImages.encode(clean, "png"), null);
            for (int depth : new int[] {40, 60, 80}) {
                // When the tinted page is preprocessed
                float[] b =
                        preprocessor.preprocess(
                                TestImages.encode(tinted(clean, depth), "png"), null);

                // Then it is the same signature, and the print is not taken for ink
                assertThat(correlation(pooled(a), pooled(b)))
                        .as("depth %d", depth)
                        .isGreaterThan(0.9);
                assertThat(inkShare(b))
                        .as("depth %d", depth)
                        .isBetween(0.8 * inkShare(a), 1.25 * inkShare(a));
            }
        }
    }

    @Test
    void aSmallTightlyCroppedGreySignatureIsNotTakenForABackground() {
        // Given the grey ballpoint cropped to its ink and scanned at half the resolution, so that
        // its strokes cross nearly every 24-pixel block of the page
        BufferedImage page =
                TestImages.inkPage(400, 200, Color.WHITE, new Color(150, 150, 150), 2, 3);
        BufferedImage small = halved(cropToInk(page));

        // When it is preprocessed
        float[] tensor = preprocessor.preprocess(TestImages.encode(small, "png"), null);

        // Then it is the signature, not a blank page
        float[] full = preprocessor.preprocess(TestImages.encode(page, "png"), null);
        assertThat(correlation(pooled(tensor), pooled(full))).isGreaterThan(0.8);
    }

    /** The page cut to the box of its pixels darker than 200 (the ink and its edges). */
    private static BufferedImage cropToInk(BufferedImage page) {
        int left = page.getWidth();
        int top = page.getHeight();
        int right = -1;
        int bottom = -1;
        for (int y = 0; y < page.getHeight(); y++) {
            for (int x = 0; x < page.getWidth(); x++) {
                if ((page.getRGB(x, y) & 0xff) < 200) {
                    left = Math.min(left, x);
                    right = Math.max(right, x);
                    top = Math.min(top, y);
                    bottom = Math.max(bottom, y);
                }
            }
        }
        return page.getSubimage(left, top, right - left + 1, bottom - top + 1);
    }

    /** The page at half its width and height, each pixel the mean of the four it replaces. */
    private static BufferedImage halved(BufferedImage page) {
        int w = page.getWidth() / 2;
        int h = page.getHeight() / 2;
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int sum = 0;
                for (int dy = 0; dy < 2; dy++) {
                    for (int dx = 0; dx < 2; dx++) {
                        sum += page.getRGB(2 * x + dx, 2 * y + dy) & 0xff;
                    }
                }
                int grey = sum / 4;
                out.setRGB(x, y, grey << 16 | grey << 8 | grey);
            }
        }
        return out;
    }

    /** The page with each pixel the mean of the square {@code radius} around it. */
    private static BufferedImage blurred(BufferedImage page, int radius) {
        int side = 2 * radius + 1;
        float[] kernel = new float[side * side];
        Arrays.fill(kernel, 1f / kernel.length);
        return new ConvolveOp(new Kernel(side, side, kernel), ConvolveOp.EDGE_NO_OP, null)
                .filter(page, null);
    }

    /** The share of the canvas that is ink (brighter than the paper's value). */
    private static double inkShare(float[] tensor) {
        float paper = tensor[0];
        long ink = 0;
        for (float v : tensor) {
            ink += v > paper + 1e-3f ? 1 : 0;
        }
        return (double) ink / tensor.length;
    }

    @Test
    void aBlankChequeWithASecurityTintIsStillABlankPage() {
        for (int depth : new int[] {20, 40, 80, 120}) {
            for (String format : new String[] {"png", "jpg"}) {
                byte[] unsigned =
                        TestImages.encode(
                                tinted(TestImages.blankPage(400, 200, Color.WHITE), depth), format);
                assertRejected(
                        () -> preprocessor.preprocess(unsigned, null), ErrorCode.INVALID_IMAGE);
            }
        }
    }

    /**
     * The page's luminance under a cheque's security tint: fine waves (period 6 pixels, swaying
     * along the rows) up to {@code depth} levels darker, multiplied into paper and ink alike, as
     * the trainer's {@code tint} scan channel prints it.
     */
    private static BufferedImage tinted(BufferedImage page, int depth) {
        BufferedImage out =
                new BufferedImage(page.getWidth(), page.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < page.getHeight(); y++) {
            for (int x = 0; x < page.getWidth(); x++) {
                int rgb = page.getRGB(x, y);
                int grey = ((rgb >> 16 & 0xff) + (rgb >> 8 & 0xff) + (rgb & 0xff)) / 3;
                double phase = x / 6.0 + 1.5 * Math.sin(2 * Math.PI * y / 42.0);
                double wave = 0.5 + 0.5 * Math.sin(2 * Math.PI * phase);
                out.getRaster()
                        .setSample(
                                x,
                                y,
                                0,
                                (int) Math.round(grey * (255 - depth * wave * wave) / 255));
            }
        }
        return out;
    }

    @Test
    void pagesOfPaperGrainAloneAreRefusedWhateverTheGrain() {
        for (int noise : new int[] {2, 6, 15, 40}) {
            byte[] grain =
                    TestImages.encode(
                            TestImages.noisePage(400, 200, new Color(220, 215, 200), noise, noise),
                            "png");
            assertRejected(() -> preprocessor.preprocess(grain, null), ErrorCode.INVALID_IMAGE);
        }
    }

    @Test
    void theBitonalViewOfAGreyReferenceDrawsEveryInkPixelAtFullIntensity() {
        // Given a grey page with a dark stroke (luminance 30) and a light one (150), and a
        // preprocessor that leaves intensities unnormalised
        SignaturePreprocessor raw =
                new SignaturePreprocessor(
                        new PreprocessingSpec(155, 220, 0f, 1f), ImageLimits.DEFAULT);
        BufferedImage page = new BufferedImage(400, 200, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = page.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 400, 200);
        g.setColor(new Color(30, 30, 30));
        g.fillRect(40, 60, 140, 40);
        g.setColor(new Color(150, 150, 150));
        g.fillRect(220, 100, 140, 40);
        g.dispose();

        // When it is prepared as a reference
        PreparedReference views = raw.prepareReference(TestImages.encode(page, "png"), null);

        // Then as scanned the light stroke keeps its lighter tone, in the bitonal view it is ink
        // at full intensity like the dark one; the two views differ only in tone, not in shape
        assertThat(views.bitonalItself()).isFalse();
        assertThat(views.asScanned()).containsExactly(raw.preprocess(GreyImage.of(page)));
        assertThat(countBetween(views.asScanned(), 0.35f, 0.65f)).isGreaterThan(1500);
        assertThat(countBetween(views.bitonal(), 0.35f, 0.65f)).isLessThan(400);
        assertThat(countBetween(views.bitonal(), 0.99f, 1.01f))
                .isGreaterThan(2 * countBetween(views.asScanned(), 0.99f, 1.01f) - 400);
        assertThat(correlation(views.asScanned(), views.bitonal())).isGreaterThan(0.8);
    }

    @Test
    void aBitonalImageIsItsOwnBitonalViewAndItsToneIsKnown() {
        // Given a 1-bit scan of a signature
        BufferedImage page = TestImages.cleanPage(400, 200, 40, 40, 1.0);
        BufferedImage binary = new BufferedImage(400, 200, BufferedImage.TYPE_BYTE_BINARY);
        binary.getGraphics().drawImage(page, 0, 0, null);
        byte[] bytes = TestImages.encode(binary, "png");

        // When it is prepared as a reference and as a questioned image
        PreparedReference reference = preprocessor.prepareReference(bytes, null);
        PreparedImage questioned = preprocessor.prepare(bytes, null);

        // Then one tensor serves both views, the same as the questioned image's, which is bitonal
        assertThat(reference.bitonalItself()).isTrue();
        assertThat(reference.bitonal()).isSameAs(reference.asScanned());
        assertThat(questioned.tensor()).containsExactly(reference.asScanned());
        assertThat(questioned.tone()).isEqualTo(ImageTone.BITONAL);
        assertThat(preprocessor.prepare(TestImages.encode(page, "png"), null).tone())
                .isEqualTo(ImageTone.GREY);
    }

    @Test
    void aPenViewIsTheSameSignatureWithBroaderBrighterStrokesInBothTones() {
        // Given a grey scan of a signature
        byte[] bytes =
                TestImages.encode(TestImages.scannedPage(500, 260, 60, 50, 1.0, 1.5, 7), "png");

        // When it is prepared as a reference with and without a pen view 1 pixel broader
        PreparedReference plain = preprocessor.prepareReference(bytes, null);
        PreparedReference withPen = preprocessor.prepareReference(bytes, null, 1);

        // Then the views as written are the plain ones, and the pen view's strokes are brighter on
        // the canvas in both tones, where the network sees a broader pen
        assertThat(plain.broaderPen()).isNull();
        assertThat(withPen.asScanned()).containsExactly(plain.asScanned());
        assertThat(withPen.bitonal()).containsExactly(plain.bitonal());
        PreparedReference broader = withPen.broaderPen();
        assertThat(broader).isNotNull();
        assertThat(broader.broaderPen()).isNull();
        assertThat(broader.bitonalItself()).isFalse();
        assertThat(InkLevel.of(broader.asScanned()))
                .isGreaterThan(InkLevel.of(plain.asScanned()) + 0.05);
        assertThat(InkLevel.of(broader.bitonal()))
                .isGreaterThan(InkLevel.of(plain.bitonal()) + 0.05);
    }

    private static int countBetween(float[] tensor, float low, float high) {
        int count = 0;
        for (float v : tensor) {
            if (v >= low && v <= high) {
                count++;
            }
        }
        return count;
    }

    @Test
    void isThreadSafe() throws Exception {
        byte[] bytes = TestImages.encode(TestImages.cleanPage(400, 200, 40, 40, 1.0), "png");
        float[] expected = preprocessor.preprocess(bytes, null);

        var results =
                java.util.stream.IntStream.range(0, 16)
                        .parallel()
                        .mapToObj(i -> preprocessor.preprocess(bytes, null))
                        .toList();

        assertThat(results).allSatisfy(r -> assertThat(r).containsExactly(expected));
    }

    static void assertRejected(Runnable action, ErrorCode code) {
        assertThatThrownBy(action::run)
                .isInstanceOfSatisfying(
                        ImageRejectedException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    private static BufferedImage bar(int width, int height) {
        BufferedImage image = TestImages.blankPage(width + 100, height + 100, Color.WHITE);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.BLACK);
        g.fillRect(50, 50, width, height);
        g.dispose();
        return image;
    }

    private static BufferedImage boxes() {
        BufferedImage image = TestImages.blankPage(400, 200, Color.WHITE);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.BLACK);
        g.fillRect(20, 20, 60, 160);
        g.fillRect(300, 20, 80, 60);
        g.dispose();
        return image;
    }

    /** x, y, width, height of the non-zero pixels. */
    private static int[] inkBox(float[] t) {
        int left = 220, right = -1, top = 155, bottom = -1;
        for (int y = 0; y < 155; y++) {
            for (int x = 0; x < 220; x++) {
                if (t[y * 220 + x] > 0.5f) {
                    left = Math.min(left, x);
                    right = Math.max(right, x);
                    top = Math.min(top, y);
                    bottom = Math.max(bottom, y);
                }
            }
        }
        return new int[] {left, top, right - left + 1, bottom - top + 1};
    }

    /** 11 x 11 average pooling: compares shapes, not single pixels of thin strokes. */
    static float[] pooled(float[] t) {
        float[] out = new float[15 * 20];
        for (int y = 0; y < 155; y++) {
            for (int x = 0; x < 220; x++) {
                out[(y / 11) * 20 + x / 11] += t[y * 220 + x];
            }
        }
        return out;
    }

    static double correlation(float[] a, float[] b) {
        double ma = mean(a);
        double mb = mean(b);
        double num = 0, da = 0, db = 0;
        for (int i = 0; i < a.length; i++) {
            num += (a[i] - ma) * (b[i] - mb);
            da += (a[i] - ma) * (a[i] - ma);
            db += (b[i] - mb) * (b[i] - mb);
        }
        return num / Math.sqrt(da * db);
    }

    private static double mean(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x;
        }
        return s / v.length;
    }
}
