package io.countersign.trainer.export;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rewrites each LRN that {@link LrnExpansion} expanded to work channels-last, for an int8 graph
 * ({@link Int8Quantization}): ONNX Runtime runs {@code QLinearConv} channels-last, and left
 * channels-first the LRN between two such convolutions cost a transpose on each side, and its max
 * pool ran in a slow uint8 kernel (23 % of the time). Channels-last, ONNX Runtime's transpose
 * optimiser cancels the transposes written here against its own, and the pool runs in its fast
 * channels-last kernel: the four-network int8 graph went from 155 to 280 images/s at batch 32.
 *
 * <p>The sum of squares over neighbouring channels, a 1×1 convolution in the channels-first form,
 * is a matrix product with the band here; the rest is element-wise and stays as it was. The
 * arithmetic is the same to float rounding. Recognises LrnExpansion's nodes by the names it gives
 * them, checked against their shapes; anything else is left alone.
 */
public final class ChannelsLastLrn {

    private static final String SQUARE = "square";
    private static final String WINDOW = "window";
    private static final String DIVIDE = "divide";

    private ChannelsLastLrn() {}

    /** The model with every expanded LRN channels-last; the same model if it has none. */
    public static OnnxMl.ModelProto rewrite(OnnxMl.ModelProto model) {
        OnnxMl.GraphProto graph = model.getGraph();
        Map<String, OnnxMl.NodeProto> byName = new HashMap<>();
        Map<String, OnnxMl.NodeProto> producers = new HashMap<>();
        for (OnnxMl.NodeProto node : graph.getNodeList()) {
            byName.put(node.getName(), node);
            node.getOutputList().forEach(o -> producers.put(o, node));
        }
        Map<String, OnnxMl.TensorProto> initializers = new HashMap<>();
        graph.getInitializerList().forEach(t -> initializers.put(t.getName(), t));

        OnnxMl.GraphProto.Builder out = graph.toBuilder().clearNode();
        List<OnnxMl.NodeProto> nodes = new ArrayList<>();
        Map<String, String> inputs = new HashMap<>(); // each LRN's channels-last input
        Set<String> bands = new HashSet<>(); // the replaced convolutions' weights
        for (OnnxMl.NodeProto node : graph.getNodeList()) {
            String prefix = prefix(node, SQUARE);
            if (prefix != null && expandedLrn(prefix, byName, initializers)) {
                List<OnnxMl.NodeProto> start =
                        channelsLastStart(prefix, byName, producers, initializers, out);
                // the square (before the product and the bias) reads the channels-last input
                inputs.put(prefix, start.get(start.size() - 3).getInput(0));
                nodes.addAll(start);
            } else if (prefix(node, WINDOW) != null
                    && expandedLrn(prefix(node, WINDOW), byName, initializers)) {
                bands.add(node.getInput(1)); // the window is written with the square
                continue;
            } else if (prefix(node, DIVIDE) != null
                    && expandedLrn(prefix(node, DIVIDE), byName, initializers)) {
                nodes.addAll(
                        channelsLastEnd(
                                prefix(node, DIVIDE), inputs.get(prefix(node, DIVIDE)), node));
            } else {
                nodes.add(node);
            }
        }
        out.addAllNode(nodes);
        // The replaced convolutions' bands, now unread: ONNX Runtime warns of unused initializers.
        Set<String> read = new HashSet<>();
        nodes.forEach(n -> read.addAll(n.getInputList()));
        List<OnnxMl.TensorProto> used =
                out.getInitializerList().stream()
                        .filter(t -> !bands.contains(t.getName()) || read.contains(t.getName()))
                        .toList();
        out.clearInitializer().addAllInitializer(used);
        return model.toBuilder().setGraph(out).build();
    }

    /** Whether the square, window and divide of {@code prefix} are LrnExpansion's. */
    private static boolean expandedLrn(
            String prefix,
            Map<String, OnnxMl.NodeProto> byName,
            Map<String, OnnxMl.TensorProto> initializers) {
        OnnxMl.NodeProto square = byName.get(prefix + SQUARE);
        OnnxMl.NodeProto window = byName.get(prefix + WINDOW);
        OnnxMl.NodeProto divide = byName.get(prefix + DIVIDE);
        if (square == null || window == null || divide == null) {
            return false;
        }
        OnnxMl.TensorProto band =
                window.getInputCount() == 3 ? initializers.get(window.getInput(1)) : null;
        return square.getOpType().equals("Mul")
                && square.getInput(0).equals(square.getInput(1))
                && window.getOpType().equals("Conv")
                && window.getInput(0).equals(square.getOutput(0))
                && band != null
                && band.getDimsCount() == 4
                && band.getDims(0) == band.getDims(1)
                && band.getDims(2) == 1
                && band.getDims(3) == 1
                && initializers.containsKey(window.getInput(2))
                && divide.getOpType().equals("Div")
                && divide.getInput(0).equals(square.getInput(0));
    }

