#!/usr/bin/env python3
"""The test suite of the IOMMU verification kit (run by `make test`).

Each test asserts something that can fail: lint is clean, each directed scenario gives the hand-written
expected log through the functional runner and through the lockstep bench (RTL and timing model compared
every cycle), random seeds pass in lockstep, runs are bit-for-bit reproducible, the functional runner agrees
with the cycle bench on random stimulus, the bench catches a planted RTL bug at the cycle of the bug and
writes a waveform that opens there, and bad input ends with a message that names file, line and what was
expected. Ends with the line 'N passed, N failed'.
"""
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.join(ROOT, "build")
RUN = os.path.join(BUILD, "iommu-run")
LOCKSTEP = os.path.join(BUILD, "iommu-lockstep")
LOCKSTEP_BUG = os.path.join(BUILD, "iommu-lockstep-bug")
MODEL_RANDOM = os.path.join(BUILD, "iommu-model-random")
RANDOM_SEEDS = int(os.environ.get("TEST_SEEDS", "200"))
RANDOM_TRANSACTIONS = int(os.environ.get("TEST_TRANSACTIONS", "1000"))

results = []  # (name, ok, detail)


def run(cmd, timeout=600, cwd=ROOT):
    try:
        p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                           timeout=timeout)
        return p.returncode, p.stdout
    except subprocess.TimeoutExpired as e:
        return -1, "timed out after %ds: %s\n%s" % (timeout, " ".join(cmd), e.stdout or "")


def check(name, ok, detail=""):
    results.append((name, ok, detail))
    print("%s %s" % ("PASS" if ok else "FAIL", name), flush=True)
    if not ok and detail:
        print("  " + detail.strip().replace("\n", "\n  ")[:6000], flush=True)


def read(path):
    with open(path) as f:
        return f.read()


def first_difference(expected, actual):
    e, a = expected.splitlines(), actual.splitlines()
    for i in range(max(len(e), len(a))):
        el = e[i] if i < len(e) else "<missing>"
        al = a[i] if i < len(a) else "<missing>"
        if el != al:
            return "first difference at log line %d:\n  expected: %s\n  actual:   %s" % (i + 1, el, al)
    return ""


def test_make_help():
    """`make help` lists every user-facing target (every .PHONY target of the Makefile) with its line."""
    rc, out = run(["make", "-s", "help"])
    phony = set()
    for line in read(os.path.join(ROOT, "Makefile")).splitlines():
        if line.startswith(".PHONY:"):
            phony.update(line.split(":", 1)[1].split())
    listed = set(re.findall(r"^  ([a-z-]+) +\S", out, re.M))
    check("make help: lists every target with a description (%d targets)" % len(phony),
          rc == 0 and phony and phony <= listed, "not listed: %s\n%s" % (sorted(phony - listed), out))


def test_lint():
    rc, out = run(["make", "-s", "lint"])
    warnings = [l for l in out.splitlines() if l.startswith("%Warning") or l.startswith("%Error")]
    check("lint: verilator --lint-only -Wall is clean", rc == 0 and not warnings, out)


def scenarios(directory):
    """(name, stim path, expected log text or None) of every scenario in tests/DIRECTORY."""
    stims = sorted(glob.glob(os.path.join(ROOT, "tests", directory, "*.stim")))
    check("%s: scenarios exist" % directory, len(stims) > 0, "no tests/%s/*.stim" % directory)
    for stim in stims:
        name = os.path.splitext(os.path.basename(stim))[0]
        expected_path = stim[:-5] + ".log"
        if not os.path.exists(expected_path):
            check("%s %s: expected log exists" % (directory, name), False, expected_path + " is missing")
            continue
        yield name, stim, read(expected_path)


def check_log(label, cmd, out_log, expected):
    """Runs cmd, which writes its transaction log to out_log, and checks the log equals expected."""
    rc, out = run(cmd)
    actual = read(out_log) if os.path.exists(out_log) else ""
    check(label, rc == 0 and actual == expected, out + first_difference(expected, actual))


def test_directed(tmp):
    """RTL-configuration scenarios: the functional runner, and the RTL in lockstep with the timing model
    on two latency/back-pressure seeds, each give the hand-written expected log."""
    for name, stim, expected in scenarios("directed"):
        out_log = os.path.join(tmp, name + ".run.log")
        check_log("directed %s: functional runner" % name, [RUN, stim, "-o", out_log], out_log, expected)
        for seed in (1, 2):
            out_log = os.path.join(tmp, "%s.lockstep%d.log" % (name, seed))
            check_log("directed %s: lockstep RTL vs timing model, seed %d" % (name, seed),
                      [LOCKSTEP, "--stim", stim, "--seed", str(seed), "--log", out_log, "-q",
                       "--waves", os.path.join(tmp, "waves-" + name)], out_log, expected)


