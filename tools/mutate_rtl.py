#!/usr/bin/env python3
"""RTL mutant schemata: every mutant of rtl/*.sv in one copy of the sources, each enabled at run time.

Copies rtl/*.sv to an output directory (build/mutants/src/) and rewrites each mutation site as a choice
on a run-time selector, the package variable <pkg>::mutant_sel, set from the plusarg +mutant=N (0, the
default, is the unmutated design):
  - an expression (an if condition, the right-hand side of an assignment, a return value) becomes
    ((<pkg>::mutant_sel == 16'dK) ? <mutated> : <original>), chained for several mutants of one site;
  - a statement dropped by a mutant becomes  begin if (<pkg>::mutant_sel != 16'dK) <statement> end.
The main RTL is never touched; lint runs on it as written (make lint).

Mutants come from two sources, in this order (mutant numbers 1, 2, ...):
  - the curated list of tools/mutants.py (hand-picked plausible bugs, located by their exact anchor text,
    which must occur exactly once in the whole rtl/ tree; a stale anchor is an error naming it);
  - operators applied systematically to every condition, right-hand side and statement of the
    combinational code (always_comb blocks, functions, continuous assignments; never always_ff, `ifdef
    blocks, for headers or declarations). Operators (OPERATORS below): negated if / ?: condition,
    < vs <=, == vs !=, && vs ||, dropped top bit of a slice or stuck-at single bit, constant +/- 1 on an
    increment or a compared constant, a Cause* enum replaced by its sibling, a skipped register update,
    a St* state target replaced by another, a dropped compare term of an && chain (a tag field).
The list is deterministic: files in sorted order, sites in text order, operators in a fixed order.

Each mutant has a stable id (operator, file stem and a hash of the site's text and its mutation; not
the number, which shifts when the sources change): tools/mutants_equivalent.txt is keyed by it.

Usage: mutate_rtl.py [--out DIR] [--list] [--root TREE]  (--list prints number, id, file:line, operator, original and
mutated text, one mutant a line). Standard library only.
"""
import argparse
import glob
import hashlib
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tools"))

OPERATORS = ["negate_cond", "negate_ternary", "rel_strict", "eq_ne", "and_or", "slice_bit", "const_pm1",
             "cause_swap", "state_swap", "skip_update", "drop_compare"]

KEYWORDS = {"if", "else", "begin", "end", "case", "unique", "return", "assign", "logic", "for", "int",
            "default", "endcase", "function", "endfunction", "automatic", "genvar", "module", "endmodule"}


class MutateError(Exception):
    pass


def mask_comments(text):
    """The text with comments and strings replaced by spaces (newlines kept), so offsets stay valid."""
    out = list(text)
    i, n = 0, len(text)
    while i < n:
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out[i:j] = " " * (j - i)
            i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out[i:j] = [c if c == "\n" else " " for c in text[i:j]]
            i = j
        elif text[i] == '"':
            j = i + 1
            while j < n and text[j] != '"' and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            out[i:j + 1] = " " * (min(j + 1, n) - i)
            i = j + 1
        else:
            i += 1
    return "".join(out)


def match_close(text, i):
    """Index of the bracket closing the one at text[i] ( ( [ { )."""
    pairs = {"(": ")", "[": "]", "{": "}"}
    stack = []
    for j in range(i, len(text)):
        c = text[j]
        if c in pairs:
            stack.append(pairs[c])
        elif c in ")]}":
            if not stack or stack[-1] != c:
                raise MutateError("unbalanced '%s'" % c)
            stack.pop()
            if not stack:
                return j
    raise MutateError("unclosed bracket")


def depth0_positions(text, pattern):
    """Start offsets of regex matches at bracket depth 0 of text."""
    depth = [0] * (len(text) + 1)
    d = 0
    for k, c in enumerate(text):
        depth[k] = d
        if c in "([{":
            d += 1
        elif c in ")]}":
            d -= 1
    return [m for m in re.finditer(pattern, text) if depth[m.start()] == 0]


