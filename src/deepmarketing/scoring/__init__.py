"""Scoring: KPIs and scorecards, team scores, rankings, forced distribution, the Pareto view.

"Management by objectives" (目标管理): indicators follow from targets and results, are
assessed at period end, then rewarded and coached. A :class:`KPI` measures one
:class:`~deepmarketing.quantities.Metric` with a weight and a :class:`Rule`; a
:class:`Scorecard` holds KPIs whose weights add up to exactly 100%; :func:`score` turns
actuals and targets into a :class:`ScoreResult` with every KPI's points and a
plain-language explanation, and missing figures are an explicit :class:`Missing` state,
never a silent zero. :func:`team_score` and :func:`unit_score` assess the team, not only
individual heroics; :func:`rank` and :func:`bands` order and grade people with named tie
rules; :func:`pareto` measures the "70% of results from 20% of people".

Every score is exact until one named rounding, and parts always add up to their total.
"""

from deepmarketing.scoring._pareto import ParetoPoint as ParetoPoint
from deepmarketing.scoring._pareto import ParetoReport as ParetoReport
from deepmarketing.scoring._pareto import pareto as pareto
from deepmarketing.scoring._ranking import BandResult as BandResult
from deepmarketing.scoring._ranking import bands as bands
from deepmarketing.scoring._ranking import rank as rank
from deepmarketing.scoring._rules import Band as Band
from deepmarketing.scoring._rules import Banded as Banded
from deepmarketing.scoring._rules import Capped as Capped
from deepmarketing.scoring._rules import Credit as Credit
from deepmarketing.scoring._rules import Floored as Floored
from deepmarketing.scoring._rules import Linear as Linear
from deepmarketing.scoring._rules import LowerIsBetter as LowerIsBetter
from deepmarketing.scoring._rules import Rule as Rule
from deepmarketing.scoring._rules import Threshold as Threshold
from deepmarketing.scoring._rules import attainment as attainment
from deepmarketing.scoring._scorecard import KPI as KPI
from deepmarketing.scoring._scorecard import KPIScore as KPIScore
from deepmarketing.scoring._scorecard import Missing as Missing
from deepmarketing.scoring._scorecard import Scorecard as Scorecard
from deepmarketing.scoring._scorecard import ScoreResult as ScoreResult
from deepmarketing.scoring._scorecard import score as score
from deepmarketing.scoring._team import TeamScore as TeamScore
from deepmarketing.scoring._team import team_score as team_score
from deepmarketing.scoring._team import unit_score as unit_score

__all__ = [
    "KPI",
    "Band",
    "BandResult",
    "Banded",
    "Capped",
    "Credit",
    "Floored",
    "KPIScore",
    "Linear",
    "LowerIsBetter",
    "Missing",
    "ParetoPoint",
    "ParetoReport",
    "Rule",
    "ScoreResult",
    "Scorecard",
    "TeamScore",
    "Threshold",
    "attainment",
    "bands",
    "pareto",
    "rank",
    "score",
    "team_score",
    "unit_score",
]
