#!/usr/bin/env python3
"""Cuts a failing seed down to a short stimulus that fails the same way, ready for tests/.

  tools/shrink.py --bench build/iommu-lockstep-bug --seed 3 --transactions 400 [--out FILE] [-- bench args]

It runs the bench once with --save-stim to get the seed's stimulus and its failure signature (the one
tools/regress.py groups by: `MISMATCH <signal> in <state>`, `ERROR ...`, ...), then removes commands while the
signature stays the same, replaying with --stim and the same seed (which still drives latency and
back-pressure): ddmin (Zeller's delta debugging) over the dma commands, then over the software commands (write,
read, poll, wait, ...), then over the mem/memerr setup lines, round after round until no single removal keeps
the signature, or until the run or time budget (--max-runs, --max-time) is spent, which the output says.

Output: the shrunk .stim, which states its configuration (`config PATH` to config/rtl.cfg, the one the random
stimulus is written for), with a header naming the original command, the signature and the reduction; the
expected log of the golden model next to it (FILE.log, from build/iommu-run) when the runner is built; and the
replay command. Exit status: 0 when shrunk (or already minimal), 1 when the command does not fail or the
shrunk stimulus does not reproduce, 2 on a usage error.
"""
import argparse
import os
import re
import shlex
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tools"))
from regress import classify, positive, natural  # noqa: E402  the same signature as the regression's

SETUP = ("mem", "memerr")
# bench options that shrink.py sets itself, or that do not apply to a replay of one stimulus
OWN_FLAGS = {"--seed": 1, "--seeds": 1, "--transactions": 1, "--stim": 1, "--save-stim": 1, "--log": 1,
             "--waves": 1, "--coverage": 1, "--no-waves": 0, "-q": 0}
# bench options that shape the generated stimulus: given when the seed's stimulus is saved, not to a replay of
# the file (the bench refuses them with --stim)
GENERATION_FLAGS = {"--profile", "--knob", "--without"}


def replay_args(bench_args):
    """bench_args without the options that only shape generated stimulus (and their values)."""
    out, skip = [], False
    for a in bench_args:
        if skip:
            skip = False
        elif a in GENERATION_FLAGS:
            skip = True
        else:
            out.append(a)
    return out


def canon(sig):
    """A signature with the stimulus named alike: a generated run names its lines generated:N, a replay FILE:N."""
    return sig.replace("generated:LINE", "FILE:LINE")


def kind(line):
    return line.split(None, 1)[0]