def block_end(text, begin_at):
    """Offset just past the `end` matching the `begin` keyword at begin_at."""
    d = 0
    for m in re.finditer(r"\b(begin|end)\b", text[begin_at:]):
        d += 1 if m.group(1) == "begin" else -1
        if d == 0:
            return begin_at + m.end()
    raise MutateError("unmatched begin")


def spans(masked):
    """(mutable, excluded) lists of (start, end) offsets."""
    mutable, excluded = [], []
    for m in re.finditer(r"\balways_comb\s+begin\b", masked):
        mutable.append((m.start(), block_end(masked, m.end() - 5)))
    for m in re.finditer(r"\bfunction\b", masked):
        e = masked.find("endfunction", m.end())
        if e >= 0:
            # the body only: after the header's ';'
            mutable.append((masked.find(";", m.end()) + 1, e))
    for m in re.finditer(r"\bassign\b", masked):
        mutable.append((m.start(), masked.find(";", m.end()) + 1))
    for m in re.finditer(r"\balways_ff\b", masked):
        b = re.compile(r"\bbegin\b").search(masked, m.end())
        excluded.append((m.start(), block_end(masked, b.start()) if b else len(masked)))
    for m in re.finditer(r"`ifn?def\b", masked):
        e = masked.find("`endif", m.end())
        excluded.append((m.start(), len(masked) if e < 0 else e + 6))
    for m in re.finditer(r"\bfor\s*\(", masked):
        excluded.append((m.start(), match_close(masked, m.end() - 1) + 1))
    return mutable, excluded


def inside(pos, ranges):
    return any(a <= pos < b for a, b in ranges)


class Site:
    """A place in a file that mutants rewrite: kind 'expr' (offsets of an expression) or 'stmt' (offsets of
    a whole assignment statement, with the offsets of its right-hand side)."""

    def __init__(self, path, kind, start, end, text, role, lhs="", rhs=None):
        self.path, self.kind, self.start, self.end, self.text = path, kind, start, end, text
        self.role = role      # 'cond' (if condition), 'rhs' (assignment right-hand side), 'ret', 'stmt'
        self.lhs = lhs
        self.rhs = rhs        # for a stmt: (start, end) of its right-hand side
        self.mutants = []     # (number, mutated text)


def find_sites(path, text):
    masked = mask_comments(text)
    mutable, excluded = spans(masked)

    def ok(pos):
        return inside(pos, mutable) and not inside(pos, excluded)

    sites = []
    for m in re.finditer(r"\bif\s*\(", masked):
        if ok(m.start()):
            close = match_close(masked, m.end() - 1)
            sites.append(Site(path, "expr", m.end(), close, masked[m.end():close], "cond"))
    for m in re.finditer(r"\breturn\b", masked):
        if ok(m.start()):
            e = masked.find(";", m.end())
            s = m.end() + len(masked[m.end():e]) - len(masked[m.end():e].lstrip())
            sites.append(Site(path, "expr", s, e, masked[s:e], "ret"))
    lhs_re = re.compile(r"(?:(?<=[;:)\n])|(?<=\bbegin)|(?<=\belse)|(?<=\bassign))[ \t]*"
                        r"(?P<lhs>[A-Za-z_]\w*(?:\s*\[[^\]\n]*\]|\.\w+)*)\s*=(?!=)")
    for m in lhs_re.finditer(masked):
        lhs = m.group("lhs")
        if lhs.split("[")[0].split(".")[0] in KEYWORDS or not ok(m.start("lhs")):
            continue
        e = m.end()
        semi = e
        while masked[semi] != ";":
            semi = match_close(masked, semi) + 1 if masked[semi] in "([{" else semi + 1
        rs = e + len(masked[e:semi]) - len(masked[e:semi].lstrip())
        is_assign = masked[max(0, m.start() - 8):m.start("lhs")].strip().endswith("assign")
        if not is_assign:
            sites.append(Site(path, "stmt", m.start("lhs"), semi + 1, masked[m.start("lhs"):semi + 1], "stmt",
                              lhs=lhs, rhs=(rs, semi)))
        sites.append(Site(path, "expr", rs, semi, masked[rs:semi], "rhs", lhs=lhs))
    sites.sort(key=lambda s: (s.start, -s.end))
    return sites, masked


