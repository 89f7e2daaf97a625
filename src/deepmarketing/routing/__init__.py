"""Routing: travel models, tours, a consultant's day, weeks of visits and delivery routes.

* :class:`TravelModel` holds travel durations (seconds) and distances (metres) between
  the places that matter, from a networkx road graph, from coordinates or from a matrix
  the caller already has.
* :func:`shortest_tour` finds a short closed tour through nodes of a networkx graph
  (exact up to 10 nodes, iterated local search beyond); :func:`check_tour` verifies one
  and :func:`tour_cost` prices any tour.
* :func:`plan_day` plans a consultant's day (:class:`DayProblem`: stops with windows,
  priorities and purposes, a shift and a lunch break) into a :class:`DayRoute` that says
  why every stop left out was left out; :func:`check_day` verifies any route, a
  consultant's own order included.
* :func:`plan_period` plans weeks of visits from visit frequencies
  (:class:`PeriodProblem`), :func:`replan` re-makes the plan as reports come in, and
  :func:`check_period` verifies it.
* :func:`plan_deliveries` plans delivery routes for several vehicles with capacities and
  time windows (:class:`DeliveryProblem`); :func:`check_deliveries` verifies them.

Solvers sit behind protocols (:class:`DaySolver`, :class:`DeliverySolver`) so another
engine can plug in; every result is checked by the same verifiers.
"""

from deepmarketing.routing._day import Break as Break
from deepmarketing.routing._day import DayProblem as DayProblem
from deepmarketing.routing._day import DayRoute as DayRoute
from deepmarketing.routing._day import ScheduledBreak as ScheduledBreak
from deepmarketing.routing._day import Stop as Stop
from deepmarketing.routing._day import TimeWindow as TimeWindow
from deepmarketing.routing._day import Unvisited as Unvisited
from deepmarketing.routing._day import UnvisitedReason as UnvisitedReason
from deepmarketing.routing._day import Violation as Violation
from deepmarketing.routing._day import Visit as Visit
from deepmarketing.routing._day import VisitPurpose as VisitPurpose
from deepmarketing.routing._day import check_day as check_day
from deepmarketing.routing._deliveries import Delivery as Delivery
from deepmarketing.routing._deliveries import DeliveryPlan as DeliveryPlan
from deepmarketing.routing._deliveries import DeliveryProblem as DeliveryProblem
from deepmarketing.routing._deliveries import DeliveryRoute as DeliveryRoute
from deepmarketing.routing._deliveries import DeliverySolver as DeliverySolver
from deepmarketing.routing._deliveries import DeliveryStop as DeliveryStop
from deepmarketing.routing._deliveries import DeliveryViolation as DeliveryViolation
from deepmarketing.routing._deliveries import RuinAndRecreate as RuinAndRecreate
from deepmarketing.routing._deliveries import UnassignedDelivery as UnassignedDelivery
from deepmarketing.routing._deliveries import UnassignedReason as UnassignedReason
from deepmarketing.routing._deliveries import Vehicle as Vehicle
from deepmarketing.routing._deliveries import check_deliveries as check_deliveries
from deepmarketing.routing._deliveries import plan_deliveries as plan_deliveries
from deepmarketing.routing._period import Account as Account
from deepmarketing.routing._period import Appointment as Appointment
from deepmarketing.routing._period import Frequency as Frequency
from deepmarketing.routing._period import PeriodPlan as PeriodPlan
from deepmarketing.routing._period import PeriodProblem as PeriodProblem
from deepmarketing.routing._period import Unplaced as Unplaced
from deepmarketing.routing._period import UnplacedReason as UnplacedReason
from deepmarketing.routing._period import check_period as check_period
from deepmarketing.routing._plan_day import DaySolver as DaySolver
from deepmarketing.routing._plan_day import plan_day as plan_day
from deepmarketing.routing._plan_period import plan_period as plan_period
from deepmarketing.routing._plan_period import replan as replan
from deepmarketing.routing._schedule import schedule_day as schedule_day
from deepmarketing.routing._tour import check_tour as check_tour
from deepmarketing.routing._tour import shortest_tour as shortest_tour
from deepmarketing.routing._tour import tour_cost as tour_cost
from deepmarketing.routing._travel import TravelModel as TravelModel

__all__ = [
    "Account",
    "Appointment",
    "Break",
    "DayProblem",
    "DayRoute",
    "DaySolver",
    "Delivery",
    "DeliveryPlan",
    "DeliveryProblem",
    "DeliveryRoute",
    "DeliverySolver",
    "DeliveryStop",
    "DeliveryViolation",
    "Frequency",
    "PeriodPlan",
    "PeriodProblem",
    "RuinAndRecreate",
    "ScheduledBreak",
    "Stop",
    "TimeWindow",
    "TravelModel",
    "UnassignedDelivery",
    "UnassignedReason",
    "Unplaced",
    "UnplacedReason",
    "Unvisited",
    "UnvisitedReason",
    "Vehicle",
    "Violation",
    "Visit",
    "VisitPurpose",
    "check_day",
    "check_deliveries",
    "check_period",
    "check_tour",
    "plan_day",
    "plan_deliveries",
    "plan_period",
    "replan",
    "schedule_day",
    "shortest_tour",
    "tour_cost",
]
