package io.countersign.streams.topology;

import static io.countersign.streams.topology.TestData.bitonalGenuine;
import static io.countersign.streams.topology.TestData.customer;
import static io.countersign.streams.topology.TestData.enrollment;
import static io.countersign.streams.topology.TestData.genuine;
import static io.countersign.streams.topology.TestData.reference;
import static io.countersign.streams.topology.TestData.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.countersign.core.image.ImageDecoder;
import io.countersign.core.image.ImageLimits;
import io.countersign.core.image.ImageTone;
import io.countersign.core.preprocess.SignaturePreprocessor;
import io.countersign.core.scoring.Distances;
import io.countersign.events.ReferenceDistance;
import io.countersign.events.ReferenceImage;
import io.countersign.events.Verdict;
import io.countersign.streams.enrollment.ReferenceSet;
import io.countersign.streams.inference.Embedder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A customer enrolled from grey scans and questioned with a bitonal image (cheque image exchange)
 * is compared like with like: the bitonal request against the bitonal view of the references made
 * at enrolment, a grey request against the references as scanned. The expected distances are worked
 * out here from the stored embeddings and the request's own embedding.
 */
class BitonalRequestTopologyTest {

    private static Embedder embedder;
    private static SignaturePreprocessor preprocessor;

    @TempDir Path stateDir;

    @BeforeAll
    static void loadModel() {
        embedder = TestEmbedders.onnx(TestEmbedders.shippedModel());
        preprocessor =
                new SignaturePreprocessor(embedder.card().preprocessing(), ImageLimits.DEFAULT);
    }

    @AfterAll
    static void closeModel() {
        embedder.close();
    }

    @Test
    void aBitonalRequestIsScoredAgainstTheBitonalViewOfGreyReferences() {
        try (Pipeline pipeline = new Pipeline(TopologySettings.defaults(), embedder, stateDir)) {
            // Given a customer enrolled with three grey references
            pipeline.enrollments.pipeInput(customer(4), enrollment(4, 3));

            // When they sign once with a bitonal image and once with a grey one
            byte[] bitonal = bitonalGenuine(4, 8);
            byte[] grey = genuine(4, 8);
            pipeline.requests.pipeInput(customer(4), request("bitonal", bitonal));
            pipeline.requests.pipeInput(customer(4), request("grey", grey));
            pipeline.waitForBatchDelay();
            Verdict bitonalVerdict = pipeline.verdicts.readValue();
            Verdict greyVerdict = pipeline.verdicts.readValue();

            // Then the stored set has a bitonal view of its own, unlike the grey one
            ReferenceSet stored = pipeline.references().get(customer(4));
            assertThat(ImageTone.of(ImageDecoder.decodeGrey(bitonal, null, ImageLimits.DEFAULT)))
                    .isEqualTo(ImageTone.BITONAL);
            assertThat(stored.views().bitonal().get(0))
                    .isNotEqualTo(stored.views().asScanned().get(0));
            // and each request was measured against the view of its own tone
            assertThat(bitonalVerdict.getRequestId()).isEqualTo("bitonal");
            assertDistances(bitonalVerdict, embed(bitonal), stored.views().bitonal());
            assertThat(bitonalVerdict.getComparedAs()).isEqualTo("BITONAL");
            assertThat(greyVerdict.getRequestId()).isEqualTo("grey");
            assertDistances(greyVerdict, embed(grey), stored.views().asScanned());
            assertThat(greyVerdict.getComparedAs()).isEqualTo("GREY");
            // (the card has no pen view, so neither verdict names a pen)
            assertThat(bitonalVerdict.getComparedWithPen()).isNull();
            assertThat(greyVerdict.getComparedWithPen()).isNull();
        }
    }

    @Test
    void aGreyRequestIsComparedAsBitonalWithReferencesEnrolledFromBitonalImages() {
        try (Pipeline pipeline = new Pipeline(TopologySettings.defaults(), embedder, stateDir)) {
            // Given a customer enrolled from bitonal images (an archive of cheque images)
            List<ReferenceImage> references = new ArrayList<>();
            for (int sample = 0; sample < 3; sample++) {
                references.add(reference("ref-" + sample, bitonalGenuine(4, sample)));
            }
            pipeline.enrollments.pipeInput(customer(4), enrollment(customer(4), references));

            // When they sign with a grey scan
            byte[] grey = genuine(4, 8);
            pipeline.requests.pipeInput(customer(4), request("grey", grey));
            pipeline.waitForBatchDelay();
            Verdict verdict = pipeline.verdicts.readValue();

            // Then the references are their own bitonal views, and the grey request was compared
            // through its own bitonal rendering, not as scanned
            ReferenceSet stored = pipeline.references().get(customer(4));
            assertThat(stored.views().bitonal()).isEqualTo(stored.views().asScanned());
            assertThat(verdict.getComparedAs()).isEqualTo("BITONAL");
            float[] asBitonal =
                    embedder.embed(List.of(preprocessor.prepareReference(grey, null).bitonal()))[0];
            assertDistances(verdict, asBitonal, stored.views().bitonal());
            assertThat(verdict.getReferenceDistances().get(0).getDistance())
                    .isNotCloseTo(
                            Distances.euclidean(embed(grey), stored.views().bitonal().get(0)),
                            within(1e-3));
        }
    }

    @Test
    void duringAnUpgradeFromAVersionWithoutBitonalViewsRequestsAreScoredAsThatVersionScoresThem() {
        // Given the first rolling restart of an upgrade: reference sets written in format 2
        TopologySettings upgrading = TopologySettings.defaults().withReferencesFormat(2);
        try (Pipeline pipeline = new Pipeline(upgrading, embedder, stateDir)) {
            // and a customer enrolled with three grey references
            pipeline.enrollments.pipeInput(customer(4), enrollment(4, 3));

            // When they sign with a bitonal image
            byte[] bitonal = bitonalGenuine(4, 8);
            pipeline.requests.pipeInput(customer(4), request("bitonal", bitonal));
            pipeline.waitForBatchDelay();
            Verdict verdict = pipeline.verdicts.readValue();

            // Then the set was stored without a bitonal view (an instance of the older version
            // can read it), and the request was measured as it is against the references as
            // scanned, saying that it was not compared like with like
            ReferenceSet stored = pipeline.references().get(customer(4));
            assertThat(stored.bitonalViewEmbedded()).isFalse();
            assertThat(stored.bitonalReferences()).isNull();
            assertDistances(verdict, embed(bitonal), stored.views().asScanned());
            assertThat(verdict.getComparedAs()).isNull();
            assertThat(verdict.getDistance()).isNotNull();
        }
    }

    private static float[] embed(byte[] image) {
        return embedder.embed(List.of(preprocessor.preprocess(image, null)))[0];
    }

    private static void assertDistances(
            Verdict verdict, float[] questioned, List<float[]> references) {
        List<ReferenceDistance> distances = verdict.getReferenceDistances();
        assertThat(distances).hasSize(references.size());
        for (int i = 0; i < references.size(); i++) {
            assertThat(distances.get(i).getDistance())
                    .isCloseTo(Distances.euclidean(questioned, references.get(i)), within(1e-5));
        }
    }
}
