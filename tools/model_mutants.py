#!/usr/bin/env python3
"""`make model-mutants`: does the golden model's random self-check (build/iommu-model-random and its spec
oracle, tb/spec_oracle.c) find real bugs in the model? Each mutant below is a plausible misreading of the
specification, one text replacement in one file of cmodel/.

Cheap without schemata (cmodel/ keeps no global mutable state, so no run-time selector): the model and
the self-check are built once by make (build/cmodel/*.o, build/model-random/tb/*.o); per mutant only the
mutated file is recompiled (for a header: every source that includes it, directly or through another
header) and linked against the prebuilt other objects, a second or two each. Then the self-check runs
on the seeds `make test` uses, with a time limit; a disagreement kills the mutant (a timeout or a crash
counts as killed and is reported as such). Survivors listed with a reason in
tools/model_mutants_equivalent.txt ('NAME  reason') are equivalent.

Prints one line per mutant, "model-mutants: K of N killed (E equivalent)" and the survivors; exits 1 if a
non-equivalent mutant survives or a mutation no longer applies (the model changed under it: update it).

--generated: instead of the curated list, operators (== vs !=, < vs <=, > vs >=, && vs ||) applied to
the architectural layer's translation path (GEN_FILES); a mutant the self-check misses then goes through
the functional runner on tests/directed and tests/spec (expected logs) and the lockstep bench (the timing
layer against the RTL as make built it), each relinked from the same objects. Not part of make test.
"""
import concurrent.futures
import glob
import os
import re
import shutil
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.join(ROOT, "build", "model-mutants")
EQUIVALENT = os.path.join(ROOT, "tools", "model_mutants_equivalent.txt")
# The self-check's own sources (objects in build/model-random/ and build/tb/rng.o, see the Makefile).
CHECK_SOURCES = ["tb/model_random.c", "tb/spec_oracle.c", "tb/sw_tables.c", "tb/rng.c"]
CFLAGS = ["-std=c11", "-O1", "-w"]
TIME_LIMIT = 60.0
RUN = ["--seed", "1", "--seeds", "200", "--requests", "2000", "-q"]

