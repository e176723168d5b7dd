#!/usr/bin/env python3
"""Random command-queue stimulus for the RTL's configuration (docs/microarch.md version 3), for the cycle check.

Writes a stimulus (format v1) to stdout: six devices whose DCs share two Sv39 page tables under PSCIDs
0x11/0x22/0x33 (some leaves global, some DCs invalid, some with DTF, some with iosatp Bare), interleaved with
batches of commands written at cqt (IOTINVAL.VMA with every GV/AV/PSCV combination, IODIR.INVAL_DDT with DV
0/1, IOFENCE.C with AV/WSI/PR/PW), illegal commands (reserved opcodes, custom opcodes, GVMA, INVAL_PDT, NL, S,
a PID or a DID too wide on INVAL_DDT, a reserved bit), command-fetch and fence-write memory errors, cqt and
ipsr/cqcsr writes issued while requests are outstanding (`nowait`), page-table and DC changes, ddtp rewrites
(cache flush) and register reads; one seed in four sends its interrupts as MSIs. Each error is resolved before the next: the stimulus polls for its cqcsr
bit, repairs the command or clears the memory error, and clears the bit, so no poll can wait for ever on a
correct IOMMU. The outcome of `nowait` accesses and of stale cache entries depends on timing, so the file is
for `--check cycle` (lockstep with the timing model) only. Same seed, same file.

Usage: tools/gen_cq_stim.py --seed N [--steps S] > FILE.stim
"""
import argparse
import random
import sys

ap = argparse.ArgumentParser(description="random command-queue stimulus (cycle check only)")
ap.add_argument("--seed", type=int, required=True, help="random seed, 0..2^64-1")
ap.add_argument("--steps", type=int, default=150, help="random steps, 1..100000 (default 150)")
args = ap.parse_args()
if not 0 <= args.seed < 1 << 64:
    ap.error("--seed: expected 0..2^64-1, got %d" % args.seed)
if not 1 <= args.steps <= 100000:
    ap.error("--steps: expected 1..100000, got %d" % args.steps)
seed = args.seed
n = args.steps
R = random.Random(seed)
# Every fourth seed keeps fctl.WSI = 0 (MSIs, docs/microarch.md 5.5); there IOFENCE.C.WSI is reserved (spec
# "IOFENCE.C": illegal while fctl.WSI = 0), so legal fences have WSI = 0 (the random stream stays the same).
MSI = seed % 4 == 3
out = ["iommu-stim 1", "# tools/gen_cq_stim.py --seed %d --steps %d" % (seed, n)]
def o(s): out.append(s)
PTE_V, PTE_R, PTE_W, PTE_X, PTE_U, PTE_G, PTE_A, PTE_D = 1, 2, 4, 8, 16, 32, 64, 128
DIDS = [1, 2, 3, 4, 5, 6]
pscid = {}
def dc(did):
    tc = 1 | (R.random() < 0.2) * 16
    ps = R.choice([0x11, 0x22, 0x80011])     # 0x80011: PSCID bit 19 set
    pscid[did] = ps
    root = R.choice([0x200, 0x280])
    mode = 0x8 if R.random() < 0.9 else 0x0
    base = 0x100000 + did * 32
    if R.random() < 0.08: tc = 0   # invalid DC
    o("mem 0x%x 0x%x" % (base, tc)); o("mem 0x%x 0x0" % (base + 8))
    o("mem 0x%x 0x%x" % (base + 16, ps << 12)); o("mem 0x%x 0x%x" % (base + 24, (mode << 60) | root))
def leaf(ppn):
    f = PTE_V | PTE_A | PTE_U
    f |= R.choice([PTE_R, PTE_R | PTE_W | PTE_D, PTE_X, PTE_R | PTE_X, PTE_R | PTE_W])
    if R.random() < 0.3: f |= PTE_G
    return (ppn << 10) | f
def tables():
    for root in (0x200, 0x280):
        l1 = root + 1; l0 = root + 2
        o("mem 0x%x 0x%x" % (root << 12 | 8, (l1 << 10) | PTE_V))            # root[1] -> L1 (VA 0x40000000)
        o("mem 0x%x 0x%x" % (root << 12 | 16, leaf(0xc0000)))                  # root[2] 1 GiB (VA 0x80000000)
        o("mem 0x%x 0x%x" % (root << 12 | 0x800, leaf(0x100000)))              # root[256] 1 GiB (VA bit 38 set)
        o("mem 0x%x 0x%x" % (l1 << 12, (l0 << 10) | PTE_V))                    # L1[0] -> L0
        o("mem 0x%x 0x%x" % (l1 << 12 | 8, leaf(0x90000 + 0x200 * R.randrange(4))))  # L1[1] 2 MiB
        o("mem 0x%x 0x%x" % ((l1 << 12) + 8 * 257, leaf(0x90000 + 0x200 * R.randrange(4))))  # L1[257]
        for i in list(range(8)) + list(range(256, 264)):   # VPN[0] with and without bit 8
            o("mem 0x%x 0x%x" % ((l0 << 12) + 8 * i, leaf(0x80000 + R.randrange(64))))
