"""Version order and date forms."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from explorer.parse.dates import find_date
from explorer.versions import _parts_key, is_prerelease, version_key


def test_versions_sort_by_number_not_text():
    versions = ["v3.10.0", "v3.9.0", "v3.23.0", "v3.2.0"]
    assert sorted(versions, key=version_key) == ["v3.2.0", "v3.9.0", "v3.10.0", "v3.23.0"]


def test_prereleases_sort_before_their_final_release():
    versions = ["1.2.0", "1.2.0rc1", "1.2.0-beta.2", "1.2.0-alpha.1", "1.1.9", "1.2.0-beta.10"]
    assert sorted(versions, key=version_key) == [
        "1.1.9", "1.2.0-alpha.1", "1.2.0-beta.2", "1.2.0-beta.10", "1.2.0rc1", "1.2.0",
    ]


def test_java_qualifiers_sort_as_their_stages():
    shuffled = ["2.3.0.Final", "2.4.0.Alpha1", "2.3.0.Beta1", "2.3.0.CR1", "2.3.0.Alpha1"]
    assert sorted(shuffled, key=version_key) == ["2.3.0.Alpha1", "2.3.0.Beta1", "2.3.0.CR1", "2.3.0.Final",
                                                 "2.4.0.Alpha1"]


def test_lettered_patch_releases_sort_after_their_release_in_letter_order():
    shuffled = ["1.1.1za", "1.1.2", "1.1.1", "1.1.1w", "1.1.1-rc1", "1.1.1v"]
    assert sorted(shuffled, key=version_key) == ["1.1.1-rc1", "1.1.1", "1.1.1v", "1.1.1w", "1.1.1za", "1.1.2"]
    assert not is_prerelease("1.1.1w")


def test_missing_parts_are_zero():
    assert version_key("1.100") > version_key("1.99.9")
    assert version_key("3.22") == version_key("v3.22.0")


@pytest.mark.parametrize("version, pre", [("1.27.0-alpha.2", True), ("0.10.0-rc1", True),
                                          ("1.2.0rc1", True), ("3.23.0", False), ("v2.0.0", False),
                                          ("2.3.0.CR1", True), ("5.0.0.M1", True), ("2.3.0.Final", False),
                                          ("5.0.0.RELEASE", False)])
def test_prerelease_flag(version, pre):
    assert is_prerelease(version) is pre


@pytest.mark.parametrize(
    "text, iso",
    [
        ("09 May 2022", "2022-05-09"),
        ("## [1.1.2] - 2024-09-27", "2024-09-27"),
        ("## 1.5.7 (September 7, 2023)", "2023-09-07"),
        ("## 0.9.3 (26th April 2017)", "2017-04-26"),
        ("## 2023-11-22, Version 20.10.0 'Iron' (LTS), @targos", "2023-11-22"),
        ("## 3.14.0 / 2026-08-17", "2026-08-17"),
        ("Sept 3, 2020", "2020-09-03"),
        ("_2020 May 25_", "2020-05-25"),  # year, month, day
        ("> Released 17/Jun/2025", "2025-06-17"),
        ("Tue Nov 26 17:30:42 CET 2024", "2024-11-26"),  # as the date command writes it
        ("no date here 1.2.3", ""),
        ("2022-02-30 is not a day", ""),
    ],
)
def test_dates_become_iso(text, iso):
    assert find_date(text)[0] == iso


@given(st.lists(st.integers(0, 10**20), min_size=1, max_size=6), st.sampled_from(["", "v", "V"]),
       st.sampled_from(["", "0", "00"]))
def test_a_version_of_numbers_only_sorts_as_the_general_rule_sorts_it(numbers, prefix, padding):
    version = prefix + ".".join(padding + str(n) for n in numbers)
    assert version_key(version) == _parts_key(version)