# (name, file, exact text, replacement, what the bug is)
MUTANTS = [
    ("sum_ignored", "cmodel/arch/pagewalk.h", "if (p->u && (!a->sum || a->acc == ACCESS_EXEC))",
     "if (p->u && (a->acc == ACCESS_EXEC))", "Supervisor reads/writes U pages without SUM"),
    ("s_exec_u", "cmodel/arch/pagewalk.h", "if (p->u && (!a->sum || a->acc == ACCESS_EXEC))",
     "if (p->u && (!a->sum))", "Supervisor executes from U pages when SUM = 1"),
    ("d_not_needed", "cmodel/arch/pagewalk.h", "if (!p->a || (a->acc == ACCESS_WRITE && !p->d))", "if (!p->a)",
     "a write to a page with D = 0 neither faults nor sets D"),
    ("d_not_set", "cmodel/arch/pagewalk.c", "        pte = pte_D_ins(pte, 1);", "        ;",
     "hardware A/D update sets A but not D on a write"),
    ("misaligned", "cmodel/arch/pagewalk.h", "return (pw_pte_ppn(m, pte) & field_ones(m->vpn_bits * level)) != 0;",
     "return false;", "misaligned superpages translate"),
    ("canonical", "cmodel/arch/pagewalk.h", "return top == 0 || top == (~0ull >> (m->va_bits - 1));",
     "return top == 0 || top == 1;", "non-canonical IOVAs with bit VA-1 set are accepted"),
    ("napot_encoding", "cmodel/arch/pagewalk.h", "!leaf || level != 0 || (pte_PPN(pte) & 0xf) != 0x8",
     "!leaf || level != 0 || (pte_PPN(pte) & 0x7) != 0x0", "NAPOT ppn[3:0] = 0000 accepted as 64 KiB"),
    ("ens", "cmodel/arch/xlate.c", "if (x->supervisor && !pc_ta_ENS(x->pc[PC_TA]))",
     "if (0 && !pc_ta_ENS(x->pc[PC_TA]))", "Supervisor requests allowed without PC.ta.ENS"),
    ("g_user", "cmodel/arch/xlate.c", ".supervisor = false, .sum = false", ".supervisor = true, .sum = true",
     "second stage checks U as for a Supervisor access"),
    ("fs_ad_read", "cmodel/arch/xlate.c", "XLATE_G_FOR_FS_AD, ACCESS_WRITE, true", "XLATE_G_FOR_FS_AD, ACCESS_READ, true",
     "first-stage A/D store checked by the second stage as a load"),
    ("iotval2_write", "cmodel/arch/xlate.c", "            v2 |= 2;", "            v2 |= 0;",
     "iotval2 bit 1 (implicit write) never set"),
    ("pbmt_order", "cmodel/arch/xlate.c",
     "x->result.pbmt = fs_pbmt ? fs_pbmt : x->g_leaf ? (unsigned)pte_PBMT(x->gpte) : 0;",
     "x->result.pbmt = (x->g_leaf && pte_PBMT(x->gpte)) ? (unsigned)pte_PBMT(x->gpte) : fs_pbmt;",
     "second-stage PBMT overrides the first stage's"),
    ("dpe_default", "cmodel/arch/xlate.c", "if (!x->req.pv && !tc_DPE(tc))", "if (!x->req.pv)",
     "DPE ignored: requests without process_id skip the first stage"),
    ("dc_dpe", "cmodel/arch/ddt.c", "if (!tc_PDTV(tc) && tc_DPE(tc))", "if (0)", "DPE without PDTV accepted"),
    ("dc_gatp_align", "cmodel/arch/ddt.c", "if (!g_bare && (iohgatp_PPN(iohgatp) & 3))",
     "if (!g_bare && (iohgatp_PPN(iohgatp) & 1))", "second-stage root aligned to 8 KiB accepted"),
    ("dc_sxl", "cmodel/arch/ddt.c", "if (gxl && !tc_SXL(tc))", "if (0)", "SXL = 0 accepted with fctl.GXL = 1"),
    ("pdi1", "cmodel/arch/pdt.c", "case 1: return (pid >> 8) & 0x1ff;", "case 1: return (pid >> 8) & 0xff;",
     "PDI[1] loses process_id bit 16"),
    ("msi_extract", "cmodel/arch/msi.c", "for (unsigned b = 0; b < 64; b++)", "for (unsigned b = 0; b < 1; b++)",
     "interrupt-file number uses only mask bit 0"),
    ("pdt_g_memerr", "cmodel/arch/xlate.c", "    if (x->g_for == XLATE_G_FOR_PDT)\n", "    if (0)\n",
     "memory error in the PDT's second-stage walk reported as a page-table error"),
    ("sxl_gpa34", "cmodel/arch/xlate.c", "(tc_SXL(x->dc[DC_TC]) && (x->g_gpa >> 34) != 0)", "0",
     "SXL = 1 over Sv39x4..Sv57x4: GPAs with bits beyond 33 translate (issue 12)"),
    ("ats_msi_w", "cmodel/arch/xlate.c", "        c->w = fs_w && g_w;", "        c->w = x->msi || (fs_w && g_w);",
     "ATS completion for an MSI page grants W whatever the first stage says (issue 12)"),
    ("ats_msi_range", "cmodel/arch/xlate.c", "if (msi_flat(x) && !tc_T2GPA(x->dc[DC_TC]))", "if (0)",
     "ATS range of a superpage covers virtual interrupt files' pages (issue 12)"),
    ("mrif_n10", "cmodel/arch/msi.c", "r.notice_data = (uint32_t)((msipte1_N10(p1) << 10) | msipte1_N(p1));",
     "r.notice_data = (uint32_t)msipte1_N(p1);", "MRIF notice MSI data loses N10"),
    ("en_ats", "cmodel/arch/ddt.c", "req->ttyp == IOMMU_TTYP_ATS_TRANSLATION) && !tc_EN_ATS(tc))",
     "req->ttyp == IOMMU_TTYP_ATS_TRANSLATION) && 0)", "translated requests accepted without DC.tc.EN_ATS"),
    ("t2gpa", "cmodel/arch/xlate.c", "        if (!tc_T2GPA(tc))", "        if (1)",
     "T2GPA ignored: translated requests pass untranslated by the second stage"),
    ("dtf_ignored", "cmodel/arch/fault_queue.c", "if (f->dtf && !fault_cause_reported_if_dtf(f->cause))", "if (0)",
     "DTF does not suppress fault records"),
]


