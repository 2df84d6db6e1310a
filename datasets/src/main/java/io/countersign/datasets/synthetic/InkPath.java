package io.countersign.datasets.synthetic;

/** A dense polyline the pen drew in one go, with the ink width at each point (x-height units). */
record InkPath(double[] x, double[] y, double[] width) {

    int size() {
        return x.length;
    }
}
