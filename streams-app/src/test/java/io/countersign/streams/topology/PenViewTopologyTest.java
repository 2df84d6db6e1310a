package io.countersign.streams.topology;

import static io.countersign.streams.topology.TestData.customer;
import static io.countersign.streams.topology.TestData.enrollment;
import static io.countersign.streams.topology.TestData.genuine;
import static io.countersign.streams.topology.TestData.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.countersign.core.image.GreyImage;
import io.countersign.core.image.ImageDecoder;
import io.countersign.core.image.ImageLimits;
import io.countersign.core.image.ImageTone;
import io.countersign.core.model.ModelCard;
import io.countersign.core.preprocess.BroaderPen;
import io.countersign.core.preprocess.SignaturePreprocessor;
import io.countersign.core.scoring.ReferenceViews;
import io.countersign.core.scoring.Scorer;
import io.countersign.core.scoring.ScoringRule;
import io.countersign.events.Verdict;
import io.countersign.streams.enrollment.EnrolledImage;
import io.countersign.streams.enrollment.ReferenceEncoder;
import io.countersign.streams.enrollment.ReferenceSet;
import io.countersign.streams.enrollment.ReferenceSetSerde;
import io.countersign.streams.enrollment.ReferencesFormat;
import io.countersign.streams.inference.Embedder;
import io.countersign.streams.metrics.PipelineObserver;
import io.countersign.streams.testing.Cards;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Under a card whose fit asks for a pen view ({@code scoring.broaderPen}), a customer who signs
 * with a broader pen than they enrolled with is compared with their references as that pen would
 * have written them, and one who signs as they enrolled with the references as enrolled; the
 * expected distances are worked out here from the stored embeddings and the request's own
 * embedding.
 */
class PenViewTopologyTest {

    /** Writer 2's first sample is clearly nearer one pen than the other in ink level. */
    private static final int WRITER = 2;

    private static Embedder withPenView;
    private static SignaturePreprocessor preprocessor;
    private static ScoringRule rule;

    @TempDir Path stateDir;

    @BeforeAll
    static void loadModel(@TempDir Path releases) {
        // The shipped network released under a card that asks for a pen view one pixel broader
        Path model = TestEmbedders.shippedModel();
        ModelCard card = Cards.withBroaderPen(ModelCard.read(model.resolve("model-card.json")), 1);
        withPenView = TestEmbedders.onnx(model, card, releases);
        preprocessor =
                new SignaturePreprocessor(withPenView.card().preprocessing(), ImageLimits.DEFAULT);
        rule = withPenView.card().scoringRule();
    }

    @AfterAll
    static void closeModel() {
        withPenView.close();
    }

    @Test
    void aSignatureInABroaderPenIsComparedWithTheReferencesAsThatPenWouldHaveWrittenThem() {
        Counting observer = new Counting();
        CountingEmbedder embedder = new CountingEmbedder(withPenView);
        try (Pipeline pipeline =
                new Pipeline(TopologySettings.defaults(), embedder, stateDir, observer)) {
            // Given a customer enrolled with three grey references
            pipeline.enrollments.pipeInput(customer(WRITER), enrollment(WRITER, 3));

            // Then every reference was embedded in one model call as scanned and bitonal, as
            // written and with the broader pen, and the set keeps the pen view and its ink levels
            assertThat(embedder.batches).containsExactly(12);
            ReferenceSet stored = pipeline.references().get(customer(WRITER));
            assertThat(stored.broaderPen()).isEqualTo(1);
            ReferenceViews views = stored.views();
            assertThat(views.hasPenView()).isTrue();
            assertThat(views.broaderPen().inkLevel()).isGreaterThan(views.inkLevel());
            assertThat(views.broaderPen().bitonalInkLevel()).isGreaterThan(views.bitonalInkLevel());
            assertThat(views.broaderPen().asScanned().get(0))
                    .isNotEqualTo(views.asScanned().get(0));

            // When the customer signs with an image as they enrolled it
            byte[] asEnrolled = genuine(WRITER, 0);
            pipeline.requests.pipeInput(customer(WRITER), request("as-enrolled", asEnrolled));
            pipeline.waitForBatchDelay();
            Verdict same = pipeline.verdicts.readValue();

            // Then it was compared with the references as enrolled, says so, and was not counted
            assertThat(same.getDistance())
                    .isCloseTo(distance(embed(asEnrolled), views), within(1e-5));
            assertThat(same.getComparedWithPen()).isEqualTo("AS_ENROLLED");
            assertThat(observer.penViewComparisons).isZero();

            // When they sign with the same image drawn with a pen one pixel broader
            byte[] broader = withBroaderPen(asEnrolled);
            pipeline.requests.pipeInput(customer(WRITER), request("broader", broader));
            pipeline.waitForBatchDelay();
            Verdict broad = pipeline.verdicts.readValue();

            // Then it was compared, still grey against grey, with the references as the broader
            // pen would have written them, not as enrolled, says so, and was counted
            float[] questioned = embed(broader);
            assertThat(broad.getComparedAs()).isEqualTo("GREY");
            assertThat(broad.getComparedWithPen()).isEqualTo("BROADER");
            assertThat(broad.getDistance())
                    .isCloseTo(distance(questioned, views.broaderPen()), within(1e-5))
                    .isNotCloseTo(distance(questioned, views), within(1e-3));
            assertThat(observer.penViewComparisons).isEqualTo(1);
        }
    }

