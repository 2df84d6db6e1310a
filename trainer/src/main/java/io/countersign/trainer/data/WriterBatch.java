package io.countersign.trainer.data;

import java.util.List;

/**
 * A batch of several writers' images for batch-hard mining.
 *
 * @param images the images, writer by writer
 * @param writers the batch-local index of each image's writer
 * @param genuine per image: true for the writer's own signature, false for a skilled forgery
 * @param classes per image: {@code 2 w} for writer w's genuine signatures, {@code 2 w + 1} for its
 *     skilled forgeries, w the writer's index among all training writers
 */
public record WriterBatch(List<float[]> images, int[] writers, boolean[] genuine, int[] classes) {}
