from __future__ import annotations

import os
import shutil
from pathlib import Path

import numpy as np
import pytest

from verkstad.dialogue.math import vote_matrix
from verkstad.dialogue.math.polis_export import PolisExportError, read_polis_export

SHARED_DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data"
EXPORTS = Path(os.environ.get("VERKSTAD_SHARED_DATA", SHARED_DATA)) / "polis"
SEATTLE = EXPORTS / "15-per-hour-seattle"
LONDON = EXPORTS / "london.youth.policing"


def test_it_reads_the_seattle_export() -> None:
    export = read_polis_export(SEATTLE)
    assert export.votes_source == "votes.csv"
    assert len(export.votes) == 2995  # vote events, changes included
    assert len(export.comments) == 54 and len(export.mod_out) == 23
    assert sum(g is not None for g in export.polis_groups.values()) == 138
    assert export.topic == "$15/hour"


@pytest.mark.parametrize("directory", [SEATTLE, LONDON], ids=["seattle", "london"])
def test_the_vote_log_and_the_participant_table_give_the_same_matrix(directory, tmp_path) -> None:
    """Latest vote wins: replaying votes.csv gives participants-votes.csv's final votes."""
    export = read_polis_export(directory)
    from_log = vote_matrix(export.participants, export.statements, export.votes, times=export.times)
    copy = tmp_path / "export"
    copy.mkdir()
    for name in ("comments.csv", "participants-votes.csv"):
        shutil.copy(directory / name, copy / name)
    table = read_polis_export(copy)
    assert table.votes_source == "participants-votes.csv"
    from_table = vote_matrix(table.participants, table.statements, table.votes)
    keep = np.isin(from_log.statement_ids, from_table.statement_ids)
    assert from_log.participant_ids.tolist() == from_table.participant_ids.tolist()
    dense_log = from_log.csr().toarray()[:, keep]
    dense_table = from_table.csr().toarray()
    present_log = from_log.csr(np.ones(from_log.n_votes)).toarray()[:, keep]
    present_table = from_table.csr(np.ones(from_table.n_votes)).toarray()
    np.testing.assert_array_equal(present_log, present_table)
    np.testing.assert_array_equal(dense_log, dense_table)


def write(directory: Path, name: str, text: str) -> None:
    (directory / name).write_text(text, encoding="utf-8")


COMMENTS = "timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n"


def test_a_bad_vote_names_file_line_and_column(tmp_path) -> None:
    write(tmp_path, "comments.csv", COMMENTS + "1,x,0,0,0,0,1,Hello\n")
    write(
        tmp_path, "votes.csv", "timestamp,datetime,comment-id,voter-id,vote\n1,x,0,0,1\n2,x,0,1,5\n"
    )
    with pytest.raises(PolisExportError, match=r"votes.csv, line 3, column 'vote': vote 5"):
        read_polis_export(tmp_path)


def test_a_missing_column_and_missing_votes_are_reported(tmp_path) -> None:
    write(tmp_path, "comments.csv", "comment-id,comment-body\n0,Hi\n")
    with pytest.raises(PolisExportError, match=r"comments.csv, line 1, column 'moderated'"):
        read_polis_export(tmp_path)
    write(tmp_path, "comments.csv", COMMENTS)
    with pytest.raises(PolisExportError, match="votes.csv: is missing"):
        read_polis_export(tmp_path)
    with pytest.raises(PolisExportError, match="is not a directory"):
        read_polis_export(tmp_path / "nowhere")


def test_a_non_integer_id_is_reported(tmp_path) -> None:
    write(tmp_path, "comments.csv", COMMENTS + "1,x,zero,0,0,0,1,Hello\n")
    with pytest.raises(PolisExportError, match=r"line 2, column 'comment-id': 'zero'"):
        read_polis_export(tmp_path)
