package io.countersign.trainer.data;

import io.countersign.trainer.evaluation.DistanceSet;
import io.countersign.trainer.evaluation.WriterEmbeddings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A fixed, seeded set of evaluation pairs over one split's writers: every image is embedded once
 * and pairs refer to images by index. Per writer: genuine-genuine pairs, genuine-skilled pairs and
 * as many genuine-random pairs (against other writers of the same split) as genuine pairs.
 */
public final class EvaluationPairs {

    private final List<float[]> images = new ArrayList<>();
    private final List<int[]> pairs = new ArrayList<>();
    private final List<PairKind> kinds = new ArrayList<>();
    private final List<int[]> genuineIds = new ArrayList<>();
    private final List<int[]> forgedIds = new ArrayList<>();

    /** The writers as given: their names and their images' names. */
    private final List<WriterImages> named = new ArrayList<>();

    /** Builds pairs over the writers, at most {@code perWriter} of each kind per writer. */
    public EvaluationPairs(List<WriterImages> writers, int perWriter, long seed) {
        Random random = new Random(seed);
        for (WriterImages writer : writers) {
            named.add(writer);
            genuineIds.add(add(writer.genuine()));
            forgedIds.add(add(writer.forgeries()));
        }
        for (int w = 0; w < writers.size(); w++) {
            int[] genuine = genuineIds.get(w);
            List<int[]> positives = new ArrayList<>();
            List<int[]> skilled = new ArrayList<>();
            for (int i = 0; i < genuine.length; i++) {
                for (int j = i + 1; j < genuine.length; j++) {
                    positives.add(new int[] {genuine[i], genuine[j]});
                }
                for (int f : forgedIds.get(w)) {
                    skilled.add(new int[] {genuine[i], f});
                }
            }
            addSome(positives, PairKind.GENUINE, perWriter, random);
            addSome(skilled, PairKind.SKILLED, perWriter, random);
            int randomCount = Math.min(perWriter, positives.size());
            for (int k = 0; k < randomCount && writers.size() > 1 && genuine.length > 0; k++) {
                int other = random.nextInt(writers.size() - 1);
                int[] theirs = genuineIds.get(other >= w ? other + 1 : other);
                if (theirs.length > 0) {
                    pairs.add(
                            new int[] {
                                genuine[random.nextInt(genuine.length)],
                                theirs[random.nextInt(theirs.length)]
                            });
                    kinds.add(PairKind.RANDOM);
                }
            }
        }
    }

    private int[] add(List<float[]> writerImages) {
        int[] ids = new int[writerImages.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = images.size();
            images.add(writerImages.get(i));
        }
        return ids;
    }

    private void addSome(List<int[]> candidates, PairKind kind, int max, Random random) {
        Collections.shuffle(candidates, random);
        for (int[] pair : candidates.subList(0, Math.min(max, candidates.size()))) {
            pairs.add(pair);
            kinds.add(kind);
        }
    }

    /** The images to embed, once each. */
    public List<float[]> images() {
        return Collections.unmodifiableList(images);
    }

    /** Number of pairs. */
    public int size() {
        return pairs.size();
    }

    /** The pairs' distances, given one embedding per image in {@link #images()} order. */
    public DistanceSet distances(float[][] embeddings) {
        List<Double> genuine = new ArrayList<>();
        List<Double> skilled = new ArrayList<>();
        List<Double> randomPairs = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) {
            double d = euclidean(embeddings[pairs.get(i)[0]], embeddings[pairs.get(i)[1]]);
            switch (kinds.get(i)) {
                case GENUINE -> genuine.add(d);
                case SKILLED -> skilled.add(d);
                case RANDOM -> randomPairs.add(d);
            }
        }
        return new DistanceSet(array(genuine), array(skilled), array(randomPairs));
    }

    /**
     * Each writer's embeddings, given one embedding per image in {@link #images()} order: the
     * service protocol's input, from the very embeddings the pairs use.
     */
    public List<WriterEmbeddings> writers(float[][] embeddings) {
        List<WriterEmbeddings> writers = new ArrayList<>();
        for (int w = 0; w < named.size(); w++) {
            writers.add(
                    new WriterEmbeddings(
                            named.get(w).writer(),
                            select(embeddings, genuineIds.get(w)),
                            select(embeddings, forgedIds.get(w)),
                            named.get(w).genuineNames(),
                            named.get(w).forgeryNames()));
        }
        return writers;
    }

    private static List<float[]> select(float[][] embeddings, int[] ids) {
        return Arrays.stream(ids).mapToObj(i -> embeddings[i]).toList();
    }

    private static double euclidean(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            sum += d * d;
        }
        return Math.sqrt(sum);
    }

    private static double[] array(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
