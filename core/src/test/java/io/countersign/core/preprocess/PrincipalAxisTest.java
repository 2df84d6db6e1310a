package io.countersign.core.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.countersign.core.TestImages;
import io.countersign.core.image.ImageLimits;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PrincipalAxisTest {

    private final SignaturePreprocessor asScanned =
            new SignaturePreprocessor(PreprocessingSpec.SIGNET, ImageLimits.DEFAULT);
    private final SignaturePreprocessor turned =
            new SignaturePreprocessor(
                    PreprocessingSpec.SIGNET.withOrientation(Orientation.PRINCIPAL_AXIS),
                    ImageLimits.DEFAULT);

    @ParameterizedTest
    @ValueSource(doubles = {-20, -10, 10, 25})
    void aBarsAxisIsItsAngleAndTurningLaysItFlat(double degrees) {
        // Given a 200 x 12 bar of ink turned by the angle (image coordinates, y down)
        PrincipalAxis.Crop bar = bar(200, 12, Math.toRadians(degrees));

        // Then its axis is found within a degree, and turned by it the bar lies flat again
        double angle = PrincipalAxis.angle(bar);
        assertThat(Math.toDegrees(angle)).isCloseTo(degrees, within(1.0));
        PrincipalAxis.Crop flat = PrincipalAxis.turn(bar, angle);
        assertThat(flat.width()).isBetween(198, 206);
        assertThat(flat.height()).isBetween(11, 18);
    }

    @Test
    void inkWithoutAClearAxisIsNotTurned() {
        // A block barely longer than it is high (its axis would swing from one sample to the
        // next); a bar standing 80 degrees from horizontal would be stood on its end
        assertThat(PrincipalAxis.angle(bar(66, 55, Math.toRadians(20)))).isZero();
        assertThat(Math.toDegrees(PrincipalAxis.angle(bar(80, 55, Math.toRadians(20)))))
                .isCloseTo(20, within(1.0));
        assertThat(PrincipalAxis.angle(bar(200, 12, Math.toRadians(80)))).isZero();
    }

    @Test
    void aSignatureScannedAskewMeetsItsStraightTwinOnlyWhenTurned() {
        // Given the same signature scanned straight and 12 degrees askew
        BufferedImage straight = TestImages.tiltedPage(500, 300, 80, 80, 0);
        BufferedImage askew = TestImages.tiltedPage(500, 300, 80, 80, 12);

        // Then as scanned the two tensors differ clearly, turned to their axes they nearly agree
        double scanned =
                SignaturePreprocessorTest.correlation(
                        SignaturePreprocessorTest.pooled(asScanned.preprocess(straight)),
                        SignaturePreprocessorTest.pooled(asScanned.preprocess(askew)));
        double axis =
                SignaturePreprocessorTest.correlation(
                        SignaturePreprocessorTest.pooled(turned.preprocess(straight)),
                        SignaturePreprocessorTest.pooled(turned.preprocess(askew)));
        assertThat(axis).isGreaterThan(0.9).isGreaterThan(scanned + 0.1);
    }

    @Test
    void bothViewsOfAReferenceTurnByTheSameAngle() {
        // Given a grey signature askew: its bitonal view has ink exactly where its grey view has
        byte[] grey =
                TestImages.encode(TestImages.scannedPage(900, 600, 300, 200, 1.5, 14, 3), "png");
        PreparedReference views = turned.prepareReference(grey, null);
        float[] scanned = views.asScanned();
        float[] bitonal = views.bitonal();
        int disagree = 0;
        int ink = 0;
        for (int i = 0; i < scanned.length; i++) {
            ink += scanned[i] > 0 ? 1 : 0;
            disagree += (scanned[i] > 0) != (bitonal[i] > 0) ? 1 : 0;
        }
        assertThat(ink).isGreaterThan(500);
        assertThat(disagree).isLessThan(ink / 50);
    }

    @Test
    void inkWithoutAClearAxisReachesTheModelAsScannedEvenWhenTurningIsAsked() {
        // A block barely longer than high: turning is asked for, the guard leaves it as it is
        BufferedImage block = TestImages.blankPage(300, 300, Color.WHITE);
        Graphics2D g = block.createGraphics();
        g.setColor(Color.BLACK);
        g.rotate(Math.toRadians(20), 150, 150);
        g.fillRect(117, 122, 66, 55);
        g.dispose();
        assertThat(turned.preprocess(block)).containsExactly(asScanned.preprocess(block));
        // while a signature askew is turned
        BufferedImage askew = TestImages.tiltedPage(500, 300, 80, 80, 12);
        assertThat(turned.preprocess(askew)).isNotEqualTo(asScanned.preprocess(askew));
    }

    /** A width x height rectangle of full ink turned by theta about its centre, on paper. */
    private static PrincipalAxis.Crop bar(int width, int height, double theta) {
        int size = (int) Math.ceil(Math.hypot(width, height)) + 4;
        BufferedImage image = TestImages.blankPage(size, size, Color.BLACK);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.rotate(theta, size / 2.0, size / 2.0);
        g.fillRect((size - width) / 2, (size - height) / 2, width, height);
        g.dispose();
        float[] pixels = new float[size * size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                pixels[y * size + x] = (image.getRGB(x, y) & 0xff) > 127 ? 1f : 0f;
            }
        }
        return new PrincipalAxis.Crop(pixels, size, size);
    }
}
