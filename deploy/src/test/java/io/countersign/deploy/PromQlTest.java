package io.countersign.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The metric-name extraction the dashboard and alert checks rely on. */
class PromQlTest {

    @Test
    void findsMetricsAndLeavesOutFunctionsLabelsKeywordsAndDurations() {
        assertThat(
                        PromQl.metricNames(
                                "histogram_quantile(0.99, sum by (le) (rate(a_seconds_bucket{job=\"x\", le=~\"1|2\"}[5m])))"
                                        + " > 2.5 and on (instance) b_total offset 1h"))
                .containsExactlyInAnyOrder("a_seconds_bucket", "b_total");
        assertThat(
                        PromQl.metricNames(
                                "sum(rate(c_total[$__rate_interval])) / ignoring(code) group_left sum(d)"))
                .containsExactlyInAnyOrder("c_total", "d");
        assertThat(
                        PromQl.metricNames(
                                "deriv(sum by (topic) (lag{topic=~\"a\\\\.b\"})[10m:1m]) > 1e3"))
                .containsExactly("lag");
        assertThat(PromQl.metricNames("up == 0 or absent(up{job=\"x\"}) or vector(0)"))
                .containsExactly("up");
        assertThat(PromQl.metricNames("count(s{a=\"b}\"} == 2) or vector(0)")).containsExactly("s");
    }
}
