package io.countersign.trainer.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
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

    /** The ONNX Runtime engine, started offline. */
    public static Engine onnxRuntime() {
        goOffline();
        return Engine.getEngine(ONNX_RUNTIME);
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
