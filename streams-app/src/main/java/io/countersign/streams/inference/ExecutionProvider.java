package io.countersign.streams.inference;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession.SessionOptions;
import ai.onnxruntime.providers.OrtCUDAProviderOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the ONNX Runtime execution provider: CUDA where it initialises, CPU otherwise, and a
 * clear start-up failure when CUDA is demanded but unusable.
 */
final class ExecutionProvider {

    private static final Logger log = LoggerFactory.getLogger(ExecutionProvider.class);

    /** Session options and the device they run on ({@code cuda} or {@code cpu}). */
    record Choice(SessionOptions options, String device) {}

    private ExecutionProvider() {}

    static Choice choose(InferenceSettings settings) throws OrtException {
        if (settings.device() == InferenceSettings.Device.AUTO && !nvidiaDriverPresent()) {
            // Asking ONNX Runtime anyway would only make its native code log an error about
            // missing CUDA libraries on every CPU node.
            log.info(
                    "Inference device: cpu (inference.device=auto; CUDA unavailable: no NVIDIA"
                            + " driver on this host)");
        } else if (settings.device() != InferenceSettings.Device.CPU && !cudaBuild()) {
            // The default build carries the CPU-only ONNX Runtime; the GPU image is built -Pgpu.
            String why =
                    "this build's ONNX Runtime has no CUDA execution provider (the CPU build;"
                            + " the GPU image, built with -Pgpu, carries onnxruntime_gpu)";
            if (settings.device() == InferenceSettings.Device.CUDA) {
                throw new IllegalStateException(
                        "inference.device=cuda but CUDA could not be initialised on device "
                                + settings.cudaDeviceId()
                                + " ("
                                + why
                                + "): run the GPU image, or set inference.device=auto or cpu");
            }
            log.info("Inference device: cpu (inference.device=auto; {})", why);
        } else if (settings.device() != InferenceSettings.Device.CPU) {
            SessionOptions cuda = baseOptions(settings);
            try (OrtCUDAProviderOptions provider =
                    new OrtCUDAProviderOptions(settings.cudaDeviceId())) {
                // Exhaustive cuDNN search costs hundreds of ms per new shape; heuristics are
                // close enough for SigNet's convolutions.
                provider.add("cudnn_conv_algo_search", "HEURISTIC");
                cuda.addCUDA(provider);
                log.info(
                        "Inference device: cuda:{} (inference.device={})",
                        settings.cudaDeviceId(),
                        name(settings.device()));
                return new Choice(cuda, "cuda");
            } catch (OrtException | RuntimeException | LinkageError e) {
                cuda.close();
                if (settings.device() == InferenceSettings.Device.CUDA) {
                    throw new IllegalStateException(
                            "inference.device=cuda but CUDA could not be initialised on device "
                                    + settings.cudaDeviceId()
                                    + " ("
                                    + firstLine(e.getMessage())
                                    + "): install the NVIDIA driver, CUDA 12 and cuDNN 9, or set"
                                    + " inference.device=auto or cpu",
                            e);
                }
                log.info(
                        "Inference device: cpu (inference.device=auto; CUDA unavailable: {})",
                        firstLine(e.getMessage()));
            }
        } else {
            log.info("Inference device: cpu (inference.device=cpu)");
        }
        return new Choice(baseOptions(settings), "cpu");
    }

    /** Whether the ONNX Runtime on the classpath was built with the CUDA execution provider. */
    private static boolean cudaBuild() {
        return OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA);
    }

    /** The kernel driver's files, present on GPU hosts and in containers given a GPU. */
    private static boolean nvidiaDriverPresent() {
        return Files.exists(Path.of("/proc/driver/nvidia/version"))
                || Files.exists(Path.of("/dev/nvidiactl"));
    }

    private static SessionOptions baseOptions(InferenceSettings settings) throws OrtException {
        SessionOptions options = new SessionOptions();
        if (settings.intraOpThreads() > 0) {
            options.setIntraOpNumThreads(settings.intraOpThreads());
        }
        if (settings.interOpThreads() > 0) {
            options.setInterOpNumThreads(settings.interOpThreads());
        }
        // ONNX Runtime's worker threads spin after each run waiting for the next; on a node where
        // the same cores decode images and run Kafka clients that spinning is stolen time.
        options.addConfigEntry(
                "session.intra_op.allow_spinning", settings.allowSpinning() ? "1" : "0");
        options.addConfigEntry(
                "session.inter_op.allow_spinning", settings.allowSpinning() ? "1" : "0");
        options.setOptimizationLevel(
                SessionOptions.OptLevel.valueOf(
                        settings.optimizationLevel().toUpperCase(Locale.ROOT)));
        return options;
    }

    private static String name(InferenceSettings.Device device) {
        return device.name().toLowerCase(Locale.ROOT);
    }

    private static String firstLine(String message) {
        return message == null ? "no detail" : message.lines().findFirst().orElse("no detail");
    }
}
