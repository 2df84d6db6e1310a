package io.countersign.streams.demo;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Where the stream threads' wall-clock time goes while the bench streams, and who spends the
 * process's CPU. A JFR or async-profiler CPU profile shows only running code; the question here is
 * why the stream threads wait, so this samples their stacks every few milliseconds whatever their
 * state and files each sample under the service's work it is doing ({@link #WORK}) or, in Kafka's
 * code, the call it waits in ({@link #KAFKA}). Beside it, the CPU time of every Java thread by
 * group, and the rest of the process's CPU time (ONNX Runtime's own native threads, GC, JIT), and
 * the CPU time of child processes: the embedded broker runs in one.
 */
final class StreamThreadProfile {

    private record Phase(String name, Predicate<StackTraceElement> frame) {}

    // The service's own work, recognised by the first frame below the JDK's: a park inside the
    // DynamicBatcher is waiting for the shared model, a model run inside it is the model.
    private static final List<Phase> WORK =
            List.of(
                    new Phase("model", f -> within(f, "ai.onnxruntime.")),
                    new Phase("model_wait", f -> f.getClassName().endsWith(".DynamicBatcher")),
                    new Phase(
                            "decode",
                            f ->
                                    within(
                                            f,
                                            "javax.imageio.",
                                            "com.sun.imageio.",
                                            "io.countersign.core.image.")),
                    new Phase("preprocess", f -> within(f, "io.countersign.core.preprocess.")),
                    new Phase("rocksdb", f -> within(f, "org.rocksdb.")),
                    new Phase(
                            "serde",
                            f ->
                                    within(f, "org.apache.avro.", "io.countersign.schemas.")
                                            || f.getClassName().endsWith("Serde")),
                    new Phase("scoring", f -> within(f, "io.countersign.core.scoring.")));

    // Otherwise the thread is in Kafka's code, most often waiting on the network: what it waits
    // for is told by the call it is in, anywhere on the stack, checked in this order.
    private static final List<Phase> KAFKA =
            List.of(
                    new Phase(
                            "eos_commit",
                            f ->
                                    within(f, "org.apache.kafka.streams.")
                                                    && (f.getMethodName().startsWith("commit")
                                                            || f.getMethodName()
                                                                    .equals("maybeCommit"))
                                            || within(f, "org.apache.kafka.clients.producer.")
                                                    && f.getMethodName().contains("Transaction")),
                    new Phase("poll", f -> within(f, "org.apache.kafka.clients.consumer.")),
                    new Phase("produce", f -> within(f, "org.apache.kafka.clients.producer.")),
                    new Phase("state_store", f -> within(f, "org.apache.kafka.streams.state.")),
                    new Phase("punctuate", f -> f.getMethodName().startsWith("punctuate")));

    // "<client id>-StreamThread-<n>"; the threads' producers' I/O threads carry that name too,
    // after "kafka-producer-network-thread | ", and belong to client_io.
    private static final Pattern STREAM_THREAD = Pattern.compile(".*-StreamThread-\\d+");

    private static final long INTERVAL_MS = 5;
    private static final int DEPTH = 96;

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Map<String, Long> samples = new LinkedHashMap<>();
    private final Map<Long, Long> cpuAtStart = new HashMap<>();
    private final Thread sampler = new Thread(this::sample, "bench-stream-thread-sampler");
    private volatile boolean running = true;
    private long processCpuAtStart;
    private long childCpuAtStart;
    private long startNanos;
    private long total;

    private final MeterRegistry registry;
    private double[] batchesAtStart;

    private StreamThreadProfile(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * Starts sampling; {@link #stop()} returns what was seen, with the mean batch sizes of the
     * service's embedder calls and of the model's runs read from {@code registry}.
     */
    static StreamThreadProfile start(MeterRegistry registry) {
        StreamThreadProfile profile = new StreamThreadProfile(registry);
        profile.begin();
        return profile;
    }

    private void begin() {
        batchesAtStart = batchCounts();
        WORK.forEach(p -> samples.put(p.name(), 0L));
        KAFKA.forEach(p -> samples.put(p.name(), 0L));
        samples.put("other", 0L);
        for (long id : threads.getAllThreadIds()) {
            cpuAtStart.put(id, threads.getThreadCpuTime(id));
        }
        processCpuAtStart = processCpuNanos();
        childCpuAtStart = childProcessCpuNanos();
        startNanos = System.nanoTime();
        sampler.setDaemon(true);
        sampler.start();
    }

    /**
     * Stops and returns, as fractions of the stream threads' samples, {@code wall_<phase>}; and in
     * cores (CPU seconds per wall second), {@code cpu_<group>} for stream threads, client I/O
     * threads, the load generator (the bench's main thread), other Java threads, what no Java
     * thread accounts for, the whole service JVM, and the broker's process. {@code
     * caller_batch_mean} is the mean batch a stream thread hands the embedder, {@code
     * model_batch_mean} the mean batch of a model run after the DynamicBatcher merged them.
     */
    Map<String, Double> stop() throws InterruptedException {
        running = false;
        sampler.join();
        double wallNanos = System.nanoTime() - startNanos;
        Map<String, Double> result = new LinkedHashMap<>();
        double[] batches = batchCounts();
        result.put(
                "caller_batch_mean",
                ratio(batches[1] - batchesAtStart[1], batches[0] - batchesAtStart[0]));
        result.put(
                "model_batch_mean",
                ratio(batches[3] - batchesAtStart[3], batches[2] - batchesAtStart[2]));
        samples.forEach(
                (phase, n) -> result.put("wall_" + phase, total == 0 ? 0 : (double) n / total));
        Map<String, Long> cpuByGroup = new LinkedHashMap<>();
        for (String group :
                List.of("stream_threads", "client_io", "load_generator", "other_java")) {
            cpuByGroup.put(group, 0L);
        }
        long javaCpu = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long now = threads.getThreadCpuTime(info.getThreadId());
            long used = now - cpuAtStart.getOrDefault(info.getThreadId(), 0L);
            if (now < 0 || used <= 0) {
                continue;
            }
            javaCpu += used;
            cpuByGroup.merge(group(info.getThreadName()), used, Long::sum);
        }
        cpuByGroup.forEach((group, nanos) -> result.put("cpu_" + group, nanos / wallNanos));
        long processCpu = processCpuNanos() - processCpuAtStart;
        result.put("cpu_outside_java_threads", Math.max(0, processCpu - javaCpu) / wallNanos);
        result.put("cpu_service_jvm", processCpu / wallNanos);
        result.put("cpu_broker", (childProcessCpuNanos() - childCpuAtStart) / wallNanos);
        return result;
    }

    private void sample() {
        long[] ids = new long[0];
        for (int n = 0; running; n++) {
            if (n % 100 == 0) {
                // Stream threads come and go with rebalances; look for them now and then.
                ids = streamThreadIds();
            }
            for (ThreadInfo info : threads.getThreadInfo(ids, DEPTH)) {
                if (info != null) {
                    samples.merge(phaseOf(info.getStackTrace()), 1L, Long::sum);
                    total++;
                }
            }
            try {
                Thread.sleep(INTERVAL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private long[] streamThreadIds() {
        return Arrays.stream(threads.getThreadInfo(threads.getAllThreadIds()))
                .filter(info -> info != null && isStreamThread(info.getThreadName()))
                .mapToLong(ThreadInfo::getThreadId)
                .toArray();
    }

    static String phaseOf(StackTraceElement[] stack) {
        for (StackTraceElement frame : stack) {
            if (within(frame, "java.util.zip.")) {
                return "decode"; // PNG's inflate, under ImageIO
            }
            if (within(frame, "java.", "jdk.", "sun.")) {
                continue;
            }
            for (Phase phase : WORK) {
                if (phase.frame().test(frame)) {
                    return phase.name();
                }
            }
            break;
        }
        for (Phase phase : KAFKA) {
            for (StackTraceElement frame : stack) {
                if (phase.frame().test(frame)) {
                    return phase.name();
                }
            }
        }
        return "other";
    }

    private static boolean isStreamThread(String name) {
        return STREAM_THREAD.matcher(name).matches();
    }

    private static String group(String name) {
        if (isStreamThread(name)) {
            return "stream_threads";
        }
        if (name.startsWith("kafka-producer-network-thread")
                || name.startsWith("kafka-coordinator-heartbeat-thread")
                || name.contains("consumer_background_thread")) {
            return "client_io";
        }
        if (name.equals("main")) {
            return "load_generator";
        }
        return "other_java";
    }

    // Embedder calls and images, model runs and images, as the service's meters count them.
    private double[] batchCounts() {
        DistributionSummary calls = registry.find("countersign.embedder.batch.size").summary();
        FunctionCounter runs = registry.find("countersign.model.runs").functionCounter();
        FunctionCounter images = registry.find("countersign.model.run.images").functionCounter();
        return new double[] {
            calls == null ? 0 : calls.count(),
            calls == null ? 0 : calls.totalAmount(),
            runs == null ? 0 : runs.count(),
            images == null ? 0 : images.count()
        };
    }

    private static double ratio(double part, double whole) {
        return whole > 0 ? part / whole : 0;
    }

    // The embedded broker is a child JVM (EmbeddedKafkaBroker).
    private static long childProcessCpuNanos() {
        return ProcessHandle.current()
                .descendants()
                .mapToLong(p -> p.info().totalCpuDuration().map(d -> d.toNanos()).orElse(0L))
                .sum();
    }

    private static boolean within(StackTraceElement frame, String... packages) {
        for (String prefix : packages) {
            if (frame.getClassName().startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }
}
