package io.countersign.streams.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.countersign.datasets.synthetic.SyntheticDatasetWriter;
import io.countersign.streams.app.CountersignService;
import io.countersign.streams.config.ServiceConfig;
import io.countersign.streams.kafka.EmbeddedKafkaBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The people's tools against a running service: enroll a folder, submit and wait, erase. */
class CliToolsIT {

    @TempDir Path dir;

    @Test
    void enrollSubmitWaitAndDeleteThroughTheCommandLine() throws Exception {
        Path synth = dir.resolve("synth");
        SyntheticDatasetWriter.write(synth, 3, 6, 2, 11);
        try (EmbeddedKafkaBroker broker =
                EmbeddedKafkaBroker.start(dir.resolve("kafka"), 20 << 20)) {
            String kafka = broker.bootstrapServers();
            ServiceConfig config =
                    ServiceConfig.of(
                            Map.of(
                                    "model.dir",
                                    ExactlyOnceIT.MODEL,
                                    "kafka.bootstrap.servers",
                                    kafka,
                                    "state.dir",
                                    dir.resolve("state").toString(),
                                    "http.port",
                                    "0",
                                    "application.id",
                                    "countersign-cli-it"));
            try (CountersignService service = CountersignService.start(config)) {
                String customer = "http://localhost:" + service.httpPort() + "/customers/001";

                // Given the writer folders enrolled through `enroll --dir`
                CliRun enroll =
                        CliRun.of(
                                "enroll",
                                "--dir",
                                synth.toString(),
                                "--references",
                                "4",
                                "--bootstrap-servers",
                                kafka);
                assertThat(enroll.exit()).isZero();
                assertThat(enroll.out()).contains("Published 3 enrolments");
                assertThat(awaitStatus(customer, 200)).isEqualTo(200);

                // When a genuine signature and a skilled forgery are submitted with --wait
                CliRun submit =
                        CliRun.of(
                                "submit",
                                "--customer",
                                "001",
                                synth.resolve("001").resolve("001_06.png").toString(),
                                synth.resolve("001_forg").resolve("001_01.png").toString(),
                                "--wait",
                                "--timeout",
                                "60",
                                "--bootstrap-servers",
                                kafka);

                // Then both verdicts are printed, scored against the enrolled set
                assertThat(submit.exit()).as(submit.err()).isZero();
                assertThat(submit.out().lines().filter(l -> l.startsWith("Submitted"))).hasSize(2);
                assertThat(
                                submit.out()
                                        .lines()
                                        .filter(
                                                l ->
                                                        l.contains("  GENUINE")
                                                                || l.contains("  FORGED")))
                        .hasSize(2);

                // And `enroll --delete` erases the customer
                CliRun delete =
                        CliRun.of("enroll", "--delete", "001", "--bootstrap-servers", kafka);
                assertThat(delete.exit()).isZero();
                assertThat(awaitStatus(customer, 404)).isEqualTo(404);
            }
        }
    }

    private static int awaitStatus(String url, int wanted) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plusSeconds(60);
        int status;
        do {
            status =
                    http.send(
                                    HttpRequest.newBuilder(URI.create(url)).build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .statusCode();
            if (status != wanted) {
                Thread.sleep(250);
            }
        } while (status != wanted && Instant.now().isBefore(deadline));
        return status;
    }
}
