package io.countersign.trainer.export;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.countersign.trainer.model.DjlRuntime;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.Random;

/**
 * Small ONNX graphs with an LRN, as the exporter wrote them before {@link LrnExpansion}: {@code
 * image} [batch, 1, H, W] → 3×3 convolution (stride 2) → Relu → LRN → Flatten → {@code embedding}.
 */
public final class LrnGraphs {

    private LrnGraphs() {}

    /** The graph with seeded random convolution weights. */
    public static OnnxMl.ModelProto convReluLrn(int channels, int size, float beta, long seed) {
        Random random = new Random(seed);
        OnnxMl.TensorProto.Builder weight =
                OnnxMl.TensorProto.newBuilder()
                        .setName("w")
                        .setDataType(DataType.FLOAT.getNumber())
                        .addDims(channels)
                        .addDims(1)
                        .addDims(3)
                        .addDims(3);
        for (int i = 0; i < channels * 9; i++) {
            weight.addFloatData((float) random.nextGaussian());
        }
        OnnxMl.TensorProto.Builder bias =
                OnnxMl.TensorProto.newBuilder()
                        .setName("b")
                        .setDataType(DataType.FLOAT.getNumber())
                        .addDims(channels);
        for (int i = 0; i < channels; i++) {
            bias.addFloatData((float) random.nextGaussian() * 0.1f);
        }
        OnnxMl.GraphProto graph =
                OnnxMl.GraphProto.newBuilder()
                        .setName("lrn-test")
                        .addInitializer(weight)
                        .addInitializer(bias)
                        .addNode(
                                node("Conv", "conv", "conv_out", "image", "w", "b")
                                        .addAttribute(ints("strides", 2, 2)))
                        .addNode(node("Relu", "relu", "relu_out", "conv_out"))
                        .addNode(
                                node("LRN", "lrn", "lrn_out", "relu_out")
                                        .addAttribute(intAttribute("size", size))
                                        .addAttribute(floatAttribute("alpha", 1e-2f))
                                        .addAttribute(floatAttribute("beta", beta))
                                        .addAttribute(floatAttribute("bias", 2f)))
                        .addNode(
                                node("Flatten", "flatten", "embedding", "lrn_out")
                                        .addAttribute(intAttribute("axis", 1)))
                        .addInput(tensor("image", "batch", "1", "height", "width"))
                        .addOutput(tensor("embedding", "batch", "features"))
                        .build();
        return OnnxMl.ModelProto.newBuilder()
                .setIrVersion(8)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
                .setGraph(graph)
                .build();
    }

