#!/usr/bin/env python3
"""The test suite of the IOMMU verification kit (run by `make test`).

Each test asserts something that can fail: lint is clean, each directed scenario gives the hand-written
expected log through the functional runner and through the lockstep bench (RTL and timing model compared
every cycle), random seeds pass in lockstep, runs are bit-for-bit reproducible, the functional runner agrees
with the cycle bench on random stimulus, the bench catches a planted RTL bug at the cycle of the bug and
writes a waveform that opens there, and bad input ends with a message that names file, line and what was
expected. Ends with the line 'N passed, N failed'.
"""
import difflib
import glob
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.join(ROOT, "build")
RUN = os.path.join(BUILD, "iommu-run")
LOCKSTEP = os.path.join(BUILD, "iommu-lockstep")
LOCKSTEP_BUG = os.path.join(BUILD, "iommu-lockstep-bug")
LOCKSTEP_MAX = os.path.join(BUILD, "iommu-lockstep-max")   # the RTL of config/rtl_max.cfg (version 7)
# The bench built for the example RTL with other ports, behind its adapter (examples/other_rtl, make example).
LOCKSTEP_OTHER = os.path.join(BUILD, "iommu-lockstep-other")
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
    # Until the bench reports rtl_dut_assertion() itself, Verilator's own line is what shows a failed assertion.
    check(label, rc == 0 and actual == expected and "Assertion failed" not in out,
          out + first_difference(expected, actual))


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


def test_max_config(tmp):
    """Versions 7 and 8 under config/rtl_max.cfg (extended DCs, process directories, the second stage and MSI
    translation): the scenarios of
    tests/directed/max/ give their hand-written logs on the functional runner and in cycle lockstep on
    build/iommu-lockstep-max; random seeds of the default, process and guest profiles and of the live agent (live,
    live-omit) pass there, every response checked against the mapping oracle, and the mix reaches the
    process-directory causes (260 ENS, 265 - 267, 269), the guest-page faults (20, 21, 23), MSI PTE faults
    (262, 263) and, in live-omit, stale outcomes."""
    for name, stim, expected in scenarios(os.path.join("directed", "max")):
        out_log = os.path.join(tmp, "max-" + name + ".run.log")
        check_log("directed max/%s: functional runner" % name, [RUN, stim, "-o", out_log], out_log, expected)
        if not os.path.exists(LOCKSTEP_MAX):
            check("directed max/%s: build/iommu-lockstep-max exists (the bench of config/rtl_max.cfg)" % name, False,
                  LOCKSTEP_MAX + " is missing: `make build` builds it")
            continue
        for seed in (1, 2):
            out_log = os.path.join(tmp, "max-%s.lockstep%d.log" % (name, seed))
            check_log("directed max/%s: lockstep RTL vs timing model, seed %d" % (name, seed),
                      [LOCKSTEP_MAX, "--stim", stim, "--seed", str(seed), "--log", out_log, "-q",
                       "--waves", os.path.join(tmp, "waves-max-" + name)], out_log, expected)
    if not os.path.exists(LOCKSTEP_MAX):
        return
    causes = {}
    for profile, seeds, must in (("default", 10, {21, 260, 266, 267}), ("process", 10, {260, 265, 266, 267, 269}),
                                 ("guest", 10, {20, 21, 23, 262, 263}), ("live", 6, {21, 266}),
                                 ("live-omit", 6, {21, 266})):
        rc, out = run([LOCKSTEP_MAX, "--seed", "1", "--seeds", str(seeds), "--transactions", "400", "--profile",
                       profile, "-q", "--no-waves"])
        m = re.search(r"causes reached:((?: \d+:\d+)*)", out)
        reached = {int(c.split(":")[0]) for c in m.group(1).split()} if m else set()
        causes[profile] = reached
        stale = re.search(r"(\d+) responses gave the older outcome", out)
        ok = rc == 0 and out.startswith("PASS") and re.search(r" 0 mismatches", out) is not None
        check("max: %d seeds of profile %s pass in lockstep on build/iommu-lockstep-max, every response checked "
              "against the mapping oracle, reaching causes %s" % (seeds, profile, sorted(must)),
              ok and must <= reached, out)
        if profile == "live-omit":
            check("max: live-omit under process directories shows stale outcomes software still allowed",
                  stale is not None and int(stale.group(1)) > 0, out)
    # The live agent edits process contexts and invalidates them by IODIR.INVAL_PDT (opcode 3, func3 1, DV = 1).
    stim = os.path.join(tmp, "max-live.stim")
    run([LOCKSTEP_MAX, "--seed", "4", "--transactions", "800", "--profile", "live", "-q", "--no-waves",
         "--save-stim", stim])
    dw0s = [int(m, 16) for m in re.findall(r"^cmd raw dw0=(0x[0-9a-f]+)", read(stim) if os.path.exists(stim) else "", re.M)]
    inval_pdt = sum(1 for d in dw0s if d & 0x3ff == 0x83 and d >> 33 & 1)
    check("max: the live agent issues IODIR.INVAL_PDT (DV = 1) for the process contexts it changes (%d in seed 4)"
          % inval_pdt, inval_pdt > 0, stim)


def test_max_timing_model(tmp):
    """The bench of config/rtl_max.cfg (docs/microarch.md 3.1, version 7) uses that file for the timing model and
    the transaction check: the benches refuse each other's stimulus naming file:line and both files; the timing
    model alone passes the transaction check against the arch layer there; the summary counts the
    process-context cache (and only where there is one); the version-7 coverage bins (process directory, PC
    cache, extended-DC checks) are written only for that configuration and the directed scenarios with random
    seeds of three profiles hit every one of them."""
    if not os.path.exists(LOCKSTEP_MAX):
        check("max timing: build/iommu-lockstep-max exists", False, LOCKSTEP_MAX + " is missing: `make build` builds it")
        return
    max_stim = os.path.join("tests", "directed", "max", "pdt_process.stim")
    rc, out = run([LOCKSTEP, "--stim", max_stim, "-q", "--no-waves"])
    check("max timing: the config/rtl.cfg bench refuses a config/rtl_max.cfg stimulus, naming file:line and both",
          rc == 2 and "error: %s:2: this stimulus states the configuration ../../../config/rtl_max.cfg, but this RTL "
          "was built from %s" % (max_stim, os.path.join(ROOT, "config", "rtl.cfg")) in out and "PASS" not in out, out)
    rtl_stim = os.path.join(tmp, "max-rtl-stated.stim")
    with open(os.path.join(ROOT, "tests", "directed", "perm_faults.stim")) as f:
        body = f.read().split("iommu-stim 1\n", 1)
    with open(rtl_stim, "w") as f:
        f.write(body[0] + "iommu-stim 1\nconfig %s\n" % os.path.join(ROOT, "config", "rtl.cfg") + body[1])
    rc, out = run([LOCKSTEP_MAX, "--stim", rtl_stim, "-q", "--no-waves"])
    check("max timing: the config/rtl_max.cfg bench refuses a config/rtl.cfg stimulus, naming file:line and both",
          rc == 2 and "error: %s:2: this stimulus states the configuration %s, but this RTL was built from %s"
          % (rtl_stim, os.path.join(ROOT, "config", "rtl.cfg"), os.path.join(ROOT, "config", "rtl_max.cfg")) in out, out)
    rc, out = run([LOCKSTEP_MAX, "--dut", "model", "--check", "transaction", "--seed", "1", "--seeds", "4",
                   "--transactions", "400", "--profile", "process", "-q", "--no-waves"])
    m = re.search(r"process-context cache (\d+)/(\d+) hits, (\d+) fills, (\d+) entries invalidated", out)
    check("max timing: the timing model alone passes the transaction check against the arch layer in "
          "config/rtl_max.cfg, its process-context cache hitting, filling and invalidated",
          rc == 0 and out.startswith("PASS") and m is not None and all(int(g) > 0 for g in m.groups()), out)
    rc, out = run([LOCKSTEP, "--seed", "1", "--transactions", "200", "-q", "--no-waves"])
    check("max timing: no process-context cache in the config/rtl.cfg summary", rc == 0 and
          "process-context cache" not in out, out)
    covs = []
    for i, args in enumerate([["--stim", os.path.join("tests", "rtl", "process_dir.stim")], ["--stim", max_stim]] +
                             [["--seed", "1", "--seeds", "4", "--transactions", "600", "--profile", p]
                              for p in ("process", "default", "live")]):
        cov = os.path.join(tmp, "max-cov-%d.txt" % i)
        rc, out = run([LOCKSTEP_MAX] + args + ["-q", "--no-waves", "--coverage", cov])
        check("max timing: %s passes on build/iommu-lockstep-max" % " ".join(args), rc == 0, out)
        covs.append(cov)
    rc, report = run(["python3", os.path.join(ROOT, "tools", "coverage_report.py")] + covs)
    v7 = re.compile(r"^hole: ((pdt|pdtc|dc_ext|dc\.misconfig|memerr\.(pdt|pc)|engine\.(Pdt|Pc)\w*)[.>-]\S*)", re.M)
    check("max timing: every version-7 coverage bin is hit (directed scenarios and three random profiles), each "
          "tied to a plan item", rc == 0 and re.search(r" pdt\.pd20\.pc_read$", read(covs[2]), re.M) is not None and
          not v7.findall(report) and re.search(r"^plan: every bin is tied to one of \d+ items", report, re.M) is not None,
          report + "\n".join(h[0] for h in v7.findall(report)))
    # A failure report's history names the process-context cache and the request's process_id and privilege:
    # the directed scenario with one expectation changed, so that the mapping oracle stops the run there.
    bad = os.path.join(tmp, "max-history.stim")
    with open(max_stim) as f:
        text = f.read()
    line = "dma tag=1 did=0x1 ttyp=read iova=0x1010 pid=0x5 priv=s"
    with open(bad, "w") as f:
        f.write(text.replace("config ../../../config/rtl_max.cfg", "config " + os.path.join(ROOT, "config",
                             "rtl_max.cfg"), 1).replace(line + "\n", line + " expect=ok@0x90001010\n", 1))
    rc, out = run([LOCKSTEP_MAX, "--stim", bad, "-q", "--no-waves"])
    check("max timing: a failure's history names the process-context cache lookup and the request's pid and "
          "privilege", line in text and rc == 1 and "process-context cache lookup: hit in way 0" in out and
          "request accepted: tag=1 did=0x1 ttyp=read iova=0x1010 pid=0x5 priv=s" in out, out)
    base_cov = os.path.join(tmp, "rtl-cov.txt")
    run([LOCKSTEP, "--seed", "1", "--transactions", "100", "-q", "--no-waves", "--coverage", base_cov])
    text = read(base_cov) if os.path.exists(base_cov) else ""
    check("max timing: config/rtl.cfg coverage has no version-7 bins (not holes there)",
          text != "" and re.search(r" (pdt|pdtc|dc_ext|dc\.misconfig)\.", text) is None, text[:200])


def test_msi_timing_model(tmp):
    """Version 3's MSIs in the golden timing model alone (whatever the RTL implements): the directed MSI scenario
    run with the timing model as the DUT gives the hand-written log in time order (cycle check, 4 latency and
    back-pressure seeds) and passes the transaction check against the arch layer; a failure report's history
    names an MSI by its vector, data and address, and the engine's StMsiReq."""
    stim = os.path.join(ROOT, "tests", "directed", "msi_interrupts.stim")
    expected = read(os.path.join(ROOT, "tests", "directed", "msi_interrupts.log"))
    for seed in (1, 2, 3, 4):
        out_log = os.path.join(tmp, "msi_model%d.log" % seed)
        rc, out = run([LOCKSTEP, "--stim", stim, "--dut", "model", "--seed", str(seed), "--log", out_log, "-q",
                       "--no-waves"])
        actual = read(out_log) if os.path.exists(out_log) else ""
        # with --dut model the cycle check has no reference, and the bench says so (exit 1); the log is complete
        check("msi_interrupts: timing model as the DUT, seed %d, the expected log in time order" % seed,
              actual == expected and "0 of 2 responses checked: nothing compared them" in out,
              out + first_difference(expected, actual))
        out_log = os.path.join(tmp, "msi_model_tx%d.log" % seed)
        check_log("msi_interrupts: timing model against the arch layer (transaction check), seed %d" % seed,
                  [LOCKSTEP, "--stim", stim, "--dut", "model", "--check", "transaction", "--seed", str(seed),
                   "--log", out_log, "-q", "--no-waves"], out_log, expected)
    lines = read(stim).splitlines()
    at = next(i for i, l in enumerate(lines) if l.startswith("write msi_vec_ctl_5 0x0"))
    failing = os.path.join(tmp, "msi_history.stim")
    with open(failing, "w") as f:
        f.write("\n".join(lines[:at + 1] + ["poll ipsr 0xff 0x80 max=20"]) + "\n")
    rc, out = run([LOCKSTEP, "--stim", failing, "--dut", "model", "-q", "--no-waves"])
    check("msi history: a failure report names the MSI in spec terms (vector, data -> address) and StMsiReq",
          rc == 1 and "MSI vector 5: 0xf00d1005 -> 0x0000000000500004" in out and "StIdle -> StMsiReq" in out
          and "never became 0x80 in 20 reads" in out, out)


def test_ats_timing_model(tmp):
    """Version 11's ATS (docs/microarch.md 5.9) in the golden timing model as the DUT, built from
    config/rtl_max.cfg with --model-config (whatever the RTL of this build implements): the directed scenario
    tests/directed/max/ats_messages.stim (ATS completions, page requests through pgreq, Invalidation Completions
    through invcpl, the timeout through atstimeout, messages under msg_ready back-pressure) gives the functional
    runner's log in time order (cycle check, 4 latency and back-pressure seeds) and passes the transaction check
    (completions by tag, messages in order against the arch layer's); a page request the DUT never accepts ends
    in a bounded wait that names the stimulus line; --model-config needs --dut model."""
    stim = os.path.join(ROOT, "tests", "directed", "max", "ats_messages.stim")
    expected = read(os.path.join(ROOT, "tests", "directed", "max", "ats_messages.log"))
    model = ["--dut", "model", "--model-config", os.path.join(ROOT, "config", "rtl_max.cfg")]
    for seed in (1, 2, 3, 4):
        out_log = os.path.join(tmp, "ats_model%d.log" % seed)
        rc, out = run([LOCKSTEP, "--stim", stim] + model + ["--seed", str(seed), "--log", out_log, "-q",
                                                           "--no-waves"])
        actual = read(out_log) if os.path.exists(out_log) else ""
        check("ats_messages: timing model as the DUT, seed %d, the functional runner's log in time order" % seed,
              actual == expected and "0 of 5 responses checked: nothing compared them" in out,
              out + first_difference(expected, actual))
        out_log = os.path.join(tmp, "ats_model_tx%d.log" % seed)
        check_log("ats_messages: timing model against the arch layer (transaction check), seed %d" % seed,
                  [LOCKSTEP, "--stim", stim] + model + ["--check", "transaction", "--seed", str(seed), "--log",
                                                        out_log, "-q", "--no-waves"], out_log, expected)
    check("ats_messages: the log has ATS completions, the IOMMU's own responses, Invalidation Requests and ATS.PRGR",
          all(l in expected for l in (
              "ats tag=1 status=success pa=0x0000000012345000 size=0x1000 r=1 w=1",
              "ats tag=2 status=success pa=0x0000000012346000 size=0x1000 r=1 w=0",
              "ats tag=3 status=success pa=0x0000000000000000 size=0x1000 r=0 w=0", "ats tag=4 status=ur",
              "msg did=1 type=prgr payload=0x0000000900000000 pid=6", "msg did=2 type=prgr payload=0x0000100b00000000",
              "msg did=1 type=inval itag=1 payload=0x0000000000002000 pid=5",
              "msg did=1193046 type=inval itag=0", "poll cqcsr value=0x0000000000010201")), expected)
    out_log = os.path.join(tmp, "ats_model_reorder.log")
    check_log("ats_messages: through --reorder (completions out of order, messages passed through), transaction check",
              [LOCKSTEP, "--stim", stim] + model + ["--check", "transaction", "--reorder", "--seed", "2", "--log",
                                                    out_log, "-q", "--no-waves"], out_log, expected)
    nopgr = os.path.join(tmp, "nopgr.stim")
    with open(nopgr, "w") as f:
        f.write("iommu-stim 1\nwrite ddtp 0x1\npgreq did=1 r=1 last=1 prgi=3 addr=0x1000\n")
    rc, out = run([LOCKSTEP, "--stim", nopgr, "--dut", "model", "--response-limit", "300", "-q", "--no-waves"])
    check("pgreq without capabilities.ATS: a bounded wait naming the line", rc == 1 and
          "nopgr.stim:3: pgreq: pgr_ready_o stayed 0 for 300 cycles" in out, out)
    rc, out = run([LOCKSTEP, "--stim", stim, "--model-config", os.path.join(ROOT, "config", "rtl_max.cfg")])
    check("--model-config without --dut model is refused", rc == 2 and "needs --dut model" in out, out)


FULL_CONFIG = ["--config", os.path.join(ROOT, "config", "full.cfg")]


def config_for(stim):
    """The configuration file a stimulus states (`config PATH` before its first command, PATH relative to the
    stimulus file's folder: docs/formats.md), or None: then the tools use the RTL's (config/rtl.cfg). The
    runner and the bench read it themselves; this is for the tests' own assertions."""
    with open(stim) as f:
        for line in f:
            words = line.split("#", 1)[0].split()
            if not words or words[0] == "iommu-stim":
                continue
            if words[0] == "config" and len(words) == 2:
                return os.path.normpath(os.path.join(os.path.dirname(stim), words[1]))
            return None
    return None


def test_stim_config(tmp):
    """A stimulus states its configuration (`config PATH`, docs/formats.md): the functional runner uses it, a
    conflicting --config is refused, the lockstep bench refuses a configuration other than the RTL's naming
    file:line and both, and it fails a run that checked no response instead of printing PASS."""
    full_caps = "read capabilities value=0x00000ff8e7efcf10"
    rtl_caps = "read capabilities value=0x0000003821000e10"
    d = os.path.join(tmp, "cfgtest", "stim")
    os.makedirs(d, exist_ok=True)
    shutil.copy(os.path.join(ROOT, "config", "full.cfg"), os.path.join(tmp, "cfgtest", "mine.cfg"))
    stated = os.path.join(d, "stated.stim")
    with open(stated, "w") as f:
        f.write("iommu-stim 1\n# a comment may come first\nconfig ../mine.cfg\nread capabilities\n")
    plain = os.path.join(d, "plain.stim")
    with open(plain, "w") as f:
        f.write("iommu-stim 1\nread capabilities\n")
    # from another working directory: the path is the stimulus file's, not the caller's
    rc, out = run([RUN, "stim/stated.stim"], cwd=os.path.join(tmp, "cfgtest"))
    rc2, out2 = run([RUN, plain])
    check("stim config: the runner uses the configuration the file states (relative to the file), the RTL's "
          "without one", rc == 0 and full_caps in out and rc2 == 0 and rtl_caps in out2, out + out2)
    rc, out = run([RUN, "--config", os.path.join(ROOT, "config", "rtl.cfg"), stated])
    check("stim config: a --config that conflicts with the stated one is refused, naming both and the difference",
          rc == 2 and "--config %s conflicts with %s:3" % (os.path.join(ROOT, "config", "rtl.cfg"), stated) in out
          and "states the configuration ../mine.cfg" in out and "capabilities: 0xff8e7efcf10 vs 0x3821000e10" in out
          and "value=" not in out, out)
    rc, out = run([RUN, "--config", os.path.join(ROOT, "config", "full.cfg"), stated])
    check("stim config: a --config equal in content to the stated one runs", rc == 0 and full_caps in out, out)
    rc, out = run([RUN] + FULL_CONFIG + [plain])
    check("stim config: --config applies to a stimulus that states none", rc == 0 and full_caps in out, out)
    # the lockstep bench implements only config/rtl.cfg: a full-configuration scenario is refused, not run
    spec = os.path.join("tests", "spec", "sv48.stim")
    rc, out = run([LOCKSTEP, "--stim", spec, "-q", "--no-waves"])
    check("stim config: lockstep refuses a full-configuration scenario with file:line, the stated configuration "
          "and the RTL's", rc == 2 and "error: tests/spec/sv48.stim:2: this stimulus states the configuration "
          "../../config/full.cfg, but this RTL was built from " in out and "config/rtl.cfg;" in out and
          "PASS" not in out, out)
    rtl_stated = os.path.join(tmp, "cfgtest", "rtl_stated.stim")
    with open(os.path.join(ROOT, "tests", "directed", "perm_faults.stim")) as f:
        body = f.read().split("iommu-stim 1\n", 1)
    with open(rtl_stated, "w") as f:
        f.write(body[0] + "iommu-stim 1\nconfig %s\n" % os.path.join(ROOT, "config", "rtl.cfg") + body[1])
    dmas = body[1].count("\ndma ")
    for level in ("cycle", "transaction"):
        rc, out = run([LOCKSTEP, "--stim", rtl_stated, "--check", level, "-q", "--no-waves"])
        ref = "the golden timing model" if level == "cycle" else "the arch layer"
        check("stim config: lockstep runs a stimulus that states the RTL's configuration and reports every response "
              "checked against %s (%d)" % (ref, dmas),
              rc == 0 and dmas > 0 and ("; %d of %d responses checked against %s" % (dmas, dmas, ref)) in out, out)
    rc, out = run([LOCKSTEP, "--stim", rtl_stated, "--dut", "rtl", "-q", "--no-waves"])
    check("stim config: a run that checked 0 responses of a stimulus with dma commands is a failure, never a PASS",
          rc == 1 and re.search(r"^ERROR at cycle \d+: 0 of %d responses checked" % dmas, out, re.M) is not None
          and "PASS" not in out and re.search(r"^FAIL seed 1$", out, re.M) is not None, out)


def test_spec(tmp):
    """The golden model alone on the whole specification: each tests/spec scenario states the configuration it
    is written for (config/full.cfg, or one with capabilities full.cfg cannot have at once, e.g.
    capabilities.END = 1), and the functional runner, given only the stimulus, runs it in that configuration and
    gives its hand-written expected log."""
    for name, stim, expected in scenarios("spec"):
        cfg = config_for(stim)
        out_log = os.path.join(tmp, name + ".spec.log")
        check_log("spec %s: functional runner in the configuration the file states (%s)"
                  % (name, os.path.relpath(cfg, ROOT) if cfg else "none stated"),
                  [RUN, stim, "-o", out_log], out_log, expected)
        if cfg is None or not os.path.exists(cfg):
            check("spec %s: states an existing configuration file" % name, False, "config_for: %s" % cfg)


# The benches of the RTL built from each configuration the tests/spec scenarios state (make FULL_BUILDS=1).
SPEC_BENCHES = {
    os.path.join(ROOT, "config", "full.cfg"): os.path.join(BUILD, "iommu-lockstep-full"),
    os.path.join(ROOT, "config", "full_be.cfg"): os.path.join(BUILD, "iommu-lockstep-full-be"),
}


def log_differences(expected, actual, limit=40):
    """Every differing line of two transaction logs (difflib opcodes), as 'expected LINE: ... / actual: ...'."""
    e, a = expected.splitlines(), actual.splitlines()
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, e, a, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        for k in range(max(i2 - i1, j2 - j1)):
            el = e[i1 + k] if i1 + k < i2 else "<none>"
            al = a[j1 + k] if j1 + k < j2 else "<none>"
            out.append("  expected line %d: %s\n  actual   line %d: %s" % (i1 + k + 1, el, j1 + k + 1, al))
    more = len(out) - limit
    return "\n".join(out[:limit]) + ("\n  ... and %d more differing line(s)" % more if more > 0 else "")


