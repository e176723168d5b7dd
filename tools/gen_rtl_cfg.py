#!/usr/bin/env python3
"""Writes the SystemVerilog package iommu_cfg_pkg from a configuration file (docs/config.md), the one source
of the RTL's capabilities (docs/microarch.md section 3.1).

    tools/gen_rtl_cfg.py config/rtl_max.cfg -o build/cfg_max/iommu_cfg_pkg.sv

The file is read with the syntax of the golden model's reader (cmodel/arch/config_file.c): the header
`iommu-config 1`, then `key = value` lines, `#` comments, decimal or 0x numbers; a key that is not given keeps
its value from the RTL's base configuration (config/rtl.cfg). Besides what the reader and the specification
reject, a key or value that the RTL cannot build (a capability beyond config/rtl_max.cfg, or a combination the
specification rules out) is refused. Every error names file:line and the reason, and the exit status is 2.
"""
import argparse
import os
import sys

# capabilities bits by name (spec "IOMMU capabilities (capabilities)"), as cmodel/arch/config_file.c.
CAP_BITS = {
    "Sv32": 8, "Sv39": 9, "Sv48": 10, "Sv57": 11, "Svrsw60t59b": 14, "Svpbmt": 15, "Sv32x4": 16,
    "Sv39x4": 17, "Sv48x4": 18, "Sv57x4": 19, "AMO_MRIF": 21, "MSI_FLAT": 22, "MSI_MRIF": 23,
    "AMO_HWAD": 24, "ATS": 25, "T2GPA": 26, "END": 27, "HPM": 30, "DBG": 31, "PD8": 38, "PD17": 39,
    "PD20": 40, "QOSID": 41, "NL": 42, "S": 43,
}
IGS_NAMES = {"MSI": 0, "WSI": 1, "BOTH": 2}
MODE_NAMES = ["Off", "Bare", "1LVL", "2LVL", "3LVL"]
# Numeric keys of the reader with their ranges.
NUM_KEYS = {
    "interrupt_vectors": (1, 16), "cq.log2sz_max": (0, 32), "fq.log2sz_max": (1, 32),
    "pq.log2sz_max": (0, 32), "pscid_bits": (0, 20), "gscid_bits": (0, 16), "hpm.counters": (0, 31),
    "hpm.counter_bits": (0, 64), "qosid.rcid_bits": (0, 12), "qosid.mcid_bits": (0, 12),
}
FLAG_KEYS = ("svnapot", "fctl.BE.writable", "fctl.WSI.writable", "fctl.GXL.writable")

# What the RTL can build (docs/microarch.md sections 3 and 3.1). Capabilities it may take either way: the
# first-stage modes (Sv48 needs Sv39, Sv57 needs Sv48), hardware A/D updates, the extended DC format and the
# process-directory modes; from version 8 the second-stage modes Sv39x4/Sv48x4/Sv57x4 and the MRIF
# capabilities; from version 10 (section 5.8) Sv32, Sv32x4, Svrsw60t59b, Svpbmt, END, NL and S; from version 11
# (section 5.9) ATS and T2GPA. Everything else must keep config/rtl.cfg's value.
RTL_FREE_CAPS = ("Sv32", "Sv39", "Sv48", "Sv57", "AMO_HWAD", "MSI_FLAT", "PD8", "PD17", "PD20", "Sv32x4",
                 "Sv39x4", "Sv48x4", "Sv57x4", "MSI_MRIF", "AMO_MRIF", "HPM", "DBG", "QOSID", "Svrsw60t59b",
                 "Svpbmt", "END", "NL", "S", "ATS", "T2GPA")
RTL_FIXED = {
    # key: (required value, reason)
    "interrupt_vectors": (16, "the RTL implements 16 interrupt vectors (msi_cfg_tbl, wsi_o)"),
    "pscid_bits": (20, "the RTL implements 20-bit PSCIDs"),
    "capabilities.version": (0x10, "the RTL implements specification version 1.0 (0x10)"),
    "capabilities.PAS": (56, "the RTL's addresses are 56 bits (capabilities.PAS = 56)"),
}


