#!/usr/bin/env python3
"""`make bench`: throughput of the bench, measured in one run so the ratios are meaningful.

The same generated stimulus (one seed) runs on: the bare Verilated RTL (bench agents, no model, no
checking), the timing model alone, the lockstep RTL + model with every output compared every cycle, and the
functional runner (no time). Reports simulated cycles per second and the lockstep/bare-RTL ratio, and
translations per second of the functional runner.

The machine is shared and its speed drifts by tens of percent over seconds, so the variants run interleaved
(one round runs each once, in turn) and each figure is the best of REPEAT rounds: a slow spell then hits
every variant alike instead of one.

The same ratio for the largest configuration the RTL builds (build/iommu-lockstep-max, config/rtl_max.cfg), and
for both configurations the simulated cycles per translation of an IOTLB-hit stream and an IOTLB-miss stream.

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
LOCKSTEP_MAX = os.path.join(ROOT, "build", "iommu-lockstep-max")
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
    max_figures(tmp)
    for bench in (LOCKSTEP, LOCKSTEP_MAX):
        cycles_per_translation(tmp, bench)
    return perf_figures()


def max_figures(tmp):
    """The lockstep / bare-RTL ratio again for the largest configuration the RTL builds (config/rtl_max.cfg),
    whose default random mix has extended device contexts and process directories."""
    variants = (("bare RTL of config/rtl_max.cfg", "rtl"), ("lockstep RTL + model, config/rtl_max.cfg", "both"))
    n = max(TRANSACTIONS // 4, 1000)
    times, outs = timed_interleaved([[LOCKSTEP_MAX, "--seed", "12345", "--transactions", str(n), "--dut", dut,
                                      "-q", "--no-waves"] for _, dut in variants])
    cycles = [int(re.search(r"(\d+) requests, \d+ faults, (\d+) cycles", o).group(2)) for o in outs]
    for (label, _), c, dt in zip(variants, cycles, times):
        print("  %-46s %10d cycles %8.3f s %12.0f cycles/s" % (label, c, dt, c / dt))
    ratio = (cycles[1] / times[1]) / (cycles[0] / times[0])
    print("  lockstep / bare RTL speed ratio, config/rtl_max.cfg: %.2f (lockstep takes %.0f%% more time)"
          % (ratio, (1 / ratio - 1) * 100))


# Streams for cycles per translation: one device (device_id 1) whose DC selects Sv39 over the table at 0x200000,
# and 64 4 KiB leaves at IOVA 0x40000000 + n * 4096. A hit stream repeats one page (after the first request every
# translation is an IOTLB hit); a miss stream walks the 64 pages in turn, more than the IOTLB holds, so every
# request misses the IOTLB and hits the device-context cache (a three-level walk).
STREAM_REQUESTS = 2000


def stream_stim(path, extended, requests, pattern):
    dc = 0x100000 + (64 if extended else 32)
    lines = ["iommu-stim 1", "config %s" % os.path.join(ROOT, "config", "rtl_max.cfg" if extended else "rtl.cfg"),
             "write fctl 0x2",
             "mem 0x%x 0x1" % dc, "mem 0x%x 0x0" % (dc + 8), "mem 0x%x 0x0" % (dc + 16),
             "mem 0x%x 0x8000000000000200" % (dc + 24),
             "mem 0x200008 0x80401", "mem 0x201000 0x80801"]
    lines += ["mem 0x%x 0x%x" % (0x202000 + 8 * n, ((0x80000 + n) << 10) | 0xd7) for n in range(64)]
    lines += ["write ddtp 0x40002", "poll ddtp 0x10 0x0"]
    for t in range(requests):
        page = 0 if pattern == "hit" else t % 64
        lines.append("dma tag=%d did=0x1 ttyp=read iova=0x%x" % (t % 65536, 0x40000000 + page * 4096 + 8 * (t % 512)))
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def cycles_per_translation(tmp, bench):
    """Simulated cycles per translation of an IOTLB-hit stream and of an IOTLB-miss stream, in cycle lockstep
    (so the figure is the RTL's and the timing model's alike): the cycles of the stream minus those of the same
    set-up without requests, divided by the requests; with memory answering after 1 cycle and every ready
    always 1 (the contract's latency table, docs/microarch.md 5.2), and with the bench's default latency and
    back-pressure."""
    extended = bench == LOCKSTEP_MAX
    cfg = "config/rtl_max.cfg" if extended else "config/rtl.cfg"
    figures = []
    for knobs, label in ((["--mem-latency", "1", "--ready-percent", "100"], "L = 1, no back-pressure"),
                         ([], "default latency and back-pressure")):
        row = []
        for pattern in ("hit", "miss"):
            counts = []
            for n in (0, STREAM_REQUESTS):
                stim = os.path.join(tmp, "stream-%s-%d-%d.stim" % (pattern, n, extended))
                stream_stim(stim, extended, n, pattern)
                _, out = run_once([bench, "--stim", stim, "--seed", "1", "-q", "--no-waves"] + knobs)
                counts.append(int(re.search(r"(\d+) cycles", out).group(1)))
            row.append((counts[1] - counts[0]) / STREAM_REQUESTS)
        figures.append("%s: hit %.2f, miss %.2f" % (label, row[0], row[1]))
    print("  cycles per translation, %s (Sv39, %d requests): %s" % (cfg, STREAM_REQUESTS, "; ".join(figures)))


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
