package io.countersign.trainer.export;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.onnx.proto.OnnxMl;
import io.countersign.trainer.model.Layer;
import io.countersign.trainer.model.SigNet;
import io.countersign.trainer.model.SigNetVariant;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXInitializer;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXPlaceholder;
import org.tribuo.util.onnx.ONNXRef;

/**
 * Writes a trained SigNet block as an ONNX model (opset 13) with input {@code image} [batch, 1, H,
 * W] and output {@code embedding} [batch, 128], from the same layer list that built the block.
 */
public final class OnnxExporter {

    /** Name of the graph input. */
    public static final String INPUT = "image";

    /** Name of the graph output. */
    public static final String OUTPUT = "embedding";

    private static final String BATCH = "batch";

    private OnnxExporter() {}

    /** Writes the model to a file. */
    public static void write(SequentialBlock block, SigNetVariant variant, Path file)
            throws IOException {
        OnnxMl.ModelProto model = toModel(block, variant);
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        try (OutputStream out = Files.newOutputStream(file)) {
            model.writeTo(out);
        }
    }

    /**
     * Builds the ONNX model from an initialised block of the given variant, its LRN layers written
     * as the faster operators of {@link LrnExpansion}.
     */
    public static OnnxMl.ModelProto toModel(SequentialBlock block, SigNetVariant variant) {
        List<Layer> layers = variant.layers();
        List<Block> children = block.getChildren().values();
        if (children.size() != layers.size()) {
            throw new IllegalArgumentException(
                    "block has "
                            + children.size()
                            + " children, "
                            + variant
                            + " has "
                            + layers.size());
        }
        ONNXContext context = new ONNXContext();
        context.setName(variant.id());
        ONNXPlaceholder input = context.floatInput(INPUT, 1);
        ONNXPlaceholder output = context.floatOutput(OUTPUT, SigNetVariant.EMBEDDING_SIZE);
        ONNXRef<?> current = input;
        for (int i = 0; i < layers.size(); i++) {
            current = append(context, current, layers.get(i), children.get(i), i);
        }
        context.assignTo(current, output);
        OnnxMl.GraphProto graph = context.buildGraph();
        // ONNXContext only declares 2-D inputs: replace it with the image tensor type.
        OnnxMl.GraphProto.Builder fixed = graph.toBuilder();
        fixed.setInput(0, imageInput());
        return LrnExpansion.expand(
                OnnxMl.ModelProto.newBuilder()
                        .setIrVersion(8)
                        .addOpsetImport(
                                OnnxMl.OperatorSetIdProto.newBuilder()
                                        .setDomain("")
                                        .setVersion(ConvNetOperator.OPSET))
                        .setProducerName("countersign-trainer")
                        .setDocString("SigNet " + variant.id() + " embedding network")
                        .setGraph(fixed)
                        .build());
    }

    private static ONNXRef<?> append(
            ONNXContext context, ONNXRef<?> in, Layer layer, Block block, int index) {
        String name = "l" + index;
        if (layer instanceof Layer.Conv c) {
            List<ONNXRef<?>> params =
                    List.of(weight(context, block, name), bias(context, block, name));
            int[] k = {c.kernel(), c.kernel()};
            int[] s = {c.stride(), c.stride()};
            int[] p = {c.padding(), c.padding(), c.padding(), c.padding()};
            return in.apply(
                            ConvNetOperator.CONV,
                            params,
                            List.of(name + "_conv"),
                            Map.of("kernel_shape", k, "strides", s, "pads", p))
                    .get(0);
        } else if (layer instanceof Layer.Relu) {
            return in.apply(ConvNetOperator.RELU, name + "_relu");
        } else if (layer instanceof Layer.Lrn l) {
            Map<String, Object> attributes =
                    Map.of("size", l.size(), "alpha", l.alpha(), "beta", l.beta(), "bias", l.k());
            return in.apply(ConvNetOperator.LRN, List.of(), List.of(name + "_lrn"), attributes)
                    .get(0);
        } else if (layer instanceof Layer.MaxPool p) {
            Map<String, Object> attributes =
                    Map.of(
                            "kernel_shape", new int[] {p.kernel(), p.kernel()},
                            "strides", new int[] {p.stride(), p.stride()});
            return in.apply(
                            ConvNetOperator.MAX_POOL,
                            List.of(),
                            List.of(name + "_pool"),
                            attributes)
                    .get(0);
        } else if (layer instanceof Layer.Dropout) {
            return in; // the identity at inference
        } else if (layer instanceof Layer.Flatten) {
            return in.apply(
                            ConvNetOperator.FLATTEN,
                            List.of(),
                            List.of(name + "_flat"),
                            Map.of("axis", 1))
                    .get(0);
        } else if (layer instanceof Layer.Dense) {
            List<ONNXRef<?>> params =
                    List.of(weight(context, block, name), bias(context, block, name));
            // DJL's Linear keeps W as (out, in): Gemm computes X W^T + b with transB = 1.
            return in.apply(
                            ONNXOperators.GEMM,
                            params,
                            List.of(name + "_gemm"),
                            Map.of("transB", 1))
                    .get(0);
        } else if (layer instanceof Layer.InkLevel ink) {
            return inkLevel(context, in, ink, name);
        } else if (layer instanceof Layer.L2Normalize) {
            return in.apply(
                            ConvNetOperator.LP_NORMALIZATION,
                            List.of(),
                            List.of(name + "_l2"),
                            Map.of("axis", 1, "p", 2))
                    .get(0);
        }
        throw new IllegalArgumentException("cannot export layer " + layer);
    }

