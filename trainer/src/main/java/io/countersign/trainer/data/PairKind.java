package io.countersign.trainer.data;

/** What a pair of signatures is: both genuine, or a genuine one against a forgery. */
public enum PairKind {
    /** Two genuine signatures of one writer. */
    GENUINE,
    /** A genuine signature and a skilled forgery of it. */
    SKILLED,
    /** A genuine signature and a genuine signature of another writer. */
    RANDOM
}
