package io.countersign.core.bench;

import io.countersign.core.TestImages;
import io.countersign.core.image.ImageLimits;
import io.countersign.core.preprocess.Orientation;
import io.countersign.core.preprocess.PreparedImage;
import io.countersign.core.preprocess.PreparedReference;
import io.countersign.core.preprocess.PreprocessingSpec;
import io.countersign.core.preprocess.SignaturePreprocessor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Decode + preprocess of a realistic scan (1200 x 600, grey noisy paper, blue ink), on one thread:
 * the images per second one core sustains, as a bare tensor, as a request (with its tone) and as a
 * reference (both views), as scanned and turned to the ink's axis. Run it with the command in
 * docs/benchmarks.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
@Threads(1)
public class PreprocessingBenchmark {

    @Param({"png", "jpg"})
    public String format;

    /** As scanned, or turned to the ink's principal axis (the shipped card's orientation). */
    @Param({"as-scanned", "principal-axis"})
    public String orientation;

    private byte[] scan;
    private SignaturePreprocessor preprocessor;

    @Setup
    public void setUp() {
        scan = TestImages.encode(TestImages.scannedPage(1200, 600, 250, 150, 2.2, 1.5, 3), format);
        preprocessor =
                new SignaturePreprocessor(
                        PreprocessingSpec.SIGNET.withOrientation(Orientation.parse(orientation)),
                        ImageLimits.DEFAULT);
    }

    @Benchmark
    public float[] decodeAndPreprocess() {
        return preprocessor.preprocess(scan, null);
    }

    /** What a request costs now: the same, and the image's tone (one more pass over its pixels). */
    @Benchmark
    public PreparedImage prepareRequest() {
        return preprocessor.prepare(scan, null);
    }

    /** What a reference costs: both views from one decoding (a second fit into the canvas). */
    @Benchmark
    public PreparedReference prepareReference() {
        return preprocessor.prepareReference(scan, null);
    }

    public static void main(String[] args) throws RunnerException {
        new Runner(
                        new OptionsBuilder()
                                .include(PreprocessingBenchmark.class.getSimpleName())
                                .build())
                .run();
    }
}