# A tests/spec scenario with MSI delivery (an msi_cfg_tbl entry written, offsets 0x300 - 0x3ff): the IOMMU sends an
# MSI when its engine is idle (docs/microarch.md 5.5), after software's next command in cycle time; the
# functional runner sends it at its cause.
TIMING_DEPENDENT = re.compile(r"^write (msi_addr_|msi_data_|msi_vec_ctl_|(7[6-9]\d|[89]\d\d|10[01]\d|102[0-3]|0x3[0-9a-f]{2})\b)", re.M)


def by_tag(log):
    """The response lines (rsp, ats) of a transaction log by tag."""
    return {m.group(1): line for line in log.splitlines() for m in [re.match(r"(?:rsp|ats) tag=(\d+) ", line)] if m}


def test_spec_lockstep(tmp):
    """The issue's acceptance: every tests/spec scenario runs in cycle lockstep (RTL against the timing model,
    every output every cycle, and the mapping oracle) on the bench of the RTL built from the configuration the
    scenario states (config/full.cfg: build/iommu-lockstep-full; config/full_be.cfg: build/iommu-lockstep-full-be),
    on two latency/back-pressure seeds. Required: PASS, and the response of every request (rsp and ats lines, by
    tag) equal to tests/spec/NAME.log, the hand-written log the functional runner gives (test_spec).

    The whole log must equal NAME.log too (docs/formats.md: every command but a `nowait` access waits for what
    came before it, so a functional runner and a cycle-accurate bench write the same log), except in scenarios
    with MSI delivery (TIMING_DEPENDENT): an MSI goes out when the engine is idle, after software's next command,
    so its position, and with a memerr on its target changed in between whether it faults (a cause-273 record,
    fqt), differ. There every `msg` line of NAME.log (page-request responses, ATS messages: outcomes of requests
    and commands, not of MSI timing) must still be sent, and every other difference is printed as a note.
    Evidence (scratch merge of rtl11 + tm11; the 31 scenarios whose functional log is the same under
    config/rtl_max.cfg with ATS, run on its build/iommu-lockstep-max, seeds 1 and 2): 23 give NAME.log exactly;
    msi_interrupts, hpm (seed 1) and queue_mem_errors differ by MSI timing only; page_requests, pq_cq_interrupts
    and pgreq_faults differ because the bench completes a pgreq line at its handshake, so software's next
    register access (and the end of the run) comes before the page request's queue write and response, against
    docs/formats.md: that is the bench's to fix (a pgreq line waits until the IOMMU has finished the page
    request), not a permitted difference. cq_ats_operands sent its invcpl before the IOMMU took the ATS.INVAL
    (fine without time, a fence that never completes in cycle time): it polls cqh first."""
    benches_seen = set()
    for name, stim, expected in scenarios("spec"):
        cfg = config_for(stim)
        bench = SPEC_BENCHES.get(cfg)
        if bench is None:
            check("spec lockstep %s: states config/full.cfg or config/full_be.cfg" % name, False,
                  "it states %s; tests/run_tests.py SPEC_BENCHES names the bench of each configuration" % cfg)
            continue
        if bench not in benches_seen:
            benches_seen.add(bench)
            check("spec lockstep: %s exists (make FULL_BUILDS=1 build)" % os.path.relpath(bench, ROOT),
                  os.access(bench, os.X_OK), "missing: build it with make %s" % os.path.relpath(bench, ROOT))
        if not os.access(bench, os.X_OK):
            continue
        timing = TIMING_DEPENDENT.search(read(stim)) is not None
        for seed in (1, 2):
            out_log = os.path.join(tmp, "%s.speclock%d.log" % (name, seed))
            rc, out = run([bench, "--stim", stim, "--seed", str(seed), "--log", out_log, "-q",
                           "--waves", os.path.join(tmp, "waves-spec-" + name)], timeout=300)
            actual = read(out_log) if os.path.exists(out_log) else ""
            check("spec lockstep %s (%s), seed %d: PASS in cycle lockstep"
                  % (name, os.path.relpath(cfg, ROOT), seed),
                  rc == 0 and "PASS" in out and "Assertion failed" not in out, out[-3000:])
            want, got = by_tag(expected), by_tag(actual)
            diff = ["  tag %s: expected %s, actual %s" % (t, want.get(t, "<none>"), got.get(t, "<none>"))
                    for t in sorted(set(want) | set(got), key=int) if want.get(t) != got.get(t)]
            check("spec lockstep %s, seed %d: every response equals tests/spec/%s.log" % (name, seed, name),
                  not diff, "\n".join(diff[:40]))
            if not timing:
                check("spec lockstep %s, seed %d: the log equals tests/spec/%s.log" % (name, seed, name),
                      actual == expected, log_differences(expected, actual))
                continue
            msgs = [l for l in expected.splitlines() if l.startswith("msg ")]
            left = actual.splitlines()
            missing = [l for l in msgs if l not in left or left.remove(l)]
            check("spec lockstep %s, seed %d: every msg line of tests/spec/%s.log is sent" % (name, seed, name),
                  not missing, "missing: " + "\n".join(missing))
            if actual != expected:
                print("note: spec lockstep %s, seed %d: timing-dependent differences from tests/spec/%s.log "
                      "(page requests or MSIs, see test_spec_lockstep):\n%s" % (name, seed, name,
                                                                                log_differences(expected, actual)))


def test_profiles(tmp):
    """Random stimulus profiles and knobs (issue 12): each profile reports what it produced, the realistic one
    is mostly hits and few faults, the faulty one mostly faults, the default mix is unchanged by the knobs'
    existence; bad profiles, knobs and contradictory sets are refused by name with the legal range."""
    share = {}
    for name in ("default", "realistic", "faulty", "corner", "modes", "directory"):
        rc, out = run([LOCKSTEP, "--seed", "1", "--seeds", "20", "--profile", name, "-q", "--no-waves"])
        m = re.search(r"stimulus \(profile (\S+)\): fault share ([0-9.]+) %, IOTLB hit rate ([0-9.]+) %, "
                      r"causes reached:((?: \d+:\d+)+)$", out, re.M)
        check("profile %s: passes 20 seeds and reports its fault share, hit rate and causes" % name,
              rc == 0 and out.startswith("PASS") and m is not None and m.group(1) == name, out)
        if m:
            share[name] = (float(m.group(2)), float(m.group(3)))
    check("profile realistic: mostly IOTLB hits (>= 60 %) and few faults (<= 20 %); faulty: >= 85 % faults",
          "realistic" in share and "faulty" in share and share["realistic"][1] >= 60 and share["realistic"][0] <= 20
          and share["faulty"][0] >= 85, str(share))
    # The realistic mix through the reordering wrapper: on seed 50 a fault record that the arch layer wrote only in
    # part (a memory error in its slot) lands whole in another slot; the transaction check must accept that.
    rc, out = run([LOCKSTEP, "--seed", "45", "--seeds", "11", "--profile", "realistic", "--check", "transaction",
                   "--reorder", "-q", "--no-waves"])
    check("profile realistic: passes at transaction level through --reorder (a partly written record moved)",
          rc == 0 and out.startswith("PASS (transaction check)"), out)
    # Register accesses under traffic (corner profile: `nowait` writes and reads): the saved stimulus says
    # so in its text and replays to the same log.
    stim = os.path.join(tmp, "corner7.stim")
    log1, log2 = os.path.join(tmp, "corner7.log"), os.path.join(tmp, "corner7.replay.log")
    rc, out = run([LOCKSTEP, "--seed", "7", "--transactions", "300", "--profile", "corner", "-q", "--no-waves",
                   "--save-stim", stim, "--log", log1])
    rc2, out2 = run([LOCKSTEP, "--seed", "7", "--stim", stim, "-q", "--no-waves", "--log", log2])
    text = read(stim) if os.path.exists(stim) else ""
    check("profile corner: register writes and reads while DMA is in flight (nowait) pass, are written into the "
          "stimulus and replay to the same log", rc == 0 and rc2 == 0 and re.search(r"^write \S+ \S+ size=\d nowait$",
          text, re.M) is not None and re.search(r"^read \S+ size=\d nowait$", text, re.M) is not None and
          os.path.exists(log1) and os.path.exists(log2) and read(log1) == read(log2), out + out2)
    prof = os.path.join(tmp, "mix.profile")
    with open(prof, "w") as f:
        f.write("# streaming with a few process IDs\nprofile = realistic\nstream_percent = 90\npv_percent = 10\n")
    rc, out = run([LOCKSTEP, "--seed", "1", "--seeds", "5", "--profile", prof, "--knob", "software_percent=5", "-q",
                   "--no-waves"])
    check("profile file and --knob: a file that starts from a named profile, adjusted on the command line",
          rc == 0 and "stimulus (profile %s)" % prof in out, out)
    with open(prof, "a") as f:
        f.write("stream_percent = 120\n")
    bad = [
        (["--profile", "nosuch"], "'nosuch' is neither a profile (default, realistic, faulty, corner, modes, directory, live, "
                                  "live-omit, process, guest, monitor, formats, ats) nor a file"),
        (["--profile", prof], "%s:5: knob stream_percent: '120' is not a number in its legal range 0..100" % prof),
        (["--knob", "stream_percent=101"], "knob stream_percent: '101' is not a number in its legal range 0..100"),
        (["--knob", "streams=3"], "unknown knob 'streams' (knobs: devices_min,"),
        (["--knob", "devices_min=9", "--knob", "devices_max=4"],
         "contradictory knobs: devices_min = 9 is above devices_max = 4"),
        (["--knob", "bare_dc_percent=60", "--knob", "broken_dc_percent=50"],
         "contradictory knobs: bare_dc_percent + broken_dc_percent = 110 % is above 100 %"),
        (["--knob", "ddt_levels_min=3", "--knob", "ddt_levels_max=2"],
         "contradictory knobs: ddt_levels_min = 3 is above ddt_levels_max = 2"),
        (["--knob", "ddt_levels_max=4"], "knob ddt_levels_max: '4' is not a number in its legal range 1..3"),
    ]
    for args, expect in bad:
        rc, out = run([LOCKSTEP] + args + ["-q", "--no-waves"])
        check("bad knob: %s is refused naming the knob and its range" % " ".join(args), rc == 2 and expect in out,
              out)


def test_generated(tmp):
    """Everything that repeats data/iommu.yaml is generated from it and up to date; the check can fail; a
    broken description is rejected with file:line and what was expected."""
    gen = os.path.join(ROOT, "tools", "gen_hw.py")
    rc, out = run(["python3", gen, "--check"])
    check("generated: every file generated from data/iommu.yaml is up to date (tools/gen_hw.py --check)",
          rc == 0 and "up to date" in out, out)
    # The staleness check can fire: a copy of the generated tree with one edited port struct is stale.
    out_dir = os.path.join(tmp, "gen")
    rc, out = run(["python3", gen, "--out", out_dir])
    port_h = os.path.join(out_dir, "cmodel", "timing", "iommu_port.h")
    if rc == 0 and os.path.exists(port_h):
        with open(port_h, "a") as f:
            f.write("/* hand edit */\n")
    rc, out2 = run(["python3", gen, "--check", "--out", out_dir])
    check("generated: a hand-edited generated file is reported stale", rc == 1 and "cmodel/timing/iommu_port.h" in out2,
          out + out2)
    # Each kind of broken description names the file, the line of the offending entry and what was expected.
    desc = read(os.path.join(ROOT, "data", "iommu.yaml"))
    lines = desc.splitlines(True)

    def line_of(text):
        return next(i + 1 for i, l in enumerate(lines) if text in l)
    cases = [
        ("unknown access type", "{name: fqmf,   lsb: 8,  width: 1, access: RW1C}",
         "{name: fqmf,   lsb: 8,  width: 1, access: RWC}", "unknown access type 'RWC' (expected one of RO, RW,"),
        ("overlapping registers", "  - name: fqt\n    offset: 0x034\n", "  - name: fqt\n    offset: 0x030\n",
         "register fqt: bytes 0x30-0x33 overlap register fqh at 0x30"),
        ("field wider than its register", "{name: cip,    lsb: 0, width: 1, access: RW1C}",
         "{name: cip,    lsb: 0, width: 40, access: RW1C}", "bits 39..0 do not fit a 32-bit register"),
        ("overlapping fields", "{name: fie,    lsb: 1,  width: 1, access: RW}",
         "{name: fie,    lsb: 0,  width: 1, access: RW}", "overlap another field"),
        ("unknown width parameter", "{name: req_did,   dir: in,  width: DidW,",
         "{name: req_did,   dir: in,  width: DevW,", "width 'DevW' is not a parameter"),
    ]
    for what, old, new, expect in cases:
        bad = os.path.join(tmp, "bad-desc.yaml")
        assert desc.count(old) == 1, old
        with open(bad, "w") as f:
            f.write(desc.replace(old, new))
        line = line_of(old.split("\n")[0])
        rc, out = run(["python3", gen, "--desc", bad, "--out", os.path.join(tmp, "gen-bad")])
        check("generated: a description with %s is rejected with file:line (line %d)" % (what, line),
              rc == 2 and ("bad-desc.yaml:%d: error:" % line) in out and expect in out, out)


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
        rc, out = run([san_run, stim, "-o", os.path.join(tmp, "san.log")])
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
    check("random: %d seeds x %d requests pass in lockstep, no RTL assertion fails" % (RANDOM_SEEDS,
                                                                                     RANDOM_TRANSACTIONS),
          rc == 0 and out.startswith("PASS") and "Assertion failed" not in out, out)
    check("random: the mapping oracle checked most responses", m is not None and
          int(m.group(2)) >= 0.9 * int(m.group(1)), out)
    # The default mix drains the traffic before every register access; the corner profile's accesses under
    # traffic fill the bins of that class.
    cov_corner = os.path.join(BUILD, "test-coverage-corner.txt")
    rc_c, out_c = run([LOCKSTEP, "--seed", "1", "--seeds", "20", "--transactions", str(RANDOM_TRANSACTIONS), "-q",
                       "--no-waves", "--profile", "corner", "--coverage", cov_corner])
    check("random: 20 seeds of the corner profile pass in lockstep", rc_c == 0 and out_c.startswith("PASS"), out_c)
    # The command queue, the device-context cache's invalidation and stale entries: the live agent's bins.
    cov_live = os.path.join(BUILD, "test-coverage-live.txt")
    rc_l, out_l = run([LOCKSTEP, "--seed", "1", "--seeds", "20", "--transactions", "500", "-q", "--no-waves",
                       "--profile", "live-omit", "--coverage", cov_live])
    check("random: 20 seeds of the live-omit profile pass in lockstep", rc_l == 0 and out_l.startswith("PASS"), out_l)
    # Two- and three-level directories with broken non-leaf entries (docs/microarch.md version 4) fill the dir. bins.
    cov_dir = os.path.join(BUILD, "test-coverage-directory.txt")
    rc_d, out_d = run([LOCKSTEP, "--seed", "1", "--seeds", "40", "--transactions", str(RANDOM_TRANSACTIONS), "-q",
                       "--no-waves", "--profile", "directory", "--coverage", cov_dir])
    check("random: 40 seeds of the directory profile (2LVL and 3LVL) pass in lockstep, every response checked "
          "against the mapping oracle", rc_d == 0 and out_d.startswith("PASS") and
          re.search(r"(\d+) requests, .* \1 checked against the mapping oracle", out_d) is not None, out_d)
    # First-stage Sv48 and Sv57 beside Sv39 (docs/microarch.md version 5) fill the mode. bins.
    cov_modes = os.path.join(BUILD, "test-coverage-modes.txt")
    rc_m, out_m = run([LOCKSTEP, "--seed", "1", "--seeds", "20", "--transactions", str(RANDOM_TRANSACTIONS), "-q",
                       "--no-waves", "--profile", "modes", "--coverage", cov_modes])
    check("random: 20 seeds of the modes profile (Sv39, Sv48, Sv57) pass in lockstep, every response checked "
          "against the mapping oracle", rc_m == 0 and out_m.startswith("PASS") and
          re.search(r"(\d+) requests, .* \1 checked against the mapping oracle", out_m) is not None, out_m)
    rc2, report = run(["python3", os.path.join(ROOT, "tools", "coverage_report.py"), cov, cov_corner, cov_live, cov_dir,
                       cov_modes])
    check("random: functional coverage has no holes (tools/coverage_report.py, default, corner, live-omit, directory "
          "and modes profiles)",
          rc2 == 0 and re.search(r"^coverage: (\d+) of \1 bins hit", report, re.M) is not None, report)
    check("coverage: every bin is tied to an item of docs/verification-plan.md",
          re.search(r"^plan: every bin is tied to one of \d+ items of docs/verification-plan.md$", report, re.M)
          is not None, report)
    untied = cov + ".untied"
    with open(untied, "w") as f:
        f.write(read(cov) + "3 bench.some_new_bin\n")
    rc3, report3 = run(["python3", os.path.join(ROOT, "tools", "coverage_report.py"), untied])
    check("coverage: a bin tied to no plan item is an error naming it",
          rc3 == 1 and "error: bin bench.some_new_bin is tied to no item of docs/verification-plan.md" in report3,
          report3)
    # The bins bite: with two stimulus classes switched off, the report lists exactly the bins they fill.
    cov_off = os.path.join(BUILD, "test-coverage-without.txt")
    rc, out = run([LOCKSTEP, "--seed", "1", "--seeds", "100", "--transactions", "1000", "-q", "--no-waves",
                   "--without", "pv0-pid,nonleaf-reserved", "--coverage", cov_off])
    rc2, report = run(["python3", os.path.join(ROOT, "tools", "coverage_report.py"), cov_off])
    holes = set(re.findall(r"^hole: (\S+)", report, re.M))
    expect = {"request.pv0.pid_lines_set", "request.pv0.priv_line_set"} | \
        {"pte.level%d.pointer.%s" % (l, k) for l in (2, 1) for k in ("uad", "rsvd")}
    check("coverage: a stimulus class switched off (--without pv0-pid,nonleaf-reserved) leaves its bins empty",
          rc == 0 and expect <= holes, "missing holes: %s\n%s%s" % (sorted(expect - holes), out, report))
    rc, out = run([LOCKSTEP, "--without", "pv0-pid,bogus"])
    check("bad flag: --without names the unknown stimulus class and the legal ones",
          rc == 2 and "unknown stimulus class 'bogus'" in out and "nonleaf-reserved" in out, out)
    rc, out = run([LOCKSTEP, "--seed", "1000", "--seeds", "3", "--transactions", "300", "--mem-latency", "1",
                   "--ready-percent", "100", "-q", "--no-waves"])
    check("random: no back-pressure, fastest memory",
          rc == 0 and out.startswith("PASS") and "Assertion failed" not in out, out)
    rc, out = run([LOCKSTEP, "--seed", "2000", "--seeds", "3", "--transactions", "300", "--mem-latency", "40",
                   "--ready-percent", "15", "-q", "--no-waves"])
    check("random: heavy back-pressure, slow memory",
          rc == 0 and out.startswith("PASS") and "Assertion failed" not in out, out)


def test_reproducible_and_three_way(tmp):
    logs = []
    for i in range(2):
        log = os.path.join(tmp, "repro%d.log" % i)
        rc, out = run([LOCKSTEP, "--seed", "77", "--transactions", "600", "--log", log, "-q", "--no-waves"])
        logs.append(read(log) if rc == 0 and os.path.exists(log) else None)
    check("reproducible: the same seed gives a bit-identical log twice",
          logs[0] is not None and logs[0] == logs[1] and logs[0].endswith("end\n"),
          "logs differ or a run failed")
    # The waveform of a failing seed is the same file twice (FST headers carry no wall-clock date).
    fsts = []
    for i in range(2):
        waves = os.path.join(tmp, "repro-waves%d" % i)
        run([LOCKSTEP_BUG, "--seed", "3", "--transactions", "400", "-q", "--waves", waves])
        path = os.path.join(waves, "mismatch.fst")
        fsts.append(open(path, "rb").read() if os.path.exists(path) else None)
        if i == 0:
            time.sleep(1.1)  # a date stamp in seconds would differ
    check("reproducible: the same failing seed writes a byte-identical FST twice",
          fsts[0] is not None and fsts[0] == fsts[1], "FST files differ or were not written")
    # A saved stimulus carries the software's expectations (expect=, dtf=): replayed from the file the mapping
    # oracle checks as many responses as in the generated run, and alone (no model) it catches the planted bug.
    saved = os.path.join(tmp, "seed3.stim")
    rc, out = run([LOCKSTEP, "--seed", "3", "--transactions", "400", "-q", "--no-waves", "--save-stim", saved])
    rc2, out2 = run([LOCKSTEP, "--seed", "3", "--stim", saved, "-q", "--no-waves"])
    rc3, out3 = run([LOCKSTEP_BUG, "--seed", "3", "--stim", saved, "--dut", "rtl", "-q", "--no-waves"])
    n1 = re.search(r"(\d+) checked against the mapping oracle", out)
    n2 = re.search(r"(\d+) checked against the mapping oracle", out2)
    check("oracle on a stimulus file: the saved expectations (expect=, dtf=) replay, the oracle checks as many "
          "responses, and it catches the planted bug without the model",
          rc == 0 and rc2 == 0 and n1 is not None and n2 is not None and n1.group(1) == n2.group(1) and
          int(n1.group(1)) > 0 and " expect=ok@0x" in read(saved) and " expect=fault@" in read(saved) and
          rc3 == 1 and "oracle: tag" in out3, out + out2 + out3)
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
    # a stimulus file carries no mapping oracle, so the timing model alone is checked against the arch layer
    rc, out = run([LOCKSTEP, "--stim", stim, "--seed", "5", "--dut", "model", "--check", "transaction", "--log",
                   timing_log, "-q"])
    timing = read(timing_log) if os.path.exists(timing_log) else ""
    check("three-way: the timing model alone, other latencies, gives the same log",
          rc == 0 and logs[0] is not None and timing == logs[0], out + first_difference(logs[0] or "", timing))


# Directed scenarios whose outcome needs a compare-and-swap on the memory port (hardware A/D updates,
# docs/microarch.md version 6), which the example RTL's memory channels do not have (docs/porting.md), each with
# the first thing the transaction check names: the A/D update memory never saw; for ad_races, the software store
# that would have landed at the CAS never lands, so a PTE that software invalidated still translates.
EXAMPLE_NEEDS_CAS = {"hw_ad_updates": ["the A/D update at 0x"],
                     "ad_races": ["response to tag 3 (dma did=0x1 ttyp=read iova=0x40203030, ", "ad_races.stim:61): "
                                  "expected fault cause 13 (arch) actual ok pa=0x80003030 (dut)"]}


