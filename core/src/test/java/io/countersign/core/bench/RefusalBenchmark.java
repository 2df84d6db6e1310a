package io.countersign.core.bench;

import io.countersign.core.TestImages;
import io.countersign.core.image.ImageLimits;
import io.countersign.core.image.ImageRejectedException;
import io.countersign.core.preprocess.Orientation;
import io.countersign.core.preprocess.PreprocessingSpec;
import io.countersign.core.preprocess.SignaturePreprocessor;
import java.awt.image.BufferedImage;
import java.util.Random;
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
 * What a page that is refused costs a stream thread, milliseconds per page (1200 x 600): a blank
 * white page, and a colour page of paper grain alone (every pixel a little lighter or darker than
 * the next: ink along every line to a rule search, and a colour page, so every colour reading is
 * tried before it is refused). An upstream fault that sends such pages must not stall the service
 * more than a signed page does by much. Run like {@link PreprocessingBenchmark}, with its class
 * name in place of that one.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
@Threads(1)
public class RefusalBenchmark {

    @Param({"blank", "colour-grain"})
    public String page;

    private byte[] encoded;
    private SignaturePreprocessor preprocessor;

    @Setup
    public void setUp() {
        encoded = TestImages.encode(page.equals("blank") ? blank() : colourGrain(), "png");
        preprocessor =
                new SignaturePreprocessor(
                        PreprocessingSpec.SIGNET.withOrientation(Orientation.PRINCIPAL_AXIS),
                        ImageLimits.DEFAULT);
    }

    @Benchmark
    public Object refuse() {
        try {
            return preprocessor.prepare(encoded, null);
        } catch (ImageRejectedException refused) {
            return refused;
        }
    }

    private static BufferedImage blank() {
        return TestImages.blankPage(1200, 600, java.awt.Color.WHITE);
    }

    private static BufferedImage colourGrain() {
        Random random = new Random(1);
        BufferedImage grain = new BufferedImage(1200, 600, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 600; y++) {
            for (int x = 0; x < 1200; x++) {
                int v = 200 + random.nextInt(30);
                grain.setRGB(x, y, (v << 16) | (v << 8) | (v - 10));
            }
        }
        return grain;
    }

    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder().include(RefusalBenchmark.class.getSimpleName()).build())
                .run();
    }
}
