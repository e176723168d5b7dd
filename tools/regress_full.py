#!/usr/bin/env python3
"""`make regress-full`: the issue's acceptance regression ("200 random seeds pass on the RTL built from
config/full.cfg and from config/full_be.cfg"). For each bench and each profile it runs tools/regress.py (one
bench process per seed, wall-clock limits, failures grouped with replay commands) into
build/regress-full/BENCH/PROFILE/, then prints one table: the pass count of every profile on every bench, and
a last line that is PASS only when every seed of every run passed.

  tools/regress_full.py --seeds 200 --profiles "default ats" --bench build/iommu-lockstep-full \\
      --bench build/iommu-lockstep-full-be [--jobs 2] [--transactions 1000] [--timeout 300] [--bench-args ...]
Exit status: 0 when every seed passed, 1 when any failed, 2 on a usage error (a bench that does not exist, an
unknown profile).
"""
import argparse
import glob
import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def positive(text):
    if not re.fullmatch(r"[1-9][0-9]{0,8}", text or ""):
        raise argparse.ArgumentTypeError("expected a whole number from 1 (decimal), got '%s'" % text)
    return int(text)


def counts(folder):
    """(passed, run) of the seeds a regress.py run left in folder (each seed-N/result.json)."""
    passed = run = 0
    for path in glob.glob(os.path.join(folder, "seed-*", "result.json")):
        with open(path) as f:
            res = json.load(f)
        run += 1
        passed += res.get("status") == "pass"
    return passed, run


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seeds", type=positive, required=True, help="seeds per profile and bench")
    ap.add_argument("--profiles", required=True, help="space-separated profile names")
    ap.add_argument("--bench", action="append", required=True, help="a bench binary (give it once per bench)")
    ap.add_argument("--jobs", type=positive, default=os.cpu_count() or 1)
    ap.add_argument("--transactions", type=positive, default=1000)
    ap.add_argument("--timeout", type=positive, default=300, help="wall-clock seconds per seed")
    ap.add_argument("--bench-args", default="", help="more bench options, one string")
    ap.add_argument("--out", default="build/regress-full")
    args = ap.parse_args()
    profiles = args.profiles.split()
    if not profiles:
        ap.error("--profiles: expected at least one profile name, e.g. --profiles \"default ats\"")
    for bench in args.bench:
        if not os.access(os.path.join(ROOT, bench), os.X_OK):
            ap.error("--bench %s: no such executable (make %s builds it; it needs versions 10 and 11 merged)"
                     % (bench, bench))
    # The bench itself knows its profiles: refuse an unknown name before any seed runs (its error names them).
    for profile in profiles:
        probe = subprocess.run([os.path.join(ROOT, args.bench[0]), "--profile", profile, "--help"], cwd=ROOT,
                               capture_output=True, text=True)
        if "neither a profile" in probe.stdout + probe.stderr:
            ap.error("--profiles: %s" % (probe.stdout + probe.stderr).strip().replace("error: --profile: ", ""))
    table = []
    for bench in args.bench:
        for profile in profiles:
            out = os.path.join(args.out, os.path.basename(bench), profile)
            cmd = [sys.executable, os.path.join(ROOT, "tools", "regress.py"), "--seeds", str(args.seeds),
                   "--transactions", str(args.transactions), "--jobs", str(args.jobs), "--timeout",
                   str(args.timeout), "--bench", bench, "--out", out,
                   "--bench-args=--profile %s %s" % (profile, args.bench_args)]
            print("regress-full: %s, profile %s: %s" % (bench, profile, " ".join(cmd[1:])), flush=True)
            subprocess.run(cmd, cwd=ROOT)
            passed, run = counts(os.path.join(ROOT, out))
            table.append((bench, profile, passed, run, out))
    print("\nregress-full: pass counts (seeds passed / run, per profile)")
    width = max(len(p) for p in profiles)
    for bench in args.bench:
        print("  %s" % bench)
        for b, profile, passed, run, out in table:
            if b == bench:
                print("    %-*s %4d / %-4d %s%s" % (width, profile, passed, run, "PASS" if passed == run == args.seeds
                                                    else "FAIL", "" if passed == run == args.seeds else
                                                    "  (%s/index.html)" % out))
    total = sum(t[3] for t in table)
    ok = all(t[2] == t[3] == args.seeds for t in table)
    print("regress-full: %s: %d of %d seeds passed (%d profile(s) x %d bench(es) x %d seeds)"
          % ("PASS" if ok else "FAIL", sum(t[2] for t in table), total, len(profiles), len(args.bench), args.seeds))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
