package io.countersign.streams.topology;

import static io.countersign.streams.topology.TestData.customer;
import static io.countersign.streams.topology.TestData.genuine;
import static io.countersign.streams.topology.TestData.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.countersign.core.image.ImageLimits;
import io.countersign.core.model.ModelCard;
import io.countersign.core.preprocess.Orientation;
import io.countersign.core.preprocess.SignaturePreprocessor;
import io.countersign.core.scoring.ReferenceSpread;
import io.countersign.core.scoring.ReferenceViews;
import io.countersign.events.Decision;
import io.countersign.events.Verdict;
import io.countersign.streams.enrollment.EnrolledImage;
import io.countersign.streams.enrollment.ReferenceEncoder;
import io.countersign.streams.enrollment.ReferenceSet;
import io.countersign.streams.enrollment.ReferencesFormat;
import io.countersign.streams.inference.Embedder;
import io.countersign.streams.metrics.PipelineObserver;
import io.countersign.streams.testing.Cards;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A reference set embedded by another model version is re-embedded before it is used. */
class ModelUpgradeTopologyTest {

    private static Embedder previous;
    private static Embedder current;

    @TempDir Path stateDir;

    @BeforeAll
    static void loadModels(@TempDir Path releases) {
        // Two model versions: the shipped model, and the same network released under a new card
        // version, as a retrained model of the same architecture would be.
        Path model = TestEmbedders.shippedModel();
        previous = TestEmbedders.onnx(model);
        ModelCard card = previous.card();
        current =
                TestEmbedders.onnx(
                        model, Cards.withVersion(card, card.version() + "-next"), releases);
    }

    @AfterAll
    static void closeModels() {
        previous.close();
        current.close();
    }

    @Test
    void aStaleReferenceSetIsReembeddedAndStoredBackBeforeItIsUsed() {
        try (Pipeline pipeline = new Pipeline(TopologySettings.defaults(), current, stateDir)) {
            // Given a customer enrolled under the previous model, whose stored embeddings are
            // scrambled so that using them as they are could not look genuine
            ReferenceSet old = enrolledWith(previous, 2, 4);
            ReferenceSet scrambled =
                    ReferenceSet.embedded(
                            old.images(),
                            ReferenceViews.bitonalItself(scrambled(old)),
                            old.modelVersion(),
                            old.enrolledAt());
            pipeline.references().put(customer(2), scrambled);

            // When that customer signs
            pipeline.requests.pipeInput(customer(2), request("r-1", genuine(2, 9)));
            pipeline.waitForBatchDelay();

            // Then the set was re-embedded from its original images with the current model
            Verdict verdict = pipeline.verdicts.readValue();
            assertThat(verdict.getModelVersion()).isEqualTo(current.card().version());
            assertThat(verdict.getDecision()).isEqualTo(Decision.GENUINE);
            ReferenceSet stored = pipeline.references().get(customer(2));
            assertThat(stored.modelVersion()).isEqualTo(current.card().version());
            assertThat(stored.referenceIds()).isEqualTo(old.referenceIds());
            assertThat(stored.enrolledAt()).isEqualTo(old.enrolledAt());
            assertThat(stored.embeddings().get(0)).containsExactly(old.embeddings().get(0));
        }
    }