def test_example_adapter(tmp):
    """The example of another IOMMU RTL (examples/other_rtl: other request handshake, AXI-style memory
    channels with IDs, 32-bit APB registers) behind its tb/dut_if.h adapter. Its timing differs from
    docs/microarch.md, but iommu_top inside answers in order, so its transaction log must equal the
    functional runner's; every response is checked against the mapping oracle; a memory that is never
    accepted ends in a bounded record naming the memory interface."""
    rc, out = run(["make", "-s", "lint-example"])
    warnings = [l for l in out.splitlines() if l.startswith("%Warning") or l.startswith("%Error")]
    check("example: verilator --lint-only -Wall is clean on examples/other_rtl", rc == 0 and not warnings, out)
    if not os.path.exists(LOCKSTEP_OTHER):
        check("example: %s exists (make example)" % LOCKSTEP_OTHER, False)
        return
    for name, stim, expected in scenarios("directed"):
        if name in EXAMPLE_NEEDS_CAS:
            # The example's AXI-style memory channels carry reads and writes only (no atomic): the hardware A/D
            # update the spec asks for cannot reach memory, and the transaction check must say so.
            rc, out = run([LOCKSTEP_OTHER, "--check", "transaction", "--stim", stim, "--seed", "1", "-q",
                           "--no-waves"])
            check("example: directed %s through the adapter fails, naming the A/D update its memory channels "
                  "cannot carry (no compare-and-swap)" % name,
                  rc == 1 and "MISMATCH (transaction check)" in out and all(e in out for e in EXAMPLE_NEEDS_CAS[name]), out)
            continue
        for seed in (1, 2):
            out_log = os.path.join(tmp, "%s.other%d.log" % (name, seed))
            check_log("example: directed %s through the adapter, transaction level, seed %d" % (name, seed),
                      [LOCKSTEP_OTHER, "--check", "transaction", "--stim", stim, "--seed", str(seed), "--log",
                       out_log, "-q", "--no-waves"], out_log, expected)
    rc, out = run([LOCKSTEP_OTHER, "--check", "transaction", "--seed", "1", "--seeds", "100", "--transactions",
                   str(RANDOM_TRANSACTIONS), "-q", "--no-waves"])
    m = re.search(r"(\d+) requests, .* (\d+) checked against the mapping oracle", out)
    check("example: 100 random seeds pass through the adapter at transaction level, the mapping oracle checking "
          "most responses", rc == 0 and out.startswith("PASS (transaction check)") and m is not None and
          int(m.group(2)) >= 0.9 * int(m.group(1)), out)
    rc, out = run([LOCKSTEP_OTHER, "--seed", "1", "--transactions", "200", "-q", "--no-waves"])
    check("example: its timing is not docs/microarch.md's, so the cycle check fails and names its level",
          rc == 1 and "check: cycle lockstep" in out and re.search(r"^MISMATCH at cycle \d+: ", out, re.M), out)
    rc, out = run([LOCKSTEP_OTHER, "--dut", "rtl", "--seed", "3000", "--seeds", "3", "--transactions", "300",
                   "--mem-latency", "40", "--ready-percent", "15", "-q", "--no-waves"])
    check("example: heavy back-pressure, slow memory", rc == 0 and out.startswith("PASS"), out)
    # Random stimulus: the adapter's log equals the functional runner's on the same stimulus.
    stim = os.path.join(tmp, "other-seed91.stim")
    other_log = os.path.join(tmp, "other-seed91.log")
    rc, out = run([LOCKSTEP_OTHER, "--dut", "rtl", "--seed", "91", "--transactions", "600", "--save-stim", stim,
                   "--log", other_log, "-q", "--no-waves"])
    runner_log = os.path.join(tmp, "other-seed91.runner.log")
    rc2, out2 = run([RUN, stim, "-o", runner_log]) if rc == 0 else (1, "")
    other = read(other_log) if os.path.exists(other_log) else ""
    runner = read(runner_log) if os.path.exists(runner_log) else ""
    check("example: on random stimulus the adapter's log equals the functional runner's",
          rc == 0 and rc2 == 0 and other.endswith("end\n") and other == runner,
          out + out2 + first_difference(runner, other))
    # An RTL that never takes a memory response: the run ends within the bench's idle limit, the record
    # names the memory interface, and the adapter names the channel (R) and the signal held low.
    rc, out = run([LOCKSTEP_OTHER, "--dut", "rtl", "--stim", os.path.join(ROOT, "tests", "directed",
                   "sv39_miss_then_hit.stim"), "--no-waves", "+other_stall_mem"], timeout=60)
    record = [l for l in out.splitlines() if l.startswith("ERROR") or l.startswith("MISMATCH")]
    check("example: a DUT that never takes a memory response ends in a bounded record naming the interface",
          rc == 1 and "FAIL" in out and len(record) == 1 and "memory" in record[0] and
          re.search(r"\b\d+ cycles", record[0]) is not None and "R channel" in out and "mr_ready_o" in out, out)


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
        # As a person sees it: GTKWave on a virtual display opens the layout with the marker at the mismatch and
        # names the engine states through the translate filters the bench wrote; the screenshot is kept.
        shot = os.path.join(BUILD, "test-artifacts", "mismatch.png")
        os.makedirs(os.path.dirname(shot), exist_ok=True)
        rc5, seen = run(["python3", os.path.join(ROOT, "tools", "waves_check.py"), waves, "--png", shot], timeout=120)
        marker5 = re.search(r"^marker: (\d+)$", seen, re.M)
        state5 = re.search(r"^value: TOP\.obs_state_o\[\d+:0\] = (\S+)$", seen, re.M)
        check("planted bug: GTKWave (Xvfb) opens the layout at the mismatch cycle with enum names; screenshot %s"
              % os.path.relpath(shot, ROOT),
              rc5 == 0 and marker5 is not None and int(marker5.group(1)) == 10 * cycle and state5 is not None
              and state5.group(1).startswith("St") and os.path.getsize(shot) > 10000, seen)
        accepted = re.search(r"^  transaction in flight: .*, accepted at cycle (\d+)$", out, re.M)
        marker_a = re.search(r"^marker A: (\d+)$", seen, re.M)
        check("planted bug: GTKWave's named marker A sits where the transaction in flight was accepted",
              accepted is not None and marker_a is not None and int(marker_a.group(1)) == 10 * int(accepted.group(1)),
              seen + out[:1500])
        # docs/microarch.md version 2: the device-context cache is looked up first; the IOTLB only on its hit
        check("planted bug: the history names each memory access in the spec's terms and the cache events",
              re.search(r"^    cycle +\d+  device-context \(DDT entry\) read: 0x[0-9a-f]{16} -> 0x[0-9a-f]{16}$",
                        out, re.M) is not None and
              re.search(r"^    cycle +\d+  PTE read, level [012]: 0x[0-9a-f]{16} -> 0x[0-9a-f]{16}$", out, re.M)
              is not None and re.search(r"^    cycle +\d+  device-context cache lookup: (miss|hit in way \d)$",
                                        out, re.M) is not None and
              re.search(r"^    cycle +\d+  (IOTLB lookup: (miss|hit in way \d)|device-context cache fill: way \d)",
                        out, re.M) is not None,
              out[:3000])
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


def test_cq_planted_bugs(tmp):
    """The command-queue bugs of the `bug` variant, chosen by +bug=NAME (iommu_pkg::bug_e): each must make the
    cycle check fail on tests/rtl/cq_commands.stim, where the correct RTL and +bug=none pass, and each report's
    replay command must repeat the plusarg; an unknown name is refused naming the plusarg."""
    stim = os.path.join(ROOT, "tests", "rtl", "cq_commands.stim")
    rc, out = run([LOCKSTEP, "--stim", stim, "-q"])
    check("cq_commands.stim: the correct RTL passes the cycle check", rc == 0 and "PASS" in out, out)
    rc, out = run([LOCKSTEP_BUG, "--stim", stim, "-q", "+bug=none"])
    check("cq_commands.stim: the bug variant with +bug=none passes", rc == 0 and "PASS" in out, out)
    # What each bug changes first: the invalidation events, the register image, ...
    expect = {
        "iotinval_ignores_pscid": "obs_tlb_inval",
        "inval_ddt_keeps_entry": "obs_ddtc_inval",
        "fence_early": "obs_tlb_inval",
        "cqh_early": "reg_rsp_rdata",
    }
    for name, port in expect.items():
        rc, out = run([LOCKSTEP_BUG, "--stim", stim, "-q", "+bug=" + name])
        m = re.search(r"^MISMATCH at cycle \d+: (\w+) expected", out, re.M)
        check("planted bug %s: the cycle check fails at %s" % (name, port),
              rc == 1 and m is not None and m.group(1) == port, out[:2000])
        check("planted bug %s: the replay command repeats +bug=%s" % (name, name),
              re.search(r"^replay: .* \+bug=%s$" % name, out, re.M) is not None, out[:2000])
    rc, out = run([LOCKSTEP_BUG, "--stim", stim, "-q", "+bug=no_such_bug"])
    check("planted bug selector: an unknown +bug=NAME is refused naming it and the names it knows",
          rc != 0 and "+bug=no_such_bug: unknown planted bug; expected one of none, ignore_write_perm" in out, out[:2000])


def test_msi_planted_bug(tmp):
    """Message-signaled interrupts (docs/microarch.md version 3, section 5.5) on tests/rtl/msi_delivery.stim in
    cycle lockstep: the correct RTL and +bug=none pass; +bug=msi_masked (an MSI sent while its vector is masked)
    fails at req_ready, the first port where a masked pending vector wrongly counts as deliverable in StIdle,
    and the report's replay command repeats the plusarg."""
    stim = os.path.join(ROOT, "tests", "rtl", "msi_delivery.stim")
    rc, out = run([LOCKSTEP, "--stim", stim, "-q", "--no-waves"])
    check("msi_delivery.stim: the correct RTL passes the cycle check", rc == 0 and "PASS" in out, out[:2000])
    # Other memory latencies and back-pressure move the MSI writes against requests, commands and register
    # writes: still equal, cycle by cycle.
    bad = []
    for seed, lat, ready in ((2, 1, 100), (3, 20, 50), (4, 40, 30)):
        rc, out = run([LOCKSTEP, "--stim", stim, "-q", "--no-waves", "--seed", str(seed), "--mem-latency", str(lat),
                       "--ready-percent", str(ready)])
        if rc != 0 or "PASS" not in out:
            bad.append("seed %d latency %d ready %d: %s" % (seed, lat, ready, out[:1500]))
    check("msi_delivery.stim: the correct RTL passes at memory latency 1, 20, 40 and ready 100, 50, 30 %",
          not bad, "\n".join(bad))
    rc, out = run([LOCKSTEP_BUG, "--stim", stim, "-q", "--no-waves", "+bug=none"])
    check("msi_delivery.stim: the bug variant with +bug=none passes", rc == 0 and "PASS" in out, out[:2000])
    rc, out = run([LOCKSTEP_BUG, "--stim", stim, "-q", "--no-waves", "+bug=msi_masked"])
    m = re.search(r"^MISMATCH at cycle \d+: (\w+) expected", out, re.M)
    check("planted bug msi_masked: the cycle check fails at req_ready",
          rc == 1 and m is not None and m.group(1) == "req_ready", out[:2000])
    check("planted bug msi_masked: the replay command repeats +bug=msi_masked",
          re.search(r"^replay: .* \+bug=msi_masked$", out, re.M) is not None, out[:2000])


def test_cq_random(tmp):
    """Random command-queue stimuli (tools/gen_cq_stim.py, 20 seeds of 300 steps) in cycle lockstep: the correct
    RTL passes every one; each command-queue bug of the `bug` variant (+bug=NAME) fails on at least 18 of 20;
    the generator writes the same file for the same seed and refuses a bad flag naming it."""
    gen = os.path.join(ROOT, "tools", "gen_cq_stim.py")
    stims = []
    for seed in range(1, 21):
        rc, text = run(["python3", gen, "--seed", str(seed), "--steps", "300"])
        path = os.path.join(tmp, "cq_random_%d.stim" % seed)
        with open(path, "w") as f:
            f.write(text)
        stims.append(path)
    rc2, again = run(["python3", gen, "--seed", "20", "--steps", "300"])
    check("gen_cq_stim.py: the same seed gives the same stimulus", rc == 0 and rc2 == 0 and again == text, again[:300])
    rc, out = run(["python3", gen, "--seed", "1", "--steps", "0"])
    check("gen_cq_stim.py: a bad flag is refused naming it", rc == 2 and "--steps: expected 1..100000, got 0" in out,
          out)
    bad = []
    for path in stims:
        rc, out = run([LOCKSTEP, "--stim", path, "-q", "--no-waves"])
        if rc != 0 or "PASS" not in out:
            bad.append("%s: %s" % (os.path.basename(path), out[:1500]))
    check("cq random: the correct RTL passes the cycle check on 20 random command-queue stimuli", not bad,
          "\n".join(bad[:3]))
    for name in ("iotinval_ignores_pscid", "inval_ddt_keeps_entry", "fence_early", "cqh_early"):
        caught = 0
        for path in stims:
            rc, out = run([LOCKSTEP_BUG, "--stim", path, "-q", "--no-waves", "+bug=" + name])
            caught += rc == 1 and "MISMATCH" in out
        check("cq random: planted bug %s caught on >= 18 of 20 stimuli (%d)" % (name, caught), caught >= 18)


def test_ddt_levels(tmp):
    """tests/rtl/ddt_levels.stim (the two- and three-level device directory, docs/microarch.md version 4) in
    cycle lockstep with the golden timing model on three latency seeds; its log reaches every cause of the
    directory walk (257, 258, 259, 260, 268) and an illegal IODIR.INVAL_DDT (cmd_ill), and equals the
    functional runner's (the ddtp busy handshake makes the nowait mode switches' outcome independent of
    timing); the transaction-level check passes it too."""
    stim = os.path.join(ROOT, "tests", "rtl", "ddt_levels.stim")
    for seed in (1, 2, 3):
        log = os.path.join(tmp, "ddt_levels_%d.log" % seed)
        rc, out = run([LOCKSTEP, "--stim", stim, "--seed", str(seed), "--log", log, "-q", "--no-waves"])
        check("ddt_levels.stim seed %d: the RTL passes the cycle check" % seed, rc == 0 and "PASS" in out, out)
    rc, ref = run([RUN, stim])
    actual = read(os.path.join(tmp, "ddt_levels_1.log")) if os.path.exists(os.path.join(tmp, "ddt_levels_1.log")) \
        else ""
    check("ddt_levels.stim: the RTL's log equals the functional runner's", rc == 0 and actual == ref,
          first_difference(ref, actual))
    causes = set(re.findall(r"^rsp tag=\d+ fault cause=(\d+)$", actual, re.M))
    check("ddt_levels.stim: faults with causes 257, 258, 259, 260 and 268 (%s)" % ", ".join(sorted(causes)),
          {"257", "258", "259", "260", "268"} <= causes, actual[-2000:])
    check("ddt_levels.stim: an IODIR.INVAL_DDT with a DID too wide for 2LVL sets cmd_ill",
          re.search(r"^poll cqcsr value=0x0*10403$", actual, re.M) is not None, actual[-2000:])
    rc, out = run([LOCKSTEP, "--stim", stim, "--check", "transaction", "-q", "--no-waves"])
    check("ddt_levels.stim: the RTL passes the transaction-level check", rc == 0 and "PASS" in out, out)


def test_ad_updates(tmp):
    """tests/rtl/ad_updates.stim (hardware A/D updates by compare-and-swap, docs/microarch.md version 6) in cycle
    lockstep with the golden timing model on three latency seeds: every memory request (the CAS's address,
    compare value and write data included) and every state (StAdReq/StAdWait) cycle by cycle. Every request
    states its outcome (expect=), worked out by hand from the layout and checked by the mapping oracle: A set at
    Sv39/Sv48/Sv57 levels, D set by a write that hits an IOTLB entry with D = 0 (SADE = 1), page faults with
    SADE = 0, no CAS for leaves that fail another check."""
    stim = os.path.join(ROOT, "tests", "rtl", "ad_updates.stim")
    for seed in (1, 2, 3):
        log = os.path.join(tmp, "ad_updates_%d.log" % seed)
        rc, out = run([LOCKSTEP, "--stim", stim, "--seed", str(seed), "--log", log, "-q", "--no-waves"])
        check("ad_updates.stim seed %d: the RTL passes the cycle check" % seed, rc == 0 and "PASS" in out, out)
        check("ad_updates.stim seed %d: all 41 outcomes as the tables say" % seed,
              "41 requests, 12 faults" in out and "41 checked against the mapping oracle, 0 mismatches" in out
              and "12 fault causes and 12 fault records checked" in out, out)
    actual = read(os.path.join(tmp, "ad_updates_1.log")) if os.path.exists(os.path.join(tmp, "ad_updates_1.log")) \
        else ""
    expected = {
        2: "ok pa=0x0000000001001018",    # a write hits the entry with D = 0: invalidated, walked, D set
        11: "ok pa=0x0000000001201234",   # 2 MiB leaf: A and D in one CAS
        21: "ok pa=0x00000000c0000028",   # the walk after the invalidation reads the moved page's PTE
        26: "ok pa=0x0000008000000123",   # Sv48 level 3
        30: "ok pa=0x0001000000000088",   # Sv57 level 4
        35: "fault cause=15", 37: "fault cause=15",   # SADE = 0: D = 0 on a write, by walk and by IOTLB hit
        15: "fault cause=7", 16: "fault cause=274",   # the PTE read faults before any CAS
    }
    for tag, rsp in sorted(expected.items()):
        line = "rsp tag=%d %s" % (tag, rsp)
        check("ad_updates.stim: %s" % line, re.search("^" + re.escape(line) + "$", actual, re.M) is not None,
              "\n".join(l for l in actual.splitlines() if l.startswith("rsp tag=%d " % tag)))


def test_ad_races(tmp):
    """StAdWait's other ways out (docs/microarch.md 5.1, issue 11). tests/directed/ad_races.stim (also run by
    test_directed and test_transaction_level with its expected log): software's store that lands between the
    walk's read and the CAS (`mem ... cas`) makes the compare fail and the walk read the PTE again, and a mark that
    fails the CAS alone (`memerr ... write`) gives the access fault of the access type or 274. Here: the outcomes
    the tables give, in cycle lockstep on three latency seeds; then random runs with the knobs cas_race_percent
    and cas_memerr_percent on (profile modes) at both levels and through --reorder, which must reach both
    branches; and a generated stimulus with both forms written back by --save-stim replays to the same log."""
    stim = os.path.join(ROOT, "tests", "directed", "ad_races.stim")
    for seed in (1, 2, 3):
        log = os.path.join(tmp, "ad_races_%d.log" % seed)
        rc, out = run([LOCKSTEP, "--stim", stim, "--seed", str(seed), "--log", log, "-q", "--no-waves"])
        check("ad_races.stim seed %d: the RTL passes the cycle check, every outcome as the tables say" % seed,
              rc == 0 and "PASS" in out and "12 checked against the mapping oracle, 0 mismatches" in out and
              "7 fault causes and 7 fault records checked" in out, out)
    actual = read(os.path.join(tmp, "ad_races_1.log")) if os.path.exists(os.path.join(tmp, "ad_races_1.log")) else ""
    expected = [
        # the compare fails (old differs from cmp, nothing stored), the PTE is read again and updated
        "memcas addr=0x0000000000202008 cmp=0x0000000020000417 data=0x0000000020000457 old=0x0000000020000517 status=ok",
        "memcas addr=0x0000000000202008 cmp=0x0000000020000517 data=0x0000000020000557 old=0x0000000020000517 status=ok",
        "rsp tag=1 ok pa=0x0000000080001010",
        "rsp tag=2 ok pa=0x0000000080002020",     # software set A and D itself: no second CAS
        "rsp tag=3 fault cause=13",               # software cleared V
        "rsp tag=4 fault cause=15",               # software cleared W
        "memcas addr=0x0000000000202048 cmp=0x0000000020002717 data=0x00000000200027d7 old=0x0000000020002717 status=ok",
        "rsp tag=6 ok pa=0x0000000080212345",     # the 2 MiB leaf, read again at level 1
        "memcas addr=0x0000000000202028 cmp=0x0000000020001417 data=0x0000000020001457 old=0x0000000000000000 "
        "status=access",
        "rsp tag=7 fault cause=5", "rsp tag=8 fault cause=274", "rsp tag=9 fault cause=1",
        "rsp tag=10 ok pa=0x0000000080008080",    # the mark spares reads
        "rsp tag=11 fault cause=7", "rsp tag=12 fault cause=5",
    ]
    for line in expected:
        check("ad_races.stim: %s" % line, re.search("^" + re.escape(line) + "$", actual, re.M) is not None, actual)
    cov = os.path.join(tmp, "ad_races.cov")
    knobs = ["--profile", "modes", "--knob", "cas_race_percent=60", "--knob", "cas_memerr_percent=30"]
    rc, out = run([LOCKSTEP, "--seed", "1", "--seeds", "20", "-q", "--no-waves", "--coverage", cov] + knobs)
    bins = dict((l.split()[1], int(l.split()[0])) for l in read(cov).splitlines() if len(l.split()) == 2) \
        if os.path.exists(cov) else {}
    check("random, knobs cas_race_percent and cas_memerr_percent on: 20 seeds pass in lockstep, every response checked "
          "against the mapping oracle", rc == 0 and out.startswith("PASS") and
          re.search(r"(\d+) requests, .* \1 checked against the mapping oracle", out) is not None, out)
    check("random: the compare fails and the PTE is read again (engine.AdWait->PteReq), a store that clears V lands "
          "(ad.race.clears_v: the second read page-faults), the CAS faults (engine.AdWait->Fault), and access faults "
          "1, 5, 7 and 274 are reached",
          bins.get("engine.AdWait->PteReq", 0) > 0 and bins.get("engine.AdWait->Fault", 0) > 0 and
          bins.get("ad.race.clears_v", 0) > 0 and
          all(re.search(r" %d:\d+" % c, out) for c in (1, 5, 7, 274)), str(bins) + out)
    for extra in ([], ["--reorder"]):
        rc, out = run([LOCKSTEP, "--check", "transaction", "--seed", "1", "--seeds", "20", "-q", "--no-waves"] +
                      knobs + extra)
        check("random, knobs on: 20 seeds pass at transaction level%s" % (" through --reorder" if extra else ""),
              rc == 0 and out.startswith("PASS (transaction check)"), out)
    never = os.path.join(tmp, "never.stim")
    with open(never, "w") as f:
        f.write("iommu-stim 1\nmem 0x1000 0x5 cas\n")
    rc, out = run([RUN, never, "-o", os.path.join(tmp, "never.log")])
    check("functional runner: a `mem ... cas` store that never landed is noted (it tested no race)",
          rc == 0 and "note: 1 store(s) of `mem ADDR DATA cas` never landed" in out, out)
    rc, out = run([RUN, stim, "-o", os.path.join(tmp, "ad_races.run.log")])
    check("functional runner: every store of ad_races.stim lands (no note)", rc == 0 and "never landed" not in out, out)
    saved, log1, log2 = (os.path.join(tmp, n) for n in ("races.stim", "races.log", "races.replay.log"))
    rc, out = run([LOCKSTEP, "--seed", "3", "-q", "--no-waves", "--save-stim", saved, "--log", log1] + knobs)
    rc2, out2 = run([LOCKSTEP, "--seed", "3", "--stim", saved, "-q", "--no-waves", "--log", log2])
    text = read(saved) if os.path.exists(saved) else ""
    check("random: the generated races and write-only marks are written into the stimulus (mem ... cas, memerr ... "
          "write) and replay to the same log", rc == 0 and rc2 == 0 and
          re.search(r"^mem 0x[0-9a-f]+ 0x[0-9a-f]+ cas$", text, re.M) is not None and
          re.search(r"^memerr 0x[0-9a-f]+ (access|corrupt) write$", text, re.M) is not None and
          os.path.exists(log1) and os.path.exists(log2) and read(log1) == read(log2), out + out2)


