package io.countersign.streams.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.countersign.streams.cli.ServiceCli;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code countersign demo} as a newcomer runs it: a JVM of its own (so that native libraries'
 * output is seen too), its figures there and plausible (not fast), and not one WARN or ERROR.
 */
class DemoIT {

    /** An ERROR or WARN line of logback's pattern, or of ONNX Runtime's native logger. */
    private static final Pattern WARNING =
            Pattern.compile("(?m)^.*(\\b(WARN|ERROR)\\b|\\[[EW]:onnxruntime).*$");

    @Test
    void demoPrintsAPlausibleReportAndStopsCleanly() throws Exception {
        // Given a small demo (8 customers, 4 requests each) with the shipped model, on a host
        // without a GPU (inference.device=auto)
        // When it runs
        CliRun demo =
                runInOwnJvm(
                        "demo",
                        "--customers",
                        "8",
                        "--requests",
                        "4",
                        "--model",
                        ExactlyOnceIT.MODEL);

        // Then it exits 0 and every request got its verdict
        assertThat(demo.exit()).as(demo.err()).isZero();
        // And nothing it printed is a warning or an error (the corrupt image is dead-lettered
        // at INFO: bad input is not a fault of the service)
        String all = demo.out() + demo.err();
        List<String> warnings =
                WARNING.matcher(all)
                        .results()
                        .map(m -> m.group())
                        .filter(w -> !clonedUnderTmp(w))
                        .toList();
        assertThat(warnings).as("WARN/ERROR lines in:%n%s", all).isEmpty();
        Matcher verdicts = find(demo.out(), "Verdicts: (\\d+) of (\\d+) expected");
        assertThat(verdicts.group(1)).isEqualTo(verdicts.group(2));
        assertThat(Integer.parseInt(verdicts.group(1))).isPositive();
        // And its error rates and latencies are plausible figures
        assertThat(percent(demo.out(), "FRR \\(genuine rejected\\):")).isBetween(0.0, 60.0);
        assertThat(percent(demo.out(), "FAR random  \\(forgeries accepted\\):"))
                .isBetween(0.0, 60.0);
        assertThat(percent(demo.out(), "FAR skilled \\(forgeries accepted\\):"))
                .isBetween(0.0, 100.0);
        Matcher latency = find(demo.out(), "p50 (\\d+) ms, p99 (\\d+) ms");
        assertThat(Long.parseLong(latency.group(1)))
                .isPositive()
                .isLessThanOrEqualTo(Long.parseLong(latency.group(2)));
        // And the shipped card's review band refers some genuine requests to a person (a
        // sample verdict is marked only where one of the eight samples falls in the band)
        assertThat(percent(demo.out(), "Referred for review \\(the card's review band\\): genuine"))
                .isGreaterThan(0.0)
                .isLessThanOrEqualTo(100.0);
        assertThat(percent(demo.out(), "without review: FRR")).isBetween(0.0, 60.0);
        assertThat(demo.out())
                .contains("Confusion matrix")
                .contains("Sample verdicts:")
                .contains("/metrics")
                .contains("Done.");
    }

    private static CliRun runInOwnJvm(String... args) throws Exception {
        Path out = Files.createTempFile("demo", ".out");
        Path err = Files.createTempFile("demo", ".err");
        List<String> command =
                new ArrayList<>(
                        List.of(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-Xmx1g",
                                "-cp",
                                System.getProperty("java.class.path"),
                                ServiceCli.class.getName()));
        command.addAll(List.of(args));
        Process process =
                new ProcessBuilder(command)
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
        }
        CliRun run =
                new CliRun(
                        process.exitValue(),
                        Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        return run;
    }

    private static double percent(String text, String label) {
        return Double.parseDouble(find(text, label + "\\s+([0-9.]+) %").group(1));
    }

    private static Matcher find(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        assertThat(matcher.find()).as("output has /%s/:%n%s", regex, text).isTrue();
        return matcher;
    }

    /**
     * Kafka Streams warns when state.dir lies under java.io.tmpdir: the demo keeps its state in the
     * checkout's .countersign/, so this says where the checkout is (a clone in /tmp), not anything
     * about the demo.
     */
    private static boolean clonedUnderTmp(String warning) {
        return warning.contains("StateDirectory - Using an OS temp directory in the state.dir")
                && warning.contains(Path.of("").toAbsolutePath().getParent().toString());
    }
}