    @Test
    void aReembeddedSetGetsTheSpreadOfItsNewEmbeddings() {
        try (Pipeline pipeline = new Pipeline(TopologySettings.defaults(), current, stateDir)) {
            // Given a set stored under the previous model with identical (scrambled) embeddings,
            // whose spread is therefore zero
            ReferenceSet old = enrolledWith(previous, 3, 4);
            ReferenceSet scrambled =
                    ReferenceSet.embedded(
                            old.images(),
                            ReferenceViews.bitonalItself(scrambled(old)),
                            old.modelVersion(),
                            old.enrolledAt());
            assertThat(scrambled.spread()).isZero();
            pipeline.references().put(customer(3), scrambled);

            // When the customer signs after the upgrade
            pipeline.requests.pipeInput(customer(3), request("r-1", genuine(3, 9)));
            pipeline.waitForBatchDelay();
            pipeline.verdicts.readValue();

            // Then the stored set's spread is that of the current model's embeddings (this model
            // has the previous one's weights, so the spread of a genuine enrolment comes back)
            ReferenceSet stored = pipeline.references().get(customer(3));
            assertThat(stored.modelVersion()).isEqualTo(current.card().version());
            assertThat(stored.spread())
                    .isEqualTo(ReferenceSpread.of(stored.embeddings()))
                    .isCloseTo(old.spread(), within(1e-6))
                    .isPositive();
        }
    }

    @Test
    void aSetStoredBeforeBitonalViewsIsEmbeddedInBothViewsBeforeItScores() {
        try (Pipeline pipeline = new Pipeline(TopologySettings.defaults(), current, stateDir)) {
            // Given a set of grey references (the synthetic scans are grey) of the current model
            // as a store of format 2 reads it back: embeddings as scanned only, standing in for
            // the bitonal view it never had
            ReferenceSet enrolled = enrolledWith(current, 4, 3);
            List<float[]> asScanned = enrolled.embeddings();
            ReferenceSet legacy =
                    new ReferenceSet(
                            enrolled.images(),
                            ReferenceViews.bitonalItself(asScanned),
                            enrolled.modelVersion(),
                            enrolled.enrolledAt(),
                            false);
            pipeline.references().put(customer(4), legacy);

            // When the customer signs
            pipeline.requests.pipeInput(customer(4), request("r-1", genuine(4, 9)));
            pipeline.waitForBatchDelay();
            pipeline.verdicts.readValue();

            // Then the stored set now has the bitonal views of its grey references, the ones an
            // enrolment today makes
            ReferenceSet stored = pipeline.references().get(customer(4));
            assertThat(stored.bitonalViewEmbedded()).isTrue();
            for (int i = 0; i < 3; i++) {
                assertThat(stored.views().bitonal().get(i))
                        .isNotEqualTo(asScanned.get(i))
                        .containsExactly(enrolled.views().bitonal().get(i));
            }
        }
    }

    @Test
    void eachReembeddingAndEachPreprocessedImageIsReported() {
        // Given an encoder for the current model that reports to a counting observer
        int[] reembedded = {0};
        int[] preprocessed = {0};
        PipelineObserver counting =
                new PipelineObserver() {
                    @Override
                    public void preprocessed(long nanos) {
                        assertThat(nanos).isPositive();
                        preprocessed[0]++;
                    }

                    @Override
                    public void reembedded(int references) {
                        assertThat(references).isEqualTo(3);
                        reembedded[0]++;
                    }
                };
        ReferenceEncoder encoder =
                new ReferenceEncoder(
                        current,
                        new SignaturePreprocessor(
                                current.card().preprocessing(), ImageLimits.DEFAULT),
                        counting);

        // When a stale set is brought up to date, and then the up-to-date one again
        ReferenceSet upToDate = encoder.current(enrolledWith(previous, 1, 3));
        encoder.current(upToDate);

        // Then one re-embedding of three images was reported, and nothing for the current set
        assertThat(reembedded[0]).isEqualTo(1);
        assertThat(preprocessed[0]).isEqualTo(3);
    }

