"""The ``python -m deepmarketing`` command line.

``python -m deepmarketing demo`` builds the sample company and shows every capability
of the library on it. ``--seed`` picks another sample company, ``--as-of`` another day.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import sys
from collections.abc import Sequence

import pendulum

from . import __version__
from ._demo import run_demo
from .samples import _START as _SAMPLE_START  # the first day of the sample's records

__all__ = ["main"]


def _date(text: str) -> pendulum.Date:
    try:
        day = _dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date like 2026-07-01, got {text!r}") from None
    return pendulum.Date(day.year, day.month, day.day)


def _demo_day(text: str) -> pendulum.Date:
    day = _date(text)
    if day < _SAMPLE_START:
        raise argparse.ArgumentTypeError(
            f"the sample company's records start on {_SAMPLE_START}; expected a date on or "
            f"after it, got {day}"
        )
    return day


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m deepmarketing",
        description="Run a field sales force the 'deep marketing' way.",
    )
    parser.add_argument("--version", action="version", version=f"deepmarketing {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    demo = commands.add_parser("demo", help="show every capability on the sample company")
    demo.add_argument("--seed", type=int, default=0, help="sample company seed (default 0)")
    demo.add_argument(
        "--as-of",
        type=_demo_day,
        default=None,
        help=f"the day to look at, from {_SAMPLE_START} on (default 2026-07-01)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: the process arguments).

    Returns:
        The exit status: 0 on success.
    """
    args = _parser().parse_args(argv)
    if args.command == "demo":
        run_demo(sys.stdout, seed=args.seed, as_of=args.as_of)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
