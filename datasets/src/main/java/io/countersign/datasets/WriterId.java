package io.countersign.datasets;

/**
 * Writer ids that stay unique when corpora are combined: a reader may qualify its ids with a folder
 * ({@code Bengali/12}), and a dataset built from several specs prefixes each id with its corpus
 * ({@code sign_data/049}, {@code bhsig260/Hindi/7}). Everything before the last slash is the corpus
 * the writer belongs to, which splits and per-corpus metrics group by.
 */
public final class WriterId {

    private WriterId() {}

    /** The corpus part of a writer id, "" for an unqualified id such as {@code 049}. */
    public static String corpus(String writer) {
        int slash = writer.lastIndexOf('/');
        return slash < 0 ? "" : writer.substring(0, slash);
    }

    /** The id qualified by a corpus name. */
    public static String qualify(String corpus, String writer) {
        return corpus.isEmpty() ? writer : corpus + "/" + writer;
    }
}
