package io.countersign.datasets.synthetic;

import java.util.List;

/**
 * A writer's model signature: pen strokes as knots in x-height units (baseline y = 0, y up), plus
 * the writer's habits.
 */
record Prototype(List<Curve> strokes, WriterStyle style) {}
