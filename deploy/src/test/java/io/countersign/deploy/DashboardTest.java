package io.countersign.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/grafana: the provisioned dashboard shows what operators watch, from the provisioned
 * source.
 */
class DashboardTest {

    @TempDir Path tmp;

    @Test
    void everyPanelQueriesTheProvisionedPrometheusForTheServicesJob() {
        String uid = Yaml.string(datasource(), "uid");
        JsonNode dashboard = QueriedMetrics.dashboard();
        assertThat(dashboard.path("uid").asText()).isNotBlank();
        int queried = 0;
        for (JsonNode panel : dashboard.path("panels")) {
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            String title = panel.path("title").asText();
            assertThat(panel.path("datasource").path("uid").asText()).as(title).isEqualTo(uid);
            assertThat(panel.path("targets")).as(title).isNotEmpty();
            for (JsonNode target : panel.path("targets")) {
                assertThat(target.path("expr").asText())
                        .as(title)
                        .contains("job=\"" + AlertRulesTest.JOB + "\"");
                queried++;
            }
        }
        assertThat(queried).isEqualTo(QueriedMetrics.dashboardExpressions().size());
    }

    @Test
    void theDashboardShowsEverythingTheIssueAsksFor() {
        Set<String> names = new TreeSet<>();
        QueriedMetrics.dashboardExpressions().forEach(e -> names.addAll(PromQl.metricNames(e)));
        Map<String, String> needs = new LinkedHashMap<>();
        needs.put("throughput and verdicts by decision", "countersign_verdicts_total");
        needs.put("dead letters", "countersign_dead_letters_total");
        needs.put("batch size", "countersign_embedder_batch_size_images_bucket");
        needs.put("inference time", "countersign_embedder_run_seconds_bucket");
        needs.put("end-to-end latency", "countersign_verdict_latency_seconds_bucket");
        needs.put("consumer lag", "kafka_consumer_fetch_manager_records_lag");
        needs.put("pending requests", "countersign_pending_requests");
        needs.put("enrolled customers", "countersign_enrolled_customers");
        needs.put("JVM", "jvm_memory_used_bytes");
        needs.forEach((what, metric) -> assertThat(names).as(what).contains(metric));
        List<String> exprs = QueriedMetrics.dashboardExpressions();
        assertThat(exprs)
                .anyMatch(
                        e ->
                                e.contains("histogram_quantile(0.5,")
                                        && e.contains("verdict_latency"));
        assertThat(exprs)
                .anyMatch(
                        e ->
                                e.contains("histogram_quantile(0.99,")
                                        && e.contains("verdict_latency"));
        assertThat(exprs).anyMatch(e -> e.contains("sum by (decision)"));
    }

    @Test
    void composeMountsTheDashboardWhereTheProviderAndTheHomeSettingLook() {
        String path =
                Yaml.string(
                        Yaml.list(
                                        Yaml.document(
                                                "deploy/grafana/provisioning/dashboards/countersign.yml"),
                                        "providers")
                                .get(0),
                        "options.path");
        String mount =
                Compose.volumes("grafana").stream()
                        .filter(v -> v.startsWith("./deploy/grafana/dashboards:"))
                        .map(v -> v.split(":")[1])
                        .findFirst()
                        .orElseThrow();
        assertThat(mount).isEqualTo(path);
        String home =
                Compose.environment("grafana").get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH");
        assertThat(home).isEqualTo(path + "/" + Path.of(QueriedMetrics.DASHBOARD).getFileName());
        String url = Yaml.string(datasource(), "url");
        assertThat(url).isEqualTo("http://prometheus:9090");
        assertThat(Compose.services()).containsKey("prometheus");
    }

    // Skipped (JUnit assumption) where promtool is not installed, like AlertRulesTest's checks.
    @Test
    void promtoolParsesEveryDashboardQuery() throws IOException {
        Path promtool = AlertRulesTest.promtool();
        List<Map<String, Object>> rules = new ArrayList<>();
        int i = 0;
        for (String expr : QueriedMetrics.dashboardExpressions()) {
            rules.add(
                    Map.of(
                            "record",
                            "dashboard:query_" + i++,
                            "expr",
                            expr.replace("$__rate_interval", "1m")));
        }
        Path file = tmp.resolve("dashboard-queries.yml");
        Files.writeString(
                file,
                Yaml.dump(Map.of("groups", List.of(Map.of("name", "dashboard", "rules", rules)))));
        Tools.Result r = Tools.run(promtool, "check", "rules", file.toString());
        assertThat(r.exit()).as(r.output()).isZero();
    }

    /** The one data source Grafana is provisioned with. */
    private static Object datasource() {
        return Yaml.list(
                        Yaml.document("deploy/grafana/provisioning/datasources/prometheus.yml"),
                        "datasources")
                .get(0);
    }
}