# The configuration each stimulus directory is written for: tests/directed and tests/bad target the RTL's
# configuration (the runner's default), tests/spec the whole specification (config/full.cfg).
FULL_CONFIG = ["--config", os.path.join(ROOT, "config", "full.cfg")]


def config_for(stim):
    """A tests/spec scenario may name another configuration in its header (`# config: FILE`, a path from the
    repository root), for capabilities config/full.cfg cannot have at once (e.g. capabilities.END = 1)."""
    if os.path.basename(os.path.dirname(stim)) != "spec":
        return []
    with open(stim) as f:
        for line in f:
            if line.strip() and not line.startswith("#") and not line.startswith("iommu-stim"):
                break
            m = re.match(r"^#\s*config:\s*(\S+)\s*$", line)
            if m:
                return ["--config", os.path.join(ROOT, m.group(1))]
    return FULL_CONFIG


def test_spec(tmp):
    """The golden model alone on the whole specification: each tests/spec scenario, run by the functional
    runner with config/full.cfg (or the configuration its header names), gives its hand-written expected
    log."""
    for name, stim, expected in scenarios("spec"):
        out_log = os.path.join(tmp, name + ".spec.log")
        check_log("spec %s: functional runner, full configuration" % name,
                  [RUN] + config_for(stim) + [stim, "-o", out_log], out_log, expected)


def test_plan():
    """docs/verification-plan.md names a test for every section of the covered spec chapters, every fault
    cause and every implicit-access kind, and every test file it names exists (tools/check_plan.py)."""
    rc, out = run(["python3", os.path.join(ROOT, "tools", "check_plan.py")])
    check("plan: docs/verification-plan.md covers every spec section, fault cause and implicit access "
          "(tools/check_plan.py)", rc == 0 and re.search(r"; 0 problems$", out, re.M) is not None, out)


def test_sanitizers(tmp):
    san_run = os.path.join(BUILD, "san", "iommu-run")
    stims = sorted(glob.glob(os.path.join(ROOT, "tests", "*", "*.stim")))
    bad = []
    for stim in stims:
        rc, out = run([san_run] + config_for(stim) + [stim, "-o", os.path.join(tmp, "san.log")])
        expected = stim[:-5] + ".log"
        if "Sanitizer" in out or "runtime error" in out or (os.path.exists(expected) and rc != 0):
            bad.append("%s (exit %d):\n%s" % (os.path.relpath(stim, ROOT), rc, out))
    check("sanitizers: the functional runner runs every stimulus clean under ASan and UBSan (%d files)"
          % len(stims), len(stims) > 0 and not bad, "\n".join(bad))


def test_unit():
    for binary in sorted(glob.glob(os.path.join(BUILD, "unit", "*"))):
        if binary.endswith(".d") or not os.access(binary, os.X_OK):
            continue  # the compiler's dependency files live next to the test programs
        rc, out = run([binary])
        check("unit %s" % os.path.basename(binary), rc == 0, out)


def test_perf_checks():
    """iommu-perf (make bench) checks every translation it times; a short run of each scenario must pass."""
    rc, out = run([os.path.join(BUILD, "iommu-perf"), "-n", "20000", "--runs", "1"])
    check("perf: iommu-perf translates and checks every request of scenarios a, b, c (short run)",
          rc == 0 and len(re.findall(r"M translations/s", out)) == 3, out)


