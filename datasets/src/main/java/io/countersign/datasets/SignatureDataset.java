package io.countersign.datasets;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A set of signature images grouped by writer, as a reader found it on disk.
 *
 * @param description where it came from (the spec, e.g. "sign_data:/data/sign_data")
 * @param samples every image, genuine and forged, in a stable order
 * @param pairs the pairs the dataset itself lists (sign_data's CSVs), possibly empty
 */
public record SignatureDataset(
        String description, List<SignatureSample> samples, List<SignaturePair> pairs) {

    public SignatureDataset {
        Objects.requireNonNull(description, "description");
        samples = List.copyOf(samples);
        pairs = List.copyOf(pairs);
    }

    /** A dataset without listed pairs. */
    public SignatureDataset(String description, List<SignatureSample> samples) {
        this(description, samples, List.of());
    }

    /** The writers, sorted. */
    public List<String> writers() {
        return samples.stream().map(SignatureSample::writer).distinct().sorted().toList();
    }

    /** The genuine signatures of one writer (empty for an unknown writer). */
    public List<SignatureSample> genuine(String writer) {
        return samples.stream().filter(s -> s.genuine() && s.writer().equals(writer)).toList();
    }

    /** The skilled forgeries of one writer's signature (empty for an unknown writer). */
    public List<SignatureSample> forgeries(String writer) {
        return samples.stream().filter(s -> !s.genuine() && s.writer().equals(writer)).toList();
    }

    /** The partitions the layout predefines ("train", "test"), or just "" when it has none. */
    public Set<String> partitions() {
        return samples.stream()
                .map(SignatureSample::partition)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * The samples (and listed pairs) of one predefined partition; "" selects unpartitioned ones.
     */
    public SignatureDataset partition(String name) {
        List<SignatureSample> subset =
                samples.stream().filter(s -> s.partition().equals(name)).toList();
        List<SignaturePair> pairSubset =
                pairs.stream().filter(p -> p.reference().partition().equals(name)).toList();
        String suffix = name.isEmpty() ? "" : " [" + name + "]";
        return new SignatureDataset(description + suffix, subset, pairSubset);
    }

    /** The samples of the given writers only, with the listed pairs among them. */
    public SignatureDataset ofWriters(Set<String> writers) {
        List<SignatureSample> subset =
                samples.stream().filter(s -> writers.contains(s.writer())).toList();
        List<SignaturePair> pairSubset =
                pairs.stream().filter(p -> writers.contains(p.reference().writer())).toList();
        return new SignatureDataset(description, subset, pairSubset);
    }

    /** One line for people: writers, genuine and forged images, listed pairs, partitions. */
    public String summary() {
        long genuine = samples.stream().filter(SignatureSample::genuine).count();
        StringBuilder line =
                new StringBuilder()
                        .append(description)
                        .append(": ")
                        .append(writers().size())
                        .append(" writers, ")
                        .append(genuine)
                        .append(" genuine, ")
                        .append(samples.size() - genuine)
                        .append(" forged, ")
                        .append(pairs.size())
                        .append(" pairs listed");
        Set<String> partitions = partitions();
        if (!partitions.equals(Set.of(""))) {
            line.append(" (");
            line.append(
                    partitions.stream()
                            .map(p -> describePartition(p))
                            .collect(Collectors.joining(", ")));
            line.append(")");
        }
        return line.toString();
    }

    private String describePartition(String name) {
        SignatureDataset part = partition(name);
        return (name.isEmpty() ? "unpartitioned" : name)
                + ": "
                + part.writers().size()
                + " writers, "
                + part.samples().size()
                + " images";
    }
}
