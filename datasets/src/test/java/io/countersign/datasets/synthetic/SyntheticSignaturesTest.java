package io.countersign.datasets.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import io.countersign.core.image.ImageLimits;
import io.countersign.core.preprocess.PreprocessingSpec;
import io.countersign.core.preprocess.SignaturePreprocessor;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import org.junit.jupiter.api.Test;

class SyntheticSignaturesTest {

    private static final SignaturePreprocessor PREPROCESSOR =
            new SignaturePreprocessor(PreprocessingSpec.SIGNET, ImageLimits.DEFAULT);

    @Test
    void theSameSeedDrawsTheSamePixelsAndAnotherSeedOthers() {
        byte[] a = pixels(new SyntheticSignatures(5).genuine(3, 1));
        byte[] b = pixels(new SyntheticSignatures(5).genuine(3, 1));
        byte[] c = pixels(new SyntheticSignatures(6).genuine(3, 1));

        assertThat(a).isEqualTo(b);
        assertThat(c).isNotEqualTo(a);
    }

    @Test
    void genuineSamplesAreCloserThanSkilledForgeriesWhichAreCloserThanOtherWriters() {
        // Given a few writers, their genuine samples and skilled forgeries
        SyntheticSignatures signatures = new SyntheticSignatures(17);
        double genuine = 0;
        double skilled = 0;
        double random = 0;
        int writers = 6;
        for (int w = 0; w < writers; w++) {
            float[] reference = shape(signatures.genuine(w, 0));
            genuine += similarity(reference, shape(signatures.genuine(w, 1)));
            skilled += similarity(reference, shape(signatures.skilledForgery(w, 0)));
            random += similarity(reference, shape(signatures.genuine((w + 1) % writers, 1)));
        }

        // Then, on average, a forger imitates the writer better than another writer does,
        // but less well than the writer himself
        assertThat(genuine / writers).isGreaterThan(skilled / writers);
        assertThat(skilled / writers).isGreaterThan(random / writers);
    }

    @Test
    void samplesComeInVariedSizesOnPaper() {
        SyntheticSignatures signatures = new SyntheticSignatures(1);
        BufferedImage first = signatures.genuine(0, 0);
        BufferedImage other = signatures.genuine(1, 0);

        assertThat(first.getWidth()).isBetween(150, 1000);
        assertThat(first.getWidth()).isNotEqualTo(other.getWidth());
        assertThat(first.getRGB(0, 0) & 0xff).isGreaterThan(150); // paper, not ink, in a corner
    }

    private static byte[] pixels(BufferedImage image) {
        return ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
    }

    /** The preprocessed signature pooled to 8 x 8 cells: its shape, not its stroke pixels. */
    private static float[] shape(BufferedImage image) {
        float[] t = PREPROCESSOR.preprocess(image);
        float[] pooled = new float[20 * 28];
        for (int y = 0; y < 155; y++) {
            for (int x = 0; x < 220; x++) {
                pooled[(y / 8) * 28 + x / 8] += t[y * 220 + x];
            }
        }
        return pooled;
    }

    private static double similarity(float[] a, float[] b) {
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < a.length; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= a.length;
        mb /= b.length;
        double num = 0;
        double da = 0;
        double db = 0;
        for (int i = 0; i < a.length; i++) {
            num += (a[i] - ma) * (b[i] - mb);
            da += (a[i] - ma) * (a[i] - ma);
            db += (b[i] - mb) * (b[i] - mb);
        }
        return num / Math.sqrt(da * db);
    }
}
