"""Routing: travel models, tours, a consultant's day and delivery routes on road graphs.

A :class:`TravelModel` holds travel durations (seconds) and distances (metres) between
the places that matter, built from a networkx road graph, from coordinates or from a
matrix the caller already has. :func:`shortest_tour` finds a short closed tour through
nodes of a networkx graph (exact up to 10 nodes, iterated local search beyond), with
:func:`check_tour` as its verifier twin and :func:`tour_cost` to price any tour.
"""

from deepmarketing.routing._deliveries import Delivery as Delivery
from deepmarketing.routing._deliveries import DeliveryPlan as DeliveryPlan
from deepmarketing.routing._deliveries import DeliveryProblem as DeliveryProblem
from deepmarketing.routing._deliveries import DeliveryRoute as DeliveryRoute
from deepmarketing.routing._deliveries import DeliverySolver as DeliverySolver
from deepmarketing.routing._deliveries import DeliveryStop as DeliveryStop
from deepmarketing.routing._deliveries import DeliveryViolation as DeliveryViolation
from deepmarketing.routing._deliveries import RuinAndRecreate as RuinAndRecreate
from deepmarketing.routing._deliveries import UnassignedDelivery as UnassignedDelivery
from deepmarketing.routing._deliveries import Vehicle as Vehicle
from deepmarketing.routing._deliveries import check_deliveries as check_deliveries
from deepmarketing.routing._deliveries import plan_deliveries as plan_deliveries
from deepmarketing.routing._tour import check_tour as check_tour
from deepmarketing.routing._tour import shortest_tour as shortest_tour
from deepmarketing.routing._tour import tour_cost as tour_cost
from deepmarketing.routing._travel import TravelModel as TravelModel

__all__ = [
    "Delivery",
    "DeliveryPlan",
    "DeliveryProblem",
    "DeliveryRoute",
    "DeliverySolver",
    "DeliveryStop",
    "DeliveryViolation",
    "RuinAndRecreate",
    "TravelModel",
    "UnassignedDelivery",
    "Vehicle",
    "check_deliveries",
    "check_tour",
    "plan_deliveries",
    "shortest_tour",
    "tour_cost",
]
