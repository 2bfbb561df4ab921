#!/usr/bin/env python3
"""Differential test: tongwen's conversion against the official OpenCC 1.4.2 library.

Run with a Python that has `opencc==1.4.2` installed (see scripts/diff-vs-opencc). For each of
the 16 configs it converts, with both, every input:
  - ../shared/bench/*.txt and every file under ../shared/corpus/ (as plain text),
  - the library's s2t and s2twp conversions of those files,
  - seeded random mixes of dictionary keys and values, ASCII, punctuation, emoji,
    ideographic description sequences (complete, nested, incomplete, across newlines),
    CJK compatibility ideographs, variation selectors and CRLF/LF line ends.
tongwen runs once per config over all inputs (hidden `convert --batch`), in parallel with the
library. Prints the number of differing bytes per config and input; exits 1 on any difference.
NUL bytes are left out of the generated inputs: tongwen keeps them where OpenCC drops text
(a documented divergence).
"""

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import opencc

CONFIGS = ["s2t", "t2s", "s2tw", "tw2s", "s2twp", "tw2sp", "s2hk", "hk2s", "s2hkp", "hk2sp",
           "t2tw", "tw2t", "t2hk", "hk2t", "t2jp", "jp2t"]


def differing_bytes(a: bytes, b: bytes) -> int:
    if a == b:
        return 0
    p = 0
    n = min(len(a), len(b))
    while p < n and a[p] == b[p]:
        p += 1
    s = 0
    while s < n - p and a[len(a) - 1 - s] == b[len(b) - 1 - s]:
        s += 1
    return max(len(a), len(b)) - p - s


def dictionary_words(dict_dir: Path):
    words = []
    for f in sorted(dict_dir.glob("*.txt")):
        for line in f.read_text(encoding="utf-8").splitlines():
            if not line or line.startswith("#") or "\t" not in line:
                continue
            k, v = line.split("\t", 1)
            words.append(k)
            words.extend(x for x in v.split(" ") if x)
    return words


