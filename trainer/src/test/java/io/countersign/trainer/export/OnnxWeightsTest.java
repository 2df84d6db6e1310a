package io.countersign.trainer.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.onnx.proto.OnnxMl;
import io.countersign.trainer.inference.BlockEmbeddings;
import io.countersign.trainer.model.DjlRuntime;
import io.countersign.trainer.model.SigNet;
import io.countersign.trainer.model.SigNetVariant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxWeightsTest {

    private static final int H = SigNetVariant.HEIGHT;
    private static final int W = SigNetVariant.WIDTH;

    @TempDir Path dir;

    private static SequentialBlock initialised(NDManager manager, SigNetVariant variant, int seed) {
        Engine.getEngine(DjlRuntime.PYTORCH).setRandomSeed(seed);
        SequentialBlock block = SigNet.builder().setVariant(variant).build();
        block.initialize(manager, DataType.FLOAT32, new Shape(1, 1, H, W));
        return block;
    }

    @Test
    void anExportedNetworkReadBackEmbedsAsTheOriginal() throws Exception {
        DjlRuntime.pytorch();
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), DjlRuntime.PYTORCH)) {
            // Given a network exported to ONNX, and another initialised differently
            SequentialBlock original = initialised(manager, SigNetVariant.SIGNET_S, 1);
            Path file = dir.resolve("model.onnx");
            OnnxExporter.write(original, SigNetVariant.SIGNET_S, file);
            SequentialBlock other = initialised(manager, SigNetVariant.SIGNET_S, 2);
            List<float[]> images = OnnxParityTest.images(2, 3);
            float[][] expected = BlockEmbeddings.embed(original, manager, images, H, W, 2);
            assertThat(BlockEmbeddings.embed(other, manager, images, H, W, 2)[0])
                    .isNotEqualTo(expected[0]);

            // When the file's weights are read into the other
            OnnxWeights.load(file, other, SigNetVariant.SIGNET_S);

            // Then it embeds exactly as the original
            float[][] actual = BlockEmbeddings.embed(other, manager, images, H, W, 2);
            assertThat(actual[0]).containsExactly(expected[0]);
            assertThat(actual[1]).containsExactly(expected[1]);
        }
    }

    @Test
    void anEnsembleIsRefusedNamingTheMissingTensor() throws Exception {
        DjlRuntime.pytorch();
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), DjlRuntime.PYTORCH)) {
            // Given two networks joined into one ensemble graph (their tensors renamed m0_, m1_)
            SequentialBlock block = initialised(manager, SigNetVariant.SIGNET_S, 1);
            OnnxMl.ModelProto network = OnnxExporter.toModel(block, SigNetVariant.SIGNET_S);
            Path file = dir.resolve("ensemble.onnx");
            Files.write(
                    file,
                    EnsembleGraph.join(
                                    List.of(
                                            new EnsembleGraph.Member(network, 128, 1f),
                                            new EnsembleGraph.Member(network, 128, 1f)),
                                    "ensemble")
                            .toByteArray());

            // Then reading it as one network fails, saying which tensor is missing and why
            assertThatThrownBy(() -> OnnxWeights.load(file, block, SigNetVariant.SIGNET_S))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("no tensor l0_weight")
                    .hasMessageContaining("ensemble");
        }
    }
}
