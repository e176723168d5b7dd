#!/usr/bin/env python3
"""Merges functional-coverage files written by `iommu-lockstep --coverage FILE` and prints the bins never
hit (holes), grouped, then one summary line. Usage: coverage_report.py FILE...
Bins that this RTL cannot reach by construction (a read request cannot end in a write access fault, for
example) are listed in UNREACHABLE and reported apart, not counted as holes."""
import re
import sys

UNREACHABLE = [
    r"response\.(read|write)\.cause(1|12)$", r"response\.(exec|write)\.cause(5|13)$",
    r"response\.(exec|read)\.cause(7|15)$",
    r"response\.translated\.(ok|cause(1|5|7|12|13|15|274))$",  # translated requests fault with 260 (no ATS)
    r"engine\.(Idle|Lookup|DcCheck|PteCheck|Fault)\.held$",  # one-cycle states (docs/microarch.md 5.1)
    r"pte\.level0\.leaf\.misaligned$",  # only a superpage can be misaligned
]


def main(paths):
    if not paths:
        sys.exit("usage: coverage_report.py FILE...")
    counts = {}
    order = []
    for path in paths:
        try:
            lines = open(path).read().splitlines()
        except OSError as e:
            sys.exit("coverage_report: cannot read %s: %s" % (path, e.strerror))
        for n, line in enumerate(lines, 1):
            m = re.match(r"^(\d+) (\S+)$", line)
            if not m:
                sys.exit("coverage_report: %s:%d: expected 'COUNT BIN', got %r" % (path, n, line))
            name = m.group(2)
            if name not in counts:
                counts[name] = 0
                order.append(name)
            counts[name] += int(m.group(1))
    unreachable = [b for b in order if any(re.search(p, b) for p in UNREACHABLE)]
    holes = [b for b in order if counts[b] == 0 and b not in unreachable]
    reachable = len(order) - len(unreachable)
    hit = reachable - len(holes)
    for b in holes:
        print("hole: " + b)
    hit_unreachable = [b for b in unreachable if counts[b] > 0]
    for b in hit_unreachable:
        print("error: a bin that cannot be reached by construction was hit %d times: %s" % (counts[b], b))
    print("coverage: %d of %d bins hit (%.1f%%), %d holes, %d unreachable bins excluded"
          % (hit, reachable, 100.0 * hit / reachable, len(holes), len(unreachable)))
    return 1 if hit_unreachable else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
