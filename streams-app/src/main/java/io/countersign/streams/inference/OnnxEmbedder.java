package io.countersign.streams.inference;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import ai.djl.util.PairList;
import ai.onnxruntime.OrtException;
import io.countersign.core.model.ModelCard;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedder: one ONNX Runtime session through DJL, on CUDA or CPU, shared by all stream threads,
 * merging their concurrent batches (see {@link DynamicBatcher}).
 */
public final class OnnxEmbedder implements Embedder {

    /** The ONNX file's name inside a model directory. */
    public static final String MODEL_FILE = "model.onnx";

    private static final Logger log = LoggerFactory.getLogger(OnnxEmbedder.class);

    private final ModelCard card;
    private final String device;
    private final InferenceSettings settings;
    private final Model model;
    private final Predictor<NDList, NDList> predictor;
    private final DynamicBatcher batcher;
    // What the model itself sees, after the DynamicBatcher merged the callers' batches.
    private final LongAdder runs = new LongAdder();
    private final LongAdder runImages = new LongAdder();

    private OnnxEmbedder(ModelCard card, String device, InferenceSettings settings, Model model) {
        this.card = card;
        this.device = device;
        this.settings = settings;
        this.model = model;
        this.predictor = model.newPredictor(new NoopTranslator());
        this.batcher = new DynamicBatcher(this::runOnce, settings.maxBatch());
    }

    /**
     * Loads {@code model.onnx} and {@code model-card.json} from {@code modelDir}, checks that they
     * agree, chooses the device and warms every batch shape up.
     *
     * @throws IllegalStateException with a one-line reason when the model cannot be served
     */
    public static OnnxEmbedder open(Path modelDir, InferenceSettings settings) {
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
        // DJL's engine must create the ONNX Runtime environment before anyone else does.
        DjlDefaultDevice.pinToCpu(Engine.getEngine("OnnxRuntime"));
        Model model = Model.newInstance(card.version(), Device.cpu(), "OnnxRuntime");
        try {
            ExecutionProvider.Choice choice = ExecutionProvider.choose(settings);
            model.load(modelDir, "model", Map.of("sessionOptions", choice.options()));
            checkInput(model, card, modelDir);
            OnnxEmbedder embedder = new OnnxEmbedder(card, choice.device(), settings, model);
            embedder.warmUp(modelDir);
            return embedder;
        } catch (OrtException | IOException | MalformedModelException e) {
            model.close();
            throw new IllegalStateException("cannot load " + onnx + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            model.close();
            throw e;
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
        predictor.close();
        model.close();
    }

    /** One model run over at most maxBatch images, padded on CUDA to a warmed-up size. */
    /** Model runs so far (each one session run over one merged batch). */
    public long modelRuns() {
        return runs.sum();
    }

    /** Images embedded by those runs: divided by {@link #modelRuns()}, the batch the model sees. */
    public long modelRunImages() {
        return runImages.sum();
    }

    private float[][] runOnce(List<float[]> images) {
        int n = images.size();
        runs.increment();
        runImages.add(n);
        int rows = "cuda".equals(device) ? settings.paddedSize(n) : n;
        int size = card.inputHeight() * card.inputWidth();
        float[] input = new float[rows * size];
        for (int i = 0; i < n; i++) {
            float[] image = images.get(i);
            if (image.length != size) {
                throw new IllegalArgumentException(
                        "image " + i + " has " + image.length + " values, the model takes " + size);
            }
            System.arraycopy(image, 0, input, i * size, size);
        }
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDArray batch =
                    manager.create(
                            input, new Shape(rows, 1, card.inputHeight(), card.inputWidth()));
            NDList output = predictor.predict(new NDList(batch));
            float[] flat = output.singletonOrThrow().toFloatArray();
            int dim = flat.length / rows;
            float[][] embeddings = new float[n][dim];
            for (int i = 0; i < n; i++) {
                System.arraycopy(flat, i * dim, embeddings[i], 0, dim);
            }
            return embeddings;
        } catch (TranslateException e) {
            throw new IllegalStateException("model run failed: " + e.getMessage(), e);
        }
    }

    private void warmUp(Path modelDir) {
        long start = System.nanoTime();
        List<Integer> sizes = new ArrayList<>();
        if ("cuda".equals(device)) {
            sizes.addAll(settings.paddedSizes());
        } else {
            sizes.add(1);
            sizes.add(settings.maxBatch());
        }
        float[] blank = new float[card.inputHeight() * card.inputWidth()];
        for (int size : sizes) {
            float[][] out;
            try {
                out = runOnce(Collections.nCopies(size, blank));
            } catch (RuntimeException e) {
                throw new IllegalStateException(
                        "model.dir="
                                + modelDir
                                + ": model.onnx does not run on the 1x"
                                + card.inputHeight()
                                + "x"
                                + card.inputWidth()
                                + " input that model-card.json declares ("
                                + firstLine(e)
                                + "): ship the card that was exported with this model",
                        e);
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

    private static void checkInput(Model model, ModelCard card, Path modelDir) {
        PairList<String, Shape> inputs = model.describeInput();
        if (inputs == null || inputs.size() != 1 || inputs.get(0).getValue() == null) {
            return; // ONNX Runtime describes no shapes before a run: the warm-up checks them.
        }
        Shape shape = inputs.get(0).getValue();
        long[] dims = shape.getShape();
        boolean matches =
                dims.length == 4
                        && dims[1] == 1
                        && dims[2] == card.inputHeight()
                        && dims[3] == card.inputWidth();
        if (!matches) {
            throw new IllegalStateException(
                    "model.dir="
                            + modelDir
                            + ": model.onnx takes input "
                            + shape
                            + " but model-card.json says 1x"
                            + card.inputHeight()
                            + "x"
                            + card.inputWidth()
                            + ": ship the card that was exported with this model");
        }
    }
}