def test_process_dir(tmp):
    """tests/rtl/process_dir.stim (the process directory and the extended device-context format of
    config/rtl_max.cfg, docs/microarch.md version 7) on build/iommu-lockstep-max in cycle lockstep with the golden
    timing model on three latency seeds, every request's outcome stated (expect=) and checked by the mapping
    oracle. Its log equals the functional runner's except for the four requests that met a process context the
    PC cache still held after software changed it (stale outcomes the spec allows until the invalidation),
    which show that IODIR.INVAL_PDT / INVAL_DDT drop exactly what they should. The base bench refuses it."""
    stim = os.path.join(ROOT, "tests", "rtl", "process_dir.stim")
    for seed in (1, 2, 3):
        log = os.path.join(tmp, "process_dir_%d.log" % seed)
        rc, out = run([LOCKSTEP_MAX, "--stim", stim, "--seed", str(seed), "--log", log, "-q", "--no-waves"])
        check("process_dir.stim seed %d: the RTL of config/rtl_max.cfg passes the cycle check" % seed,
              rc == 0 and "PASS" in out, out)
        check("process_dir.stim seed %d: all 99 outcomes as the tables say, 4 of them a PC the cache still held"
              % seed, "99 requests, 46 faults" in out and "99 checked against the mapping oracle, 0 mismatches" in out
              and "99 of 99 responses checked against the golden timing model" in out and
              "46 fault causes and 46 fault records checked" in out and
              "4 responses gave the older outcome" in out, out)
    actual = read(os.path.join(tmp, "process_dir_1.log")) if os.path.exists(os.path.join(tmp, "process_dir_1.log")) \
        else ""
    causes = set(re.findall(r"^rsp tag=\d+ fault cause=(\d+)$", actual, re.M))
    want = {"12", "13", "259", "260", "265", "266", "267", "269"}
    check("process_dir.stim: faults with causes %s (%s)" % (", ".join(sorted(want)), ", ".join(sorted(causes))),
          want <= causes, actual[-2000:])
    rc, ref = run([RUN, stim])
    stale = {76: "0x0000000080000310", 78: "0x0000000080000320", 79: "0x0000000080000328",
             81: "0x0000000040000338"}
    diff = [(a, b) for a, b in zip(ref.splitlines(), actual.splitlines()) if a != b]
    check("process_dir.stim: the RTL's log is the functional runner's but for the 4 stale PC-cache outcomes",
          rc == 0 and len(ref.splitlines()) == len(actual.splitlines()) and
          sorted(int(re.match(r"rsp tag=(\d+)", b).group(1)) for _, b in diff if re.match(r"rsp tag=\d+", b))
          == sorted(stale) and len(diff) == len(stale) and
          all(("rsp tag=%d ok pa=%s" % (t, pa)) in actual for t, pa in stale.items()), "\n".join(map(str, diff)))
    for tag, rsp in ((77, "ok pa=0x0000000040000318"), (80, "ok pa=0x0000000040000330"),
                     (82, "ok pa=0x0000000080000340"), (83, "fault cause=260")):
        line = "rsp tag=%d %s" % (tag, rsp)
        check("process_dir.stim: after the invalidation, %s" % line,
              re.search("^" + re.escape(line) + "$", actual, re.M) is not None, actual[-3000:])
    rc, out = run([LOCKSTEP, "--stim", stim, "-q", "--no-waves"])
    check("process_dir.stim: the bench of config/rtl.cfg refuses it, naming the stimulus line and both files",
          rc == 2 and "process_dir.stim:2:" in out and "rtl_max.cfg" in out and "config/rtl.cfg" in out, out)


def test_two_stage(tmp):
    """tests/rtl/two_stage.stim (the second stage and MSI translation of config/rtl_max.cfg, docs/microarch.md
    version 8) on build/iommu-lockstep-max in cycle lockstep with the golden timing model on three latency seeds,
    every request's outcome but the three MRIF ones stated (expect=, iotval2= for guest-page faults) and checked by the
    mapping oracle; its log equals the functional runner's (the spec-level model), MRIF response included. The
    IOTLB hit count pins the invalidation sequence (IOTINVAL.VMA GV = 1 and IOTINVAL.GVMA) and the G-bit-lacking
    hit; the base bench refuses the stimulus."""
    stim = os.path.join(ROOT, "tests", "rtl", "two_stage.stim")
    for seed in (1, 2, 3):
        log = os.path.join(tmp, "two_stage_%d.log" % seed)
        rc, out = run([LOCKSTEP_MAX, "--stim", stim, "--seed", str(seed), "--log", log, "-q", "--no-waves"])
        check("two_stage.stim seed %d: the RTL of config/rtl_max.cfg passes the cycle check" % seed,
              rc == 0 and "PASS" in out, out)
        check("two_stage.stim seed %d: 91 requests, 46 faults, 88 outcomes as the tables say, IOTLB 13/50 hits"
              % seed, "91 requests, 46 faults" in out and "IOTLB 13/50 hits" in out and
              "88 checked against the mapping oracle, 0 mismatches" in out and
              "91 of 91 responses checked against the golden timing model" in out and
              "46 fault causes and 46 fault records checked" in out, out)
    actual = read(os.path.join(tmp, "two_stage_1.log")) if os.path.exists(os.path.join(tmp, "two_stage_1.log")) \
        else ""
    causes = set(re.findall(r"^rsp tag=\d+ fault cause=(\d+)$", actual, re.M))
    want = {"1", "5", "7", "13", "20", "21", "23", "259", "261", "262", "263", "265", "269", "270", "274"}
    check("two_stage.stim: faults with causes %s (%s)" % (", ".join(sorted(want)), ", ".join(sorted(causes))),
          want <= causes, actual[-2000:])
    check("two_stage.stim: the MRIF-mode MSI response carries the MRIF address and the notice MSI",
          "rsp tag=14 mrif addr=0x00000000b0000200 notice=0x00000000c0000000 nid=0x0000000000000005" in actual,
          actual[-3000:])
    rc, ref = run([RUN, stim])
    check("two_stage.stim: the RTL's log is the functional runner's", rc == 0 and ref == actual and ref != "",
          "\n".join(l for l in difflib.unified_diff(ref.splitlines(), actual.splitlines(), lineterm=""))[:3000])
    rc, out = run([LOCKSTEP, "--stim", stim, "-q", "--no-waves"])
    check("two_stage.stim: the bench of config/rtl.cfg refuses it, naming the stimulus line and both files",
          rc == 2 and "two_stage.stim:2:" in out and "rtl_max.cfg" in out and "config/rtl.cfg" in out, out)


def test_ats(tmp):
    """tests/rtl/ats.stim (ATS of config/rtl_max.cfg, docs/microarch.md version 11, section 5.9) on
    build/iommu-lockstep-max in cycle lockstep with the golden timing model on three latency seeds (the bench drives
    pgr_*, icpl_*, ats_timeout_i from the pgreq/invcpl/atstimeout lines and logs rsp_ats_* and msg_*); its log equals
    the functional runner's. The runner's log holds the completions, records and messages worked out by hand from the
    tables: ATS Success with 4 KiB / 2 MiB / 1 GiB ranges (2 MiB for a Bare stage), W only with D = 1 in every stage,
    G and Priv with a PASID, the T2GPA GPA, MSI flat (4 KiB), MRIF (U = 1), the virtual-interrupt-file reduction (1 MiB,
    16 KiB), Success without access, UR and CA; translated requests; page-request records, the IOMMU's own responses
    (Response Failure, Invalid Request, Success on overflow, PASID with PRPR), pip on a wire and as an MSI; ATS.INVAL
    ITags 0..31 and the 33rd reusing ITag 0, ATS.PRGR, IOFENCE.C after completions and cmd_to after the timeout."""
    stim = os.path.join(ROOT, "tests", "rtl", "ats.stim")
    rc, ref = run([RUN, stim])
    check("ats.stim: the functional runner runs it", rc == 0 and ref.endswith("end\n"), ref[-2000:])
    ok = lambda tag, pa, size, r=1, w=1, u=0, g=0, priv=0: (
        "ats tag=%d status=success pa=0x%016x size=0x%x r=%d w=%d x=0 u=%d g=%d priv=%d n=0 ama=0"
        % (tag, pa, size, r, w, u, g, priv))
    none = lambda tag, priv=0: ok(tag, 0, 0x1000, 0, 0, 0, 0, priv)
    want = [ok(1, 0x81001000, 0x1000), ok(2, 0x81002000, 0x1000, w=0), ok(3, 0x81003000, 0x1000, w=0),
            ok(4, 0x80200000, 0x200000), ok(5, 0xc0000000, 0x200000), none(6), none(7), none(8),
            "ats tag=9 status=ca", "ats tag=10 status=ca", ok(11, 0x81006000, 0x1000), none(12),
            "ats tag=14 status=ur", ok(20, 0x81007000, 0x1000, g=1, priv=1), ok(21, 0x81006000, 0x1000, g=1),
            none(22, priv=1), none(23), "ats tag=24 status=ur", ok(30, 0x80000000, 0x40000000),
            ok(31, 0x80005000, 0x1000), ok(32, 0xc0002000, 0x1000, w=0), none(33), ok(34, 0x5000, 0x1000),
            ok(35, 0, 0x40000000), ok(40, 0xa0000000, 0x1000), ok(41, 0, 0x1000, u=1), none(42),
            "ats tag=43 status=ca", ok(44, 0x87100000, 0x100000), ok(45, 0x87004000, 0x4000),
            ok(46, 0x87200000, 0x200000), ok(47, 0x12200000, 0x200000),
            "rsp tag=50 ok pa=0x0000000012345678", "rsp tag=52 ok pa=0x0000000080005000",
            "rsp tag=54 fault cause=23", "rsp tag=55 fault cause=260", "ats tag=60 status=ur",
            "ats tag=64 status=ur", "ats tag=70 status=ur", "ats tag=73 status=ur",
            # page requests: the response before the queue is on, records, responses after faults and overflow
            "msg did=7 type=prgr payload=0x0000f00100000000 pid=5",
            "memwr addr=0x0000000000700020 data=0x0000030700005000 status=ok",    # PID 5, PV, PRIV, EXEC
            "memwr addr=0x0000000000700028 data=0x000000000000301d status=ok",    # 0x3000, PRGI 3, L, R
            "memwr addr=0x0000000000700038 data=0x0000000000000024 status=ok",    # Stop Marker: no response
            "memwr addr=0x0000000000300190 data=0x0000000000000004 status=ok",    # TTYP 9: iotval = 4
            "msg did=2 type=prgr payload=0x0000100500000000",                     # 260: Invalid Request
            "msg did=32 type=prgr payload=0x0000f00700000000",                    # 258: Response Failure
            "msg did=7 type=prgr payload=0x0000000d00000000",                     # overflow: Success
            "msg did=7 type=prgr payload=0x0000000e00000000 pid=5",               # PRPR = 1
            "msg did=1 type=prgr payload=0x0000000f00000000",                     # PRPR = 0
            "memwr addr=0x0000000000700070 data=0x0000070100005000 status=access",
            "msg did=7 type=prgr payload=0x0000f01100000000 pid=5",               # pqmf: Response Failure
            "msg did=1 type=prgr payload=0x0000f01800000000",                     # L, R = W = 0, no PASID
            "irq vec=3 level=1", "irq vec=3 level=0",
            "memwr addr=0x0000000000800000 data=0x0000000000003333 size=4 status=ok",   # pip as an MSI
            # ATS commands
            "msg did=1 type=inval itag=0 payload=0x0000000000001000",
            "msg did=7 type=prgr payload=0x0001000200000000 pid=5",
            "msg did=1193046 type=inval itag=1 payload=0xfffff000fffff801 pid=9",
            "msg did=17 type=inval itag=31 payload=0x000000000001f000",
            "msg did=16 type=inval itag=0 payload=0x0000000000020000",           # the 33rd, after ITag 0 is free
            "read cqh value=0x0000000000000003",                                   # the fence waits for ITag 1
            "memwr addr=0x0000000000200f00 data=0x0000000000000022 size=4 status=ok",
            "poll cqcsr value=0x0000000000010201",                                # cmd_to
            "read cqh value=0x0000000000000027",
            "memwr addr=0x0000000000200f00 data=0x0000000000000033 size=4 status=ok",
            "memwr addr=0x0000000000200f00 data=0x0000000000000044 size=4 status=ok"]
    for line in want:
        check("ats.stim: the functional runner's log has '%s'" % line, line in ref, ref[-3000:])
    check("ats.stim: no response to a Stop Marker (PRGI 4 queued, PRGI 23 with the queue off)",
          "payload=0x0000f01700000000" not in ref and "payload=0x0000000400000000" not in ref and
          "payload=0x0000f00400000000" not in ref, ref[-3000:])
    check("ats.stim: 32 invalidations before the 33rd waits, and it goes out after the completion of ITag 0",
          ref.split("poll cqh value=0x0000000000000024")[0].count("type=inval") == 34 and
          ref.index("msg did=16 type=inval itag=0 payload=0x0000000000020000") >
          ref.index("poll cqh value=0x0000000000000024"), ref[-4000:])
    for seed in (1, 2, 3):
        log = os.path.join(tmp, "ats_%d.log" % seed)
        rc, out = run([LOCKSTEP_MAX, "--stim", stim, "--seed", str(seed), "--log", log, "-q", "--no-waves"])
        check("ats.stim seed %d: the RTL of config/rtl_max.cfg passes the cycle check" % seed,
              rc == 0 and "PASS (cycle check)" in out and "50 requests, 15 faults" in out and
              "50 of 50 responses checked against the golden timing model" in out, out)
        actual = read(log) if os.path.exists(log) else ""
        check("ats.stim seed %d: the RTL's log is the functional runner's" % seed, actual == ref and ref != "",
              "\n".join(l for l in difflib.unified_diff(ref.splitlines(), actual.splitlines(), lineterm=""))[:3000])


def test_hpm_debug(tmp):
    """tests/rtl/hpm_debug.stim (the performance monitor, debug translations and QoS IDs of config/rtl_max.cfg,
    docs/microarch.md version 9, section 5.7) on build/iommu-lockstep-max, three latency seeds, in cycle lockstep
    with the golden timing model and checked by the mapping oracle;
    the RTL's log (every register read: counters, OF, iocountovf, pmip, tr_response, iommu_qosid; the pmip MSIs)
    equals the functional runner's."""
    stim = os.path.join(ROOT, "tests", "rtl", "hpm_debug.stim")
    rc, ref = run([RUN, stim])
    check("hpm_debug.stim: the functional runner runs it", rc == 0 and "end" in ref, ref[-2000:])
    for seed in (1, 2, 3):
        log = os.path.join(tmp, "hpm_debug_%d.log" % seed)
        rc, out = run([LOCKSTEP_MAX, "--stim", stim, "--seed", str(seed), "--log", log, "-q", "--no-waves"])
        check("hpm_debug.stim seed %d: the RTL of config/rtl_max.cfg passes the cycle check" % seed,
              rc == 0 and "PASS (cycle check)" in out and
              "17 checked against the mapping oracle, 0 mismatches" in out and
              "17 of 17 responses checked against the golden timing model" in out, out)
        actual = read(log) if os.path.exists(log) else ""
        # The functional runner sends the pmip MSI when the wrapping request is accepted; the engine sends it
        # in the StIdle after that request's response (section 5.1): the same log up to that order.
        msi = "memwr addr=0x0000000000600000 data=0x0000000000003333 size=4 status=ok"
        # From the first iohpmcycles read on the values are cycle-exact (the functional runner has no clock): the
        # lockstep checks them; the runner's log is compared up to there.
        strip = lambda t: [l for l in t.split("read iohpmcycles")[0].splitlines() if l != msi]
        check("hpm_debug.stim seed %d: the RTL's log is the functional runner's (the pmip MSIs after the response "
              "of the request that wrapped the counter) up to the iohpmcycles part" % seed,
              strip(actual) == strip(ref) and actual.count(msi) == 3 and ref.count(msi) == 2 and
              actual.find(msi) > actual.find("rsp tag=12 ok") > 0 and
              actual.rfind(msi) > actual.find("rsp tag=14 ok") > 0,
              "\n".join("%s | %s" % d for d in zip(ref.splitlines(), actual.splitlines()) if d[0] != d[1])[:3000])
    for line in ("read iohpmevt1 value=0x0000000000000000",      # eventID 4 and 0x7fff store 0
                 "read iohpmevt1 value=0xffffffffffff8003",
                 "read iommu_qosid value=0x00000000000f000f",   # 4-bit RCID and MCID
                 "read iohpmctr1 value=0x0000000000000008",     # 8 untranslated requests
                 "read iohpmctr3 value=0x0000000000000001",     # one ATS request
                 "read iohpmctr4 value=0x0000000000000004",     # DV: did 1 only
                 "read iohpmctr5 value=0x0000000000000006",     # DV + DMASK: did 0..3
                 "read iohpmctr6 value=0x0000000000000001",     # PV: pid 7 with a process_id
                 "read iohpmctr7 value=0x0000000000000000",     # IDT = 1
                 "read iohpmctr8 value=0x0000000000000000",     # inhibited
                 "read iohpmevt1 value=0x8000000000000001",     # OF after the wrap
                 "read iocountovf value=0x0000000080000002",
                 "read ipsr value=0x0000000000000004",           # pmip
                 "memwr addr=0x0000000000600000 data=0x0000000000003333 size=4 status=ok",
                 "read tr_response value=0x0000000020000000",   # debug write/read of 0x40000000
                 "read tr_response value=0x0000000020000c00",   # debug execute of 0x40003000
                 "read tr_response value=0x0000000000000001",   # a debug fault
                 "read iohpmctr4 value=0x000000000000000d"):    # debug requests counted as event 1
        check("hpm_debug.stim: the log has '%s'" % line, line in ref, ref[-3000:])
    check("hpm_debug.stim: two pmip MSIs (the first wrap, and after software cleared pmip; none for a wrap while "
          "pmip is 1)", ref.count("memwr addr=0x0000000000600000") == 2, ref)
    for line in ("read iohpmevt1 value=0x0000000000000000\nrsp tag=20",     # eventID 0x4001 stores 0
                 "rsp tag=20 fault cause=260\nread iohpmctr6 value=0x0000000000000000",   # PV: pid 0x80007 only
                 "rsp tag=21 fault cause=260\nread iohpmctr6 value=0x0000000000000001",
                 "read iohpmctr1 value=0x0000000000000000\nread ipsr value=0x0000000000000000"):  # OF was 1
        check("hpm_debug.stim: the log has '%s'" % line.replace("\n", " / "), line in ref, ref[-3000:])
    rtl = read(os.path.join(tmp, "hpm_debug_1.log")) if os.path.exists(os.path.join(tmp, "hpm_debug_1.log")) else ""
    cyc = [int(v, 16) for v in re.findall(r"^read iohpmcycles value=0x([0-9a-f]+)$", rtl, re.M)]
    check("hpm_debug.stim: iohpmcycles counts, takes a 4-byte write of its low half, stops while iocountinh.CY = 1, "
          "and overflows into OF (iocountovf bit 0, pmip, a third MSI)",
          len(cyc) == 7 and cyc[0] < cyc[1] and 0x100 <= cyc[2] < 0x110 and cyc[3] == cyc[4] > cyc[2] and
          cyc[5] >> 63 == 1 and cyc[6] >> 63 == 1 and "read iocountovf value=0x0000000000000001" in rtl and
          rtl.split("read iohpmcycles")[-1].count("read ipsr value=0x0000000000000004") == 1, rtl[-1500:])


def test_formats(tmp):
    """tests/rtl/formats.stim (docs/microarch.md version 10, sections 3, 5.4, 5.8, 6.6; config/rtl_max.cfg) on
    build/iommu-lockstep-max in cycle lockstep with the golden timing model on three latency seeds: Sv32 and
    Sv32x4 walks, SXL = 1 GPA widths, the version 10 checks (259, 267), Svnapot in both stages, Svpbmt (rsp_pbmt,
    tr_response.PBMT), Svrsw60t59b, 4-byte A/D updates as 8-byte compare-and-swaps with races, NL/S invalidations
    (the IOTLB hit count pins which ones dropped the cached 4 MiB entry), big-endian structures of every kind and
    the cqb/fqb LOG2SZ WARL. Its log equals the functional runner's (the spec-level model) except that the engine
    sends the fault MSI after the response (section 5.1); the base bench refuses it."""
    stim = os.path.join(ROOT, "tests", "rtl", "formats.stim")
    rc, ref = run([RUN, stim])
    check("formats.stim: the functional runner runs it", rc == 0 and ref.endswith("end\n"), ref[-2000:])
    msi = "memwr addr=0x00000000a0003004 data=0x0000000044332211 size=4 status=ok"
    for seed in (1, 2, 3):
        log = os.path.join(tmp, "formats_%d.log" % seed)
        rc, out = run([LOCKSTEP_MAX, "--stim", stim, "--seed", str(seed), "--log", log, "-q", "--no-waves"])
        check("formats.stim seed %d: the RTL of config/rtl_max.cfg passes the cycle check, 59 requests, 20 faults, "
              "IOTLB 10/44 hits" % seed, rc == 0 and "PASS (cycle check)" in out and "59 requests, 20 faults" in out
              and "IOTLB 10/44 hits" in out and "59 of 59 responses checked against the golden timing model" in out,
              out)
        actual = read(log) if os.path.exists(log) else ""
        strip = lambda t: [l for l in t.splitlines() if l != msi]
        check("formats.stim seed %d: the RTL's log is the functional runner's (the big-endian MSI after the "
              "response of the fault that raised it)" % seed,
              ref != "" and strip(actual) == strip(ref) and actual.count(msi) == 1 and ref.count(msi) == 1 and
              actual.find(msi) > actual.find("rsp tag=53 fault cause=21") > 0,
              "\n".join(l for l in difflib.unified_diff(strip(ref), strip(actual), lineterm=""))[:3000])
    actual = read(os.path.join(tmp, "formats_1.log")) if os.path.exists(os.path.join(tmp, "formats_1.log")) else ""
    causes = set(re.findall(r"^rsp tag=\d+ fault cause=(\d+)$", actual, re.M))
    want = {"12", "13", "15", "21", "259", "267"}
    check("formats.stim: faults with causes %s (%s)" % (", ".join(sorted(want)), ", ".join(sorted(causes))),
          want <= causes, actual[-2000:])
    for line, what in (
            ("read cqb value=0x0000000000000013", "cqb.LOG2SZ-1 31 is stored as 19 (cq.log2sz_max = 20)"),
            ("read fqb value=0x0000000000000013", "fqb.LOG2SZ-1 26 is stored as 19"),
            ("read fqb value=0x0000000000000005", "fqb.LOG2SZ-1 5 is kept"),
            ("read fctl value=0x0000000000000005", "fctl.BE and fctl.GXL are writable"),
            ("rsp tag=1 ok pa=0x00000000803fff00", "an IOTLB hit in an Sv32 4 MiB page"),
            ("rsp tag=17 fault cause=13", "IOVA bit 32 set under Sv32"),
            ("memcas addr=0x0000000000200008 cmp=0x2010001f200004df data=0x201000df200004df "
             "old=0x2010001f200004df status=ok", "the A/D update of a 4-byte PTE in the high half: an 8-byte CAS"),
            ("memcas addr=0x0000000000201010 cmp=0x240014df24001017 data=0x240014df240010d7 "
             "old=0x2400145f24001017 status=ok", "a CAS that fails on the other half of the doubleword"),
            ("memcas addr=0x0000000000201010 cmp=0x2400145f24001017 data=0x2400145f240010d7 "
             "old=0x2400145f24001017 status=ok", "the CAS after the re-read"),
            ("memcas addr=0x0000000000212030 cmp=0x1718002800000000 data=0xd718002800000000 "
             "old=0x1718002800000000 status=ok", "a big-endian 8-byte CAS (tc.SBE = 1)"),
            ("memcas addr=0x0000000000221000 cmp=0x17048026df008026 data=0xd7048026df008026 "
             "old=0x17048026df008026 status=ok", "a big-endian 4-byte CAS in the high half"),
            ("memcas addr=0x0000000000414900 cmp=0x17440900d7400900 data=0x57440900d7400900 "
             "old=0x17440900d7400900 status=ok", "a big-endian Sv32x4 G-stage A update"),
            ("rsp tag=20 ok pa=0x00000000a0001010 pbmt=2", "PBMT 2 on the response"),
            ("rsp tag=27 ok pa=0x00000000a001e010", "an IOTLB hit in a 64 KiB NAPOT page"),
            ("read tr_response value=0x0000000028000500", "tr_response.PBMT 2 (first stage)"),
            ("read tr_response value=0x000000002c004d00", "tr_response.PBMT 2 (the G-leaf's)"),
            ("read tr_response value=0x000000002c005080", "tr_response.PBMT 1 (the first stage's over the G's)"),
            ("rsp tag=36 fault cause=21", "SXL = 1: a GPA bit above 33 over Sv39x4"),
            ("rsp tag=50 ok pa=0x000000008c000abc", "Sv32x4 with a GPA bit 32"),
            ("memwr addr=0x0000000000320000 data=0x1500000008020000 status=ok", "a big-endian fault record"),
            ("memwr addr=0x0000000000500004 data=0x000000000df0feca size=4 status=ok", "big-endian IOFENCE.C data"),
            ("rsp tag=57 ok pa=0x00000000a5000004", "a big-endian MSI PTE")):
        check("formats.stim: %s (%s)" % (what, line), re.search("^" + re.escape(line) + "$", actual, re.M) is not None,
              actual[-3000:])
    rc, out = run([LOCKSTEP, "--stim", stim, "-q", "--no-waves"])
    check("formats.stim: the bench of config/rtl.cfg refuses it, naming the stimulus line and both files",
          rc == 2 and "formats.stim:2:" in out and "rtl_max.cfg" in out and "config/rtl.cfg" in out, out)


