#!/usr/bin/env python3
"""Keeps docs/verification-plan.md honest (run by `make test`).

Fails, naming what is wrong, if
* a section heading of a covered spec chapter has no row in the plan's section table,
* a row neither names a test file nor says "informative, no behaviour",
* a test file named anywhere in the plan does not exist,
* a cause of the spec's fault-record CAUSE table has no row in the plan's cause table, or a cause row names
  no test and does not say "not produced" (with the reason, in docs/decisions.md),
* an implicit-access kind has no row in the plan's implicit-access table,
* a test file (tests/spec/*.stim, tests/directed/*.stim, tests/unit/*.c) is not named in the plan.

Section rows are `| chapter file | section title | tests | what they check |`; the title is the heading as
written in the spec without backticks; a title that occurs twice in one chapter is written
`parent title / title`.

The headings and causes are read from the spec chapters. tools/plan_spec_snapshot.txt keeps a copy of what
was read, so the check still runs on a machine without the spec; where the spec is present the snapshot must
equal it (refresh with --write-snapshot after a spec update, then fix the plan).

Usage: check_plan.py [--spec DIR] [--plan FILE] [--write-snapshot]
"""
import argparse
import glob
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# The spec sits in shared/ beside the repository (the project's layout); IOMMU_SPEC_DIR overrides it.
SPEC = os.environ.get("IOMMU_SPEC_DIR", os.path.join(os.path.dirname(ROOT), "shared", "spec", "riscv-iommu"))
PLAN = os.path.join(ROOT, "docs", "verification-plan.md")
SNAPSHOT = os.path.join(ROOT, "tools", "plan_spec_snapshot.txt")

# The chapters the plan covers, and the deepest heading level taken from each (2 = "==").
CHAPTERS = {
    "iommu_data_structures.adoc": 5,
    "iommu_in_memory_queues.adoc": 4,
    "iommu_registers.adoc": 3,
    "iommu_debug.adoc": 3,
    "iommu_extensions.adoc": 4,
    "iommu_hw_guidelines.adoc": 3,
}
INFORMATIVE = "informative, no behaviour"
NOT_PRODUCED = "not produced"
ACCESS_KINDS = ["DDT entry", "DC", "PDT entry", "PC", "first-stage PTE", "second-stage PTE", "MSI PTE",
                "fault-queue write", "command fetch", "page-request write", "IOFENCE write", "MSI-table write",
                "A/D update"]
TEST_RE = re.compile(r"tests/(?:spec|directed|unit)/[A-Za-z0-9_.-]+\.(?:stim|c)")


def norm(s):
    return re.sub(r"\s+", " ", s.replace("`", "")).strip()


