package io.countersign.trainer.export;

import ai.onnx.proto.OnnxMl;
import java.util.List;
import java.util.Objects;

/**
 * Joins exported embedding networks into one ONNX graph that reads the same {@code image} input and
 * outputs their embeddings side by side, each divided by its member's scale.
 *
 * <p>Why concatenate: the service compares embeddings by Euclidean distance, and the distance
 * between two concatenated embeddings is {@code sqrt(d1² + d2² ...)} of the members' distances. So
 * an ensemble needs no change to the service, the reference store or the scorer: it is a model with
 * a longer embedding. The scales put the members' distances in the same units (each member's
 * embedding spread on its training writers), or the member with the larger embeddings would decide
 * alone.
 */
public final class EnsembleGraph {

    /**
     * One network of the ensemble.
     *
     * @param model its ONNX model, input {@link OnnxExporter#INPUT}, output {@link
     *     OnnxExporter#OUTPUT}
     * @param embeddingSize the length of its embedding
     * @param scale what its embedding is divided by
     * @param input how the ensemble's input is re-standardised for it
     */
    public record Member(
            OnnxMl.ModelProto model, int embeddingSize, float scale, InputAdapter input) {

        public Member {
            if (!(scale > 0) || !Float.isFinite(scale)) {
                throw new IllegalArgumentException("member scale must be positive, was " + scale);
            }
            Objects.requireNonNull(input, "input");
        }

        /** A member that reads the ensemble's input as it is. */
        public Member(OnnxMl.ModelProto model, int embeddingSize, float scale) {
            this(model, embeddingSize, scale, InputAdapter.IDENTITY);
        }
    }

    /**
     * {@code x * gain + offset}: the ensemble's input, standardised with the first member's pixel
     * mean and deviation, as another member was trained to read it (its own mean and deviation, say
     * from training writers preprocessed by a later version). Exact, so members trained before and
     * after a change in preprocessing statistics can still be joined.
     */
    public record InputAdapter(float gain, float offset) {

        /** Reads the input unchanged. */
        public static final InputAdapter IDENTITY = new InputAdapter(1f, 0f);

        public InputAdapter {
            if (!(gain > 0) || !Float.isFinite(gain) || !Float.isFinite(offset)) {
                throw new IllegalArgumentException(
                        "input gain must be positive and offset finite, were "
                                + gain
                                + " and "
                                + offset);
            }
        }

        /**
         * From input standardised as {@code (p - servedMean) / servedStd} to {@code (p - ownMean) /
         * ownStd}.
         */
        public static InputAdapter between(
                float servedMean, float servedStd, float ownMean, float ownStd) {
            if (servedMean == ownMean && servedStd == ownStd) {
                return IDENTITY;
            }
            return new InputAdapter(servedStd / ownStd, (servedMean - ownMean) / ownStd);
        }

        /** This adapter applied to one standardised image. */
        public float[] apply(float[] image) {
            if (this.equals(IDENTITY)) {
                return image;
            }
            float[] adapted = new float[image.length];
            for (int i = 0; i < image.length; i++) {
                adapted[i] = image[i] * gain + offset;
            }
            return adapted;
        }
    }

    private EnsembleGraph() {}

