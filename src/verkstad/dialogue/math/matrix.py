"""The vote matrix: participants × statements, sparse, the latest vote per pair.

Votes are coded as Pol.is's exports code them: agree = +1, disagree = −1, pass = 0. (Pol.is's
database and math use the opposite sign; every formula here is written for the export sign.)
A pass is a stored 0, a missing vote is not stored at all, so memory grows with the number of
votes, never with participants × statements.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

AGREE = 1
DISAGREE = -1
PASS = 0


@dataclass(frozen=True, eq=False)
class VoteMatrix:
    """Compressed sparse rows: row i holds ``values[indptr[i]:indptr[i+1]]`` at ``indices``.

    Rows are participants in ascending id order, columns statements in ascending id order.
    Explicit zeros (passes) are kept; a missing vote has no entry.
    """

    participant_ids: np.ndarray
    statement_ids: np.ndarray
    indptr: np.ndarray
    indices: np.ndarray
    values: np.ndarray

    @property
    def shape(self) -> tuple[int, int]:
        return (len(self.participant_ids), len(self.statement_ids))

    @property
    def n_votes(self) -> int:
        return len(self.values)

    def row_of_entry(self) -> np.ndarray:
        """The row index of every stored vote."""
        return np.repeat(np.arange(self.shape[0], dtype=np.int64), np.diff(self.indptr))

    def csr(self, data: np.ndarray | None = None, dtype: type = np.float64) -> sp.csr_array:
        """The matrix as scipy CSR with ``data`` (default: the votes) on the stored entries."""
        if data is None:
            data = self.values
        index_dtype = np.int32 if self.n_votes < 2**31 else np.int64
        return sp.csr_array(
            (
                np.asarray(data, dtype=dtype),
                self.indices.astype(index_dtype, copy=False),
                self.indptr.astype(index_dtype, copy=False),
            ),
            shape=self.shape,
        )

    def votes_per_participant(self) -> np.ndarray:
        return np.diff(self.indptr).astype(np.int64)

    def column_counts(self, rows: np.ndarray | None = None) -> tuple[np.ndarray, ...]:
        """(agree, disagree, seen) counts per statement, over ``rows`` (a boolean mask) or all."""
        labels = np.zeros(self.shape[0], dtype=np.int64)
        if rows is not None:
            labels[~np.asarray(rows, dtype=bool)] = -1
        agree, disagree, seen = self.group_column_counts(labels, 1)
        return agree[0], disagree[0], seen[0]

    def group_column_counts(
        self, labels: np.ndarray, n_groups: int
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(agree, disagree, seen) arrays of shape (n_groups, n_statements).

        ``labels`` gives each participant's group, or −1 for none.
        """
        n = self.shape[1]
        entry_group = np.repeat(np.asarray(labels, dtype=np.int64), np.diff(self.indptr))
        # One pass: code = (group · n + statement) · 3 + (vote + 1).
        code = (entry_group * n + self.indices) * 3 + (self.values.astype(np.int64) + 1)
        counts = np.bincount(code[entry_group >= 0], minlength=n_groups * n * 3)
        counts = counts[: n_groups * n * 3].reshape(n_groups, n, 3)
        return counts[:, :, 2], counts[:, :, 0], counts.sum(axis=2)


def _factorize(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sorted unique values and each input's index into them (fast path for compact ints)."""
    if values.size and values.dtype.kind in "iu":
        low = int(values.min())
        span = int(values.max()) - low + 1
        if span <= 4 * values.size + 1024:
            offset = (values - low).astype(np.int64)
            present = np.zeros(span, dtype=bool)
            present[offset] = True
            rank = np.cumsum(present) - 1
            return np.flatnonzero(present) + low, rank[offset]
    unique, inverse = np.unique(values, return_inverse=True)
    return unique, inverse.astype(np.int64)


def vote_matrix(
    participants: Iterable | np.ndarray,
    statements: Iterable | np.ndarray,
    votes: Iterable | np.ndarray,
    *,
    times: Iterable | np.ndarray | None = None,
) -> VoteMatrix:
    """Build the matrix from parallel arrays of (participant, statement, vote) triples.

    The latest vote per (participant, statement) wins: latest by ``times`` when given (ties
    broken by input position), otherwise by input position. Votes must be −1, 0 or +1.
    """
    p = np.asarray(participants)
    s = np.asarray(statements)
    v = np.asarray(votes)
    n = len(v)
    if not (len(p) == len(s) == n):
        raise ValueError("participants, statements and votes must have the same length")
    if n == 0:
        empty = np.zeros(0, dtype=np.int64)
        return VoteMatrix(
            participant_ids=p[:0],
            statement_ids=s[:0],
            indptr=np.zeros(1, dtype=np.int64),
            indices=empty,
            values=np.zeros(0, dtype=np.int8),
        )
    if v.dtype.kind == "f" and not np.all(np.isfinite(v)):
        raise ValueError("votes must be -1, 0 or +1")
    if not np.all((v == -1) | (v == 0) | (v == 1)):
        raise ValueError("votes must be -1, 0 or +1")
    v = v.astype(np.int8)
    participant_ids, rows = _factorize(p)
    statement_ids, cols = _factorize(s)
    n_cols = len(statement_ids)

    # Sequence number of each vote in time order; the largest per cell wins.
    if times is None:
        seq = np.arange(n, dtype=np.int64)
        by_seq = None
    else:
        t = np.asarray(times)
        if len(t) != n:
            raise ValueError("times must have the same length as votes")
        by_seq = np.lexsort((np.arange(n), t))
        seq = np.empty(n, dtype=np.int64)
        seq[by_seq] = np.arange(n, dtype=np.int64)

    cell = rows * n_cols + cols
    if (int(cell.max()) + 1) * n < 2**62:
        combined = np.sort(cell * n + seq)
        cell_sorted = combined // n
        seq_sorted = combined % n
    else:  # pragma: no cover - needs more than 2**62 cell × vote combinations
        order = np.lexsort((seq, cell))
        cell_sorted = cell[order]
        seq_sorted = seq[order]
    last = np.ones(n, dtype=bool)
    last[:-1] = cell_sorted[1:] != cell_sorted[:-1]
    cell_kept = cell_sorted[last]
    winner = seq_sorted[last] if by_seq is None else by_seq[seq_sorted[last]]
    kept_rows = cell_kept // n_cols
    indptr = np.zeros(len(participant_ids) + 1, dtype=np.int64)
    np.cumsum(np.bincount(kept_rows, minlength=len(participant_ids)), out=indptr[1:])
    return VoteMatrix(
        participant_ids=participant_ids,
        statement_ids=statement_ids,
        indptr=indptr,
        indices=(cell_kept % n_cols).astype(np.int32 if n_cols < 2**31 else np.int64),
        values=v[winner],
    )
