"""The unit rule: a hit is relevant when its path is the unit or lies under the unit folder."""

from __future__ import annotations

from search.evaluation.units import collapse_to_units, common_root, is_within, relative_to_root, unit_of


def test_file_unit_matches_only_that_file() -> None:
    assert is_within("letters/kent.txt", "letters/kent.txt")
    assert not is_within("letters/kent.txt.bak", "letters/kent.txt")
    assert not is_within("letters/kent.txt", "letters/kent")


def test_folder_unit_matches_every_file_inside() -> None:
    assert is_within("requests/1234/response.pdf", "requests/1234")
    assert is_within("requests/1234/attachments/a.xlsx", "requests/1234/")
    assert is_within("requests/1234", "requests/1234")


def test_a_shared_prefix_is_not_a_match() -> None:
    assert not is_within("abcd/letter.txt", "abc")
    assert not is_within("abcd", "abc")
    assert not is_within("x/abc/letter.txt", "abc")
    assert not is_within("anything.txt", "")


def test_paths_are_compared_in_one_form() -> None:
    assert is_within("./requests\\1234/a.txt", "requests/1234")
    assert relative_to_root("/data/foi/requests/1/a.txt", "/data/foi") == "requests/1/a.txt"
    assert relative_to_root("/data/foi/requests/1/a.txt", "/data/foi/") == "requests/1/a.txt"
    assert relative_to_root("/data/foix/a.txt", "/data/foi") == "/data/foix/a.txt"
    assert relative_to_root("requests/1/a.txt", None) == "requests/1/a.txt"


def test_common_root_of_absolute_paths_only() -> None:
    assert common_root(["/data/foi/a/1.txt", "/data/foi/b/2.txt"]) == "/data/foi"
    assert common_root(["/data/foi/a/1.txt"]) == "/data/foi/a"
    assert common_root(["a/1.txt", "b/2.txt"]) is None
    assert common_root([]) is None


def test_hits_collapse_to_units_at_their_best_rank() -> None:
    units = {"requests/1", "letters/kent.txt"}
    paths = ["other.txt", "requests/1/reply.txt", "letters/kent.txt", "requests/1/request.txt", "requests/10/x.txt"]
    assert collapse_to_units(paths, units) == ["other.txt", "requests/1", "letters/kent.txt", "requests/10/x.txt"]


def test_nested_units_take_the_deepest() -> None:
    assert unit_of("requests/1/attachments/a.pdf", {"requests/1", "requests/1/attachments"}) == (
        "requests/1/attachments"
    )
    assert unit_of("requests/2/a.pdf", {"requests/1"}) is None
