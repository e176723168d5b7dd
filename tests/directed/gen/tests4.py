# Hand-written expectations for the directed tests (see regen.sh). Not a model of the IOMMU.
# These scenarios reach single bits the other tests leave alone; each was written to kill RTL mutants that
# survived `make mutants` (tools/mutants.py), named in the comment block of each scenario.
from lib import *
from tests1 import OUT, common_pt_comment


# ---------------------------------------------------------------- sv39_corner_bits
def sv39_corner_bits():
    t = T("sv39_corner_bits", """
sv39_corner_bits: single high bits of the fields a translation compares or checks.
- Two 4 KiB pages whose IOVAs differ only in VPN[1] bit 8 (IOVA bit 29): neither may hit the IOTLB
  entry of the other (an IOTLB that ignores that bit, in the entry or in the request, returns the other
  page's address).
- Misaligned superpages whose only offending PPN bit is the highest checked one: a 2 MiB leaf with
  ppn[8:0] = 0x100 and a 1 GiB leaf with ppn[17:0] = 0x20000.
- Non-leaf PTEs with exactly one of D, A, U set: reserved in a non-leaf PTE, so a page fault of the
  access type at that level.
- A device_id whose only bit above bit 6 is bit 23: too wide for 1LVL, 260 (recorded, DTF assumed 0).
Spec: supervisor.adoc "Virtual Address Translation Process" step 3 (bits reserved for future standard use
set -> page fault; "For non-leaf PTEs, the D, A, and U bits are reserved" in "Sv32"), step 6 (misaligned
superpage), and iommu_data_structures.adoc "Process to locate the Device-context" step 2 (1LVL: device_id
wider than 7 bits -> 260). Kills mutants iotlb:slice_bit (VPN[1] compare), xlate:slice_bit
(pte_misaligned, did_wide) and xlate:and_or (pte_ptr_rsvd).
""")
    common_pt_comment(t)
    t.blank()
    t.dc(1, 0x1, 0, 0, SV39_FSC, "tc.V=1; fsc = Sv39, root PPN 0x200")
    t.mem(ROOT + 1 * 8, pte(0x201, V), "root[1] -> L1 table 0x201000 (IOVA 0x40000000..0x7fffffff)")
    t.mem(0x201000 + 2 * 8, pte(0x202, V), "L1[2] -> L0 table 0x202000")
    t.mem(0x202000 + 3 * 8, pte(0x80010, V | R | W | U | A | D), "L0[3]: 4 KiB leaf PA 0x80010000; IOVA 0x40403000")
    t.mem(0x201000 + 0x102 * 8, pte(0x203, V), "L1[0x102] (addr 0x201810) -> L0 table 0x203000")
    t.mem(0x203000 + 3 * 8, pte(0x80030, V | R | W | U | A | D),
          "L0'[3]: 4 KiB leaf PA 0x80030000; IOVA 0x60403000 (VPN[1] = 0x102: bit 8 differs from 0x002)")
    t.mem(0x201000 + 7 * 8, pte(0x80100, V | R | W | U | A | D),
          "L1[7]: 2 MiB leaf PPN 0x80100: ppn[8:0] = 0x100 != 0 -> misaligned; IOVA 0x40e00000")
    t.mem(ROOT + 5 * 8, pte(0x120000, V | R | W | U | A | D),
          "root[5]: 1 GiB leaf PPN 0x120000: ppn[17:0] = 0x20000 != 0 -> misaligned; IOVA 0x140000000")
    t.mem(ROOT + 6 * 8, pte(0x204, V | D), "root[6]: non-leaf (R=W=X=0) with D=1 -> reserved bit set; IOVA 0x180000000")
    t.mem(ROOT + 7 * 8, pte(0x204, V | A), "root[7]: non-leaf with A=1 -> reserved bit set; IOVA 0x1c0000000")
    t.mem(ROOT + 8 * 8, pte(0x204, V | U), "root[8]: non-leaf with U=1 -> reserved bit set; IOVA 0x200000000")
    t.mem(0x204000, pte(0x80200, V | R | W | X | U | A | D),
          "0x204000[0]: a 2 MiB leaf, reached only if a non-leaf's reserved bit were ignored")
    t.blank()
    t.fq_setup()
    t.ddtp_1lvl()
    t.blank()
    t.dma(1, 1, "read", 0x60403123, cmt="VPN[2]=1, VPN[1]=0x102, VPN[0]=3: miss, walk root[1], L1[0x102], L0'[3]")
    t.ok(1, 0x80030123)
    t.dma(2, 1, "read", 0x40403123, cmt="VPN[1]=0x002: not the cached page (VPN[1] bit 8 differs): miss")
    t.ok(2, 0x80010123, "walk root[1], L1[2], L0[3]")
    t.dma(3, 1, "read", 0x60403abc, cmt="the first page again: IOTLB hit on the entry with VPN[1]=0x102")
    t.ok(3, 0x80030abc)
    t.dma(4, 1, "read", 0x40e00000, cmt="misaligned 2 MiB leaf L1[7]")
    t.fault(4, 13, "read", 1, 0x40e00000, slot=0, irq=0, why="misaligned superpage (ppn[8]), read page fault")
    t.dma(5, 1, "read", 0x140000000, cmt="misaligned 1 GiB leaf root[5]")
    t.fault(5, 13, "read", 1, 0x140000000, slot=1, why="misaligned superpage (ppn[17]), read page fault")
    t.dma(6, 1, "read", 0x180000000, cmt="non-leaf root[6] with D=1")
    t.fault(6, 13, "read", 1, 0x180000000, slot=2, why="reserved D in a non-leaf PTE")
    t.dma(7, 1, "write", 0x1c0000000, cmt="non-leaf root[7] with A=1")
    t.fault(7, 15, "write", 1, 0x1c0000000, slot=3, why="reserved A in a non-leaf PTE, write page fault")
    t.dma(8, 1, "exec", 0x200000000, cmt="non-leaf root[8] with U=1")
    t.fault(8, 12, "exec", 1, 0x200000000, slot=4, why="reserved U in a non-leaf PTE, instruction page fault")
    t.dma(9, 0x800001, "read", 0x40403123, cmt="device_id 0x800001: bit 23 set, bits 22:7 clear")
    t.fault(9, 260, "read", 0x800001, 0x40403123, slot=5, why="device_id too wide for 1LVL")
    t.blank()
    t.read("fqt", 6, "six records")
    t.read("ipsr", 2, "fip (bit 1)")
    t.save(OUT)