def enum_members(texts, name):
    for t in texts:
        m = re.search(r"typedef\s+enum\b[^{]*\{([^}]*)\}\s*" + name + r"\s*;", mask_comments(t))
        if m:
            return re.findall(r"\b([A-Za-z_]\w*)\s*=", m.group(1))
    return []


def sibling(members, name, skip=()):
    cand = [x for x in members if x not in skip]
    if name not in cand:
        return None
    return cand[(cand.index(name) + 1) % len(cand)]


def expr_mutations(site, causes, states):
    """(operator, mutated text, short description) for an expression site, in a fixed order."""
    t = site.text
    out = []

    def sub(a, b, new):
        return t[:a] + new + t[b:]

    if site.role == "cond":
        out.append(("negate_cond", "!(" + t + ")", "!(cond)"))
    q = depth0_positions(t, r"\?")
    if site.role in ("rhs", "ret") and q:
        c = t[:q[0].start()].rstrip()
        out.append(("negate_ternary", "!(" + c + ") " + t[q[0].start():], "!(%s) ?" % " ".join(c.split())))
    for m in re.finditer(r"(?<![<>=!-])(<=|>=|<|>)(?![<>=])", t):
        op = m.group(1)
        new = {"<": "<=", "<=": "<", ">": ">=", ">=": ">"}[op]
        out.append(("rel_strict", sub(m.start(), m.end(), new), "%s -> %s" % (op, new)))
    for m in re.finditer(r"(?<![=!<>])(==|!=)(?!=)", t):
        new = "!=" if m.group(1) == "==" else "=="
        out.append(("eq_ne", sub(m.start(), m.end(), new), "%s -> %s" % (m.group(1), new)))
    for m in re.finditer(r"&&|\|\|", t):
        new = "||" if m.group() == "&&" else "&&"
        out.append(("and_or", sub(m.start(), m.end(), new), "%s -> %s" % (m.group(), new)))
    for m in re.finditer(r"\[", t):
        close = match_close(t, m.start())
        inner = t[m.start() + 1:close]
        # the primary the select applies to: identifiers, '.' and earlier selects
        p = m.start()
        while p > 0 and (t[p - 1] == "_" or t[p - 1].isalnum() or t[p - 1] in ".]"):
            if t[p - 1] == "]":
                d = 0
                while p > 0:
                    p -= 1
                    d += {"]": 1, "[": -1}.get(t[p], 0)
                    if d == 0:
                        break
            else:
                p -= 1
        prim = t[p:m.start()]
        if not prim or not (prim[0].islower() or prim[0] == "_"):
            continue  # not a signal (parameters are CamelCase: a select of a constant)
        if close + 1 < len(t) and t[close + 1] in ".[":
            continue  # an array element, not the final select
        full = t[p:close + 1]
        pm = re.fullmatch(r"\s*(.+?)\s*\+:\s*(.+?)\s*", inner)
        rm = re.fullmatch(r"([^:]+?)\s*:\s*([^:]+)", inner)
        if pm:
            if pm.group(2).strip() == "1":
                continue
            new = "{1'b0, %s[%s +: (%s) - 1]}" % (prim, pm.group(1), pm.group(2))
            out.append(("slice_bit", sub(p, close + 1, new), "%s -> top bit dropped" % full))
        elif rm and "-:" not in inner:
            hi, lo = rm.group(1).strip(), rm.group(2).strip()
            if hi.isdigit() and lo.isdigit() and int(hi) <= int(lo):
                continue
            new = "{1'b0, %s[(%s) - 1:%s]}" % (prim, hi, lo)
            out.append(("slice_bit", sub(p, close + 1, new), "%s -> top bit dropped" % full))
        elif inner.strip().isdigit():
            for v in ("1'b0", "1'b1"):
                out.append(("slice_bit", sub(p, close + 1, v), "%s -> stuck at %s" % (full, v[-1])))
    for m in re.finditer(r"([+-])\s*(\d+)'([bdh])([0-9a-fA-F_]+)\b", t):
        w, base, v = int(m.group(2)), m.group(3), int(m.group(4).replace("_", ""),
                                                       {"b": 2, "d": 10, "h": 16}[m.group(3)])
        for nv in (v + 1, v - 1):
            if 0 <= nv < (1 << w):
                new = "%s %d'd%d" % (m.group(1), w, nv)
                out.append(("const_pm1", sub(m.start(), m.end(), new), "%s -> %s" % (m.group(), new)))
    for m in re.finditer(r"(==|!=)\s*(\d+)'d(\d+)\b", t):
        w, v = int(m.group(2)), int(m.group(3))
        for nv in (v + 1, v - 1):
            if 0 <= nv < (1 << w):
                new = "%s %d'd%d" % (m.group(1), w, nv)
                out.append(("const_pm1", sub(m.start(), m.end(), new), "%s -> %s" % (m.group(), new)))
    for m in re.finditer(r"\b(Cause\w+)\b", t):
        s = sibling(causes, m.group(1), skip=("CauseNone",))
        if s:
            out.append(("cause_swap", sub(m.start(), m.end(), s), "%s -> %s" % (m.group(1), s)))
    for m in re.finditer(r"\b(page_fault_cause|access_fault_cause)\s*\(", t):
        new = "access_fault_cause" if m.group(1) == "page_fault_cause" else "page_fault_cause"
        out.append(("cause_swap", sub(m.start(1), m.end(1), new), "%s -> %s" % (m.group(1), new)))
    for m in re.finditer(r"\b(St\w+)\b", t):
        s = sibling(states, m.group(1))
        if s:
            out.append(("state_swap", sub(m.start(), m.end(), s), "%s -> %s" % (m.group(1), s)))
    terms = depth0_positions(t, r"&&")
    if terms:
        bounds = [0] + [x.start() for x in terms] + [len(t)]
        for i in range(len(bounds) - 1):
            a = bounds[i] + (0 if i == 0 else 2)
            b = bounds[i + 1]
            term = t[a:b].strip()
            if re.search(r"==|!=|_eq\b|_ok\b", term):
                lead = len(t[a:b]) - len(t[a:b].lstrip())
                out.append(("drop_compare", sub(a + lead, a + lead + len(term), "1'b1"),
                            "%s -> 1'b1" % " ".join(term.split())))
    return out


