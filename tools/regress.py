#!/usr/bin/env python3
"""`make regress`: a random lockstep regression, one bench process per seed, never a false PASS.

Each seed runs as its own process with a wall-clock limit, in build/regress/seed-N/ (output.txt, the bench's
report, its waveform window mismatch.fst + mismatch.gtkw, result.json). A seed passes only on exit 0 with
the bench's PASS line; anything else is a failure with a signature:
  MISMATCH <signal> in <engine state>   the first differing output and where the engines were
  MISMATCH (transaction check) <what>   the transaction-level check's first difference, numbers removed
  ERROR <message>                       a bench error (oracle, hang, cycle limit), numbers removed
  TIMEOUT ...                           the bench's --timeout, or killed after the wall-clock limit
  ASSERTION <file:line>                 a Verilator assertion
  SANITIZER <kind>                      an AddressSanitizer / UBSan report
  CRASH signal N (NAME) | CRASH exit N  a signal, or a non-zero exit without a FAIL line
At the end failures are grouped by signature, each group with its seeds and one replay command. Also written:
junit.xml (one testcase per seed), index.html (links to each failure's report and waveform), commands.txt
(one command per seed, for GNU parallel) and slurm.sh (the same commands as an sbatch job array).

  tools/regress.py --seeds N [--first-seed S] [--jobs J] [--transactions T] [--timeout S] [--bench PATH]
  tools/regress.py --seeds N --emit-only ... only write commands.txt and slurm.sh (for a cluster), run nothing
  tools/regress.py --one-seed N ...          run one seed into its folder (what commands.txt runs)
  tools/regress.py --merge DIR... [--out D]  one table, JUnit file and HTML report from several result folders
  --shrink                                   also cut one seed of each failure group to a short .stim
                                             (tools/shrink.py; seed-N/shrunk.stim, shown in the summary and HTML)
Exit status: 0 when every seed passed, 1 when any failed, 2 on a usage error.
"""
import argparse
import concurrent.futures
import glob
import html
import json
import os
import re
import shlex
import signal
import subprocess
import sys
import time
from xml.sax.saxutils import escape, quoteattr

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Seconds the bench gets beyond its own --timeout before it is killed (it should stop by itself first,
# with a record naming what it waited for).
KILL_GRACE = 5


def positive(text):
    if not re.fullmatch(r"[1-9][0-9]{0,8}", text or ""):
        raise argparse.ArgumentTypeError("expected a whole number from 1 (decimal), got '%s'" % text)
    return int(text)


def natural(text):
    if not re.fullmatch(r"0|[1-9][0-9]{0,19}", text or "") or int(text) >= 2 ** 64:
        raise argparse.ArgumentTypeError("expected a whole number from 0 (decimal), got '%s'" % text)
    return int(text)


def seed_dir(out, seed):
    return os.path.join(out, "seed-%d" % seed)


def bench_command(args, seed):
    """The bench command of one seed, relative to the repository root (the replay command)."""
    return [args.bench, "--seed", str(seed), "--transactions", str(args.transactions), "-q",
            "--timeout", str(args.timeout), "--waves", seed_dir(args.out, seed),
            "--coverage", os.path.join(seed_dir(args.out, seed), "coverage.txt")] + args.bench_args


SIGNAMES = {getattr(signal, n): n for n in dir(signal) if n.startswith("SIG") and not n.startswith("SIG_")}


def normalise(text):
    """A message without its numbers, addresses, tags and file:line of the stimulus: the kind of failure."""
    text = re.sub(r"\S+\.stim:\d+", "FILE:LINE", text)
    text = re.sub(r"generated:\d+", "generated:LINE", text)
    text = re.sub(r"0x[0-9a-fA-F]+", "N", text)
    text = re.sub(r"\b\d+\b", "N", text)
    return text.strip()


def classify(rc, out, timed_out, limit):
    """(status, signature) of one seed's run from its exit status and output."""
    if timed_out:
        return "fail", "TIMEOUT killed after %d s (no result from the bench)" % limit
    m = re.search(r"(AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|ThreadSanitizer)"
                  r"(?:: ([\w-]+))?", out) or re.search(r"runtime error: ([a-z ]+)", out)
    if m:
        kind = m.group(0) if "runtime error" in m.group(0) else m.group(1) + (" " + m.group(2) if m.group(2) else "")
        return "fail", "SANITIZER " + normalise(kind)
    m = re.search(r"%Error: ([^\s:]+:\d+):(?:\d+:)? Assertion failed in (\S+?)[:\s]", out)
    if m:
        return "fail", "ASSERTION %s in %s" % (m.group(1), m.group(2))
    m = re.search(r"^MISMATCH at cycle \d+: (\w+) expected", out, re.M)
    if m and re.search(r"^FAIL seed", out, re.M):
        st = re.search(r"^  engine state(?: \(both\))?: (.*)$", out, re.M)
        state = st.group(1) if st else "unknown state"
        if state.startswith("model "):
            state = "(%s)" % state
        return "fail", "MISMATCH %s in %s" % (m.group(1), state)
    m = re.search(r"^MISMATCH \(([a-z ]+)\) at cycle \d+: (.*)$", out, re.M)
    if m and re.search(r"^FAIL seed", out, re.M):
        # the transaction-level check (and an RTL assertion through the DUT interface) say what differed in words
        return "fail", "MISMATCH (%s) %s" % (m.group(1), normalise(m.group(2)))
    m = re.search(r"^ERROR at cycle \d+: (.*)$", out, re.M)
    if m and re.search(r"^FAIL seed", out, re.M):
        msg = m.group(1)
        if "wall-clock limit" in msg:
            return "fail", "TIMEOUT " + normalise(msg)
        if msg.startswith("oracle:"):
            msg = "oracle: " + normalise(msg.split(":", 2)[2])
        return "fail", "ERROR " + normalise(msg)
    if m := re.search(r"^%Error: (.*)$", out, re.M):
        return "fail", "VERILATOR %Error " + normalise(m.group(1))
    if rc < 0:
        return "fail", "CRASH signal %d (%s)" % (-rc, SIGNAMES.get(-rc, "?"))
    if rc == 0 and re.search(r"^PASS(?: \((?:cycle|transaction) check\))?: ", out, re.M):
        return "pass", ""
    if rc == 0:
        return "fail", "CRASH exit 0 without a PASS line"
    return "fail", "CRASH exit %d without a FAIL line" % rc


def run_one(args, seed, stop_event=None):
    """Runs one seed in its folder; writes output.txt and result.json; returns the result."""
    d = seed_dir(args.out, seed)
    os.makedirs(d, exist_ok=True)
    for old in ("mismatch.fst", "mismatch.gtkw", "coverage.txt"):
        if os.path.exists(os.path.join(d, old)):
            os.remove(os.path.join(d, old))
    cmd = bench_command(args, seed)
    limit = args.timeout + KILL_GRACE
    out_path = os.path.join(d, "output.txt")
    t0 = time.monotonic()
    timed_out = False
    with open(out_path, "w") as f:
        try:
            p = subprocess.Popen(cmd, cwd=ROOT, stdout=f, stderr=subprocess.STDOUT, start_new_session=True)
        except OSError as e:
            f.write("regress: cannot start %s: %s\n" % (cmd[0], e))
            p = None
        rc = 127
        if p is not None:
            try:
                rc = p.wait(timeout=limit)
            except subprocess.TimeoutExpired:
                timed_out = True
                os.killpg(p.pid, signal.SIGKILL)  # the bench and anything it started, by its group id
                rc = p.wait()
    elapsed = time.monotonic() - t0
    with open(out_path, errors="replace") as f:
        out = f.read()
    status, sig = classify(rc, out, timed_out, limit)
    replay = re.search(r"^replay: (.*)$", out, re.M)
    replay = replay.group(1) if replay else " ".join(shlex.quote(c) for c in cmd[:5])
    first = next((l for l in out.splitlines() if re.match(r"(MISMATCH|ERROR|%Error|==\d+==ERROR)", l)), "")
    res = {"seed": seed, "status": status, "signature": sig, "replay": replay, "first_line": first,
           "time": round(elapsed, 3), "exit": rc, "dir": os.path.relpath(d, args.out),
           "command": " ".join(shlex.quote(c) for c in cmd)}
    with open(os.path.join(d, "result.json"), "w") as f:
        json.dump(res, f, indent=1)
    return res


# ------------------------------------------------------------------------------------------ reports

def load_results(dirs):
    results = []
    for d in dirs:
        here = []
        for path in sorted(glob.glob(os.path.join(d, "seed-*", "result.json"))):
            try:
                with open(path) as f:
                    r = json.load(f)
            except (OSError, ValueError) as e:
                sys.exit("regress: %s: cannot read the result: %s" % (path, e))
            r["abs_dir"] = os.path.dirname(os.path.abspath(path))
            here.append(r)
        results += here + missing_results(d, {r["seed"] for r in here})
    results.sort(key=lambda r: r["seed"])
    return results


def missing_results(d, have):
    """A seed that the folder's commands.txt lists but that left no result.json (its cluster task never ran, was
    cancelled or killed at its time limit) is a failure, not a seed that silently vanished from the report."""
    path = os.path.join(d, "commands.txt")
    if not os.path.exists(path):
        return []
    missing = []
    with open(path, errors="replace") as f:
        for n, line in enumerate(f, 1):
            m = re.search(r"--one-seed (\d+)\s*$", line)
            if not m:
                sys.exit("regress: %s:%d: expected a command ending in --one-seed N, got: %s" % (path, n, line.strip()))
            seed = int(m.group(1))
            if seed in have:
                continue
            sd = seed_dir(d, seed)
            started = os.path.exists(os.path.join(sd, "output.txt"))
            missing.append({"seed": seed, "status": "fail", "replay": line.strip(), "time": 0.0, "exit": None,
                            "signature": "MISSING no result.json (%s)" % (
                                "the run was killed before it ended" if started else "the command never ran"),
                            "first_line": "", "dir": os.path.relpath(sd, d), "command": line.strip(),
                            "abs_dir": os.path.abspath(sd)})
    return missing


def groups_of(results):
    groups = {}
    for r in results:
        if r["status"] != "pass":
            groups.setdefault(r["signature"], []).append(r)
    return sorted(groups.items(), key=lambda g: (-len(g[1]), g[0]))


def write_junit(path, results, suite):
    fails = sum(r["status"] != "pass" for r in results)
    total_time = sum(r["time"] for r in results)
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<testsuites tests="%d" failures="%d" time="%.3f">' % (len(results), fails, total_time),
             '<testsuite name=%s tests="%d" failures="%d" errors="0" time="%.3f">'
             % (quoteattr(suite), len(results), fails, total_time)]
    for r in results:
        lines.append('<testcase classname=%s name="seed %d" time="%.3f">' % (quoteattr(suite), r["seed"], r["time"]))
        if r["status"] != "pass":
            body = "%s\nreplay: %s\nreport: %s/output.txt\n" % (r["first_line"], r["replay"], r["abs_dir"])
            lines.append('<failure type=%s message=%s>%s</failure>' % (quoteattr(r["signature"].split()[0]),
                                                                       quoteattr(r["signature"]), escape(body)))
        lines.append("</testcase>")
    lines += ["</testsuite>", "</testsuites>"]
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def coverage(results, out):
    """Merges the seeds' coverage files (tools/coverage_report.py) into out/coverage.txt; returns its summary
    line, or '' when no seed wrote one (a bench without --coverage)."""
    files = [os.path.join(r["abs_dir"], "coverage.txt") for r in results]
    files = [f for f in files if os.path.exists(f)]
    if not files:
        return ""
    p = subprocess.run([sys.executable, os.path.join(ROOT, "tools", "coverage_report.py")] + files,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    with open(os.path.join(out, "coverage.txt"), "w") as f:
        f.write(p.stdout)
    lines = p.stdout.strip().splitlines()
    return lines[-1] if lines else ""


def write_html(path, results, groups, summary):
    out_dir = os.path.dirname(os.path.abspath(path))

    def link(r, name, label):
        p = os.path.join(r["abs_dir"], name)
        if not os.path.exists(p):
            return ""
        return '<a href="%s">%s</a>' % (html.escape(os.path.relpath(p, out_dir)), label)

    h = ["<!DOCTYPE html><html><head><meta charset='utf-8'><title>IOMMU regression</title>",
         "<style>body{font-family:sans-serif}td,th{padding:2px 8px;text-align:left}"
         ".fail{color:#b00}.pass{color:#070}code{font-size:90%}</style></head><body>",
         "<h1>IOMMU lockstep regression</h1><p>%s</p>" % html.escape(summary)]
    if os.path.exists(os.path.join(out_dir, "coverage.txt")):
        h.append('<p>Functional coverage of these seeds: <a href="coverage.txt">coverage.txt</a> (holes, then the '
                 'summary)</p>')
    if groups:
        h.append("<h2>Failures by signature</h2><table><tr><th>signature</th><th>seeds</th><th>replay</th>"
                 "<th>first failing seed</th><th>shrunk stimulus</th></tr>")
        for sig, rs in groups:
            r = rs[0]
            if r.get("shrunk"):
                shrunk = "%s %s<br>%s<br><code>%s</code>" % (
                    link(r, "shrunk.stim", "shrunk.stim"), link(r, "shrunk.log", "(expected log)"),
                    html.escape(r["shrunk_reduction"]), html.escape(r["shrunk_replay"]))
            else:
                shrunk = html.escape(r.get("shrink_note", ""))
            h.append("<tr><td class=fail>%s</td><td>%s</td><td><code>%s</code></td><td>%s %s %s</td><td>%s</td></tr>"
                     % (html.escape(sig), " ".join(str(x["seed"]) for x in rs[:50]) + (" ..." if len(rs) > 50 else ""),
                        html.escape(r["replay"]), link(r, "output.txt", "report"),
                        link(r, "mismatch.fst", "waveform (.fst)"), link(r, "mismatch.gtkw", "layout (.gtkw)"), shrunk))
        h.append("</table>")
    h.append("<h2>Seeds</h2><table><tr><th>seed</th><th>result</th><th>time (s)</th><th>files</th></tr>")
    for r in results:
        cls = "pass" if r["status"] == "pass" else "fail"
        h.append("<tr><td>%d</td><td class=%s>%s</td><td>%.2f</td><td>%s %s %s</td></tr>"
                 % (r["seed"], cls, html.escape(r["signature"] or "PASS"), r["time"], link(r, "output.txt", "output"),
                    link(r, "mismatch.fst", "fst"), link(r, "mismatch.gtkw", "gtkw")))
    h.append("</table></body></html>")
    with open(path, "w") as f:
        f.write("\n".join(h) + "\n")


def shrink_groups(results, groups, args):
    """--shrink: one seed of each failure group cut to a short stimulus (tools/shrink.py) in its folder
    (shrunk.stim, its expected log shrunk.log); the result goes into the seed's result.json, so --merge shows
    it too."""
    import shrink  # tools/shrink.py imports this module for the signature: imported here, when needed
    for sig, rs in groups:
        r = rs[0]
        if r.get("shrunk") or r.get("shrink_note"):
            continue  # shrunk before (a merged folder)
        if r["signature"].startswith("MISSING"):
            r["shrink_note"] = "not shrunk: the seed has no result; rerun its command"
            continue  # no folder of its own to record the note in
        if not r["signature"].startswith(("MISMATCH", "ERROR", "ASSERTION")):
            r["shrink_note"] = "not shrunk: a %s is not replayed" % r["signature"].split()[0]
        else:
            # the bench, the number of requests and the other bench options from the seed's own command, so that
            # a merged folder of another run is shrunk with what it ran
            cmd = shlex.split(r["command"])
            bench, transactions, bench_args, i = cmd[0], args.transactions, [], 1
            while i < len(cmd):
                if cmd[i] in ("--seed", "--waves", "--coverage", "--transactions"):
                    if cmd[i] == "--transactions":
                        transactions = int(cmd[i + 1])
                    i += 2
                elif cmd[i] == "-q":
                    i += 1
                else:
                    bench_args.append(cmd[i])
                    i += 1
            out = os.path.join(r["abs_dir"], "shrunk.stim")
            sys.stderr.write("regress: shrinking seed %d (%s) ...\n" % (r["seed"], sig))
            res = shrink.shrink(bench, r["seed"], transactions, bench_args, out, max_runs=args.shrink_runs,
                                max_time=args.shrink_time, run_timeout=args.timeout + KILL_GRACE,
                                original_command=r["replay"])
            if res["status"] == "shrunk":
                r["shrunk"] = os.path.relpath(out, os.path.join(r["abs_dir"], ".."))
                r["shrunk_reduction"] = res["reduction"] + res.get("budget", "")
                r["shrunk_replay"] = res["replay"]
            else:
                r["shrink_note"] = "not shrunk: " + res["message"].splitlines()[0]
        with open(os.path.join(r["abs_dir"], "result.json"), "w") as f:
            json.dump({k: v for k, v in r.items() if k != "abs_dir"}, f, indent=1)


def report(results, out, elapsed, label, args=None):
    """Prints the grouped failures and the summary line; writes junit.xml and index.html. Returns the exit code."""
    os.makedirs(out, exist_ok=True)
    groups = groups_of(results)
    failed = sum(len(rs) for _, rs in groups)
    rate = len(results) / elapsed * 60 if elapsed > 0 else 0.0
    if args is not None and args.shrink:
        shrink_groups(results, groups, args)
    for i, (sig, rs) in enumerate(groups, 1):
        seeds = " ".join(str(r["seed"]) for r in rs[:30]) + (" ..." if len(rs) > 30 else "")
        print("FAIL group %d: %s: %d seed(s): %s" % (i, sig, len(rs), seeds))
        print("  replay: %s" % rs[0]["replay"])
        if os.path.exists(os.path.join(rs[0]["abs_dir"], "output.txt")):
            print("  report: %s" % os.path.relpath(os.path.join(rs[0]["abs_dir"], "output.txt"), ROOT))
        if os.path.exists(os.path.join(rs[0]["abs_dir"], "mismatch.gtkw")):
            print("  waves:  make waves WAVES=%s" % os.path.relpath(rs[0]["abs_dir"], ROOT))
        if rs[0].get("shrunk"):
            print("  shrunk: %s (%s)" % (os.path.relpath(os.path.join(rs[0]["abs_dir"], "shrunk.stim"), ROOT),
                                         rs[0]["shrunk_reduction"]))
            print("  replay shrunk: %s" % rs[0]["shrunk_replay"])
        elif rs[0].get("shrink_note"):
            print("  shrunk: %s" % rs[0]["shrink_note"])
    junit = os.path.join(out, "junit.xml")
    index = os.path.join(out, "index.html")
    summary = "regress: %s: %d seed(s)%s, %d failed in %d group(s), %.1f seeds/min" % (
        "PASS" if failed == 0 and results else "FAIL", len(results), label, failed, len(groups), rate)
    cov = coverage(results, out)
    if cov:
        print("regress: %s (%s)" % (cov, os.path.relpath(os.path.join(out, "coverage.txt"), ROOT)))
    write_junit(junit, results, "iommu-regress")
    write_html(index, results, groups, summary)
    print("%s (%s, %s)" % (summary, os.path.relpath(junit, ROOT), os.path.relpath(index, ROOT)))
    return 0 if failed == 0 and results else 1


# ------------------------------------------------------------------------------------------ cluster files

# Slurm refuses an array index above MaxArraySize - 1 (default MaxArraySize=1001), so a longer regression
# gives each task every T-th line of commands.txt rather than one line (--slurm-tasks T, default 1000).
SLURM_MAX_TASKS = 1000


def write_cluster_files(args, seeds):
    """commands.txt: one line per seed, each runs that seed into its folder (GNU parallel: parallel <
    commands.txt; then tools/regress.py --merge DIR). slurm.sh: the same lines as an sbatch job array that
    runs as is from any directory (absolute paths, --chdir to the repository)."""
    out = os.path.abspath(args.out)
    base = ["python3", "tools/regress.py", "--out", out, "--bench", args.bench, "--transactions",
            str(args.transactions), "--timeout", str(args.timeout)]
    extra = ["--bench-args=" + " ".join(args.bench_args)] if args.bench_args else []
    cmds = os.path.join(out, "commands.txt")
    with open(cmds, "w") as f:
        for s in seeds:
            f.write("cd %s && %s\n" % (shlex.quote(ROOT), " ".join(shlex.quote(c) for c in
                                                                    base + extra + ["--one-seed", str(s)])))
    tasks = min(len(seeds), args.slurm_tasks)
    per_task = -(-len(seeds) // tasks)
    # a seed ends by itself within its timeout plus the grace; a minute more per seed for start-up and python
    minutes = -(-per_task * (args.timeout + KILL_GRACE + 60) // 60)
    with open(os.path.join(out, "slurm.sh"), "w") as f:
        f.write("#!/bin/bash\n"
                "# The regression as a Slurm job array: task i runs lines i, i+%(tasks)d, ... of commands.txt (one\n"
                "# seed each, %(per)d at most). Submit: sbatch %(out)s/slurm.sh (sbatch --wait to block until\n"
                "# all tasks ended); then: python3 tools/regress.py --merge %(out)s\n"
                "#SBATCH --job-name=iommu-regress\n"
                "#SBATCH --array=1-%(tasks)d\n"
                "#SBATCH --ntasks=1\n"
                "#SBATCH --cpus-per-task=1\n"
                "#SBATCH --time=%(minutes)d\n"
                "#SBATCH --chdir=%(root)s\n"
                "#SBATCH --output=%(out)s/slurm-%%A_%%a.out\n"
                "set -u\n"
                "cmds=%(cmds)s\n"
                "[ -n \"${SLURM_ARRAY_TASK_ID:-}\" ] || { echo \"slurm.sh: not a Slurm array task; submit it with: sbatch $0\" >&2; exit 2; }\n"
                "[ -r \"$cmds\" ] || { echo \"slurm.sh: cannot read $cmds (the repository must be at the same path on every node)\" >&2; exit 2; }\n"
                "lines=$(sed -n \"${SLURM_ARRAY_TASK_ID}~%(tasks)dp\" \"$cmds\")\n"
                "[ -n \"$lines\" ] || { echo \"slurm.sh: no line $SLURM_ARRAY_TASK_ID in $cmds\" >&2; exit 2; }\n"
                "rc=0\n"
                "while IFS= read -r line; do bash -c \"$line\" < /dev/null || rc=1; done <<< \"$lines\"\n"
                "exit $rc\n"
                % {"tasks": tasks, "per": per_task, "out": out, "minutes": minutes, "root": ROOT,
                   "cmds": shlex.quote(cmds)})
    os.chmod(os.path.join(out, "slurm.sh"), 0o755)


def fresh_out(out):
    """Removes a result folder's seeds and Slurm logs: a stale seed-N from an earlier run would be merged into
    this report."""
    if os.path.isdir(out):
        for old in glob.glob(os.path.join(out, "seed-*")) + glob.glob(os.path.join(out, "slurm-*.out")):
            subprocess.run(["rm", "-rf", old], check=True)
    os.makedirs(out, exist_ok=True)


# ------------------------------------------------------------------------------------------ main

class Progress:
    """A live line on a terminal (rewritten in place), plain lines every PERIOD seconds otherwise."""
    PERIOD = 10

    def __init__(self, total):
        self.total, self.done, self.failed = total, 0, 0
        self.t0 = time.monotonic()
        self.last = 0.0
        self.tty = sys.stderr.isatty()

    def line(self):
        dt = time.monotonic() - self.t0
        rate = self.done / dt * 60 if dt > 0 else 0.0
        left = (self.total - self.done) / (self.done / dt) if self.done else 0
        return "regress: %d/%d done, %d failed, %.1f seeds/min, %d:%02d left" % (
            self.done, self.total, self.failed, rate, left // 60, left % 60)

    def update(self, res=None, final=False):
        if res is not None:
            self.done += 1
            self.failed += res["status"] != "pass"
        now = time.monotonic()
        if self.tty:
            sys.stderr.write("\r\033[K" + self.line() + ("\n" if final else ""))
            sys.stderr.flush()
        elif final or now - self.last >= self.PERIOD:
            self.last = now
            sys.stderr.write(self.line() + "\n")
            sys.stderr.flush()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], prog="tools/regress.py")
    ap.add_argument("--seeds", type=positive, help="number of seeds")
    ap.add_argument("--first-seed", type=natural, default=1)
    ap.add_argument("--one-seed", type=natural, help="run this one seed into its folder (commands.txt)")
    ap.add_argument("--jobs", type=positive, default=os.cpu_count() or 1)
    ap.add_argument("--transactions", type=positive, default=1000)
    ap.add_argument("--timeout", type=positive, default=300, help="wall-clock seconds per seed")
    ap.add_argument("--bench", default="build/iommu-lockstep", help="the bench binary (e.g. build/iommu-lockstep-bug)")
    ap.add_argument("--bench-args", default="", help="more bench options, one string (e.g. '--mem-latency 20')")
    ap.add_argument("--out", default="build/regress")
    ap.add_argument("--emit-only", action="store_true",
                    help="with --seeds: write commands.txt and slurm.sh into --out (emptied) and run nothing")
    ap.add_argument("--slurm-tasks", type=positive, default=SLURM_MAX_TASKS,
                    help="slurm.sh: at most this many array tasks, each running every T-th seed (default %d, "
                         "under Slurm's default MaxArraySize)" % SLURM_MAX_TASKS)
    ap.add_argument("--merge", nargs="+", metavar="DIR", help="merge result folders from several hosts")
    ap.add_argument("--shrink", action="store_true",
                    help="cut one seed of each failure group to a short stimulus (tools/shrink.py), shrunk.stim in "
                         "its folder")
    ap.add_argument("--shrink-runs", type=positive, default=3000, help="bench runs per shrink at most (default 3000)")
    ap.add_argument("--shrink-time", type=positive, default=300,
                    help="wall-clock seconds per shrink at most (default 300)")
    args = ap.parse_args()
    args.bench_args = shlex.split(args.bench_args)
    os.chdir(ROOT)

    if args.emit_only and (args.merge or args.one_seed is not None or args.seeds is None):
        ap.error("--emit-only goes with --seeds N (not with --merge or --one-seed)")
    if args.merge:
        for d in args.merge:
            if not os.path.isdir(d):
                ap.error("--merge: %s is not a folder" % d)
        results = load_results(args.merge)
        if not results:
            ap.error("--merge: no seed-*/result.json in %s" % " ".join(args.merge))
        seeds = [r["seed"] for r in results]
        dup = sorted({s for s in seeds if seeds.count(s) > 1})
        if dup:
            print("regress: warning: seeds run more than once (each kept): %s" % " ".join(map(str, dup[:20])))
        t = sum(r["time"] for r in results)
        return report(results, args.out, t, " merged from %d folder(s) (rate per process)" % len(args.merge), args)

    if not os.path.exists(args.bench) or not os.access(args.bench, os.X_OK):
        ap.error("--bench: %s is not an executable file (make build builds build/iommu-lockstep)" % args.bench)
    if args.one_seed is not None:
        res = run_one(args, args.one_seed)
        print("seed %d: %s" % (res["seed"], res["signature"] or "PASS"))
        return 0 if res["status"] == "pass" else 1
    if args.seeds is None:
        ap.error("--seeds N, --one-seed N or --merge DIR... is needed")
    if args.first_seed + args.seeds - 1 >= 2 ** 64:
        ap.error("--first-seed %d with --seeds %d runs past the last seed 2^64 - 1" % (args.first_seed, args.seeds))

    fresh_out(args.out)
    seeds = list(range(args.first_seed, args.first_seed + args.seeds))
    write_cluster_files(args, seeds)
    if args.emit_only:
        out = os.path.relpath(os.path.abspath(args.out), ROOT)
        print("regress: wrote %s/commands.txt (%d seeds) and %s/slurm.sh; run: parallel < %s/commands.txt or "
              "sbatch --wait %s/slurm.sh, then: python3 tools/regress.py --merge %s" % (out, len(seeds), out, out, out, out))
        return 0
    prog = Progress(len(seeds))
    t0 = time.monotonic()
    results = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        pending = {pool.submit(run_one, args, s) for s in seeds}
        while pending:
            done, pending = concurrent.futures.wait(pending, timeout=1.0,
                                                    return_when=concurrent.futures.FIRST_COMPLETED)
            for fut in done:
                results.append(fut.result())
                prog.update(results[-1])
            if not done:
                prog.update()
    prog.update(final=True)
    elapsed = time.monotonic() - t0
    for r in results:
        r["abs_dir"] = os.path.abspath(seed_dir(args.out, r["seed"]))
    results.sort(key=lambda r: r["seed"])
    label = " x %d requests (%s) in %d jobs" % (args.transactions, args.bench, args.jobs)
    return report(results, args.out, elapsed, label, args)


if __name__ == "__main__":
    sys.exit(main())
