package io.countersign.trainer.export;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.onnx.proto.OnnxMl;
import io.countersign.trainer.model.Layer;
import io.countersign.trainer.model.SigNetVariant;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an exported network's weights back into a SigNet block: the inverse of {@link
 * OnnxExporter}, so that a model directory (a shipped model, whose training checkpoint is not kept)
 * can be fine-tuned. Only the convolution and dense layers' {@code l<i>_weight} and {@code
 * l<i>_bias} initializers are read; whatever else the graph holds (the LRN rewrite's constants) is
 * derived from the variant.
 */
public final class OnnxWeights {

    private OnnxWeights() {}

    /**
     * Copies the weights of {@code onnx} into {@code block}, an initialised block of {@code
     * variant}.
     *
     * @throws IllegalArgumentException in one line naming the tensor, where the file lacks a
     *     layer's weights or holds them in another shape (a model of another variant, or an
     *     ensemble)
     */
    public static void load(Path onnx, SequentialBlock block, SigNetVariant variant)
            throws IOException {
        Map<String, OnnxMl.TensorProto> tensors = new HashMap<>();
        try (InputStream in = Files.newInputStream(onnx)) {
            for (OnnxMl.TensorProto t :
                    OnnxMl.ModelProto.parseFrom(in).getGraph().getInitializerList()) {
                // The exporter's names carry a counter suffix (l4_weight_0): key them without it.
                tensors.put(t.getName().replaceFirst("_\\d+$", ""), t);
            }
        }
        List<Layer> layers = variant.layers();
        List<Block> children = block.getChildren().values();
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) instanceof Layer.Conv || layers.get(i) instanceof Layer.Dense) {
                for (String kind : List.of("weight", "bias")) {
                    NDArray parameter = children.get(i).getParameters().get(kind).getArray();
                    parameter.set(values(tensors, "l" + i + "_" + kind, parameter, onnx, variant));
                }
            }
        }
    }

    private static float[] values(
            Map<String, OnnxMl.TensorProto> tensors,
            String name,
            NDArray parameter,
            Path onnx,
            SigNetVariant variant) {
        OnnxMl.TensorProto tensor = tensors.get(name);
        long[] expected = parameter.getShape().getShape();
        if (tensor == null) {
            throw new IllegalArgumentException(
                    onnx
                            + " has no tensor "
                            + name
                            + ": it is not a single "
                            + variant.id()
                            + " network exported by this trainer (an ensemble's networks cannot"
                            + " be fine-tuned together)");
        }
        long[] dims = tensor.getDimsList().stream().mapToLong(Long::longValue).toArray();
        if (!Arrays.equals(dims, expected)) {
            throw new IllegalArgumentException(
                    onnx
                            + ": tensor "
                            + name
                            + " has shape "
                            + Arrays.toString(dims)
                            + ", "
                            + variant.id()
                            + " needs "
                            + Arrays.toString(expected)
                            + ": give --variant the model's own architecture");
        }
        float[] values = floats(tensor);
        if (tensor.getDataType() != OnnxMl.TensorProto.DataType.FLOAT.getNumber()
                || values.length != Arrays.stream(expected).reduce(1, (a, b) -> a * b)) {
            throw new IllegalArgumentException(
                    onnx + ": tensor " + name + " is not float32 values of its shape");
        }
        return values;
    }

    /** A tensor's values as floats, from its float data or its little-endian raw bytes. */
    public static float[] floats(OnnxMl.TensorProto tensor) {
        if (tensor.getFloatDataCount() > 0) {
            float[] values = new float[tensor.getFloatDataCount()];
            for (int k = 0; k < values.length; k++) {
                values[k] = tensor.getFloatData(k);
            }
            return values;
        }
        FloatBuffer raw =
                tensor.getRawData()
                        .asReadOnlyByteBuffer()
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .asFloatBuffer();
        float[] values = new float[raw.remaining()];
        raw.get(values);
        return values;
    }
}
