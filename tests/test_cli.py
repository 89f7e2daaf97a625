"""The command line: `python -m deepmarketing demo`."""

import io
import subprocess
import sys
from contextlib import redirect_stdout

import pendulum
import pytest

from deepmarketing.__main__ import main
from deepmarketing._demo import run_demo


def run(*argv: str) -> str:
    """Run the command line in-process and return what it printed."""
    buffer = io.StringIO()
    with redirect_stdout(buffer):
        assert 0 == main(list(argv))
    return buffer.getvalue()


def test_demo_shows_the_organization_structure():
    """The demo prints levels with head counts and customers per consultant."""
    text = run("demo")
    assert "Central Plains Feed Co." in text
    assert "   region         9         9           43       1800\n" in text
    assert "Zheng Yong (P-D1-R1-C1)" in text


def test_demo_shows_a_transfer_on_both_sides():
    """The demo answers who reports to whom before and after the mid-month transfer."""
    text = run("demo")
    assert "2026-07-14: Cao Yu in D1-R1" in text
    assert "2026-07-15: Cao Yu in D1-R2" in text


def test_demo_is_deterministic():
    """Two runs with the same seed print the same text."""
    assert run("demo", "--seed", "3") == run("demo", "--seed", "3")


def test_demo_takes_another_day():
    """--as-of changes the day the demo looks at."""
    buffer = io.StringIO()
    run_demo(buffer, as_of=pendulum.date(2026, 8, 3))
    assert "as of 2026-08-03" in buffer.getvalue()


def test_bad_date_is_a_usage_error(capsys):
    """A malformed --as-of is refused by the argument parser with a clear message."""
    with pytest.raises(SystemExit) as exit_info:
        main(["demo", "--as-of", "July"])
    assert 2 == exit_info.value.code
    assert "expected a date like 2026-07-01" in capsys.readouterr().err


def test_module_runs_as_a_program():
    """`python -m deepmarketing demo` runs in a fresh interpreter and exits 0."""
    result = subprocess.run(
        [sys.executable, "-m", "deepmarketing", "demo"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert 0 == result.returncode, result.stderr
    assert "deepmarketing demo" in result.stdout


def test_demo_cascades_the_annual_target():
    """The demo cascades the sample company's annual target and shows one consultant's months."""
    text = run("demo")
    assert "4. Targets: 250,000,000.00 CNY of 2026 sales cascaded to every consultant" in text
    assert "   HQ          250,000,000.00    250,000,000.00\n" in text
    assert "by month (seasonal profile)" in text
    assert "D1-R2  2026[2026-07-15..2026-12-31]" in text


def test_demo_negotiates_and_rebalances():
    """The demo runs a negotiation round and rebalances the gap over open consultants."""
    text = run("demo")
    assert "5. Communicate and assign, commit and guarantee" in text
    assert "(two farms switched to a competitor)" in text
    assert "gap left at D1-R3: 500,000.00 CNY" in text
    assert "plan.check(): []" in text


def test_a_day_before_the_sample_records_is_a_usage_error(capsys: pytest.CaptureFixture[str]):
    """--as-of before 2024-01-01 is refused: the sample company's records start that day."""
    with pytest.raises(SystemExit) as exit_info:
        main(["demo", "--as-of", "2023-06-01"])
    assert 2 == exit_info.value.code
    err = capsys.readouterr().err
    assert "the sample company's records start on 2024-01-01" in err
    assert "2023-06-01" in err


def test_the_first_day_of_the_sample_records_is_accepted():
    """--as-of 2024-01-01, the sample's first day, runs the whole demo."""
    assert "as of 2024-01-01" in run("demo", "--as-of", "2024-01-01")