def generated_mixes(words, n, seed, with_ids=True):
    rnd = random.Random(seed)
    ascii_bits = ["abc", "SQL", "PN", "U", "B", "Hello, world", "x = 1;", "  ", "\t", "2024",
                  "http://example.org/a?b=c", "·", "-", "_"]
    punct = list("，。、；：？！「」『』（）《》〈〉…—～·“”‘’【】") + [",", ".", "!", "?", "\"", "'"]
    emoji = ["😀", "👍🏽", "👨‍👩‍👧", "🇹🇼", "❤️", "✨", "🀄"]
    ops = [chr(c) for c in range(0x2FF0, 0x3000)]
    compat = [chr(c) for c in list(range(0xF900, 0xF910)) + list(range(0xFA30, 0xFA40))
              + list(range(0x2F800, 0x2F810))]
    nonbmp = ["𠀀", "𡃁", "𪚥", "𫝈", "𬭁", "𠮷"]
    vs = ["\ufe00", "\ufe0f", "\U000e0100"]
    ends = ["\n", "\r\n", "\r", "\n\n"]

    def ids(depth=0):
        op = rnd.choice(ops)
        arity = {0x2FF2: 3, 0x2FF3: 3, 0x2FFE: 1, 0x2FFF: 1}.get(ord(op), 2)
        parts = [op]
        for _ in range(arity):
            if depth < 3 and rnd.random() < 0.25:
                parts.append(ids(depth + 1))
            else:
                parts.append(rnd.choice(words) [0] if rnd.random() < 0.8 else rnd.choice(["\n", " ", "a", "😀"]))
        return "".join(parts)

    mixes = []
    for _ in range(n):
        pieces = []
        for _ in range(rnd.randint(1, 60)):
            r = rnd.random()
            if r < 0.45:
                pieces.append(rnd.choice(words))
            elif r < 0.55:
                w = rnd.choice(words)
                pieces.append(w[: rnd.randint(1, max(1, len(w)))])
            elif r < 0.62:
                pieces.append(rnd.choice(ascii_bits))
            elif r < 0.70:
                pieces.append(rnd.choice(punct))
            elif r < 0.74:
                pieces.append(rnd.choice(emoji))
            elif r < 0.80 and with_ids:
                s = ids()
                if rnd.random() < 0.3:
                    s = s[: rnd.randint(1, len(s))]  # incomplete sequence
                pieces.append(s)
            elif r < 0.83:
                pieces.append(rnd.choice(compat))
            elif r < 0.86:
                pieces.append(rnd.choice(nonbmp))
            elif r < 0.88:
                pieces.append(rnd.choice(vs))
            else:
                pieces.append(rnd.choice(ends))
        mixes.append("".join(pieces))
    return mixes


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tongwen", required=True, help="path to the tongwen binary")
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--dictionaries", default="dictionaries/opencc")
    ap.add_argument("--mixes", type=int, default=300, help="generated inputs per config")
    ap.add_argument("--seed", type=int, default=2024)
    ap.add_argument("--configs", default=",".join(CONFIGS))
    ap.add_argument("--quick", action="store_true", help="skip the large bench files")
    args = ap.parse_args()

    shared = Path(args.shared)
    if not (shared / "bench").is_dir():
        print(f"diff-vs-opencc: {shared}/bench not found; set TONGWEN_SHARED", file=sys.stderr)
        return 2
    t0 = time.time()
    base = []  # (name, text)
    files = sorted(shared.glob("bench/*.txt")) + sorted(p for p in (shared / "corpus").rglob("*") if p.is_file())
    for p in files:
        if args.quick and p.stat().st_size > 300_000:
            continue
        try:
            base.append((str(p.relative_to(shared)), p.read_bytes().decode("utf-8")))
        except UnicodeDecodeError:
            continue
    inputs = list(base)
    for cfg in ("s2t", "s2twp"):
        conv = opencc.OpenCC(cfg)
        inputs += [(f"{name} ({cfg})", conv.convert(text)) for name, text in base]
    words = dictionary_words(Path(args.dictionaries))
    configs = [c for c in args.configs.split(",") if c]

    failures = 0
    total_inputs = 0
    with tempfile.TemporaryDirectory(prefix="tongwen-diff-") as tmp:
        tmp = Path(tmp)
        inp = tmp / "in"
        inp.mkdir()
        fixed = []
        for i, (name, text) in enumerate(inputs):
            f = inp / f"i{i:05d}.txt"
            f.write_bytes(text.encode("utf-8"))
            fixed.append((name, f))
        for ci, cfg in enumerate(configs):
            mixes = generated_mixes(words, args.mixes, args.seed + ci)
            # Long inputs (several thousand characters) cross the scanner's windows; half of
            # them hold no IDS operator at all, so that the windowed path handles them whole.
            longs = ["".join(generated_mixes(words, 60, args.seed * 7 + ci * 31 + j, j % 2 == 0))
                     for j in range(20)]
            cases = list(fixed)
            for j, m in enumerate(mixes):
                f = inp / f"g{ci:02d}-{j:04d}.txt"
                f.write_bytes(m.encode("utf-8"))
                cases.append((f"generated mix #{j}", f))
            for j, m in enumerate(longs):
                f = inp / f"l{ci:02d}-{j:04d}.txt"
                f.write_bytes(m.encode("utf-8"))
                cases.append((f"long generated mix #{j}", f))
            out = tmp / f"out-{cfg}"
            out.mkdir()
            proc = subprocess.Popen(
                [args.tongwen, "convert", "--config", cfg, "--batch-out", str(out), "--batch"]
                + [str(f) for _, f in cases])
            conv = opencc.OpenCC(cfg)
            expected = [conv.convert(f.read_bytes().decode("utf-8")).encode("utf-8") for _, f in cases]
            if proc.wait() != 0:
                print(f"{cfg}: tongwen failed (exit {proc.returncode})")
                failures += 1
                continue
            cfg_diff = 0
            cfg_bytes = 0
            bad = []
            for (name, f), want in zip(cases, expected):
                got = (out / f.name).read_bytes()
                d = differing_bytes(got, want)
                cfg_bytes += len(want)
                if d:
                    cfg_diff += d
                    bad.append((name, d, f))
            total_inputs += len(cases)
            print(f"{cfg:6} {len(cases):5} inputs {cfg_bytes:>11} bytes  differing bytes: {cfg_diff}")
            for name, d, f in bad[:20]:
                print(f"         {d:>8} differing bytes in {name} ({f.name})")
            if bad:
                failures += 1
                keep = Path(tempfile.mkdtemp(prefix=f"tongwen-diff-{cfg}-"))
                for name, d, f in bad[:20]:
                    (keep / f.name).write_bytes(f.read_bytes())
                print(f"         failing inputs copied to {keep}")
    print(f"{len(configs)} configs, {total_inputs} conversions, {time.time() - t0:.1f} s: "
          + ("0 differing bytes" if not failures else f"{failures} config(s) differ"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
