#!/usr/bin/env python3
"""Opens a mismatch waveform the way a person does and reports what GTKWave shows.

  tools/waves_check.py WAVES_DIR [--png FILE]

Starts a virtual display (Xvfb), opens WAVES_DIR/mismatch.gtkw in GTKWave, asks GTKWave through its Tcl
interface where the marker is and what the enum-valued traces show at it (translated through the filters
the bench wrote), takes a screenshot of the window (PNG, converted from xwd here), and prints:

  marker: T
  marker A: T                 (where the transaction in flight was accepted; -1 when not in the window)
  value: SIGNAL = TEXT        (one line per translated trace)
  screenshot: FILE

Exits 1 with a message naming what is missing when a tool is not installed or GTKWave fails; every wait is
bounded (GTKWave gets 30 s).
"""
import argparse
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zlib


def _widths():
    """The port widths of the one description (data/iommu.yaml params), so that a width change there reaches
    the signal names GTKWave shows."""
    import yaml
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    with open(os.path.join(root, "data", "iommu.yaml")) as f:
        params = yaml.safe_load(f)["params"]
    return {k: v["value"] for k, v in params.items()}


_W = _widths()
SIGNALS = ["TOP.obs_state_o[%d:0]" % (_W["StateW"] - 1), "TOP.model_obs_state_i[%d:0]" % (_W["StateW"] - 1),
           "TOP.rsp_cause_o[%d:0]" % (_W["CauseW"] - 1), "TOP.req_ttyp_i[%d:0]" % (_W["TtypW"] - 1),
           "TOP.mem_req_op_o[%d:0]" % (_W["MemOpW"] - 1)]


def fail(msg):
    print("waves_check: error: " + msg, file=sys.stderr)
    sys.exit(1)


def xwd_to_png(xwd, png):
    """A 24/32-bit ZPixmap xwd screenshot (what `xwd -root` writes for a 24-bit Xvfb screen) as a PNG."""
    hdr = struct.unpack(">25I", xwd[:100])
    header_size, fmt, depth, width, height = hdr[0], hdr[2], hdr[3], hdr[4], hdr[5]
    byte_order, bpp, bpl, ncolors = hdr[7], hdr[11], hdr[12], hdr[19]
    if fmt != 2 or bpp != 32:
        raise ValueError("unsupported xwd: format %d, %d bits per pixel" % (fmt, bpp))
    data = xwd[header_size + 12 * ncolors:]
    rows = []
    for y in range(height):
        line = data[y * bpl:y * bpl + width * 4]
        if byte_order == 0:  # LSB first: B G R x
            px = bytearray(width * 3)
            px[0::3], px[1::3], px[2::3] = line[2::4], line[1::4], line[0::4]
        else:
            px = bytearray(width * 3)
            px[0::3], px[1::3], px[2::3] = line[1::4], line[2::4], line[3::4]
        rows.append(b"\0" + bytes(px))

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xffffffff)
    png_bytes = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)) +
                 chunk(b"IDAT", zlib.compress(b"".join(rows), 6)) + chunk(b"IEND", b""))
    with open(png, "wb") as f:
        f.write(png_bytes)
    del depth


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("waves_dir")
    ap.add_argument("--png", help="where to keep the screenshot (default WAVES_DIR/mismatch.png)")
    a = ap.parse_args()
    gtkw = os.path.join(a.waves_dir, "mismatch.gtkw")
    if not os.path.exists(gtkw):
        fail("%s does not exist (a failing lockstep run writes it)" % gtkw)
    for tool, pkg in (("Xvfb", "xvfb"), ("xwd", "x11-apps"), ("gtkwave", "gtkwave")):
        if shutil.which(tool) is None:
            fail("%s not found: install the Debian package %s (make deps)" % (tool, pkg))
    png = a.png or os.path.join(a.waves_dir, "mismatch.png")
    tmp = tempfile.mkdtemp(prefix="waves-check-")
    script = os.path.join(tmp, "query.tcl")
    with open(script, "w") as f:
        f.write('puts "marker: [gtkwave::getMarker]"\n')
        f.write('puts "marker A: [gtkwave::getNamedMarker A]"\n')
        for s in SIGNALS:
            esc = s.replace("[", "\\[").replace("]", "\\]")
            f.write('puts "value: %s = [gtkwave::getTraceValueAtMarkerFromName %s]"\n' % (esc, esc))
        f.write("flush stdout\n")
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", "1", "-screen", "0", "1600x900x24", "-nolisten", "tcp"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        display = xvfb.stdout.readline().decode().strip()
        if not display:
            fail("Xvfb did not start")
        env = dict(os.environ, DISPLAY=":" + display)
        out_path = os.path.join(tmp, "gtkwave.out")
        with open(out_path, "w") as out:
            gtk = subprocess.Popen(["gtkwave", "-S", script, gtkw], stdout=out, stderr=subprocess.STDOUT, env=env,
                                   cwd=os.getcwd())
            deadline = time.time() + 30
            answered = False
            while time.time() < deadline and gtk.poll() is None:
                time.sleep(0.5)
                text = open(out_path).read()
                if text.count("value: ") == len(SIGNALS):
                    answered = True
                    break
            time.sleep(2)  # let the window draw before the screenshot
            shot = subprocess.run(["xwd", "-root", "-silent"], stdout=subprocess.PIPE, env=env, timeout=30)
            gtk.kill()
            gtk.wait(timeout=10)
        text = open(out_path).read()
        if not answered:
            fail("GTKWave did not answer the marker and value queries within 30 s:\n" + text[-2000:])
        xwd_to_png(shot.stdout, png)
        for line in text.splitlines():
            if line.startswith("marker: ") or line.startswith("marker A: ") or line.startswith("value: "):
                print(line)
        print("screenshot: " + png)
    finally:
        xvfb.kill()
        xvfb.wait(timeout=10)
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
