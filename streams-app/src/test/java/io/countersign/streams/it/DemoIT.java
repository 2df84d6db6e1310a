package io.countersign.streams.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code countersign demo} as CI runs it: its figures are there and plausible (not fast). */
class DemoIT {

    @Test
    void demoPrintsAPlausibleReportAndStopsCleanly() {
        // Given a small demo (8 customers, 4 requests each) with the shipped model
        // When it runs
        CliRun demo =
                CliRun.of(
                        "demo",
                        "--customers",
                        "8",
                        "--requests",
                        "4",
                        "--model",
                        ExactlyOnceIT.MODEL);

        // Then it exits 0 and every request got its verdict
        assertThat(demo.exit()).as(demo.err()).isZero();
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
        assertThat(demo.out())
                .contains("Confusion matrix")
                .contains("Sample verdicts:")
                .contains("/metrics")
                .contains("Done.");
    }

    private static double percent(String text, String label) {
        return Double.parseDouble(find(text, label + "\\s+([0-9.]+) %").group(1));
    }

    private static Matcher find(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        assertThat(matcher.find()).as("output has /%s/:%n%s", regex, text).isTrue();
        return matcher;
    }
}
