package io.countersign.streams.topology;

import static io.countersign.streams.topology.TestData.customer;
import static io.countersign.streams.topology.TestData.enrollment;
import static io.countersign.streams.topology.TestData.forgery;
import static io.countersign.streams.topology.TestData.genuine;
import static io.countersign.streams.topology.TestData.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.countersign.events.Decision;
import io.countersign.events.ReferenceDistance;
import io.countersign.events.ReferenceImage;
import io.countersign.events.Verdict;
import io.countersign.streams.inference.Embedder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole topology, with the shipped ONNX model and synthetic signatures. */
class VerificationTopologyTest {

    private static Embedder embedder;

    @TempDir Path stateDir;

    @BeforeAll
    static void loadModel() {
        embedder = TestEmbedders.onnx(TestEmbedders.shippedModel());
    }

    @AfterAll
    static void closeModel() {
        embedder.close();
    }

    @Test
    void genuineAndForgedSignaturesAreDecidedAtTheRatesTheModelCardPromises() {
        int writers = 6;
        int perWriter = 4;
        try (Pipeline pipeline = new Pipeline(TopologySettings.defaults(), embedder, stateDir)) {
            // Given six enrolled writers with five references each
            for (int writer = 0; writer < writers; writer++) {
                pipeline.enrollments.pipeInput(customer(writer), enrollment(writer, 5));
            }
            // When each submits four more genuine signatures and suffers four skilled forgeries
            for (int writer = 0; writer < writers; writer++) {
                for (int i = 0; i < perWriter; i++) {
                    pipeline.requests.pipeInput(
                            customer(writer),
                            request("g-" + writer + "-" + i, genuine(writer, 5 + i)));
                    pipeline.requests.pipeInput(
                            customer(writer), request("f-" + writer + "-" + i, forgery(writer, i)));
                }
            }
            pipeline.waitForBatchDelay();
            List<Verdict> verdicts = pipeline.verdicts.readValuesToList();

            // Then genuine ones come out GENUINE and forgeries FORGED about as often as promised
            assertThat(verdicts).hasSize(2 * writers * perWriter);
            double genuineAccepted = rate(verdicts, "g-", Decision.GENUINE);
            double forgeriesRejected = rate(verdicts, "f-", Decision.FORGED);
            double promisedAccept = 1 - embedder.card().metrics().get("test_frr");
            double promisedReject = 1 - embedder.card().metrics().get("test_far_skilled");
            assertThat(genuineAccepted).isGreaterThan(0.5).isGreaterThan(promisedAccept - 0.2);
            assertThat(forgeriesRejected).isGreaterThan(0.5).isGreaterThan(promisedReject - 0.2);
        }
    }

    @Test
    void aVerdictCarriesDistancesThresholdProbabilityVersionAndLatency() {
        try (Pipeline pipeline = new Pipeline(TopologySettings.defaults(), embedder, stateDir)) {
            // Given an enrolled writer with three references
            pipeline.enrollments.pipeInput(customer(1), enrollment(1, 3));
            // When one request is scored
            pipeline.requests.pipeInput(customer(1), request("r-1", genuine(1, 7)));
            pipeline.waitForBatchDelay();
            KeyValue<String, Verdict> verdict = pipeline.verdicts.readKeyValue();

            // Then the verdict echoes the request and shows how it was reached
            assertThat(verdict.key).isEqualTo(customer(1));
            Verdict v = verdict.value;
            assertThat(v.getRequestId()).isEqualTo("r-1");
            assertThat(v.getDocumentId()).isEqualTo("doc-r-1");
            assertThat(v.getReferenceDistances())
                    .extracting(ReferenceDistance::getReferenceId)
                    .containsExactly("ref-0", "ref-1", "ref-2");
            assertThat(v.getAggregation()).isEqualTo("MEAN");
            double mean =
                    v.getReferenceDistances().stream()
                            .mapToDouble(ReferenceDistance::getDistance)
                            .average()
                            .orElseThrow();
            assertThat(v.getDistance()).isCloseTo(mean, within(1e-9));
            assertThat(v.getThreshold()).isEqualTo(embedder.card().thresholds().eer());
            assertThat(v.getProbabilityGenuine()).isBetween(0.0, 1.0);
            assertThat(v.getModelVersion()).isEqualTo(embedder.card().version());
            assertThat(v.getProcessedAt()).isAfter(TestData.SUBMITTED);
            assertThat(v.getLatencyMillis())
                    .isEqualTo(Duration.between(TestData.SUBMITTED, v.getProcessedAt()).toMillis());
        }
    }

