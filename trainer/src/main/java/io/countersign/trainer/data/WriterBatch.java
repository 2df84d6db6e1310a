package io.countersign.trainer.data;

import java.util.List;

/**
 * A batch of several writers' images for batch-hard mining.
 *
 * @param images the images, writer by writer
 * @param writers the batch-local index of each image's writer
 * @param genuine per image: true for the writer's own signature, false for a skilled forgery
 */
public record WriterBatch(List<float[]> images, int[] writers, boolean[] genuine) {}
