"""What every benchmark shares: timing, percentiles and the result rows."""

import statistics
import time


def timed_ms(function, repeat):
    """Call `function` `repeat` times; return each call's duration in ms."""
    durations = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        durations.append((time.perf_counter() - started) * 1000)
    return durations


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def p50(values):
    return statistics.median(values)


def result(name, ours, anchor, target, met, unit="ms", note=""):
    """One row of the table and of bench/results.json.

    `anchor` is the figure of the tool or floor we compare with in the same
    run; `ratio` is ours / anchor (below 1: ours is faster or smaller).
    """
    ratio = ours / anchor if anchor else None
    return {
        "name": name,
        "ours": round(ours, 3),
        "anchor": round(anchor, 3) if anchor is not None else None,
        "ratio": round(ratio, 4) if ratio is not None else None,
        "unit": unit,
        "target": target,
        "met": bool(met),
        "note": note,
    }
