package io.countersign.streams.verification;

/**
 * Which pen a request's references were compared in, where the served card has a pen view: a
 * verdict's {@code comparedWithPen}, so that a reviewer can tell a comparison with the references
 * as a broader pen would have written them from one with the references as enrolled.
 */
enum ComparedPen {
    /** The references as enrolled: the request's ink level was nearer theirs. */
    AS_ENROLLED,
    /** The references as a broader pen would have written them (the card's scoring.broaderPen). */
    BROADER
}
