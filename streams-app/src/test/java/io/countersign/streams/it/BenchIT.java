package io.countersign.streams.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code countersign bench --quick --json} as CI runs it: every figure there and plausible. */
class BenchIT {

    @Test
    void quickBenchReportsCeilingAndBothPipelines() {
        // Given the shipped model, when the quick bench runs with JSON output
        CliRun bench = CliRun.of("bench", "--quick", "--json", "--model", ExactlyOnceIT.MODEL);

        // Then it exits 0 and stdout is one JSON object with every figure, all positive
        assertThat(bench.exit()).as(bench.err()).isZero();
        String json = bench.out().strip();
        assertThat(json).startsWith("{\"embedder_images_per_s\":{").endsWith("}}");
        for (String batch : new String[] {"1", "8", "32"}) {
            assertThat(number(json, "\"" + batch + "\"")).isPositive();
        }
        assertThat(json).contains("\"pipeline_batched\":{").contains("\"pipeline_unbatched\":{");
        Matcher verdicts = Pattern.compile("\"verdicts\":([0-9.]+)").matcher(json);
        int runs = 0;
        while (verdicts.find()) { // 8 customers x 4 requests, plus one unknown customer
            assertThat(Double.parseDouble(verdicts.group(1))).isEqualTo(8 * 4 + 1.0);
            runs++;
        }
        assertThat(runs).isEqualTo(2);
        assertThat(number(json, "\"verdicts_per_s\"")).isPositive();
        assertThat(number(json, "\"p99_ms\"")).isGreaterThanOrEqualTo(number(json, "\"p50_ms\""));
    }

    private static double number(String json, String key) {
        Matcher m = Pattern.compile(Pattern.quote(key) + ":([0-9.]+)").matcher(json);
        assertThat(m.find()).as("%s in %s", key, json).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