def test_random_lockstep():
    cov = os.path.join(BUILD, "test-coverage.txt")
    rc, out = run([LOCKSTEP, "--seed", "1", "--seeds", str(RANDOM_SEEDS), "--transactions",
                   str(RANDOM_TRANSACTIONS), "-q", "--waves", os.path.join(BUILD, "test-waves"), "--coverage", cov])
    m = re.search(r"(\d+) requests, .* (\d+) checked against the mapping oracle", out)
    check("random: %d seeds x %d requests pass in lockstep" % (RANDOM_SEEDS, RANDOM_TRANSACTIONS),
          rc == 0 and out.startswith("PASS"), out)
    check("random: the mapping oracle checked most responses", m is not None and
          int(m.group(2)) >= 0.9 * int(m.group(1)), out)
    rc2, report = run(["python3", os.path.join(ROOT, "tools", "coverage_report.py"), cov])
    check("random: functional coverage has no holes (tools/coverage_report.py)",
          rc2 == 0 and re.search(r"^coverage: (\d+) of \1 bins hit", report, re.M) is not None, report)
    rc, out = run([LOCKSTEP, "--seed", "1000", "--seeds", "3", "--transactions", "300", "--mem-latency", "1",
                   "--ready-percent", "100", "-q", "--no-waves"])
    check("random: no back-pressure, fastest memory", rc == 0 and out.startswith("PASS"), out)
    rc, out = run([LOCKSTEP, "--seed", "2000", "--seeds", "3", "--transactions", "300", "--mem-latency", "40",
                   "--ready-percent", "15", "-q", "--no-waves"])
    check("random: heavy back-pressure, slow memory", rc == 0 and out.startswith("PASS"), out)


def test_reproducible_and_three_way(tmp):
    logs = []
    for i in range(2):
        log = os.path.join(tmp, "repro%d.log" % i)
        rc, out = run([LOCKSTEP, "--seed", "77", "--transactions", "600", "--log", log, "-q", "--no-waves"])
        logs.append(read(log) if rc == 0 and os.path.exists(log) else None)
    check("reproducible: the same seed gives a bit-identical log twice",
          logs[0] is not None and logs[0] == logs[1] and logs[0].endswith("end\n"),
          "logs differ or a run failed")
    stim = os.path.join(tmp, "seed77.stim")
    rc, out = run([LOCKSTEP, "--seed", "77", "--transactions", "600", "--save-stim", stim, "--dut", "model",
                   "-q"])
    runner_log = os.path.join(tmp, "seed77.runner.log")
    rc2, out2 = run([RUN, stim, "-o", runner_log])
    runner = read(runner_log) if os.path.exists(runner_log) else ""
    check("three-way: the functional runner's log equals the lockstep log on random stimulus",
          rc == 0 and rc2 == 0 and logs[0] is not None and runner == logs[0],
          out + out2 + first_difference(logs[0] or "", runner))
    timing_log = os.path.join(tmp, "seed77.timing.log")
    rc, out = run([LOCKSTEP, "--stim", stim, "--seed", "5", "--dut", "model", "--log", timing_log, "-q"])
    timing = read(timing_log) if os.path.exists(timing_log) else ""
    check("three-way: the timing model alone, other latencies, gives the same log",
          rc == 0 and logs[0] is not None and timing == logs[0], out + first_difference(logs[0] or "", timing))