    /** The joined model; members keep their weights, renamed {@code m<i>_...}. */
    public static OnnxMl.ModelProto join(List<Member> members, String name) {
        if (members.size() < 2) {
            throw new IllegalArgumentException("an ensemble needs at least two members");
        }
        OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder().setName(name);
        OnnxMl.NodeProto.Builder concat =
                OnnxMl.NodeProto.newBuilder()
                        .setOpType("Concat")
                        .setName("ensemble_concat")
                        .addOutput(OnnxExporter.OUTPUT)
                        .addAttribute(
                                OnnxMl.AttributeProto.newBuilder()
                                        .setName("axis")
                                        .setType(OnnxMl.AttributeProto.AttributeType.INT)
                                        .setI(1));
        long opset = 0;
        int size = 0;
        for (int i = 0; i < members.size(); i++) {
            Member member = members.get(i);
            String prefix = "m" + i + "_";
            // A member exported before LRN expansion gets it here: the ensemble runs at the speed
            // of freshly exported members whatever the age of their files.
            OnnxMl.GraphProto source = LrnExpansion.expand(member.model()).getGraph();
            requireInterface(source, i);
            String input = adaptedInput(graph, member.input(), prefix);
            for (OnnxMl.NodeProto node : source.getNodeList()) {
                graph.addNode(renamed(node, prefix, input));
            }
            for (OnnxMl.TensorProto tensor : source.getInitializerList()) {
                graph.addInitializer(tensor.toBuilder().setName(prefix + tensor.getName()));
            }
            String scaled = prefix + "scaled";
            graph.addInitializer(
                    OnnxMl.TensorProto.newBuilder()
                            .setName(prefix + "inverse_scale")
                            .setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
                            .addFloatData(1f / member.scale()));
            graph.addNode(
                    OnnxMl.NodeProto.newBuilder()
                            .setOpType("Mul")
                            .setName(prefix + "scale")
                            .addInput(prefix + OnnxExporter.OUTPUT)
                            .addInput(prefix + "inverse_scale")
                            .addOutput(scaled));
            concat.addInput(scaled);
            size += member.embeddingSize();
            for (OnnxMl.OperatorSetIdProto set : member.model().getOpsetImportList()) {
                if (set.getDomain().isEmpty()) {
                    opset = Math.max(opset, set.getVersion());
                }
            }
        }
        graph.addNode(concat);
        graph.addInput(members.get(0).model().getGraph().getInput(0));
        graph.addOutput(embeddingOutput(size));
        return OnnxMl.ModelProto.newBuilder()
                .setIrVersion(members.get(0).model().getIrVersion())
                .addOpsetImport(
                        OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
                .setProducerName("countersign-trainer")
                .setDocString("ensemble of " + members.size() + " SigNet embedding networks")
                .setGraph(graph)
                .build();
    }

    private static void requireInterface(OnnxMl.GraphProto graph, int index) {
        boolean input =
                graph.getInputCount() == 1
                        && graph.getInput(0).getName().equals(OnnxExporter.INPUT);
        boolean output =
                graph.getOutputCount() == 1
                        && graph.getOutput(0).getName().equals(OnnxExporter.OUTPUT);
        if (!input || !output) {
            throw new IllegalArgumentException(
                    "member "
                            + index
                            + " is not an exported embedding network: expected one input '"
                            + OnnxExporter.INPUT
                            + "' and one output '"
                            + OnnxExporter.OUTPUT
                            + "'");
        }
    }

    /**
     * The name of the tensor the member reads: the shared image input, or that input through the
     * member's {@link InputAdapter} (two nodes added to {@code graph}).
     */
    private static String adaptedInput(
            OnnxMl.GraphProto.Builder graph, InputAdapter adapter, String prefix) {
        if (adapter.equals(InputAdapter.IDENTITY)) {
            return OnnxExporter.INPUT;
        }
        graph.addInitializer(scalar(prefix + "input_gain", adapter.gain()));
        graph.addInitializer(scalar(prefix + "input_offset", adapter.offset()));
        graph.addNode(
                OnnxMl.NodeProto.newBuilder()
                        .setOpType("Mul")
                        .setName(prefix + "input_gain")
                        .addInput(OnnxExporter.INPUT)
                        .addInput(prefix + "input_gain")
                        .addOutput(prefix + "input_scaled"));
        graph.addNode(
                OnnxMl.NodeProto.newBuilder()
                        .setOpType("Add")
                        .setName(prefix + "input_offset")
                        .addInput(prefix + "input_scaled")
                        .addInput(prefix + "input_offset")
                        .addOutput(prefix + "input"));
        return prefix + "input";
    }

    private static OnnxMl.TensorProto scalar(String name, float value) {
        return OnnxMl.TensorProto.newBuilder()
                .setName(name)
                .setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
                .addFloatData(value)
                .build();
    }

    /** The node with every tensor name prefixed, the image input read as {@code input}. */
    private static OnnxMl.NodeProto renamed(OnnxMl.NodeProto node, String prefix, String input) {
        OnnxMl.NodeProto.Builder copy = node.toBuilder().clearInput().clearOutput();
        copy.setName(prefix + node.getName());
        for (String name : node.getInputList()) {
            copy.addInput(
                    name.isEmpty()
                            ? name
                            : name.equals(OnnxExporter.INPUT) ? input : prefix + name);
        }
        for (String output : node.getOutputList()) {
            copy.addOutput(prefix + output);
        }
        return copy.build();
    }

    private static OnnxMl.ValueInfoProto embeddingOutput(int size) {
        OnnxMl.TensorShapeProto shape =
                OnnxMl.TensorShapeProto.newBuilder()
                        .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("batch"))
                        .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(size))
                        .build();
        return OnnxMl.ValueInfoProto.newBuilder()
                .setName(OnnxExporter.OUTPUT)
                .setType(
                        OnnxMl.TypeProto.newBuilder()
                                .setTensorType(
                                        OnnxMl.TypeProto.Tensor.newBuilder()
                                                .setElemType(
                                                        OnnxMl.TensorProto.DataType.FLOAT
                                                                .getNumber())
                                                .setShape(shape)))
                .build();
    }
}