    @Test
    void aSetStoredWithoutAPenViewIsEmbeddedWithOneWhenTheCardAsksForIt() {
        // Given a set of the served model as the first rolling restart of the upgrade stored it:
        // in format 3, without a pen view
        ReferenceSet enrolled =
                new ReferenceEncoder(
                                withPenView,
                                preprocessor,
                                PipelineObserver.NONE,
                                ReferencesFormat.V3)
                        .enrol(images(WRITER, 3), Instant.parse("2026-01-01T00:00:00Z"));
        byte[] formatThree =
                new ReferenceSetSerde(ReferencesFormat.V3).serializer().serialize("t", enrolled);
        assertThat(formatThree[0]).isEqualTo((byte) 3);
        ReferenceSet read = new ReferenceSetSerde().deserializer().deserialize("t", formatThree);
        assertThat(read.hasPenView()).isFalse();
        Counting observer = new Counting();
        try (Pipeline pipeline =
                new Pipeline(TopologySettings.defaults(), withPenView, stateDir, observer)) {
            pipeline.references().put(customer(WRITER), read);

            // When the customer signs after the second restart
            pipeline.requests.pipeInput(customer(WRITER), request("r-1", genuine(WRITER, 9)));
            pipeline.waitForBatchDelay();
            pipeline.verdicts.readValue();

            // Then the set was embedded once more, now with the card's pen view, and stored back
            assertThat(observer.reembeddings).isEqualTo(1);
            ReferenceSet stored = pipeline.references().get(customer(WRITER));
            assertThat(stored.broaderPen()).isEqualTo(1);
            assertThat(stored.views().hasPenView()).isTrue();
            assertThat(stored.views().inkLevel()).isNotNaN();
            assertThat(stored.embeddings().get(0))
                    .containsExactly(enrolled.embeddings().get(0), Offset.offset(1e-5f));
        }
    }

    @Test
    void whileAnUpgradeWritesFormatThreeNoPenViewIsMadeOrUsed() {
        // Given the first rolling restart of an upgrade from a version before pen views
        Counting observer = new Counting();
        CountingEmbedder embedder = new CountingEmbedder(withPenView);
        TopologySettings upgrading = TopologySettings.defaults().withReferencesFormat(3);
        try (Pipeline pipeline = new Pipeline(upgrading, embedder, stateDir, observer)) {
            // When a customer enrols with three grey references and signs with a broader pen
            pipeline.enrollments.pipeInput(customer(WRITER), enrollment(WRITER, 3));
            byte[] broader = withBroaderPen(genuine(WRITER, 0));
            pipeline.requests.pipeInput(customer(WRITER), request("broader", broader));
            pipeline.waitForBatchDelay();
            Verdict verdict = pipeline.verdicts.readValue();

            // Then the references were embedded in their two tone views only, and the request was
            // compared with them as enrolled, like with like in tone
            assertThat(embedder.batches.get(0)).isEqualTo(6);
            ReferenceSet stored = pipeline.references().get(customer(WRITER));
            assertThat(stored.hasPenView()).isFalse();
            assertThat(verdict.getComparedAs()).isEqualTo("GREY");
            assertThat(verdict.getComparedWithPen()).isNull();
            assertThat(verdict.getDistance())
                    .isCloseTo(distance(embed(broader), stored.views()), within(1e-5));
            assertThat(observer.penViewComparisons).isZero();
        }
    }

    private static double distance(float[] questioned, ReferenceViews references) {
        return Scorer.score(questioned, ImageTone.GREY, references, rule).distance();
    }

    private static float[] embed(byte[] image) {
        return withPenView.embed(List.of(preprocessor.preprocess(image, null)))[0];
    }

    /** The image as a pen one pixel broader on each side would have drawn it, as a PNG. */
    private static byte[] withBroaderPen(byte[] png) {
        GreyImage broader =
                BroaderPen.apply(ImageDecoder.decodeGrey(png, null, ImageLimits.DEFAULT), 1);
        BufferedImage image =
                new BufferedImage(broader.width(), broader.height(), BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster()
                .setDataElements(0, 0, broader.width(), broader.height(), broader.pixels());
        return TestData.png(image);
    }

    private static List<EnrolledImage> images(int writer, int count) {
        List<EnrolledImage> images = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            images.add(new EnrolledImage("ref-" + i, genuine(writer, i), "image/png", null));
        }
        return images;
    }

    /** Counts what the topology reports. */
    private static final class Counting implements PipelineObserver {
        int penViewComparisons;
        int reembeddings;

        @Override
        public void comparedWithBroaderPen() {
            penViewComparisons++;
        }

        @Override
        public void reembedded(int references) {
            reembeddings++;
        }
    }

    /** The served embedder, recording how many images each call embeds. */
    private static final class CountingEmbedder implements Embedder {
        final List<Integer> batches = new ArrayList<>();
        private final Embedder served;

        CountingEmbedder(Embedder served) {
            this.served = served;
        }

        @Override
        public float[][] embed(List<float[]> images) {
            batches.add(images.size());
            return served.embed(images);
        }

        @Override
        public ModelCard card() {
            return served.card();
        }

        @Override
        public String device() {
            return served.device();
        }

        @Override
        public void close() {
            // The served embedder is shared by the tests and closed after them.
        }
    }
}
