"""Compile Apertium's Kazakh analyser and constraint grammar into models/apertium-kaz/.

    python -m pipeline.kk_apertium_build [--source ../shared/data/apertium-kaz] [--out models/apertium-kaz]

(`make apertium-kaz` runs this.) The source is apertium/apertium-kaz (GPL-3.0); the compiled files
stay GPL-3.0 and sanaq runs them as a separate program (hfst-proc | cg-proc, pipeline.kk_apertium),
never linked or imported. The recipe is upstream's Makefile.am, Cyrillic side only:

- kaz.automorf.hfst: the normative analyser (lexc without the Err/Orth entries, composed and
  intersected with the .twol rules) united with upstream's orthographic-error model (forms the
  permissive apertium-kaz.err.twol accepts that the normative one does not, tagged <err_orth>),
  inverted to surface -> analysis, minimised, in optimized-lookup format for hfst-proc. Upstream
  also unites an Arabic-script analyser into kaz.automorf; sanaq reads Cyrillic, so it is left out.
- kaz.rlx.bin: apertium-kaz.kaz.rlx compiled by cg-comp, for cg-proc.

Needs the Debian packages hfst and cg3; installs them with apt-get when hfst-proc is missing and
this runs as root, else stops with one line saying what to install. About 30 s on one core.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = ROOT.parent / "shared" / "data" / "apertium-kaz"
DEFAULT_OUT = ROOT / "models" / "apertium-kaz"
PACKAGES = ("hfst", "cg3")
TOOLS = ("hfst-lexc", "hfst-twolc", "hfst-compose-intersect", "hfst-minimise", "hfst-invert",
         "hfst-project", "hfst-compose", "hfst-subtract", "hfst-strings2fst", "hfst-concatenate",
         "hfst-union", "hfst-fst2fst", "hfst-proc", "cg-comp", "cg-proc")
OUTPUTS = ("kaz.automorf.hfst", "kaz.rlx.bin")


class BuildError(SystemExit):
    def __init__(self, message: str):
        super().__init__(f"apertium-kaz: {message}")


def missing_tools() -> list[str]:
    return [tool for tool in TOOLS if shutil.which(tool) is None]


def ensure_tools() -> None:
    """Install hfst and cg3 from Debian when a tool is missing (root only)."""
    if not missing_tools():
        return
    if shutil.which("apt-get") is None or os.geteuid() != 0:
        missing = missing_tools()
        what = missing[0] + (f" and {len(missing) - 1} other tools" if len(missing) > 1 else "")
        raise BuildError(f"{what} not found, and apt-get cannot install them here (no apt-get, or not root); as root: "
                         f"apt-get install -y {' '.join(PACKAGES)}")
    print(f"apertium-kaz: installing {' '.join(PACKAGES)} with apt-get", file=sys.stderr)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for cmd in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", *PACKAGES]):
        if subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL).returncode != 0:
            raise BuildError(f"`{' '.join(cmd)}` failed; install {' '.join(PACKAGES)} by hand")
    if missing_tools():
        raise BuildError(f"still missing after apt-get: {', '.join(missing_tools())}")


def sh(cmd: str, cwd: Path) -> None:
    """One step of the recipe; its stderr is shown only if it fails."""
    done = subprocess.run(["bash", "-o", "pipefail", "-c", cmd], cwd=cwd,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if done.returncode != 0:
        raise BuildError(f"step failed: {cmd}\n{done.stderr[-2000:]}")


def filtered_lexc(src: Path, dest: Path, drop: tuple[str, ...]) -> None:
    """Upstream's `grep -v -e ...`: the lexicon without lines marked with any of `drop`."""
    with open(src, encoding="utf-8") as fin, open(dest, "w", encoding="utf-8") as fout:
        fout.writelines(line for line in fin if not any(mark in line for mark in drop))


def build(source: Path, out: Path) -> dict[str, int]:
    source, out = source.resolve(), out.resolve()      # the steps run in a temporary folder
    lexc, twol = source / "apertium-kaz.kaz.lexc", source / "apertium-kaz.kaz.twol"
    err_twol, rlx = source / "apertium-kaz.err.twol", source / "apertium-kaz.kaz.rlx"
    for path in (lexc, twol, err_twol, rlx, source / "COPYING"):
        if not path.is_file():
            raise BuildError(f"{path} not found (apertium/apertium-kaz checkout expected; --source)")
    ensure_tools()
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="apertium-kaz-") as tmp:
        work = Path(tmp)
        filtered_lexc(lexc, work / "EL.lexc", ("Err/Orth",))    # normative side (upstream: EL)
        filtered_lexc(lexc, work / "LR.lexc", ("Dir/RL",))      # analysis side, for the error model
        steps = [
            "hfst-lexc --Werror EL.lexc -o EL.lexc.hfst",
            "hfst-lexc --Werror LR.lexc -o LR.lexc.hfst",
            f"hfst-twolc -q '{twol}' -o twol.hfst",
            f"hfst-twolc -q '{err_twol}' -o err.hfst",
            # the normative analyser (analysis:surface)
            "hfst-compose-intersect -1 EL.lexc.hfst -2 twol.hfst | hfst-minimise -o LR.hfst",
            # the error model: permissive forms minus the normative ones, tagged <err_orth>
            "hfst-compose-intersect -1 LR.lexc.hfst -2 err.hfst | hfst-minimise -o err.tmp",
            "hfst-project -p output LR.hfst | hfst-minimise -o corr.tmp",
            "hfst-invert err.tmp | hfst-compose -1 corr.tmp -2 - | hfst-invert -o err.tmp2",
            "hfst-subtract -1 err.tmp -2 err.tmp2 -o err.tmp3",
            "echo '<err_orth>:0' | hfst-strings2fst -e 0 -S | "
            "hfst-concatenate -1 err.tmp3 -2 - -o LR.err.hfst",
            # surface -> analysis, optimized lookup for hfst-proc
            "hfst-union -1 LR.hfst -2 LR.err.hfst | hfst-invert | hfst-minimise | "
            "hfst-fst2fst -w -o kaz.automorf.hfst",
            f"cg-comp '{rlx}' kaz.rlx.bin",
        ]
        for step in steps:
            print(f"  {step}", file=sys.stderr)
            sh(step, work)
        for name in OUTPUTS:
            shutil.copyfile(work / name, out / name)
    shutil.copyfile(source / "COPYING", out / "COPYING")
    return {name: (out / name).stat().st_size for name in OUTPUTS}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    sizes = build(args.source, args.out)
    for name, size in sizes.items():
        print(f"apertium-kaz: {args.out / name}: {size:,} bytes")


if __name__ == "__main__":
    main()
