package io.countersign.trainer.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.countersign.core.model.ModelCard;
import io.countersign.trainer.inference.ActivationRanges;
import io.countersign.trainer.model.DjlRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Int8QuantizationTest {

    private static final int H = 41;
    private static final int W = 57;
    private static final int BATCH = 6;

    @TempDir Path dir;

    @Test
    void quantisedGraphEmbedsCloseToTheFloatOneWithSevenBitWeights() throws Exception {
        // Given a SigNet-shaped float graph and activation ranges measured on sparse-ink images
        OnnxMl.ModelProto model = LrnGraphs.signetShaped(16, 3);
        OnnxMl.ModelProto quantized = quantized(model, images(32, 5));

        // When both embed other images, then the int8 embeddings are within a few per cent of the
        // float ones
        assertThat(relativeDifference(model, quantized)).isLessThan(0.03).isGreaterThan(0);
        // and every int8 weight keeps to 7 bits (no u8s8 saturation on CPUs without VNNI)
        List<OnnxMl.TensorProto> weights =
                quantized.getGraph().getInitializerList().stream()
                        .filter(t -> t.getDataType() == DataType.INT8.getNumber())
                        .filter(t -> t.getDimsCount() == 4)
                        .toList();
        assertThat(weights).hasSize(2);
        for (OnnxMl.TensorProto weight : weights) {
            byte[] values = weight.getRawData().toByteArray();
            int largest = 0;
            for (byte v : values) {
                largest = Math.max(largest, Math.abs(v));
            }
            assertThat(largest).isEqualTo(63);
        }
    }

    @Test
    void aChannelWithNearZeroWeightsKeepsItsBias() throws Exception {
        // Given a graph whose first convolution has a channel that training left with weights of
        // 1e-20 (weight decay) and a bias of 0.5: its output is the bias everywhere
        OnnxMl.ModelProto model = withDeadChannel(LrnGraphs.signetShaped(16, 3), "w1", "b1");

        // When it is quantised and both embed the same images
        OnnxMl.ModelProto quantized = quantized(model, images(16, 5));

        // Then the int8 graph still embeds close to the float one (unguarded, the bias at the
        // channel's tiny scale was far beyond int32 and wrapped around: this fails without it)
        assertThat(relativeDifference(model, quantized)).isLessThan(0.03);
    }

    @Test
    void onnxRuntimeRunsEveryConvolutionAsInt8AndThePoolsChannelsLast() throws Exception {
        // Given the quantised graph
        OnnxMl.ModelProto quantized = quantized(LrnGraphs.signetShaped(16, 3), images(16, 5));

        // When ONNX Runtime optimises it for the CPU, as the service's session does
        Map<String, Integer> ops = optimisedOps(quantized);

        // Then both convolutions are QLinearConv, no float convolution is left, and both pools
        // run in the channels-last kernel (left channels-first, the pool after the LRN ran in a
        // slow uint8 kernel)
        assertThat(ops.get("QLinearConv")).isEqualTo(2);
        assertThat(ops).doesNotContainKey("Conv").doesNotContainKey("MaxPool");
        assertThat(ops.get("NhwcMaxPool")).isEqualTo(2);
    }

    @Test
    void theShippedInt8ModelsRunEveryConvolutionAsInt8InThisOnnxRuntime() throws Exception {
        // Given every shipped model whose card says it was quantised (the service's default)
        List<Path> quantised = new ArrayList<>();
        try (Stream<Path> models = Files.list(Path.of("..", "models"))) {
            for (Path model : models.sorted().toList()) {
                Path card = model.resolve(ModelCard.FILE_NAME);
                if (Files.isRegularFile(card)
                        && ModelCard.read(card).training().containsKey("quantized")) {
                    quantised.add(model);
                }
            }
        }
        assertThat(quantised).isNotEmpty();

        for (Path model : quantised) {
            // When ONNX Runtime optimises its graph, as the service's session does
            Map<String, Integer> ops =
                    optimisedOps(
                            OnnxMl.ModelProto.parseFrom(
                                    Files.readAllBytes(model.resolve("model.onnx"))));

            // Then each convolution the card counts is a QLinearConv and none is left in float:
            // an ONNX Runtime that stopped fusing them would halve the throughput silently
            Map<?, ?> note =
                    (Map<?, ?>)
                            ModelCard.read(model.resolve(ModelCard.FILE_NAME))
                                    .training()
                                    .get("quantized");
            assertThat(ops.get("QLinearConv"))
                    .as("%s", model)
                    .isEqualTo(((Number) note.get("convolutions")).intValue());
            assertThat(ops).as("%s", model).doesNotContainKey("Conv");
        }
    }

    @Test
    void channelsLastLrnComputesWhatTheChannelsFirstOneDoes() throws Exception {
        // Given a float graph with an expanded LRN, and its channels-last rewrite
        OnnxMl.ModelProto model = LrnGraphs.signetShaped(16, 8);
        OnnxMl.ModelProto rewritten = ChannelsLastLrn.rewrite(model);
        assertThat(rewritten.getGraph().getNodeList())
                .anyMatch(n -> n.getOpType().equals("MatMul"))
                .noneMatch(
                        n ->
                                n.getName().endsWith("_expanded_window")
                                        && n.getOpType().equals("Conv"));

        // (and keeps no initializer that nothing reads: ONNX Runtime warns of each)
        Set<String> read = new HashSet<>();
        rewritten.getGraph().getNodeList().forEach(n -> read.addAll(n.getInputList()));
        assertThat(rewritten.getGraph().getInitializerList())
                .allMatch(t -> read.contains(t.getName()));

        // When both run
        float[] batch = flat(images(BATCH, 9));
        long[] shape = {BATCH, 1, H, W};
        float[] expected = LrnGraphs.run(model, batch, shape);
        float[] actual = LrnGraphs.run(rewritten, batch, shape);

        // Then they agree to float rounding
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i])
                    .isCloseTo(expected[i], offset(1e-4f + 1e-5f * Math.abs(expected[i])));
        }
    }

    @Test
    void refusesATensorWithoutAMeasuredRange() {
        OnnxMl.ModelProto model = LrnGraphs.signetShaped(8, 3);
        Map<String, Int8Quantization.Range> ranges = new HashMap<>();
        for (String tensor : Int8Quantization.calibratedTensors(model)) {
            ranges.put(tensor, new Int8Quantization.Range(0f, 1f));
        }
        ranges.put("image", Int8Quantization.Range.empty());

        assertThatThrownBy(() -> Int8Quantization.quantize(model, ranges))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no calibrated range for tensor image");
    }

    /** The model with channel 0 of {@code weight} at 1e-20 and its {@code bias} at 0.5. */
    private static OnnxMl.ModelProto withDeadChannel(
            OnnxMl.ModelProto model, String weight, String bias) {
        OnnxMl.GraphProto.Builder graph = model.getGraph().toBuilder();
        for (int i = 0; i < graph.getInitializerCount(); i++) {
            OnnxMl.TensorProto t = graph.getInitializer(i);
            if (t.getName().equals(weight) || t.getName().equals(bias)) {
                float[] values = OnnxWeights.floats(t);
                int perChannel = values.length / (int) t.getDims(0);
                for (int k = 0; k < perChannel; k++) {
                    values[k] = t.getName().equals(bias) ? 0.5f : 1e-20f;
                }
                OnnxMl.TensorProto.Builder changed = t.toBuilder().clearFloatData().clearRawData();
                for (float v : values) {
                    changed.addFloatData(v);
                }
                graph.setInitializer(i, changed);
            }
        }
        return model.toBuilder().setGraph(graph).build();
    }

    /** The two graphs' embeddings of the same images apart: RMS difference over RMS size. */
    private static double relativeDifference(OnnxMl.ModelProto a, OnnxMl.ModelProto b)
            throws Exception {
        float[] batch = flat(images(BATCH, 6));
        long[] shape = {BATCH, 1, H, W};
        float[] expected = LrnGraphs.run(a, batch, shape);
        float[] actual = LrnGraphs.run(b, batch, shape);
        double difference = 0;
        double size = 0;
        for (int i = 0; i < expected.length; i++) {
            difference += (actual[i] - expected[i]) * (double) (actual[i] - expected[i]);
            size += expected[i] * (double) expected[i];
        }
        return Math.sqrt(difference / size);
    }

    private static OnnxMl.ModelProto quantized(OnnxMl.ModelProto model, List<float[]> images) {
        Map<String, Int8Quantization.Range> ranges =
                ActivationRanges.measure(
                        model, Int8Quantization.calibratedTensors(model), images, H, W, 8);
        return Int8Quantization.quantize(model, ranges);
    }

    private Map<String, Integer> optimisedOps(OnnxMl.ModelProto model) throws Exception {
        DjlRuntime.onnxRuntime();
        Path optimised = dir.resolve("optimised.onnx");
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizedModelFilePath(optimised.toString());
            OrtEnvironment.getEnvironment().createSession(model.toByteArray(), options).close();
        }
        Map<String, Integer> ops = new HashMap<>();
        for (OnnxMl.NodeProto node :
                OnnxMl.ModelProto.parseFrom(Files.readAllBytes(optimised))
                        .getGraph()
                        .getNodeList()) {
            ops.merge(node.getOpType(), 1, Integer::sum);
        }
        return ops;
    }

    /** Preprocessed-looking images: a standardised background with a sparse scatter of ink. */
    private static List<float[]> images(int count, long seed) {
        Random random = new Random(seed);
        List<float[]> images = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            float[] image = new float[H * W];
            for (int p = 0; p < image.length; p++) {
                image[p] = random.nextFloat() < 0.08 ? 1 + 4 * random.nextFloat() : -0.25f;
            }
            images.add(image);
        }
        return images;
    }

    private static float[] flat(List<float[]> images) {
        float[] flat = new float[images.size() * H * W];
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(images.get(i), 0, flat, i * H * W, H * W);
        }
        return flat;
    }
}
