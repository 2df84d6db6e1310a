package io.countersign.streams.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.countersign.events.Decision;
import io.countersign.events.Verdict;
import io.countersign.streams.app.CountersignService;
import io.countersign.streams.config.ServiceConfig;
import io.countersign.streams.kafka.EmbeddedKafkaBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service against a real KRaft broker with exactly_once_v2: every request gets exactly one
 * verdict, read committed; the HTTP endpoints answer.
 */
class ExactlyOnceIT {

    static final String MODEL = Path.of("..", "models", "signet-s-synthetic").toString();

    @TempDir Path dir;

    @Test
    void fiveHundredRequestsOverFourPartitionsGiveExactlyFiveHundredVerdicts() throws Exception {
        try (EmbeddedKafkaBroker broker =
                EmbeddedKafkaBroker.start(dir.resolve("kafka"), 20 << 20)) {
            ServiceConfig config =
                    ServiceConfig.of(
                            Map.of(
                                    "model.dir",
                                    MODEL,
                                    "kafka.bootstrap.servers",
                                    broker.bootstrapServers(),
                                    "state.dir",
                                    dir.resolve("state").toString(),
                                    "topics.partitions",
                                    "4",
                                    "http.port",
                                    "0",
                                    "application.id",
                                    "countersign-it"));
            try (CountersignService service = CountersignService.start(config)) {
                Traffic traffic = new Traffic(broker.bootstrapServers());
                traffic.enrol(8, 3);
                List<String> ids = traffic.submit(500, 8);

                List<Verdict> verdicts = traffic.readVerdicts(500, Duration.ofSeconds(120));

                Set<String> seen =
                        verdicts.stream().map(Verdict::getRequestId).collect(Collectors.toSet());
                assertThat(verdicts).hasSize(500);
                assertThat(seen).containsExactlyInAnyOrderElementsOf(ids);
                assertThat(verdicts)
                        .extracting(Verdict::getDecision)
                        .doesNotContain(Decision.NOT_ENROLLED);

                HttpClient http = HttpClient.newHttpClient();
                String base = "http://localhost:" + service.httpPort();
                assertThat(get(http, base + "/health/ready").statusCode()).isEqualTo(200);
                HttpResponse<String> metrics = get(http, base + "/metrics");
                assertThat(metrics.body())
                        .contains("countersign_model_info")
                        .contains("jvm_memory_used_bytes")
                        .contains("countersign_verdict_latency_seconds_bucket")
                        .contains("countersign_embedder_run_seconds_count")
                        .contains("countersign_embedder_batch_size_images_count")
                        .contains("countersign_pending_requests")
                        .contains("kafka_consumer_fetch_manager_records_lag");
                assertThat(sum(metrics.body(), "countersign_verdicts_total{"))
                        .isGreaterThanOrEqualTo(500);
                assertThat(sum(metrics.body(), "countersign_enrolled_customers")).isPositive();
                HttpResponse<String> enrolled =
                        get(http, base + "/customers/" + Traffic.customer(0));
                assertThat(enrolled.statusCode()).isEqualTo(200);
                assertThat(enrolled.body())
                        .contains("\"enrolled\":true")
                        .contains("\"references\":3");
                assertThat(get(http, base + "/customers/nobody").statusCode()).isEqualTo(404);
            }
        }
    }

    /** The sum of every sample of a metric in Prometheus text format. */
    private static double sum(String scrape, String prefix) {
        return scrape.lines()
                .filter(line -> line.startsWith(prefix))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
