package io.countersign.streams.inference;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import ai.onnxruntime.TensorInfo;
import io.countersign.core.model.ModelCard;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedder: one ONNX Runtime session, on CUDA or CPU, shared by all stream threads, merging
 * their concurrent batches (see {@link DynamicBatcher}).
 *
 * <p>The session is ONNX Runtime's own Java API, not DJL's Model and Predictor over its ONNX
 * Runtime engine: with the same session options DJL cost 18 % of the embedder's throughput at batch
 * 32 and 35–46 % at batch 1 ({@code countersign bench}, docs/benchmarks.md), and the service needs
 * nothing from it but a session run.
 */
public final class OnnxEmbedder implements Embedder {

    /** The ONNX file's name inside a model directory. */
    public static final String MODEL_FILE = "model.onnx";

    private static final Logger log = LoggerFactory.getLogger(OnnxEmbedder.class);

    private static final String SHIP_THE_CARD = "ship the card that was exported with this model";

    private final ModelCard card;
    private final String device;
    private final InferenceSettings settings;
    private final OrtEnvironment environment;
    private final OrtSession session;
    private final DynamicBatcher batcher;
    // Whether batches are padded to a warmed-up size: on CUDA (cuDNN re-tunes for every new
    // shape), and in tests that exercise that path without a GPU.
    private final boolean pads;
    // An all-zero image: the warm-up's input, and the padding on CUDA.
    private final float[] blank;
    // What the model itself sees, after the DynamicBatcher merged the callers' batches.
    private final LongAdder runs = new LongAdder();
    private final LongAdder runImages = new LongAdder();
    // The input tensor's memory, reused by every run: runs never overlap (the DynamicBatcher runs
    // one at a time, and the warm-up runs before anyone else can).
    private FloatBuffer input = FloatBuffer.allocate(0);

    private OnnxEmbedder(
            ModelCard card,
            String device,
            InferenceSettings settings,
            OrtEnvironment environment,
            OrtSession session,
            boolean pads) {
        this.card = card;
        this.device = device;
        this.pads = pads;
        this.settings = settings;
        this.environment = environment;
        this.session = session;
        this.batcher = new DynamicBatcher(this::runOnce, settings.maxBatch());
        this.blank = new float[card.inputHeight() * card.inputWidth()];
    }

    /**
     * Loads {@code model.onnx} and {@code model-card.json} from {@code modelDir}, checks that they
     * agree, chooses the device and warms every batch shape up.
     *
     * @throws IllegalStateException with a one-line reason when the model cannot be served
     */
    public static OnnxEmbedder open(Path modelDir, InferenceSettings settings) {
        return open(modelDir, settings, false);
    }

    /**
     * As {@link #open(Path, InferenceSettings)}; with {@code padAsOnCuda} batches are padded to the
     * warmed-up sizes as on CUDA whatever the device, so that the padded path is tested on hosts
     * without a GPU.
     */
    static OnnxEmbedder open(Path modelDir, InferenceSettings settings, boolean padAsOnCuda) {
        Path onnx = modelDir.resolve(MODEL_FILE);
        Path cardFile = modelDir.resolve(ModelCard.FILE_NAME);
        if (!Files.isRegularFile(onnx)) {
            throw new IllegalStateException(
                    "model.dir="
                            + modelDir
                            + " has no "
                            + MODEL_FILE
                            + ": point it at a trained model");
        }
        if (!Files.isRegularFile(cardFile)) {
            throw new IllegalStateException(
                    "model.dir="
                            + modelDir
                            + " has no "
                            + ModelCard.FILE_NAME
                            + ": export the model with ./countersign export");
        }
        ModelCard card = ModelCard.read(cardFile);
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        ExecutionProvider.Choice choice;
        OrtSession session;
        try {
            choice = ExecutionProvider.choose(settings);
            // The session copies its options when it is created.
            try (SessionOptions options = choice.options()) {
                session = environment.createSession(onnx.toString(), options);
            }
        } catch (OrtException e) {
            throw new IllegalStateException("cannot load " + onnx + ": " + e.getMessage(), e);
        }
        try {
            checkInput(session, card, modelDir);
            OnnxEmbedder embedder =
                    new OnnxEmbedder(
                            card,
                            choice.device(),
                            settings,
                            environment,
                            session,
                            padAsOnCuda || "cuda".equals(choice.device()));
            embedder.warmUp(modelDir);
            return embedder;
        } catch (OrtException | RuntimeException e) {
            RuntimeException failure =
                    e instanceof RuntimeException runtime
                            ? runtime
                            : new IllegalStateException(
                                    "cannot load " + onnx + ": " + e.getMessage(), e);
            try {
                session.close();
            } catch (OrtException closing) {
                failure.addSuppressed(closing);
            }
            throw failure;
        }
    }

    @Override
    public float[][] embed(List<float[]> images) {
        if (images.isEmpty()) {
            return new float[0][];
        }
        return batcher.embed(images);
    }

    @Override
    public boolean idle() {
        return batcher.idle();
    }

    @Override
    public ModelCard card() {
        return card;
    }

