"""Reads a .nir file with the nir package (type-checked) and prints, per
node in name order, its type, shape and threshold, so a lit test can check
them against what hwc compile printed."""
import sys

import nir
import numpy as np

graph = nir.read(sys.argv[1])
for name in sorted(graph.nodes):
    node = graph.nodes[name]
    kind = type(node).__name__
    line = f"NIR {name} {kind}"
    if kind == "IF":
        thresholds = np.unique(node.v_threshold)
        line += f" shape={'x'.join(map(str, node.v_threshold.shape))} threshold={','.join(str(int(t)) for t in thresholds)}"
    elif kind in ("Conv2d", "Affine"):
        line += f" weight={'x'.join(map(str, node.weight.shape))} integral={bool(np.all(node.weight == np.round(node.weight)))}"
    print(line)
print(f"NIR edges={len(graph.edges)} reset_mode={graph.metadata.get('reset_mode')}")