    /**
     * A small SigNet-shaped graph, its LRN expanded as export writes it: {@code image} [batch, 1,
     * H, W] → 5×5 convolution (stride 2) → Relu → LRN → 3×3 max pool (stride 2) → 3×3 convolution →
     * Relu → 2×2 max pool → Flatten → {@code embedding}; seeded random weights.
     */
    public static OnnxMl.ModelProto signetShaped(int channels, long seed) {
        Random random = new Random(seed);
        OnnxMl.GraphProto graph =
                OnnxMl.GraphProto.newBuilder()
                        .setName("signet-shaped")
                        .addInitializer(gaussian("w1", random, channels, 1, 5, 5))
                        .addInitializer(gaussian("b1", random, channels))
                        .addInitializer(gaussian("w2", random, 2 * channels, channels, 3, 3))
                        .addInitializer(gaussian("b2", random, 2 * channels))
                        .addNode(
                                node("Conv", "conv1", "conv1_out", "image", "w1", "b1")
                                        .addAttribute(ints("strides", 2, 2)))
                        .addNode(node("Relu", "relu1", "relu1_out", "conv1_out"))
                        .addNode(
                                node("LRN", "lrn", "lrn_out", "relu1_out")
                                        .addAttribute(intAttribute("size", 5))
                                        .addAttribute(floatAttribute("alpha", 1e-2f))
                                        .addAttribute(floatAttribute("beta", 0.75f))
                                        .addAttribute(floatAttribute("bias", 2f)))
                        .addNode(
                                node("MaxPool", "pool1", "pool1_out", "lrn_out")
                                        .addAttribute(ints("kernel_shape", 3, 3))
                                        .addAttribute(ints("strides", 2, 2)))
                        .addNode(
                                node("Conv", "conv2", "conv2_out", "pool1_out", "w2", "b2")
                                        .addAttribute(ints("pads", 1, 1, 1, 1)))
                        .addNode(node("Relu", "relu2", "relu2_out", "conv2_out"))
                        .addNode(
                                node("MaxPool", "pool2", "pool2_out", "relu2_out")
                                        .addAttribute(ints("kernel_shape", 2, 2))
                                        .addAttribute(ints("strides", 2, 2)))
                        .addNode(
                                node("Flatten", "flatten", "embedding", "pool2_out")
                                        .addAttribute(intAttribute("axis", 1)))
                        .addInput(tensor("image", "batch", "1", "height", "width"))
                        .addOutput(tensor("embedding", "batch", "features"))
                        .build();
        return LrnExpansion.expand(
                OnnxMl.ModelProto.newBuilder()
                        .setIrVersion(8)
                        .addOpsetImport(
                                OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
                        .setGraph(graph)
                        .build());
    }

    /** Weights drawn as He et al. initialise them (a bias: a tenth of that). */
    private static OnnxMl.TensorProto gaussian(String name, Random random, long... dims) {
        OnnxMl.TensorProto.Builder t =
                OnnxMl.TensorProto.newBuilder()
                        .setName(name)
                        .setDataType(DataType.FLOAT.getNumber());
        long count = 1;
        for (long d : dims) {
            t.addDims(d);
            count *= d;
        }
        double std = dims.length > 1 ? Math.sqrt(2.0 * dims[0] / count) : 0.1;
        for (long i = 0; i < count; i++) {
            t.addFloatData((float) (random.nextGaussian() * std));
        }
        return t.build();
    }

    /** The graph's output for one input, through ONNX Runtime. */
    public static float[] run(OnnxMl.ModelProto model, float[] image, long[] shape)
            throws OrtException {
        // DJL's engine creates the process's one OrtEnvironment with its own thread pool, and
        // fails if one exists: let it, whichever test runs first in this JVM.
        DjlRuntime.onnxRuntime();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
                OrtSession session = env.createSession(model.toByteArray(), options);
                OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(image), shape);
                OrtSession.Result result = session.run(Map.of("image", x))) {
            float[][] out = (float[][]) result.get(0).getValue();
            float[] flat = new float[out.length * out[0].length];
            for (int i = 0; i < out.length; i++) {
                System.arraycopy(out[i], 0, flat, i * out[0].length, out[0].length);
            }
            return flat;
        }
    }

    private static OnnxMl.NodeProto.Builder node(
            String op, String name, String output, String... inputs) {
        return OnnxMl.NodeProto.newBuilder()
                .setOpType(op)
                .setName(name)
                .addOutput(output)
                .addAllInput(java.util.List.of(inputs));
    }

    private static OnnxMl.AttributeProto intAttribute(String name, long value) {
        return OnnxMl.AttributeProto.newBuilder()
                .setName(name)
                .setType(OnnxMl.AttributeProto.AttributeType.INT)
                .setI(value)
                .build();
    }

    private static OnnxMl.AttributeProto floatAttribute(String name, float value) {
        return OnnxMl.AttributeProto.newBuilder()
                .setName(name)
                .setType(OnnxMl.AttributeProto.AttributeType.FLOAT)
                .setF(value)
                .build();
    }

    private static OnnxMl.AttributeProto ints(String name, long... values) {
        OnnxMl.AttributeProto.Builder a =
                OnnxMl.AttributeProto.newBuilder()
                        .setName(name)
                        .setType(OnnxMl.AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    private static OnnxMl.ValueInfoProto tensor(String name, String... dims) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
        for (String d : dims) {
            OnnxMl.TensorShapeProto.Dimension.Builder dim =
                    OnnxMl.TensorShapeProto.Dimension.newBuilder();
            if (d.chars().allMatch(Character::isDigit)) {
                dim.setDimValue(Long.parseLong(d));
            } else {
                dim.setDimParam(d);
            }
            shape.addDim(dim);
        }
        return OnnxMl.ValueInfoProto.newBuilder()
                .setName(name)
                .setType(
                        OnnxMl.TypeProto.newBuilder()
                                .setTensorType(
                                        OnnxMl.TypeProto.Tensor.newBuilder()
                                                .setElemType(DataType.FLOAT.getNumber())
                                                .setShape(shape)))
                .build();
    }
}
