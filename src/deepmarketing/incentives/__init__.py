"""Incentives: crediting sales to the people who earned them, plan components, statements.

Management by objectives ends in rewards (考核与激励): results are credited to the people
and teams who earned them (:func:`credit`, giving a :class:`CreditLedger`), then
plans turn credited results into pay.
"""

from deepmarketing.incentives._components import PAY_CNY as PAY_CNY
from deepmarketing.incentives._components import AttainmentBonus as AttainmentBonus
from deepmarketing.incentives._components import Clawback as Clawback
from deepmarketing.incentives._components import Commission as Commission
from deepmarketing.incentives._components import Component as Component
from deepmarketing.incentives._components import Gate as Gate
from deepmarketing.incentives._components import Line as Line
from deepmarketing.incentives._components import ManagerOverride as ManagerOverride
from deepmarketing.incentives._components import Measure as Measure
from deepmarketing.incentives._components import OverdueSale as OverdueSale
from deepmarketing.incentives._components import Proration as Proration
from deepmarketing.incentives._components import ProrationPart as ProrationPart
from deepmarketing.incentives._components import Refund as Refund
from deepmarketing.incentives._components import Results as Results
from deepmarketing.incentives._components import Spif as Spif
from deepmarketing.incentives._components import SpifBasis as SpifBasis
from deepmarketing.incentives._components import SplitBy as SplitBy
from deepmarketing.incentives._components import Step as Step
from deepmarketing.incentives._components import TeamFigures as TeamFigures
from deepmarketing.incentives._components import TeamPool as TeamPool
from deepmarketing.incentives._components import WeightedBonus as WeightedBonus
from deepmarketing.incentives._components import WeightedMeasure as WeightedMeasure
from deepmarketing.incentives._components import split_pool as split_pool
from deepmarketing.incentives._crediting import Credit as Credit
from deepmarketing.incentives._crediting import CreditLedger as CreditLedger
from deepmarketing.incentives._crediting import Split as Split
from deepmarketing.incentives._crediting import Transaction as Transaction
from deepmarketing.incentives._crediting import TransactionKind as TransactionKind
from deepmarketing.incentives._crediting import credit as credit
from deepmarketing.incentives._exact import PAY_ROUNDING as PAY_ROUNDING
from deepmarketing.incentives._plan import Draw as Draw
from deepmarketing.incentives._plan import Plan as Plan
from deepmarketing.incentives._rates import RateMode as RateMode
from deepmarketing.incentives._rates import RateTable as RateTable
from deepmarketing.incentives._rates import Tier as Tier
from deepmarketing.incentives._rates import TierPay as TierPay
from deepmarketing.incentives._results import PayInputs as PayInputs
from deepmarketing.incentives._results import WhatIf as WhatIf
from deepmarketing.incentives._results import prorate_days as prorate_days
from deepmarketing.incentives._statements import Simulation as Simulation
from deepmarketing.incentives._statements import SimulationPoint as SimulationPoint
from deepmarketing.incentives._statements import Statement as Statement
from deepmarketing.incentives._statements import calculate as calculate
from deepmarketing.incentives._statements import recalculate as recalculate
from deepmarketing.incentives._statements import simulate as simulate

__all__ = [
    "PAY_CNY",
    "PAY_ROUNDING",
    "AttainmentBonus",
    "Clawback",
    "Commission",
    "Component",
    "Credit",
    "CreditLedger",
    "Draw",
    "Gate",
    "Line",
    "ManagerOverride",
    "Measure",
    "OverdueSale",
    "PayInputs",
    "Plan",
    "Proration",
    "ProrationPart",
    "RateMode",
    "RateTable",
    "Refund",
    "Results",
    "Simulation",
    "SimulationPoint",
    "Spif",
    "SpifBasis",
    "Split",
    "SplitBy",
    "Statement",
    "Step",
    "TeamFigures",
    "TeamPool",
    "Tier",
    "TierPay",
    "Transaction",
    "TransactionKind",
    "WeightedBonus",
    "WeightedMeasure",
    "WhatIf",
    "calculate",
    "credit",
    "prorate_days",
    "recalculate",
    "simulate",
    "split_pool",
]
