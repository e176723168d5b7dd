# Hand-written expectations for the directed tests (see regen.sh). Not a model of the IOMMU.
from lib import *
from tests1 import OUT
from tests6 import CQ, iofence_c, cmd

MSI = 0x500000          # where the messages go


def msi(t, addr, data, status="ok", why=""):
    """An MSI the IOMMU sends: the 4 bytes of msi_data_x at msi_addr_x (logged as a 4-byte write)."""
    t.s.append(f"#   -> MSI: the 4 bytes {hx(data)} at {hx(addr)}, status {status}" + (f" ({why})" if why else ""))
    t.l.append(f"memwr addr={h(addr)} data={h(data)} size=4 status={status}")


def record(t, slot, words, why):
    t.s.append(f"#   -> fault record at slot {slot} = {hx(FQ + slot * 32)}: " + why)
    for k in range(4):
        t.l.append(f"memwr addr={h(FQ + slot * 32 + 8 * k)} data={h(words[k])} status=ok")


# ---------------------------------------------------------------- msi_interrupts
def msi_interrupts():
    t = T("msi_interrupts", """
msi_interrupts: IOMMU-originated interrupts as messages (docs/microarch.md version 3, sections 3, 4.3, 5.5).
fctl.WSI stays at its reset value 0, so ipsr.fip and ipsr.cip going 0 -> 1 each send one MSI: the 4 bytes of
msi_data_x written at msi_addr_x (x = icvec.fiv or icvec.civ), logged as memwr size=4. Checked: no wire moves
while fctl.WSI = 0; a masked vector (msi_vec_ctl.M = 1) stays pending and is sent once unmasked, with the
table's values at that time; an ipsr bit that stays 1 sends nothing more; IOFENCE.C with WSI = 1 is illegal
while fctl.WSI = 0 (cmd_ill, so cip); an MSI write that faults is reported as "IOMMU MSI write access fault"
(cause 273, TTYP 0, device_id 0, iotval = msi_addr_x), and that record raising fip sends fip's MSI; fctl.WSI
= 1 then drives the wires of the pending bits at once (no message), and back at 0 no wire and no message.
MSIs are triggered by register writes only, and each write that sends one is followed by `wait` (the lockstep
bench's timing; nothing in a functional runner), so the log order does not depend on timing.
Spec: iommu_registers.adoc "ipsr" (MSIs have edge semantics), "msi_cfg_tbl", "icvec", "fctl", "cqcsr";
iommu_in_memory_queues.adoc "IOFENCE.C" (WSI reserved when fctl.WSI = 0), fault causes (273).
Layout: fault queue 0x300000 (8 entries), command queue 0x400000 (4 entries), messages at 0x500000..
icvec: civ = 2 (bits 3:0), fiv = 5 (bits 7:4). Records of cause 256 (ddtp Off): dw0 = 256 | TTYP<<34 | DID<<40.
""", wsi=False)
    t.fq_setup(log2sz=3, icvec=0x52)
    t.write("msi_addr_5", MSI + 4, "fiv's entry: the upper half of 0x500000")
    t.write("msi_data_5", 0xf00d0005)
    t.write("msi_vec_ctl_5", 0x1, "masked")
    t.write("msi_addr_2", MSI + 0x10, "civ's entry: the lower half of 0x500010")
    t.write("msi_data_2", 0xc0de0002)
    t.blank()
    t.c("fip 0 -> 1 while vector 5 is masked: pending, nothing sent")
    t.dma(1, 1, "read", 0x1000, cmt="ddtp Off: cause 256")
    t.fault(1, 256, "read", 1, 0x1000, slot=0, why="all inbound transactions disallowed; vector 5 masked: no MSI")
    t.s.append("wait 30")
    t.write("msi_data_5", 0xf00d1005, "changed while pending: the message carries the new value")
    t.write("msi_vec_ctl_5", 0x0, "unmasked: the pending message goes")
    msi(t, MSI + 4, 0xf00d1005, why="vector 5, upper half")
    t.s.append("wait 500")
    t.read("ipsr", 0x2, "fip")
    t.blank()
    t.c("fip stays 1: a second record sends nothing")
    t.dma(2, 1, "read", 0x2000)
    t.fault(2, 256, "read", 1, 0x2000, slot=1, why="fip already 1: no MSI")
    t.write("ipsr", 0x2, "clear fip (no fqof, no fqmf: it stays 0)")
    t.read("ipsr", 0x0)
    t.blank()
    t.c("cip through the command queue: IOFENCE.C with WSI = 1 is illegal while fctl.WSI = 0")
    cmd(t, 0, iofence_c(wsi=1), "IOFENCE.C WSI=1 (reserved: fctl.WSI = 0)")
    t.write("cqb", (CQ >> 12) << 10 | 1, "PPN 0x400, LOG2SZ-1 = 1 (4 entries)")
    t.write("cqcsr", 0x3, "cqen | cie")
    t.poll("cqcsr", 0x30000, 0x10000, 0x10003, "until cqon = 1, busy = 0")
    t.write("cqt", 0x1)
    msi(t, MSI + 0x10, 0xc0de0002, why="cmd_ill with cie = 1: cip 0 -> 1, vector 2, lower half")
    t.s.append("wait 500")
    t.read("cqcsr", 0x10403, "cqon | cmd_ill | cie | cqen; cqh stays at the illegal command")
    t.read("cqh", 0x0)
    t.read("ipsr", 0x1, "cip")
    t.blank()
    t.c("the MSI write of vector 2 faults: cause 273 recorded, whose fip 0 -> 1 sends vector 5")
    cmd(t, 0, iofence_c(), "IOFENCE.C, no AV, no WSI")
    cmd(t, 1, (0, 0), "opcode 0: reserved, illegal")
    t.write("cqcsr", 0x403, "W1C cmd_ill, keep cqen and cie: cq[0] runs, cq[1] stops the queue again")
    t.poll("cqcsr", 0x20000, 0x0, 0x10003, "busy clears; then the fence at cq[0] runs (cqh = 1)")
    t.write("ipsr", 0x1, "clear cip (no error bit set now: it stays 0)")
    t.read("ipsr", 0x0)
    t.memerr(MSI + 0x18, "access")
    t.write("msi_addr_2", MSI + 0x1c, "vector 2 now at the upper half of a doubleword that faults")
    t.write("cqt", 0x2, "cq[0] completes (cqh = 1), cq[1] is illegal: cip 0 -> 1")
    msi(t, MSI + 0x1c, 0xc0de0002, status="access", why="vector 2 at 0x50001c: access fault")
    record(t, 2, [273, 0, MSI + 0x1c, 0],
           "dw0 = CAUSE 273 | TTYP 0<<34 | DID 0<<40 = 0x111, dw1 = 0, dw2 = iotval = msi_addr_2 = 0x50001c, dw3 = 0")
    msi(t, MSI + 4, 0xf00d1005, why="that record sets fip 0 -> 1: vector 5")
    t.s.append("wait 1500")
    t.read("cqh", 0x1)
    t.read("fqt", 0x3)
    t.read("ipsr", 0x3, "cip and fip")
    t.blank()
    t.c("fctl.WSI = 1: the pending bits drive the wires of icvec at once, no message; back to 0: wires 0")
    t.write("fctl", 0x2)
    t.irq(2, 1)
    t.irq(5, 1)
    t.write("ipsr", 0x2, "clear fip: wire 5 falls")
    t.irq(5, 0)
    t.write("fctl", 0x0, "MSIs again: wire 2 falls; cip stays 1, so no message")
    t.irq(2, 0)
    t.s.append("wait 50")
    t.read("ipsr", 0x1)
    t.read("fctl", 0x0)
    t.save(OUT)


if __name__ == "__main__":
    msi_interrupts()
