"""Pure computations behind the derived tables (no Django): exposure through the
crosswalk, employment-weighted exposure, and transition pathways by skill overlap.

The methods are described for users in docs/insight.md; keep the two in step.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

#: A DAIOE percentile rank at or above this counts as high exposure (the top quartile).
DAIOE_HIGH_PERCENTILE = 75.0

#: ILO 2025 gradients counted as "exposed", and the two highest of them.
ILO_EXPOSED = frozenset(
    {"Exposed: Gradient 1", "Exposed: Gradient 2", "Exposed: Gradient 3", "Exposed: Gradient 4"}
)
ILO_HIGH = frozenset({"Exposed: Gradient 3", "Exposed: Gradient 4"})

#: ISCO-08 skill levels by major group (ILO, ISCO-08 vol. 1, table 2); SSYK 2012 keeps the
#: same major groups. Managers span levels 3 and 4; armed forces are left out.
SKILL_LEVELS: dict[str, frozenset[int]] = {
    "1": frozenset({3, 4}),
    "2": frozenset({4}),
    "3": frozenset({3}),
    "4": frozenset({2}),
    "5": frozenset({2}),
    "6": frozenset({2}),
    "7": frozenset({2}),
    "8": frozenset({2}),
    "9": frozenset({1}),
}

#: Weight of Arbetsförmedlingen's substitutability in the transition score: 75 ("high")
#: adds 0.375, 25 ("some") adds 0.125 to the essential-skill overlap (0–1).
SUBSTITUTABILITY_WEIGHT = 0.005


@dataclass(frozen=True)
class IscoScore:
    value: float | None
    category: str


@dataclass(frozen=True)
class CrosswalkedScore:
    value: float | None
    category: str
    exposed_share: float | None
    high_share: float | None
    coverage: float


def crosswalk_scores(
    links: Sequence[tuple[str, float]],
    scores: Mapping[str, IscoScore],
    *,
    exposed: frozenset[str] = frozenset(),
    high: frozenset[str] = frozenset(),
) -> CrosswalkedScore:
    """One SSYK group's score from the scores of its ISCO groups, weighted by the links.

    ``coverage`` is the share of the link weight that has a score; the value and the
    shares are taken over the scored part only.
    """
    total = sum(weight for _, weight in links)
    scored = [(weight, scores[isco]) for isco, weight in links if isco in scores]
    scored = [(w, s) for w, s in scored if s.value is not None]
    scored_weight = sum(w for w, _ in scored)
    if not scored or scored_weight <= 0:
        return CrosswalkedScore(None, "", None, None, 0.0)
    value = sum(w * s.value for w, s in scored) / scored_weight  # type: ignore[operator]
    categories = sorted({s.category for _, s in scored if s.category})
    return CrosswalkedScore(
        value=value,
        category=" / ".join(categories),
        exposed_share=sum(w for w, s in scored if s.category in exposed) / scored_weight,
        high_share=sum(w for w, s in scored if s.category in high) / scored_weight,
        coverage=scored_weight / total if total else 0.0,
    )


def skill_levels_compatible(source: str, target: str) -> bool:
    """True when the skill levels of two SSYK codes' major groups differ by at most one."""
    a = SKILL_LEVELS.get(source[:1])
    b = SKILL_LEVELS.get(target[:1])
    if not a or not b:
        return False
    return min(abs(x - y) for x in a for y in b) <= 1


@dataclass
class TransitionEdge:
    source: str
    target: str
    score: float
    skill_overlap: float
    coverage: float
    substitutability: int | None
    source_esco: str
    target_esco: str
    skills_to_learn: list[str] = field(default_factory=list)


@dataclass
class _Best:
    jaccard: float
    a: str
    b: str


