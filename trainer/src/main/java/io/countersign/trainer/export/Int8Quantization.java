package io.countersign.trainer.export;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rewrites a float graph's convolutions as int8 in ONNX's QDQ form (QuantizeLinear /
 * DequantizeLinear pairs around float operators), which ONNX Runtime's CPU provider fuses into
 * {@code QLinearConv}: the convolutions are most of an LRN-expanded SigNet's arithmetic, and int8
 * runs them several times faster than float.
 *
 * <p>Weights are quantised per output channel, symmetrically, to <b>7 bits</b> (±63), as ONNX
 * Runtime's {@code reduce_range}: its u8s8 kernels on x86 CPUs without VNNI add two products of a
 * uint8 activation and an int8 weight into an int16 that saturates at 32767 (255·127·2 = 64770
 * would overflow; 255·63·2 = 32130 does not), so with 7-bit weights every CPU computes the same
 * integer sums, and a card's distances do not depend on the bank's processor. Activations (each
 * quantised convolution's input and output) are uint8 per tensor, over a range measured on training
 * images ({@link Range}); biases int32 at the product of their input's and weight's scales, as
 * ONNX's {@code QLinearConv} defines them. Where a convolution's output goes to a Relu alone the
 * output is quantised after it (a range from zero), which ONNX Runtime folds into the convolution.
 *
 * <p>The 1×1 convolutions that {@link LrnExpansion} writes (a sum of squares) stay float: their
 * input spans orders of magnitude that 8 bits cannot hold; the LRNs are turned channels-last
 * ({@link ChannelsLastLrn}), the layout ONNX Runtime runs int8 convolutions in.
 */
public final class Int8Quantization {

    /** The largest weight magnitude: 7 bits, see the class comment. */
    public static final int WEIGHT_LIMIT = 63;

    /** The largest quantised bias: int32's, less a margin for float rounding. */
    static final double BIAS_LIMIT = (1 << 30);

    private static final String QUANTIZED = "_quantized";
    private static final String DEQUANTIZED = "_dequantized";

    private Int8Quantization() {}

    /** A tensor's observed range of values over calibration inputs. */
    public record Range(float min, float max) {

        /** The range that also holds {@code values}. */
        public Range with(float[] values) {
            float lo = min;
            float hi = max;
            for (float v : values) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            return new Range(lo, hi);
        }

        /** The range before any value was seen. */
        public static Range empty() {
            return new Range(Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY);
        }

        /** The uint8 scale covering the range and zero (zero must be exact: padding is zero). */
        float scale() {
            float lo = Math.min(min, 0f);
            float hi = Math.max(max, 0f);
            return hi > lo ? (hi - lo) / 255f : 1f;
        }

        int zeroPoint() {
            return Math.max(0, Math.min(255, Math.round(-Math.min(min, 0f) / scale())));
        }
    }

    /** The convolutions this rewrite quantises: those with 4-D weights, not an LRN's window. */
    public static List<OnnxMl.NodeProto> convolutions(OnnxMl.ModelProto model) {
        OnnxMl.GraphProto graph = model.getGraph();
        Map<String, OnnxMl.TensorProto> initializers = initializers(graph);
        Map<String, OnnxMl.NodeProto> producers = producers(graph);
        List<OnnxMl.NodeProto> convolutions = new ArrayList<>();
        for (OnnxMl.NodeProto node : graph.getNodeList()) {
            if (!node.getOpType().equals("Conv") || node.getInputCount() < 2) {
                continue;
            }
            OnnxMl.TensorProto weight = initializers.get(node.getInput(1));
            if (weight == null || weight.getDimsCount() != 4) {
                continue;
            }
            OnnxMl.NodeProto source = producers.get(node.getInput(0));
            boolean sumOfSquares =
                    source != null
                            && source.getOpType().equals("Mul")
                            && source.getInput(0).equals(source.getInput(1));
            if (!sumOfSquares) {
                convolutions.add(node);
            }
        }
        return convolutions;
    }

    /**
     * The float tensors whose ranges {@link #quantize} needs: each quantised convolution's input,
     * and its output (after the Relu it feeds alone, where it does), in graph order; where either
     * meets a MaxPool, the pool's input (see {@link #plan}).
     */
    public static List<String> calibratedTensors(OnnxMl.ModelProto model) {
        return new ArrayList<>(new LinkedHashSet<>(plan(model).values()));
    }

    /**
     * Each tensor to quantise, with the tensor whose range it takes. A max pool commutes with
     * quantisation (it only picks values), so a pool next to a quantised convolution gets a
     * quantise-dequantise pair of one scale on each side, which ONNX Runtime folds into a uint8
     * pool: a pool before a convolution takes its input's range, one after a convolution its
     * output's. (With the LRNs channels-last, {@link ChannelsLastLrn}, these pools run in ONNX
     * Runtime's channels-last uint8 kernel, 1 % of the int8 graph's time.)
     */
    static Map<String, String> plan(OnnxMl.ModelProto model) {
        OnnxMl.GraphProto graph = model.getGraph();
        Map<String, OnnxMl.NodeProto> producers = producers(graph);
        Map<String, List<OnnxMl.NodeProto>> consumers = consumers(graph);
        Map<String, String> plan = new LinkedHashMap<>();
        for (OnnxMl.NodeProto conv : convolutions(model)) {
            String input = conv.getInput(0);
            OnnxMl.NodeProto pool = producers.get(input);
            if (pool != null && pool.getOpType().equals("MaxPool")) {
                plan.put(pool.getInput(0), pool.getInput(0));
            }
            plan.put(
                    input,
                    pool != null && pool.getOpType().equals("MaxPool") ? pool.getInput(0) : input);
            String output = quantizedOutput(conv, consumers);
            plan.put(output, output);
            List<OnnxMl.NodeProto> next = consumers.getOrDefault(output, List.of());
            if (next.size() == 1 && next.get(0).getOpType().equals("MaxPool")) {
                plan.putIfAbsent(next.get(0).getOutput(0), output);
            }
        }
        return plan;
    }

    /** The model with {@code tensors} added to its outputs, for measuring their ranges. */
    public static OnnxMl.ModelProto exposing(OnnxMl.ModelProto model, List<String> tensors) {
        OnnxMl.GraphProto.Builder graph = model.getGraph().toBuilder();
        Set<String> outputs = new HashSet<>();
        graph.getOutputList().forEach(o -> outputs.add(o.getName()));
        for (String tensor : tensors) {
            if (outputs.add(tensor)) {
                graph.addOutput(
                        OnnxMl.ValueInfoProto.newBuilder()
                                .setName(tensor)
                                .setType(
                                        OnnxMl.TypeProto.newBuilder()
                                                .setTensorType(
                                                        OnnxMl.TypeProto.Tensor.newBuilder()
                                                                .setElemType(
                                                                        DataType.FLOAT
                                                                                .getNumber()))));
            }
        }
        return model.toBuilder().setGraph(graph).build();
    }

    /**
     * The model with its convolutions ({@link #convolutions}) in int8 QDQ form.
     *
     * @param ranges the range of every tensor {@link #calibratedTensors} names
     * @throws IllegalArgumentException if a range is missing or empty
     */
    public static OnnxMl.ModelProto quantize(OnnxMl.ModelProto model, Map<String, Range> ranges) {
        OnnxMl.GraphProto graph = model.getGraph();
        Map<String, OnnxMl.TensorProto> initializers = initializers(graph);
        Map<String, List<OnnxMl.NodeProto>> consumers = consumers(graph);
        List<OnnxMl.NodeProto> convolutions = convolutions(model);
        Map<String, String> plan = plan(model);
        Set<String> activations = plan.keySet();
        for (String tensor : plan.values()) {
            Range range = ranges.get(tensor);
            if (range == null || !(range.max() >= range.min())) {
                throw new IllegalArgumentException("no calibrated range for tensor " + tensor);
            }
        }

        OnnxMl.GraphProto.Builder out = graph.toBuilder().clearNode();
        List<OnnxMl.NodeProto> weightNodes = new ArrayList<>();
        Map<String, OnnxMl.NodeProto> rewritten = new HashMap<>();
        Set<String> replacedInitializers = new HashSet<>();
        for (OnnxMl.NodeProto conv : convolutions) {
            Range input = ranges.get(plan.get(conv.getInput(0)));
            OnnxMl.TensorProto weight = initializers.get(conv.getInput(1));
            float[] biasValues =
                    conv.getInputCount() > 2
                            ? OnnxWeights.floats(initializers.get(conv.getInput(2)))
                            : null;
            float[] weightScales =
                    quantizeWeight(conv, weight, biasValues, input.scale(), out, weightNodes);
            replacedInitializers.add(weight.getName());
            OnnxMl.NodeProto.Builder node = conv.toBuilder();
            node.setInput(1, conv.getInput(1) + DEQUANTIZED);
            if (conv.getInputCount() > 2) {
                OnnxMl.TensorProto bias = initializers.get(conv.getInput(2));
                quantizeBias(bias, input.scale(), weightScales, out, weightNodes);
                replacedInitializers.add(bias.getName());
                node.setInput(2, conv.getInput(2) + DEQUANTIZED);
            }
            rewritten.put(conv.getName(), node.build());
        }

        List<OnnxMl.NodeProto> nodes = new ArrayList<>(weightNodes);
        for (OnnxMl.ValueInfoProto input : graph.getInputList()) {
            if (activations.contains(input.getName())) {
                nodes.addAll(
                        quantizeDequantize(
                                input.getName(), ranges.get(plan.get(input.getName())), out));
            }
        }
        for (OnnxMl.NodeProto original : graph.getNodeList()) {
            OnnxMl.NodeProto node = rewritten.getOrDefault(original.getName(), original);
            OnnxMl.NodeProto.Builder rewired = node.toBuilder();
            for (int i = 0; i < node.getInputCount(); i++) {
                if (activations.contains(node.getInput(i))) {
                    rewired.setInput(i, node.getInput(i) + DEQUANTIZED);
                }
            }
            nodes.add(rewired.build());
            for (String output : node.getOutputList()) {
                if (activations.contains(output)) {
                    nodes.addAll(quantizeDequantize(output, ranges.get(plan.get(output)), out));
                }
            }
        }
        List<OnnxMl.TensorProto> kept =
                out.getInitializerList().stream()
                        .filter(t -> !replacedInitializers.contains(t.getName()))
                        .toList();
        out.clearInitializer().addAllInitializer(kept);
        out.addAllNode(nodes);
        return ChannelsLastLrn.rewrite(model.toBuilder().setGraph(out).build());
    }

    /** Where a convolution's output is quantised: after the one Relu it feeds, else itself. */
    private static String quantizedOutput(
            OnnxMl.NodeProto conv, Map<String, List<OnnxMl.NodeProto>> consumers) {
        String output = conv.getOutput(0);
        List<OnnxMl.NodeProto> next = consumers.getOrDefault(output, List.of());
        if (next.size() == 1 && next.get(0).getOpType().equals("Relu")) {
            return next.get(0).getOutput(0);
        }
        return output;
    }

    private static List<OnnxMl.NodeProto> quantizeDequantize(
            String tensor, Range range, OnnxMl.GraphProto.Builder graph) {
        graph.addInitializer(
                GraphParts.floats(tensor + "_scale", new long[0], new float[] {range.scale()}));
        graph.addInitializer(
                GraphParts.raw(
                        tensor + "_zero_point",
                        DataType.UINT8,
                        new long[0],
                        new byte[] {(byte) range.zeroPoint()}));
        List<String> parameters = List.of(tensor + "_scale", tensor + "_zero_point");
        return List.of(
                node("QuantizeLinear", tensor, parameters, tensor + QUANTIZED, -1),
                node("DequantizeLinear", tensor + QUANTIZED, parameters, tensor + DEQUANTIZED, -1));
    }

    /**
     * Writes the int8 weight and its DequantizeLinear; returns the per-channel scales. A channel's
     * scale is its largest weight over 63, or larger where its bias (null: none) would not fit an
     * int32 at the bias scale (input scale · weight scale): channels that training left with
     * near-zero weights (weight decay: scales of 1e-20) would otherwise wrap their bias around, as
     * ONNX Runtime's own quantiser guards against.
     */
    private static float[] quantizeWeight(
            OnnxMl.NodeProto conv,
            OnnxMl.TensorProto weight,
            float[] bias,
            float inputScale,
            OnnxMl.GraphProto.Builder graph,
            List<OnnxMl.NodeProto> nodes) {
        float[] values = OnnxWeights.floats(weight);
        int channels = (int) weight.getDims(0);
        int perChannel = values.length / channels;
        float[] scales = new float[channels];
        byte[] quantized = new byte[values.length];
        for (int c = 0; c < channels; c++) {
            float largest = 0;
            for (int i = c * perChannel; i < (c + 1) * perChannel; i++) {
                largest = Math.max(largest, Math.abs(values[i]));
            }
            float forBias =
                    bias == null ? 0f : (float) (Math.abs(bias[c]) / (inputScale * BIAS_LIMIT));
            float scale = Math.max(largest / WEIGHT_LIMIT, forBias);
            scales[c] = scale > 0 ? scale : 1f;
            for (int i = c * perChannel; i < (c + 1) * perChannel; i++) {
                int q = Math.round(values[i] / scales[c]);
                quantized[i] = (byte) Math.max(-WEIGHT_LIMIT, Math.min(WEIGHT_LIMIT, q));
            }
        }
        long[] dims = weight.getDimsList().stream().mapToLong(Long::longValue).toArray();
        dequantizedPerChannel(
                conv.getInput(1), DataType.INT8, dims, quantized, scales, 1, graph, nodes);
        return scales;
    }

    private static void quantizeBias(
            OnnxMl.TensorProto bias,
            float inputScale,
            float[] weightScales,
            OnnxMl.GraphProto.Builder graph,
            List<OnnxMl.NodeProto> nodes) {
        float[] values = OnnxWeights.floats(bias);
        float[] scales = new float[values.length];
        ByteBuffer quantized =
                ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int c = 0; c < values.length; c++) {
            scales[c] = inputScale * weightScales[c];
            // within ±BIAS_LIMIT by the weight scale's choice (quantizeWeight)
            quantized.putInt((int) Math.round(values[c] / (double) scales[c]));
        }
        dequantizedPerChannel(
                bias.getName(),
                DataType.INT32,
                new long[] {values.length},
                quantized.array(),
                scales,
                4,
                graph,
                nodes);
    }

    /**
     * Writes {@code values} (quantised, zero point 0, one scale a channel along axis 0) and the
     * DequantizeLinear that gives {@code name + "_dequantized"} back.
     */
    private static void dequantizedPerChannel(
            String name,
            DataType type,
            long[] dims,
            byte[] values,
            float[] scales,
            int bytesPerValue,
            OnnxMl.GraphProto.Builder graph,
            List<OnnxMl.NodeProto> nodes) {
        long[] channels = {scales.length};
        graph.addInitializer(GraphParts.raw(name + QUANTIZED, type, dims, values));
        graph.addInitializer(GraphParts.floats(name + "_scale", channels, scales));
        graph.addInitializer(
                GraphParts.raw(
                        name + "_zero_point",
                        type,
                        channels,
                        new byte[bytesPerValue * scales.length]));
        nodes.add(
                node(
                        "DequantizeLinear",
                        name + QUANTIZED,
                        List.of(name + "_scale", name + "_zero_point"),
                        name + DEQUANTIZED,
                        0));
    }

    private static OnnxMl.NodeProto node(
            String op, String input, List<String> parameters, String output, int axis) {
        OnnxMl.NodeProto.Builder node =
                OnnxMl.NodeProto.newBuilder()
                        .setOpType(op)
                        .setName(output + "_" + op)
                        .addInput(input)
                        .addAllInput(parameters)
                        .addOutput(output);
        if (axis >= 0) {
            node.addAttribute(
                    OnnxMl.AttributeProto.newBuilder()
                            .setName("axis")
                            .setType(OnnxMl.AttributeProto.AttributeType.INT)
                            .setI(axis));
        }
        return node.build();
    }

    private static Map<String, OnnxMl.TensorProto> initializers(OnnxMl.GraphProto graph) {
        Map<String, OnnxMl.TensorProto> initializers = new HashMap<>();
        graph.getInitializerList().forEach(t -> initializers.put(t.getName(), t));
        return initializers;
    }

    private static Map<String, OnnxMl.NodeProto> producers(OnnxMl.GraphProto graph) {
        Map<String, OnnxMl.NodeProto> producers = new HashMap<>();
        for (OnnxMl.NodeProto node : graph.getNodeList()) {
            node.getOutputList().forEach(output -> producers.put(output, node));
        }
        return producers;
    }

    private static Map<String, List<OnnxMl.NodeProto>> consumers(OnnxMl.GraphProto graph) {
        Map<String, List<OnnxMl.NodeProto>> consumers = new HashMap<>();
        for (OnnxMl.NodeProto node : graph.getNodeList()) {
            for (String input : new LinkedHashSet<>(node.getInputList())) {
                consumers.computeIfAbsent(input, k -> new ArrayList<>()).add(node);
            }
        }
        return consumers;
    }
}
