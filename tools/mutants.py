#!/usr/bin/env python3
"""`make mutants`: does the bench find real bugs? Builds the RTL with one deliberate mutation at a time
(each a plausible design bug: a dropped check, a wrong index, a missed wrap) and runs a short regression
(the directed scenarios in lockstep, then random seeds). A mutant is killed when the regression fails.
Prints one line per mutant and a summary; exits 1 if any mutant survives or no longer applies (the RTL
changed under it: update the list). Each mutant also runs the same random seeds at transaction level
(--check transaction, docs/checking.md); the summary says how many that level kills on its own. It sees
only what the specification makes observable, so a mutant that changes only timing or the IOTLB's
replacement survives it by design; that count is information, not a failure.
"""
import concurrent.futures
import glob
import os
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.join(ROOT, "build", "mutants")
VINC = "/usr/share/verilator/include"

# (name, file, exact text, replacement, what the bug is)
MUTANTS = [
    ("exec_perm", "rtl/iommu_pkg.sv", "if (!x) fault = 1'b1;", "if (1'b0) fault = 1'b1;",
     "execute permission not checked"),
    ("accessed_bit", "rtl/iommu_pkg.sv", "if (!a) fault = 1'b1;", "if (1'b0) fault = 1'b1;",
     "A = 0 not faulted"),
    ("user_bit", "rtl/iommu_pkg.sv", "if (supervisor ? u : !u) begin", "if (supervisor ? u : 1'b0) begin",
     "U = 0 pages reachable by user requests"),
    ("gig_pa", "rtl/iommu_pkg.sv", "if (i == 2'd2) begin", "if (i == 2'd1) begin",
     "1 GiB page address composed like a 2 MiB page"),
    ("misaligned_1g", "rtl/iommu_xlate.sv", "((lvl_q == 2'd2) && (pte_q.ppn[2*VpnW-1:0] != '0));",
     "((lvl_q == 2'd2) && (pte_q.ppn[VpnW-1:0] != '0));", "misaligned 1 GiB superpage check too narrow"),
    ("fifo_pointer", "rtl/iommu_iotlb.sv", "assign ptr_d = fill_i ? ptr_q + 1'b1 : ptr_q;",
     "assign ptr_d = ptr_q;", "IOTLB replacement pointer never advances"),
    ("tlb_did_tag", "rtl/iommu_iotlb.sv", "(entry_q[w].did == lookup_did_i) && ", "",
     "IOTLB hit ignores the device ID (isolation break)"),
    ("tlb_level", "rtl/iommu_iotlb.sv", "((entry_q[w].level == 2'd2) || vpn1_eq) &&", "vpn1_eq &&",
     "IOTLB compares VPN[1] of 1 GiB entries"),
    ("fq_wrap", "rtl/iommu_regs.sv", "fqt_d  = (fqt_q + 32'd1) & fq_mask(fqb_log2szm1_q);",
     "fqt_d  = (fqt_q + 32'd1);", "fault-queue tail does not wrap"),
    ("fq_full", "rtl/iommu_xlate.sv", "assign fq_full = ((fqt_i + 32'd1) & fq_mask) == fqh_i;",
     "assign fq_full = 1'b0;", "fault queue never full (records overwrite unread ones)"),
    ("fip_overflow", "rtl/iommu_regs.sv", "if (fie_d && (fqof_d || fqmf_d || fq_commit_i)) begin",
     "if (fie_d && (fqmf_d || fq_commit_i)) begin", "overflow does not raise the fault interrupt"),
    ("dtf_ignored", "rtl/iommu_xlate.sv",
     "if ((cause_dtf_suppressed(cause_q) && dtf_q) || !fqon_i || fqmf_i || fqof_i) begin",
     "if (!fqon_i || fqmf_i || fqof_i) begin", "DTF does not suppress fault records"),
    ("dc_index", "rtl/iommu_xlate.sv", "ddtp_ppn_i, did_q[6:0], k_q, 3'b000};",
     "ddtp_ppn_i, 1'b0, did_q[5:0], k_q, 3'b000};", "device-context address drops device_id bit 6"),
]


def sh(cmd, cwd=ROOT):
    p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return p.returncode, p.stdout


