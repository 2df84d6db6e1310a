package io.countersign.trainer.cli;

import io.countersign.datasets.DatasetSpec;
import io.countersign.datasets.SignatureDataset;

/** Resolves a {@code --dataset} spec to a dataset through the datasets module's readers. */
final class DatasetArgument {

    private DatasetArgument() {}

    static SignatureDataset load(String spec) {
        return DatasetSpec.load(spec);
    }
}
