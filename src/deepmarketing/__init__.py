"""deepmarketing: run a field sales force the "deep marketing" way.

The everyday names are importable from the package itself; each area's full API lives
in its module (:mod:`deepmarketing.org`, :mod:`deepmarketing.periods`, ...).

Examples:
    >>> import deepmarketing as dm
    >>> company = dm.sample_company()
    >>> len(company.org.members("HQ", as_of=company.as_of, role=dm.Role.CONSULTANT))
    43
    >>> str(dm.Period.parse("2026-07-D2"))
    '2026-07-D2'
"""

from .errors import AllocationError as AllocationError
from .errors import AmountTypeError as AmountTypeError
from .errors import ChannelError as ChannelError
from .errors import CreditingError as CreditingError
from .errors import DateTypeError as DateTypeError
from .errors import DeepMarketingError as DeepMarketingError
from .errors import OrganizationError as OrganizationError
from .errors import OrganizationValidationError as OrganizationValidationError
from .errors import PeriodError as PeriodError
from .errors import PlanError as PlanError
from .errors import ProcessError as ProcessError
from .errors import QuantityError as QuantityError
from .errors import RoutingError as RoutingError
from .errors import ScoringError as ScoringError
from .errors import SerializationError as SerializationError
from .errors import TalentError as TalentError
from .errors import TargetError as TargetError
from .errors import UnknownRecordError as UnknownRecordError
from .incentives import CreditLedger as CreditLedger
from .incentives import Plan as Plan
from .incentives import Statement as Statement
from .incentives import Transaction as Transaction
from .incentives import calculate as calculate
from .incentives import credit as credit
from .org import Assignment as Assignment
from .org import Customer as Customer
from .org import CustomerKind as CustomerKind
from .org import GeoPoint as GeoPoint
from .org import Level as Level
from .org import Organization as Organization
from .org import Person as Person
from .org import Role as Role
from .org import TerritoryAssignment as TerritoryAssignment
from .org import Unit as Unit
from .periods import Period as Period
from .periods import PeriodKind as PeriodKind
from .periods import WorkCalendar as WorkCalendar
from .quantities import Metric as Metric
from .quantities import Rounding as Rounding
from .routing import Account as Account
from .routing import DayProblem as DayProblem
from .routing import DeliveryProblem as DeliveryProblem
from .routing import Frequency as Frequency
from .routing import PeriodProblem as PeriodProblem
from .routing import Stop as Stop
from .routing import TravelModel as TravelModel
from .routing import check_day as check_day
from .routing import check_deliveries as check_deliveries
from .routing import check_period as check_period
from .routing import plan_day as plan_day
from .routing import plan_deliveries as plan_deliveries
from .routing import plan_period as plan_period
from .routing import replan as replan
from .samples import SampleCompany as SampleCompany
from .samples import sample_company as sample_company
from .scoring import KPI as KPI
from .scoring import Scorecard as Scorecard
from .scoring import ScoreResult as ScoreResult
from .scoring import pareto as pareto
from .scoring import rank as rank
from .scoring import score as score
from .scoring import team_score as team_score
from .scoring import unit_score as unit_score
from .targets import Target as Target
from .targets import TargetPlan as TargetPlan
from .targets import apportion as apportion
from .targets import apportion_matrix as apportion_matrix
from .targets import cascade as cascade
from .targets import phase as phase

__version__ = "0.1.0"

__all__ = [
    "KPI",
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
]