def test_planted_bug(tmp):
    waves = os.path.join(tmp, "bugwaves")
    rc, out = run([LOCKSTEP_BUG, "--seed", "1", "--seeds", "20", "--transactions", "400", "-q", "--waves", waves])
    m = re.search(r"^MISMATCH at cycle (\d+): (\w+) expected 0x[0-9a-f]+ \(model\) actual 0x[0-9a-f]+ \(rtl\)$",
                  out, re.M)
    check("planted bug (write permission ignored): the bench fails with a mismatch", rc == 1 and m is not None, out)
    # The bug is in the leaf permission check. Outputs are registered, so the decision of a check state is
    # visible from the next cycle: the first difference must be in the check state itself (a walk's fill
    # event in StPteCheck) or in the cycle right after it (the model going to StFault, the RTL to StRespond).
    state = re.search(r"^  engine state(?: \(both\))?: (.*)$", out, re.M)
    check("planted bug: caught in the cycle of the bug (the permission check, or the cycle its decision shows)",
          state is not None and state.group(1) in ("StPteCheck", "StLookup", "model StFault, rtl StRespond"), out)
    rsp = re.search(r"^    cycle (\d+): rsp_(valid|fault|cause|pa) expected", out, re.M)
    check("planted bug: the report names the cycle at which the response signal diverges",
          m is not None and rsp is not None and 0 <= int(rsp.group(1)) - int(m.group(1)) <= 4, out)
    check("planted bug: the report names the seed, the transaction and the replay command",
          re.search(r"^FAIL seed \d+$", out, re.M) is not None and "transaction in flight: dma" in out
          and "ttyp=write" in out and re.search(r"^replay: \S+ --seed \d+", out, re.M) is not None, out)
    fst = os.path.join(waves, "mismatch.fst")
    gtkw = os.path.join(waves, "mismatch.gtkw")
    ok = os.path.exists(fst) and os.path.getsize(fst) > 0 and os.path.exists(gtkw)
    check("planted bug: an FST window and a GTKWave layout are written", ok, out)
    if ok and m:
        layout = read(gtkw)
        cycle = int(m.group(1))
        marker = re.search(r"^\*-?[0-9.]+ (\d+) ", layout, re.M)
        check("planted bug: the layout opens the FST with the marker at the mismatch cycle",
              ('[dumpfile] "%s"' % fst) in layout and marker is not None and int(marker.group(1)) == 10 * cycle,
              layout[:400])
        # The failing transaction must be a write the planted bug lets through: replaying that seed on the
        # correct RTL must pass, proving the failure is the bug's and not the bench's.
        seed = re.search(r"^FAIL seed (\d+)$", out, re.M).group(1)
        rc2, out2 = run([LOCKSTEP, "--seed", seed, "--transactions", "400", "-q", "--no-waves"])
        check("planted bug: the same seed passes on the correct RTL", rc2 == 0, out2)
        # The third oracle alone (model out of the loop) must also catch it: a bug the model shared would
        # still be found.
        rc4, out4 = run([LOCKSTEP_BUG, "--dut", "rtl", "--seed", "1", "--seeds", "20", "--transactions", "400", "-q"])
        check("planted bug: the mapping oracle catches it without the model (RTL alone)",
              rc4 == 1 and "oracle: tag" in out4 and "software never granted this access" in out4, out4)
        # GTKWave's own reader (fst2vcd, installed with gtkwave by make deps) must read the window back.
        rc3, vcd = run(["fst2vcd", fst]) if shutil.which("fst2vcd") else (-1, "fst2vcd not found: run make deps")
        check("planted bug: GTKWave's fst2vcd reads the FST and it covers the mismatch time",
              rc3 == 0 and ("#%d" % (10 * cycle)) in vcd, vcd[:300])
        # Expected beside actual: the layout puts the model's value under the failing port, and in the FST
        # the wrapper's mismatch_o is 0 a cycle before the marker and 1 at it.
        port = m.group(2)
        check("planted bug: the layout shows the model's %s under the RTL's, and the mismatch trace" % port,
              ("TOP.model_%s_i" % port) in layout and "TOP.mismatch_o" in layout, layout[:400])
        before = vcd_value_at(vcd, "mismatch_o", 10 * cycle - 10)
        at = vcd_value_at(vcd, "mismatch_o", 10 * cycle)
        check("planted bug: in the FST mismatch_o rises at the marker (model and RTL aligned)",
              before == "0" and at == "1", "mismatch_o at %d: %s, at %d: %s" % (10 * cycle - 10, before,
                                                                                10 * cycle, at))


def vcd_value_at(vcd, name, time):
    """The value of the 1-bit signal `name` at `time` in a VCD text (None if it is not there)."""
    code = None
    for line in vcd.splitlines():
        f = line.split()
        if len(f) >= 5 and f[0] == "$var" and f[4] == name:
            code = f[3]
            break
    if code is None:
        return None
    value, now = None, 0
    for line in vcd.splitlines():
        if line.startswith("#"):
            now = int(line[1:])
            if now > time:
                break
        elif len(line) >= 2 and line[0] in "01xz" and line[1:] == code:
            value = line[0]
    return value