def sh(cmd, cwd=ROOT, timeout=None):
    p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                       timeout=timeout)
    return p.returncode, p.stdout


def prebuilt_object(src):
    """The object make built for a source of the self-check (build/cmodel/X.o, build/model-random/tb/X.o,
    build/tb/rng.o)."""
    if src.startswith("cmodel/"):
        return os.path.join(ROOT, "build", src[:-2] + ".o")
    if src == "tb/rng.c":
        return os.path.join(ROOT, "build", "tb", "rng.o")
    return os.path.join(ROOT, "build", "model-random", src[:-2] + ".o")


INCLUDES_LOCK = threading.Lock()
# The model's layers (Makefile CMODEL_DIRS): each is an include directory of its own.
MODEL_DIRS = ("cmodel/arch", "cmodel/timing", "cmodel/formats")


def includes(path, cache={}):
    """Headers path includes with quotes, transitively (relative paths from ROOT)."""
    if path in cache:
        return cache[path]
    cache[path] = set()
    found = set()
    for inc in re.findall(r'^\s*#\s*include\s+"([^"]+)"', open(os.path.join(ROOT, path)).read(), re.M):
        for d in (os.path.dirname(path),) + MODEL_DIRS + ("tb",):
            cand = os.path.normpath(os.path.join(d, inc))
            if os.path.exists(os.path.join(ROOT, cand)):
                found.add(cand)
                found |= includes(cand)
                break
    cache[path] = found
    return found


def sources():
    return sorted(os.path.relpath(f, ROOT) for m in MODEL_DIRS for f in glob.glob(os.path.join(ROOT, m, "*.c"))) + \
        CHECK_SOURCES


# --generated also runs what checks the rest of the model when the self-check passes: the functional
# runner on the hand-written scenarios (tests/directed, tests/spec) and the lockstep bench (the timing
# layer against the RTL as built by make: directed scenarios, then random seeds).
def lockstep_sources():
    return sorted(os.path.relpath(f, ROOT) for f in glob.glob(os.path.join(ROOT, "tb", "*.c"))
                  if os.path.relpath(f, ROOT) not in CHECK_SOURCES[:3])


def spec_config(stim):
    """The configuration a tests/spec scenario runs with (as tests/run_tests.py: config/full.cfg unless its
    header names another)."""
    if os.path.basename(os.path.dirname(stim)) != "spec":
        return []
    for line in open(stim):
        if line.strip() and not line.startswith("#") and not line.startswith("iommu-stim"):
            break
        m = re.match(r"^#\s*config:\s*(\S+)\s*$", line)
        if m:
            return ["--config", os.path.join(ROOT, m.group(1))]
    return ["--config", os.path.join(ROOT, "config", "full.cfg")]


def scenario_failure(cmd, stim, log):
    """None when cmd (which writes log) exits 0 and the log equals the scenario's expected log."""
    if os.path.exists(log):
        os.remove(log)
    rc, out = sh(cmd, timeout=TIME_LIMIT)
    if rc < 0 or rc > 2:
        return "crash", "%s: exit %d" % (os.path.relpath(stim, ROOT), rc)
    actual = open(log).read() if os.path.exists(log) else ""
    if rc != 0 or actual != open(stim[:-5] + ".log").read():
        return "killed", "%s: %s" % (os.path.relpath(stim, ROOT),
                                     "log differs from the expected log" if rc == 0 else out.strip()[:100])
    return None