def test_version10(tmp):
    """Version 10 (docs/microarch.md 5.8, 6.6) on the timing model before an RTL builds it: the version 10
    scenarios of tests/spec (Sv32, Sv32x4 and SXL GPA widths, Svnapot, Svpbmt, NL/S commands, big-endian
    structures of every kind but the page-request queue) run with the timing model as the DUT
    (build/iommu-lockstep-model10, tests/randgen/rtl_max_v10.cfg) at transaction level against the arch layer,
    and the bench's transaction log equals the functional runner's in the same configuration (pbmt=N included);
    a report's history names rsp_pbmt."""
    model10 = os.path.join(BUILD, "iommu-lockstep-model10")
    cfg = os.path.join("tests", "randgen", "rtl_max_v10.cfg")
    for name in ("sv32", "sxl_gpa_width", "svnapot", "svpbmt", "cq_extensions", "big_endian"):
        lines = read(os.path.join(ROOT, "tests", "spec", name + ".stim")).splitlines()
        # the scenario states config/full.cfg or full_be.cfg; big_endian's page-request queue is left out (no PQ)
        lines = [l for l in lines if not l.startswith("config ") and not re.search(r"pqb|pqcsr|pgreq|dw0 PID 3|dw1 R \| L", l)]
        stim = os.path.join(tmp, "v10_%s.stim" % name)
        with open(stim, "w") as f:
            f.write("\n".join(lines) + "\n")
        want_log, got_log = os.path.join(tmp, "v10_%s.run.log" % name), os.path.join(tmp, "v10_%s.tm.log" % name)
        rc1, out1 = run([os.path.join(BUILD, "iommu-run"), "--config", cfg, stim, "-o", want_log])
        rc2, out2 = run([model10, "--stim", stim, "--dut", "model", "--check", "transaction", "--seed", "1",
                         "--log", got_log, "-q", "--no-waves"], timeout=300)
        same = os.path.exists(want_log) and os.path.exists(got_log) and read(want_log) == read(got_log)
        check("version 10: tests/spec/%s.stim on the timing model (transaction check vs the arch layer), log equal "
              "to the functional runner's" % name, rc1 == 0 and rc2 == 0 and "PASS (transaction check)" in out2 and same,
              out1[-1000:] + out2[-2000:])
    log = read(os.path.join(tmp, "v10_svpbmt.tm.log")) if os.path.exists(os.path.join(tmp, "v10_svpbmt.tm.log")) else ""
    check("version 10: the transaction log shows the responses' PBMT (pbmt=1 NC, pbmt=2 IO) and no key for 0",
          "rsp tag=1 ok pa=0x0000000080001100 pbmt=1\n" in log and "rsp tag=2 ok pa=0x0000000080002200 pbmt=2\n" in log
          and "rsp tag=4 ok pa=0x0000000080004400\n" in log, log)
    # a run stopped right after the first response (handshaken at cycle 85 with this build, before the next request
    # is accepted and the history restarts) names it
    rc, out = run([model10, "--stim", os.path.join(tmp, "v10_svpbmt.stim"), "--dut", "model", "--check", "transaction",
                   "--seed", "1", "--no-waves", "--max-cycles", "85"], timeout=300)
    check("version 10: the history names rsp_pbmt of a response", rc != 0 and
          re.search(r"response tag=1 ok cause=0 pa=0x80001100 rsp_pbmt=1 \(NC\)", out) is not None, out[-3000:])


def test_rtl_config(tmp):
    """tools/gen_rtl_cfg.py (docs/microarch.md section 3.1): the packages of config/rtl.cfg and config/rtl_max.cfg
    carry their capabilities; the keys of version 10 (Sv32, Sv32x4 with fctl.GXL writable, Svpbmt, Svrsw60t59b,
    svnapot, END with fctl.BE writable, NL, S, cq/fq.log2sz_max 1..32) and of version 11 (ATS with a page-request
    queue, T2GPA) are accepted into iommu_cfg_pkg; a configuration the RTL cannot build (another PAS, a second
    stage without 16-bit GSCIDs, MRIF without MSI translation, ATS without a page-request queue, T2GPA without
    ATS, fctl.BE/GXL writable without END/Sv32x4, a queue size of 0) or a malformed one stops with file:line and
    the reason, exit status 2, also through make."""
    gen = os.path.join(ROOT, "tools", "gen_rtl_cfg.py")
    os.makedirs(os.path.join(tmp, "cfgpkg"), exist_ok=True)
    for cfg, caps in (("rtl.cfg", "0000003821000e10"), ("rtl_max.cfg", "00000ff8efefcf10")):
        out = os.path.join(tmp, "cfgpkg", cfg + ".sv")
        rc, text = run(["python3", gen, os.path.join("config", cfg), "-o", out])
        pkg = read(out) if os.path.exists(out) else ""
        check("gen_rtl_cfg: config/%s gives iommu_cfg_pkg with capabilities 0x%s" % (cfg, caps),
              rc == 0 and "package iommu_cfg_pkg;" in pkg and ("CfgCapabilities = 64'h%s;" % caps) in pkg and
              ("CfgMsiFlat = 1'b%d;" % (cfg == "rtl_max.cfg")) in pkg, text + pkg)
        big = cfg == "rtl_max.cfg"
        want = ["CfgSv32 = 1'b%d;" % big, "CfgSv32x4 = 1'b%d;" % big, "CfgSvnapot = 1'b%d;" % big,
                "CfgSvpbmt = 1'b%d;" % big, "CfgSvrsw60t59b = 1'b%d;" % big, "CfgEnd = 1'b%d;" % big,
                "CfgNl = 1'b%d;" % big, "CfgS = 1'b%d;" % big, "CfgFctlBeWritable  = 1'b%d;" % big,
                "CfgFctlGxlWritable = 1'b%d;" % big, "CfgCqLog2szMax = %d;" % (20 if big else 32),
                "CfgFqLog2szMax = %d;" % (20 if big else 32)]
        check("gen_rtl_cfg: config/%s sets the version 10 parameters (%s)" % (cfg, "all on, queues 20" if big else
              "all off, queues 32"), all(w in pkg for w in want), "\n".join(w for w in want if w not in pkg))
    # Version 10 keys, each alone on top of config/rtl.cfg (with what it needs), are accepted.
    good = [
        ("capabilities.Sv32 = 1", "CfgSv32 = 1'b1;"),
        ("capabilities.Sv32x4 = 1\nfctl.GXL.writable = 1\ngscid_bits = 16", "CfgSv32x4 = 1'b1;"),
        ("capabilities.Svpbmt = 1", "CfgSvpbmt = 1'b1;"),
        ("capabilities.Svrsw60t59b = 1", "CfgSvrsw60t59b = 1'b1;"),
        ("svnapot = 1", "CfgSvnapot = 1'b1;"),
        ("capabilities.END = 1\nfctl.BE.writable = 1", "CfgFctlBeWritable  = 1'b1;"),
        ("capabilities.END = 1", "CfgEnd = 1'b1;"),
        ("capabilities.NL = 1\ncapabilities.S = 1", "CfgS = 1'b1;"),
        ("cq.log2sz_max = 1\nfq.log2sz_max = 7", "CfgFqLog2szMax = 7;"),
    ]
    for i, (body, want) in enumerate(good):
        path = os.path.join(tmp, "cfgpkg", "good%d.cfg" % i)
        with open(path, "w") as f:
            f.write("# a version 10 configuration the RTL builds\niommu-config 1\n" + body + "\n")
        out = os.path.join(tmp, "cfgpkg", "good%d.sv" % i)
        rc, text = run(["python3", gen, path, "-o", out])
        pkg = read(out) if os.path.exists(out) else ""
        check("gen_rtl_cfg: '%s' is accepted (%s)" % (body.replace("\n", "; "), want), rc == 0 and want in pkg,
              text + pkg)
    bad = [
        ("capabilities.PAS = 48", "capabilities.PAS: must be 56 for the RTL"),
        ("cq.log2sz_max = 0", "cq.log2sz_max: expected 1..32 for the RTL"),
        ("fctl.BE.writable = 1", "fctl.BE.writable: requires capabilities.END = 1"),
        ("fctl.GXL.writable = 1", "fctl.GXL.writable: requires capabilities.Sv32x4 = 1"),
        ("capabilities.Sv32x4 = 1\ngscid_bits = 16", "capabilities.Sv32x4: requires fctl.GXL.writable = 1"),
        ("capabilities.Sv32x4 = 1\nfctl.GXL.writable = 1", "capabilities.Sv32x4: gscid_bits must be 16 for the RTL, got 0"),
        ("capabilities.Sv39x4 = 1", "capabilities.Sv39x4: gscid_bits must be 16 for the RTL, got 0"),
        ("gscid_bits = 8\ncapabilities.Sv39x4 = 1", "gscid_bits: gscid_bits must be 16 for the RTL, got 8"),
        ("capabilities.MSI_MRIF = 1", "capabilities.MSI_MRIF: requires capabilities.MSI_FLAT and a second-stage"),
        ("capabilities.ATS = 1", "capabilities.ATS: pq.log2sz_max must be 1..32 with capabilities.ATS = 1"),
        ("pq.log2sz_max = 4", "pq.log2sz_max: must be 0 without capabilities.ATS (no page-request queue), got 4"),
        ("capabilities.T2GPA = 1", "capabilities.T2GPA: requires capabilities.ATS"),
        ("fq.log2sz_max = 33", "fq.log2sz_max: expected a number 1..32, got '33'"),
        ("capabilities.Sv57 = 1\ncapabilities.Sv48 = 0", "capabilities.Sv57: requires capabilities.Sv48"),
        ("capabilities.PD8 = 2", "capabilities.PD8: expected 0 or 1"),
        ("no.such.key = 1", "unknown key 'no.such.key'"),
        ("hpm.counters = 4", "hpm.counters: must be 0 without capabilities.HPM, got 4"),
        ("hpm.counter_bits = 16\ncapabilities.HPM = 1\nhpm.counters = 4",
         "hpm.counter_bits: expected 32..64 with capabilities.HPM = 1"),
        ("qosid.mcid_bits = 2", "qosid.mcid_bits: must be 0 without capabilities.QOSID, got 2"),
    ]
    for i, (body, msg) in enumerate(bad):
        path = os.path.join(tmp, "cfgpkg", "bad%d.cfg" % i)
        with open(path, "w") as f:
            f.write("# a configuration the RTL cannot build\niommu-config 1\n" + body + "\n")
        rc, text = run(["python3", gen, path, "-o", os.path.join(tmp, "cfgpkg", "bad%d.sv" % i)])
        line = 3
        check("gen_rtl_cfg: '%s' is refused with file:line (%s:%d)" % (body.replace("\n", "; "), path, line),
              rc == 2 and ("%s:%d: %s" % (path, line, msg)) in text and
              not os.path.exists(os.path.join(tmp, "cfgpkg", "bad%d.sv" % i)), text)
    rc, text = run(["make", "-s", "lockstep", "CONFIG=" + os.path.join(tmp, "cfgpkg", "bad0.cfg")], timeout=120)
    check("make lockstep CONFIG=a .cfg the RTL cannot build fails with its file:line",
          rc != 0 and ("bad0.cfg:3: capabilities.PAS: must be 56 for the RTL") in text, text)
    rc, text = run(["make", "-s", "lockstep"], timeout=60)
    check("make lockstep without CONFIG says what it needs", rc != 0 and "make lockstep needs CONFIG=" in text, text)


def test_sv48_sv57(tmp):
    """tests/rtl/sv48_sv57.stim (first-stage Sv48 and Sv57, docs/microarch.md version 5) in cycle lockstep with
    the golden timing model on three latency seeds; responses worked out by hand from the stimulus' layout:
    leaves at every level of both modes with IOTLB hits in 512 GiB and 256 TiB pages, misaligned superpages at
    levels 1-4 and non-canonical IOVAs fault (13), and IOTLB entries of another mode (same device and PSCID)
    hit exactly when the IOVA is valid for the cached DC's mode (section 6). Not run through the
    transaction-level check: its arch reference has no IOTLB, and tag 60 uses a stale entry the spec allows."""
    stim = os.path.join(ROOT, "tests", "rtl", "sv48_sv57.stim")
    for seed in (1, 2, 3):
        log = os.path.join(tmp, "sv48_sv57_%d.log" % seed)
        rc, out = run([LOCKSTEP, "--stim", stim, "--seed", str(seed), "--log", log, "-q", "--no-waves"])
        check("sv48_sv57.stim seed %d: the RTL passes the cycle check" % seed, rc == 0 and "PASS" in out, out)
        hits = re.search(r"IOTLB (\d+)/\d+ hits", out)
        check("sv48_sv57.stim seed %d: IOTLB hits (%s)" % (seed, hits.group(0) if hits else "none"),
              hits is not None and int(hits.group(1)) >= 20, out)
    actual = read(os.path.join(tmp, "sv48_sv57_1.log")) if os.path.exists(os.path.join(tmp, "sv48_sv57_1.log")) \
        else ""
    expected = {
        1: "ok pa=0x0000008012345678", 2: "ok pa=0x000000ffedcba987",      # Sv48 level 3, then a hit
        3: "ok pa=0x00000000c0123456", 5: "ok pa=0x0000000000a01234",      # levels 2 and 1
        7: "ok pa=0x0000000007777010", 9: "ok pa=0x0000000008888040",      # level 0, VPN[3] = 0x100
        10: "ok pa=0x0007ff8123456789",                                     # VPN[3] = 0x1ff, 512 GiB
        20: "ok pa=0x0000008000001000",                                     # hit before the non-canonical ones
        23: "ok pa=0x0001123456789abc", 24: "ok pa=0x0001fffffffffff8",    # Sv57 level 4 (256 TiB), a hit
        25: "ok pa=0x0000018001234567", 31: "ok pa=0x00000000999997f8",    # levels 3 and 0
        33: "ok pa=0x0080abcdef012345", 34: "ok pa=0x00205555aaaa0000",    # bit 55; VPN[4] = 0x100
        46: "ok pa=0x0040123456789000", 48: "ok pa=0x0040fedcba987000",    # VPN[4] = 0 and its hit
        60: "ok pa=0x0000000040004000",                                     # Sv39 entry used under Sv48
        64: "ok pa=0x00000000c0000060",                                     # Sv48 entry used under Sv39
    }
    for tag in list(range(12, 20)) + [21, 22] + list(range(37, 46)) + [47, 52, 63]:
        expected[tag] = "fault cause=13"   # misaligned, non-canonical (also against cached tags), unmapped
    for tag, rsp in sorted(expected.items()):
        line = "rsp tag=%d %s" % (tag, rsp)
        check("sv48_sv57.stim: %s" % line, re.search("^" + re.escape(line) + "$", actual, re.M) is not None,
              "\n".join(l for l in actual.splitlines() if l.startswith("rsp tag=%d " % tag)))


def split_fault_writes(log):
    """A log's lines without its memwr lines, and its memwr addresses and data, each sorted: what stays equal
    when a DUT puts the fault records of concurrently outstanding requests in other slots."""
    lines = log.splitlines()
    rest = [l for l in lines if not l.startswith("memwr ")]
    writes = [dict(kv.split("=", 1) for kv in l.split()[1:]) for l in lines if l.startswith("memwr ")]
    return rest, sorted(w["addr"] for w in writes), sorted(w["data"] for w in writes)


