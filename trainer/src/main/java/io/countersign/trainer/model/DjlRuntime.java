package io.countersign.trainer.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.lang.reflect.Field;
import java.util.Locale;

/**
 * Starts DJL engines offline: the native PyTorch library comes from the pytorch-native jar on the
 * classpath and nothing is downloaded or reported over the network.
 */
public final class DjlRuntime {

    /** The engine that trains. */
    public static final String PYTORCH = "PyTorch";

    /** The engine that serves, as in the streaming service. */
    public static final String ONNX_RUNTIME = "OnnxRuntime";

    private DjlRuntime() {}

    /**
     * Forces DJL offline; must run before any engine loads (DJL reads the property once, and
     * without it its telemetry probes the network).
     */
    public static void goOffline() {
        System.setProperty("ai.djl.offline", "true");
        if (System.getProperty("OPT_OUT_TRACKING") == null) {
            System.setProperty("OPT_OUT_TRACKING", "true");
        }
    }

    /** The PyTorch engine, started offline. */
    public static Engine pytorch() {
        goOffline();
        return Engine.getEngine(PYTORCH);
    }

    /** The ONNX Runtime engine, started offline, its NDArrays on the CPU. */
    public static Engine onnxRuntime() {
        goOffline();
        Engine engine = Engine.getEngine(ONNX_RUNTIME);
        pinToCpu(engine);
        return engine;
    }

    /**
     * DJL resolves an engine's default device lazily, and for ONNX Runtime that means a {@code
     * SessionOptions.addCUDA()} probe which, on a host without CUDA, prints a native "Failed to
     * load library libonnxruntime_providers_cuda.so" and a WARN. Evaluation runs ONNX Runtime on
     * the CPU with host tensors, so the answer is known; DJL has no setting for it, hence the field
     * (if a later DJL renames it, the probe merely comes back). The service runs ONNX Runtime
     * without DJL and needs none of this.
     */
    private static void pinToCpu(Engine engine) {
        try {
            Field field = Engine.class.getDeclaredField("defaultDevice");
            field.setAccessible(true);
            if (field.get(engine) == null) {
                field.set(engine, Device.cpu());
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // Keep DJL's own behaviour: it probes, warns and falls back to the CPU.
        }
    }

    /**
     * Resolves {@code cpu} or {@code gpu} to a device of the PyTorch engine; {@code gpu} fails with
     * a clear message where the loaded native library sees no GPU.
     */
    public static Device device(String name) {
        Engine engine = pytorch();
        switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "cpu":
                return Device.cpu();
            case "gpu":
            case "cuda":
                if (engine.getGpuCount() == 0) {
                    throw new IllegalArgumentException(
                            "--device gpu: the PyTorch native library in use sees no GPU; put"
                                    + " pytorch-native-cu* on the classpath or set"
                                    + " PYTORCH_LIBRARY_PATH (see docs/training.md), or use"
                                    + " --device cpu");
                }
                return Device.gpu();
            default:
                throw new IllegalArgumentException("unknown device '" + name + "': use cpu or gpu");
        }
    }
}