def spec_sections(path, maxlevel):
    """[(key, line)] for every heading of level 2..maxlevel; key disambiguates repeated titles by parent."""
    heads, stack = [], {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            m = re.match(r"^(={2,6}) (.+?)\s*$", line)
            if not m:
                continue
            level, title = len(m.group(1)), norm(m.group(2))
            stack[level] = title
            for k in list(stack):
                if k > level:
                    del stack[k]
            if level <= maxlevel:
                heads.append((title, stack.get(level - 1, ""), n))
    count = {}
    for t, _, _ in heads:
        count[t] = count.get(t, 0) + 1
    return [((p + " / " + t) if count[t] > 1 else t, n) for t, p, n in heads]


def spec_causes(path):
    """The CAUSE column of the fault-record CAUSE table (the table after [[FAULT_CAUSE]])."""
    causes, inside = [], False
    with open(path, encoding="utf-8") as f:
        for line in f:
            if "[[FAULT_CAUSE]]" in line:
                inside = True
            elif inside and line.startswith("|===") and causes:
                break
            elif inside:
                m = re.match(r"^\|\s*(\d+)\s*\|", line)
                if m:
                    causes.append(int(m.group(1)))
    return causes


def table_rows(text, heading):
    """Cells of the markdown table rows under `## heading` (up to the next `## `)."""
    m = re.search(r"^## " + re.escape(heading) + r"\s*$(.*?)(?=^## |\Z)", text, re.M | re.S)
    if not m:
        return None
    rows = []
    for line in m.group(1).splitlines():
        if line.startswith("|") and not re.match(r"^\|[\s|:-]+\|?$", line):
            rows.append([c.strip() for c in line.strip().strip("|").split("|")])
    return rows[1:]  # the header row


def read_spec(spec_dir):
    """(sections [(chapter, key, line)], causes) from the spec, or None when the spec is not there."""
    if not all(os.path.exists(os.path.join(spec_dir, c)) for c in CHAPTERS):
        return None
    sections = [(c, k, n) for c, lvl in CHAPTERS.items() for k, n in spec_sections(os.path.join(spec_dir, c), lvl)]
    return sections, spec_causes(os.path.join(spec_dir, "iommu_in_memory_queues.adoc"))


def snapshot_text(sections, causes):
    return ("# Written by tools/check_plan.py --write-snapshot: the spec headings and fault causes the plan covers.\n"
            + "".join("section|%s|%s|%d\n" % s for s in sections)
            + "causes|%s\n" % " ".join(map(str, causes)))


def read_snapshot():
    sections, causes = [], []
    with open(SNAPSHOT, encoding="utf-8") as f:
        for line in f:
            p = line.rstrip("\n").split("|")
            if p[0] == "section":
                sections.append((p[1], p[2], int(p[3])))
            elif p[0] == "causes":
                causes = [int(x) for x in p[1].split()]
    return sections, causes


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--spec", default=SPEC)
    ap.add_argument("--plan", default=PLAN)
    ap.add_argument("--write-snapshot", action="store_true")
    args = ap.parse_args()
    problems = []
    spec = read_spec(args.spec)
    if args.write_snapshot:
        if spec is None:
            print("check_plan: spec chapters not found in %s" % args.spec)
            return 1
        with open(SNAPSHOT, "w", encoding="utf-8") as f:
            f.write(snapshot_text(*spec))
        print("check_plan: wrote %s" % os.path.relpath(SNAPSHOT, ROOT))
        return 0
    if spec is None:
        print("check_plan: spec not found in %s (set IOMMU_SPEC_DIR); using %s" % (args.spec, os.path.relpath(SNAPSHOT, ROOT)))
        spec = read_snapshot()
    elif not os.path.exists(SNAPSHOT) or snapshot_text(*spec) != open(SNAPSHOT, encoding="utf-8").read():
        problems.append("%s differs from the spec in %s: run tools/check_plan.py --write-snapshot and update the plan"
                        % (os.path.relpath(SNAPSHOT, ROOT), args.spec))
    sections, causes = spec
    with open(args.plan, encoding="utf-8") as f:
        text = f.read()
    plan_name = os.path.relpath(args.plan, ROOT)
    if plan_name.startswith(".."):
        plan_name = args.plan

    for path in sorted(set(TEST_RE.findall(text))):
        if not os.path.exists(os.path.join(ROOT, path)):
            problems.append("%s names %s, which does not exist" % (plan_name, path))

    rows = table_rows(text, "Sections")
    if rows is None:
        problems.append("%s has no '## Sections' table" % plan_name)
        rows = []
    planned = {}
    for r in rows:
        if len(r) < 4:
            problems.append("%s: section row with fewer than 4 cells: %s" % (plan_name, " | ".join(r)))
            continue
        planned[(r[0], norm(r[1]))] = r
    nsec = len(sections)
    for chapter, key, line in sections:
        r = planned.get((chapter, key))
        if r is None:
            problems.append("%s:%d: section '%s' is missing from %s" % (chapter, line, key, plan_name))
        elif not TEST_RE.search(r[2]) and INFORMATIVE not in r[2]:
            problems.append("%s:%d: section '%s' has no test in %s (and is not marked '%s')"
                            % (chapter, line, key, plan_name, INFORMATIVE))

    if len(causes) < 20:
        problems.append("could not read the fault-record CAUSE table of iommu_in_memory_queues.adoc")
    crow = {}
    for r in table_rows(text, "Fault causes") or []:
        if r and r[0].isdigit():
            crow[int(r[0])] = r
    not_produced = []
    for c in causes:
        r = crow.get(c)
        if r is None:
            problems.append("fault cause %d is missing from the 'Fault causes' table of %s" % (c, plan_name))
        elif not TEST_RE.search(" ".join(r[1:])):
            if NOT_PRODUCED in " ".join(r[1:]) and "decisions.md" in " ".join(r[1:]):
                not_produced.append(c)
            else:
                problems.append("fault cause %d has no test in %s (and no '%s ... decisions.md' reason)"
                                % (c, plan_name, NOT_PRODUCED))

    arow = {}
    for r in table_rows(text, "Implicit accesses") or []:
        if r:
            arow[r[0]] = r
    for k in ACCESS_KINDS:
        if k not in arow:
            problems.append("implicit-access kind '%s' is missing from the 'Implicit accesses' table of %s"
                            % (k, plan_name))

    for pattern in ("tests/spec/*.stim", "tests/directed/*.stim", "tests/unit/*.c"):
        for path in sorted(glob.glob(os.path.join(ROOT, pattern))):
            rel = os.path.relpath(path, ROOT)
            if rel not in text:
                problems.append("%s is not named in %s: say which sections it covers" % (rel, plan_name))

    for p in problems:
        print(p)
    print("check_plan: %d sections, %d causes (%d not produced: %s), %d access kinds; %d problems"
          % (nsec, len(causes), len(not_produced), " ".join(map(str, not_produced)) or "-", len(ACCESS_KINDS),
             len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
