package io.countersign.trainer.evaluation;

import io.countersign.core.image.ImageTone;
import io.countersign.core.scoring.ReferenceSpread;
import io.countersign.core.scoring.ReferenceViews;
import io.countersign.core.scoring.Scorer;
import io.countersign.core.scoring.ScoringRule;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * Verification trials as the service meets them: each writer enrols K genuine references and is
 * questioned with its other genuine signatures, its skilled forgeries and random forgeries (one
 * genuine signature of each of some other writers).
 *
 * @param enrolments the writers with more than K genuine signatures, in the given order
 * @param skipped the writers with too few genuine signatures to enrol K and question one
 * @param views the tone of each embedded image and the bitonal view of each reference, so that
 *     trials are scored like with like, as the service scores them ({@link ToneViews#NONE}: all as
 *     scanned)
 */
public record ProtocolTrials(List<Enrolment> enrolments, List<String> skipped, ToneViews views) {

    /** Random forgeries per writer unless told otherwise: one from each of this many others. */
    public static final int DEFAULT_RANDOM_WRITERS = 20;

    /**
     * Enrolment draws a scoring rule is fitted on. Which K references a writer enrols moves a
     * validation EER by 1-2 points on 43 writers, as much as the candidates differ; pooling several
     * draws makes the choice and the calibration rest on the rule, not on one draw.
     */
    public static final int FIT_DRAWS = 5;

    /** One writer's references and the embeddings it is questioned with, by kind. */
    public record Enrolment(
            String writer,
            List<float[]> references,
            List<float[]> genuine,
            List<float[]> skilled,
            List<float[]> random) {

        /** Keeps unmodifiable copies. */
        public Enrolment {
            references = List.copyOf(references);
            genuine = List.copyOf(genuine);
            skilled = List.copyOf(skilled);
            random = List.copyOf(random);
        }
    }

    /** Keeps unmodifiable copies. */
    public ProtocolTrials {
        enrolments = List.copyOf(enrolments);
        skipped = List.copyOf(skipped);
        Objects.requireNonNull(views, "views");
    }

    /** Trials scored as scanned throughout. */
    public ProtocolTrials(List<Enrolment> enrolments, List<String> skipped) {
        this(enrolments, skipped, ToneViews.NONE);
    }

    /** The same trials, scored with these views. */
    public ProtocolTrials withViews(ToneViews newViews) {
        return new ProtocolTrials(enrolments, skipped, newViews);
    }

    /**
     * Draws the trials, seeded: per writer with more than {@code k} genuine signatures, {@code k}
     * random references, the rest of its genuine signatures, all its skilled forgeries, and one
     * random genuine signature from each of up to {@code randomWriters} other writers.
     */
    public static ProtocolTrials draw(
            List<WriterEmbeddings> writers, int k, int randomWriters, long seed) {
        if (k < 1) {
            throw new IllegalArgumentException("need at least one reference, was " + k);
        }
        Random random = new Random(seed);
        List<Enrolment> enrolments = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (int w = 0; w < writers.size(); w++) {
            WriterEmbeddings writer = writers.get(w);
            if (writer.genuine().size() <= k) {
                skipped.add(writer.writer());
                continue;
            }
            List<float[]> genuine = new ArrayList<>(writer.genuine());
            Collections.shuffle(genuine, random);
            enrolments.add(
                    new Enrolment(
                            writer.writer(),
                            genuine.subList(0, k),
                            genuine.subList(k, genuine.size()),
                            writer.forgeries(),
                            randomForgeries(writers, w, randomWriters, random)));
        }
        return new ProtocolTrials(enrolments, skipped);
    }

    /**
     * {@code draws} independent draws ({@link #draw}, the first with {@code seed} itself) pooled as
     * one set of trials: each writer enrols once per draw, so per-writer figures count enrolments
     * and {@code writers} is writers times draws.
     */
    public static ProtocolTrials draws(
            List<WriterEmbeddings> writers, int k, int randomWriters, long seed, int draws) {
        if (draws < 1) {
            throw new IllegalArgumentException("need at least one draw, was " + draws);
        }
        List<Enrolment> enrolments = new ArrayList<>();
        List<String> skipped = List.of();
        for (int d = 0; d < draws; d++) {
            ProtocolTrials one = draw(writers, k, randomWriters, seed + 1_000_003L * d);
            enrolments.addAll(one.enrolments());
            skipped = one.skipped();
        }
        return new ProtocolTrials(enrolments, skipped);
    }

    /**
     * The same trials with every questioned embedding replaced by its counterpart in {@code
     * through}: the same writers' signatures as {@code drawnOn}, matched by writer and image name,
     * embedded from other images (another scanner or channel). The references stay: a customer
     * enrolled from one kind of scan and questioned with another. A questioned signature whose
     * image {@code through} could not read is left out of the trials ({@link #unreadableThrough}
     * counts them: the service would refuse each such request with a reason).
     *
     * @throws IllegalArgumentException where {@code through} holds a signature {@code drawnOn} does
     *     not, or none of its signatures
     */
    public ProtocolTrials questionedThrough(
            List<WriterEmbeddings> drawnOn, List<WriterEmbeddings> through) {
        Map<String, float[]> byName = named(through);
        Map<String, float[]> drawnByName = named(drawnOn);
        if (!drawnByName.keySet().containsAll(byName.keySet()) || byName.isEmpty()) {
            throw new IllegalArgumentException(
                    "the questioned images are not the enrolled ones' signatures: the two sets"
                            + " must be the same writers' images through two channels");
        }
        Map<float[], float[]> counterpart = new IdentityHashMap<>();
        drawnByName.forEach(
                (name, embedding) -> {
                    float[] other = byName.get(name);
                    if (other != null) {
                        counterpart.put(embedding, other);
                    }
                });
        List<Enrolment> mapped = new ArrayList<>();
        for (Enrolment e : enrolments) {
            mapped.add(
                    new Enrolment(
                            e.writer(),
                            e.references(),
                            map(e.genuine(), counterpart),
                            map(e.skilled(), counterpart),
                            map(e.random(), counterpart)));
        }
        return new ProtocolTrials(mapped, skipped, views);
    }

    /**
     * The signatures of {@code drawnOn} that {@code through} could not read, by kind: {@code
     * [genuine, forgeries]}.
     */
    public static int[] unreadableThrough(
            List<WriterEmbeddings> drawnOn, List<WriterEmbeddings> through) {
        Map<String, float[]> byName = named(through);
        int[] missing = new int[2];
        for (WriterEmbeddings w : drawnOn) {
            missing[0] +=
                    (int)
                            w.genuineNames().stream()
                                    .filter(n -> !byName.containsKey(key(w, n)))
                                    .count();
            missing[1] +=
                    (int)
                            w.forgeryNames().stream()
                                    .filter(n -> !byName.containsKey(key(w, n)))
                                    .count();
        }
        return missing;
    }

    private static Map<String, float[]> named(List<WriterEmbeddings> writers) {
        Map<String, float[]> byName = new HashMap<>();
        for (WriterEmbeddings w : writers) {
            for (int i = 0; i < w.genuine().size(); i++) {
                byName.put(key(w, w.genuineNames().get(i)), w.genuine().get(i));
            }
            for (int i = 0; i < w.forgeries().size(); i++) {
                byName.put(key(w, w.forgeryNames().get(i)), w.forgeries().get(i));
            }
        }
        return byName;
    }

    private static String key(WriterEmbeddings writer, String image) {
        return writer.writer() + '\u0000' + image;
    }

    /** The counterparts of the embeddings that have one, in order. */
    private static List<float[]> map(List<float[]> embeddings, Map<float[], float[]> counterpart) {
        return embeddings.stream().map(counterpart::get).filter(Objects::nonNull).toList();
    }

    private static List<float[]> randomForgeries(
            List<WriterEmbeddings> writers, int self, int count, Random random) {
        List<Integer> others = new ArrayList<>();
        for (int o = 0; o < writers.size(); o++) {
            if (o != self && !writers.get(o).genuine().isEmpty()) {
                others.add(o);
            }
        }
        Collections.shuffle(others, random);
        List<float[]> forgeries = new ArrayList<>();
        for (int o : others.subList(0, Math.min(count, others.size()))) {
            List<float[]> theirs = writers.get(o).genuine();
            forgeries.add(theirs.get(random.nextInt(theirs.size())));
        }
        return forgeries;
    }

    /**
     * The typical reference spread of these writers: the median of their enrolled sets' spreads,
     * NaN where no set has two references.
     */
    public double typicalSpread() {
        return ReferenceSpread.typical(
                enrolments.stream().mapToDouble(e -> ReferenceSpread.of(e.references())).toArray());
    }

    /**
     * Scores every trial with core's {@link Scorer}, as the service does: each questioned image and
     * the references in the view they meet in (both as bitonal where either is bitonal), with the
     * pen nearest the questioned image's ink level where the views hold a pen view, that view's own
     * spread, the rule's aggregation and normalisation. Only the normalised distance is kept: the
     * service's decision and probability are functions of it alone, so keeping it lets metrics be
     * taken at any threshold and calibration, and lets a fit score before it has either.
     */
    public ProtocolScores score(ScoringRule rule) {
        List<ProtocolScores.WriterScores> writers = new ArrayList<>();
        for (Enrolment e : enrolments) {
            ReferenceViews references = views.references(e.references());
            writers.add(
                    new ProtocolScores.WriterScores(
                            e.writer(),
                            distances(e.genuine(), references, rule),
                            distances(e.skilled(), references, rule),
                            distances(e.random(), references, rule)));
        }
        return new ProtocolScores(writers, skipped);
    }

    private double[] distances(
            List<float[]> questioned, ReferenceViews references, ScoringRule rule) {
        return questioned.stream()
                .mapToDouble(
                        q -> {
                            ImageTone view = references.viewFor(views.tone(q));
                            float[] inView = view == ImageTone.BITONAL ? views.bitonalView(q) : q;
                            return Scorer.score(
                                            inView, view, views.inkLevel(q, view), references, rule)
                                    .distance();
                        })
                .toArray();
    }
}
