#!/usr/bin/env python3
"""Merges functional-coverage files written by `iommu-lockstep --coverage FILE` and prints the bins never
hit (holes), grouped, then one summary line. Usage: coverage_report.py FILE...
Bins that this RTL cannot reach by construction (a read request cannot end in a write access fault, for
example) are listed in UNREACHABLE and reported apart, not counted as holes. Every bin is tied to an item
(a section row) of docs/verification-plan.md through PLAN; a hole names its item, and a bin tied to none,
or to an item the plan does not have, is an error."""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Bin name pattern -> the docs/verification-plan.md section row (its "section" column) the bin measures. The
# first pattern that matches decides.
REGISTER_SECTIONS = {
    "capabilities": "IOMMU capabilities (capabilities)", "fctl": "Features-control register (fctl)",
    "ddtp": "Device-directory-table pointer (ddtp)", "fqb": "Fault queue base (fqb)",
    "fqh": "Fault queue head (fqh)", "fqt": "Fault queue tail (fqt)", "fqcsr": "Fault queue CSR (fqcsr)",
    "ipsr": "Interrupt pending status register (ipsr)",
    "icvec": "Interrupt-cause-to-vector register (icvec)",
}
PLAN = [(r"^reg\.(read|write|field)\.%s\b" % reg, section) for reg, section in REGISTER_SECTIONS.items()] + [
    (r"^response\.\w+\.cause(257|258|259|268)$", "Process to locate the Device-context"),
    (r"^response\.\w+\.cause256$", "Device-directory-table pointer (ddtp)"),
    (r"^response\.\w+\.(cause(1|5|7|12|13|15|274))$", "Faults from virtual address translation process"),
    (r"^response\.\w+\.(ok|cause260)$", "Process to translate an IOVA"),
    (r"^response\.ok\.(iova|pa)\.bit", "Process to translate an IOVA"),
    # version 7 (config/rtl_max.cfg): the process directory, its cache, the extended device context
    (r"^pdt\.pd\d+\.", "Process-Directory-Table (PDT)"),
    (r"^pdt\.nonleaf\.", "Non-leaf PDT entry"),
    (r"^pdt\.pc\.cause260\.ens$|^pdt\.sum\.", "Process-context fields / Translation attributes (ta)"),
    (r"^pdt\.pc\.|^memerr\.(pdt|pc)\.", "Process to locate the Process-context"),
    (r"^pdt\.cause260\.", "Process to translate an IOVA"),
    (r"^pdt\.dpe\.", "Translation control (tc)"),
    (r"^pdtc\.inval\.", "IOMMU directory cache invalidation commands"),
    (r"^pdtc\.", "Caching in-memory data structures"),
    (r"^dc_ext\.misconfig\.msiptp_", "MSI page table pointer (msiptp)"),
    (r"^dc_ext\.misconfig\.msi_addr_", "MSI address mask (msi_addr_mask) and pattern (msi_addr_pattern)"),
    (r"^dc_ext\.misconfig\.reserved_dword7$", "Leaf DDT entry"),
    (r"^dc\.misconfig\.", "Device-context configuration checks"),
    # version 8 (a second stage): G-walks, guest-page faults, G-stage A/D updates, MSI translation, VM entries
    (r"^g\.mode\.", "IO hypervisor guest address translation and protection (iohgatp)"),
    (r"^gpf\.|^g\.(access_fault|cause274)$", "Faults from virtual address translation process"),
    (r"^g\.pdt\.", "Process to locate the Process-context"),
    (r"^gad\.", "IOMMU updating of PTE accessed (A) and dirty (D) updates"),
    (r"^msixlate\.", "Process to translate addresses of MSIs"),
    (r"^engine\..*(Cq|Cmd|Fence)", "Command-Queue (CQ)"),
    (r"^(engine|walk|backpressure)\.", "Process to translate an IOVA"),
    (r"^cmd\.iotinval_", "IOMMU Page-Table cache invalidation commands"),
    (r"^cmd\.iofence_c\.", "IOMMU Command-queue Fence commands"),
    (r"^cmd\.iodir_", "IOMMU directory cache invalidation commands"),
    (r"^cmd\.ats_", "IOMMU PCIe ATS commands"),
    (r"^cmd\.illegal\.|^memerr\.cq_fetch\.", "Command-Queue (CQ)"),
    (r"^memerr\.fence_write\.", "IOMMU Command-queue Fence commands"),
    # cqcsr.cmd_to has no bin: no command of this configuration has a timeout (no ATS; docs/microarch.md 3)
    (r"^cq\.cqcsr\.", "Command-queue CSR (cqcsr)"),
    (r"^cq\.(ipsr\.cip|cip_wire)$", "Interrupt pending status register (ipsr)"),
    (r"^ddtc\.inval\.", "IOMMU directory cache invalidation commands"),
    (r"^iotlb\.inval\.", "IOMMU Page-Table cache invalidation commands"),
    (r"^oracle\.stale_hit\.", "Updating in-memory data structure entries"),
    (r"^iotlb\.", "Caching in-memory data structures"),
    (r"^ddtc\.", "Caching in-memory data structures"),
    (r"^mode\.sv\d+\.", "Device-context fields / First-Stage context (fsc)"),
    (r"^ad\.", "IOMMU updating of PTE accessed (A) and dirty (D) updates"),
    (r"^dir\.\w+\.nonleaf_", "Non-leaf DDT entry"),
    (r"^dir\.", "Device-Directory-Table (DDT)"),
    (r"^memerr\.dc\.|^request\.did\.", "Process to locate the Device-context"),
    (r"^memerr\.pte\.|^pte\.|^fault\.level", "Faults from virtual address translation process"),
    (r"^memerr\.fq\.|^fq\.|^request\.pv", "Fault/Event-Queue (FQ)"),
    (r"^msi\.", "MSI configuration table (msi_cfg_tbl)"),
    (r"^wsi\.", "Features-control register (fctl)"),
    (r"^hpm\.(event|eventid_warl)", "Performance-monitoring event selectors (iohpmevt1-31)"),
    (r"^hpm\.(inhibit|overflow\.counter)", "Performance-monitoring event counters (iohpmctr1-31)"),
    (r"^hpm\.overflow\.cycles", "Performance-monitoring cycles counter (iohpmcycles)"),
    (r"^hpm\.pmip\.", "Interrupt pending status register (ipsr)"),
    (r"^dbg\.", "Debug support"),
    (r"^qos\.dc_", "Device-context fields / Translation attributes (ta)"),
    (r"^qos\.reg", "IOMMU QoS ID (iommu_qosid)"),
    # version 10 (config/rtl_max.cfg): Sv32, Sv32x4, PTE extensions, byte order, NL/S, queue sizes
    (r"^v10\.sv32\.", "Device-context fields / First-Stage context (fsc)"),
    (r"^v10\.sv32x4\.", "IO hypervisor guest address translation and protection (iohgatp)"),
    (r"^v10\.(sxl|sbe_differs)\.", "Translation control (tc)"),
    (r"^v10\.(napot|pbmt)\.", "Faults from virtual address translation process"),
    (r"^v10\.rsw\.", "PTE Reserved-for-Software Bits 60-59, Version 1.0"),
    (r"^v10\.be\.", "Endianness of in-memory data structures"),
    (r"^v10\.cmd\.nl$", "Non-leaf PTE Invalidation by IOTINVAL.VMA"),
    (r"^v10\.cmd\.s_range$", "Address Range Invalidation Extension, Version 1.0"),
    (r"^v10\.(cqb|fqb)\.log2sz_warl$", "In-memory queue interface"),
    # version 11 (config/rtl_max.cfg with ATS): completions, translated requests, page requests, ATS commands
    (r"^ats\.cpl\.|^translated\.", "PCIe ATS translation request handling"),
    (r"^pgreq\.pqmf$|^pgreq\.pqof_seen$", "Page-Request-Queue (PQ)"),
    (r"^pgreq\.pip_seen$", "Interrupt pending status register (ipsr)"),
    (r"^pgreq\.|^prgr\.own\.", "PCIe ATS Page Request handling"),
    (r"^prgr\.command$|^inval\.", "IOMMU PCIe ATS commands"),
    (r"^fence\.(ats_wait|cmd_to)$", "IOMMU Command-queue Fence commands"),
    (r"^irq\.vector", "Interrupt-cause-to-vector register (icvec)"),
    (r"^irq\.", "Interrupt pending status register (ipsr)"),
]


