package io.countersign.trainer.export;

import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.tribuo.util.onnx.ONNXAttribute;
import org.tribuo.util.onnx.ONNXOperator;

/**
 * The convolutional-network operators that tribuo's own {@code ONNXOperators} lacks, in the default
 * ONNX domain at opset 13.
 */
public enum ConvNetOperator implements ONNXOperator {
    /** 2-D convolution: X, W, optional B. */
    CONV(
            "Conv",
            2,
            1,
            attribute("kernel_shape", AttributeType.INTS),
            attribute("strides", AttributeType.INTS),
            attribute("pads", AttributeType.INTS)),
    /** Rectified linear unit. */
    RELU("Relu", 1, 0),
    /** Local response normalisation across channels. */
    LRN(
            "LRN",
            1,
            0,
            attribute("size", AttributeType.INT),
            attribute("alpha", AttributeType.FLOAT),
            attribute("beta", AttributeType.FLOAT),
            attribute("bias", AttributeType.FLOAT)),
    /** Max pooling. */
    MAX_POOL(
            "MaxPool",
            1,
            0,
            attribute("kernel_shape", AttributeType.INTS),
            attribute("strides", AttributeType.INTS)),
    /** Flattens to 2-D from an axis. */
    FLATTEN("Flatten", 1, 0, attribute("axis", AttributeType.INT)),
    /** Divides by the Lp norm along an axis. */
    LP_NORMALIZATION(
            "LpNormalization",
            1,
            0,
            attribute("axis", AttributeType.INT),
            attribute("p", AttributeType.INT)),
    /** Smallest element over the axes (an attribute at opset 13). */
    REDUCE_MIN(
            "ReduceMin",
            1,
            0,
            attribute("axes", AttributeType.INTS),
            attribute("keepdims", AttributeType.INT)),
    /** Largest element over the axes (an attribute at opset 13). */
    REDUCE_MAX(
            "ReduceMax",
            1,
            0,
            attribute("axes", AttributeType.INTS),
            attribute("keepdims", AttributeType.INT)),
    /** Sum over the axes, given as a second input (int64) at opset 13. */
    REDUCE_SUM("ReduceSum", 1, 1, attribute("keepdims", AttributeType.INT)),
    /** Element-wise maximum of two tensors, broadcast. */
    MAX("Max", 2, 0);

    /** The opset these operators are written against. */
    public static final int OPSET = 13;

    private final String opName;
    private final int inputs;
    private final int optionalInputs;
    private final Map<String, ONNXAttribute> attributes;

    ConvNetOperator(String opName, int inputs, int optionalInputs, ONNXAttribute... attributes) {
        this.opName = opName;
        this.inputs = inputs;
        this.optionalInputs = optionalInputs;
        Map<String, ONNXAttribute> byName = new LinkedHashMap<>();
        for (ONNXAttribute a : attributes) {
            byName.put(a.getName(), a);
        }
        this.attributes = Collections.unmodifiableMap(byName);
    }

    private static ONNXAttribute attribute(String name, AttributeType type) {
        return new ONNXAttribute(name, type, false);
    }

    @Override
    public String getOpName() {
        return opName;
    }

    @Override
    public int getNumInputs() {
        return inputs;
    }

    @Override
    public int getNumOptionalInputs() {
        return optionalInputs;
    }

    @Override
    public int getNumOutputs() {
        return 1;
    }

    @Override
    public Map<String, ONNXAttribute> getAttributes() {
        return attributes;
    }

    @Override
    public Set<String> getMandatoryAttributeNames() {
        return Collections.emptySet();
    }

    @Override
    public int getOpVersion() {
        return OPSET;
    }

    @Override
    public String getOpDomain() {
        // The default ONNX domain is the empty string; null would fail in opsetProto().
        return "";
    }
}
