"""PCA with Pol.is's mean imputation and sparsity-aware projection (``pca.clj``).

Pol.is replaces each missing vote by its statement's mean vote, centres every column on that
mean and finds two principal components. After imputation and centring, a missing vote is
exactly 0, so the centred matrix has the same sparsity as the votes: ``X[i, j] = v_ij − μ_j``
where participant i voted on statement j, else 0. We keep it sparse and take the top
eigenvectors of ``XᵀX`` exactly (Pol.is runs 100 power iterations from a random start
vector, whose result is the same up to sign when it has converged).

Moderated-out statements are, as in Pol.is, a column of zeros for everyone: they add nothing
to the components but count as a vote in every participant's projection scale.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.linalg
import scipy.sparse as sp
import scipy.sparse.linalg

from verkstad.dialogue.math.matrix import VoteMatrix

# XᵀX is formed and solved densely when that is cheap (few statements, and few products
# Σ_i votes_i², which is what the sparse product costs); otherwise Lanczos (ARPACK) on XᵀX.
DENSE_GRAM_MAX_STATEMENTS = 1000
DENSE_GRAM_MAX_PRODUCTS = 20_000_000
LANCZOS_TOLERANCE = 1e-8


@dataclass(frozen=True, eq=False)
class Pca:
    center: np.ndarray  # (n_statements,) mean vote per statement, 0 for moderated-out ones
    components: np.ndarray  # (n_components, n_statements), unit rows
    eigenvalues: np.ndarray  # (n_components,) of XᵀX
    total_variance: float  # trace of XᵀX

    @property
    def explained_variance_ratio(self) -> np.ndarray:
        if self.total_variance <= 0:
            return np.zeros_like(self.eigenvalues)
        return self.eigenvalues / self.total_variance


def centred_matrix(matrix: VoteMatrix, mod_out: np.ndarray) -> tuple[sp.csr_array, np.ndarray]:
    """The mean-imputed, centred vote matrix (sparse) and the column means."""
    n_rows, n_cols = matrix.shape
    values = matrix.values.astype(np.float64)
    sums = np.bincount(matrix.indices, weights=values, minlength=n_cols)
    seen = np.bincount(matrix.indices, minlength=n_cols)
    center = np.divide(sums, seen, out=np.zeros(n_cols), where=seen > 0)
    center[mod_out] = 0.0
    data = values - center[matrix.indices]
    data[mod_out[matrix.indices]] = 0.0
    return matrix.csr(data), center


def _orient(components: np.ndarray) -> np.ndarray:
    """Fix each component's sign: its largest loading (first, on ties) is positive."""
    oriented = components.copy()
    for row in oriented:
        if row.size and row[np.argmax(np.abs(row))] < 0:
            row *= -1
    return oriented


def pca_fit(
    matrix: VoteMatrix,
    *,
    mod_out: np.ndarray | None = None,
    n_components: int = 2,
    seed: int = 0,
) -> tuple[Pca, sp.csr_array]:
    """Fit the components; returns the PCA and the centred sparse matrix it was fitted on.

    ``seed`` only picks the Lanczos start vector for very wide matrices; the result does not
    depend on it beyond round-off.
    """
    n_rows, n_cols = matrix.shape
    if mod_out is None:
        mod_out = np.zeros(n_cols, dtype=bool)
    centred, center = centred_matrix(matrix, mod_out)
    total = float(np.dot(centred.data, centred.data))
    k = min(n_components, n_rows, n_cols)
    components = np.zeros((n_components, n_cols))
    eigenvalues = np.zeros(n_components)
    if k > 0 and total > 0:
        per_row = np.diff(matrix.indptr).astype(np.float64)
        products = float(np.dot(per_row, per_row))
        small = n_cols <= DENSE_GRAM_MAX_STATEMENTS and products <= DENSE_GRAM_MAX_PRODUCTS
        if small or k >= n_cols - 1:
            gram = (centred.T @ centred).toarray()
            values, vectors = scipy.linalg.eigh(gram, subset_by_index=[n_cols - k, n_cols - 1])
        else:
            rng = np.random.default_rng(seed)
            transposed = centred.T.tocsr()
            operator = scipy.sparse.linalg.LinearOperator(
                (n_cols, n_cols),
                matvec=lambda x: transposed @ (centred @ x),
                dtype=np.float64,
            )
            values, vectors = scipy.sparse.linalg.eigsh(
                operator, k=k, which="LA", v0=rng.standard_normal(n_cols), tol=LANCZOS_TOLERANCE
            )
        order = np.argsort(-values)
        values = np.clip(values[order], 0.0, None)
        vectors = vectors[:, order].T
        # A component with no variance is left as zeros, as Pol.is's power iteration does.
        nonzero = values > total * 1e-12
        eigenvalues[:k] = np.where(nonzero, values, 0.0)
        components[:k] = np.where(nonzero[:, None], _orient(vectors), 0.0)
    pca = Pca(center=center, components=components, eigenvalues=eigenvalues, total_variance=total)
    return pca, centred


def project_participants(
    matrix: VoteMatrix, pca: Pca, centred: sp.csr_array, mod_out: np.ndarray
) -> np.ndarray:
    """Pol.is's ``sparsity-aware-project-ptpt`` for every participant: an (n, 2) array.

    The dot product runs over the votes a participant has, and is scaled by
    ``sqrt(n_statements / max(n_votes, 1))``, where the moderated-out statements count as a
    vote (Pol.is zeroes them for everyone).
    """
    n_rows, n_cols = matrix.shape
    raw = centred @ pca.components.T
    mod_out_entry = mod_out[matrix.indices]
    own_mod_out = np.bincount(matrix.row_of_entry()[mod_out_entry], minlength=n_rows)
    n_votes = matrix.votes_per_participant() - own_mod_out + int(mod_out.sum())
    scale = np.sqrt(n_cols / np.maximum(n_votes, 1))
    return raw * scale[:, None]


def project_statements(pca: Pca) -> np.ndarray:
    """Each statement projected as a participant who agreed with it and nothing else."""
    n_cols = len(pca.center)
    return ((1.0 - pca.center)[:, None] * pca.components.T) * np.sqrt(n_cols)
