package io.countersign.trainer.data;

import io.countersign.datasets.WriterId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Draws training pairs and triplets from the training writers: genuine-genuine positives,
 * genuine-skilled and genuine-random negatives in a configurable mix. A writer without skilled
 * forgeries contributes random forgeries instead.
 */
public final class PairSampler {

    private final List<WriterImages> writers;
    private final PairMix mix;
    // The writers of each corpus, when pairs and triplets draw a corpus first; null otherwise.
    private final List<List<WriterImages>> corpora;

    /** Samples from these writers (each with at least two genuine signatures to be used). */
    public PairSampler(List<WriterImages> writers, PairMix mix) {
        this(writers, mix, false);
    }

    /**
     * Samples from these writers; with {@code balanceCorpora} the writer a pair or triplet is built
     * around is drawn from a corpus ({@link WriterId#corpus}) chosen uniformly, so a corpus of 18
     * writers is trained on as often as one of 100, instead of each writer equally often.
     * Random-forgery partners still come from any writer.
     */
    public PairSampler(List<WriterImages> writers, PairMix mix, boolean balanceCorpora) {
        this.writers = writers.stream().filter(w -> w.genuine().size() >= 2).toList();
        if (this.writers.size() < 2) {
            throw new IllegalArgumentException(
                    "training needs at least two writers with two genuine signatures each, found "
                            + this.writers.size());
        }
        this.mix = mix;
        this.corpora = balanceCorpora ? byCorpus(this.writers) : null;
    }

    private static List<List<WriterImages>> byCorpus(List<WriterImages> writers) {
        Map<String, List<WriterImages>> corpora = new LinkedHashMap<>();
        for (WriterImages w : writers) {
            corpora.computeIfAbsent(WriterId.corpus(w.writer()), c -> new ArrayList<>()).add(w);
        }
        return List.copyOf(corpora.values());
    }

    /** The writer a pair or triplet is built around. */
    private WriterImages anchorWriter(Random random) {
        if (corpora == null) {
            return writers.get(random.nextInt(writers.size()));
        }
        List<WriterImages> corpus = corpora.get(random.nextInt(corpora.size()));
        return corpus.get(random.nextInt(corpus.size()));
    }

    /** How many writers the sampler draws from (each a class of writer classification). */
    public int writerCount() {
        return writers.size();
    }

    /** Draws {@code count} pairs; {@code positive} is null, {@code other} the second image. */
    public List<TrainingSample> pairs(int count, Random random) {
        List<TrainingSample> pairs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            WriterImages writer = anchorWriter(random);
            float[] anchor = pick(writer.genuine(), random);
            PairKind kind = mix.draw(random);
            if (kind == PairKind.GENUINE) {
                pairs.add(
                        new TrainingSample(
                                anchor, null, otherGenuine(writer, anchor, random), kind));
            } else {
                pairs.add(forgery(writer, anchor, kind, random, null));
            }
        }
        return pairs;
    }

    /** Draws {@code count} triplets (anchor, genuine positive, skilled or random negative). */
    public List<TrainingSample> triplets(int count, Random random) {
        List<TrainingSample> triplets = new ArrayList<>(count);
        double forged = mix.skilled() + mix.random();
        for (int i = 0; i < count; i++) {
            WriterImages writer = anchorWriter(random);
            float[] anchor = pick(writer.genuine(), random);
            float[] positive = otherGenuine(writer, anchor, random);
            PairKind kind =
                    random.nextDouble() * forged < mix.skilled()
                            ? PairKind.SKILLED
                            : PairKind.RANDOM;
            triplets.add(forgery(writer, anchor, kind, random, positive));
        }
        return triplets;
    }

    /**
     * Draws a batch of {@code writerCount} distinct writers with {@code genuinePerWriter} genuine
     * signatures (without repeats where the writer has that many) and up to {@code
     * forgeriesPerWriter} skilled forgeries of each.
     */
    public WriterBatch writerBatch(
            int writerCount, int genuinePerWriter, int forgeriesPerWriter, Random random) {
        List<WriterImages> shuffled = new ArrayList<>(writers);
        java.util.Collections.shuffle(shuffled, random);
        List<float[]> images = new ArrayList<>();
        List<Integer> owners = new ArrayList<>();
        List<Boolean> kinds = new ArrayList<>();
        List<Integer> classes = new ArrayList<>();
        for (int w = 0; w < Math.min(writerCount, shuffled.size()); w++) {
            WriterImages writer = shuffled.get(w);
            int global = writers.indexOf(writer);
            for (float[] image : draw(writer.genuine(), genuinePerWriter, random)) {
                images.add(image);
                owners.add(w);
                kinds.add(true);
                classes.add(2 * global);
            }
            int forgeries = Math.min(forgeriesPerWriter, writer.forgeries().size());
            for (float[] image : draw(writer.forgeries(), forgeries, random)) {
                images.add(image);
                owners.add(w);
                kinds.add(false);
                classes.add(2 * global + 1);
            }
        }
        int[] ownerArray = owners.stream().mapToInt(Integer::intValue).toArray();
        boolean[] genuineArray = new boolean[kinds.size()];
        for (int i = 0; i < genuineArray.length; i++) {
            genuineArray[i] = kinds.get(i);
        }
        return new WriterBatch(
                images,
                ownerArray,
                genuineArray,
                classes.stream().mapToInt(Integer::intValue).toArray());
    }

    /** {@code count} images, distinct while the list has enough, repeated only beyond that. */
    private static List<float[]> draw(List<float[]> images, int count, Random random) {
        List<float[]> pool = new ArrayList<>(images);
        java.util.Collections.shuffle(pool, random);
        List<float[]> drawn = new ArrayList<>(count);
        for (int i = 0; i < count && !pool.isEmpty(); i++) {
            drawn.add(pool.get(i % pool.size()));
        }
        return drawn;
    }

    private TrainingSample forgery(
            WriterImages writer, float[] anchor, PairKind kind, Random random, float[] positive) {
        if (kind == PairKind.SKILLED && !writer.forgeries().isEmpty()) {
            return new TrainingSample(anchor, positive, pick(writer.forgeries(), random), kind);
        }
        WriterImages other = writer;
        while (other == writer) {
            other = writers.get(random.nextInt(writers.size()));
        }
        return new TrainingSample(anchor, positive, pick(other.genuine(), random), PairKind.RANDOM);
    }

    private static float[] otherGenuine(WriterImages writer, float[] anchor, Random random) {
        float[] other = anchor;
        while (other == anchor) {
            other = pick(writer.genuine(), random);
        }
        return other;
    }

    private static float[] pick(List<float[]> images, Random random) {
        return images.get(random.nextInt(images.size()));
    }
}
