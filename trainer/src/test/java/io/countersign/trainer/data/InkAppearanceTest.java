package io.countersign.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InkAppearanceTest {

    private static final int H = GreyStroke.H;
    private static final int W = GreyStroke.W;
    private static final float PAPER = 0f;

    private static float[] greyStroke() {
        return GreyStroke.canvas();
    }

    private static boolean binary(float[] canvas) {
        for (float v : canvas) {
            if (v != PAPER && v != PAPER + 1) {
                return false;
            }
        }
        return true;
    }

    @Test
    void showsTheSameStrokeInTheTonesOfOtherScanners() {
        // Given a grey stroke and the appearance changes
        InkAppearance appearance = new InkAppearance(H, W, 1f);
        Random random = new Random(3);
        int binarised = 0;
        int lighter = 0;
        int darker = 0;

        // When it is changed 400 times
        for (int i = 0; i < 400; i++) {
            float[] canvas = greyStroke();
            appearance.apply(canvas, PAPER, random);

            // Then every value stays between paper and full ink, and the stroke's middle row
            // is still ink (specks aside, nothing appears far from it)
            for (float v : canvas) {
                assertThat(v).isBetween(PAPER, PAPER + 1f);
            }
            assertThat(canvas[20 * W + 30]).isGreaterThan(0.3f);
            float middle = canvas[20 * W + 30];
            if (binary(canvas)) {
                binarised++;
            } else if (middle < 0.65f) {
                lighter++;
            } else if (middle > 0.75f) {
                darker++;
            }
        }

        // and it came out binary (as BHSig260 is scanned), lighter and darker, each often
        assertThat(binarised).isBetween(40, 160);
        assertThat(lighter).isGreaterThan(40);
        assertThat(darker).isGreaterThan(40);
    }

    @Test
    void worksInTheUnitsOfANormalisedCanvas() {
        // Given the grey stroke normalised as the trainer caches images: (x - mean) / std, so
        // paper is -0.25 and full ink 5.75 (mean 0.04, std 0.16)
        float mean = 0.04f;
        float std = 0.16f;
        float[] raw = greyStroke();
        InkAppearance appearance = new InkAppearance(H, W, 1 / std);
        Random random = new Random(3);
        float paper = -mean / std;
        float fullInk = (1 - mean) / std;

        for (int i = 0; i < 200; i++) {
            float[] canvas = raw.clone();
            for (int p = 0; p < canvas.length; p++) {
                canvas[p] = (canvas[p] - mean) / std;
            }

            // When it is changed
            appearance.apply(canvas, paper, random);

            // Then paper stays paper (but for at most 40 specks), and binarised ink is full ink,
            // not paper + 1
            int offPaper = 0;
            for (int p = 0; p < 15 * W; p++) {
                offPaper += Math.abs(canvas[p] - paper) > 1e-4f ? 1 : 0;
            }
            assertThat(offPaper).isLessThanOrEqualTo(40);
            for (float v : canvas) {
                assertThat(v).isBetween(paper - 1e-4f, fullInk + 1e-4f);
            }
            float middle = canvas[20 * W + 30];
            assertThat(middle).isGreaterThan(paper + 0.3f / std);
            boolean binarised = true;
            for (float v : canvas) {
                binarised &= Math.abs(v - paper) < 1e-4f || Math.abs(v - fullInk) < 1e-4f;
            }
            if (binarised) {
                assertThat(middle).isCloseTo(fullInk, within(1e-4f));
            }
        }
    }

    @Test
    void artefactsAloneNeverBinariseOrReToneTheInk() {
        // Given a grey stroke and the changes without tone
        InkAppearance artefacts = new InkAppearance(H, W, 1f, false);
        Random random = new Random(3);
        int changed = 0;

        for (int i = 0; i < 200; i++) {
            float[] canvas = greyStroke();
            artefacts.apply(canvas, PAPER, random);

            // Then the stroke is never binary; along its middle row (a speck aside) its grey
            // level is the input's 0.7, or full ink where it was blurred and stretched back
            assertThat(binary(canvas)).isFalse();
            float median = GreyStroke.middleTone(canvas, 0);
            if (Math.abs(median - 0.7f) > 1e-6f) {
                changed++;
                assertThat(median).isCloseTo(1f, within(1e-5f));
            }
        }
        // and about a quarter were blurred
        assertThat(changed).isBetween(25, 80);
    }

    @Test
    void theSameSeedGivesTheSameImages() {
        InkAppearance appearance = new InkAppearance(H, W, 1f);
        float[] a = greyStroke();
        float[] b = greyStroke();

        appearance.apply(a, PAPER, new Random(11));
        appearance.apply(b, PAPER, new Random(11));

        assertThat(a).isEqualTo(b);
    }

    @Test
    void oneScannerGivesTwoImagesOneToneAndEachItsOwnSpecks() {
        InkAppearance appearance = new InkAppearance(H, W, 1f);
        Random own = new Random(1);
        int specksApart = 0;
        for (int i = 0; i < 100; i++) {
            float[] a = greyStroke();
            float[] b = greyStroke();

            appearance.apply(a, PAPER, new Random(i), own);
            appearance.apply(b, PAPER, new Random(i), own);

            // The stroke's tone (its middle row's median, which a speck cannot move) is one
            assertThat(GreyStroke.middleTone(a, 0)).isEqualTo(GreyStroke.middleTone(b, 0));
            specksApart += Arrays.equals(a, b) ? 0 : 1;
        }
        // while the specks (a fifth of the images) land where each image's own draws put them
        assertThat(specksApart).isBetween(15, 60);
    }

    @Test
    void scanAugmentationChangesTonesWhereGeometryKeepsThem() {
        // Given a stroke whose ink is a single grey level, and no geometric change that would
        // resample it
        float[] canvas = new float[H * W];
        Arrays.fill(canvas, 20 * W + 10, 20 * W + 50, 0.5f);
        Augmenter geometry = new Augmenter(H, W, 0, 0, 0, 0);
        Augmenter scan = geometry.withInk(new InkAppearance(H, W, 1f));
        Random random = new Random(5);

        // When each augments it 50 times, Then geometry alone never changes a tone
        for (int i = 0; i < 50; i++) {
            assertThat(geometry.augment(canvas, random)).isEqualTo(canvas);
        }
        // and the scan augmentation does, most of the time
        int changed = 0;
        for (int i = 0; i < 50; i++) {
            if (!Arrays.equals(scan.augment(canvas, random), canvas)) {
                changed++;
            }
        }
        assertThat(changed).isGreaterThan(30);
    }

    @Test
    void augmentationLevelsParseAndSayWhatIsAllowed() {
        assertThat(Augmentation.parse(" Scan ")).isEqualTo(Augmentation.SCAN);
        assertThat(Augmentation.NONE.augmenter(H, W, 1f)).isNull();
        assertThat(Augmentation.GEOMETRY.augmenter(H, W, 1f)).isNotNull();
        assertThat(Augmentation.parse("scan-paired")).isEqualTo(Augmentation.SCAN_PAIRED);
        assertThat(Augmentation.SCAN_PAIRED).hasToString("scan-paired");
        assertThat(Augmentation.SCAN_PAIRED.augmenter(H, W, 1f).scannerPerPair()).isTrue();
        assertThat(Augmentation.SCAN.augmenter(H, W, 1f).scannerPerPair()).isFalse();
        assertThat(Augmentation.parse("pen")).isEqualTo(Augmentation.PEN);
        assertThat(Augmentation.PEN.augmenter(H, W, 1f).scannerPerPair()).isFalse();
        assertThatThrownBy(() -> Augmentation.parse("strong"))
                .hasMessage(
                        "unknown augmentation 'strong': use none, geometry, scan, artefacts,"
                                + " scan-paired, pen");
    }
}
