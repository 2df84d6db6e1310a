package io.countersign.trainer.export;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.onnx.proto.OnnxMl;
import io.countersign.trainer.inference.BlockEmbeddings;
import io.countersign.trainer.inference.OnnxEmbeddings;
import io.countersign.trainer.model.DjlRuntime;
import io.countersign.trainer.model.SigNet;
import io.countersign.trainer.model.SigNetVariant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxParityTest {

    private static final int H = SigNetVariant.HEIGHT;
    private static final int W = SigNetVariant.WIDTH;

    @TempDir Path dir;

    /** Images of Gaussian noise, as many as asked, the same for a seed. */
    static List<float[]> images(int count, long seed) {
        Random random = new Random(seed);
        List<float[]> images = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            float[] image = new float[H * W];
            for (int p = 0; p < image.length; p++) {
                image[p] = (float) random.nextGaussian();
            }
            images.add(image);
        }
        return images;
    }

    private void assertParity(SigNetVariant variant, int batch) throws Exception {
        DjlRuntime.pytorch();
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), DjlRuntime.PYTORCH)) {
            // Given a randomly initialised network and its ONNX export
            SequentialBlock block = SigNet.builder().setVariant(variant).build();
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 1, H, W));
            Path file = dir.resolve(variant.id() + ".onnx");
            OnnxExporter.write(block, variant, file);
            List<float[]> inputs = images(batch, 7);

            // When both runtimes embed the same images
            float[][] expected = BlockEmbeddings.embed(block, manager, inputs, H, W, batch);
            float[][] actual;
            try (OnnxEmbeddings onnx = new OnnxEmbeddings(file, H, W)) {
                actual = onnx.embed(inputs, batch);
            }

            // Then they agree within 1e-4 everywhere
            assertThat(actual).hasDimensions(batch, SigNetVariant.EMBEDDING_SIZE);
            for (int i = 0; i < batch; i++) {
                for (int j = 0; j < expected[i].length; j++) {
                    assertThat(Math.abs(actual[i][j] - expected[i][j]))
                            .as("embedding %d[%d]", i, j)
                            .isLessThan(1e-4f);
                }
            }
        }
    }

    @Test
    void unitLengthSigNetAgreesWithOnnxRuntimeAndIsUnitLength() throws Exception {
        assertParity(SigNetVariant.SIGNET_S_L2, 4);
        try (OnnxEmbeddings onnx = new OnnxEmbeddings(dir.resolve("signet-s-l2.onnx"), H, W)) {
            for (float[] e : onnx.embed(images(2, 9), 2)) {
                double norm = 0;
                for (float v : e) {
                    norm += v * v;
                }
                assertThat(Math.sqrt(norm))
                        .isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-5));
            }
        }
    }

    @Test
    void smallSigNetAgreesWithOnnxRuntime() throws Exception {
        assertParity(SigNetVariant.SIGNET_S, 3);
        // and the file is small with a dynamic batch dimension named batch
        Path file = dir.resolve("signet-s.onnx");
        assertThat(Files.size(file)).isLessThan(25_000_000L);
        OnnxMl.ModelProto model = OnnxMl.ModelProto.parseFrom(Files.readAllBytes(file));
        assertThat(model.getGraph().getInput(0).getName()).isEqualTo("image");
        // its LRN layers written as faster operators (LrnExpansion), checked against PyTorch above
        assertThat(LrnExpansion.hasLrn(model)).isFalse();
        assertThat(model.getGraph().getOutput(0).getName()).isEqualTo("embedding");
        assertThat(
                        model.getGraph()
                                .getInput(0)
                                .getType()
                                .getTensorType()
                                .getShape()
                                .getDim(0)
                                .getDimParam())
                .isEqualTo("batch");
    }

    @Test
    void widerSmallSigNetAgreesWithOnnxRuntime() throws Exception {
        assertParity(SigNetVariant.SIGNET_M, 2);
    }

    @Test
    void inkLevelSigNetAgreesWithOnnxRuntimeAndIgnoresHowDarkThePenWas() throws Exception {
        assertParity(SigNetVariant.SIGNET_S_INK, 3);
        // Given one canvas of strokes, standardised as the service does, and the same strokes with
        // 1.7 times the ink (a broader pen, in the canvas), and a blank canvas
        float[] strokes = canvas(1f);
        float[] broaderPen = canvas(1.7f);
        float[] blank = canvas(0f);

        // When the exported network embeds them
        float[][] embedded;
        try (OnnxEmbeddings onnx = new OnnxEmbeddings(dir.resolve("signet-s-ink.onnx"), H, W)) {
            embedded = onnx.embed(List.of(strokes, broaderPen, blank), 3);
        }

        // Then both pens give one embedding, and a blank canvas a finite one
        for (int j = 0; j < embedded[0].length; j++) {
            assertThat(Math.abs(embedded[1][j] - embedded[0][j])).isLessThan(1e-4f);
            assertThat(Float.isFinite(embedded[2][j])).isTrue();
        }
        assertThat(embedded[0]).isNotEqualTo(embedded[2]);
    }

    /** Paper at 0 and a few strokes of varying ink, times {@code gain}, standardised. */
    private static float[] canvas(float gain) {
        float mean = 0.039f;
        float std = 0.168f;
        float[] canvas = new float[H * W];
        Random random = new Random(11);
        for (int p = 0; p < canvas.length; p++) {
            int y = p / W;
            int x = p % W;
            boolean stroke = Math.abs(y - 60 - x / 5) < 2 || Math.abs(x - 100 - y / 3) < 2;
            float ink = stroke ? 0.4f + 0.6f * random.nextFloat() : 0f;
            canvas[p] = (gain * ink - mean) / std;
        }
        return canvas;
    }

    @Test
    void fullSigNetAgreesWithOnnxRuntime() throws Exception {
        // Random weights: training the 114 M-parameter network has no place in a unit test.
        assertParity(SigNetVariant.SIGNET, 2);
    }
}
