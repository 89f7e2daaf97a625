"""The public surface: exported names are pinned, every public module declares __all__."""

import importlib

import pytest

import deepmarketing

PUBLIC_MODULES = (
    "errors",
    "quantities",
    "periods",
    "org",
    "io",
    "samples",
    "targets",
    "routing",
    "scoring",
    "incentives",
)

EXPECTED_TOP_LEVEL = {
    "Account",
    "AllocationError",
    "AmountTypeError",
    "Assignment",
    "ChannelError",
    "CreditLedger",
    "CreditingError",
    "Customer",
    "CustomerKind",
    "DateTypeError",
    "DayProblem",
    "DeepMarketingError",
    "DeliveryProblem",
    "Frequency",
    "GeoPoint",
    "KPI",
    "Level",
    "Metric",
    "Organization",
    "OrganizationError",
    "OrganizationValidationError",
    "Period",
    "PeriodError",
    "PeriodKind",
    "PeriodProblem",
    "Person",
    "Plan",
    "PlanError",
    "ProcessError",
    "QuantityError",
    "Role",
    "Rounding",
    "RoutingError",
    "SampleCompany",
    "ScoreResult",
    "Scorecard",
    "ScoringError",
    "SerializationError",
    "Statement",
    "Stop",
    "TalentError",
    "Target",
    "TargetError",
    "TargetPlan",
    "TerritoryAssignment",
    "Transaction",
    "TravelModel",
    "Unit",
    "UnknownRecordError",
    "WorkCalendar",
    "__version__",
    "apportion",
    "apportion_matrix",
    "calculate",
    "cascade",
    "check_day",
    "check_deliveries",
    "check_period",
    "credit",
    "pareto",
    "phase",
    "plan_day",
    "plan_deliveries",
    "plan_period",
    "rank",
    "replan",
    "sample_company",
    "score",
    "team_score",
    "unit_score",
}


def test_top_level_exports_are_pinned():
    """The package re-exports exactly the everyday names, no more and no fewer."""
    assert EXPECTED_TOP_LEVEL == set(deepmarketing.__all__)


def test_top_level_exports_resolve():
    """Every name in the package's __all__ is importable from the package."""
    missing = [name for name in deepmarketing.__all__ if not hasattr(deepmarketing, name)]
    assert [] == missing


@pytest.mark.parametrize("name", PUBLIC_MODULES)
def test_public_modules_declare_all(name):
    """Each public module lists its public names in __all__, and each of them exists."""
    module = importlib.import_module(f"deepmarketing.{name}")
    assert module.__all__, name
    assert [] == [item for item in module.__all__ if not hasattr(module, item)]


@pytest.mark.parametrize("name", PUBLIC_MODULES)
def test_public_names_are_documented(name):
    """Every public class and function has a docstring."""
    module = importlib.import_module(f"deepmarketing.{name}")
    undocumented = [
        item
        for item in module.__all__
        if callable(getattr(module, item)) and not getattr(module, item).__doc__
    ]
    assert [] == undocumented


def test_package_ships_type_information():
    """The installed package carries py.typed, so type checkers read its annotations."""
    from importlib.resources import files

    assert files("deepmarketing").joinpath("py.typed").is_file()
