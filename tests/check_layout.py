#!/usr/bin/env python3
"""check_layout.py — the layout facts of every figure, from the layout dumps.

Reads every DIR/*.layout.json that HEALSIM_LAYOUT_DUMP=DIR made the figures
write (plots/layout.c) and checks, for every page:

  - no two text boxes overlap (by more than TOL points each way);
  - every text box lies inside the page;
  - no key box lies over a curve (a key never sits on data);
  - every text reaches a contrast of 4.5:1 (WCAG 2.x relative luminance)
    against the background recorded under it.

Prints each failure with the texts, boxes and colours involved; exits 1 if
any, 0 if none, 2 if there is nothing to check.  Usage:
    check_layout.py WHAT DIR...      (WHAT names the case in messages)
"""
import glob
import json
import os
import sys

TOL = 0.5          # points: boxes may touch, and rounding may share a hair
MIN_CONTRAST = 4.5


def luminance(hex_colour):
    c = hex_colour.lstrip("#")
    out = []
    for i in (0, 2, 4):
        v = int(c[i:i + 2], 16) / 255.0
        out.append(v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4)
    return 0.2126 * out[0] + 0.7152 * out[1] + 0.0722 * out[2]


def contrast(a, b):
    la, lb = luminance(a), luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def overlap(a, b, tol=TOL):
    return (min(a["x"] + a["w"], b["x"] + b["w"]) - max(a["x"], b["x"]) > tol
            and min(a["y"] + a["h"], b["y"] + b["h"]) - max(a["y"], b["y"]) > tol)


def box(t):
    return "(%.1f, %.1f, %.1f x %.1f)" % (t["x"], t["y"], t["w"], t["h"])


def segment_hits_box(p, q, b, tol=TOL):
    """Does the segment p-q pass through box b shrunk by tol (Liang-Barsky)?"""
    x0, y0 = b["x"] + tol, b["y"] + tol
    x1, y1 = b["x"] + b["w"] - tol, b["y"] + b["h"] - tol
    if x1 <= x0 or y1 <= y0:
        return False
    t0, t1 = 0.0, 1.0
    dx, dy = q[0] - p[0], q[1] - p[1]
    for pk, qk in ((-dx, p[0] - x0), (dx, x1 - p[0]), (-dy, p[1] - y0), (dy, y1 - p[1])):
        if pk == 0:
            if qk < 0:
                return False
            continue
        r = qk / pk
        if pk < 0:
            t0 = max(t0, r)
        else:
            t1 = min(t1, r)
        if t0 > t1:
            return False
    return True


def check_page(where, page, width, height, fail):
    texts = [t for t in page["texts"] if t["text"].strip()]
    for i, a in enumerate(texts):
        if (a["x"] < -TOL or a["y"] < -TOL or a["x"] + a["w"] > width + TOL
                or a["y"] + a["h"] > height + TOL):
            fail("%s: text '%s' %s runs off the %.0f x %.0f pt page" % (where, a["text"], box(a), width, height))
        ratio = contrast(a["colour"], a["background"])
        if ratio < MIN_CONTRAST:
            fail("%s: text '%s' in %s on %s has contrast %.2f:1, below %.1f:1"
                 % (where, a["text"], a["colour"], a["background"], ratio, MIN_CONTRAST))
        for b in texts[i + 1:]:
            if overlap(a, b):
                fail("%s: text '%s' %s overlaps text '%s' %s" % (where, a["text"], box(a), b["text"], box(b)))
    for k in page["keys"]:
        for c in page["curves"]:
            pts = c["points"]
            if any(segment_hits_box(pts[j], pts[j + 1], k) for j in range(len(pts) - 1)):
                fail("%s: key %s lies over a curve" % (where, box(k)))
                break


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    what = sys.argv[1]
    failures = []
    files = []
    for d in sys.argv[2:]:
        files += sorted(glob.glob(os.path.join(d, "*.layout.json")))
    if not files:
        print("check_layout: %s: no layout dumps in %s" % (what, " ".join(sys.argv[2:])), file=sys.stderr)
        return 2
    for f in files:
        with open(f, encoding="utf-8") as fh:
            doc = json.load(fh)
        for n, page in enumerate(doc["pages"]):
            where = "%s %s" % (what, doc["figure"]) + (" page %d" % (n + 1) if len(doc["pages"]) > 1 else "")
            check_page(where, page, doc["width"], doc["height"], failures.append)
    for msg in failures[:60]:
        print(msg)
    if len(failures) > 60:
        print("... and %d more" % (len(failures) - 60))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