class CfgError(Exception):
    pass


def parse_number(s):
    if not s or s[0] in "+-" or s[0].isspace():
        return None
    try:
        if s[:2] in ("0x", "0X"):
            return int(s[2:], 16) if len(s) > 2 and all(c in "0123456789abcdefABCDEF" for c in s[2:]) else None
        return int(s, 10) if s.isdigit() else None
    except ValueError:
        return None


def base_config():
    """config/rtl.cfg's values (the reader's defaults: cmodel/arch/config.c iommu_config_rtl)."""
    caps = {name: 0 for name in CAP_BITS}
    caps.update({"Sv39": 1, "Sv48": 1, "Sv57": 1, "AMO_HWAD": 1})
    return {"caps": caps, "version": 0x10, "IGS": 2, "PAS": 56, "svnapot": 0, "fctl.BE.writable": 0,
            "fctl.WSI.writable": 1, "fctl.GXL.writable": 0, "ddtp.modes": 0x1f, "interrupt_vectors": 16,
            "cq.log2sz_max": 32, "fq.log2sz_max": 32, "pq.log2sz_max": 0, "pscid_bits": 20, "gscid_bits": 0,
            "hpm.counters": 0, "hpm.counter_bits": 0, "qosid.rcid_bits": 0, "qosid.mcid_bits": 0}


def load(path):
    """Reads path as cmodel/arch/config_file.c does; returns (config, {key: line}). Raises CfgError."""
    if os.path.isdir(path):
        raise CfgError("%s: is a directory, expected a configuration file (docs/config.md)" % path)
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        raise CfgError("%s: cannot open: %s" % (path, e.strerror))
    cfg, where = base_config(), {}
    header = False
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    for lineno, raw in enumerate(lines, 1):
        for col, ch in enumerate(raw, 1):
            if (ch < 0x20 and ch not in (0x09, 0x0d)) or ch == 0x7f:
                raise CfgError("%s:%d: byte 0x%02x in column %d is not text: expected a text configuration "
                               "('iommu-config 1', then 'key = value' lines, docs/config.md)" % (path, lineno, ch, col))
        line = raw.decode("utf-8", "replace").split("#", 1)[0].strip()
        if not line:
            continue
        if not header:
            words = line.split()
            if len(words) != 2 or words[0] != "iommu-config" or not words[1].isdigit():
                raise CfgError("%s:%d: expected the header 'iommu-config 1', got '%s'" % (path, lineno, line))
            if int(words[1]) != 1:
                raise CfgError("%s:%d: configuration format version %s is not known (expected 1)"
                               % (path, lineno, words[1]))
            header = True
            continue
        if "=" not in line:
            raise CfgError("%s:%d: expected 'key = value', got '%s'" % (path, lineno, line))
        key, value = (s.strip() for s in line.split("=", 1))
        if not key or not value:
            raise CfgError("%s:%d: expected 'key = value' with a key and a value" % (path, lineno))
        msg = apply(cfg, key, value)
        if msg:
            raise CfgError("%s:%d: %s" % (path, lineno, msg))
        where[key] = lineno
    if not header:
        raise CfgError("%s:%d: expected the header 'iommu-config 1', got end of file" % (path, len(lines)))
    return cfg, where


