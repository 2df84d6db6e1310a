package io.countersign.trainer.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.onnx.proto.OnnxMl;
import io.countersign.trainer.inference.OnnxEmbeddings;
import io.countersign.trainer.model.DjlRuntime;
import io.countersign.trainer.model.SigNet;
import io.countersign.trainer.model.SigNetVariant;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnsembleGraphTest {

    private static final int H = SigNetVariant.HEIGHT;
    private static final int W = SigNetVariant.WIDTH;
    private static final int D = SigNetVariant.EMBEDDING_SIZE;

    @TempDir Path dir;

    @Test
    void joinedGraphOutputsEachMembersEmbeddingDividedByItsScaleSideBySide() throws Exception {
        // Given two exported networks of different variants and random weights
        OnnxMl.ModelProto first = exported(SigNetVariant.SIGNET_S, "first");
        OnnxMl.ModelProto second = exported(SigNetVariant.SIGNET_S_L2, "second");

        // When they are joined with scales 2 and 0.25
        OnnxMl.ModelProto joined =
                EnsembleGraph.join(
                        List.of(
                                new EnsembleGraph.Member(first, D, 2f),
                                new EnsembleGraph.Member(second, D, 0.25f)),
                        "pair");
        Path file = dir.resolve("joined.onnx");
        try (OutputStream out = Files.newOutputStream(file)) {
            joined.writeTo(out);
        }

        // Then ONNX Runtime's output is [first / 2, second / 0.25] for every image of a batch
        List<float[]> images = OnnxParityTest.images(3, 3);
        float[][] a = embed(dir.resolve("first.onnx"), images);
        float[][] b = embed(dir.resolve("second.onnx"), images);
        float[][] both = embed(file, images);
        assertThat(both).hasDimensions(3, 2 * D);
        for (int i = 0; i < images.size(); i++) {
            for (int k = 0; k < D; k++) {
                assertThat(both[i][k]).isCloseTo(a[i][k] / 2f, within(a[i][k]));
                assertThat(both[i][D + k]).isCloseTo(b[i][k] / 0.25f, within(b[i][k]));
            }
        }
    }

    @Test
    void aMemberWithItsOwnStandardisationReadsTheInputAsItWasTrainedTo() throws Exception {
        // Given a network trained on images standardised with mean 0.05 and deviation 0.2, and an
        // ensemble served with mean 0.04 and deviation 0.17 (its first member's)
        OnnxMl.ModelProto first = exported(SigNetVariant.SIGNET_S, "served");
        // (not signet-s-ink: reading each image at its ink level, it ignores any standardisation)
        OnnxMl.ModelProto second = exported(SigNetVariant.SIGNET_S, "own");
        EnsembleGraph.InputAdapter adapter =
                EnsembleGraph.InputAdapter.between(0.04f, 0.17f, 0.05f, 0.2f);
        OnnxMl.ModelProto joined =
                EnsembleGraph.join(
                        List.of(
                                new EnsembleGraph.Member(first, D, 1f),
                                new EnsembleGraph.Member(second, D, 1f, adapter)),
                        "restandardised");
        Path file = dir.resolve("restandardised.onnx");
        try (OutputStream out = Files.newOutputStream(file)) {
            joined.writeTo(out);
        }

        // When the ensemble embeds images standardised its way, and the second network alone the
        // same pixels standardised its own way
        List<float[]> pixels = OnnxParityTest.images(2, 5);
        List<float[]> served = pixels.stream().map(p -> standardised(p, 0.04f, 0.17f)).toList();
        List<float[]> own = pixels.stream().map(p -> standardised(p, 0.05f, 0.2f)).toList();
        float[][] both = embed(file, served);
        float[][] alone = embed(dir.resolve("own.onnx"), own);

        // Then the second half of the ensemble's embedding is the network's own
        for (int i = 0; i < pixels.size(); i++) {
            for (int k = 0; k < D; k++) {
                assertThat(both[i][D + k]).isCloseTo(alone[i][k], within(alone[i][k]));
            }
        }
    }

    private static float[] standardised(float[] pixels, float mean, float std) {
        float[] out = new float[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            out[i] = (Math.abs(pixels[i]) * 0.1f - mean) / std;
        }
        return out;
    }

    @Test
    void refusesOneMemberAndAGraphThatIsNotAnEmbeddingNetwork() throws Exception {
        OnnxMl.ModelProto model = exported(SigNetVariant.SIGNET_S, "only");
        assertThatThrownBy(
                        () ->
                                EnsembleGraph.join(
                                        List.of(new EnsembleGraph.Member(model, D, 1f)), "x"))
                .hasMessageContaining("at least two members");

        OnnxMl.ModelProto renamed =
                model.toBuilder()
                        .setGraph(
                                model.getGraph().toBuilder()
                                        .setOutput(
                                                0,
                                                model.getGraph().getOutput(0).toBuilder()
                                                        .setName("logits")))
                        .build();
        assertThatThrownBy(
                        () ->
                                EnsembleGraph.join(
                                        List.of(
                                                new EnsembleGraph.Member(model, D, 1f),
                                                new EnsembleGraph.Member(renamed, D, 1f)),
                                        "x"))
                .hasMessageContaining("member 1 is not an exported embedding network");
        assertThatThrownBy(() -> new EnsembleGraph.Member(model, D, 0f))
                .hasMessageContaining("scale must be positive");
    }

    private static org.assertj.core.data.Offset<Float> within(float value) {
        return org.assertj.core.data.Offset.offset(1e-5f + 1e-5f * Math.abs(value * 4));
    }

    private OnnxMl.ModelProto exported(SigNetVariant variant, String name) throws Exception {
        DjlRuntime.pytorch();
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), DjlRuntime.PYTORCH)) {
            SequentialBlock block = SigNet.builder().setVariant(variant).build();
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 1, H, W));
            OnnxExporter.write(block, variant, dir.resolve(name + ".onnx"));
            return OnnxExporter.toModel(block, variant);
        }
    }

    private static float[][] embed(Path file, List<float[]> images) {
        try (OnnxEmbeddings onnx = new OnnxEmbeddings(file, H, W)) {
            return onnx.embed(images, images.size());
        }
    }
}