class Shrinker:
    """Replays candidate stimuli on the bench and keeps the smallest one with the target signature."""

    def __init__(self, bench, seed, bench_args, header, run_timeout, max_runs, max_time, work, log=None):
        self.bench, self.seed, self.bench_args = bench, seed, replay_args(bench_args)
        self.header = header  # the format header line
        self.config = os.path.join(ROOT, "config", "rtl.cfg")  # stated relative to each written file
        self.run_timeout = run_timeout
        self.max_runs, self.max_time = max_runs, max_time
        self.work = work
        self.runs = 0
        self.t0 = time.monotonic()
        self.target = None
        self.cache = {}
        self.log = log or (lambda msg: None)

    def out_of_budget(self):
        return self.runs >= self.max_runs or time.monotonic() - self.t0 >= self.max_time

    def write(self, path, cmds, comments=()):
        with open(path, "w") as f:
            f.write(self.header[0] + "\n")
            f.write("config %s\n" % os.path.relpath(self.config, os.path.dirname(os.path.abspath(path))))
            for c in comments:
                f.write("# " + c + "\n")
            for c in cmds:
                f.write(c + "\n")

    def command(self, stim):
        return [self.bench, "--stim", stim, "--seed", str(self.seed), "-q", "--no-waves"] + self.bench_args

    def signature(self, cmds):
        """The failure signature of the stimulus made of cmds ('' when it passes)."""
        key = "\n".join(cmds)
        if key in self.cache:
            return self.cache[key]
        path = os.path.join(self.work, "candidate.stim")
        self.write(path, cmds)
        self.runs += 1
        try:
            p = subprocess.run(self.command(path), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, errors="replace", timeout=self.run_timeout, start_new_session=True)
            status, sig = classify(p.returncode, p.stdout, False, self.run_timeout)
        except subprocess.TimeoutExpired:
            status, sig = classify(-9, "", True, self.run_timeout)
        self.cache[key] = canon(sig)
        return self.cache[key]

    def keeps(self, cmds):
        return self.signature(cmds) == self.target

    def ddmin(self, cmds, movable):
        """Removes elements of cmds whose index is in `movable` (delta debugging by complements, then by
        subsets of halving size) while the signature stays; returns the smaller list."""
        idx = [i for i in range(len(cmds)) if movable(cmds[i])]
        keep_all = set(range(len(cmds)))
        n = 2
        while len(idx) >= 1 and not self.out_of_budget():
            chunk = max(1, (len(idx) + n - 1) // n)
            parts = [idx[i:i + chunk] for i in range(0, len(idx), chunk)]
            reduced = False
            for part in parts:
                if self.out_of_budget():
                    break
                gone = set(part)
                trial = [cmds[i] for i in sorted(keep_all - gone)]
                if self.keeps(trial):
                    keep_all -= gone
                    idx = [i for i in idx if i not in gone]
                    n = max(n - 1, 2)
                    reduced = True
                    break
            if not reduced:
                if chunk == 1:
                    break  # every single removal tried: 1-minimal for this kind
                n = min(len(idx), n * 2)
        return [cmds[i] for i in sorted(keep_all)]


def split_stim(text):
    """(header lines: 'iommu-stim 1' and a config line if any, command lines) of a stimulus, comments dropped."""
    header, cmds = [], []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        if not header:
            header.append(line)
        elif kind(line) == "config" and not cmds:
            header.append(line)
        else:
            cmds.append(line)
    return header, cmds


def counts(cmds):
    dma = sum(kind(c) == "dma" for c in cmds)
    setup = sum(kind(c) in SETUP for c in cmds)
    return dma, len(cmds) - dma - setup, setup


def shrink(bench, seed, transactions, bench_args, out, max_runs=3000, max_time=600, run_timeout=60,
           original_command=None, log=None):
    """Shrinks one failing seed into `out`. Returns a dict: status ('shrunk', 'pass', 'error'), message,
    signature, before, after (command counts), runs, seconds, replay, out; or raises nothing."""
    log = log or (lambda msg: None)
    res = {"out": out, "runs": 0, "seconds": 0.0}
    out_dir = os.path.dirname(os.path.abspath(out))
    os.makedirs(out_dir, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="shrink-", dir=out_dir) as work:
        saved = os.path.join(work, "original.stim")
        cmd = [bench, "--seed", str(seed), "--transactions", str(transactions), "-q", "--no-waves",
               "--save-stim", saved] + bench_args
        original = original_command or " ".join(shlex.quote(c) for c in
                                                [bench, "--seed", str(seed), "--transactions", str(transactions)]
                                                + bench_args)
        try:
            p = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               errors="replace", timeout=run_timeout * 4, start_new_session=True)
            status, sig = classify(p.returncode, p.stdout, False, run_timeout)
        except (subprocess.TimeoutExpired, OSError) as e:
            res.update(status="error", message="the original command did not end normally: %s" % e)
            return res
        if status == "pass":
            res.update(status="pass", message="the original command passes: nothing to shrink")
            return res
        if sig.startswith("TIMEOUT"):
            res.update(status="error", signature=sig,
                       message="a %s is not shrunk (each replay could take the whole limit)" % sig.split()[0])
            return res
        if not os.path.exists(saved):
            res.update(status="error", signature=sig,
                       message="the bench wrote no stimulus (--save-stim %s); its output:\n%s" % (saved, p.stdout[-2000:]))
            return res
        with open(saved) as f:
            header, cmds = split_stim(f.read())
        # the random stimulus is written for the configuration the RTL implements: each file states it
        header = header[:1]
        sh = Shrinker(bench, seed, bench_args, header, run_timeout, max_runs, max_time, work, log)
        sh.target = canon(sig)
        res["signature"] = sig
        before = counts(cmds)
        if not sh.keeps(cmds):
            res.update(status="error", runs=sh.runs,
                       message="the saved stimulus replayed with --stim fails differently ('%s' instead of '%s')"
                               % (sh.signature(cmds) or "PASS", sig))
            return res
        log("shrink: %s; %d commands (dma %d, software %d, setup %d)" % (sig, len(cmds), *before))
        phases = (("dma", lambda c: kind(c) == "dma"),
                  ("software", lambda c: kind(c) not in SETUP and kind(c) != "dma"),
                  ("setup", lambda c: kind(c) in SETUP))
        while not sh.out_of_budget():
            start = len(cmds)
            for name, movable in phases:
                n0 = len(cmds)
                cmds = sh.ddmin(cmds, movable)
                log("shrink: %s: %d -> %d commands (%d runs, %.1f s)" % (name, n0, len(cmds), sh.runs,
                                                                         time.monotonic() - sh.t0))
            if len(cmds) == start:
                break  # a whole round removed nothing: no single removal keeps the signature
        budget = ""
        if sh.out_of_budget():
            budget = " (stopped by the budget: %d runs of --max-runs %d, %.0f s of --max-time %d; not minimal)" % (
                sh.runs, max_runs, time.monotonic() - sh.t0, max_time)
        after = counts(cmds)
        secs = time.monotonic() - sh.t0
        reduction = "%d -> %d commands (dma %d -> %d, software %d -> %d, setup %d -> %d)" % (
            sum(before), sum(after), before[0], after[0], before[1], after[1], before[2], after[2])
        rel_out = os.path.relpath(os.path.abspath(out), ROOT)
        replay = " ".join(shlex.quote(c) for c in
                          [bench, "--stim", rel_out, "--seed", str(seed)] + replay_args(bench_args))
        sh.write(out, cmds, comments=[
            "shrunk by tools/shrink.py from: %s" % original,
            "signature: %s" % sig,
            "reduction: %s; %d runs, %.1f s%s" % (reduction, sh.runs, secs, budget),
            "replay: %s" % replay,
            "The seed still drives latency and back-pressure; the configuration is the RTL's (config/rtl.cfg).",
        ])
        # the file as written must fail the same way (header comments and all)
        final = subprocess.run(sh.command(out), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, errors="replace", timeout=run_timeout)
        fstatus, fsig = classify(final.returncode, final.stdout, False, run_timeout)
        res.update(runs=sh.runs + 1, seconds=round(secs, 1), before=sum(before), after=sum(after),
                   reduction=reduction, replay=replay, budget=budget)
        if canon(fsig) != canon(sig):
            res.update(status="error", message="the written %s fails as '%s', not '%s'" % (rel_out, fsig or "PASS", sig))
            return res
        runner = os.path.join(ROOT, "build", "iommu-run")
        if os.access(runner, os.X_OK):
            # the golden model's log: with the .stim, a directed test for tests/directed
            subprocess.run([runner, out, "-o", out[:-5] + ".log" if out.endswith(".stim") else out + ".log"],
                           cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=run_timeout)
        res.update(status="shrunk", message="%s: %s%s" % (rel_out, reduction, budget))
        return res


