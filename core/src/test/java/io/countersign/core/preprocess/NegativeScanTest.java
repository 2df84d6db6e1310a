package io.countersign.core.preprocess;

import static org.assertj.core.api.Assertions.assertThat;

import io.countersign.core.TestImages;
import io.countersign.core.image.GreyImage;
import io.countersign.core.image.ImageLimits;
import io.countersign.schemas.ErrorCode;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class NegativeScanTest {

    private final SignaturePreprocessor preprocessor =
            new SignaturePreprocessor(PreprocessingSpec.SIGNET, ImageLimits.DEFAULT);

    @Test
    void aNegativeIsReadAsItsPositive() {
        // Given a grey scan and its negative (light strokes on dark paper), and the negative of
        // a clean black-on-white page as an inverted corpus stores it (ink 255, paper 0)
        BufferedImage scan =
                SignaturePreprocessorTest.luminance(
                        TestImages.scannedPage(900, 450, 300, 150, 1.5, 2.0, 5));
        BufferedImage clean =
                SignaturePreprocessorTest.luminance(TestImages.cleanPage(400, 200, 40, 40, 1.0));

        for (BufferedImage page : new BufferedImage[] {scan, clean}) {
            // When both are preprocessed, as files and as decoded images
            float[] positive = preprocessor.preprocess(TestImages.encode(page, "png"), null);
            float[] negative =
                    preprocessor.preprocess(TestImages.encode(inverted(page), "png"), null);

            // Then the negative reads exactly as the positive does, by either entry point
            assertThat(negative).containsExactly(positive);
            assertThat(preprocessor.preprocess(GreyImage.of(inverted(page))))
                    .containsExactly(preprocessor.preprocess(GreyImage.of(page)));
            assertThat(
                            preprocessor
                                    .prepareReference(
                                            TestImages.encode(inverted(page), "png"), null)
                                    .bitonal())
                    .containsExactly(
                            preprocessor
                                    .prepareReference(TestImages.encode(page, "png"), null)
                                    .bitonal());
        }
    }

    @Test
    void darkPositivesAreNotTakenForNegatives() {
        // Given a page scanned on a black scanner bed, an underexposed scan (paper at 90, ink
        // darker still), and a tight crop whose ink is most of it
        BufferedImage page =
                SignaturePreprocessorTest.luminance(
                        TestImages.scannedPage(900, 450, 300, 150, 1.5, 2.0, 5));
        BufferedImage onBlackBed = new BufferedImage(1100, 650, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = onBlackBed.createGraphics();
        g.setColor(Color.BLACK);
        g.fillRect(0, 0, 1100, 650);
        g.drawImage(page, 100, 100, null);
        g.dispose();
        BufferedImage underexposed = scaled(page, 0.35);
        BufferedImage mostlyInk = new BufferedImage(60, 40, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D ink = mostlyInk.createGraphics();
        ink.setColor(Color.WHITE);
        ink.fillRect(0, 0, 60, 40);
        ink.setColor(Color.BLACK);
        ink.fillRect(3, 3, 54, 34);
        ink.dispose();

        // Then none is a negative, while the page's own negative is
        for (BufferedImage positive :
                new BufferedImage[] {page, onBlackBed, underexposed, mostlyInk}) {
            assertThat(NegativeScan.isNegative(GreyImage.of(positive))).isFalse();
        }
        assertThat(NegativeScan.isNegative(GreyImage.of(inverted(page)))).isTrue();
    }

    @Test
    void aBlankDarkPageIsStillABlankPage() {
        // A black page, and dark grey paper with its grain: no light marks, nothing to invert
        byte[] black = TestImages.encode(TestImages.blankPage(600, 300, Color.BLACK), "png");
        byte[] darkGrain =
                TestImages.encode(TestImages.blankPage(600, 300, new Color(40, 40, 45)), "jpg");

        SignaturePreprocessorTest.assertRejected(
                () -> preprocessor.preprocess(black, null), ErrorCode.INVALID_IMAGE);
        SignaturePreprocessorTest.assertRejected(
                () -> preprocessor.preprocess(darkGrain, null), ErrorCode.INVALID_IMAGE);
    }

    private static BufferedImage inverted(BufferedImage grey) {
        return mapped(grey, v -> 255 - v);
    }

    private static BufferedImage scaled(BufferedImage grey, double factor) {
        return mapped(grey, v -> (int) Math.round(v * factor));
    }

    private static BufferedImage mapped(
            BufferedImage grey, java.util.function.IntUnaryOperator level) {
        BufferedImage out =
                new BufferedImage(grey.getWidth(), grey.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < grey.getHeight(); y++) {
            for (int x = 0; x < grey.getWidth(); x++) {
                out.getRaster()
                        .setSample(x, y, 0, level.applyAsInt(grey.getRaster().getSample(x, y, 0)));
            }
        }
        return out;
    }
}
