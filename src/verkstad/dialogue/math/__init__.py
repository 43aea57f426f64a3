"""Pol.is's opinion-map math on sparse vote matrices: numpy and scipy only, no Django.

``opinion_map`` runs the whole pipeline; the modules hold its steps (see
``docs/opinion-math.md`` for the formulas and where we differ from Pol.is).
"""

from verkstad.dialogue.math.agreement import adjusted_rand_index
from verkstad.dialogue.math.matrix import AGREE, DISAGREE, PASS, VoteMatrix, vote_matrix
from verkstad.dialogue.math.pipeline import OpinionMap, OpinionMapState, opinion_map

__all__ = [
    "AGREE",
    "DISAGREE",
    "PASS",
    "OpinionMap",
    "OpinionMapState",
    "VoteMatrix",
    "adjusted_rand_index",
    "opinion_map",
    "vote_matrix",
]