def split_bench_args(argv):
    """(own argv, bench args): everything after '--' goes to the bench, and so does any option shrink.py does
    not know (e.g. --check transaction, --mem-latency 40)."""
    if "--" in argv:
        i = argv.index("--")
        return argv[:i], argv[i + 1:]
    return argv, []


def main():
    own, extra = split_bench_args(sys.argv[1:])
    ap = argparse.ArgumentParser(prog="tools/shrink.py", description=__doc__.split("\n\n")[0], allow_abbrev=False,
                                 epilog="Bench options after '--' (or unknown to shrink.py) are passed to every run.")
    ap.add_argument("--bench", required=True, help="the failing bench binary, e.g. build/iommu-lockstep-bug")
    ap.add_argument("--seed", type=natural, required=True)
    ap.add_argument("--transactions", type=positive, default=1000)
    ap.add_argument("--out", help="the shrunk stimulus (default build/shrink/seed-N.stim)")
    ap.add_argument("--max-runs", type=positive, default=3000, help="bench runs at most (default 3000)")
    ap.add_argument("--max-time", type=positive, default=600, help="wall-clock seconds at most (default 600)")
    ap.add_argument("--run-timeout", type=positive, default=60, help="seconds per bench run (default 60)")
    ap.add_argument("-q", action="store_true", help="print only the result")
    args, unknown = ap.parse_known_args(own)
    bench_args = unknown + extra
    for a in bench_args:
        if a in OWN_FLAGS:
            ap.error("%s is set by shrink.py itself (or does not apply to a replay of one stimulus)" % a)
    os.chdir(ROOT)
    if not os.path.isfile(args.bench) or not os.access(args.bench, os.X_OK):
        ap.error("--bench: %s is not an executable file (make build builds build/iommu-lockstep-bug)" % args.bench)
    out = args.out or os.path.join("build", "shrink", "seed-%d.stim" % args.seed)
    if not out.endswith(".stim"):
        ap.error("--out: expected a file name ending in .stim, got '%s'" % out)
    res = shrink(args.bench, args.seed, args.transactions, bench_args, out, args.max_runs, args.max_time,
                 args.run_timeout, log=None if args.q else (lambda m: print(m, flush=True)))
    if res["status"] != "shrunk":
        print("shrink: not shrunk: %s" % res["message"])
        return 1
    print("shrink: %s\nsignature: %s\n%d runs, %.1f s\nreplay: %s" % (res["message"], res["signature"], res["runs"],
                                                                      res["seconds"], res["replay"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