def stmt_mutations(site):
    base = re.sub(r"\s*\[.*$", "", site.lhs)
    rhs = " ".join(site.text[site.rhs[0] - site.start:site.rhs[1] - site.start].split())
    hold = base[:-2] + "_q" if base.endswith("_d") else None
    if (base.endswith("_d") and rhs != hold and not rhs.startswith(hold or "\0")) or \
            (base.endswith("_o") and rhs == "1'b1"):
        return [("skip_update", "", "%s = ... dropped" % site.lhs)]
    return []


def norm(s):
    return " ".join(s.split())


def load_curated():
    import mutants as curated_mod  # tools/mutants.py: the curated list
    return curated_mod.MUTANTS


class Mutant:
    def __init__(self, number, site, op, mutated, desc, name=None, what=None):
        self.number, self.site, self.op, self.mutated, self.desc = number, site, op, mutated, desc
        self.name, self.what = name, what
        self.id = None
        self.line = None


def build(root=ROOT):
    """Returns (files {basename: text}, mutants [Mutant], package name). Raises MutateError."""
    paths = sorted(glob.glob(os.path.join(root, "rtl", "*.sv")))
    if not paths:
        raise MutateError("no rtl/*.sv files under %s" % root)
    texts = {os.path.basename(p): open(p).read() for p in paths}
    pkg = None
    for t in texts.values():
        m = re.search(r"^\s*package\s+(\w+)\s*;", mask_comments(t), re.M)
        if m:
            pkg = m.group(1)
    if pkg is None:
        raise MutateError("no package in rtl/*.sv: the selector mutant_sel lives in the package")
    causes = enum_members(texts.values(), "fault_cause_e")
    states = enum_members(texts.values(), "xlate_state_e")
    sites, masked = {}, {}
    for name, t in texts.items():
        sites[name], masked[name] = find_sites(name, t)
    mutants = []

    # Curated mutants: the changed span (old and new text without their common prefix and suffix) must
    # lie inside one site; the innermost such site takes the mutation.
    for cname, _cfile, old, new, what in load_curated():
        hits = [(n, i) for n, t in texts.items() for i in [m.start() for m in re.finditer(re.escape(old), t)]]
        if len(hits) != 1:
            raise MutateError("curated mutant '%s' is stale: its anchor text %r occurs %d times in rtl/*.sv "
                              "(must be exactly once; update tools/mutants.py)" % (cname, old, len(hits)))
        fname, at = hits[0]
        p = 0
        while p < min(len(old), len(new)) and old[p] == new[p]:
            p += 1
        s = 0
        while s < min(len(old), len(new)) - p and old[len(old) - 1 - s] == new[len(new) - 1 - s]:
            s += 1
        a, b = at + p, at + len(old) - s
        cands = [x for x in sites[fname] if x.start <= a and b <= x.end and not (x.kind == "stmt" and
                 x.rhs[0] <= a and b <= x.rhs[1])]
        if not cands:
            raise MutateError("curated mutant '%s': its change in %s (%r) is not inside a condition, "
                              "right-hand side or statement of combinational code" % (cname, fname, old))
        site = min(cands, key=lambda x: x.end - x.start)
        if masked[fname][site.start:site.end] != texts[fname][site.start:site.end]:
            raise MutateError("curated mutant '%s': a comment inside the mutated text in %s" % (cname, fname))
        mutated = site.text[:a - site.start] + new[p:len(new) - s] + site.text[b - site.start:]
        mutants.append(Mutant(len(mutants) + 1, site, "curated", mutated,
                              what, name=cname, what=what))
    for fname in texts:
        for site in sites[fname]:
            muts = stmt_mutations(site) if site.kind == "stmt" else expr_mutations(site, causes, states)
            for op, mutated, desc in muts:
                mutants.append(Mutant(len(mutants) + 1, site, op, mutated, desc))
    # Stable ids: operator, file stem, and a hash of the site's text, its mutation and the lines
    # around it (until unique), so that renumbering never changes an id.
    seen = {}
    for mu in mutants:
        t = texts[mu.site.path]
        mu.line = t.count("\n", 0, mu.site.start) + 1
        lines = t.splitlines()
        ctx = 0
        while True:
            key = norm(" ".join(lines[max(0, mu.line - 1 - ctx):mu.line])) + "|" + norm(mu.site.text) + "|" + \
                norm(mu.mutated) + "|" + mu.op
            h = hashlib.sha1(key.encode()).hexdigest()[:8]
            mid = "%s:%s:%s" % (re.sub(r"^iommu_|\.sv$", "", mu.site.path), mu.name or mu.op, h)
            if mid not in seen or ctx > 8:
                break
            ctx += 1
        if mid in seen:
            mid += "#%d" % mu.number
        seen[mid] = mu
        mu.id = mid
    for mu in mutants:
        mu.site.mutants.append((mu.number, mu.mutated))
    return texts, mutants, pkg, sites


