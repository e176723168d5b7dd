#!/usr/bin/env python3
"""`make coverage`: functional and code coverage of one random regression, in one HTML report.

Runs the random regression on build/iommu-lockstep-cov (the RTL Verilated with --coverage, the golden model
built with gcov), the directed RTL scenarios (tests/directed) on the same bench, and the directed, spec and
bad-input scenarios through build/gcov/iommu-run (the model alone). Then:
  - the RTL counters (one coverage .dat per seed, written by tb/rtl_dut.cpp) are merged with
    verilator_coverage into build/coverage/merged.dat and exported to lcov (build/coverage/rtl.info);
  - the model's gcov counters are captured with lcov (build/coverage/cmodel.info);
  - both go through genhtml into build/coverage/html/index.html;
  - the functional bins are reported by tools/coverage_report.py, as before.
It prints the RTL line (Verilator line and branch points), toggle and user figures, the C model's line
figure, the RTL line points never hit (each with its waiver from tools/coverage_waivers.txt, if any) and
the report's path. Exit status: non-zero when a run fails or a tool is missing.

Usage: code_coverage.py [--build DIR] [--seeds N] [--first-seed S] [--transactions T] [--check LEVEL]
                        [--jobs J] [--waivers FILE] [--bench-args "OPTIONS"]"""
import argparse
import glob
import os
import re
import shlex
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def die(msg):
    sys.exit("code_coverage: error: " + msg)


def run(cmd, what):
    """Runs cmd from ROOT; on failure stops with what failed and its output."""
    p = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if p.returncode != 0:
        die("%s failed (exit %d): %s\n%s" % (what, p.returncode, " ".join(cmd), p.stdout))
    return p.stdout


def positive(text):
    if not re.fullmatch(r"[1-9][0-9]{0,8}", text):
        raise argparse.ArgumentTypeError("expected a whole number from 1, got %r" % text)
    return int(text)


