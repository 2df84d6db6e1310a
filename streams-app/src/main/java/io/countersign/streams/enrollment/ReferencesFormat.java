package io.countersign.streams.enrollment;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The format reference sets are written in ({@code stores.references-format}), and with it which
 * views of the references are made and used: a version that writes a format can only roll out next
 * to versions that read it, so an upgrade writes the older format first (docs/operations.md).
 */
public enum ReferencesFormat {

    /**
     * The current one: both tone views, their ink levels, and a broader pen's views, where the
     * served card asks for them (a set without a pen view is still written in format 3).
     */
    V4(4, true, true),

    /**
     * Both tone views, no pen views: the first rolling restart of an upgrade from a version that
     * reads format 3 but not 4.
     */
    V3(3, true, false),

    /**
     * As scanned only: the first rolling restart of an upgrade from a version before bitonal views.
     */
    V2(2, false, false);

    private final int number;
    private final boolean bitonalViews;
    private final boolean penViews;

    ReferencesFormat(int number, boolean bitonalViews, boolean penViews) {
        this.number = number;
        this.bitonalViews = bitonalViews;
        this.penViews = penViews;
    }

    /** The format written by a service that is not being upgraded. */
    public static ReferencesFormat current() {
        return V4;
    }

    /**
     * The format of this number.
     *
     * @throws IllegalArgumentException for a number that is not a format this version writes
     */
    public static ReferencesFormat of(int number) {
        return Arrays.stream(values())
                .filter(format -> format.number == number)
                .findFirst()
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        "the reference-set format is one of "
                                                + numbers()
                                                + " (an older one while upgrading from a version"
                                                + " that cannot read the newer); was "
                                                + number));
    }

    /** The numbers of the formats written, newest first. */
    private static String numbers() {
        return Arrays.stream(values())
                .map(format -> String.valueOf(format.number))
                .collect(Collectors.joining(", "));
    }

    /** The format byte. */
    public int number() {
        return number;
    }

    /** Whether references are embedded, stored and compared in their bitonal view too. */
    public boolean bitonalViews() {
        return bitonalViews;
    }

    /**
     * Whether references are embedded, stored and compared as a broader pen would have written
     * them, where the served model card asks for it.
     */
    public boolean penViews() {
        return penViews;
    }
}
