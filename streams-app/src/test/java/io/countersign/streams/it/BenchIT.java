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
        String ceiling = object(json, "embedder_images_per_s");
        for (String batch : new String[] {"1", "8", "32"}) {
            assertThat(number(ceiling, "\"" + batch + "\"")).as("batch %s", batch).isPositive();
        }
        String inProcess = object(json, "in_process");
        assertThat(number(inProcess, "\"images_per_s\"")).isPositive();
        assertThat(number(inProcess, "\"preprocess_only_images_per_s_per_thread\"")).isPositive();
        for (String run : new String[] {"pipeline_batched", "pipeline_unbatched"}) {
            assertThat(number(object(json, run), "\"verdicts_per_s\"")).isPositive();
        }
        for (String run : new String[] {"fixed_load_batched", "fixed_load_unbatched"}) {
            String figures = object(json, run);
            assertThat(number(figures, "\"offered_per_s\"")).isEqualTo(20.0);
            assertThat(number(figures, "\"p99_ms\""))
                    .isGreaterThanOrEqualTo(number(figures, "\"p50_ms\""));
            // A verdict becomes readable only after it was scored and its transaction committed.
            assertThat(number(figures, "\"p50_ms\""))
                    .isGreaterThanOrEqualTo(number(figures, "\"scored_p50_ms\""));
        }
        Matcher verdicts = Pattern.compile("\"verdicts\":([0-9.]+)").matcher(json);
        int runs = 0;
        while (verdicts.find()) { // 8 customers x 4 requests, plus one unknown customer
            assertThat(Double.parseDouble(verdicts.group(1))).isEqualTo(8 * 4 + 1.0);
            runs++;
        }
        assertThat(runs).isEqualTo(4);
    }

    /** The flat JSON object under {@code key}. */
    private static String object(String json, String key) {
        Matcher m =
                Pattern.compile(Pattern.quote("\"" + key + "\":") + "(\\{[^}]*})").matcher(json);
        assertThat(m.find()).as("%s in %s", key, json).isTrue();
        return m.group(1);
    }

    private static double number(String json, String key) {
        Matcher m = Pattern.compile(Pattern.quote(key) + ":([0-9.]+)").matcher(json);
        assertThat(m.find()).as("%s in %s", key, json).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