def apply(cfg, key, value):
    """Stores one key = value; returns None or what was expected (the reader's messages)."""
    if key.startswith("capabilities."):
        f = key[len("capabilities."):]
        if f == "version":
            v = parse_number(value)
            if v is None or v > 0xff:
                return "capabilities.version: expected a number 0..255 (0x10 for version 1.0)"
            cfg["version"] = v
            return None
        if f == "IGS":
            if value not in IGS_NAMES:
                return "capabilities.IGS: expected MSI, WSI or BOTH"
            cfg["IGS"] = IGS_NAMES[value]
            return None
        if f == "PAS":
            v = parse_number(value)
            if v is None or v < 32 or v > 56:
                return "capabilities.PAS: expected a number 32..56"
            cfg["PAS"] = v
            return None
        if f in CAP_BITS:
            v = parse_number(value)
            if v is None or v > 1:
                return "%s: expected 0 or 1" % key
            cfg["caps"][f] = v
            return None
        return "unknown capabilities field '%s'" % f
    if key in FLAG_KEYS:
        v = parse_number(value)
        if v is None or v > 1:
            return "%s: expected 0 or 1" % key
        cfg[key] = v
        return None
    if key == "ddtp.modes":
        modes = 0
        for tok in value.replace(",", " ").split():
            if tok not in MODE_NAMES:
                return "ddtp.modes: expected a list of Off Bare 1LVL 2LVL 3LVL, got '%s'" % tok
            modes |= 1 << MODE_NAMES.index(tok)
        if not modes:
            return "ddtp.modes: expected a list of Off Bare 1LVL 2LVL 3LVL, got nothing"
        cfg["ddtp.modes"] = modes
        return None
    if key in NUM_KEYS:
        lo, hi = NUM_KEYS[key]
        v = parse_number(value)
        if v is None or v < lo or v > hi:
            return "%s: expected a number %d..%d, got '%s'" % (key, lo, hi, value)
        cfg[key] = v
        return None
    return "unknown key '%s'" % key