    /**
     * The input turned channels-last, its square, and the window's sum as a matrix product with the
     * band (transposed: the convolution's weight is [out, in]) plus the bias, under the window's
     * own output name so the element-wise nodes after it read it unchanged.
     */
    private static List<OnnxMl.NodeProto> channelsLastStart(
            String prefix,
            Map<String, OnnxMl.NodeProto> byName,
            Map<String, OnnxMl.NodeProto> producers,
            Map<String, OnnxMl.TensorProto> initializers,
            OnnxMl.GraphProto.Builder graph) {
        OnnxMl.NodeProto square = byName.get(prefix + SQUARE);
        OnnxMl.NodeProto window = byName.get(prefix + WINDOW);
        OnnxMl.TensorProto band = initializers.get(window.getInput(1));
        int channels = (int) band.getDims(0);
        float[] weights = OnnxWeights.floats(band);
        float[] transposed = new float[channels * channels];
        for (int o = 0; o < channels; o++) {
            for (int i = 0; i < channels; i++) {
                transposed[i * channels + o] = weights[o * channels + i];
            }
        }
        graph.addInitializer(
                GraphParts.floats(
                        prefix + "band_channels_last",
                        new long[] {channels, channels},
                        transposed));

        List<OnnxMl.NodeProto> nodes = new ArrayList<>();
        String input = prefix + "input_channels_last";
        nodes.add(transpose(prefix + "to_channels_last", square.getInput(0), input, 0, 2, 3, 1));
        if (nonNegativeDequantized(producers.get(square.getInput(0)), initializers)) {
            // ONNX Runtime gives each reader of a DequantizeLinear its own copy (three here: the
            // square's two inputs and the division); a Relu, the identity on these values, as
            // the only reader makes it one. Measured: 155 → 280 images/s with the rest.
            String single = prefix + "input_read_once";
            nodes.add(GraphParts.node("Relu", single, List.of(input), single));
            input = single;
        }
        nodes.add(
                GraphParts.node(
                        "Mul", square.getName(), List.of(input, input), square.getOutput(0)));
        String sum = prefix + "window_sum";
        nodes.add(
                GraphParts.node(
                        "MatMul",
                        window.getName(),
                        List.of(square.getOutput(0), prefix + "band_channels_last"),
                        sum));
        nodes.add(
                GraphParts.node(
                        "Add",
                        prefix + "window_bias",
                        List.of(sum, window.getInput(2)),
                        window.getOutput(0)));
        return nodes;
    }

    /** The division on the channels-last input, then back to channels-first. */
    private static List<OnnxMl.NodeProto> channelsLastEnd(
            String prefix, String input, OnnxMl.NodeProto divide) {
        String quotient = prefix + "output_channels_last";
        List<OnnxMl.NodeProto> nodes = new ArrayList<>();
        nodes.add(
                GraphParts.node(
                        "Div", divide.getName(), List.of(input, divide.getInput(1)), quotient));
        nodes.add(
                transpose(prefix + "to_channels_first", quotient, divide.getOutput(0), 0, 3, 1, 2));
        return nodes;
    }

    /** Whether a tensor comes from a DequantizeLinear with zero point 0, so is never negative. */
    private static boolean nonNegativeDequantized(
            OnnxMl.NodeProto producer, Map<String, OnnxMl.TensorProto> initializers) {
        if (producer == null
                || !producer.getOpType().equals("DequantizeLinear")
                || producer.getInputCount() < 3) {
            return false;
        }
        OnnxMl.TensorProto zeroPoint = initializers.get(producer.getInput(2));
        return zeroPoint != null
                && zeroPoint.getDataType() == DataType.UINT8.getNumber()
                && zeroPoint.getRawData().size() == 1
                && zeroPoint.getRawData().byteAt(0) == 0;
    }

    private static String prefix(OnnxMl.NodeProto node, String suffix) {
        String name = node.getName();
        return name.endsWith("_expanded_" + suffix)
                ? name.substring(0, name.length() - suffix.length())
                : null;
    }

    private static OnnxMl.NodeProto transpose(
            String name, String input, String output, long... perm) {
        OnnxMl.AttributeProto.Builder attribute =
                OnnxMl.AttributeProto.newBuilder()
                        .setName("perm")
                        .setType(OnnxMl.AttributeProto.AttributeType.INTS);
        for (long p : perm) {
            attribute.addInts(p);
        }
        return GraphParts.node("Transpose", name, List.of(input), output).toBuilder()
                .addAttribute(attribute)
                .build();
    }
}
