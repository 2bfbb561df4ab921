#!/usr/bin/env python3
"""Throughput of tongwen against the official OpenCC 1.4.2 library, in one run.

Input: ../shared/bench/data3185k.txt repeated 10 times (~32.6 MB, Simplified) for s2t,
s2twp and s2hk, and the library's s2t conversion of it (Traditional) for t2s and tw2sp.

Measured, per config:
  tongwen in-process   `tongwen convert --bench N FILE`: the file is read once, then converted
                       N times in memory; the best wall time (and the thread's CPU time) is
                       reported. No process start, no I/O.
  tongwen CLI          `tongwen convert -c CFG FILE > /dev/null`: the whole process (start,
                       read, UTF-8 check, streamed conversion, write), wall time and peak RSS.
  OpenCC in-process    `opencc.OpenCC(CFG).convert(text)` in this Python process, best of N.
Then start-up: wall time of `tongwen convert -c s2twp` on a 10-character stdin (median of 21).
MB/s are 10^6 bytes of input per second. Ratios compare best wall times of the in-process runs.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import opencc

JOBS = [("s2t", "S"), ("s2twp", "S"), ("s2hk", "S"), ("t2s", "T"), ("tw2sp", "T")]


TIME = "/usr/bin/time" if os.path.exists("/usr/bin/time") else None


def run_child(args, stdin=None, stdout=subprocess.DEVNULL, rss=False):
    """Runs a command; returns (wall seconds, peak RSS in MB or None, stdout bytes or None).

    The peak RSS comes from GNU time (a child forked from this big Python process would
    report the parent's pages), so it is only measured when asked and available."""
    if rss and TIME:
        args = [TIME, "-f", "%M", "-o", "/dev/stderr"] + args
    t0 = time.perf_counter()
    p = subprocess.Popen(args, stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
                         stdout=stdout, stderr=subprocess.PIPE)
    if stdin is not None:
        p.stdin.write(stdin)
        p.stdin.close()
    out = p.stdout.read() if stdout == subprocess.PIPE else None
    err = p.stderr.read()
    status = p.wait()
    wall = time.perf_counter() - t0
    if status != 0:
        sys.exit(f"{' '.join(args)} failed: {err.decode(errors='replace')}")
    peak = None
    if rss and TIME:
        peak = int(err.decode().strip().splitlines()[-1]) / 1024
    return wall, peak, out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tongwen", required=True)
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--repeat", type=int, default=10, help="copies of data3185k.txt")
    ap.add_argument("--runs", type=int, default=3, help="in-process runs per measurement")
    ap.add_argument("--input", help="use this file instead of data3185k.txt (quick checks)")
    args = ap.parse_args()

    src = Path(args.input) if args.input else Path(args.shared) / "bench/data3185k.txt"
    if not src.is_file():
        sys.exit(f"bench-vs-opencc: {src} not found; set TONGWEN_SHARED")
    base = src.read_bytes().decode("utf-8")
    with tempfile.TemporaryDirectory(prefix="tongwen-bench-") as tmp:
        tmp = Path(tmp)
        texts = {"S": base * args.repeat}
        texts["T"] = opencc.OpenCC("s2t").convert(texts["S"])
        files = {}
        for k, t in texts.items():
            files[k] = tmp / f"input-{k}.txt"
            files[k].write_bytes(t.encode("utf-8"))
        size = {k: len(t.encode("utf-8")) for k, t in texts.items()}
        print(f"input: {src.name} x{args.repeat} = {size['S'] / 1e6:.1f} MB (Simplified); "
              f"its s2t conversion {size['T'] / 1e6:.1f} MB (Traditional)")
        print(f"{'config':7} {'input':5} {'tongwen MB/s':>13} {'(cpu)':>7} {'OpenCC MB/s':>12} "
              f"{'(cpu)':>7} {'ratio':>6} {'CLI MB/s':>9} {'CLI RSS MB':>11}")
        rows = []
        for cfg, k in JOBS:
            f = files[k]
            _, _, out = run_child([args.tongwen, "convert", "-c", cfg, "--bench", str(args.runs),
                                   str(f)], stdout=subprocess.PIPE)
            tw = json.loads(out)
            cli_wall, rss, _ = run_child([args.tongwen, "convert", "-c", cfg, str(f)], rss=True)
            conv = opencc.OpenCC(cfg)
            text = texts[k]
            best = best_cpu = float("inf")
            for _ in range(max(1, args.runs - 1)):
                c0, w0 = time.process_time(), time.perf_counter()
                conv.convert(text)
                best = min(best, time.perf_counter() - w0)
                best_cpu = min(best_cpu, time.process_time() - c0)
            oc = size[k] / best / 1e6
            oc_cpu = size[k] / best_cpu / 1e6
            ratio = tw["mb_s"] / oc
            rows.append((cfg, tw["mb_s"], oc, ratio, rss))
            print(f"{cfg:7} {'Hans' if k == 'S' else 'Hant':5} {tw['mb_s']:13.1f} {tw['cpu_mb_s']:7.1f} "
                  f"{oc:12.1f} {oc_cpu:7.1f} {ratio:5.1f}x {size[k] / cli_wall / 1e6:9.1f} "
                  f"{rss if rss is not None else float('nan'):11.1f}")
        starts = []
        for _ in range(21):
            w, _, out = run_child([args.tongwen, "convert", "-c", "s2twp"],
                                  stdin="头发和鼠标软件测试字".encode(), stdout=subprocess.PIPE)
            starts.append(w)
        _, srss, _ = run_child([args.tongwen, "convert", "-c", "s2twp"],
                               stdin="头发和鼠标软件测试字".encode(), rss=True)
        print(f"start-up (spawn to exit, 10 characters, s2twp; includes Python's spawn overhead): "
              f"median {statistics.median(starts) * 1000:.1f} ms, min {min(starts) * 1000:.1f} ms, "
              f"peak RSS {srss if srss is not None else float('nan'):.1f} MB; output {out.decode()}")
        peaks = [r[4] for r in rows if r[4] is not None]
        if peaks:
            print(f"peak RSS of the CLI on the {size['S'] / 1e6:.1f} MB runs: max {max(peaks):.1f} MB")


if __name__ == "__main__":
    main()
