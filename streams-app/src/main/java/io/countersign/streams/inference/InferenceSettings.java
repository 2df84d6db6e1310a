package io.countersign.streams.inference;

import java.util.List;

/**
 * How the embedder runs the model.
 *
 * @param device where to run: {@code auto} takes CUDA when it can be initialised, else CPU
 * @param cudaDeviceId which GPU when running on CUDA
 * @param intraOpThreads ONNX Runtime intra-op threads (0 = its default, one per core)
 * @param interOpThreads ONNX Runtime inter-op threads (0 = its default)
 * @param allowSpinning whether ONNX Runtime's intra-op threads busy-wait for work after a run (its
 *     default); off, they sleep and leave the cores to decoding and Kafka
 * @param optimizationLevel ONNX Runtime graph optimisation: NO_OPT, BASIC_OPT, EXTENDED_OPT,
 *     ALL_OPT
 * @param maxBatch the most images in one model run; larger requests are split
 * @param paddedSizes on CUDA, batches are padded up to one of these sizes, all warmed up at
 *     start-up, because cuDNN re-tunes its convolutions for every new input shape
 */
public record InferenceSettings(
        Device device,
        int cudaDeviceId,
        int intraOpThreads,
        int interOpThreads,
        boolean allowSpinning,
        String optimizationLevel,
        int maxBatch,
        List<Integer> paddedSizes) {

    /** The configured choice of execution provider. */
    public enum Device {
        AUTO,
        CUDA,
        CPU
    }

    public InferenceSettings {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("inference.max-batch must be at least 1");
        }
        paddedSizes = List.copyOf(paddedSizes);
        if (paddedSizes.isEmpty() || paddedSizes.stream().anyMatch(s -> s < 1)) {
            throw new IllegalArgumentException("inference.padded-sizes must be positive sizes");
        }
    }

    /** Auto device, ONNX Runtime's thread defaults, full optimisation, batches up to 32. */
    public static InferenceSettings defaults() {
        return new InferenceSettings(
                Device.AUTO, 0, 0, 0, false, "ALL_OPT", 32, List.of(1, 4, 8, 16, 32));
    }

    /** The smallest padded size that holds {@code n} images, or {@code n} beyond the largest. */
    public int paddedSize(int n) {
        return paddedSizes.stream().filter(s -> s >= n).min(Integer::compare).orElse(n);
    }
}
