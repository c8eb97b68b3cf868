#!/usr/bin/python3
"""What a user would write instead of Bench: read each node's Energy series with h5py + numpy and
integrate power over EpochTime (trapezoid), each node's steps merged by EpochTime (first sample of a
second wins). Prints one JSON line like `bench benchmark`, so scripts/bench-analyze.sh can compare.
   h5py_energy.py PROFILE.h5   (merged sh5util layout or a node-step file)
"""
import json
import resource
import sys
import time

import h5py
import numpy as np


def power_field(names):
    # The node total when the plugin names it (ipmi NodePower, xcc CurrPower), else the plain rapl/pm field.
    for name in names:
        if name.lower() == "nodepower":
            return name
    for name in ("CurrPower", "Power"):
        if name in names:
            return name
    return next((n for n in names if n.endswith("Power")), None)


def node_groups(f):
    if "Steps" in f:
        for step in f["Steps"].values():
            for name, node in step["Nodes"].items():
                yield name, node
    else:
        for name, node in f.items():
            yield name, node


def main(path):
    start = time.perf_counter()
    series = {}
    rows = 0
    with h5py.File(path, "r") as f:
        for name, node in node_groups(f):
            if "Energy" not in node:
                continue
            data = node["Energy"][...]
            rows += len(data)
            field = power_field(data.dtype.names)
            if field is None:
                continue
            series.setdefault(name, []).append((data["EpochTime"].astype(np.int64), data[field].astype(np.float64)))
    energy = 0.0
    for parts in series.values():
        epoch = np.concatenate([p[0] for p in parts])
        watts = np.concatenate([p[1] for p in parts])
        epoch, first = np.unique(epoch, return_index=True)
        energy += float(np.trapz(watts[first], epoch))
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    print(json.dumps({"mode": "h5py", "seconds": round(seconds, 3), "rows": rows, "energy_j": energy,
                      "nodes": len(series), "peak_rss_mb": round(peak_mb, 1)}))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: h5py_energy.py PROFILE.h5")
    main(sys.argv[1])
