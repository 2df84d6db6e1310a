package io.countersign.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.countersign.streams.app.CountersignService;
import io.countersign.streams.config.ServiceConfig;
import io.countersign.streams.http.HttpEndpoints;
import io.countersign.streams.kafka.EmbeddedKafkaBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real service with a real broker: every metric the Grafana dashboard and the alert rules query
 * is in its /metrics, and every probe path the manifests and the compose file use answers.
 */
class MetricsExistIT {

    /** Series Prometheus makes itself for each target; the service never exports them. */
    private static final Set<String> MADE_BY_PROMETHEUS = Set.of("up");

    @TempDir Path dir;

    @Test
    void everyQueriedMetricIsServedAndEveryProbePathAnswers() throws Exception {
        try (EmbeddedKafkaBroker broker =
                EmbeddedKafkaBroker.start(dir.resolve("kafka"), 20 << 20, 0)) {
            ServiceConfig config =
                    ServiceConfig.of(
                            Map.of(
                                    "model.dir",
                                    Repo.model().toString(),
                                    "kafka.bootstrap.servers",
                                    broker.bootstrapServers(),
                                    "state.dir",
                                    dir.resolve("state").toString(),
                                    "http.port",
                                    "0",
                                    "inference.device",
                                    "cpu",
                                    // the lag appears at the binder's next look, not a minute on
                                    "metrics.kafka-refresh-interval-ms",
                                    "1000",
                                    "application.id",
                                    "countersign-deploy-it"));
            try (CountersignService service = CountersignService.start(config)) {
                // Given traffic of every kind: enrolments, verdicts, a dead letter
                Traffic traffic = new Traffic(broker.bootstrapServers());
                // (50 customers: as few as the enrolled-spread gauge reports a median for)
                traffic.enrol(config.get("topics.enrollments"), 50, 3);
                traffic.submit(config.get("topics.requests"), 16, 4);
                String base = "http://localhost:" + service.httpPort();

                // When the metrics of every kind have appeared
                String scrape =
                        awaitScrape(
                                base,
                                "countersign_verdicts_total{",
                                "countersign_dead_letters_total{",
                                "kafka_consumer_fetch_manager_records_lag{");
                Files.writeString(Path.of("target", "metrics-scrape.txt"), scrape);

                // Then everything the dashboard and the rules read is among them
                Set<String> served = Scrape.sampleNames(scrape);
                Set<String> missing = new TreeSet<>(QueriedMetrics.names());
                missing.removeAll(served);
                missing.removeAll(MADE_BY_PROMETHEUS);
                assertThat(missing)
                        .as(
                                "queried by %s or %s but not in /metrics (see target/metrics-scrape.txt)",
                                QueriedMetrics.DASHBOARD, QueriedMetrics.ALERTS)
                        .isEmpty();

                // And the enrolled customers' typical spread is measured from the store, once
                // their enrolments are in it
                assertThat(awaitEnrolledSpread(base)).isPositive().isFinite();

                // And none of the Kafka metrics that crash the JVM when read off their thread
                // (KafkaClientMetrics: the transactional stores' uncommitted-bytes), while the
                // stores' other metrics are there
                assertThat(scrape)
                        .contains("kafka_stream_state_")
                        .doesNotContain("kafka_stream_state_uncommitted_bytes");

                // And every probe the deployments configure gets a 200 from the service
                for (String path : ProbePaths.all()) {
                    assertThat(get(base + path).statusCode()).as(path).isEqualTo(200);
                }
                // And the compose health check itself (bash, no curl in the image) passes
                for (String app : Compose.appServices()) {
                    List<String> test = Compose.healthcheckTest(app);
                    assertThat(test.subList(0, 3)).containsExactly("CMD", "bash", "-c");
                    String command =
                            test.get(3)
                                    .replace(
                                            "/dev/tcp/localhost/" + Settings.defaultOf("http.port"),
                                            "/dev/tcp/localhost/" + service.httpPort());
                    Process check = new ProcessBuilder("bash", "-c", command).inheritIO().start();
                    assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
                    assertThat(check.exitValue()).as(app + " health check").isZero();
                }
            }
        }
    }

    /** Scrapes until the enrolled-spread gauge reads a number (NaN below 50 customers). */
    private static double awaitEnrolledSpread(String base) throws Exception {
        java.util.regex.Pattern gauge =
                java.util.regex.Pattern.compile(
                        "(?m)^countersign_enrolled_typical_spread(?:\\{[^}]*})? (\\S+)$");
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        String value = "absent";
        while (Instant.now().isBefore(deadline)) {
            java.util.regex.Matcher m = gauge.matcher(get(base + HttpEndpoints.METRICS).body());
            value = m.find() ? m.group(1) : "absent";
            if (!value.equals("absent") && !value.equals("NaN")) {
                return Double.parseDouble(value);
            }
            Thread.sleep(500);
        }
        throw new AssertionError(
                "within 120 s countersign_enrolled_typical_spread never read a number: " + value);
    }

    /** Scrapes until every marker is in the output (the counters exist once incremented). */
    private static String awaitScrape(String base, String... markers) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        String scrape = "";
        while (Instant.now().isBefore(deadline)) {
            scrape = get(base + HttpEndpoints.METRICS).body();
            String current = scrape;
            if (java.util.Arrays.stream(markers).allMatch(current::contains)) {
                return scrape;
            }
            Thread.sleep(500);
        }
        throw new AssertionError(
                "within 120 s /metrics never had all of "
                        + java.util.Arrays.toString(markers)
                        + ":\n"
                        + scrape);
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(url))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }
}