for d in DIDS: dc(d)
tables()
o("write fqb 0xc0004"); o("write fqcsr 0x3"); o("poll fqcsr 0x30000 0x10000")
o("write icvec 0x%x" % R.randrange(1 << 16))
# Interrupts (docs/microarch.md version 3): every fourth seed keeps fctl.WSI = 0 (the reset value), so cip and
# fip are sent as MSIs (section 5.5) to 0x500000 + 8 v (either half), some vectors masked; the others use the
# wires. A separate generator, so that the rest of the stimulus is the one this seed gave before version 3.
if MSI:
    M = random.Random(seed ^ 0x5eed)
    for v in range(16):
        o("write msi_addr_%d 0x%x" % (v, 0x500000 + 8 * v + 4 * M.randrange(2)))
        o("write msi_data_%d 0x%x" % (v, M.randrange(1 << 32)))
        if M.random() < 0.2: o("write msi_vec_ctl_%d 0x1" % v)
else:
    o("write fctl 0x2")
o("write ddtp 0x40002"); o("poll ddtp 0x10 0x0")
LOG2 = 6
o("write cqb 0x%x" % ((0x400 << 10) | (LOG2 - 1)))
o("write cqcsr 0x%x" % (1 | (R.random() < 0.7) * 2)); o("poll cqcsr 0x30000 0x10000")
QS = 1 << LOG2
tail = 0; tag = 0
def iova():
    r = R.random()
    if r < 0.6: v = 0x40000000 + (R.randrange(8) + R.choice([0, 256])) * 0x1000
    elif r < 0.8: v = R.choice([0x40200000, 0x60200000]) + R.randrange(0x200000)
    elif r < 0.88: v = 0x80000000 + R.randrange(0x40000000)
    elif r < 0.95: v = 0xffffffc000000000 + R.randrange(0x40000000)
    else: v = R.randrange(1 << 40)
    return v + R.randrange(0x1000) // 8 * 8 if r < 0.6 else v
# Legal commands (spec "Command-Queue (CQ)"): IOTINVAL.VMA, IODIR.INVAL_DDT, IOFENCE.C.
def cmd_vma():
    av = R.random() < 0.5; pscv = R.random() < 0.5; gv = R.random() < 0.1
    ps = R.choice([0x11, 0x22, 0x80011, 0x44])
    addr = iova() & ~0xfff
    gscid = R.randrange(1 << 16) if gv or R.random() < 0.2 else 0      # ignored with GV = 0
    return (1 | av << 10 | ps << 12 | pscv << 32 | gv << 33 | gscid << 44, ((addr >> 12) & ((1 << 52) - 1)) << 10)
def cmd_inval_ddt():
    dv = R.random() < 0.7
    return (3 | dv << 33 | R.choice(DIDS + [0, 100]) << 40, 0)
def cmd_fence():
    av = R.random() < 0.6; wsi = R.random() < 0.5 and not MSI
    addr = 0x480000 + 4 * R.randrange(64)
    return (2 | av << 10 | wsi << 11 | R.randrange(4) << 12 | R.randrange(1 << 32) << 32, addr >> 2)
def cmd_legal():
    k = R.random()
    return cmd_vma() if k < 0.45 else cmd_inval_ddt() if k < 0.7 else cmd_fence()
# Illegal or unsupported commands: a legal one with one reserved bit set, or an encoding this configuration
# does not implement.
RSVD = {  # command kind: (legal generator, reserved bit numbers of the 128-bit command)
    "vma": (cmd_vma, [11] + list(range(35, 44)) + list(range(60, 64)) + list(range(64, 73)) + [126, 127]),
    "ddt": (cmd_inval_ddt, [10, 11, 32] + list(range(34, 40)) + list(range(64, 128))),
    "fence": (cmd_fence, list(range(14, 32)) + [126, 127]),
}
def cmd_illegal():
    k = R.randrange(7)
    if k == 0:   # reserved, custom or ATS opcodes (65..67 differ from 1..3 in bit 6 only)
        return (R.choice([0, 4, 5, 6, 63, 64, 65, 66, 67, 127]) | R.randrange(8) << 7, 0)
    if k == 1:   # reserved functions, IOTINVAL.GVMA (no second stage), IODIR.INVAL_PDT (no PDT)
        op = R.choice([1, 2, 3])
        return (op | R.choice({1: [1, 2, 4, 5, 7], 2: [1, 2, 4, 7], 3: [1, 2, 4, 5, 7]}[op]) << 7, 0)
    if k == 2:   # NL or S (no extension)
        c = cmd_vma()
        return (c[0] | 1 << 34, c[1]) if R.random() < 0.5 else (c[0], c[1] | 1 << 9)
    if k == 3:   # IODIR.INVAL_DDT with a PID (reserved for it)
        return (3 | R.randrange(2) << 33 | R.choice([1, 1 << 19, R.randrange(1, 1 << 20)]) << 12, 0)
    if k == 4:   # IODIR.INVAL_DDT with DV = 1 and a DID wider than 1LVL's 7 bits
        return (3 | 1 << 33 | (R.randrange(128) | 1 << R.randrange(7, 24)) << 40, 0)
    gen, bits = RSVD[R.choice(sorted(RSVD))]
    c = gen(); b = R.choice(bits)
    return (c[0] | 1 << b, c[1]) if b < 64 else (c[0], c[1] | 1 << (b - 64))
