package io.countersign.streams.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.countersign.core.image.ImageLimits;
import io.countersign.core.model.ModelCard;
import io.countersign.core.preprocess.SignaturePreprocessor;
import io.countersign.datasets.synthetic.SyntheticSignatures;
import io.countersign.streams.testing.Cards;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxEmbedderTest {

    static final Path SHIPPED_MODEL = Path.of("..", "models", "signet-s-synthetic");

    private static OnnxEmbedder embedder;
    private static List<float[]> images;

    @BeforeAll
    static void loadTheShippedModel() {
        embedder = OnnxEmbedder.open(SHIPPED_MODEL, InferenceSettings.defaults());
        SignaturePreprocessor preprocessor =
                new SignaturePreprocessor(embedder.card().preprocessing(), ImageLimits.DEFAULT);
        SyntheticSignatures signatures = new SyntheticSignatures(11);
        images = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            images.add(preprocessor.preprocess(signatures.genuine(i % 4, i)));
        }
    }

    @AfterAll
    static void close() {
        embedder.close();
    }

    @Test
    void autoRunsOnCpuWhereNoGpuIsUsable() {
        assertThat(embedder.device()).isEqualTo("cpu");
    }

    @Test
    void paddedBatchesAsOnCudaGiveTheUnpaddedEmbeddings() {
        // CUDA pads 3 images to a warmed-up 4 and 12 to 16; no GPU here, so pad on the CPU
        try (OnnxEmbedder padded =
                OnnxEmbedder.open(SHIPPED_MODEL, InferenceSettings.defaults(), true)) {
            for (int n : new int[] {3, 12}) {
                List<float[]> some = images.subList(0, n);
                long before = padded.modelRunImages();

                float[][] actual = padded.embed(some);

                float[][] expected = embedder.embed(some);
                assertThat(actual).hasDimensions(n, embedder.card().embeddingSize());
                for (int i = 0; i < n; i++) {
                    assertThat(actual[i])
                            .containsExactly(
                                    expected[i], org.assertj.core.data.Offset.offset(1e-5f));
                }
                // The counters count the callers' images, not the padding
                assertThat(padded.modelRunImages() - before).isEqualTo(n);
            }
        }
    }

    @Test
    void aBatchGivesWhatOneByOneGives() {
        float[][] batch = embedder.embed(images);

        assertThat(batch.length).isEqualTo(images.size());
        for (int i = 0; i < images.size(); i++) {
            float[] alone = embedder.embed(List.of(images.get(i)))[0];
            assertThat(batch[i]).hasSize(embedder.card().embeddingSize());
            assertThat(batch[i]).containsExactly(alone, org.assertj.core.data.Offset.offset(1e-5f));
        }
    }

    @Test
    void differentSignaturesGetDifferentEmbeddings() {
        float[][] batch = embedder.embed(images.subList(0, 2));

        assertThat(batch[0]).isNotEqualTo(batch[1]);
    }

    @Test
    void concurrentCallersEachGetTheirOwnResults() throws Exception {
        float[][] expected = embedder.embed(images);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<float[][]>> futures = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                int from = t * 2;
                futures.add(pool.submit(() -> embedder.embed(images.subList(from, from + 2))));
            }
            for (int t = 0; t < 6; t++) {
                float[][] got = futures.get(t).get();
                for (int k = 0; k < 2; k++) {
                    assertThat(got[k])
                            .containsExactly(
                                    expected[t * 2 + k],
                                    org.assertj.core.data.Offset.offset(1e-5f));
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void batchesLargerThanTheMaximumAreSplitAndKeepTheirOrder() {
        InferenceSettings small =
                new InferenceSettings(
                        InferenceSettings.Device.CPU, 0, 0, 0, false, "ALL_OPT", 5, List.of(1, 5));
        try (OnnxEmbedder limited = OnnxEmbedder.open(SHIPPED_MODEL, small)) {
            float[][] split = limited.embed(images);
            float[][] whole = embedder.embed(images);
            for (int i = 0; i < images.size(); i++) {
                assertThat(split[i])
                        .containsExactly(whole[i], org.assertj.core.data.Offset.offset(1e-5f));
            }
        }
    }

    @Test
    void demandingCudaWithoutAGpuFailsAtStartUpWithAClearMessage() {
        InferenceSettings cuda =
                new InferenceSettings(
                        InferenceSettings.Device.CUDA,
                        0,
                        0,
                        0,
                        false,
                        "ALL_OPT",
                        32,
                        List.of(1, 32));

        assertThatThrownBy(() -> OnnxEmbedder.open(SHIPPED_MODEL, cuda))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("inference.device=cuda but CUDA could not be initialised")
                .hasMessageContaining("set inference.device=auto or cpu");
    }

    @Test
    void aCardThatDoesNotMatchTheOnnxInputIsRefused(@TempDir Path dir) throws Exception {
        Files.copy(SHIPPED_MODEL.resolve("model.onnx"), dir.resolve("model.onnx"));
        ModelCard card = embedder.card();
        Cards.withInput(card, 100, card.inputWidth()).write(dir.resolve(ModelCard.FILE_NAME));

        assertThatThrownBy(() -> OnnxEmbedder.open(dir, InferenceSettings.defaults()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("model.onnx does not run on the 1x100x220 input");
    }

    @Test
    void aCardThatNamesAnInputTheOnnxLacksIsRefused(@TempDir Path dir) throws Exception {
        Files.copy(SHIPPED_MODEL.resolve("model.onnx"), dir.resolve("model.onnx"));
        ModelCard card = embedder.card();
        Cards.withNames(card, "pixels", card.outputName()).write(dir.resolve(ModelCard.FILE_NAME));

        assertThatThrownBy(() -> OnnxEmbedder.open(dir, InferenceSettings.defaults()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("model.onnx has no input 'pixels'")
                .hasMessageContaining("[" + card.inputName() + "]");
    }
}