    @Test
    void aCardRecalibratedToTurnTheInkReembedsSetsEmbeddedAsScannedUnderTheSameVersion() {
        // Given the previous card recalibrated to turn each image to its ink's axis: the same
        // version, other embeddings
        ModelCard turnedCard = previous.card().withOrientation(Orientation.PRINCIPAL_AXIS);
        ReembeddingCounter counting = new ReembeddingCounter();
        try (Embedder turned =
                TestEmbedders.onnx(TestEmbedders.shippedModel(), turnedCard, stateDir)) {
            ReferenceEncoder encoder =
                    new ReferenceEncoder(
                            turned,
                            new SignaturePreprocessor(
                                    turnedCard.preprocessing(), ImageLimits.DEFAULT),
                            counting);
            ReferenceSet asScanned = enrolledWith(previous, 5, 3);

            // When a set embedded as scanned is brought up to date, and then again
            ReferenceSet upToDate = encoder.current(asScanned);
            encoder.current(upToDate);

            // Then it was embedded again once, from turned images, and says so
            assertThat(counting.reembeddings).isEqualTo(1);
            assertThat(upToDate.modelVersion())
                    .isEqualTo(turnedCard.embeddingVersion())
                    .isNotEqualTo(asScanned.modelVersion());
            assertThat(upToDate.embeddings().get(0))
                    .isEqualTo(enrolledWith(turned, 5, 3).embeddings().get(0))
                    .isNotEqualTo(asScanned.embeddings().get(0));
        }
    }

    @Test
    void duringAnUpgradeSetsAreEmbeddedAsScannedOnlyAndNotAgainForEachRequest() {
        // Given an encoder of the first rolling restart of an upgrade (no bitonal views stored),
        // reporting its re-embeddings
        ReembeddingCounter counting = new ReembeddingCounter();
        ReferenceEncoder upgrading =
                new ReferenceEncoder(
                        current,
                        new SignaturePreprocessor(
                                current.card().preprocessing(), ImageLimits.DEFAULT),
                        counting,
                        ReferencesFormat.V2);

        // When a set of the previous model is brought up to date, and the result again
        ReferenceSet stale = enrolledWith(previous, 5, 3);
        ReferenceSet upToDate = upgrading.current(stale);

        // Then it was re-embedded once, by the current model, as scanned only; the second time it
        // was current as it was
        assertThat(upToDate.modelVersion()).isEqualTo(current.card().version());
        assertThat(upToDate.bitonalViewEmbedded()).isFalse();
        assertThat(upToDate.embeddings().get(0)).containsExactly(stale.embeddings().get(0));
        assertThat(upgrading.current(upToDate)).isSameAs(upToDate);
        assertThat(counting.reembeddings).isEqualTo(1);
        // and an encoder of this version (after the second restart) embeds its bitonal views
        ReferenceSet complete =
                new ReferenceEncoder(
                                current,
                                new SignaturePreprocessor(
                                        current.card().preprocessing(), ImageLimits.DEFAULT),
                                PipelineObserver.NONE)
                        .current(upToDate);
        assertThat(complete.bitonalViewEmbedded()).isTrue();
    }

    /** Counts the re-embeddings an encoder reports. */
    private static final class ReembeddingCounter implements PipelineObserver {
        int reembeddings;

        @Override
        public void reembedded(int references) {
            reembeddings++;
        }
    }

    private static ReferenceSet enrolledWith(Embedder embedder, int writer, int count) {
        SignaturePreprocessor preprocessor =
                new SignaturePreprocessor(embedder.card().preprocessing(), ImageLimits.DEFAULT);
        List<EnrolledImage> images = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            images.add(new EnrolledImage("ref-" + i, genuine(writer, i), "image/png", null));
        }
        return new ReferenceEncoder(embedder, preprocessor, PipelineObserver.NONE)
                .enrol(images, Instant.parse("2026-01-01T00:00:00Z"));
    }

    private static List<float[]> scrambled(ReferenceSet set) {
        List<float[]> scrambled = new ArrayList<>();
        for (float[] embedding : set.embeddings()) {
            float[] copy = new float[embedding.length];
            for (int i = 0; i < copy.length; i++) {
                copy[i] = 10f * (i % 2 == 0 ? 1 : -1);
            }
            scrambled.add(copy);
        }
        return scrambled;
    }
}
