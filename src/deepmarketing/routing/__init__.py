"""Routing: travel models, tours, a consultant's day and delivery routes on road graphs.

A :class:`TravelModel` holds travel durations (seconds) and distances (metres) between
the places that matter, built from a networkx road graph, from coordinates or from a
matrix the caller already has. :func:`shortest_tour` finds a short closed tour through
nodes of a networkx graph (exact up to 10 nodes, iterated local search beyond), with
:func:`check_tour` as its verifier twin and :func:`tour_cost` to price any tour.
"""

from deepmarketing.routing._tour import check_tour as check_tour
from deepmarketing.routing._tour import shortest_tour as shortest_tour
from deepmarketing.routing._tour import tour_cost as tour_cost
from deepmarketing.routing._travel import TravelModel as TravelModel

__all__ = [
    "TravelModel",
    "check_tour",
    "shortest_tour",
    "tour_cost",
]