# ---------------------------------------------------------------- reg_corners
def reg_corners():
    t = T("reg_corners", """
reg_corners: register behaviour the other tests do not reach.
- A 4-byte write of the low half of fqb (a smaller LOG2SZ) clears the fqh bits at and above the new
  LOG2SZ (docs/microarch.md 3: fqh is kept within the queue).
- An offset in the upper half of the register space (0x810: bit 11 set) is not a register: reads 0,
  whatever ddtp (at 0x010, the same offset with bit 11 clear) holds.
- ipsr is RW1C per bit: writing 1 to cip (bit 0) alone leaves fip (bit 1) pending; writing 1 to fip
  clears it and the wire falls.
Spec: iommu_registers.adoc "Register layout" (offsets beyond the defined registers), "Fault queue base
(fqb)", "Fault queue head (fqh)", "Interrupt pending status register (ipsr)" (RW1C bits).
Kills mutants regs:negate_cond and regs:and_or of the fqb write's fqh clear, regs:slice_bit of the
register window index and of ipsr's fip write bit.
""")
    t.write("fqb", fqb(5), "32 entries (LOG2SZ-1 = 4)")
    t.write("fqh", 0x1d, "fqh = 29 < 32")
    t.read("fqh", 0x1d)
    t.write("fqb", fqb(2) & 0xffffffff, "low half only (size 4): LOG2SZ-1 = 1 (4 entries), PPN[21:0] = 0x300",
            size=4)
    t.read("fqh", 0x1, "0x1d & (4 - 1): the bits at and above LOG2SZ are cleared")
    t.read("fqb", fqb(2), "PPN 0x300, LOG2SZ-1 = 1")
    t.write("fqh", 0x0, "back to an empty queue")
    t.blank()
    t.fq_setup()
    t.ddtp_1lvl()
    t.read("0x810", 0, "not a register (bit 11 of the offset set): 0, not ddtp")
    t.blank()
    t.dc(2, 0x0, cmt="tc.V=0")
    t.dma(1, 2, "read", 0x1000, cmt="DC of device 2 not valid")
    t.fault(1, 258, "read", 2, 0x1000, slot=0, irq=0, why="DDT entry not valid")
    t.write("ipsr", 0x1, "W1C cip only: fip stays 1")
    t.read("ipsr", 0x2, "fip still pending")
    t.write("ipsr", 0x2, "W1C fip: wire 0 falls")
    t.irq(0, 0)
    t.read("ipsr", 0x0)
    t.save(OUT)


if __name__ == "__main__":
    sv39_corner_bits()
    reg_corners()