def render(texts, sites, pkg):
    """The schemata sources: {basename: text}."""
    sel = "%s::mutant_sel" % pkg
    out = {}
    for name, text in texts.items():
        edits = []  # (start, end, new text), non-overlapping after composition
        stmts = [s for s in sites[name] if s.kind == "stmt"]
        exprs = [s for s in sites[name] if s.kind == "expr" and s.mutants]

        def chain(site):
            e = "(%s)" % site.text
            for num, mut in reversed(site.mutants):
                e = "((%s == 16'd%d) ? (%s) : %s)" % (sel, num, mut, e)
            return e

        used = set()
        for st in stmts:
            inner = [x for x in exprs if st.start <= x.start and x.end <= st.end]
            if not st.mutants:
                continue
            body = st.text
            for x in sorted(inner, key=lambda x: -x.start):
                body = body[:x.start - st.start] + chain(x) + body[x.end - st.start:]
                used.add(id(x))
            alt = "begin %s end" % body
            for num, mut in reversed(st.mutants):
                alt = "if (%s == 16'd%d) begin %s end else %s" % (sel, num, mut, alt)
            edits.append((st.start, st.end, "begin " + alt + " end"))
        for x in exprs:
            if id(x) not in used:
                edits.append((x.start, x.end, chain(x)))
        edits.sort()
        for (a1, b1, _), (a2, _b2, _) in zip(edits, edits[1:]):
            if a2 < b1:
                raise MutateError("overlapping mutation sites in %s at offset %d" % (name, a2))
        t = text
        for a, b, new in reversed(edits):
            t = t[:a] + new + t[b:]
        # the selector: a package variable, set from +mutant=N by every module (the same value)
        t = re.sub(r"^(\s*package\s+%s\s*;)" % pkg,
                   r"\1\n  // Mutant schemata selector (tools/mutate_rtl.py): 0 = the design as written.\n"
                   r"  logic [15:0] mutant_sel = 16'd0;", t, count=1, flags=re.M)
        init = ("\n  initial begin\n    if (!$value$plusargs(\"mutant=%%d\", %s)) %s = 16'd0;\n  end" %
                (sel, sel))
        mt = mask_comments(t)
        for m in reversed(list(re.finditer(r"^\s*module\s+\w+", mt, re.M))):
            hdr = match_close(mt, mt.index("(", m.end()))
            semi = mt.index(";", hdr) + 1
            t = t[:semi] + init + t[semi:]
        out[name] = t
    return out