def plan_sections():
    """The section names of docs/verification-plan.md's section table (its second column)."""
    path = os.path.join(ROOT, "docs", "verification-plan.md")
    return {row.split("|")[2].strip() for row in open(path).read().splitlines()
            if row.startswith("| ") and row.count("|") >= 4 and ".adoc" in row.split("|")[1]}


def plan_item(name):
    return next((section for pattern, section in PLAN if re.search(pattern, name)), None)

UNREACHABLE = [
    r"response\.(read|write)\.cause(1|12)$", r"response\.(exec|write)\.cause(5|13)$",
    r"response\.(exec|read)\.cause(7|15)$",
    r"engine\.(Idle|Lookup|DcCheck|PteCheck|Fault|CmdExec)\.held$",  # one-cycle states (docs/microarch.md 5.1, 5.4)
    r"pte\.level0\.leaf\.misaligned$",  # only a superpage can be misaligned
]
# Without ATS (no version 11 bin in the files) a translated request always faults with 260.
UNREACHABLE_WITHOUT_ATS = [r"response\.translated\.(ok|cause(1|5|7|12|13|15|274))$"]


def main(paths):
    if not paths:
        sys.exit("usage: coverage_report.py FILE...")
    counts = {}
    order = []
    for path in paths:
        try:
            lines = open(path).read().splitlines()
        except OSError as e:
            sys.exit("coverage_report: cannot read %s: %s" % (path, e.strerror))
        for n, line in enumerate(lines, 1):
            m = re.match(r"^(\d+) (\S+)$", line)
            if not m:
                sys.exit("coverage_report: %s:%d: expected 'COUNT BIN', got %r" % (path, n, line))
            name = m.group(2)
            if name not in counts:
                counts[name] = 0
                order.append(name)
            counts[name] += int(m.group(1))
    sections = plan_sections()
    untied = [b for b in order if plan_item(b) is None]
    unknown = sorted({plan_item(b) for b in order if plan_item(b) is not None} - sections)
    for b in untied:
        print("error: bin %s is tied to no item of docs/verification-plan.md (tools/coverage_report.py PLAN)" % b)
    for s in unknown:
        print("error: PLAN names the item '%s', which docs/verification-plan.md does not have" % s)
    ats = any(b.startswith("ats.cpl.") for b in order)
    patterns = UNREACHABLE + ([] if ats else UNREACHABLE_WITHOUT_ATS)
    unreachable = [b for b in order if any(re.search(p, b) for p in patterns)]
    holes = [b for b in order if counts[b] == 0 and b not in unreachable]
    reachable = len(order) - len(unreachable)
    hit = reachable - len(holes)
    for b in holes:
        print("hole: %s (plan: %s)" % (b, plan_item(b)))
    hit_unreachable = [b for b in unreachable if counts[b] > 0]
    for b in hit_unreachable:
        print("error: a bin that cannot be reached by construction was hit %d times: %s" % (counts[b], b))
    items = len({plan_item(b) for b in order} - {None})
    print("plan: every bin is tied to one of %d items of docs/verification-plan.md" % items if not untied and
          not unknown else "plan: %d bin(s) tied to no item of docs/verification-plan.md" % len(untied))
    print("coverage: %d of %d bins hit (%.1f%%), %d holes, %d unreachable bins excluded"
          % (hit, reachable, 100.0 * hit / reachable, len(holes), len(unreachable)))
    return 1 if hit_unreachable or untied or unknown else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
