package io.countersign.datasets.synthetic;

import java.awt.Color;

/**
 * How one writer writes: the habits that every genuine sample keeps.
 *
 * @param penWidth pen width in x-height units
 * @param slant shear of the writing (x += slant * y)
 * @param tilt baseline angle in radians
 * @param variability how much this writer's samples differ from one another (knot jitter, units)
 * @param ink ink colour
 */
record WriterStyle(double penWidth, double slant, double tilt, double variability, Color ink) {}