def transition_edges(
    *,
    occupations: Mapping[str, Sequence[str]],
    essential: Mapping[str, frozenset[str]],
    exposure: Mapping[str, float],
    substitutability: Mapping[tuple[str, str], int],
    top_n: int = 10,
) -> dict[str, list[TransitionEdge]]:
    """The best moves from each SSYK group to groups with lower exposure.

    ``occupations`` maps an SSYK code to its ESCO occupation URIs (through the
    crosswalk), ``essential`` an ESCO occupation to its essential skills, ``exposure``
    an SSYK code to the exposure it is ranked on (lower is safer; codes without a score
    are neither sources nor targets), ``substitutability`` an (SSYK from, SSYK to) pair to
    Arbetsförmedlingen's highest percentage between their occupation names.

    Skill overlap from A to B: for each ESCO occupation of A, the Jaccard similarity of
    essential skills with its closest ESCO occupation in B, averaged over A's occupations.
    The skills to learn are the essential skills of the closest pair's target that the
    source lacks. Score = overlap + SUBSTITUTABILITY_WEIGHT × substitutability.
    """
    groups = {
        ssyk: [uri for uri in uris if essential.get(uri)]
        for ssyk, uris in occupations.items()
        if ssyk in exposure
    }
    groups = {ssyk: uris for ssyk, uris in groups.items() if uris}
    groups_of: dict[str, list[str]] = defaultdict(list)
    for ssyk, uris in groups.items():
        for uri in uris:
            groups_of[uri].append(ssyk)
    holders: dict[str, list[str]] = defaultdict(list)
    for uri in groups_of:
        for skill in essential[uri]:
            holders[skill].append(uri)

    overlap_sum: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    best_pair: dict[tuple[str, str], _Best] = {}
    for a, a_groups in groups_of.items():
        skills_a = essential[a]
        shared: Counter[str] = Counter()
        for skill in skills_a:
            shared.update(holders[skill])
        closest: dict[str, _Best] = {}
        for b, common in shared.items():
            if b == a:
                continue
            jaccard = common / (len(skills_a) + len(essential[b]) - common)
            for target in groups_of[b]:
                current = closest.get(target)
                if current is None or jaccard > current.jaccard:
                    closest[target] = _Best(jaccard, a, b)
        for source in a_groups:
            sums = overlap_sum[source]
            for target, best in closest.items():
                if target == source:
                    continue
                sums[target] += best.jaccard
                pair = best_pair.get((source, target))
                if pair is None or best.jaccard > pair.jaccard:
                    best_pair[(source, target)] = best

    subst_by_source: dict[str, dict[str, int]] = defaultdict(dict)
    for (source, target), pct in substitutability.items():
        subst_by_source[source][target] = pct

    edges: dict[str, list[TransitionEdge]] = {}
    for source, uris in groups.items():
        candidates = set(overlap_sum.get(source, {})) | set(subst_by_source.get(source, {}))
        scored: list[TransitionEdge] = []
        for target in candidates:
            if (
                target == source
                or target not in groups
                or exposure[target] >= exposure[source]
                or not skill_levels_compatible(source, target)
            ):
                continue
            overlap = overlap_sum.get(source, {}).get(target, 0.0) / len(uris)
            pct = subst_by_source.get(source, {}).get(target)
            best = best_pair.get((source, target)) or _Best(0.0, uris[0], groups[target][0])
            skills_a, skills_b = essential[best.a], essential[best.b]
            scored.append(
                TransitionEdge(
                    source=source,
                    target=target,
                    score=overlap + SUBSTITUTABILITY_WEIGHT * (pct or 0),
                    skill_overlap=overlap,
                    coverage=len(skills_a & skills_b) / len(skills_b),
                    substitutability=pct,
                    source_esco=best.a,
                    target_esco=best.b,
                    skills_to_learn=sorted(skills_b - skills_a),
                )
            )
        scored.sort(key=lambda e: (-e.score, e.target))
        if scored:
            edges[source] = scored[:top_n]
    return edges


def max_substitutability(
    pairs: Iterable[tuple[str, str, int]],
    ssyk_of_name: Mapping[str, Sequence[str]],
) -> dict[tuple[str, str], int]:
    """AF's name-level ``(name, can stand in for other, %)`` pairs → SSYK pairs (max %)."""
    out: dict[tuple[str, str], int] = {}
    for name, other, pct in pairs:
        for source in ssyk_of_name.get(name, ()):
            for target in ssyk_of_name.get(other, ()):
                if source != target and pct > out.get((source, target), -1):
                    out[(source, target)] = pct
    return out
