package io.countersign.streams.inference;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.lang.reflect.Field;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells DJL's ONNX Runtime engine that its NDArrays live on the CPU before it asks, so that it does
 * not probe for a GPU by loading ONNX Runtime's CUDA provider.
 */
final class DjlDefaultDevice {

    private static final Logger log = LoggerFactory.getLogger(DjlDefaultDevice.class);

    private DjlDefaultDevice() {}

    /**
     * DJL 0.36 resolves an engine's default device lazily, and the first NDManager of its ONNX
     * Runtime engine asks for it: {@code OrtEngine.hasCapability("CUDA")} then calls {@code
     * SessionOptions.addCUDA()} on every host, which on one without CUDA prints a native
     * "[E:onnxruntime] Failed to load library libonnxruntime_providers_cuda.so" and a WARN. Our
     * tensors are always host memory (the Java API has no IOBinding; {@link ExecutionProvider}
     * alone decides where the model runs), so the answer is known: CPU. DJL has no setting for it,
     * hence the field. Should a later DJL rename it, the probe merely comes back (and DemoIT, which
     * fails on any WARN, says so).
     */
    static void pinToCpu(Engine engine) {
        try {
            Field field = Engine.class.getDeclaredField("defaultDevice");
            field.setAccessible(true);
            if (field.get(engine) == null) {
                field.set(engine, Device.cpu());
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.debug("Could not set DJL's default device; it will probe for CUDA itself", e);
        }
    }
}