def test_bad_input(tmp):
    for stim in sorted(glob.glob(os.path.join(ROOT, "tests", "bad", "*.stim"))):
        first = open(stim).readline()
        expects = [e.strip() for e in first.split(":", 1)[1].split("|")]
        name = os.path.basename(stim)
        rel = os.path.relpath(stim, ROOT)
        for tool in (RUN, LOCKSTEP):
            cmd = [tool, rel, "-o", os.path.join(tmp, "bad.log")] if tool == RUN else \
                  [tool, "--stim", rel, "-q", "--no-waves"]
            rc, out = run(cmd, timeout=120)
            ok = rc != 0 and all(e in out for e in expects) and "Segmentation" not in out
            check("bad input %s: %s says %s" % (name, os.path.basename(tool), " ... ".join(expects)), ok, out)
    rc, out = run([LOCKSTEP, "--frobnicate"])
    check("bad flag: lockstep names the unknown option", rc == 2 and "unknown option '--frobnicate'" in out, out)
    rc, out = run([LOCKSTEP, "--seeds", "x"])
    check("bad flag: lockstep names the flag and what it expects", rc == 2 and "--seeds expects a number" in out, out)
    rc, out = run([RUN, "--frobnicate"])
    check("bad flag: runner names the unknown option", rc != 0 and "--frobnicate" in out, out)
    rc, out = run([RUN, os.path.join(tmp, "does-not-exist.stim")])
    check("missing file: runner names the file", rc != 0 and "does-not-exist.stim" in out, out)
    rc, out = run([LOCKSTEP, "--stim", os.path.join(tmp, "does-not-exist.stim")])
    check("missing file: lockstep names the file", rc != 0 and "does-not-exist.stim" in out, out)
    # A missing tool: deps.sh without verilator on PATH and no way to install must say what is missing.
    env_path = "/nonexistent"
    p = subprocess.run(["/bin/bash", os.path.join(ROOT, "tools", "deps.sh")], env={"PATH": env_path},
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    check("missing tool: deps.sh names the missing tools", p.returncode != 0 and "verilator" in p.stdout,
          p.stdout)


def test_hang_is_bounded(tmp):
    # A stimulus that waits on a poll that can never match ends with a message, not a hang.
    stim = os.path.join(tmp, "hang.stim")
    with open(stim, "w") as f:
        f.write("iommu-stim 1\npoll fqcsr 0x10000 0x10000 max=50\n")
    rc, out = run([LOCKSTEP, "--stim", stim, "-q", "--no-waves"], timeout=60)
    check("bounded wait: a poll that never matches stops with file, line and register",
          rc == 1 and "hang.stim:2" in out and "fqcsr" in out, out)


def test_model_random(tmp):
    """The golden model over the full configuration, random setups and requests, every response and the A/D
    bits in memory checked against the independent spec oracle (tb/spec_oracle.c)."""
    rc, out = run([MODEL_RANDOM, "--seed", "1", "--seeds", "200", "--requests", "2000", "-q"], timeout=60)
    check("model-random: 200 seeds x 2000 requests agree with the spec oracle", rc == 0 and out.startswith("PASS"),
          out)
    m = re.search(r"(\d+) translated, (\d+) faulted .*causes:([ 0-9:]*); A/D bits verified: (\d+); "
                  r"fault records verified: (\d+); MRIF responses: (\d+)", out)
    causes = dict(tuple(int(x) for x in c.split(":")) for c in m.group(3).split()) if m else {}
    wanted = [1, 12, 13, 15, 20, 21, 23, 256, 258, 259, 260, 262, 263, 266, 267]
    bad_memory = [5, 7, 257, 265, 268, 269, 274]
    check("model-random: successes, A/D updates and every cause class the setup can provoke are exercised",
          m is not None and int(m.group(1)) >= 50000 and int(m.group(4)) >= 50000 and int(m.group(5)) >= 50000 and
          int(m.group(6)) >= 20 and
          all(causes.get(c, 0) >= 100 for c in wanted) and all(causes.get(c, 0) >= 20 for c in bad_memory),
          "need >= 50000 translations, A/D bits and fault records, >= 20 MRIF responses, >= 100 of each cause %s, "
          ">= 20 of %s\n%s"
          % (wanted, bad_memory, out))
    stim = os.path.join(tmp, "model-random.stim")
    outs = []
    for _ in range(2):
        # seed 26 has bad memory, MRIF-mode MSIs and translated requests in its first 500 requests
        rc, out = run([MODEL_RANDOM, "--seed", "26", "--requests", "500", "--save-stim", stim])
        outs.append((rc, out, read(stim) if os.path.exists(stim) else ""))
    check("model-random: the same seed gives the same run and the same stimulus, bit for bit",
          outs[0][0] == 0 and outs[0] == outs[1], outs[0][1] + outs[1][1])
    log = os.path.join(tmp, "model-random.log")
    rc, out = run([RUN] + FULL_CONFIG + [stim, "-o", log])
    rsp = "".join(l for l in read(log).splitlines(True) if l.startswith("rsp ")) if os.path.exists(log) else ""
    expected = read(stim + ".expected") if os.path.exists(stim + ".expected") else "<missing>"
    kinds = "\nmemerr " in outs[0][2] and " mrif " in expected and " ttyp=tread " in outs[0][2]
    check("model-random: the saved run (bad memory, MRIF) replays in the functional runner with the oracle's responses",
          rc == 0 and rsp == expected and rsp.count("\n") == 500 and kinds,
          out + first_difference(expected, rsp) + ("" if kinds else "the saved run has no memerr or no MRIF response"))
    rc, out = run([MODEL_RANDOM, "--frobnicate"])
    check("model-random: an unknown flag is named (exit 2)", rc == 2 and "'--frobnicate'" in out, out)
    rc, out = run([MODEL_RANDOM, "--requests", "lots"])
    check("model-random: a bad number names the flag (exit 2)", rc == 2 and "--requests" in out and "lots" in out, out)


def run_progress(cmd, timeout):
    """run(), with the command's stderr (its progress lines) passed through to the terminal."""
    try:
        p = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=None, text=True, timeout=timeout)
        return p.returncode, p.stdout
    except subprocess.TimeoutExpired as e:
        return -1, "timed out after %ds: %s\n%s" % (timeout, " ".join(cmd), e.stdout or "")


