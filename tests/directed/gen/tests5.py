# Hand-written expectations for the directed tests (see regen.sh). Not a model of the IOMMU.
from lib import *
from tests1 import OUT


# ---------------------------------------------------------------- pdtv_bare
def pdtv_bare():
    t = T("pdtv_bare", """
pdtv_bare: a device context with DC.tc.PDTV=1 and DC.fsc.pdtp.MODE=Bare is a legal configuration (Bare is
always a supported pdtp mode), and requests without a process_id translate with a Bare first stage (and a
Bare second stage: iohgatp = 0): pa = IOVA, no page table is read, no fault. With DPE=0 (device 1) the
request goes to Bare at once; with DPE=1 (device 2) process_id 0 is assumed and pdtp.MODE=Bare then gives
Bare. Added for make coverage: no other scenario and no random seed reached this branch of the DC checks.
Spec: iommu_data_structures.adoc "Device-context configuration checks" (only an unsupported pdtp.MODE is
a misconfiguration), "Process to translate an IOVA" (the DPE=0 without process_id step, the DPE=1 default
process_id step and the pdtp.MODE = Bare step).
""")
    t.c("Memory map: DDT (1LVL) page 0x100000 (ddtp.PPN 0x100), fault queue 0x300000 (fqb.PPN 0x300). No page tables.")
    t.c("tc: V 0, PDTV 5, DPE 9. fsc = 0: pdtp.MODE = Bare (bits 63:60), PPN 0.")
    t.blank()
    t.dc(1, 0x21, 0, 0, 0, "V|PDTV, DPE=0, pdtp Bare")
    t.dc(2, 0x221, 0, 0, 0, "V|PDTV|DPE, pdtp Bare")
    t.blank()
    t.fq_setup()
    t.ddtp_1lvl()
    t.blank()
    t.dma(1, 1, "read", 0x5008, cmt="no process_id, DPE=0: first stage Bare")
    t.ok(1, 0x5008, "Bare: pa = IOVA")
    t.dma(2, 1, "write", 0x80002010, cmt="no process_id, DPE=0")
    t.ok(2, 0x80002010, "Bare: pa = IOVA")
    t.dma(3, 2, "exec", 0x7000, cmt="no process_id, DPE=1: process_id 0, then pdtp Bare")
    t.ok(3, 0x7000, "Bare: pa = IOVA")
    t.dma(4, 2, "read", 0x3ff8, cmt="no process_id, DPE=1")
    t.ok(4, 0x3ff8, "Bare: pa = IOVA")
    t.blank()
    t.read("fqt", 0, "no fault record")
    t.save(OUT)


if __name__ == "__main__":
    pdtv_bare()