# ---------------------------------------------------------------------------------------- waivers
def read_waivers(path):
    """tools/coverage_waivers.txt: one waiver a line, `FILE:LINE reason` or `FILE /REGEX/ reason` (line points:
    the regex is searched in the source line the point is on), or `FILE toggle /REGEX/ reason` (toggle points:
    the regex must match the whole signal[bit] name); `#` starts a comment. Every waiver needs a reason."""
    waivers = []
    try:
        lines = open(os.path.join(ROOT, path)).read().splitlines()
    except OSError as e:
        die("--waivers %s: %s" % (path, e.strerror))
    for n, line in enumerate(lines, 1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        m = re.fullmatch(r"(\S+):(\d+)\s+(\S.*)", text)
        if m:
            waivers.append({"file": m.group(1), "line": int(m.group(2)), "regex": None, "toggle": None, "reason": m.group(3),
                            "where": "%s:%d" % (path, n), "used": 0})
            continue
        m = re.fullmatch(r"(\S+)\s+toggle\s+/(.+?)/\s+(\S.*)", text)
        if m:
            try:
                rx = re.compile(m.group(2))
            except re.error as e:
                die("%s:%d: bad regular expression /%s/: %s" % (path, n, m.group(2), e))
            waivers.append({"file": m.group(1), "line": None, "regex": None, "toggle": rx, "reason": m.group(3),
                            "where": "%s:%d" % (path, n), "used": 0})
            continue
        m = re.fullmatch(r"(\S+)\s+/(.+?)/\s+(\S.*)", text)
        if m:
            try:
                rx = re.compile(m.group(2))
            except re.error as e:
                die("%s:%d: bad regular expression /%s/: %s" % (path, n, m.group(2), e))
            waivers.append({"file": m.group(1), "line": None, "regex": rx, "toggle": None, "reason": m.group(3),
                            "where": "%s:%d" % (path, n), "used": 0})
            continue
        die("%s:%d: expected 'FILE:LINE reason', 'FILE /REGEX/ reason' or 'FILE toggle /REGEX/ reason' (a waiver "
            "needs a reason), got %r"
            % (path, n, line))
    return waivers


def toggle_waiver_for(waivers, fname, signal):
    for w in waivers:
        if w["file"] == fname and w["toggle"] is not None and w["toggle"].fullmatch(signal):
            return w
    return None


def waiver_for(waivers, fname, line, sources):
    for w in waivers:
        if w["file"] != fname or w["toggle"] is not None:
            continue
        if w["line"] is not None and w["line"] == line:
            return w
        if w["regex"] is not None:
            src = sources.get(fname)
            if src is None:
                try:
                    src = open(os.path.join(ROOT, fname)).read().splitlines()
                except OSError:
                    src = []
                sources[fname] = src
            if 0 < line <= len(src) and w["regex"].search(src[line - 1]):
                return w
    return None


# ---------------------------------------------------------------------------------------- RTL figures
def read_points(dat):
    """Verilator's merged coverage file: {(kind, file, line, column, comment): count}, instances summed
    (a line of a module counts as covered when any instance reaches it)."""
    points = {}
    for n, line in enumerate(open(dat, encoding="latin-1"), 1):
        if not line.startswith("C '"):
            continue
        m = re.fullmatch(r"C '(.*)' (\d+)\n?", line)
        if not m:
            die("%s:%d: unexpected coverage line %r" % (dat, n, line[:80]))
        keys = dict(kv.split("\x02", 1) for kv in m.group(1).split("\x01") if kv)
        kind = keys.get("page", "?").split("/")[0]
        key = (kind, keys.get("f", "?"), int(keys.get("l", "0")), keys.get("n", ""), keys.get("o", ""))
        points[key] = points.get(key, 0) + int(m.group(2))
    return points


def pct(a, b):
    return 100.0 * a / b if b else 100.0


def main():
    ap = argparse.ArgumentParser(description="functional and code coverage of a random regression (make coverage)")
    ap.add_argument("--build", default="build")
    ap.add_argument("--seeds", type=positive, default=100)
    ap.add_argument("--first-seed", type=positive, default=1)
    ap.add_argument("--transactions", type=positive, default=1000)
    ap.add_argument("--check", choices=["cycle", "transaction"], default="cycle")
    ap.add_argument("--jobs", type=positive, default=2)
    ap.add_argument("--waivers", default=os.path.join("tools", "coverage_waivers.txt"))
    ap.add_argument("--bench-args", default="", help="more options for the regression's bench processes, "
                    "e.g. --without pv0-pid (make coverage BENCH_ARGS=...)")
    a = ap.parse_args()

    waivers = read_waivers(a.waivers)  # a bad waiver stops the run before it starts
    build = a.build
    bench = os.path.join(build, "iommu-lockstep-cov")
    runner = os.path.join(build, "gcov", "iommu-run")
    for f in (bench, runner):
        if not os.access(os.path.join(ROOT, f), os.X_OK):
            die("%s does not exist: build it with make %s" % (f, f))
    for tool in ("verilator_coverage", "lcov", "genhtml"):
        if not shutil.which(tool):
            die("%s not found: install it with bash tools/deps.sh lcov genhtml (verilator_coverage comes "
                "with Verilator)" % tool)
    out = os.path.join(build, "coverage")
    shutil.rmtree(os.path.join(ROOT, out), ignore_errors=True)
    os.makedirs(os.path.join(ROOT, out, "rtl"))
    for gcda in glob.glob(os.path.join(ROOT, build, "gcov", "**", "*.gcda"), recursive=True):
        os.remove(gcda)  # counters from an earlier make coverage would add to this one's

    # The random regression, the seeds split into --jobs contiguous ranges, one bench process each.
    jobs = min(a.jobs, a.seeds)
    print("coverage: %d seeds x %d transactions on %s in %d processes, %d directed scenarios ..."
          % (a.seeds, a.transactions, bench, jobs, len(glob.glob(os.path.join(ROOT, "tests", "directed", "*.stim")))),
          flush=True)
    procs = []
    first = a.first_seed
    for j in range(jobs):
        count = a.seeds // jobs + (1 if j < a.seeds % jobs else 0)
        cmd = [bench, "--seed", str(first), "--seeds", str(count), "--transactions", str(a.transactions),
               "--check", a.check, "-q", "--no-waves", "--coverage", os.path.join(out, "functional-%d.txt" % j),
               "+coverage_file=" + os.path.join(out, "rtl", "seed-{seed}.dat")] + shlex.split(a.bench_args)
        procs.append((cmd, subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                            text=True)))
        first += count
    summaries = []
    for cmd, p in procs:
        text, _ = p.communicate()
        if p.returncode != 0:
            die("the regression failed (exit %d): %s\n%s" % (p.returncode, " ".join(cmd), text))
        summaries.append(text.strip())
    # The directed RTL scenarios on the same bench (their own coverage files: one DUT per process).
    for stim in sorted(glob.glob(os.path.join("tests", "directed", "*.stim"))):
        name = os.path.splitext(os.path.basename(stim))[0]
        run([bench, "--stim", stim, "-q", "--no-waves",
             "+coverage_file=" + os.path.join(out, "rtl", "directed-%s.dat" % name)], "directed scenario " + stim)
    # The model alone on every scenario: directed, spec (full configuration) and bad input (the parser's
    # error paths; those exit non-zero by design, but must not crash).
    log = os.path.join(out, "iommu-run.log")
    for stim in sorted(glob.glob(os.path.join("tests", "*", "*.stim"))):
        p = subprocess.run([runner, stim, "-o", log], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           text=True)
        expected_ok = os.path.exists(os.path.join(ROOT, stim[:-5] + ".log"))
        if p.returncode < 0 or (expected_ok and p.returncode != 0):
            die("%s %s failed (exit %d):\n%s" % (runner, stim, p.returncode, p.stdout))

    # RTL: merge, export to lcov.
    dats = sorted(glob.glob(os.path.join(out, "rtl", "*.dat"), root_dir=ROOT))
    if not dats:
        die("no RTL coverage file was written in %s/rtl: is %s built with --coverage?" % (out, bench))
    merged = os.path.join(out, "merged.dat")
    run(["verilator_coverage", "--write", merged] + dats, "verilator_coverage --write")
    rtl_info = os.path.join(out, "rtl.info")
    run(["verilator_coverage", "--write-info", rtl_info, merged], "verilator_coverage --write-info")
    # The model: capture gcov, merge, render.
    c_info = os.path.join(out, "cmodel.info")
    run(["lcov", "--quiet", "--capture", "--directory", os.path.join(build, "gcov"), "--base-directory", ".",
         "--output-file", c_info], "lcov --capture")
    all_info = os.path.join(out, "all.info")
    run(["lcov", "--quiet", "--add-tracefile", rtl_info, "--add-tracefile", c_info, "--output-file", all_info],
        "lcov --add-tracefile")
    html = os.path.join(out, "html")
    run(["genhtml", "--quiet", "--title", "RISC-V IOMMU: RTL (Verilator) and golden model (gcov)",
         "--output-directory", html, all_info], "genhtml")

    # What each source of stimulus reaches alone (no waivers): the random regression, the directed scenarios.
    split = []
    for label, pattern in (("random regression", "seed-*.dat"), ("directed scenarios", "directed-*.dat")):
        part_dats = sorted(glob.glob(os.path.join(out, "rtl", pattern), root_dir=ROOT))
        part = os.path.join(out, "merged-%s.dat" % pattern.split("-")[0])
        run(["verilator_coverage", "--write", part] + part_dats, "verilator_coverage --write")
        pts = read_points(os.path.join(ROOT, part))
        figs = []
        for kinds in (("v_line", "v_branch"), ("v_toggle",)):
            counts = [v for k, v in pts.items() if k[0] in kinds and k[1].startswith("rtl/")]
            figs.append(pct(sum(1 for v in counts if v), len(counts)))
        split.append("%s alone %.1f%% line, %.1f%% toggle" % (label, figs[0], figs[1]))

    # Figures.
    points = read_points(os.path.join(ROOT, merged))
    sources = {}
    fig = {}
    uncovered = []
    toggles_left = {}  # (file, signal): bits never toggled and not waived
    contradicted = []
    for (kind, fname, line, col, comment), count in sorted(points.items()):
        if not fname.startswith("rtl/"):
            continue  # the bench wrapper (tb/iommu_tb_top.sv) is in the HTML but not in the RTL's figures
        group = "line" if kind in ("v_line", "v_branch") else kind[2:]
        f = fig.setdefault(group, [0, 0, 0])  # hit, total, waived
        f[1] += 1
        if count:
            f[0] += 1
            # A waiver says the point cannot be reached: one that was reached proves the waiver wrong.
            w = (toggle_waiver_for(waivers, fname, comment) if group == "toggle" else
                 waiver_for(waivers, fname, line, sources) if group == "line" else None)
            if w:
                contradicted.append("%s:%d %s was hit %d times, but %s waives it: %s"
                                    % (fname, line, comment, count, w["where"], w["reason"]))
        elif group == "toggle":
            w = toggle_waiver_for(waivers, fname, comment)
            if w:
                w["used"] += 1
                f[2] += 1
            else:
                toggles_left.setdefault((fname, re.sub(r"\[\d+\]$", "", comment)), []).append(comment)
        elif group == "line":
            w = waiver_for(waivers, fname, line, sources)
            if w:
                w["used"] += 1
                f[2] += 1
            uncovered.append((fname, line, comment, w))
    with open(os.path.join(ROOT, out, "uncovered.txt"), "w") as f:
        for fname, line, comment, w in uncovered:
            f.write("%s:%d %s%s\n" % (fname, line, comment, "  waived: " + w["reason"] if w else ""))
        for (kind, fname, line, col, comment), count in sorted(points.items()):
            if kind == "v_toggle" and fname.startswith("rtl/") and not count:
                f.write("%s:%d toggle %s\n" % (fname, line, comment))

    for s in summaries:
        print("regression: " + s)
    for fname, line, comment, w in uncovered:
        if w:
            print("waived: %s:%d (%s): %s [%s]" % (fname, line, comment, w["reason"], w["where"]))
    for fname, line, comment, w in uncovered:
        if not w:
            print("uncovered: %s:%d (%s)" % (fname, line, comment))
    for w in waivers:
        if w["toggle"] is not None and w["used"]:
            print("waived: %d toggle bits of %s /%s/: %s [%s]" % (w["used"], w["file"], w["toggle"].pattern,
                                                                  w["reason"], w["where"]))
    for w in waivers:
        if not w["used"]:
            print("warning: %s: this waiver matches no uncovered RTL point (covered now, or stale)" % w["where"])
    line_hit, line_total, line_waived = fig.get("line", [0, 0, 0])
    print("RTL line coverage: %d of %d line/branch points hit (%.1f%%); with %d waived: %.1f%%"
          % (line_hit, line_total, pct(line_hit, line_total), line_waived,
             pct(line_hit + line_waived, line_total)))
    # The same counters as lcov sees them (the HTML's line figure): per source line, not per point.
    da_hit = da_total = 0
    sf = ""
    for line in open(os.path.join(ROOT, rtl_info)):
        if line.startswith("SF:"):
            sf = os.path.relpath(os.path.join(ROOT, line[3:].strip()), ROOT)
        m = re.match(r"DA:\d+,(\d+)", line)
        if m and sf.startswith("rtl/"):
            da_total += 1
            da_hit += int(m.group(1)) > 0
    print("RTL source lines with a point, as the HTML counts them (lcov export, no waivers): %d of %d hit (%.1f%%)"
          % (da_hit, da_total, pct(da_hit, da_total)))
    t_hit, t_total, t_waived = fig.get("toggle", [0, 0, 0])
    worst = sorted(toggles_left.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    print("RTL toggle: signals with most bits never toggled (not waived): " +
          ", ".join("%s:%s %d" % (f, sig, len(bits)) for (f, sig), bits in worst[:8]))
    print("RTL toggle coverage: %d of %d signal bits toggled (%.1f%%); with %d waived (constant by construction): %.1f%%"
          % (t_hit, t_total, pct(t_hit, t_total), t_waived, pct(t_hit + t_waived, t_total)))
    print("RTL coverage by stimulus (no waivers): " + "; ".join(split))
    if "user" in fig:
        u_hit, u_total, _ = fig["user"]
        print("RTL user coverage: %d of %d cover points hit (%.1f%%)" % (u_hit, u_total, pct(u_hit, u_total)))
    else:
        print("RTL user coverage: the RTL has no cover statements (0 user points)")
    lh = lf = 0
    for line in open(os.path.join(ROOT, c_info)):
        m = re.match(r"DA:\d+,(\d+)", line)  # one record per instrumented line (the file has no LF/LH here)
        if m:
            lf += 1
            lh += int(m.group(1)) > 0
    print("C model line coverage (gcov): %d of %d lines (%.1f%%)" % (lh, lf, pct(lh, lf)))
    print("code coverage report: %s (uncovered points: %s)"
          % (os.path.join(html, "index.html"), os.path.join(out, "uncovered.txt")))
    for c in contradicted:
        print("error: " + c)
    # The functional bins, as make coverage has always printed them.
    func = sorted(glob.glob(os.path.join(ROOT, out, "functional-*.txt")))
    rc = subprocess.run([sys.executable, os.path.join(ROOT, "tools", "coverage_report.py")] + func, cwd=ROOT).returncode
    return 1 if contradicted else rc


if __name__ == "__main__":
    sys.exit(main())
