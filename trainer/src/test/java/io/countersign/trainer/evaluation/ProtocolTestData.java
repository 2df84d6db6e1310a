package io.countersign.trainer.evaluation;

import java.util.List;

/** Small embeddings for the service-protocol tests. */
final class ProtocolTestData {

    private ProtocolTestData() {}

    static float[] p(float x, float y) {
        return new float[] {x, y};
    }

    /**
     * The hand-computed case, K = 2: writer {@code x/A} enrols (0,0) and (6,0) (spread 6), writer
     * {@code y/B} enrols (20,0) and (22,0) (spread 2), and {@code y/C} with two genuine signatures
     * cannot enrol two and question one. Random forgeries: one genuine of each other writer.
     */
    static ProtocolTrials handCase() {
        float[] aQuestioned = p(3, 0);
        float[] bQuestioned = p(21, 0);
        float[] c = p(-10, 0);
        return new ProtocolTrials(
                List.of(
                        new ProtocolTrials.Enrolment(
                                "x/A",
                                List.of(p(0, 0), p(6, 0)),
                                List.of(aQuestioned, p(3, 4)),
                                List.of(p(8, 0), p(10, 0)),
                                List.of(bQuestioned, c)),
                        new ProtocolTrials.Enrolment(
                                "y/B",
                                List.of(p(20, 0), p(22, 0)),
                                List.of(bQuestioned),
                                List.of(p(24, 0), p(25, 0)),
                                List.of(aQuestioned, c))),
                List.of("y/C"));
    }

    /** The writers of the hand case before any draw: A 4 genuine, B 3, C 2. */
    static List<WriterEmbeddings> handWriters() {
        return List.of(
                new WriterEmbeddings(
                        "x/A",
                        List.of(p(0, 0), p(6, 0), p(3, 0), p(3, 4)),
                        List.of(p(8, 0), p(10, 0))),
                new WriterEmbeddings(
                        "y/B", List.of(p(20, 0), p(22, 0), p(21, 0)), List.of(p(24, 0), p(25, 0))),
                new WriterEmbeddings("y/C", List.of(p(-10, 0), p(-12, 0)), List.of()));
    }

    /** The logistic function, for expected probabilities written as formulas. */
    static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }
}