def test_mutants(tmp):
    """The RTL mutation campaign (make mutants): one schemata build holding every mutant, each run
    through the short regression; mutant 0 (no mutation) must pass, at least 100 mutants, every
    curated one and >= 95 % of the non-equivalent ones killed."""
    rc, out = run_progress(["python3", os.path.join(ROOT, "tools", "mutants.py")], timeout=900)
    check("mutants: the schemata build with no mutant enabled passes the short regression",
          re.search(r"^mutant 0 \(no mutation\): passes", out, re.M) is not None, out[-6000:])
    m = re.search(r"^mutants: (\d+) of (\d+) killed \((\d+) equivalent\)", out, re.M)
    check("mutants: >= 100 RTL mutants; every curated one and >= 95 % of the non-equivalent killed "
          "(make mutants)", rc == 0 and m is not None and int(m.group(2)) >= 100,
          "\n".join(l for l in out.splitlines() if "SURVIVED" in l or not l[:4].strip().isdigit())[-6000:])
    rc, out = run(["python3", os.path.join(ROOT, "tools", "mutants.py"), "--only", "1", "--time-limit", "0.001"])
    check("mutants: a mutant over the time limit counts as killed and is reported as a timeout",
          rc == 0 and re.search(r"^ +1 killed\(timeout\) .*over the 0.001 s limit$", out, re.M) is not None, out)
    # A curated mutant whose anchor text no longer occurs exactly once is reported by name.
    stale = os.path.join(tmp, "stale")
    os.makedirs(os.path.join(stale, "rtl"))
    for f in glob.glob(os.path.join(ROOT, "rtl", "*.sv")):
        text = read(f).replace("if (!x) fault = 1'b1;", "if (!x) begin fault = 1'b1; end")
        with open(os.path.join(stale, "rtl", os.path.basename(f)), "w") as g:
            g.write(text)
    rc, out = run(["python3", os.path.join(ROOT, "tools", "mutate_rtl.py"), "--root", stale, "--list"])
    check("mutants: a curated mutant whose anchor moved is reported as stale, by name",
          rc == 2 and "'exec_perm' is stale" in out and "occurs 0 times" in out, out)


def test_model_mutants():
    """The golden model built with deliberate spec misreadings, one at a time (only the mutated file
    recompiled): the random self-check against the spec oracle must catch each (tools/model_mutants.py;
    a mutation whose text moved is reported stale)."""
    rc, out = run_progress(["python3", os.path.join(ROOT, "tools", "model_mutants.py")], timeout=900)
    check("model mutants: every deliberate golden-model bug fails the random self-check (make model-mutants)",
          rc == 0 and re.search(r"^model-mutants: \d+ of \d+ killed \(\d+ equivalent\)", out, re.M) is not None, out)


def main():
    tmp = tempfile.mkdtemp(prefix="iommu-test-")
    test_make_help()
    test_lint()
    test_bad_input(tmp)
    test_hang_is_bounded(tmp)
    test_directed(tmp)
    test_spec(tmp)
    test_plan()
    test_unit()
    test_perf_checks()
    test_sanitizers(tmp)
    test_random_lockstep()
    test_model_random(tmp)
    test_reproducible_and_three_way(tmp)
    test_planted_bug(tmp)
    test_mutants(tmp)
    test_model_mutants()
    passed = sum(1 for r in results if r[1])
    failed = len(results) - passed
    if failed:
        print("\nFailed tests:")
        for name, ok, _ in results:
            if not ok:
                print("  " + name)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