    /** {@link Layer.InkLevel}: the operations of {@code SigNet.inkLevel}, in the same order. */
    private static ONNXRef<?> inkLevel(
            ONNXContext context, ONNXRef<?> in, Layer.InkLevel ink, String name) {
        Map<String, Object> perImage = Map.of("axes", new int[] {1, 2, 3}, "keepdims", 1);
        ONNXInitializer imageAxes = context.array(name + "_axes", new long[] {1, 2, 3});
        ONNXRef<?> paper = reduce(in, ConvNetOperator.REDUCE_MIN, perImage, name + "_paper");
        ONNXRef<?> fromPaper = in.apply(ONNXOperators.SUB, paper, name + "_from_paper");
        ONNXRef<?> highest =
                reduce(fromPaper, ConvNetOperator.REDUCE_MAX, perImage, name + "_highest");
        ONNXRef<?> cut =
                highest.apply(
                        ONNXOperators.MUL,
                        context.constant(name + "_fraction", ink.inkFraction()),
                        name + "_cut");
        ONNXRef<?> isInk =
                fromPaper.apply(ONNXOperators.GREATER, cut, name + "_above_cut").cast(float.class);
        ONNXRef<?> inkSum =
                sum(
                        fromPaper.apply(ONNXOperators.MUL, isInk, name + "_ink"),
                        imageAxes,
                        name + "_ink_sum");
        ONNXRef<?> inkCount =
                sum(isInk, imageAxes, name + "_ink_pixels")
                        .apply(
                                ConvNetOperator.MAX,
                                context.constant(name + "_one", 1f),
                                name + "_ink_count");
        ONNXRef<?> level =
                inkSum.apply(ONNXOperators.DIV, inkCount, name + "_mean_ink")
                        .apply(
                                ConvNetOperator.MAX,
                                context.constant(name + "_floor", SigNet.INK_LEVEL_FLOOR),
                                name + "_level");
        return fromPaper.apply(ONNXOperators.DIV, level, name + "_at_ink_level");
    }

    private static ONNXRef<?> reduce(
            ONNXRef<?> in, ConvNetOperator op, Map<String, Object> attributes, String name) {
        return in.apply(op, List.of(), List.of(name), attributes).get(0);
    }

    private static ONNXRef<?> sum(ONNXRef<?> in, ONNXInitializer axes, String name) {
        return in.apply(
                        ConvNetOperator.REDUCE_SUM,
                        List.of(axes),
                        List.of(name),
                        Map.of("keepdims", 1))
                .get(0);
    }

    private static ONNXInitializer weight(ONNXContext context, Block block, String name) {
        return tensor(context, block.getParameters().get("weight").getArray(), name + "_weight");
    }

    private static ONNXInitializer bias(ONNXContext context, Block block, String name) {
        return tensor(context, block.getParameters().get("bias").getArray(), name + "_bias");
    }

    private static ONNXInitializer tensor(ONNXContext context, NDArray array, String name) {
        List<Integer> dims = new ArrayList<>();
        Arrays.stream(array.getShape().getShape()).forEach(d -> dims.add((int) d));
        float[] values = array.toFloatArray();
        return context.floatTensor(name, dims, buffer -> buffer.put(values));
    }

    private static OnnxMl.ValueInfoProto imageInput() {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
        shape.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH));
        for (long d : new long[] {1, SigNetVariant.HEIGHT, SigNetVariant.WIDTH}) {
            shape.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        OnnxMl.TypeProto type =
                OnnxMl.TypeProto.newBuilder()
                        .setTensorType(
                                OnnxMl.TypeProto.Tensor.newBuilder()
                                        .setElemType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
                                        .setShape(shape))
                        .build();
        return OnnxMl.ValueInfoProto.newBuilder().setName(INPUT).setType(type).build();
    }
}
