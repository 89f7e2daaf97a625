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
from .samples import SampleCompany as SampleCompany
from .samples import sample_company as sample_company
from .targets import Target as Target
from .targets import TargetPlan as TargetPlan
from .targets import apportion as apportion
from .targets import apportion_matrix as apportion_matrix
from .targets import cascade as cascade
from .targets import phase as phase

__version__ = "0.1.0"

__all__ = [
    "AllocationError",
    "AmountTypeError",
    "Assignment",
    "ChannelError",
    "Customer",
    "CustomerKind",
    "DateTypeError",
    "DeepMarketingError",
    "GeoPoint",
    "Level",
    "Metric",
    "Organization",
    "OrganizationError",
    "OrganizationValidationError",
    "Period",
    "PeriodError",
    "PeriodKind",
    "Person",
    "PlanError",
    "ProcessError",
    "QuantityError",
    "Role",
    "Rounding",
    "RoutingError",
    "SampleCompany",
    "ScoringError",
    "SerializationError",
    "TalentError",
    "Target",
    "TargetError",
    "TargetPlan",
    "TerritoryAssignment",
    "Unit",
    "UnknownRecordError",
    "WorkCalendar",
    "__version__",
    "apportion",
    "apportion_matrix",
    "cascade",
    "phase",
    "sample_company",
]