def put(slot, c):
    o("mem 0x%x 0x%x" % (0x400000 + 16 * slot, c[0])); o("mem 0x%x 0x%x" % (0x400000 + 16 * slot + 8, c[1]))
for step in range(n):
    r = R.random()
    if r < 0.45:
        for _ in range(R.randrange(1, 5)):
            tag += 1
            o("dma tag=%d did=%d ttyp=%s iova=0x%x" % (tag, R.choice(DIDS + [9]), R.choice(["read", "read", "write", "exec"]), iova()))
    elif r < 0.75:
        cnt = R.randrange(1, 5); err = None
        for i in range(cnt):
            slot = (tail + i) % QS
            q = R.random()
            if q < 0.06 and err is None:
                c = cmd_illegal(); put(slot, c); err = ("ill", slot)
            elif q < 0.10 and err is None:
                c = cmd_legal(); put(slot, c); o("memerr 0x%x %s" % (0x400000 + 16 * slot + 8 * R.randrange(2), R.choice(["access", "corrupt"]))); err = ("mf", slot)
            elif q < 0.13 and err is None:
                c = (2 | 1 << 10 | (R.randrange(2) & (not MSI)) << 11 | 0x55 << 32, 0x4c0000 >> 2); put(slot, c)
                o("memerr 0x4c0000 %s" % R.choice(["access", "corrupt"])); err = ("fmf", slot)
            else:
                put(slot, cmd_legal())
        tail = (tail + cnt) % QS
        o("write cqt 0x%x%s" % (tail, " nowait" if R.random() < 0.5 else ""))
        if err:
            for _ in range(R.randrange(3)):
                tag += 1
                o("dma tag=%d did=%d ttyp=read iova=0x%x" % (tag, R.choice(DIDS), iova()))
            bit = 0x400 if err[0] == "ill" else 0x100
            o("poll cqcsr 0x%x 0x%x" % (bit, bit))
            o("read cqh"); o("read ipsr")
            if err[0] == "ill": put(err[1], cmd_legal())
            elif err[0] == "mf":
                o("memerr 0x%x ok" % (0x400000 + 16 * err[1])); o("memerr 0x%x ok" % (0x400000 + 16 * err[1] + 8))
            else: o("memerr 0x4c0000 ok")
            o("write cqcsr 0x%x%s" % (0xf00 | 1 | (R.random() < 0.7) * 2, " nowait" if R.random() < 0.3 else ""))
            o("poll cqcsr 0x20000 0x0")
    elif r < 0.82:
        o("wait %d" % R.randrange(1, 30))
    elif r < 0.86:
        o("mem 0x%x 0x%x" % ((R.choice([0x202, 0x282]) << 12) + 8 * (R.randrange(8) + R.choice([0, 256])), leaf(0x80000 + R.randrange(64))))
    elif r < 0.89:
        dc(R.choice(DIDS))
    elif r < 0.90:
        o("write ddtp 0x40002%s" % (" nowait" if R.random() < 0.5 else "")); o("poll ddtp 0x10 0x0")
    elif r < 0.91:
        # A while in Bare mode (the caches are flushed on the way in and out): an IODIR.INVAL_DDT whose DID
        # 1LVL could not index is legal there (docs/microarch.md 5.4 limits the DID only in 1LVL).
        o("write ddtp 0x40001"); o("poll ddtp 0x10 0x0")
        tag += 1
        o("dma tag=%d did=%d ttyp=read iova=0x%x" % (tag, R.choice(DIDS), iova()))
        put(tail, (3 | 1 << 33 | (R.randrange(128) | 1 << R.randrange(7, 24)) << 40, 0))
        tail = (tail + 1) % QS
        o("write cqt 0x%x" % tail); o("poll cqh 0xffffffff 0x%x" % tail)
        o("write ddtp 0x40002"); o("poll ddtp 0x10 0x0")
    elif r < 0.96:
        o("read %s%s" % (R.choice(["cqh", "cqt", "cqcsr", "ipsr", "cqb"]), " nowait" if R.random() < 0.4 else ""))
    else:
        o("write ipsr 0x%x%s" % (R.randrange(4), " nowait" if R.random() < 0.4 else ""))
        o("write cqcsr 0x%x" % (0xf00 | 1 | (R.random() < 0.7) * 2))
        o("poll cqcsr 0x20000 0x0")
o("poll cqh 0xffffffff 0x%x" % tail)
print("\n".join(out))