    @Override
    public String device() {
        return device;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("cannot close the model: " + e.getMessage(), e);
        }
    }

    /** Model runs so far (each one session run over one merged batch). */
    public long modelRuns() {
        return runs.sum();
    }

    /** Images embedded by those runs: divided by {@link #modelRuns()}, the batch the model sees. */
    public long modelRunImages() {
        return runImages.sum();
    }

    /** One model run over at most maxBatch images, padded on CUDA to a warmed-up size. */
    private float[][] runOnce(List<float[]> images) {
        int n = images.size();
        runs.increment();
        runImages.add(n);
        int rows = pads ? settings.paddedSize(n) : n;
        int size = card.inputHeight() * card.inputWidth();
        if (input.capacity() < rows * size) {
            input =
                    ByteBuffer.allocateDirect(rows * size * Float.BYTES)
                            .order(ByteOrder.nativeOrder())
                            .asFloatBuffer();
        }
        input.clear();
        for (int i = 0; i < n; i++) {
            float[] image = images.get(i);
            if (image.length != size) {
                throw new IllegalArgumentException(
                        "image " + i + " has " + image.length + " values, the model takes " + size);
            }
            input.put(image);
        }
        for (int i = n; i < rows; i++) {
            input.put(blank);
        }
        input.flip();
        long[] shape = {rows, 1, card.inputHeight(), card.inputWidth()};
        try (OnnxTensor batch = OnnxTensor.createTensor(environment, input, shape);
                OrtSession.Result result =
                        session.run(Map.of(card.inputName(), batch), Set.of(card.outputName()))) {
            FloatBuffer flat = ((OnnxTensor) result.get(0)).getFloatBuffer();
            int dim = flat.remaining() / rows;
            float[][] embeddings = new float[n][dim];
            for (int i = 0; i < n; i++) {
                flat.get(embeddings[i]);
            }
            return embeddings;
        } catch (OrtException e) {
            throw new IllegalStateException("model run failed: " + e.getMessage(), e);
        }
    }

    private void warmUp(Path modelDir) {
        long start = System.nanoTime();
        List<Integer> sizes = new ArrayList<>();
        if (pads) {
            sizes.addAll(settings.paddedSizes());
        } else {
            sizes.add(1);
            sizes.add(settings.maxBatch());
        }
        for (int size : sizes) {
            float[][] out;
            try {
                out = runOnce(Collections.nCopies(size, blank));
            } catch (RuntimeException e) {
                throw new IllegalStateException(doesNotRun(modelDir, card, firstLine(e)), e);
            }
            if (out[0].length != card.embeddingSize()) {
                throw new IllegalStateException(
                        "the model's embedding has "
                                + out[0].length
                                + " values but model-card.json says embeddingSize="
                                + card.embeddingSize());
            }
        }
        log.info(
                "Model {} ready on {}: warmed up batch sizes {} in {} ms",
                card.version(),
                device,
                sizes,
                (System.nanoTime() - start) / 1_000_000);
    }

    private static String doesNotRun(Path modelDir, ModelCard card, String why) {
        return "model.dir="
                + modelDir
                + ": model.onnx does not run on the 1x"
                + card.inputHeight()
                + "x"
                + card.inputWidth()
                + " input that model-card.json declares ("
                + why
                + "): "
                + SHIP_THE_CARD;
    }

    private static String firstLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null
                ? root.getClass().getSimpleName()
                : message.lines().findFirst().orElse("");
    }

    /**
     * Refuses a card whose input or output name the graph lacks, or whose image size its input
     * cannot take; dimensions the graph leaves dynamic (-1, as the batch always is) are left to the
     * warm-up.
     */
    private static void checkInput(OrtSession session, ModelCard card, Path modelDir)
            throws OrtException {
        Map<String, NodeInfo> inputs = session.getInputInfo();
        NodeInfo input = inputs.get(card.inputName());
        if (input == null) {
            throw new IllegalStateException(
                    missing(modelDir, "input", card.inputName(), inputs.keySet()));
        }
        if (!session.getOutputNames().contains(card.outputName())) {
            throw new IllegalStateException(
                    missing(modelDir, "output", card.outputName(), session.getOutputNames()));
        }
        if (!(input.getInfo() instanceof TensorInfo tensor)) {
            return; // Not a tensor: the warm-up says what is wrong with it.
        }
        long[] dims = tensor.getShape();
        boolean matches =
                dims.length == 4
                        && fits(dims[1], 1)
                        && fits(dims[2], card.inputHeight())
                        && fits(dims[3], card.inputWidth());
        if (!matches) {
            String shape =
                    LongStream.of(dims)
                            .mapToObj(d -> d < 0 ? "N" : Long.toString(d))
                            .collect(Collectors.joining("x"));
            throw new IllegalStateException(doesNotRun(modelDir, card, "it takes " + shape));
        }
    }

    private static boolean fits(long dim, int size) {
        return dim < 0 || dim == size;
    }

    private static String missing(Path modelDir, String kind, String name, Set<String> names) {
        return "model.dir="
                + modelDir
                + ": model.onnx has no "
                + kind
                + " '"
                + name
                + "' as model-card.json names it (it has "
                + names
                + "): "
                + SHIP_THE_CARD;
    }
}
