"""Targets: exact apportionment, level-by-level cascade, time phasing, and the commit workflow.

"Communicate and assign, commit and guarantee" (沟通下达、承诺保证): the company's number is
split level by level down to every consultant (:func:`cascade`, on :func:`apportion`),
phased into months, dekads, weeks and days (:func:`phase`), negotiated and committed.
Every split adds back to its whole exactly, in the metric's quantum.
"""

from deepmarketing.targets._apportion import apportion as apportion
from deepmarketing.targets._cascade import cascade as cascade
from deepmarketing.targets._cascade import prorate as prorate
from deepmarketing.targets._drivers import Blend as Blend
from deepmarketing.targets._drivers import Driver as Driver
from deepmarketing.targets._drivers import Even as Even
from deepmarketing.targets._drivers import FromCustomers as FromCustomers
from deepmarketing.targets._drivers import FromPeople as FromPeople
from deepmarketing.targets._drivers import Weights as Weights
from deepmarketing.targets._drivers import market_potential as market_potential
from deepmarketing.targets._drivers import prior_actuals as prior_actuals
from deepmarketing.targets._matrix import apportion_matrix as apportion_matrix
from deepmarketing.targets._negotiation import Action as Action
from deepmarketing.targets._negotiation import NegotiationEvent as NegotiationEvent
from deepmarketing.targets._negotiation import Status as Status
from deepmarketing.targets._negotiation import TargetKey as TargetKey
from deepmarketing.targets._negotiation import TargetNegotiation as TargetNegotiation
from deepmarketing.targets._negotiation import TargetState as TargetState
from deepmarketing.targets._phased import PhasedPlan as PhasedPlan
from deepmarketing.targets._phasing import Phaser as Phaser
from deepmarketing.targets._phasing import Profile as Profile
from deepmarketing.targets._phasing import phase as phase
from deepmarketing.targets._plan import OwnerKind as OwnerKind
from deepmarketing.targets._plan import Target as Target
from deepmarketing.targets._plan import TargetPlan as TargetPlan

__all__ = [
    "Action",
    "Blend",
    "Driver",
    "Even",
    "FromCustomers",
    "FromPeople",
    "NegotiationEvent",
    "OwnerKind",
    "PhasedPlan",
    "Phaser",
    "Profile",
    "Status",
    "Target",
    "TargetKey",
    "TargetNegotiation",
    "TargetPlan",
    "TargetState",
    "Weights",
    "apportion",
    "apportion_matrix",
    "cascade",
    "market_potential",
    "phase",
    "prior_actuals",
    "prorate",
]