# --generated: operators applied to the translation path of the architectural layer (what the self-check
# exercises; the timing layer has its own checks in the lockstep bench), a fixed sample of them.
GEN_FILES = ["cmodel/arch/ddt.c", "cmodel/arch/pdt.c", "cmodel/arch/xlate.c", "cmodel/timing/s1_mode.c", "cmodel/arch/pagewalk.c",
             "cmodel/arch/pagewalk.h", "cmodel/arch/msi.c", "cmodel/arch/fault_queue.c"]
GEN_OPS = [("eq_ne", r"(?<![=!<>])==(?!=)", "!="), ("eq_ne", r"!=", "=="),
           ("rel_strict", r"(?<![<>=-])<(?![<=])", "<="), ("rel_strict", r"(?<![<>])<=", "<"),
           ("rel_strict", r"(?<![<>=-])>(?![>=])", ">="), ("rel_strict", r"(?<![<>])>=", ">"),
           ("and_or", r"&&", "||"), ("and_or", r"\|\|", "&&")]
GEN_SAMPLE = 150


def generated_mutants():
    """(name, path, old, new, what, offset) for every operator match in GEN_FILES (code only: no comments,
    strings or preprocessor lines), then every k-th of them so that about GEN_SAMPLE remain."""
    import hashlib
    sys.path.insert(0, os.path.join(ROOT, "tools"))
    from mutate_rtl import mask_comments
    out = []
    for path in GEN_FILES:
        text = open(os.path.join(ROOT, path)).read()
        masked = mask_comments(text)
        masked = re.sub(r"^\s*#.*$", lambda m: " " * len(m.group()), masked, flags=re.M)
        found = []
        for op, pat, new in GEN_OPS:
            for m in re.finditer(pat, masked):
                found.append((m.start(), op, m.group(), new))
        for off, op, old, new in sorted(found):
            line = text.count("\n", 0, off) + 1
            src = text.splitlines()[line - 1].strip()
            h = hashlib.sha1(("%s|%s|%s|%d" % (src, old, new, off - text.rfind("\n", 0, off))).encode()).hexdigest()[:8]
            out.append(("%s:%s:%s" % (os.path.basename(path).replace(".", "_"), op, h), path, old, new,
                        "%s:%d %s -> %s in: %s" % (os.path.basename(path), line, old, new, src[:60]), off))
    seen = {}
    for i, m in enumerate(out):  # identical lines at the same column: number the repeats
        seen[m[0]] = seen.get(m[0], 0) + 1
        if seen[m[0]] > 1:
            out[i] = ("%s#%d" % (m[0], seen[m[0]]),) + m[1:]
    step = max(1, len(out) // GEN_SAMPLE)
    return out[::step]


def run_mutant(m, full=False):
    name, path, old, new, what = m[:5]
    offset = m[5] if len(m) > 5 else None
    t0 = time.time()
    d = os.path.join(BUILD, name)
    shutil.rmtree(d, ignore_errors=True)
    # A private copy of every header (so that a mutated header is the one every include finds) and of
    # the sources to recompile.
    for sub in MODEL_DIRS + ("tb",):
        os.makedirs(os.path.join(d, sub))
        for h in glob.glob(os.path.join(ROOT, sub, "*.h")):
            shutil.copy(h, os.path.join(d, sub))
    with open(os.path.join(ROOT, path)) as f:
        text = f.read()
    if offset is not None:
        if text[offset:offset + len(old)] != old:
            return name, "stale", what, "%s changed while the campaign ran" % path, 0
        text, old, new = text[:offset] + new + text[offset + len(old):], None, None
    elif text.count(old) != 1:
        return name, "stale", what, "the text to mutate occurs %d times in %s" % (text.count(old), path), 0
    every = sorted(set(sources()) | ({"cmodel/iommu_run.c"} | set(lockstep_sources()) if full else set()))
    with INCLUDES_LOCK:  # includes() caches partial results while it recurses: one thread at a time
        rebuild = [s for s in every if s == path or path in includes(s)]
    for s in rebuild:
        shutil.copy(os.path.join(ROOT, s), os.path.join(d, s))
    with open(os.path.join(d, path), "w") as f:
        f.write(text if old is None else text.replace(old, new))
    obj = {}
    for s in every:
        if s in rebuild:
            o = os.path.join(d, s[:-2] + ".o")
            rc, out = sh(["gcc"] + CFLAGS + ["-I" + os.path.join(d, m) for m in MODEL_DIRS] + ["-I" + os.path.join(d, "tb"), "-c",
                          os.path.join(d, s), "-o", o])
            if rc != 0:
                return name, "error", what, "build of %s failed:\n%s" % (s, out), time.time() - t0
            obj[s] = o
        elif s in CHECK_SOURCES[:3]:
            obj[s] = prebuilt_object(s)
        else:
            obj[s] = os.path.join(ROOT, "build", s[:-2] + ".o")
    objs = [obj[s] for s in sources()]
    exe = os.path.join(d, "iommu-model-random")
    rc, out = sh(["gcc", "-fno-lto"] + objs + ["-o", exe])  # the fat objects' plain code: no LTO at link
    if rc != 0:
        return name, "error", what, "link failed:\n" + out, time.time() - t0
    built = time.time() - t0
    try:
        rc, out = sh([exe] + RUN, timeout=TIME_LIMIT)
    except subprocess.TimeoutExpired:
        return (name, "killed(timeout)", what,
                "over the %.0f s limit (rebuilt %d file(s))" % (TIME_LIMIT, len(rebuild)), built)
    first = out.splitlines()[0] if out else "(no output)"
    note = " [rebuilt %s]" % ", ".join(os.path.basename(s) for s in rebuild)
    if rc < 0 or rc > 2:
        return name, "killed(crash)", what, "exit %d: %s%s" % (rc, first, note), built
    if rc == 1 and first.startswith("FAIL"):
        return name, "killed", what, first + note, built
    if full:
        r = further_checks(d, obj, path)
        if r:
            return name, {"killed": "killed", "crash": "killed(crash)", "timeout": "killed(timeout)"}[r[0]], \
                what, r[1] + note, built
    return name, "SURVIVED", what, first + note, built


def further_checks(d, obj, path):
    """The functional runner on tests/directed and tests/spec, then the lockstep bench (directed, seeds):
    (status, detail) of the first failure, or None."""
    model = [obj[s] for s in sources() if s.startswith("cmodel/")]
    runner = os.path.join(d, "iommu-run")
    rc, out = sh(["gcc", "-fno-lto", obj["cmodel/iommu_run.c"]] + model + ["-o", runner])
    if rc != 0:
        return "crash", "runner link failed: " + out[:200]
    log = os.path.join(d, "scenario.log")
    try:
        for stim in sorted(glob.glob(os.path.join(ROOT, "tests", "directed", "*.stim")) +
                           glob.glob(os.path.join(ROOT, "tests", "spec", "*.stim"))):
            r = scenario_failure([runner] + spec_config(stim) + [stim, "-o", log], stim, log)
            if r:
                return r[0], "functional runner, " + r[1]
        with INCLUDES_LOCK:
            shim_affected = path in includes("tb/rtl_dut.cpp")
        if shim_affected:
            return None  # the shim would need recompiling: not covered
        vl = os.path.join(ROOT, "build", "vl_ok")
        lockstep = os.path.join(d, "iommu-lockstep")
        rc, out = sh(["g++", "-fno-lto"] + [obj[s] for s in lockstep_sources()] +
                     [os.path.join(ROOT, "build", "tb_ok", "rtl_dut.o"), os.path.join(vl, "Viommu_tb_top__ALL.a")] +
                     [os.path.join(vl, o) for o in ("verilated.o", "verilated_fst_c.o", "verilated_threads.o")] +
                     model + ["-lz", "-lpthread", "-o", lockstep])
        if rc != 0:
            return "crash", "lockstep link failed: " + out[:200]
        for stim in sorted(glob.glob(os.path.join(ROOT, "tests", "directed", "*.stim"))):
            r = scenario_failure([lockstep, "--stim", stim, "--log", log, "-q", "--no-waves"], stim, log)
            if r:
                return r[0], "lockstep, " + r[1]
        rc, out = sh([lockstep, "--seed", "1", "--seeds", "40", "--transactions", "500", "-q", "--no-waves"],
                     timeout=TIME_LIMIT)
        if rc != 0:
            return ("crash" if rc < 0 or rc > 2 else "killed"), "lockstep seeds 1-40: " + \
                (out.strip().splitlines() or ["(no output)"])[-1][:120]
    except subprocess.TimeoutExpired:
        return "timeout", "over the %.0f s limit" % TIME_LIMIT
    return None


def load_equivalent():
    eq = {}
    if os.path.exists(EQUIVALENT):
        for n, line in enumerate(open(EQUIVALENT), 1):
            line = line.strip()
            if line and not line.startswith("#"):
                parts = line.split(None, 1)
                if len(parts) < 2:
                    sys.exit("error: %s:%d: expected 'MUTANT-NAME  reason it is equivalent'" % (EQUIVALENT, n))
                eq[parts[0]] = parts[1]
    return eq


def main():
    import argparse
    ap = argparse.ArgumentParser(description="golden-model mutants, one file recompiled each")
    ap.add_argument("--generated", action="store_true",
                    help="operator-generated mutants of the translation path (a fixed sample of about %d) "
                    "instead of the curated list; not part of make test" % GEN_SAMPLE)
    a = ap.parse_args()
    mutants = generated_mutants() if a.generated else MUTANTS
    rc, out = sh(["make", "-s", "build/iommu-model-random"])
    if rc != 0:
        print(out)
        return 1
    missing = [prebuilt_object(s) for s in sources() if not os.path.exists(prebuilt_object(s))]
    if missing:
        print("error: prebuilt objects missing (run make build): " + " ".join(missing))
        return 1
    equivalent = load_equivalent()
    os.makedirs(BUILD, exist_ok=True)
    t0 = time.time()
    done = []

    def one(m):
        r = run_mutant(m, full=a.generated)
        done.append(r)
        if sys.stderr.isatty() or len(done) % 5 == 0 or len(done) == len(mutants):
            sys.stderr.write(("\r\033[K" if sys.stderr.isatty() else "") + "model-mutants: %d of %d run (%.0f s)%s"
                             % (len(done), len(mutants), time.time() - t0, "" if sys.stderr.isatty() else "\n"))
        return r

    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        results = list(pool.map(one, mutants))
    if sys.stderr.isatty():
        sys.stderr.write("\n")
    killed = equiv = 0
    bad = []
    for name, status, what, detail, built in results:
        if status == "SURVIVED" and name in equivalent:
            status, detail = "equivalent", equivalent[name]
            equiv += 1
        elif status.startswith("killed"):
            killed += 1
            if name in equivalent:
                bad.append("error: %s is listed as equivalent in %s but the self-check kills it"
                           % (name, os.path.relpath(EQUIVALENT, ROOT)))
        print("  %-15s %-14s %-58s build %.1f s; %s" % (status, name, what, built,
                                                         detail.splitlines()[0] if detail else ""))
    for name in sorted(set(equivalent) - {m[0] for m in mutants}):
        bad.append("error: %s listed as equivalent but there is no such mutant" % name)
    print("model-mutants: %d of %d killed (%d equivalent) in %.0f s" % (killed, len(mutants), equiv,
                                                                        time.time() - t0))
    survivors = [r for r in results if r[1] not in ("equivalent",) and not r[1].startswith("killed")
                 and r[0] not in equivalent]
    if survivors:
        print("survivors (kill each with a test, or give the reason it is equivalent in %s):"
              % os.path.relpath(EQUIVALENT, ROOT))
        for name, status, what, detail, _ in survivors:
            print("  %-14s %s (%s)" % (name, what, status))
    for b in bad:
        print(b)
    return 0 if not survivors and not bad else 1


if __name__ == "__main__":
    sys.exit(main())