def test_transaction_level(tmp):
    """The transaction-level check (--check transaction, docs/checking.md): no timing assumed, the DUT's
    outcomes against the arch layer in any order the spec allows. An RTL that answers out of order
    (--reorder) passes it on 100 seeds and fails the cycle check; the planted bug fails both levels; the
    directed scenarios pass with their expected logs."""
    rc, out = run([LOCKSTEP, "--check", "transaction", "--seed", "1", "--seeds", "20", "-q", "--no-waves"])
    check("transaction level: 20 random seeds pass on the RTL", rc == 0 and out.startswith("PASS (transaction check)"),
          out)
    rc, out = run([LOCKSTEP, "--check", "transaction", "--dut", "model", "--seed", "1", "--seeds", "5", "-q"])
    check("transaction level: the timing model as the DUT passes too",
          rc == 0 and out.startswith("PASS (transaction check)"), out)
    rc, out = run([LOCKSTEP, "--check", "transaction", "--reorder", "--seed", "1", "--seeds", "100", "-q",
                   "--no-waves"], timeout=900)
    m = re.search(r"(\d+) requests, .*; (\d+) responses out of order, (\d+) fault records in another slot", out)
    check("transaction level: the reordering wrapper passes 100 random seeds",
          rc == 0 and out.startswith("PASS (transaction check)"), out)
    check("transaction level: the wrapper really reorders (most responses and many fault records out of order)",
          m is not None and int(m.group(2)) >= int(m.group(1)) // 2 and int(m.group(3)) >= 100, out)
    rc, out = run([LOCKSTEP, "--reorder", "--seed", "1", "--transactions", "200", "-q", "--no-waves"])
    check("cycle level: the reordering wrapper fails the cycle check, with the level and the reason named",
          rc == 1 and re.search(r"^check: cycle lockstep \(dut: .*wrapped by --reorder", out, re.M) is not None and
          re.search(r"^MISMATCH at cycle \d+: \w+ expected 0x[0-9a-f]+ \(model\) actual 0x[0-9a-f]+ \(rtl\)$", out,
                    re.M) is not None and "use --check transaction" not in out and "check it with --check transaction"
          in out, out)
    for extra in ([], ["--reorder"]):
        rc, out = run([LOCKSTEP_BUG, "--check", "transaction", "--seed", "1", "--seeds", "20", "--transactions", "400",
                       "-q", "--no-waves"] + extra)
        m = re.search(r"^MISMATCH \(transaction check\) at cycle \d+: response to tag (\d+) \(dma [^)]*ttyp=write[^)]*\):"
                      r" expected fault cause \d+ \(arch\) actual ok pa=0x[0-9a-f]+ \(dut\)$", out, re.M)
        check("planted bug: caught at transaction level%s (a write the RTL lets through)" % (" through --reorder" if
              extra else ""), rc == 1 and m is not None and "check: transaction level" in out, out)
        seed = re.search(r"^FAIL seed (\d+)$", out, re.M)
        if seed:
            rc2, out2 = run([LOCKSTEP, "--check", "transaction", "--seed", seed.group(1), "--transactions", "400", "-q",
                             "--no-waves"] + extra)
            check("planted bug: the same seed passes on the correct RTL at transaction level%s" %
                  (" through --reorder" if extra else ""), rc2 == 0, out2)
    for name, stim, expected in scenarios("directed"):
        out_log = os.path.join(tmp, name + ".tx.log")
        check_log("directed %s: transaction level, the expected log" % name,
                  [LOCKSTEP, "--check", "transaction", "--stim", stim, "--seed", "3", "--log", out_log, "-q",
                   "--no-waves"], out_log, expected)
        out_log = os.path.join(tmp, name + ".txr.log")
        rc, out = run([LOCKSTEP, "--check", "transaction", "--reorder", "--stim", stim, "--seed", "3", "--log",
                       out_log, "-q", "--no-waves"])
        actual = read(out_log) if os.path.exists(out_log) else ""
        check("directed %s: transaction level through --reorder, the expected log up to fault-record placement"
              % name, rc == 0 and split_fault_writes(actual) == split_fault_writes(expected),
              out + first_difference(expected, actual))
    # Every wait is bounded and says what it waited for, with its bound.
    stim = os.path.join(ROOT, "tests", "directed", "sv39_miss_then_hit.stim")
    rc, out = run([LOCKSTEP, "--check", "transaction", "--stim", stim, "--response-limit", "3", "-q", "--no-waves"])
    check("transaction level: a response that does not come in time is named with its bound",
          rc == 1 and re.search(r"no response to tag \d+ within 3 cycles \(the response limit\)", out) is not None, out)
    rc, out = run([LOCKSTEP, "--check", "sideways"])
    check("bad flag: --check names what it expects", rc == 2 and "--check expects cycle or transaction" in out, out)


def assertion_at(path, line):
    """The name of the named assertion (`Name_A: assert property ...`) whose statement spans `line` of the RTL
    file `path`, or None."""
    if not os.path.exists(path):
        return None
    lines = read(path).splitlines()
    name, start = None, None
    for i, text in enumerate(lines, 1):
        m = re.match(r"^\s*(\w+_A):\s*assert property", text)
        if m or text.strip().startswith("`endif"):
            if name and start <= line < i:
                return name
            name, start = (m.group(1), i) if m else (None, None)
    return None


def test_assertions(tmp):
    """RTL assertions are compiled into the bench builds (--assert) and a failing one reaches the bench through
    rtl_dut_assertion() with its file:line: the assertion probe (tests/rtl/assert_probe.c) stalls a
    device-context read; on the correct RTL nothing fires, on the IOMMU_BUG_DC_REQ_UNSTABLE variant (the fetch
    changes its waiting request) a handshake-stability assertion does."""
    rc, out = run([os.path.join(BUILD, "iommu-assert-probe")])
    check("assertions: none fires on the correct RTL while a memory request waits",
          rc == 0 and "QUIET" in out and "ASSERTION" not in out, out)
    rc, out = run([os.path.join(BUILD, "iommu-assert-probe-bug")])
    m = re.search(r"^ASSERTION cycle (\d+): (rtl/[\w.]+\.sv):(\d+): RTL assertion failed", out, re.M)
    check("assertions: a planted handshake bug trips one, reported by rtl_dut_assertion() with file:line",
          rc == 2 and m is not None, out)
    if m:
        name = assertion_at(os.path.join(ROOT, m.group(2)), int(m.group(3)))
        check("assertions: the reported file:line is a handshake-stability assertion (%s:%s is %s)"
              % (m.group(2), m.group(3), name),
              name == "MemReqStable_A", out)
    makefile = read(os.path.join(ROOT, "Makefile"))
    vflags = re.search(r"^VFLAGS\s*:=(.*)$", makefile, re.M)
    check("assertions: every bench build Verilates with --assert (VFLAGS)",
          vflags is not None and "--assert" in vflags.group(1).split(), vflags.group(0) if vflags else "no VFLAGS")


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


def test_bad_flags_issue13(tmp):
    """Issue 13: every bad flag or file ends with a message that names the flag (or file:line) and the expected
    form; bad flags exit 2; nothing hangs, wraps or is read as octal."""
    perf = os.path.join(BUILD, "iommu-perf")
    max64 = "18446744073709551615"
    binary_cfg = os.path.join(tmp, "binary.cfg")
    with open(binary_cfg, "wb") as f:
        f.write(b"\x7fELF\x02\x01\x01\x00\x00\x00garbage\n")
    a_file = os.path.join(tmp, "a-file")
    open(a_file, "w").close()
    cases = [
        ("iommu-perf -n -1", [perf, "-n", "-1"], 2,
         ["-n expects a number of translations from 1 to 1000000000", "got '-1'"]),
        ("iommu-perf -n 2^64-1", [perf, "-n", max64], 2,
         ["-n expects a number of translations from 1 to 1000000000", "got '%s'" % max64]),
        ("iommu-perf --runs 0", [perf, "--runs", "0"], 2, ["--runs expects a number of runs from 1 to 1000"]),
        ("model-random --seed 2^64-1 --seeds 2", [MODEL_RANDOM, "--seed", max64, "--seeds", "2"], 2,
         ["--seed %s with --seeds 2 runs past the last seed %s" % (max64, max64)]),
        ("model-random --seed 010", [MODEL_RANDOM, "--seed", "010"], 2,
         ["option --seed expects a number", "decimal without leading zeros, or 0x hex", "got '010'"]),
        ("model-random --requests 10^11", [MODEL_RANDOM, "--requests", "100000000000"], 2,
         ["option --requests expects a number from 0 to 10000000", "got '100000000000'"]),
        ("model-random --save-stim -q", [MODEL_RANDOM, "--save-stim", "-q"], 2,
         ["option --save-stim needs a file name, got the option '-q'"]),
        ("lockstep --seeds x", [LOCKSTEP, "--seeds", "x"], 2, ["--seeds expects a number from 1 to 1000000", "got 'x'"]),
        ("lockstep --seeds 0", [LOCKSTEP, "--seeds", "0"], 2, ["--seeds expects a number from 1 to 1000000", "got '0'"]),
        ("lockstep --seed 010", [LOCKSTEP, "--seed", "010"], 2,
         ["--seed expects a number", "decimal without leading zeros, or 0x hex", "got '010'"]),
        ("lockstep --seed 2^64-1 --seeds 2", [LOCKSTEP, "--seed", max64, "--seeds", "2"], 2,
         ["--seed %s with --seeds 2 runs past the last seed" % max64]),
        ("lockstep --waves FILE", [LOCKSTEP, "--waves", a_file], 2,
         ["--waves expects a directory", "'%s' is a file" % a_file]),
        ("lockstep --stim DIR", [LOCKSTEP, "--stim", tmp], 2, ["%s: is a directory, expected a stimulus file" % tmp]),
        ("iommu-run DIR", [RUN, tmp], 1, ["%s: is a directory, expected a stimulus file" % tmp]),
        ("iommu-run --config BINARY", [RUN, "--config", binary_cfg, "x.stim"], 1,
         ["%s:1: byte 0x7f in column 1 is not text: expected a text configuration" % binary_cfg]),
        ("iommu-run --config DIR", [RUN, "--config", tmp, "x.stim"], 1,
         ["%s: is a directory, expected a configuration file" % tmp]),
        ("iommu-run -o --config", [RUN, "-o", "--config"], 2, ["-o needs a file name, got the option '--config'"]),
        ("make regress SEEDS=abc", ["make", "-s", "regress", "SEEDS=abc"], 2,
         ["SEEDS must be a whole number from 1 (decimal), got 'abc'"]),
        ("make regress JOBS=0", ["make", "-s", "regress", "JOBS=0"], 2,
         ["JOBS must be a whole number from 1 (decimal), got '0'"]),
    ]
    # every lockstep flag that takes a value, followed by another option: the option is not taken as the value
    for flag in ("--seed", "--seeds", "--transactions", "--stim", "--dut", "--log", "--save-stim", "--coverage",
                 "--mem-latency", "--ready-percent", "--waves", "--window", "--max-cycles", "--timeout"):
        cases.append(("lockstep %s --no-waves" % flag, [LOCKSTEP, flag, "--no-waves"], 2,
                      ["%s needs" % flag, "got the option '--no-waves'"]))
    for label, cmd, want_rc, fragments in cases:
        rc, out = run(cmd, timeout=60, cwd=tmp if cmd[0] != "make" else ROOT)
        check("bad flag (issue 13) %s: exit %d, says %s" % (label, want_rc, " ... ".join(fragments)),
              rc == want_rc and all(f in out for f in fragments), "exit %d\n%s" % (rc, out))
    check("bad flag (issue 13) lockstep --log --no-waves writes no file named --no-waves",
          not os.path.exists(os.path.join(tmp, "--no-waves")), os.listdir(tmp))
    # the legal edges work: the last seed runs (no wrap to 0 seeds), 0x hex is read as hex
    rc, out = run([MODEL_RANDOM, "--seed", max64, "--requests", "20", "-q"], timeout=60)
    check("model-random --seed 2^64-1 runs that one seed", rc == 0 and out.startswith("PASS: 1 seeds x 20 requests"), out)
    rc, out = run([LOCKSTEP, "--seed", "0x10", "--transactions", "20", "-q", "--no-waves"], timeout=60)
    check("lockstep --seed 0x10 is seed 16", rc == 0 and re.search(r"^PASS( \(\w+ check\))?: 1 seed\(s\) from 16,", out, re.M) is not None, out)


def test_code_coverage_input(tmp):
    """make coverage (tools/code_coverage.py): a bad waiver or a bad JOBS stops it before anything runs, with
    the file:line or the variable named; the project's own waiver file parses."""
    tool = os.path.join(ROOT, "tools", "code_coverage.py")
    bad = os.path.join(tmp, "waivers.txt")
    with open(bad, "w") as f:
        f.write("# comment\nrtl/iommu_regs.sv:12\n")
    cases = [
        ("a waiver without a reason", [sys.executable, tool, "--waivers", bad],
         ["%s:2: expected 'FILE:LINE reason', 'FILE /REGEX/ reason' or 'FILE toggle /REGEX/ reason' (a waiver "
          "needs a reason)" % bad]),
        ("a missing waiver file", [sys.executable, tool, "--waivers", os.path.join(tmp, "none.txt")],
         ["--waivers %s: No such file or directory" % os.path.join(tmp, "none.txt")]),
        ("make coverage JOBS=0", ["make", "-s", "coverage", "JOBS=0"],
         ["JOBS must be a whole number from 1 (decimal), got '0'"]),
    ]
    for label, cmd, fragments in cases:
        rc, out = run(cmd, timeout=60)
        check("code coverage: %s is refused: %s" % (label, " ... ".join(fragments)),
              rc != 0 and all(x in out for x in fragments), "exit %d\n%s" % (rc, out))
    bad_rx = os.path.join(tmp, "waivers-rx.txt")
    with open(bad_rx, "w") as f:
        f.write("rtl/iommu_regs.sv /default:(/ unbalanced\n")
    rc, out = run([sys.executable, tool, "--waivers", bad_rx], timeout=60)
    check("code coverage: a waiver with a bad regular expression is refused with its file:line",
          rc != 0 and "%s:1: bad regular expression /default:(/" % bad_rx in out, out)
    # The project's waivers waive what they say and nothing else: an FSM default and a tied-off output bit, but
    # not the reachable branch next to it nor a toggle gap of the fault-queue tail.
    sys.path.insert(0, os.path.join(ROOT, "tools"))
    import code_coverage
    waivers = code_coverage.read_waivers(os.path.join("tools", "coverage_waivers.txt"))
    src = read(os.path.join(ROOT, "rtl", "iommu_ddt_fetch.sv")).splitlines()
    fsm_default = next(i for i, l in enumerate(src, 1) if re.match(r"\s*default:\s*state_d\s*=", l))
    branch = next(i for i, l in enumerate(src, 1) if "dc.fsc.mode != PdtpBare" in l)
    sources = {}
    check("code coverage: the waivers take the FSM default and tied-off bits, not a reachable branch or a toggle gap",
          code_coverage.waiver_for(waivers, "rtl/iommu_ddt_fetch.sv", fsm_default, sources) is not None
          and code_coverage.waiver_for(waivers, "rtl/iommu_ddt_fetch.sv", branch, sources) is None
          and code_coverage.toggle_waiver_for(waivers, "rtl/iommu_top.sv", "rsp_notice_addr_o[7]") is not None
          and code_coverage.toggle_waiver_for(waivers, "rtl/iommu_regs.sv", "fqt_q[7]") is None
          and code_coverage.toggle_waiver_for(waivers, "rtl/iommu_pagewalk.sv", "mem_req_o.addr[55]") is None,
          "fsm default line %d, branch line %d" % (fsm_default, branch))
    # The project's waivers parse: the run gets past them (and stops at a build folder without the bench).
    rc, out = run([sys.executable, tool, "--build", os.path.join(tmp, "nobuild")], timeout=60)
    check("code coverage: tools/coverage_waivers.txt parses; a missing coverage bench is named",
          rc != 0 and "iommu-lockstep-cov does not exist: build it with make" in out, out)


def test_bounded_bench_issue13():
    """A livelocked RTL that keeps making handshakes never trips the idle limit: the cycle limit (default per
    stimulus, --max-cycles) and the wall-clock limit (--timeout) stop the run with an ERROR naming what it
    waited for."""
    rc, out = run([LOCKSTEP, "--seed", "1", "--transactions", "1000", "--max-cycles", "1000", "-q", "--no-waves"],
                  timeout=60)
    check("bounded: --max-cycles ends the run with an ERROR naming the limit and what was waited for",
          rc == 1 and re.search(r"^ERROR at cycle 1000: cycle limit 1000 reached \(--max-cycles\) while waiting for "
                                r"\S", out, re.M) is not None and "replay: " in out and "--max-cycles 1000" in out, out)
    rc, out = run([LOCKSTEP, "--seed", "1", "--transactions", "2000000", "--timeout", "1", "-q", "--no-waves"],
                  timeout=60)
    check("bounded: --timeout ends a long run with an ERROR naming the wall-clock limit and what was waited for",
          rc == 1 and re.search(r"^ERROR at cycle \d+: wall-clock limit of 1 s \(--timeout\) reached while waiting "
                                r"for \S", out, re.M) is not None, out)


def regress_results(out_dir):
    """(testcase count, failure count) of a regression's junit.xml."""
    path = os.path.join(out_dir, "junit.xml")
    if not os.path.exists(path):
        return -1, -1
    text = read(path)
    return text.count("<testcase "), text.count("<failure ")


def test_regress_issue13(tmp):
    """make regress (tools/regress.py): one process per seed in its own folder, PASS only when every seed
    printed PASS, failures grouped by signature with a replay command that reproduces them, JUnit and HTML,
    a command list for GNU parallel and a Slurm array, merging of result folders; a crash, a hang, an
    assertion and a sanitizer report each end as their own failure, in bounded time."""
    out_dir = os.path.join(BUILD, "regress")
    rc, out = run(["make", "-s", "regress", "SEEDS=20", "JOBS=2", "TRANSACTIONS=500"], timeout=600)
    tests, fails = regress_results(out_dir)
    check("regress: 20 seeds pass, junit.xml has 20 testcases, seeds/min and the merged coverage reported",
          rc == 0 and re.search(r"^regress: PASS: 20 seed\(s\) .* 0 failed .* [\d.]+ seeds/min", out, re.M) is not None
          and re.search(r"^regress: coverage: \d+ of \d+ bins hit", out, re.M) is not None
          and tests == 20 and fails == 0 and os.path.exists(os.path.join(out_dir, "index.html")), out)
    cmds = read(os.path.join(out_dir, "commands.txt")).splitlines() if os.path.exists(
        os.path.join(out_dir, "commands.txt")) else []
    slurm = read(os.path.join(out_dir, "slurm.sh")) if os.path.exists(os.path.join(out_dir, "slurm.sh")) else ""
    check("regress: commands.txt has one command per seed, slurm.sh is a 20-task sbatch array over it",
          len(cmds) == 20 and all("--one-seed %d" % (i + 1) in c for i, c in enumerate(cmds)) and
          "#SBATCH --array=1-20" in slurm and "SLURM_ARRAY_TASK_ID" in slurm, "\n".join(cmds[:3]) + slurm)

    # the planted bug: failures grouped, each group with a replay command that reproduces its first line
    rc, out = run(["make", "-s", "regress", "SEEDS=20", "JOBS=2", "TRANSACTIONS=400",
                   "BENCH=build/iommu-lockstep-bug"], timeout=600)
    tests, fails = regress_results(out_dir)
    groups = re.findall(r"^FAIL group \d+: (MISMATCH \w+ in .*): \d+ seed\(s\): (\d+)[ \d.]*\n  replay: (.*)$",
                        out, re.M)
    check("regress with the planted bug: fails, failures grouped by first-mismatch signature with a replay command",
          rc != 0 and groups and re.search(r"^regress: FAIL: 20 seed\(s\)", out, re.M) is not None and
          tests == 20 and fails >= 10, out)
    for sig, seed, replay in groups:
        report_path = os.path.join(out_dir, "seed-" + seed, "output.txt")
        first = re.search(r"^MISMATCH .*$", read(report_path), re.M) if os.path.exists(report_path) else None
        rc2, out2 = run(replay.split() + ["--no-waves"], timeout=120)
        again = re.search(r"^MISMATCH .*$", out2, re.M)
        check("regress: replaying group '%s' (seed %s) gives the same first MISMATCH line" % (sig, seed),
              rc2 == 1 and first is not None and again is not None and again.group(0) == first.group(0),
              "report: %s\nreplay: %s" % (first and first.group(0), out2))
        fst = os.path.join(out_dir, "seed-" + seed, "mismatch.fst")
        check("regress: group '%s' has its own waveform window in its seed's folder, linked from index.html" % sig,
              os.path.exists(fst) and os.path.exists(fst[:-4] + ".gtkw") and
              ('href="seed-%s/mismatch.gtkw"' % seed) in read(os.path.join(out_dir, "index.html")), fst)

    # two "hosts" each run half of the seeds through the command lines; --merge makes one report
    hosts = [os.path.join(tmp, "host-a"), os.path.join(tmp, "host-b")]
    for host, first_seed in zip(hosts, (1, 6)):
        rc, out = run(["python3", "tools/regress.py", "--seeds", "5", "--first-seed", str(first_seed), "--jobs", "2",
                       "--transactions", "400", "--bench", "build/iommu-lockstep-bug", "--out", host], timeout=300)
    lines = read(os.path.join(hosts[1], "commands.txt")).splitlines()
    subprocess.run(["rm", "-rf", os.path.join(hosts[1], "seed-6")])
    rc, out = run(["bash", "-c", lines[0]], timeout=120)  # what GNU parallel or a Slurm task runs
    check("regress: a line of commands.txt runs its seed into its folder",
          os.path.exists(os.path.join(hosts[1], "seed-6", "result.json")), out)
    merged = os.path.join(tmp, "merged")
    rc, out = run(["python3", "tools/regress.py", "--merge"] + hosts + ["--out", merged], timeout=120)
    tests, fails = regress_results(merged)
    check("regress --merge: two result folders give one table, JUnit file (10 testcases) and HTML report",
          rc == 1 and tests == 10 and fails >= 5 and re.search(r"^regress: FAIL: 10 seed\(s\)", out, re.M) is not None
          and os.path.exists(os.path.join(merged, "index.html")), out)

    # a bench that crashes, hangs, asserts, reports a sanitizer error or exits oddly: each its own failure
    fake = os.path.join(tmp, "fake")
    t0 = time.monotonic()
    rc, out = run(["python3", "tools/regress.py", "--seeds", "7", "--jobs", "3", "--timeout", "2", "--bench",
                   "tests/fake_bench.sh", "--out", fake], timeout=120)
    dt = time.monotonic() - t0
    want = {"CRASH signal 11 (SIGSEGV)": "1", "TIMEOUT killed after 7 s (no result from the bench)": "2",
            "ASSERTION rtl/iommu_top.sv:42 in TOP.iommu_tb_top.u_dut": "3",
            "SANITIZER AddressSanitizer heap-buffer-overflow": "4", "CRASH exit 3 without a FAIL line": "5"}
    got = dict(re.findall(r"^FAIL group \d+: (.*): 1 seed\(s\): (\d+)$", out, re.M))
    tests, fails = regress_results(fake)
    check("regress: a segfault, a hang, an assertion, a sanitizer report and an odd exit are each their own "
          "failure signature, never a PASS, in bounded time (%.0f s)" % dt,
          rc == 1 and got == want and tests == 7 and fails == 5 and dt < 60, out)


def test_regress_cluster_files(tmp):
    """The cluster files without daemons (make cluster-check runs them through real GNU parallel, sshd and Slurm):
    --emit-only writes commands.txt and slurm.sh and runs nothing; slurm.sh, run as a Slurm array task runs it
    (SLURM_ARRAY_TASK_ID set, another working directory), runs its seed into its folder; a seed of commands.txt
    that left no result is a MISSING failure in --merge, not a seed that vanished; more seeds than Slurm's
    default MaxArraySize allows are spread over 1000 tasks."""
    out = os.path.join(tmp, "cluster")
    rc, text = run(["python3", "tools/regress.py", "--seeds", "3", "--transactions", "100", "--out", out,
                    "--emit-only"], timeout=60)
    cmds = read(os.path.join(out, "commands.txt")).splitlines() if os.path.exists(os.path.join(out, "commands.txt")) else []
    slurm_sh = os.path.join(out, "slurm.sh")
    script = read(slurm_sh) if os.path.exists(slurm_sh) else ""
    check("regress --emit-only: commands.txt (3 lines) and an sbatch array slurm.sh that names the repository, "
          "no seed run",
          rc == 0 and len(cmds) == 3 and "#SBATCH --array=1-3\n" in script and
          ("#SBATCH --chdir=%s\n" % ROOT) in script and not glob.glob(os.path.join(out, "seed-*")), text + script)
    rc, text = run(["bash", slurm_sh], timeout=30, cwd=tmp)
    check("regress: slurm.sh run outside Slurm says it is not an array task (exit 2)",
          rc == 2 and "slurm.sh: not a Slurm array task; submit it with: sbatch" in text, text)
    rc, text = run(["env", "SLURM_ARRAY_TASK_ID=2", "bash", slurm_sh], timeout=120, cwd=tmp)
    check("regress: slurm.sh as array task 2 (from another folder) runs seed 2 into its folder, and only it",
          rc == 0 and "seed 2: PASS" in text and os.path.exists(os.path.join(out, "seed-2", "result.json")) and
          not os.path.exists(os.path.join(out, "seed-1")), text)
    merged = os.path.join(tmp, "cluster-merged")
    rc, text = run(["python3", "tools/regress.py", "--merge", out, "--out", merged], timeout=60)
    tests, fails = regress_results(merged)
    check("regress --merge: seeds of commands.txt without a result are MISSING failures (1 and 3), not dropped",
          rc == 1 and tests == 3 and fails == 2 and
          re.search(r"^FAIL group 1: MISSING no result.json \(the command never ran\): 2 seed\(s\): 1 3$", text, re.M)
          is not None and '<failure type="MISSING"' in read(os.path.join(merged, "junit.xml")), text)
    rc, text = run(["python3", "tools/regress.py", "--seeds", "2500", "--out", out, "--emit-only"], timeout=60)
    script = read(slurm_sh) if os.path.exists(slurm_sh) else ""
    lines = subprocess.run(["sed", "-n", "500~1000p", os.path.join(out, "commands.txt")], stdout=subprocess.PIPE,
                           text=True).stdout.splitlines()
    check("regress: 2500 seeds are 1000 Slurm array tasks (Slurm's default MaxArraySize is 1001), task 500 runs "
          "seeds 500, 1500 and 2500, its time limit covers three seeds",
          rc == 0 and "#SBATCH --array=1-1000\n" in script and '"${SLURM_ARRAY_TASK_ID}~1000p"' in script and
          "#SBATCH --time=19\n" in script and [l.rsplit(" ", 1)[1] for l in lines] == ["500", "1500", "2500"] and
          not glob.glob(os.path.join(out, "seed-*")), text + script)
    rc, text = run(["python3", "tools/regress.py", "--merge", out, "--emit-only"], timeout=60)
    check("regress --emit-only with --merge is refused with a message",
          rc == 2 and "--emit-only goes with --seeds N (not with --merge or --one-seed)" in text, text)
    rc, text = run(["bash", "tools/cluster_check.sh", "--seeds", "abc"], timeout=30)
    rc2, text2 = run(["bash", "tools/cluster_check.sh", "--ssh", "maybe"], timeout=30)
    check("cluster_check.sh: a bad flag is named with the form expected (exit 2), before anything is installed",
          rc == 2 and "cluster_check: --seeds expects a whole number from 1 (decimal), got 'abc'" in text and
          rc2 == 2 and "cluster_check: --ssh expects auto, yes or no, got 'maybe'" in text2, text + text2)


def test_shrink(tmp):
    """tools/shrink.py cuts a failing seed of the planted bug to a short stimulus that states its configuration,
    fails on the bug's bench with the same first-mismatch signature and passes on the correct RTL; make regress
    --shrink shows one shrunk stimulus per failure group in its summary and HTML report."""
    t0 = time.monotonic()
    seed = "3"
    rc, orig = run([LOCKSTEP_BUG, "--seed", seed, "--transactions", "400", "-q", "--no-waves"], timeout=120)
    first = re.search(r"^MISMATCH at cycle \d+: (\w+) expected", orig, re.M)
    out = os.path.join(tmp, "shrunk", "seed-%s.stim" % seed)
    rc, text = run(["python3", "tools/shrink.py", "--bench", "build/iommu-lockstep-bug", "--seed", seed,
                    "--transactions", "400", "--out", out, "--max-time", "60", "-q"], timeout=180)
    stim = read(out) if os.path.exists(out) else ""
    cmds = [l for l in stim.splitlines() if l.split("#", 1)[0].strip()][1:]
    cmds = [c for c in cmds if not c.startswith("config ")]
    m = re.search(r"^shrink: \S+: (\d+) -> (\d+) commands", text, re.M)
    check("shrink: the planted bug's seed %s shrinks to at most 20 commands (%s)" % (seed, m and m.group(0)),
          rc == 0 and first is not None and m is not None and 0 < len(cmds) <= 20 and int(m.group(2)) == len(cmds)
          and int(m.group(1)) >= 10 * len(cmds), text + stim)
    cfg = config_for(out) if os.path.exists(out) else None
    check("shrink: the shrunk .stim states the RTL's configuration and names the original command, the signature "
          "and the reduction",
          cfg == os.path.join(ROOT, "config", "rtl.cfg") and
          "# shrunk by tools/shrink.py from: build/iommu-lockstep-bug --seed 3 --transactions 400\n" in stim and
          re.search(r"^# signature: MISMATCH %s in " % (first.group(1) if first else "?"), stim, re.M) is not None
          and re.search(r"^# reduction: \d+ -> %d commands" % len(cmds), stim, re.M) is not None, stim)
    replay = re.search(r"^replay: (.*)$", text, re.M)
    rc, again = run(shlex.split(replay.group(1)) + ["-q", "--no-waves"] if replay else ["false"], timeout=60)
    m2 = re.search(r"^MISMATCH at cycle \d+: (\w+) expected", again, re.M)
    st1 = re.search(r"^  engine state(?: \(both\))?: (.*)$", orig, re.M)
    st2 = re.search(r"^  engine state(?: \(both\))?: (.*)$", again, re.M)
    check("shrink: the replay command fails on the bug's bench with the same first-mismatch signal and state",
          rc == 1 and first is not None and m2 is not None and m2.group(1) == first.group(1) and st1 and st2 and
          st1.group(1) == st2.group(1), (replay.group(0) if replay else text) + "\n" + again)
    rc, good = run([LOCKSTEP, "--stim", out, "--seed", seed, "-q", "--no-waves"], timeout=60)
    check("shrink: the shrunk stimulus passes on the correct RTL, every response checked",
          rc == 0 and re.search(r"; (\d+) of \1 responses checked against the golden timing model", good) is not None,
          good)
    log = out[:-5] + ".log"
    rc, runner = run([RUN, out])
    check("shrink: the expected log written beside it is the functional runner's (a directed test for tests/)",
          os.path.exists(log) and rc == 0 and runner == read(log) and runner.endswith("end\n"), runner)
    rc, text = run(["python3", "tools/shrink.py", "--bench", "build/iommu-lockstep", "--seed", seed,
                    "--transactions", "50", "--out", os.path.join(tmp, "shrunk", "pass.stim"), "-q"], timeout=60)
    check("shrink: a command that passes is not shrunk, and says so", rc == 1 and
          "shrink: not shrunk: the original command passes" in text, text)
    rc, text = run(["python3", "tools/shrink.py", "--bench", "build/no-such-bench", "--seed", "1"])
    rc2, text2 = run(["python3", "tools/shrink.py", "--bench", "build/iommu-lockstep-bug", "--seed", "1", "--log", "x"])
    check("shrink: a bad --bench and a bench option it sets itself are named (exit 2)",
          rc == 2 and "--bench: build/no-such-bench is not an executable file" in text and rc2 == 2 and
          "--log is set by shrink.py itself" in text2, text + text2)
    # the regression's hook: each failure group's first seed shrunk, in the summary and the HTML report
    reg = os.path.join(tmp, "regress-shrink")
    rc, text = run(["python3", "tools/regress.py", "--seeds", "3", "--first-seed", "2", "--jobs", "2", "--transactions",
                    "400", "--bench", "build/iommu-lockstep-bug", "--out", reg, "--shrink",
                    "--bench-args=--profile default"], timeout=300)  # as make regress passes PROFILE
    shown = re.findall(r"^  shrunk: (\S+/seed-(\d+)/shrunk\.stim) \((\d+) -> (\d+) commands", text, re.M)
    groups = re.findall(r"^FAIL group \d+: ", text, re.M)
    index = read(os.path.join(reg, "index.html")) if os.path.exists(os.path.join(reg, "index.html")) else ""
    check("regress --shrink: every failure group shows its shrunk .stim (summary and index.html)",
          rc == 1 and groups and len(shown) == len(groups) and all(int(a) <= 20 for _, _, _, a in shown) and
          all(('href="seed-%s/shrunk.stim"' % sd) in index for _, sd, _, _ in shown), text)
    dt = time.monotonic() - t0
    check("shrink: the shrink tests took %.1f s (under 20 s)" % dt, dt < 20)


def test_bench_and_waves_issue13(tmp):
    """make bench leaves nothing in the temporary folder and ends with a verdict line on the targets (exit 0
    when only a speed target is missed, docs/decisions.md); make waves without a display says so and fails."""
    scratch = os.path.join(tmp, "bench-tmpdir")
    os.makedirs(scratch)
    env = dict(os.environ, TMPDIR=scratch, BENCH_TRANSACTIONS="2000", BENCH_REPEAT="1",
               BENCH_PERF_TRANSLATIONS="100000")
    before = set(os.listdir(BUILD))
    p = subprocess.run(["python3", os.path.join(ROOT, "tools", "bench.py")], cwd=ROOT, env=env,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=600)
    last = p.stdout.strip().splitlines()[-1] if p.stdout.strip() else ""
    check("bench: exit 0 with a verdict line on the targets, no files left in TMPDIR or build/",
          p.returncode == 0 and re.match(r"^bench: (every target met|target NOT met: \(a\))", last) is not None and
          os.listdir(scratch) == [] and set(os.listdir(BUILD)) == before, p.stdout)
    cpt = re.findall(r"^  cycles per translation, (config/\S+) .*?: L = 1, no back-pressure: hit ([\d.]+), miss ([\d.]+);",
                     p.stdout, re.M)
    check("bench: cycles per translation of an IOTLB-hit and an IOTLB-miss stream for config/rtl.cfg and "
          "config/rtl_max.cfg, a hit cheaper than a miss (%s)" % cpt,
          [c for c, _, _ in cpt] == ["config/rtl.cfg", "config/rtl_max.cfg"] and
          all(float(h) < float(m) for _, h, m in cpt) and
          re.search(r"^  lockstep / bare RTL speed ratio, config/rtl_max.cfg: [\d.]+", p.stdout, re.M) is not None,
          p.stdout)
    waves = os.path.join(tmp, "waves-nodisplay")
    os.makedirs(waves)
    open(os.path.join(waves, "mismatch.gtkw"), "w").close()
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    p = subprocess.run(["make", "-s", "waves", "WAVES=" + waves], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True, timeout=60)
    check("waves: without a display make waves says so and fails",
          p.returncode != 0 and "error: no display (DISPLAY is not set)" in p.stdout, p.stdout)


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
        # seed 20 has bad memory, MRIF-mode MSIs, translated requests and ATS completions granting access in
        # its first 500 requests
        rc, out = run([MODEL_RANDOM, "--seed", "20", "--requests", "500", "--save-stim", stim])
        outs.append((rc, out, read(stim) if os.path.exists(stim) else ""))
    check("model-random: the same seed gives the same run and the same stimulus, bit for bit",
          outs[0][0] == 0 and outs[0] == outs[1], outs[0][1] + outs[1][1])
    log = os.path.join(tmp, "model-random.log")
    rc, out = run([RUN] + FULL_CONFIG + [stim, "-o", log])
    rsp = "".join(l for l in read(log).splitlines(True) if l.startswith(("rsp ", "ats "))) if os.path.exists(log) else ""
    expected = read(stim + ".expected") if os.path.exists(stim + ".expected") else "<missing>"
    kinds = ("\nmemerr " in outs[0][2] and " mrif " in expected and " ttyp=tread " in outs[0][2] and
             re.search(r"^ats .* r=1 ", expected, re.M) is not None)
    check("model-random: the saved run (bad memory, MRIF, ATS) replays in the functional runner with the oracle's "
          "responses",
          rc == 0 and rsp == expected and rsp.count("\n") == 500 and kinds,
          out + first_difference(expected, rsp) + ("" if kinds else "the saved run has no memerr, MRIF response, tread or ATS completion granting access"))
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
    # (Two schemata builds since RTL version 7: config/rtl.cfg and config/rtl_max.cfg.) make test runs the curated
    # mutants and every 16th generated one (--sample), which keeps the suite within its 5 minutes since version 8
    # doubled the mutants; `make mutants` runs them all.
    rc, out = run_progress(["python3", os.path.join(ROOT, "tools", "mutants.py"), "--sample"], timeout=1500)
    check("mutants: the schemata build with no mutant enabled passes the short regression",
          re.search(r"^mutant 0 \(no mutation\): passes", out, re.M) is not None, out[-6000:])
    m = re.search(r"^mutants: (\d+) of (\d+) killed \((\d+) equivalent\)", out, re.M)
    check("mutants: >= 100 RTL mutants; every curated one and >= 95 % of the non-equivalent killed "
          "(make mutants)", rc == 0 and m is not None and int(m.group(2)) >= 100,
          "\n".join(l for l in out.splitlines() if "SURVIVED" in l or not l[:4].strip().isdigit())[-6000:])
    # The third oracle alone (no model: a bug the model shared would pass the cycle check) must catch the
    # curated 1 GiB superpage address bug on at least 40 of 100 random seeds (issue 12: 28 of 100 before the
    # generator swept the VPN fields, 95 with the version 9 mutant; since version 10 the mutant sits on
    # pa_by_sz, the one page-size composer, and only a leaf of 1 GiB or more with VPN[1] != 0 in the IOVA shows
    # it: 48 of 100, a regression of the stimulus' reach noted in the issue).
    rc, listing = run(["python3", os.path.join(ROOT, "tools", "mutants.py"), "--list"])
    gig = re.search(r"^\s*(\d+) pkg:gig_pa:", listing, re.M)
    exe = os.path.join(BUILD, "mutants", "iommu-lockstep")
    caught = 0
    if gig and os.path.exists(exe):
        for seed in range(1, 101):
            rc, _ = run([exe, "--dut", "rtl", "+mutant=" + gig.group(1), "--seed", str(seed), "--transactions",
                         "1000", "-q", "--no-waves"], timeout=120)
            caught += rc != 0
    check("mutants: the mapping oracle alone catches the 1 GiB superpage address bug on >= 40 of 100 seeds "
          "(%d)" % caught, gig is not None and caught >= 40, listing[-2000:] if gig is None else "")
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


def test_oracle_causes(tmp):
    """The mapping oracle (issue 12, "a stronger third oracle") checks, from what the generator wrote and never
    from the model, the cause of every fault response and every field of every fault record the DUT writes.
    200 random seeds pass with it on the RTL alone and in lockstep; it checks something (counts in the
    summary); and with the model out of the loop it alone catches RTL mutants that change a cause or a record
    field, which the address-only oracle let through on 0 of 20 seeds each (docs/decisions.md)."""
    summary = r"(\d+) requests, (\d+) faults, .*; (\d+) fault causes and (\d+) fault records checked by the mapping oracle"
    for dut in ("rtl", "both"):
        rc, out = run([LOCKSTEP, "--dut", dut, "--seed", "1", "--seeds", "200", "-q", "--no-waves"])
        m = re.search(summary, out)
        check("oracle causes: 200 random seeds pass with --dut %s, the cause of every fault response and > 1000 "
              "fault records checked by the mapping oracle" % dut,
              rc == 0 and out.startswith("PASS") and m is not None and int(m.group(2)) > 0 and
              int(m.group(3)) == int(m.group(2)) and int(m.group(4)) > 1000, out)
    # The example DUT's observation port does not show its engine states: its records are found as writes
    # into the fault queue software set up (fqb), and checked all the same.
    if os.path.exists(LOCKSTEP_OTHER):
        rc, out = run([LOCKSTEP_OTHER, "--dut", "rtl", "--seed", "1", "--seeds", "20", "-q", "--no-waves"])
        m = re.search(summary, out)
        check("oracle causes: the example DUT (no engine states on its observation port) passes 20 seeds with its "
              "fault records found in software's fault queue and checked",
              rc == 0 and m is not None and int(m.group(4)) > 100, out)
    rc, listing = run(["python3", os.path.join(ROOT, "tools", "mutants.py"), "--list"], timeout=1800)
    exe = os.path.join(BUILD, "mutants", "iommu-lockstep")

    def number(stable_id):
        m = re.search(r"^\s*(\d+) %s\s" % re.escape(stable_id), listing, re.M)
        return m.group(1) if m else None

    # (stable id, what it breaks, seeds of 1..20 the oracle alone must catch it on, the first message it gives)
    cases = [
        ("fault_queue:negate_ternary:8b68cbd4", "a record's PID leaks when PV = 0 (and is 0 when PV = 1)", 18,
         "(PV = 0: PID is 0)"),
        ("pkg:cause_swap:bb1ace31", "a read page fault reported as a write page fault", 18,
         "CAUSE in {13 (Read page fault)}"),
        ("fault_queue:dtf_ignored:1d18d2d5", "DC.tc.DTF = 1 does not suppress records", 5,
         "which suppresses it (cause table"),
        ("fault_queue:fq_full:674fe553", "a full queue's record overwrites one software has not read", 15,
         "the queue is full there (fqt == fqh - 1)"),
    ]
    for stable_id, what, want, message in cases:
        n = number(stable_id)
        caught, text = 0, ""
        if n is not None and os.path.exists(exe):
            for seed in range(1, 21):
                rc, out = run([exe, "--dut", "rtl", "+mutant=" + n, "--seed", str(seed), "-q", "--no-waves"],
                              timeout=120)
                if rc != 0 and "ERROR at cycle" in out and "oracle: " in out and message in out:
                    caught += 1
                    text = text or out
                elif rc != 0:
                    text = out  # failed, but not by the oracle's message: shown below
        check("oracle causes: the mapping oracle alone (--dut rtl, no model) catches mutant %s (%s) on >= %d of 20 "
              "seeds (%d)" % (stable_id, what, want, caught),
              n is not None and caught >= want, listing[-2000:] if n is None else text[-3000:])
        if stable_id.startswith("fault_queue:negate_ternary"):
            # the report names the request (tag, did, ttyp, iova, stimulus line), software's expectation and
            # what the DUT wrote
            check("oracle causes: a record error names the request, what software expects and what the IOMMU wrote",
                  re.search(r"oracle: tag \d+: fault record at 0x[0-9a-f]+ for tag \d+ \(did=0x[0-9a-f]+ ttyp=\w+ "
                            r"iova=0x[0-9a-f]+.*, generated:\d+\): software expects CAUSE in \{.*\}, TTYP \d+, DID "
                            r"0x[0-9a-f]+, PV 0, PID 0x0, PRIV 0, iotval 0x[0-9a-f]+, iotval2 0.*; the IOMMU wrote "
                            r"CAUSE \d+ TTYP \d+ DID 0x[0-9a-f]+ PV 0 PID 0x[0-9a-f]+", text) is not None, text[-3000:])


def test_cmd_stimulus(tmp):
    """Stimulus `cmd` lines (docs/formats.md): a cmd is the two slot stores at cqb.PPN * 4096 + cqt * 16 and the
    cqt write, so it gives the same log as the hand-expanded form; expect= alternatives: an answer in the set
    passes (and an older one is counted as a stale hit), an answer outside it fails naming file:line."""
    head = ("iommu-stim 1\nwrite fctl 0x2\nwrite cqb 0x100001\nwrite cqt 0x0\nwrite cqcsr 0x1\npoll cqcsr 0x30000 0x10000\n")
    # slot 0: IOFENCE.C (dw0 = 2); slot 1 (0x400010): IOFENCE.C AV=1 WSI=1 PR=1 DATA=0xabcd ADDR=0x500004:
    # dw0 = 2 | 1<<10 | 1<<11 | 1<<12 | 0xabcd<<32, dw1 = ADDR >> 2; the queue at 0x400000 has 4 entries.
    by_cmd = head + ("cmd IOFENCE.C\ncmd IOFENCE.C av=1 wsi=1 pr=1 data=0xabcd addr=0x500004\n"
                     "poll cqh 0xffffffff 0x2\nread cqcsr\n")
    by_hand = head + ("mem 0x400000 0x2\nmem 0x400008 0x0\nwrite cqt 0x1\n"
                      "mem 0x400010 0xabcd00001c02\nmem 0x400018 0x140001\nwrite cqt 0x2\n"
                      "poll cqh 0xffffffff 0x2\nread cqcsr\n")
    logs = {}
    for name, text in (("cmd", by_cmd), ("hand", by_hand)):
        stim, log = os.path.join(tmp, "expand_%s.stim" % name), os.path.join(tmp, "expand_%s.log" % name)
        with open(stim, "w") as f:
            f.write(text)
        rc, out = run([RUN, stim, "-o", log])
        rc2, out2 = run([LOCKSTEP, "--stim", stim, "-q", "--no-waves", "--log", log + ".bench"])
        logs[name] = (rc, rc2, read(log) if os.path.exists(log) else "", read(log + ".bench")
                      if os.path.exists(log + ".bench") else "", out + out2)
    c, h = logs["cmd"], logs["hand"]
    check("cmd: a cmd line expands to the slot stores at cqb.PPN*4096 + cqt*16 and the cqt write (same log as the "
          "hand-expanded form, runner and lockstep; the fence writes 0xabcd at 0x500004)",
          c[0] == 0 and c[1] == 0 and h[0] == 0 and c[2] == h[2] and c[3] == c[2] and
          "memwr addr=0x0000000000500004 data=0x000000000000abcd size=4 status=ok" in c[2] and
          "read cqcsr value=0x0000000000010801" in c[2], c[4] + h[4] + c[2] + h[2])
    base = ("iommu-stim 1\nmem 0x100020 0x1\nmem 0x100038 0x0\nwrite ddtp 0x40002\npoll ddtp 0x10 0x0\n")
    cases = [  # (expect=, passes, what the output must say)
        ("ok@0x5000|ok@0x1234", True, "1 responses gave the older outcome"),
        ("ok@0x1234|fault@258", True, "PASS"),
        ("fault@258|ok@0x5000|fault@13", False,
         "expect_alt.stim:6) software allows only now fault@258 | older ok@0x5000 | older fault@13, but the IOMMU "
         "answered ok cause 0 pa 0x1234"),
    ]
    for expect, passes, says in cases:
        stim = os.path.join(tmp, "expect_alt.stim")
        with open(stim, "w") as f:
            f.write(base + "dma tag=1 did=0x1 ttyp=read iova=0x1234 expect=%s\n" % expect)
        for dut in ("both", "model"):
            rc, out = run([LOCKSTEP, "--stim", stim, "--dut", dut, "--no-waves"])
            check("expect alternatives: expect=%s %s on --dut %s" % (expect, "passes" if passes else "fails", dut),
                  (rc == 0) == passes and says in out, out)


def live_responses_match_now(stim_text, log_text):
    """The functional runner has no caches: every response must be the first (now) alternative of expect=.
    Returns (number checked, first disagreement or '')."""
    want = {}
    for line in stim_text.splitlines():
        m = re.match(r"dma tag=(\d+) .*expect=(\S+)", line)
        if m:
            first = m.group(2).split("|")[0]
            want[int(m.group(1))] = first
    checked = 0
    for line in log_text.splitlines():
        m = re.match(r"rsp tag=(\d+) (ok pa=0x([0-9a-f]+)|fault cause=(\d+))", line)
        if not m or int(m.group(1)) not in want:
            continue
        first = want.pop(int(m.group(1)))
        got = "ok@0x%x" % int(m.group(3), 16) if m.group(3) else "fault@%s" % m.group(4)
        if got != first:
            return checked, "tag %s: the runner answered %s, the stimulus says now %s" % (m.group(1), got, first)
        checked += 1
    return checked, ""


def test_randgen_second_stage(tmp):
    """The random stimulus of version 8 (tb/randgen.c under config/rtl_max.cfg, which has Sv39x4/Sv48x4/Sv57x4):
    every request's expect= (the mapping oracle's reading of two-stage translation, MSI translation and
    iotval2) equals what the functional runner answers, and the profiles reach the guest-page faults of every
    access type, MSI PTE faults and two-stage successes; the oracle catches a wrong iotval2."""
    cfg = os.path.join("config", "rtl_max.cfg")
    randgen = os.path.join(BUILD, "iommu-randgen")
    if not os.path.exists(randgen):
        check("randgen v8: build/iommu-randgen exists", False, randgen + " is missing: `make build` builds it")
        return
    for profile, seeds, must in (("guest", 10, {"20", "21", "23", "262", "263", "ok"}), ("default", 2, {"21", "ok"}),
                                 ("live-omit", 2, {"20", "21", "23", "ok"})):
        rc, out = run([sys.executable, os.path.join("tools", "check_randgen_oracle.py"), "--config", cfg,
                       "--profile", profile, "--seeds", str(seeds), "--transactions", "400", "--workdir", tmp],
                      timeout=300)
        m = re.search(r"outcomes (.*)$", out.strip().splitlines()[-1] if out.strip() else "")
        reached = {kv.split(":")[0] for kv in m.group(1).split()} if m else set()
        check("randgen v8: profile %s, %d seeds: every expect= equals the functional runner's response, reaching %s"
              % (profile, seeds, " ".join(sorted(must))), rc == 0 and must <= reached,
              out + ("" if must <= reached else "\nnot reached: %s" % " ".join(sorted(must - reached))))
    if not os.path.exists(LOCKSTEP_MAX):
        return
    # the oracle checks iotval2 of guest-page faults: one GPA bit flipped in every iotval2= must stop the run
    # (the first seed whose faults write records the oracle reads: a run whose queue is off or full checks none)
    for seed in range(1, 9):
        rc, stim = run([randgen, "--config", cfg, "--seed", str(seed), "--transactions", "300", "--profile", "guest"])
        good = os.path.join(tmp, "guest_iotval2.stim")
        with open(good, "w") as f:
            f.write(stim)
        rc1, out = run([LOCKSTEP_MAX, "--dut", "model", "--stim", good, "-q", "--no-waves"], timeout=300)
        m = re.search(r"(\d+) fault records checked", out)
        if rc == 0 and rc1 == 0 and "iotval2=" in stim and m and int(m.group(1)) > 0:
            break
    bad = os.path.join(tmp, "guest_bad_iotval2.stim")
    with open(bad, "w") as f:
        f.write(re.sub(r"iotval2=0x([0-9a-f]+)", lambda m: "iotval2=0x%x" % (int(m.group(1), 16) ^ 0x1000), stim))
    rc2, out = run([LOCKSTEP_MAX, "--dut", "model", "--stim", bad, "-q", "--no-waves"], timeout=300)
    check("randgen v8: a wrong iotval2= of a guest-page fault stops the run (the mapping oracle checks it; seed %d)"
          % seed, rc == 0 and "iotval2=" in stim and rc2 != 0 and "iotval2" in out and "expected 0x" in out, out)
    # the live agent edits G-stage leaves and invalidates them by IOTINVAL.GVMA (opcode 1, func3 1) GV = AV = 1
    stim = os.path.join(tmp, "max-live-gvma.stim")
    run([LOCKSTEP_MAX, "--seed", "4", "--transactions", "800", "--profile", "live", "-q", "--no-waves",
         "--save-stim", stim])
    dw0s = [int(m, 16) for m in re.findall(r"^cmd raw dw0=(0x[0-9a-f]+)", read(stim) if os.path.exists(stim) else "", re.M)]
    gvma = sum(1 for d in dw0s if d & 0x3ff == 0x81 and d >> 33 & 1 and d >> 10 & 1)
    vma_gv = sum(1 for d in dw0s if d & 0x3ff == 0x01 and d >> 33 & 1)
    check("randgen v8: the live agent issues IOTINVAL.GVMA GV = AV = 1 (%d) and IOTINVAL.VMA GV = 1 (%d) in seed 4"
          % (gvma, vma_gv), gvma > 0 and vma_gv > 0, stim)


def test_randgen_ats(tmp):
    """The random stimulus of version 11 (tb/randgen.c under config/rtl_max.cfg, which has ATS and T2GPA): every
    request's expect= and ats= (the ATS completion software expects: range, R, W, U) equals what the functional
    runner answers, software's polls of the page-request queue it predicts pass, and the ats profile reaches
    every completion status and both W outcomes; config/rtl.cfg gets nothing of ATS. In cycle lockstep on
    build/iommu-lockstep-max the ats profile passes, its coverage bins of ATS are hit, and a wrong ats= stops the
    run (the mapping oracle checks the completion)."""
    cfg = os.path.join("config", "rtl_max.cfg")
    randgen = os.path.join(BUILD, "iommu-randgen")
    must = {"ats.success.r1w1", "ats.success.r1w0", "ats.success.r0w0", "ats.ur", "ats.ca", "ok", "260", "259"}
    rc, out = run([sys.executable, os.path.join("tools", "check_randgen_oracle.py"), "--config", cfg, "--profile",
                   "ats", "--seeds", "10", "--transactions", "400", "--workdir", tmp], timeout=600)
    m = re.search(r"outcomes (.*)$", out.strip().splitlines()[-1] if out.strip() else "")
    reached = {kv.split(":")[0] for kv in m.group(1).split()} if m else set()
    check("randgen v11: profile ats, 10 seeds: every expect= and ats= equals the functional runner's answer and "
          "every pqt/pqcsr poll passes, reaching %s" % " ".join(sorted(must)), rc == 0 and must <= reached,
          out[-3000:] + ("" if must <= reached else "\nnot reached: %s" % " ".join(sorted(must - reached))))
    rc, stim = run([randgen, "--config", os.path.join("config", "rtl.cfg"), "--seed", "3", "--transactions", "300",
                    "--profile", "ats"])
    check("randgen v11: under config/rtl.cfg (no ATS) the ats profile draws no page request, ATS command, "
          "completion or timeout", rc == 0 and re.search(r"^(pgreq|invcpl|atstimeout)|ats=|pqcsr", stim, re.M) is None,
          stim[:2000])
    rc, stim = run([randgen, "--config", cfg, "--seed", "3", "--transactions", "600", "--profile", "ats"])
    kinds = {k: len(re.findall(p, stim, re.M)) for k, p in (("pgreq", r"^pgreq"), ("invcpl", r"^invcpl"),
                                                            ("atstimeout", r"^atstimeout"), ("ttyp=ats", r"ttyp=ats"))}
    kinds["ATS.INVAL"] = sum(1 for d in re.findall(r"^cmd raw dw0=(0x[0-9a-f]+)", stim, re.M) if int(d, 16) & 0x3ff == 4)
    check("randgen v11: seed 3 of the ats profile has page requests, completions, a timeout and ATS requests (%s)"
          % ", ".join("%s %d" % kv for kv in sorted(kinds.items())),
          rc == 0 and kinds["pgreq"] > 0 and kinds["invcpl"] > 0 and kinds["ttyp=ats"] > 0 and kinds["ATS.INVAL"] > 0,
          stim[:1000])
    if not os.path.exists(LOCKSTEP_MAX):
        return
    cov = os.path.join(tmp, "ats_cov.txt")
    rc, out = run([LOCKSTEP_MAX, "--seed", "1", "--seeds", "6", "--transactions", "500", "--profile", "ats", "-q",
                   "--no-waves", "--coverage", cov], timeout=900)
    check("randgen v11: 6 seeds of profile ats pass in cycle lockstep on build/iommu-lockstep-max",
          rc == 0 and "PASS (cycle check)" in out, out[-3000:])
    bins = {}
    for line in (read(cov) if os.path.exists(cov) else "").splitlines():
        n, name = line.split(" ", 1)
        bins[name] = int(n)
    want = ["ats.cpl.success", "ats.cpl.no_access", "ats.cpl.ur", "ats.cpl.ca", "ats.cpl.w_granted",
            "ats.cpl.w_denied", "translated.passthrough", "translated.t2gpa.ok", "translated.en_ats0",
            "pgreq.queued", "pgreq.fault", "pgreq.pqof_seen", "prgr.own.success", "prgr.command", "inval.sent",
            "fence.ats_wait", "fence.cmd_to"]
    missing = [w for w in want if bins.get(w, 0) == 0]
    check("randgen v11: the ats profile hits the ATS coverage bins (%s)" % " ".join(want), not missing,
          "not hit: %s" % " ".join(missing))
    # the mapping oracle checks ATS completions: every ats= range made one bit smaller must stop the run
    rc, stim = run([randgen, "--config", cfg, "--seed", "2", "--transactions", "300", "--profile", "ats"])
    bad = os.path.join(tmp, "ats_bad_range.stim")
    with open(bad, "w") as f:
        f.write(re.sub(r"ats=1,([01x]),([01]),(\d+)", lambda m: "ats=1,%s,%s,%d" % (m.group(1), m.group(2),
                                                                                   int(m.group(3)) + 1), stim))
    rc2, out = run([LOCKSTEP_MAX, "--stim", bad, "-q", "--no-waves"], timeout=300)
    check("randgen v11: a wrong ats= range stops the run (the mapping oracle checks the ATS completion)",
          rc == 0 and "ats=1," in stim and rc2 != 0 and "ATS completion" in out, out[-2000:])


def test_live_profiles(tmp):
    """The live software agent (profiles live, live-omit): tables change while DMA runs, invalidations through
    the command queue; seeds pass in lockstep (RTL and timing model and the mapping oracle's old|new sets), on
    the timing model alone, and through the functional runner (no caches: always the new outcome); a seed
    reproduces its stimulus; omitted invalidations show as stale hits; the oracle alone catches an RTL whose
    IODIR.INVAL_DDT keeps the entry."""
    seeds = str(int(os.environ.get("TEST_LIVE_SEEDS", "40")))
    stale = {}
    for profile in ("live", "live-omit"):
        for dut in ("both", "model"):
            rc, out = run([LOCKSTEP, "--seed", "1", "--seeds", seeds, "--transactions", "500", "--profile", profile,
                           "--dut", dut, "-q", "--no-waves"])
            m = re.search(r"(\d+) responses gave the older outcome", out)
            check("profile %s: %s seeds pass on --dut %s (the oracle's old|new sets)" % (profile, seeds, dut),
                  rc == 0 and out.startswith("PASS") and "Assertion failed" not in out, out)
            stale[(profile, dut)] = int(m.group(1)) if m else 0
        texts = []
        for i in range(2):
            stim = os.path.join(tmp, "%s-%d.stim" % (profile, i))
            run([LOCKSTEP, "--seed", "5", "--transactions", "400", "--profile", profile, "-q", "--no-waves",
                 "--save-stim", stim])
            texts.append(read(stim) if os.path.exists(stim) else "")
        check("profile %s: one seed gives the same stimulus bit for bit, with cmd lines, nowait polls of cqh and "
              "old|new alternatives" % profile,
              texts[0] != "" and texts[0] == texts[1] and re.search(r"^cmd raw dw0=0x[0-9a-f]+ dw1=0x[0-9a-f]+",
                                                                      texts[0], re.M) is not None
              and re.search(r"^poll cqh 0xffffffff 0x[0-9a-f]+ max=\d+ nowait$", texts[0], re.M) is not None
              and re.search(r"expect=\S+\|(ok|fault)@", texts[0]) is not None, texts[0][:2000])
        checked_total, problems = 0, []
        for seed in range(1, 11):
            stim, log = os.path.join(tmp, "%s-run%d.stim" % (profile, seed)), os.path.join(tmp, "%s-run%d.log" %
                                                                                          (profile, seed))
            run([LOCKSTEP, "--seed", str(seed), "--transactions", "300", "--profile", profile, "-q", "--no-waves",
                 "--save-stim", stim])
            rc, out = run([RUN, stim, "-o", log])
            checked, why = live_responses_match_now(read(stim), read(log) if os.path.exists(log) else "")
            checked_total += checked
            if rc != 0 or why or checked < 250:
                problems.append("seed %d: rc %d, %d checked %s %s" % (seed, rc, checked, why, out[-500:]))
        check("profile %s: 10 seeds through build/iommu-run, every response the tables' new outcome (%d checked)" %
              (profile, checked_total), not problems, "\n".join(problems))
    check("profile live-omit: omitted invalidations show as stale hits the oracle accepts (%d on both, %d on the "
          "model; live: %d)" % (stale[("live-omit", "both")], stale[("live-omit", "model")], stale[("live", "both")]),
          stale[("live-omit", "both")] > 0 and stale[("live-omit", "model")] > 0, str(stale))
    rc, out = run([LOCKSTEP, "--check", "transaction", "--profile", "live", "-q", "--no-waves"])
    rc2, out2 = run([LOCKSTEP, "--check", "transaction", "--stim", os.path.join(tmp, "live-omit-0.stim"), "-q",
                     "--no-waves"])
    check("profile live: --check transaction is refused (the arch layer has no caches to follow a stale answer), "
          "for the profile and for a stimulus with old|new alternatives, naming its file:line",
          rc == 2 and "profile live (knob live_percent = 8)" in out and "run it with --check cycle" in out and
          rc2 == 2 and re.search(r"live-omit-0\.stim:\d+: --check transaction: this dma allows an older outcome",
                                 out2) is not None, out + out2)
    rc, out = run([LOCKSTEP_BUG, "+bug=inval_ddt_keeps_entry", "--dut", "rtl", "--seed", "1", "--seeds", seeds,
                   "--transactions", "500", "--profile", "live", "-q", "--no-waves"])
    check("profile live: the mapping oracle alone (--dut rtl) catches an IODIR.INVAL_DDT that keeps the entry",
          rc == 1 and re.search(r"ERROR at cycle \d+: oracle: tag \d+", out) is not None, out[-3000:])
    # MSI delivery (knob msi_percent: about half the live seeds take interrupts as MSIs, with vectors masked and
    # unmasked): the oracle alone names the vector of an MSI sent while masked.
    caught, bad = 0, []
    for seed in range(1, 21):
        rc, out = run([LOCKSTEP_BUG, "+bug=msi_masked", "--dut", "rtl", "--seed", str(seed), "--transactions", "500",
                       "--profile", "live", "-q", "--no-waves"])
        if rc == 1 and re.search(r"ERROR at cycle \d+: oracle: MSI vector (\d+) sent while masked "
                                 r"\(msi_vec_ctl_\1\.M = 1\)", out):
            caught += 1
        elif rc != 0:
            bad.append("seed %d: %s" % (seed, out[-1500:]))
    check("profile live: the mapping oracle alone (--dut rtl) catches +bug=msi_masked naming the vector (%d of 20 "
          "seeds; the others take wires)" % caught, caught >= 6 and not bad, "\n".join(bad))
    rc, out = run([LOCKSTEP_BUG, "+bug=msi_masked", "--seed", "1", "--transactions", "500", "--profile", "live", "-q",
                   "--no-waves"])
    check("profile live: the cycle check catches +bug=msi_masked and its report names the masked vector sent",
          rc == 1 and re.search(r"aftermath: cycle \d+: the DUT sent MSI vector \d+ .* while software had it masked",
                                out) is not None, out[-3000:])


def test_model_mutants():
    """The golden model built with deliberate spec misreadings, one at a time (only the mutated file
    recompiled): the random self-check against the spec oracle must catch each (tools/model_mutants.py;
    a mutation whose text moved is reported stale)."""
    rc, out = run_progress(["python3", os.path.join(ROOT, "tools", "model_mutants.py")], timeout=900)
    check("model mutants: every deliberate golden-model bug fails the random self-check (make model-mutants)",
          rc == 0 and re.search(r"^model-mutants: \d+ of \d+ killed \(\d+ equivalent\)", out, re.M) is not None, out)


def test_version9(tmp):
    """Version 9 (docs/microarch.md 5.7) in lockstep: the random stimulus under config/rtl_max.cfg (HPM, DBG,
    QOSID) programs event selectors, counters and inhibits, issues debug translations and writes iommu_qosid and
    too-wide DC QoS IDs; the RTL and the timing layer agree every cycle on it (build/iommu-lockstep-max) and the
    mapping oracle places every fault record (a debug translation's would not be); the monitor profile fills the
    version 9 coverage bins; the report's history names a debug translation; config/rtl.cfg's stimulus draws
    nothing of version 9, and its bench has no version 9 bin."""
    maxb = os.path.join(BUILD, "iommu-lockstep-max")
    cfg = os.path.join("config", "rtl_max.cfg")
    # writes name their offset: tr_req_ctl 0x260, iohpmevtN 0x160.., iohpmctrN 0x68.., iohpmcycles 0x60,
    # iocountinh 0x5c, iommu_qosid 0x270 (the first of seeds 2..7 that has them all: the mix follows the config)
    wanted = (r"write 0x260 0x[0-9a-f]*[13579bdf] ", r"poll tr_req_ctl", r"read tr_response", r"write 0x1[6-9a-f]0 ",
              r"write 0x(6|7)8 |write 0x[89a-f][08] ", r"write 0x60 ", r"write 0x5c ", r"write 0x270 ",
              r"read iohpmevt", r"read iocountovf", r"read iommu_qosid", r"expect=fault@259")
    for seed in range(2, 8):
        rc, stim = run([os.path.join(BUILD, "iommu-randgen"), "--config", cfg, "--seed", str(seed), "--transactions",
                        "600", "--knob", "dbg_percent=20", "--knob", "hpm_percent=20"])
        missing = [w for w in wanted if re.search(w, stim) is None]
        if not missing:
            break
    check("randgen v9: the stimulus under rtl_max.cfg has debug translations, HPM and QoS register work",
          rc == 0 and not missing, "missing: %s\n%s" % (missing, stim[-2000:]))
    rc, old = run([os.path.join(BUILD, "iommu-randgen"), "--config", os.path.join("config", "rtl.cfg"),
                   "--seed", "2", "--transactions", "600"])
    check("randgen v9: config/rtl.cfg's stimulus has no version 9 register",
          rc == 0 and re.search(r"tr_req|iohpm|iocount|iommu_qosid", old) is None, old[-2000:])
    for profile, seeds in (("monitor", 6), ("default", 3), ("process", 3), ("guest", 3)):
        rc, out = run([maxb, "--seed", "1", "--seeds", str(seeds), "--transactions", "500", "--profile", profile,
                       "--knob", "dbg_percent=20", "--knob", "hpm_percent=20", "-q", "--no-waves"], timeout=600)
        check("randgen v9: %d seeds of profile %s in lockstep on build/iommu-lockstep-max (RTL = timing layer every "
              "cycle, mapping oracle)" % (seeds, profile), rc == 0 and "0 mismatches" in out, out[-3000:])
    # the monitor profile reaches the version 9 coverage bins (pmip by MSI and a debug translation's fault are
    # not drawn by this generator yet); the base bench (no HPM/DBG/QOSID) writes none of them
    cov = os.path.join(tmp, "v9_cov.txt")
    rc, out = run([maxb, "--seed", "1", "--seeds", "4", "--transactions", "800", "--profile", "monitor", "-q",
                   "--no-waves", "--coverage", cov], timeout=600)
    bins = {}
    if os.path.exists(cov):
        for line in read(cov).splitlines():
            n, name = line.split(None, 1)
            bins[name] = int(n)
    v9 = {k: v for k, v in bins.items() if k.split(".")[0] in ("hpm", "dbg", "qos")}
    holes = sorted(k for k, v in v9.items() if v == 0 and k not in ("hpm.pmip.msi", "dbg.fault"))
    check("randgen v9: profile monitor passes in lockstep and fills every version 9 bin it can (27 bins)",
          rc == 0 and "0 mismatches" in out and len(v9) == 27 and not holes, "holes: %s\n%s" % (holes, out[-2000:]))
    # a run stopped just after a debug translation names it in the history (taken, and completed without a
    # response); seed 3 of the monitor profile takes one
    stim_path = os.path.join(tmp, "v9_monitor.stim")
    rc, text = run([os.path.join(BUILD, "iommu-randgen"), "--config", cfg, "--seed", "3", "--transactions", "300",
                    "--profile", "monitor"])
    with open(stim_path, "w") as f:
        f.write(text)
    # the stop cycle is searched (the mix moves with the configuration): the first stop whose history holds both
    named = lambda o: (re.search(r"debug translation \(tr_req_ctl Go/Busy\) taken: device_id 0x[0-9a-f]+ TTYP \d", o)
                       is not None and "debug translation completes: tr_response written" in o)
    for max_cycles in range(1000, 8000, 20):
        rc, out = run([maxb, "--stim", stim_path, "--no-waves", "--max-cycles", str(max_cycles)], timeout=300)
        if rc == 0 or named(out):
            break
    check("randgen v9: the bench's history names a debug translation taken and completed (stopped at cycle %d)"
          % max_cycles, rc != 0 and named(out), out[-3000:])
    # rtl9's directed scenario, now at cycle level too (RTL vs timing layer every cycle)
    for seed in (1, 2, 3):
        rc, out = run([maxb, "--stim", os.path.join("tests", "rtl", "hpm_debug.stim"), "--seed", str(seed), "-q",
                       "--no-waves"], timeout=300)
        check("hpm_debug.stim seed %d: lockstep RTL vs the version 9 timing layer (cycle check)" % seed,
              rc == 0 and "PASS (cycle check)" in out and "0 mismatches" in out, out[-3000:])
    cov_base = os.path.join(tmp, "base_cov.txt")
    rc, out = run([LOCKSTEP, "--seed", "1", "--transactions", "200", "-q", "--no-waves", "--coverage", cov_base],
                  timeout=300)
    check("randgen v9: build/iommu-lockstep (config/rtl.cfg) has no version 9 coverage bin",
          rc == 0 and os.path.exists(cov_base) and re.search(r" (hpm|dbg|qos)\.", read(cov_base)) is None, out[-2000:])


def test_version10_stimulus(tmp):
    """Version 10 random stimulus (docs/microarch.md 5.8, 6.6; profile formats): the generator's mapping oracle
    (expect=, pbmt=) agrees with the functional runner under config/full_be.cfg (Sv32 first stages, fctl.GXL = 1
    runs with Sv32x4, NAPOT leaves of both stages, PBMT 0-3, bits 60:59, big-endian runs and tc.SBE per DC, queue
    sizes above the maximum); config/rtl.cfg's stimulus draws nothing of version 10; a few seeds of the formats
    and live profiles pass in lockstep on build/iommu-lockstep-max, whose coverage then has every version 10 bin
    of its configuration hit (none without version 10)."""
    randgen = os.path.join(BUILD, "iommu-randgen")
    rc, out = run(["python3", os.path.join("tools", "check_randgen_oracle.py"), "--config",
                   os.path.join("config", "full_be.cfg"), "--profile", "formats", "--seeds", "4", "--transactions",
                   "300", "--workdir", tmp], timeout=600)
    check("randgen v10: profile formats' mapping oracle agrees with the functional runner (config/full_be.cfg, "
          "4 seeds)", rc == 0 and re.search(r"\d+ responses checked, 0 disagree", out) is not None, out[-3000:])
    # under full_be.cfg the formats mix writes what version 10 adds: fctl.BE/GXL, Sv32 iosatp (MODE 8 with SXL),
    # pbmt= expectations, an fqb LOG2SZ-1 above 19
    texts = []
    for seed in range(1, 13):
        rc, text = run([randgen, "--config", os.path.join("config", "full_be.cfg"), "--seed", str(seed),
                        "--transactions", "300", "--profile", "formats"])
        texts.append(text)
    both = "\n".join(texts)
    wanted = (r"write 0x8 0x[37] ", r"write 0x8 0x[67] ", r" pbmt=[12]", r"write 0x28 0x[0-9a-f]*(1[4-9a-f]|[2-3][0-9a-f]) ")
    missing = [w for w in wanted if re.search(w, both) is None]
    check("randgen v10: the formats stimulus under config/full_be.cfg sets fctl.BE and fctl.GXL, expects PBMT and "
          "writes fqb above its maximum", not missing, "missing: %s" % missing)
    rc, old = run([randgen, "--config", os.path.join("config", "rtl.cfg"), "--seed", "2", "--transactions", "600",
                   "--profile", "formats"])
    first_fctl = re.search(r"^write 0x8 (0x[0-9a-f]+) ", old, re.M)
    check("randgen v10: config/rtl.cfg's formats stimulus draws nothing of version 10 (fctl set to 0x2, no pbmt=, "
          "no cqb write)", rc == 0 and first_fctl is not None and first_fctl.group(1) == "0x2" and
          re.search(r" pbmt=|^write 0x18 ", old, re.M) is None, old[-2000:])
    maxb = os.path.join(BUILD, "iommu-lockstep-max")
    max_cfg = read(os.path.join(ROOT, "config", "rtl_max.cfg"))
    v10 = re.search(r"^capabilities\.Sv32\s*=\s*1", max_cfg, re.M) is not None
    # the lockstep runs of formats (12 seeds x 250: every run-level draw, BE and GXL, meets several seeds) and live
    # (2 seeds: the NL/S commands) are also the coverage runs
    bins = {}
    for profile, seeds, n in (("formats", 12, 250), ("live", 2, 400)):
        cov = os.path.join(tmp, "v10_cov_%s.txt" % profile)
        rc, out = run([maxb, "--seed", "1", "--seeds", str(seeds), "--transactions", str(n), "--profile", profile,
                       "-q", "--no-waves", "--coverage", cov], timeout=900)
        check("randgen v10: %d seeds of profile %s in lockstep on build/iommu-lockstep-max (RTL = timing layer every "
              "cycle, mapping oracle)" % (seeds, profile), rc == 0 and "0 mismatches" in out, out[-3000:])
        if os.path.exists(cov):
            for line in read(cov).splitlines():
                k, name = line.split(None, 1)
                bins[name] = bins.get(name, 0) + int(k)
    got = {k: v for k, v in bins.items() if k.startswith("v10.")}
    holes = sorted(k for k, v in got.items() if v == 0)
    if v10:
        check("randgen v10: profiles formats and live fill every version 10 coverage bin of config/rtl_max.cfg (18 "
              "bins)", len(got) == 18 and not holes, "holes: %s (%d bins)" % (holes, len(got)))
    else:
        check("randgen v10: a configuration without version 10 has no version 10 coverage bin",
              bool(bins) and not got, str(sorted(got)))
def run_named(names):
    """python3 tests/run_tests.py test_NAME ...: only these test functions (each given tmp when it takes it)."""
    tmp = tempfile.mkdtemp(prefix="iommu-test-")
    for n in names:
        fn = globals().get(n)
        if not n.startswith("test_") or not callable(fn):
            print("error: %s: no such test function (expected a test_* name of tests/run_tests.py)" % n)
            return 2
        fn(tmp) if fn.__code__.co_argcount else fn()
    passed = sum(1 for r in results if r[1])
    print("%d passed, %d failed" % (passed, len(results) - passed))
    return 1 if passed != len(results) else 0


def main():
    if len(sys.argv) > 1:
        return run_named(sys.argv[1:])
    tmp = tempfile.mkdtemp(prefix="iommu-test-")
    test_make_help()
    test_lint()
    test_bad_input(tmp)
    test_bad_flags_issue13(tmp)
    test_hang_is_bounded(tmp)
    test_bounded_bench_issue13()
    test_code_coverage_input(tmp)
    test_bench_and_waves_issue13(tmp)
    test_directed(tmp)
    test_max_config(tmp)
    test_msi_timing_model(tmp)
    test_ats_timing_model(tmp)
    test_max_timing_model(tmp)
    test_spec(tmp)
    # The acceptance benches exist only with versions 10 and 11 merged (Makefile FULL_BUILDS, which make test
    # passes on as IOMMU_FULL_BUILDS); until then this says so instead of failing.
    if os.environ.get("IOMMU_FULL_BUILDS") == "1":
        test_spec_lockstep(tmp)
    else:
        print("note: spec lockstep on the config/full.cfg and config/full_be.cfg benches not run (FULL_BUILDS=0; "
              "make test FULL_BUILDS=1 runs it)")
    test_stim_config(tmp)
    test_generated(tmp)
    test_profiles(tmp)
    test_cmd_stimulus(tmp)
    test_live_profiles(tmp)
    test_plan()
    test_unit()
    test_perf_checks()
    test_sanitizers(tmp)
    test_random_lockstep()
    test_example_adapter(tmp)
    test_model_random(tmp)
    test_reproducible_and_three_way(tmp)
    test_planted_bug(tmp)
    test_cq_planted_bugs(tmp)
    test_msi_planted_bug(tmp)
    test_cq_random(tmp)
    test_ddt_levels(tmp)
    test_sv48_sv57(tmp)
    test_ad_updates(tmp)
    test_ad_races(tmp)
    test_process_dir(tmp)
    test_two_stage(tmp)
    test_hpm_debug(tmp)
    test_formats(tmp)
    test_ats(tmp)
    test_randgen_second_stage(tmp)
    test_randgen_ats(tmp)
    test_version9(tmp)
    test_version10(tmp)
    test_version10_stimulus(tmp)
    test_rtl_config(tmp)
    test_regress_issue13(tmp)
    test_regress_cluster_files(tmp)
    test_shrink(tmp)
    test_transaction_level(tmp)
    test_assertions(tmp)
    test_mutants(tmp)
    test_oracle_causes(tmp)
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
