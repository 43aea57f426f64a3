"""Representative statements per group (Pol.is's ``repness.clj``).

For group g and statement j, over the group's members: ``na`` agrees, ``nd`` disagrees, ``ns``
votes of any kind (passes too). "Rest" sums the other groups' members.

- ``pa = (na+1)/(ns+2)``, ``pat = prop_test(na, ns)``
- ``ra = pa / ((1+na_rest)/(2+ns_rest))``, ``rat = two_prop_test(na, na_rest, ns, ns_rest)``
- likewise ``pd``, ``pdt``, ``rd``, ``rdt`` for disagree.

A statement is representative when (``rat`` and ``pat`` > 1.2816) or (``rdt`` and ``pdt`` >
1.2816); it is "agree" if ``rat > rdt``. The list is ranked by ``repness × repness_test ×
p_success × p_test``, headed by the group's best agree statement, cut to five, agrees first.
With none passing, the single best statement stands in.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from verkstad.dialogue.math.stats import prop_test, two_prop_test, z_sig_90

PICK_MAX = 5


@dataclass(frozen=True)
class RepStatement:
    statement: int  # column index into the vote matrix
    repful_for: str  # "agree" or "disagree"
    n_success: int
    n_trials: int
    p_success: float
    p_test: float
    repness: float
    repness_test: float
    best_agree: bool = False

    @property
    def metric(self) -> float:
        return self.repness * self.repness_test * self.p_success * self.p_test


@dataclass(frozen=True, eq=False)
class RepnessStats:
    """Every statistic, shape (n_groups, n_statements)."""

    na: np.ndarray
    nd: np.ndarray
    ns: np.ndarray
    pa: np.ndarray
    pd: np.ndarray
    pat: np.ndarray
    pdt: np.ndarray
    ra: np.ndarray
    rd: np.ndarray
    rat: np.ndarray
    rdt: np.ndarray


def repness_stats(na: np.ndarray, nd: np.ndarray, ns: np.ndarray) -> RepnessStats:
    na, nd, ns = (np.asarray(x, dtype=np.float64) for x in (na, nd, ns))
    na_rest = na.sum(axis=0, keepdims=True) - na
    nd_rest = nd.sum(axis=0, keepdims=True) - nd
    ns_rest = ns.sum(axis=0, keepdims=True) - ns
    pa = (na + 1) / (ns + 2)
    pd = (nd + 1) / (ns + 2)
    return RepnessStats(
        na=na,
        nd=nd,
        ns=ns,
        pa=pa,
        pd=pd,
        pat=prop_test(na, ns),
        pdt=prop_test(nd, ns),
        ra=pa / ((1 + na_rest) / (2 + ns_rest)),
        rd=pd / ((1 + nd_rest) / (2 + ns_rest)),
        rat=two_prop_test(na, na_rest, ns, ns_rest),
        rdt=two_prop_test(nd, nd_rest, ns, ns_rest),
    )


def _finalize(stats: RepnessStats, g: int, j: int, best_agree: bool = False) -> RepStatement:
    if stats.rat[g, j] > stats.rdt[g, j]:
        n, p, pt, r, rt, side = (
            stats.na, stats.pa, stats.pat, stats.ra, stats.rat, "agree",
        )  # fmt: skip
    else:
        n, p, pt, r, rt, side = (
            stats.nd, stats.pd, stats.pdt, stats.rd, stats.rdt, "disagree",
        )  # fmt: skip
    return RepStatement(
        statement=j,
        repful_for=side,
        n_success=int(n[g, j]),
        n_trials=int(stats.ns[g, j]),
        p_success=float(p[g, j]),
        p_test=float(pt[g, j]),
        repness=float(r[g, j]),
        repness_test=float(rt[g, j]),
        best_agree=best_agree,
    )


def select_rep_statements(
    stats: RepnessStats, *, excluded: np.ndarray | None = None, pick_max: int = PICK_MAX
) -> list[list[RepStatement]]:
    """Pol.is's ``select-rep-comments``, group by group, statements in column order."""
    n_groups, n_statements = stats.na.shape
    if excluded is None:
        excluded = np.zeros(n_statements, dtype=bool)
    passes = (z_sig_90(stats.rat) & z_sig_90(stats.pat)) | (
        z_sig_90(stats.rdt) & z_sig_90(stats.pdt)
    )
    agree_metric = stats.ra * stats.rat * stats.pa * stats.pat
    agree_prob = stats.pa * stats.pat
    best_test = np.maximum(stats.rat, stats.rdt)
    result: list[list[RepStatement]] = []
    for g in range(n_groups):
        sufficient: list[int] = []
        best: int | None = None
        best_agree: int | None = None
        for j in range(n_statements):
            if excluded[j]:
                continue
            if passes[g, j]:
                sufficient.append(j)
            if not sufficient and (best is None or best_test[g, j] > best_test[g, best]):
                best = j
            if stats.na[g, j] == 0 and stats.nd[g, j] == 0:
                beats = False
            elif best_agree is not None and stats.ra[g, best_agree] > 1.0:
                beats = agree_metric[g, j] > agree_metric[g, best_agree]
            elif best_agree is not None:
                beats = agree_prob[g, j] > agree_prob[g, best_agree]
            else:
                beats = bool(z_sig_90(stats.pat[g, j])) or bool(
                    stats.ra[g, j] > 1.0 and stats.pa[g, j] > 0.5
                )
            if beats:
                best_agree = j
        head: list[RepStatement] = []
        if best_agree is not None:
            head = [_finalize(stats, g, best_agree, best_agree=True)]
        if not sufficient:
            result.append(
                head if head else ([_finalize(stats, g, best)] if best is not None else [])
            )
            continue
        chosen = [_finalize(stats, g, j) for j in sufficient if j != best_agree]
        chosen.sort(key=lambda item: -item.metric)
        chosen = (head + chosen)[:pick_max]
        agrees = [item for item in chosen if item.repful_for == "agree"]
        disagrees = [item for item in chosen if item.repful_for == "disagree"]
        result.append(agrees + disagrees)
    return result