def build_mutant(m):
    name, path, old, new, _ = m
    d = os.path.join(BUILD, name)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(os.path.join(d, "rtl"))
    for f in glob.glob(os.path.join(ROOT, "rtl", "*.sv")):
        shutil.copy(f, os.path.join(d, "rtl"))
    target = os.path.join(d, path)
    text = open(target).read()
    if text.count(old) != 1:
        return None, "does not apply: the text to mutate occurs %d times in %s" % (text.count(old), path)
    open(target, "w").write(text.replace(old, new))
    pkg = os.path.join(d, "rtl", "iommu_pkg.sv")
    srcs = [pkg] + sorted(f for f in glob.glob(os.path.join(d, "rtl", "*.sv")) if f != pkg) + \
        [os.path.join(ROOT, "tb", "iommu_tb_top.sv")]
    vl = os.path.join(d, "vl")
    rc, out = sh(["verilator", "--cc", "-O3", "--x-assign", "fast", "--x-initial", "fast", "--trace-fst",
                  "--top-module", "iommu_tb_top", "-Mdir", vl] + srcs)
    if rc:
        return None, "verilator failed:\n" + out
    rc, out = sh(["make", "-s", "-C", vl, "-f", "Viommu_tb_top.mk", "Viommu_tb_top__ALL.a", "verilated.o",
                  "verilated_fst_c.o", "verilated_threads.o", "OPT_FAST=-O1", "OPT_GLOBAL=-O1"])
    if rc:
        return None, "C++ build failed:\n" + out
    shim = os.path.join(d, "rtl_dut.o")
    rc, out = sh(["g++", "-std=c++14", "-O1", "-faligned-new", "-Icmodel/arch", "-Icmodel/timing", "-Icmodel/formats", "-Itb", "-I" + vl, "-I" + VINC,
                  "-I" + VINC + "/vltstd", "-DVM_TRACE_FST=1", "-c", "tb/rtl_dut.cpp", "-o", shim])
    if rc:
        return None, "shim build failed:\n" + out
    exe = os.path.join(d, "iommu-lockstep")
    tb_objs = sorted(glob.glob(os.path.join(ROOT, "build", "tb", "*.o")))
    rc, out = sh(["g++"] + tb_objs + [shim, os.path.join(vl, "Viommu_tb_top__ALL.a")] +
                 [os.path.join(vl, o) for o in ("verilated.o", "verilated_fst_c.o", "verilated_threads.o")] +
                 [os.path.join(ROOT, "build", "libcmodel.a"), "-lz", "-lpthread", "-o", exe])
    if rc:
        return None, "link failed:\n" + out
    return exe, ""


def regression(exe):
    """Runs the directed scenarios and the random seeds; returns (directed failure, random failure), each
    a one-line description or None when that part passed."""
    directed = None
    for stim in sorted(glob.glob(os.path.join(ROOT, "tests", "directed", "*.stim"))):
        log = os.path.join(os.path.dirname(exe), "directed.log")
        rc, out = sh([exe, "--stim", stim, "--log", log, "-q", "--no-waves"])
        if rc != 0:
            directed = "%s: %s" % (os.path.basename(stim), first_line(out))
        elif open(log).read() != open(stim[:-5] + ".log").read():
            directed = "%s: log differs from the expected log" % os.path.basename(stim)
        if directed:
            break
    rc, out = sh([exe, "--seed", "1", "--seeds", "20", "--transactions", "500", "-q", "--no-waves"])
    return directed, ("seeds 1-20: " + first_line(out)) if rc != 0 else None


def transaction_level(exe):
    """The directed scenarios and the random seeds at transaction level: a one-line description of the
    first failure, or None."""
    for stim in sorted(glob.glob(os.path.join(ROOT, "tests", "directed", "*.stim"))):
        log = os.path.join(os.path.dirname(exe), "directed-tx.log")
        rc, out = sh([exe, "--check", "transaction", "--stim", stim, "--log", log, "-q", "--no-waves"])
        if rc != 0:
            return "%s: %s" % (os.path.basename(stim), first_line(out))
        if open(log).read() != open(stim[:-5] + ".log").read():
            return "%s: log differs from the expected log" % os.path.basename(stim)
    rc, out = sh([exe, "--check", "transaction", "--seed", "1", "--seeds", "20", "--transactions", "500", "-q",
                  "--no-waves"])
    return ("seeds 1-20: " + first_line(out)) if rc != 0 else None


def first_line(out):
    for line in out.splitlines():
        if line.startswith("MISMATCH") or line.startswith("ERROR"):
            return line
    return out.strip().splitlines()[0] if out.strip() else "(no output)"


def run_one(m):
    exe, err = build_mutant(m)
    if exe is None:
        return m, "error", err, False
    directed, random = regression(exe)
    tx = transaction_level(exe)
    tx_note = "; transaction level: " + (("killed, " + tx) if tx else "survived")
    if directed and random:
        return m, "killed", "by both; random " + random + tx_note, tx is not None
    if directed or random:
        return m, "killed", (("by directed only; " + directed) if directed else ("by random only; " + random)) + \
            tx_note, tx is not None
    return m, "SURVIVED", tx_note, tx is not None


def main():
    os.makedirs(BUILD, exist_ok=True)
    results = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        for m, status, detail, tx_killed in pool.map(run_one, MUTANTS):
            results.append((m, status, tx_killed))
            print("%-9s %-14s %-55s %s" % (status, m[0], m[4], detail.splitlines()[0] if detail else ""),
                  flush=True)
    killed = sum(1 for _, s, _ in results if s == "killed")
    print("mutants: %d of %d killed" % (killed, len(results)))
    survivors = [m[0] for m, _, tx in results if not tx]
    print("mutants at transaction level: %d of %d killed%s" % (len(results) - len(survivors), len(results),
          " (survivors: %s)" % ", ".join(survivors) if survivors else ""))
    return 0 if killed == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
