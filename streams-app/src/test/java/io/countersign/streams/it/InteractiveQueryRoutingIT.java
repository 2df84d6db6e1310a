package io.countersign.streams.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.countersign.streams.app.CountersignService;
import io.countersign.streams.config.ServiceConfig;
import io.countersign.streams.kafka.EmbeddedKafkaBroker;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances of one application share the partitions; {@code /customers/{id}} asked of either
 * answers for every customer, redirecting to the instance whose store holds the key.
 */
class InteractiveQueryRoutingIT {

    private static final int CUSTOMERS = 12;

    @TempDir Path dir;

    private final HttpClient http =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Test
    void eitherInstanceAnswersForEveryCustomerByRedirectingToTheOwner() throws Exception {
        try (EmbeddedKafkaBroker broker =
                EmbeddedKafkaBroker.start(dir.resolve("kafka"), 20 << 20)) {
            int portA = freePort();
            int portB = freePort();
            try (CountersignService a = start(broker, "a", portA);
                    CountersignService b = start(broker, "b", portB)) {
                awaitBothRunning(a, b);

                // Given customers enrolled while two instances share the four partitions
                new Traffic(broker.bootstrapServers()).enrol(CUSTOMERS, 2);

                // When instance A is asked about each of them
                Map<Integer, Integer> answeredBy = new HashMap<>();
                for (int w = 0; w < CUSTOMERS; w++) {
                    String path = "/customers/" + Traffic.customer(w);
                    HttpResponse<String> first =
                            awaitEnrolled(URI.create("http://localhost:" + portA + path));
                    if (first.statusCode() == 307) {
                        // Then a key A does not own is redirected to B, which answers for it
                        String location = first.headers().firstValue("Location").orElseThrow();
                        assertThat(location).isEqualTo("http://localhost:" + portB + path);
                        // (A redirects as soon as it knows the owner, which may be before the
                        // owner's store has applied the enrolment: wait for that too)
                        HttpResponse<String> owner = awaitEnrolled(URI.create(location));
                        assertThat(owner.statusCode()).isEqualTo(200);
                        assertThat(owner.body()).contains("\"references\":2");
                        answeredBy.merge(portB, 1, Integer::sum);
                    } else {
                        assertThat(first.statusCode()).isEqualTo(200);
                        assertThat(first.body()).contains("\"references\":2");
                        answeredBy.merge(portA, 1, Integer::sum);
                    }
                }

                // And both instances own some of the customers
                assertThat(answeredBy).containsKeys(portA, portB);
                assertThat(answeredBy.values().stream().mapToInt(Integer::intValue).sum())
                        .isEqualTo(CUSTOMERS);
            }
        }
    }

    private CountersignService start(EmbeddedKafkaBroker broker, String name, int port) {
        return CountersignService.start(
                ServiceConfig.of(
                        Map.of(
                                "model.dir",
                                ExactlyOnceIT.MODEL,
                                "kafka.bootstrap.servers",
                                broker.bootstrapServers(),
                                "state.dir",
                                dir.resolve("state-" + name).toString(),
                                "http.port",
                                Integer.toString(port),
                                "application.server",
                                "localhost:" + port,
                                "application.id",
                                "countersign-routing-it",
                                "stream.threads",
                                "1")));
    }

    private static void awaitBothRunning(CountersignService a, CountersignService b)
            throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(60);
        while (!(a.streams().state() == KafkaStreams.State.RUNNING
                        && b.streams().state() == KafkaStreams.State.RUNNING
                        && a.streams().metadataForAllStreamsClients().size() == 2)
                && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
        }
        assertThat(a.streams().metadataForAllStreamsClients()).hasSize(2);
    }

    /** The first answer that is a redirect or an enrolled customer (enrolment is asynchronous). */
    private HttpResponse<String> awaitEnrolled(URI uri) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        HttpResponse<String> response = get(uri);
        while (response.statusCode() != 200
                && response.statusCode() != 307
                && Instant.now().isBefore(deadline)) {
            Thread.sleep(250);
            response = get(uri);
        }
        return response;
    }

    private HttpResponse<String> get(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
