"""Gradient-boosted regression trees for the ``news`` scorer, evaluated in pure Python.

The trees are learned offline by LightGBM (tools/train_trees.py) and shipped as
plain JSON, so run time needs neither lightgbm nor numpy. The format is
LightGBM's own array layout, one object per tree::

    {"feature": [f0, f1, ...], "threshold": [t0, t1, ...],
     "left": [...], "right": [...], "leaf": [v0, v1, ...]}

Internal node k sends a row to ``left[k]`` when ``row[feature[k]] <= threshold[k]``,
else to ``right[k]``; a child ``c < 0`` is the leaf ``~c`` (-1 is leaf 0). A tree
that never split has no nodes and one leaf. The score is the sum of one leaf
per tree, as LightGBM's raw prediction.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["Tree", "Trees", "from_lightgbm"]


@dataclass(frozen=True)
class Tree:
    """One regression tree in array form (see the module docstring)."""

    feature: tuple[int, ...]
    threshold: tuple[float, ...]
    left: tuple[int, ...]
    right: tuple[int, ...]
    leaf: tuple[float, ...]

    def value(self, row: Sequence[float]) -> float:
        if not self.feature:
            return self.leaf[0]
        node = 0
        feature, threshold, left, right = self.feature, self.threshold, self.left, self.right
        while node >= 0:
            node = left[node] if row[feature[node]] <= threshold[node] else right[node]
        return self.leaf[~node]

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Tree:
        tree = cls(
            tuple(int(v) for v in data["feature"]),
            tuple(float(v) for v in data["threshold"]),
            tuple(int(v) for v in data["left"]),
            tuple(int(v) for v in data["right"]),
            tuple(float(v) for v in data["leaf"]),
        )
        nodes = len(tree.feature)
        if not (len(tree.threshold) == len(tree.left) == len(tree.right) == nodes and len(tree.leaf) == nodes + 1):
            raise ValueError("a tree needs one threshold and two children per node, and one leaf more than nodes")
        children = sorted(tree.left + tree.right)
        if nodes and children != sorted([*range(1, nodes), *(~k for k in range(nodes + 1))]):
            raise ValueError("a tree's children must reach every other node and every leaf exactly once")
        return tree


@dataclass(frozen=True)
class Trees:
    """A boosted ensemble: the sum of its trees' leaves, higher for a sentence more like the abstract.

    Same interface as news.Network (``score(row)``), chosen by the model file's ``"kind"``.
    """

    trees: tuple[Tree, ...]
    inputs: int

    def score(self, row: Sequence[float]) -> float:
        if len(row) != self.inputs:
            raise ValueError(f"the trees read {self.inputs} features, the row has {len(row)}")
        total = 0.0
        for tree in self.trees:
            total += tree.value(row)
        return total

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Trees:
        trees = tuple(Tree.from_json(t) for t in data["trees"])
        inputs = int(data["inputs"])
        if any(f < 0 or f >= inputs for t in trees for f in t.feature):
            raise ValueError("a tree splits on a feature the model does not have")
        return cls(trees, inputs)


def from_lightgbm(dump: Mapping[str, Any], scale: float = 1.0, digits: int = 7) -> dict[str, object]:
    """LightGBM's ``Booster.dump_model()`` as the JSON this module reads (leaf values × `scale`).

    Only numerical ``<=`` splits are supported (the news features have no
    categories and no missing values); thresholds are kept exactly, leaf
    values to `digits` significant digits.
    """
    trees = []
    for info in dump["tree_info"]:
        tree: dict[str, list[Any]] = {"feature": [], "threshold": [], "left": [], "right": [], "leaf": []}
        root = info["tree_structure"]
        if "leaf_value" in root and "split_index" not in root:
            tree["leaf"].append(float(f"{root['leaf_value'] * scale:.{digits}g}"))
            trees.append(tree)
            continue
        leaves = info["num_leaves"]
        tree["leaf"] = [0.0] * leaves
        nodes = leaves - 1
        for key in ("feature", "threshold", "left", "right"):
            tree[key] = [0] * nodes
        stack = [root]
        while stack:
            node = stack.pop()
            if node["decision_type"] != "<=":
                raise ValueError(f"unsupported split {node['decision_type']!r}")
            k = node["split_index"]
            tree["feature"][k] = node["split_feature"]
            tree["threshold"][k] = float(node["threshold"])
            for side in ("left", "right"):
                child = node[side + "_child"]
                if "split_index" in child:
                    tree[side][k] = child["split_index"]
                    stack.append(child)
                else:
                    tree[side][k] = ~child["leaf_index"]
                    tree["leaf"][child["leaf_index"]] = float(f"{child['leaf_value'] * scale:.{digits}g}")
        trees.append(tree)
    return {"kind": "trees", "inputs": dump["max_feature_idx"] + 1, "trees": trees}