def describe(mu, width=90):
    """One line: number, id, file:line, operator, what, original text => mutated text."""
    def short(x):
        x = norm(x) or "(statement dropped)"
        return x if len(x) <= width else x[:width - 3] + "..."
    return "%4d %-32s %-20s %-14s %s | %s => %s" % (mu.number, mu.id, "%s:%d" % (mu.site.path, mu.line), mu.op,
                                                  mu.desc, short(mu.site.text), short(mu.mutated))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=os.path.join(ROOT, "build", "mutants", "src"))
    ap.add_argument("--list", action="store_true", help="print the mutant list")
    ap.add_argument("--root", default=ROOT, help="the tree whose rtl/*.sv is mutated (default: this one)")
    a = ap.parse_args()
    try:
        texts, mutants, pkg, sites = build(a.root)
        out = render(texts, sites, pkg)
    except MutateError as e:
        print("error: " + str(e), file=sys.stderr)
        return 2
    if a.list:
        for mu in mutants:
            print(describe(mu))
        return 0
    os.makedirs(a.out, exist_ok=True)
    for name, t in out.items():
        path = os.path.join(a.out, name)
        if not os.path.exists(path) or open(path).read() != t:
            with open(path, "w") as f:
                f.write(t)
    print("%d mutants in %s" % (len(mutants), a.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