def check_rtl(path, cfg, where):
    """Rejects what the specification forbids (the rules of iommu_config_validate that these keys reach) and
    what the RTL cannot build. The message names the line of the key at fault (line 1 if it was not given)."""
    def err(key, reason):
        raise CfgError("%s:%d: %s: %s" % (path, where.get(key, 1), key, reason))
    caps = cfg["caps"]
    for name in sorted(CAP_BITS, key=lambda n: CAP_BITS[n]):
        if name not in RTL_FREE_CAPS and caps[name]:
            err("capabilities." + name, "the RTL cannot build this capability (1); the largest configuration it "
                "builds is config/rtl_max.cfg (docs/microarch.md section 3)")
    for key, (want, reason) in RTL_FIXED.items():
        have = {"capabilities.version": cfg["version"], "capabilities.PAS": cfg["PAS"]}.get(key, cfg.get(key))
        if have != want:
            err(key, "must be %s for the RTL, got %s: %s" % (want if want < 256 else hex(want), have, reason))
    # Spec "capabilities": Sv48 needs Sv39, Sv57 needs Sv48.
    if caps["Sv48"] and not caps["Sv39"]:
        err("capabilities.Sv48", "requires capabilities.Sv39 (spec \"capabilities\")")
    if caps["Sv57"] and not caps["Sv48"]:
        err("capabilities.Sv57", "requires capabilities.Sv48 (spec \"capabilities\")")
    # Version 8 (docs/microarch.md section 3): a second stage needs 16-bit GSCIDs, MSI translation needs
    # the extended DC format and a second stage (msiptp.MODE Flat needs iohgatp not Bare), MRIF needs MSI.
    g = caps["Sv32x4"] or caps["Sv39x4"] or caps["Sv48x4"] or caps["Sv57x4"]
    if cfg["gscid_bits"] != (16 if g else 0):
        # Named at gscid_bits when the file gives it, else at the second-stage capability that needs it.
        key = "gscid_bits" if "gscid_bits" in where or not g else \
            "capabilities." + next(n for n in ("Sv32x4", "Sv39x4", "Sv48x4", "Sv57x4") if caps[n])
        err(key, "gscid_bits must be %d for the RTL, got %d: the RTL implements 16-bit GSCIDs with a second "
            "stage and none without" % (16 if g else 0, cfg["gscid_bits"]))
    if caps["Sv48x4"] and not caps["Sv39x4"]:
        err("capabilities.Sv48x4", "requires capabilities.Sv39x4 (spec \"capabilities\")")
    if caps["Sv57x4"] and not caps["Sv48x4"]:
        err("capabilities.Sv57x4", "requires capabilities.Sv48x4 (spec \"capabilities\")")
    if caps["MSI_MRIF"] and not (caps["MSI_FLAT"] and g):
        err("capabilities.MSI_MRIF", "requires capabilities.MSI_FLAT and a second-stage mode (MSI translation)")
    if caps["AMO_MRIF"] and not caps["MSI_MRIF"]:
        err("capabilities.AMO_MRIF", "requires capabilities.MSI_MRIF (spec \"capabilities\")")
    # Version 9 (docs/microarch.md 5.7): the counters' number and width are parameters of iommu_hpm, the QoS
    # widths of iommu_regs and the DC check; without the capability they must be 0.
    if caps["HPM"]:
        if not 1 <= cfg["hpm.counters"] <= 31:
            err("hpm.counters", "expected 1..31 with capabilities.HPM = 1, got %d" % cfg["hpm.counters"])
        if not 32 <= cfg["hpm.counter_bits"] <= 64:
            err("hpm.counter_bits", "expected 32..64 with capabilities.HPM = 1 (the RTL's counters), got %d"
                % cfg["hpm.counter_bits"])
    else:
        for key in ("hpm.counters", "hpm.counter_bits"):
            if cfg[key]:
                err(key, "must be 0 without capabilities.HPM, got %d" % cfg[key])
    if not caps["QOSID"]:
        for key in ("qosid.rcid_bits", "qosid.mcid_bits"):
            if cfg[key]:
                err(key, "must be 0 without capabilities.QOSID, got %d" % cfg[key])
    # Version 10 (section 5.8). The RTL's queues take log2 sizes 1..32 (a queue of one entry is useless, and
    # cqb/fqb.LOG2SZ-1 = 0 means two entries).
    for key in ("cq.log2sz_max", "fq.log2sz_max"):
        if not 1 <= cfg[key] <= 32:
            err(key, "expected 1..32 for the RTL (cqb/fqb.LOG2SZ-1 is WARL up to it), got %d" % cfg[key])
    # Spec "fctl": BE is writable only when both byte orders exist (capabilities.END); GXL selects Sv32x4, so
    # a writable GXL needs capabilities.Sv32x4 (and the 64-bit G modes, when any, stay reachable with GXL = 0).
    if cfg["fctl.BE.writable"] and not caps["END"]:
        err("fctl.BE.writable", "requires capabilities.END = 1 (spec \"capabilities\", \"fctl\")")
    if cfg["fctl.GXL.writable"] and not caps["Sv32x4"]:
        err("fctl.GXL.writable", "requires capabilities.Sv32x4 = 1 (spec \"fctl\": GXL = 1 selects Sv32x4)")
    if caps["Sv32x4"] and not cfg["fctl.GXL.writable"]:
        err("capabilities.Sv32x4", "requires fctl.GXL.writable = 1 (fctl.GXL resets to 0; Sv32x4 needs GXL = 1)")
    # Version 11 (docs/microarch.md 5.9): ATS with its page-request queue (pq.log2sz_max 1..32, WARL of
    # pqb.LOG2SZ-1); T2GPA needs ATS and a second stage (spec "capabilities").
    if caps["ATS"]:
        if not 1 <= cfg["pq.log2sz_max"] <= 32:
            err("pq.log2sz_max" if "pq.log2sz_max" in where else "capabilities.ATS",
                "pq.log2sz_max must be 1..32 with capabilities.ATS = 1 (the page-request queue), got %d"
                % cfg["pq.log2sz_max"])
    else:
        if cfg["pq.log2sz_max"]:
            err("pq.log2sz_max", "must be 0 without capabilities.ATS (no page-request queue), got %d"
                % cfg["pq.log2sz_max"])
        if caps["T2GPA"]:
            err("capabilities.T2GPA", "requires capabilities.ATS (spec \"capabilities\")")
    if caps["T2GPA"] and not g:
        err("capabilities.T2GPA", "requires a second-stage mode (tc.T2GPA = 1 needs iohgatp not Bare)")
    # Spec "fctl": WSI is writable only when both interrupt methods exist.
    if cfg["fctl.WSI.writable"] and cfg["IGS"] != 2:
        err("fctl.WSI.writable", "requires capabilities.IGS = BOTH (spec \"icvec\", \"fctl\")")
    # Spec "ddtp": Off and Bare are always supported, and at least one directory mode.
    if (cfg["ddtp.modes"] & 3) != 3:
        err("ddtp.modes", "Off and Bare must be supported (spec \"ddtp\")")
    if not cfg["ddtp.modes"] & 0x1c:
        err("ddtp.modes", "at least one of 1LVL, 2LVL, 3LVL must be supported (spec \"ddtp\")")


