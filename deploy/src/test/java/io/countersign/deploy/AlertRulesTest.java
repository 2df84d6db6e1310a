package io.countersign.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

/**
 * deploy/prometheus: the alert rules are the same for compose and Kubernetes, cover what the
 * operators asked for, select what the service exports, and pass promtool where it is installed.
 */
class AlertRulesTest {

    /** The scrape job of the service (prometheus.yml job_name; ServiceMonitor jobLabel value). */
    static final String JOB = "countersign";

    private static final Pattern JOB_MATCHER = Pattern.compile("job\\s*=\\s*\"([^\"]*)\"");
    private static final Pattern TOPIC_NAMES = Pattern.compile("signature[a-z.\\\\]*[a-z]");

    @Test
    void thePrometheusRuleCarriesExactlyTheComposeRules() {
        Object compose = Yaml.at(Yaml.document(QueriedMetrics.ALERTS), "groups");
        Object kubernetes =
                Yaml.at(Manifests.one(Manifests.BASE, "PrometheusRule").yaml(), "spec.groups");
        assertThat(kubernetes)
                .as(
                        "k8s/base/prometheusrule.yaml spec.groups must equal %s groups",
                        QueriedMetrics.ALERTS)
                .isEqualTo(compose);
    }

    @Test
    void everyAlertTheOperatorsNeedIsThereWithSeverityAndSummary() {
        Set<String> names = new TreeSet<>();
        for (Map<String, Object> rule : QueriedMetrics.rules()) {
            String name = String.valueOf(rule.get("alert"));
            names.add(name);
            assertThat(Yaml.string(rule, "labels.severity")).as(name).isIn("critical", "warning");
            assertThat(Yaml.string(rule, "annotations.summary")).as(name).isNotBlank();
            assertThat(Yaml.string(rule, "annotations.description")).as(name).isNotBlank();
            // Only the service's own series, as scraped under its job
            Matcher job = JOB_MATCHER.matcher(String.valueOf(rule.get("expr")));
            assertThat(job.find()).as(name + " selects job=\"" + JOB + "\"").isTrue();
            do {
                assertThat(job.group(1)).as(name).isEqualTo(JOB);
            } while (job.find());
        }
        assertThat(names)
                .contains(
                        "CountersignNotReady",
                        "CountersignConsumerLagGrowing",
                        "CountersignDeadLetterRateHigh",
                        "CountersignLatencyP99High",
                        "CountersignEmbedderErrors",
                        "CountersignReferredAboveTheCard");
    }

    @Test
    void notReadyMeansNotRunningAsKafkaStreamsNumbersItsStates() {
        String expr = rule("CountersignNotReady");
        assertThat(expr).contains("kafka_stream_client_state");
        assertThat(expr.trim()).endsWith("!= " + KafkaStreams.State.RUNNING.ordinal());
    }

    @Test
    void topicsTheRulesNameAreTheServicesDefaultTopics() {
        Set<String> defaults = new TreeSet<>();
        KafkaTopicsTest.TOPIC_KEYS.forEach(k -> defaults.add(Settings.defaultOf(k)));
        for (Map<String, Object> rule : QueriedMetrics.rules()) {
            Matcher m = TOPIC_NAMES.matcher(String.valueOf(rule.get("expr")));
            while (m.find()) {
                assertThat(defaults).contains(m.group().replace("\\\\", "").replace("\\", ""));
            }
        }
        assertThat(rule("CountersignConsumerLagGrowing")).contains("signature\\\\.requests");
    }

    // promtool comes with Debian's "prometheus" package. Where it is not installed these three
    // checks are skipped (JUnit assumptions), not failed; the other tests still run.
    @Test
    void promtoolAcceptsTheRules() {
        Tools.Result r = Tools.run(promtool(), "check", "rules", QueriedMetrics.ALERTS);
        assertThat(r.exit()).as(r.output()).isZero();
    }

    @Test
    void promtoolAcceptsTheComposePrometheusConfig() {
        Tools.Result r =
                Tools.run(promtool(), "check", "config", "deploy/prometheus/prometheus.yml");
        assertThat(r.exit()).as(r.output()).isZero();
    }

    @Test
    void promtoolUnitTestsOfTheAlertsPass() {
        Tools.Result r =
                Tools.run(promtool(), "test", "rules", "deploy/prometheus/alerts-test.yml");
        assertThat(r.exit()).as(r.output()).isZero();
        // Every alert is exercised by the unit tests
        String tests = Repo.read("deploy/prometheus/alerts-test.yml");
        for (Map<String, Object> rule : QueriedMetrics.rules()) {
            assertThat(tests).contains("alertname: " + rule.get("alert"));
        }
    }

    static Path promtool() {
        Optional<Path> promtool = Tools.find("promtool");
        assumeTrue(promtool.isPresent(), "promtool is not on PATH (apt-get install prometheus)");
        return promtool.get();
    }

    private static String rule(String alert) {
        List<Map<String, Object>> found =
                QueriedMetrics.rules().stream().filter(r -> alert.equals(r.get("alert"))).toList();
        assertThat(found).as(alert).hasSize(1);
        return String.valueOf(found.get(0).get("expr"));
    }
}
