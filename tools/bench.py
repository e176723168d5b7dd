#!/usr/bin/env python3
"""`make bench`: throughput of the bench, measured in one run so the ratios are meaningful.

The same generated stimulus (one seed) runs on: the bare Verilated RTL (bench agents, no model, no
checking), the timing model alone, the lockstep RTL + model with every output compared every cycle, and the
functional runner (no time). Reports simulated cycles per second and the lockstep/bare-RTL ratio, and
translations per second of the functional runner.

The machine is shared and its speed drifts by tens of percent over seconds, so the variants run interleaved
(one round runs each once, in turn) and each figure is the best of REPEAT rounds: a slow spell then hits
every variant alike instead of one.

Then build/iommu-perf (tools/xlate_perf.c) measures the architectural layer on its own: translations per
second on one core for (a) single-stage Sv39, (b) two-stage Sv39 over Sv39x4, (c) two-stage with PD20, every
walk done in full and every response checked, in several processes (see perf_figures), printed next to the
targets.

Exit status: non-zero when a run fails or a check inside it fails (a wrong translation is a bug, on any
machine). A target that is not met is printed as "NOT met" in the figures and in the last line, and exits 0:
a timed figure on a shared, noisy machine must not fail a build (docs/decisions.md). BENCH_STRICT=1 makes a
missed target exit 1, for a quiet machine that guards performance. Scratch files live in a folder under
build/ that is removed at the end, also on failure.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LOCKSTEP = os.path.join(ROOT, "build", "iommu-lockstep")
RUN = os.path.join(ROOT, "build", "iommu-run")
PERF = os.path.join(ROOT, "build", "iommu-perf")
PERF_TRANSLATIONS = os.environ.get("BENCH_PERF_TRANSLATIONS", "2000000")
# translations/s the architectural layer must reach (twice the open C reference model), by scenario
PERF_TARGETS = {"a": 13e6, "b": 6e6}
TRANSACTIONS = int(os.environ.get("BENCH_TRANSACTIONS", "200000"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "5"))
STRICT = os.environ.get("BENCH_STRICT", "0") not in ("", "0")


def run_once(cmd):
    t0 = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    dt = time.perf_counter() - t0
    if p.returncode != 0:
        sys.exit("bench: command failed: %s\n%s" % (" ".join(cmd), p.stdout))
    return dt, p.stdout


def timed_interleaved(cmds):
    """Runs every command once per round, REPEAT rounds; returns each one's best time and last output."""
    best, outs = [None] * len(cmds), [""] * len(cmds)
    for _ in range(REPEAT):
        for i, cmd in enumerate(cmds):
            dt, outs[i] = run_once(cmd)
            best[i] = dt if best[i] is None else min(best[i], dt)
    return best, outs


def main():
    os.makedirs(os.path.join(ROOT, "build"), exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="bench-", dir=os.path.join(ROOT, "build"))
    try:
        missed = measure(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if missed:
        print("bench: target NOT met: %s%s" % ("; ".join(missed), "" if STRICT else
                                               " (a timing on a shared machine; BENCH_STRICT=1 makes this fail)"))
        return 1 if STRICT else 0
    print("bench: every target met")
    return 0


def measure(tmp):
    """Runs every figure; returns the targets not met."""
    stim = os.path.join(tmp, "bench.stim")
    subprocess.run([LOCKSTEP, "--seed", "12345", "--transactions", str(TRANSACTIONS), "--save-stim", stim,
                    "--dut", "model", "-q"], check=True, stdout=subprocess.DEVNULL)
    variants = (("bare RTL (Verilated, no model, mapping oracle)", "rtl"),
                ("timing model alone (mapping oracle)", "model"),
                ("lockstep RTL + model, every output compared", "both"))
    # The same random stimulus as bench.stim, generated in each run: a stimulus file carries no mapping oracle,
    # and a run alone (--dut rtl|model) that checks no response is a failure, not a PASS.
    times, outs = timed_interleaved([[LOCKSTEP, "--seed", "12345", "--transactions", str(TRANSACTIONS), "--dut", dut,
                                      "-q", "--no-waves"] for _, dut in variants])
    rows = []
    for (label, dut), dt, out in zip(variants, times, outs):
        m = re.search(r"(\d+) requests, \d+ faults, (\d+) cycles", out)
        requests, cycles = int(m.group(1)), int(m.group(2))
        rows.append((label, dut, cycles, dt))
    print("bench: %d random requests (seed 12345), best of %d runs each" % (requests, REPEAT))
    for label, dut, cycles, dt in rows:
        print("  %-46s %10d cycles %8.3f s %12.0f cycles/s" % (label, cycles, dt, cycles / dt))
    bare = rows[0][2] / rows[0][3]
    lock = rows[2][2] / rows[2][3]
    print("  lockstep / bare RTL speed ratio: %.2f (lockstep takes %.0f%% more time than bare RTL)"
          % (lock / bare, (bare / lock - 1) * 100))
    (dt,), _ = timed_interleaved([[RUN, stim, "-o", os.devnull]])
    print("  functional runner: %d requests in %.3f s = %.0f requests/s (includes parsing the stimulus)"
          % (requests, dt, requests / dt))
    return perf_figures()


def perf_figures():
    """iommu-perf in REPEAT processes (at least 5), each taking the best of its own runs. Where the stack and
    the heap land (address-space randomisation) moves the figures by up to a fifth from one process to the
    next, so one process alone is a lottery: the best and the median over the processes are reported, the
    target is judged on the best, as every other figure here."""
    cmd = [PERF, "-n", PERF_TRANSLATIONS, "--runs", "3"]
    processes = max(REPEAT, 5)
    rates, names = {}, {}
    for _ in range(processes):
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if p.returncode != 0:
            sys.exit("bench: command failed: %s\n%s" % (" ".join(cmd), p.stdout))
        for line in p.stdout.splitlines():
            m = re.match(r"\s+([abc])\s+(.*?)\s+(\d+) reads/translation\s+([\d.]+) s\s+([\d.]+) M translations/s",
                         line)
            if m:
                names[m.group(1)] = m.group(2)
                rates.setdefault(m.group(1), []).append(float(m.group(5)) * 1e6)
    print("functional runner, architectural layer alone: %s, in %d processes"
          % (" ".join(os.path.relpath(c, ROOT) if c == PERF else c for c in cmd), processes))
    missed = []
    for sc in sorted(rates):
        best, median = max(rates[sc]), sorted(rates[sc])[len(rates[sc]) // 2]
        target = PERF_TARGETS.get(sc)
        verdict = "" if target is None else "  target %4.1f M: %s" % (target / 1e6, "met" if best >= target
                                                                          else "NOT met")
        print("  (%s) %-38s best %6.2f M translations/s (median %5.2f)%s"
              % (sc, names[sc], best / 1e6, median / 1e6, verdict))
        if target is not None and best < target:
            missed.append("(%s) %.2f M translations/s, target %.1f M" % (sc, best / 1e6, target / 1e6))
    return missed


if __name__ == "__main__":
    sys.exit(main())