def capabilities_value(cfg):
    v = cfg["version"] | (cfg["IGS"] << 28) | (cfg["PAS"] << 32)
    for name, bit in CAP_BITS.items():
        v |= cfg["caps"][name] << bit
    return v


def render(path, cfg):
    caps = cfg["caps"]
    b = lambda x: "1'b%d" % x
    lines = [
        "// GENERATED by tools/gen_rtl_cfg.py from %s: edit the configuration file, not this file." % path,
        "// The RTL's capability-dependent choices (docs/microarch.md section 3.1).",
        "",
        "package iommu_cfg_pkg;",
        "",
        "  /* verilator lint_off UNUSEDPARAM */",
        "  // The capabilities register's read value (spec \"IOMMU capabilities\").",
        "  parameter logic [63:0] CfgCapabilities = 64'h%016x;" % capabilities_value(cfg),
        "",
        "  // First-stage modes of iosatp and PC.fsc (tc.SXL = 0).",
        "  parameter logic CfgSv39 = %s;" % b(caps["Sv39"]),
        "  parameter logic CfgSv48 = %s;" % b(caps["Sv48"]),
        "  parameter logic CfgSv57 = %s;" % b(caps["Sv57"]),
        "  // Hardware A/D updates (tc.SADE, tc.GADE legal).",
        "  parameter logic CfgAmoHwad = %s;" % b(caps["AMO_HWAD"]),
        "  // First-stage mode Sv32 (tc.SXL = 1; version 10, section 5.8).",
        "  parameter logic CfgSv32 = %s;" % b(caps["Sv32"]),
        "  // Second-stage modes of iohgatp (version 8; Sv32x4 with fctl.GXL = 1, version 10).",
        "  parameter logic CfgSv32x4 = %s;" % b(caps["Sv32x4"]),
        "  parameter logic CfgSv39x4 = %s;" % b(caps["Sv39x4"]),
        "  parameter logic CfgSv48x4 = %s;" % b(caps["Sv48x4"]),
        "  parameter logic CfgSv57x4 = %s;" % b(caps["Sv57x4"]),
        "  // MRIF-mode MSI PTEs (version 8).",
        "  parameter logic CfgMsiMrif = %s;" % b(caps["MSI_MRIF"]),
        "  // Extended-format (64-byte) device contexts.",
        "  parameter logic CfgMsiFlat = %s;" % b(caps["MSI_FLAT"]),
        "  // Process-directory modes of pdtp.",
        "  parameter logic CfgPd8  = %s;" % b(caps["PD8"]),
        "  parameter logic CfgPd17 = %s;" % b(caps["PD17"]),
        "  parameter logic CfgPd20 = %s;" % b(caps["PD20"]),
        "  // Interrupt generation support: 0 MSI, 1 WSI, 2 BOTH.",
        "  parameter logic [1:0] CfgIgs = 2'd%d;" % cfg["IGS"],
        "  // Which fctl fields software can change.",
        "  parameter logic CfgFctlBeWritable  = %s;" % b(cfg["fctl.BE.writable"]),
        "  parameter logic CfgFctlWsiWritable = %s;" % b(cfg["fctl.WSI.writable"]),
        "  parameter logic CfgFctlGxlWritable = %s;" % b(cfg["fctl.GXL.writable"]),
        "  // ddtp.iommu_mode values accepted, one bit per mode (bit 0 Off .. bit 4 3LVL).",
        "  parameter logic [4:0] CfgDdtpModes = 5'b%s;" % format(cfg["ddtp.modes"], "05b"),
        "  // Queue size maxima (log2 of entries; 0 = no such queue).",
        "  parameter int CfgCqLog2szMax = %d;" % cfg["cq.log2sz_max"],
        "  parameter int CfgFqLog2szMax = %d;" % cfg["fq.log2sz_max"],
        "  parameter int CfgPqLog2szMax = %d;" % cfg["pq.log2sz_max"],
        "  // Implemented PSCID width.",
        "  parameter int CfgPscidBits = %d;" % cfg["pscid_bits"],
        "  // Implemented GSCID width (16 with a second stage, else 0).",
        "  parameter int CfgGscidBits = %d;" % cfg["gscid_bits"],
        "  // Version 9 (docs/microarch.md 5.7): performance monitor, debug translations, QoS IDs.",
        "  parameter logic CfgHpm = %s;" % b(caps["HPM"]),
        "  parameter int CfgHpmCounters = %d;" % cfg["hpm.counters"],
        "  parameter int CfgHpmCounterBits = %d;" % cfg["hpm.counter_bits"],
        "  parameter logic CfgDbg = %s;" % b(caps["DBG"]),
        "  parameter logic CfgQosid = %s;" % b(caps["QOSID"]),
        "  parameter int CfgRcidBits = %d;" % cfg["qosid.rcid_bits"],
        "  parameter int CfgMcidBits = %d;" % cfg["qosid.mcid_bits"],
        "  // Version 10 (docs/microarch.md 5.8): PTE extensions, big-endian structures, NL and S operands.",
        "  parameter logic CfgSvnapot = %s;" % b(cfg["svnapot"]),
        "  parameter logic CfgSvpbmt = %s;" % b(caps["Svpbmt"]),
        "  parameter logic CfgSvrsw60t59b = %s;" % b(caps["Svrsw60t59b"]),
        "  parameter logic CfgEnd = %s;" % b(caps["END"]),
        "  parameter logic CfgNl = %s;" % b(caps["NL"]),
        "  parameter logic CfgS = %s;" % b(caps["S"]),
        "  // Version 11 (docs/microarch.md 5.9): ATS, page requests and the page-request queue; T2GPA.",
        "  parameter logic CfgAts = %s;" % b(caps["ATS"]),
        "  parameter logic CfgT2gpa = %s;" % b(caps["T2GPA"]),
        "  /* verilator lint_on UNUSEDPARAM */",
        "",
        "endpackage",
        "",
    ]
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description="write the SystemVerilog package iommu_cfg_pkg from a configuration "
                                 "file (docs/config.md, docs/microarch.md section 3.1)")
    ap.add_argument("config", help="the configuration file, e.g. config/rtl_max.cfg")
    ap.add_argument("-o", "--output", required=True, help="the package to write, e.g. build/cfg_max/iommu_cfg_pkg.sv")
    a = ap.parse_args()
    try:
        cfg, where = load(a.config)
        check_rtl(a.config, cfg, where)
    except CfgError as e:
        sys.stderr.write("error: %s\n" % e)
        return 2
    text = render(a.config, cfg)
    os.makedirs(os.path.dirname(os.path.abspath(a.output)), exist_ok=True)
    # Rewritten only when it changes, so that make does not rebuild the RTL for nothing.
    if not os.path.exists(a.output) or open(a.output).read() != text:
        with open(a.output + ".tmp", "w") as f:
            f.write(text)
        os.replace(a.output + ".tmp", a.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