    @Test
    void anUnknownCustomerIsNotEnrolled() {
        try (Pipeline pipeline = new Pipeline(TopologySettings.defaults(), embedder, stateDir)) {
            // Given nobody enrolled
            // When a request arrives
            pipeline.requests.pipeInput("stranger", request("r-1", genuine(2, 0)));
            pipeline.waitForBatchDelay();

            // Then the verdict says NOT_ENROLLED and why
            Verdict verdict = pipeline.verdicts.readValue();
            assertThat(verdict.getDecision()).isEqualTo(Decision.NOT_ENROLLED);
            assertThat(verdict.getReason()).contains("no reference set");
            assertThat(verdict.getReferenceDistances()).isEmpty();
            assertThat(verdict.getComparedAs()).isNull();
        }
    }

    @Test
    void aNewEnrolmentReplacesTheReferenceSet() {
        try (Pipeline pipeline = new Pipeline(TopologySettings.defaults(), embedder, stateDir)) {
            // Given a customer enrolled with writer 3's signatures, re-enrolled with writer 4's
            pipeline.enrollments.pipeInput(customer(3), enrollment(3, 3));
            pipeline.enrollments.pipeInput(
                    customer(3), TestData.enrollment(customer(3), references(4, 5)));

            // When writer 4 signs
            pipeline.requests.pipeInput(customer(3), request("r-1", genuine(4, 8)));
            pipeline.waitForBatchDelay();

            // Then only the five new references count
            assertThat(pipeline.references().get(customer(3)).referenceIds())
                    .containsExactly("w4-0", "w4-1", "w4-2", "w4-3", "w4-4");
            Verdict verdict = pipeline.verdicts.readValue();
            assertThat(verdict.getReferenceDistances()).hasSize(5);
        }
    }

    @Test
    void aTombstoneErasesTheCustomer() {
        try (Pipeline pipeline = new Pipeline(TopologySettings.defaults(), embedder, stateDir)) {
            // Given an enrolled customer who then asks to be erased
            pipeline.enrollments.pipeInput(customer(5), enrollment(5, 3));
            pipeline.enrollments.pipeInput(customer(5), null);

            // When a request for that customer arrives
            pipeline.requests.pipeInput(customer(5), request("r-1", genuine(5, 6)));
            pipeline.waitForBatchDelay();

            // Then nothing of them is stored and the answer is NOT_ENROLLED
            assertThat(pipeline.references().get(customer(5))).isNull();
            assertThat(pipeline.verdicts.readValue().getDecision())
                    .isEqualTo(Decision.NOT_ENROLLED);
        }
    }

    @Test
    void verdictsComeOutOncePerRequestInRequestOrder() {
        TopologySettings settings = TopologySettings.defaults().withBatch(4, Duration.ofMillis(50));
        try (Pipeline pipeline = new Pipeline(settings, embedder, stateDir)) {
            // Given two enrolled customers
            pipeline.enrollments.pipeInput(customer(0), enrollment(0, 3));
            pipeline.enrollments.pipeInput(customer(1), enrollment(1, 3));

            // When ten requests for them and a stranger arrive, more than two batches' worth
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String who = i % 3 == 2 ? "stranger" : customer(i % 3);
                String id = "r-" + i;
                ids.add(id);
                pipeline.requests.pipeInput(who, request(id, genuine(i % 3, 10 + i)));
            }
            pipeline.waitForBatchDelay();

            // Then there is exactly one verdict per request, in the order of the requests
            assertThat(pipeline.verdicts.readValuesToList())
                    .extracting(Verdict::getRequestId)
                    .containsExactlyElementsOf(ids);
        }
    }

    @Test
    void theTopologyDescriptionReadsLikeTheArchitectureDiagram() {
        // Given the default settings
        // When the topology is described
        String description =
                VerificationTopology.build(TopologySettings.defaults(), embedder)
                        .describe()
                        .toString();

        // Then every step and store is named
        assertThat(description)
                .contains(
                        VerificationTopology.ENROLLMENTS_SOURCE,
                        VerificationTopology.ENROL,
                        VerificationTopology.REQUESTS_SOURCE,
                        VerificationTopology.VALIDATE,
                        VerificationTopology.BATCH,
                        VerificationTopology.ANSWERED,
                        VerificationTopology.REFUSED,
                        VerificationTopology.VERDICTS_SINK,
                        VerificationTopology.REFUSED_SINK,
                        "reference-sets",
                        "pending-requests",
                        "signature.verdicts",
                        "signature.requests.dlq");
    }

    private static List<ReferenceImage> references(int writer, int count) {
        List<ReferenceImage> references = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            references.add(TestData.reference("w" + writer + "-" + i, genuine(writer, i)));
        }
        return references;
    }

    private static double rate(List<Verdict> verdicts, String prefix, Decision decision) {
        List<Verdict> kind =
                verdicts.stream().filter(v -> v.getRequestId().startsWith(prefix)).toList();
        return kind.stream().filter(v -> v.getDecision() == decision).count()
                / (double) kind.size();
    }
}
