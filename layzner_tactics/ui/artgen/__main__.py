"""python -m layzner_tactics.ui.artgen [--out DIR] [--contact-sheet PNG] [--map-mockup PNG] [--cutin-sheet PNG]"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from . import DEFAULT_OUT


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m layzner_tactics.ui.artgen", description=__doc__)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="asset folder (default: %(default)s)")
    ap.add_argument("--contact-sheet", type=Path, help="also render a contact sheet PNG here")
    ap.add_argument("--map-mockup", type=Path, help="also render a 12x8 map mock-up PNG here")
    ap.add_argument("--cutin-sheet", type=Path, help="also render the cut-in and marker sheet PNG here")
    ap.add_argument(
        "--only",
        choices=["terrain", "units", "portraits", "effects", "ui", "sounds", "cutin", "cutfx", "markers"],
        action="append",
        help="regenerate only these groups (repeatable)",
    )
    ap.add_argument("--no-generate", action="store_true", help="only render the previews")
    args = ap.parse_args(argv)

    from . import contact, cutfx, cutin, effects, markers, portraits, sounds, terrain, ui, units
    from .common import pygame

    groups = {
        "terrain": terrain.generate,
        "units": units.generate,
        "portraits": portraits.generate,
        "effects": effects.generate,
        "ui": ui.generate,
        "sounds": sounds.generate,
        "cutin": cutin.generate,
        "cutfx": cutfx.generate,
        "markers": markers.generate,
    }
    if not args.no_generate:
        for name, gen in groups.items():
            if args.only and name not in args.only:
                continue
            t0 = time.perf_counter()
            files = gen(args.out)
            print(f"{name:10s} {len(files):3d} files  {time.perf_counter() - t0:5.2f} s")
    if args.contact_sheet:
        contact.contact_sheet(args.out, args.contact_sheet)
        print(f"contact sheet -> {args.contact_sheet}")
    if args.cutin_sheet:
        contact.cutin_sheet(args.out, args.cutin_sheet)
        print(f"cut-in sheet -> {args.cutin_sheet}")
    if args.map_mockup:
        pygame.image.save(contact.map_mockup(args.out), str(args.map_mockup))
        print(f"map mock-up -> {args.map_mockup}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
