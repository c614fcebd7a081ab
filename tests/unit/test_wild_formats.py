"""Release notes as they are written in the wild: headings, refs, authors and summaries of
formats no rule names, and what is not a change."""

import re
from textwrap import dedent

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.parse import parse_text
from explorer.parse.refs import analyse, find_refs
from explorer.parse.rules import release_heading

GH = "https://github.com"


def parse(text, path="CHANGELOG.md"):
    return parse_text(dedent(text).lstrip("\n"), path)


def versions(log):
    return [r.version for r in log.releases]


def per_release(log):
    return [(c.release.version, c.summary) for c in log.changes]


# -- release headings ----------------------------------------------------------------------

@pytest.mark.parametrize(
    "heading, version, date",
    [
        ("<small>4.1.2 (2024-03-07)</small>", "4.1.2", "2024-03-07"),
        ("[2.4.1](https://github.com/o/r/compare/v2.4.0...v2.4.1) (2023-06-02)", "2.4.1", "2023-06-02"),
        ("Widget 5.0.0.rc1 (March 3, 2024)", "5.0.0.rc1", "2024-03-03"),
        ("Rails 6.1.7.10 (October 23, 2024)", "6.1.7.10", "2024-10-23"),
        ("v3.2.0b1 (2024-01-15)", "v3.2.0b1", "2024-01-15"),
        ("April 2024 (version 2.7)", "2.7", ""),
        ("v2000.2.2", "v2000.2.2", ""),  # a version, though it reads as a date
        ("v2000.2.2 (2021-01-05)", "v2000.2.2", "2021-01-05"),
        ("4.0.0 Release Candidate 1 (2018-11-02)", "4.0.0 Release Candidate 1", "2018-11-02"),
        ("0.7.5 (24. March, 2024)", "0.7.5", "2024-03-24"),
        ("Julia v1.11 Release Notes", "v1.11", ""),
        ("4.3.3 and 3.12.4 / 2020-02-28", "4.3.3/3.12.4", "2020-02-28"),
        ("[1.2.0, 0.21b0](https://github.com/o/r/releases/tag/v1.2.0-0.21b0) - 2021-05-11", "1.2.0/0.21b0",
         "2021-05-11"),
        ("v0.9.0-rc27 [04-23-2015]", "v0.9.0-rc27", "2015-04-23"),  # month first, as in the US
        ("1.2.3 (23/04/2015)", "1.2.3", "2015-04-23"),
        ("7.28.0-0", "7.28.0-0", ""),  # a numbered pre-release
        ("[1.7.1-0.26b1](https://github.com/o/r/compare/v1.7.0...v1.7.1) - 2021-11-11", "1.7.1-0.26b1", "2021-11-11"),
        ("2.0.0 - The big rewrite", "2.0.0", ""),
        ("Version 2.0.0", "2.0.0", ""),
        ("2.3.0.Final", "2.3.0.Final", ""),  # Java's qualifiers
        ("4.1.94.Final", "4.1.94.Final", ""),
        ("2.3.0.CR1", "2.3.0.CR1", ""),
        ("LuaRocks 3.11.0 (13/Mar/2024)", "3.11.0", "2024-03-13"),
        ("What's new in LuaRocks 3.11.1", "3.11.1", ""),
        # a package glued to the version names the release with it
        ("rust-v0.16.0 (2023-09-27)", "rust-v0.16.0", "2023-09-27"),
        ("ethers/v5.0.0-beta.183 (2020-04-23 23:28)", "ethers/v5.0.0-beta.183", "2020-04-23"),
        ("@nomicfoundation/hardhat-ethers@3.0.0", "@nomicfoundation/hardhat-ethers@3.0.0", ""),
        ("[python-v0.10.0](https://github.com/o/r/tree/python-v0.10.0) (2023-01-01)", "python-v0.10.0", "2023-01-01"),
        ("Release-1.2.0", "1.2.0", ""),
        ("1.50.0-rc2b", "1.50.0-rc2b", ""),  # a pre-release's letter
        # a date first, then the version, maybe a name with an e-mail address between
        ("2015-08-10 - Supported Release 4.8.0", "4.8.0", "2015-08-10"),
        ("2014-05-08 - Release - 4.2.1", "4.2.1", "2014-05-08"),
        ("2013-05-06 - Jeff McCune <jeff@example.com> - 4.1.0", "4.1.0", "2013-05-06"),
        ("0.1.4 2011-05-26 Jeff McCune <jeff@example.com>", "0.1.4", "2011-05-26"),
        ("2.2.0 2024-29-11", "2.2.0", "2024-11-29"),  # year, day, month: only so a date
        ("2.1.0 2024-03-11", "2.1.0", "2024-03-11"),  # year, month, day when both are dates
        ("v1.5.0 (Rc)", "v1.5.0 Rc", ""),  # a stage in parentheses: three releases of 1.5.0 told apart
        ("0.4.0 (pre)", "0.4.0 pre", ""),
        ("[1.1.0] 2020—02—06", "1.1.0", "2020-02-06"),  # dashes a text editor made long
        ("[2.4.0] - 2024-Aug-27", "2.4.0", "2024-08-27"),
        ("[2.2.2] - 2023-Sept-22", "2.2.2", "2023-09-22"),
        ("What’s Changed in v1.2.0 (2024-01-02)", "v1.2.0", "2024-01-02"),
        # a heading naming the release before and this one: this one's notes
        ("Changes between 3.4 and 3.5.0 [8 Apr 2025]", "3.5.0", "2025-04-08"),
        ("Changes between 1.1.1v and 1.1.1w [11 Sep 2023]", "1.1.1w", "2023-09-11"),  # lettered patch releases
        ("Changes between 0.9.8zh and 1.0.0 [29 Mar 2010]", "1.0.0", "2010-03-29"),
        ("Product 1.0.2u", "1.0.2u", ""),
        (".NET Core 2.2.0 - December 04, 2018", "2.2.0", "2018-12-04"),  # a product's name opening with a dot
        ("0.9.x - March 2015", "0.9.x", ""),  # a series and its month, which gives no day
        ("Version 2 - March 2015", "2", ""),
    ],
)
def test_release_heading_forms(heading, version, date):
    info = release_heading(heading)
    assert (info.version, info.date) == (version, date)


@pytest.mark.parametrize(
    "heading",
    ["Python 3.12 support", "Windows 10 and 11 installers", "KNOWN ISSUES (1 change)", "Features",
     "Migrating from 1.x to 2.0 is easy now", "Python 3.12 [support](https://example.org/py312)",
     "1.0" + " [a](b)" * 3000, "Roadmap - March 2015", "Python 3.x - March 2015"],
)
def test_headings_that_merely_contain_a_number_are_not_releases(heading):
    assert release_heading(heading) is None


def test_closing_hashes_and_product_names():
    log = parse("""
        ## Widget 5.0.0.rc1 (March 3, 2024) ##

        *   Add the widget.

        ## Widget 4.9.0 (January 2, 2024) ##

        *   Fix the widget.
        """)
    assert per_release(log) == [("5.0.0.rc1", "Add the widget."), ("4.9.0", "Fix the widget.")]
    assert log.releases[0].prerelease


def test_patch_release_one_level_below_its_siblings_is_a_release():
    log = parse("""
        ## [2.5.0](https://github.com/o/r/compare/v2.4.1...v2.5.0) (2023-07-01)

        ### Features

        * add a thing ([#3](https://github.com/o/r/issues/3))

        ### [2.4.1](https://github.com/o/r/compare/v2.4.0...v2.4.1) (2023-06-02)

        ### Bug Fixes

        * fix a thing ([#2](https://github.com/o/r/issues/2))

        ## [2.4.0](https://github.com/o/r/compare/v2.3.0...v2.4.0) (2023-06-01)

        * first
        """)
    assert versions(log) == ["2.5.0", "2.4.1", "2.4.0"]
    assert [(c.release.version, c.section) for c in log.changes] == [
        ("2.5.0", ("Features",)), ("2.4.1", ("Bug Fixes",)), ("2.4.0", ())]
    assert log.files[0].release_levels == (2, 3)


@pytest.mark.parametrize("heading, version", [
    ("[1.2.0] - YYYY-MM-DD", "1.2.0"),
    ("1.2.0 (xxxx-xx-xx)", "1.2.0"),
    ("v2.0.0 - 2024-XX-XX", "v2.0.0"),
    ("Changes between 3.5.0 and 3.5.1 [xx XXX xxxx]", "3.5.1"),
])
def test_a_date_still_to_come_says_the_release_is_not_out(heading, version):
    info = release_heading(heading)
    assert info is not None and (info.version, info.date, info.unreleased) == (version, "", True)


def test_releases_under_the_heading_of_their_series_are_releases_and_the_series_is_none():
    log = parse("""
        Example CHANGES
        ===============

        Example 3.5
        -----------

        ### Changes between 3.5.0 and 3.5.1 [xx XXX xxxx]

         * Align the behaviour of TLS and DTLS.

           *Matt Example*

        ### Changes between 3.4 and 3.5.0 [8 Apr 2025]

         * Add server side support for QUIC

           *Hugo Example, Matt Example*

        Example 1.1.1
        -------------

        The last series of its kind.

        ### Changes between 1.1.1v and 1.1.1w [11 Sep 2023]

         * Fix the MAC implementation on Windows.

        ### Changes between 1.1.0 and 1.1.1 [11 Sep 2018]

         * Add TLSv1.3 support.
        """)
    assert [(r.version, r.date, r.unreleased) for r in log.releases] == [
        ("3.5.1", "", True), ("3.5.0", "2025-04-08", False), ("1.1.1w", "2023-09-11", False),
        ("1.1.1", "2018-09-11", False)]
    assert per_release(log) == [("3.5.1", "Align the behaviour of TLS and DTLS."),
                                ("3.5.0", "Add server side support for QUIC"),
                                ("1.1.1w", "Fix the MAC implementation on Windows."), ("1.1.1", "Add TLSv1.3 support.")]
    assert [c.authors for c in log.changes][:2] == [("Matt Example",), ("Hugo Example", "Matt Example")]
    assert log.releases[2].notes == "The last series of its kind."  # the series' prose goes to its first release
    assert not log.files[0].warnings


def test_prerelease_nested_under_its_final_release_is_its_own_release():
    log = parse("""
        ## v3.2.0 (2024-02-01)

        - final change

        ### v3.2.0b1 (2024-01-15)

        - beta change

        ## v3.1.0 (2023-12-01)

        - older
        """)
    assert per_release(log) == [("v3.2.0", "final change"), ("v3.2.0b1", "beta change"), ("v3.1.0", "older")]


def test_a_deeper_heading_that_does_not_fit_the_sequence_is_a_section():
    log = parse("""
        ## 2.0.0 (2024-02-01)

        ### Python 3.12

        - runs on it

        ### 3.0.0 (2024-01-01)

        - a heading with a version that does not come next is a section too

        ## 1.0.0 (2023-01-01)

        - first
        """)
    assert versions(log) == ["2.0.0", "1.0.0"]
    assert [c.section for c in log.changes][:2] == [("Python 3.12",), ("3.0.0 (2024-01-01)",)]
    warning, = log.files[0].warnings  # said, not silent: the reader may know better
    assert warning == ("1 heading written as a release, out of the releases' order or level, read as a section of "
                       "the release above (line 7)")


@pytest.mark.parametrize("notes, expected", [
    ("""
        ## 0.4.0 (Unreleased)

        - working on it

        ### 0.3.0 (April 16, 2019)

        - a dated release one level down, next in order

        ## 0.2.1 (February 28, 2019)

        - older
        """, ["0.4.0", "0.3.0", "0.2.1"]),
    ("""
        ## [0.2.0](https://github.com/o/r/compare/v0.1.1...0.2.0)

        ### Fixes

        - newer

        ### [0.1.1](https://github.com/o/r/compare/v0.1.0...v0.1.1) (2022-06-12)

        ### Bug Fixes

        * written by another tool, a level down
        """, ["0.2.0", "0.1.1"]),
    ("""
        ## <small>3.1.1 (2026-09-08)</small>

        * fix: newer

        ### Changelog

        #### [v3.1.0](https://github.com/o/r/compare/v3.0.0...v3.1.0)

        - older, in a second changelog under the first

        ### [v3.0.0](https://github.com/o/r/compare/v2.2.1...v3.0.0)

        - oldest
        """, ["3.1.1", "v3.1.0", "v3.0.0"]),
])
def test_deeper_headings_dated_or_linked_as_releases_that_come_next_are_releases(notes, expected):
    log = parse(notes)
    assert versions(log) == expected
    assert [c.release.version for c in log.changes] == expected
    assert log.files[0].warnings == ()


def test_a_dated_heading_of_another_products_version_stays_a_section():
    log = parse("""
        ## 5.0.0 (2020-01-01)

        ### Dependencies

        #### lodash 4.17.21 (2019-02-20)

        - bump

        ## 4.9.0

        - older
        """)
    assert versions(log) == ["5.0.0", "4.9.0"]
    assert log.changes[0].section == ("Dependencies", "lodash 4.17.21 (2019-02-20)")
    assert log.files[0].warnings == ()


def test_a_heading_written_as_the_releases_are_but_out_of_order_is_named_in_the_warnings():
    log = parse("## Version 2.0.0\n\n- a\n\n### Version 3.0.0\n\n- b\n\n## Version 1.0.0\n\n- c\n")
    assert versions(log) == ["2.0.0", "1.0.0"]
    assert log.files[0].warnings == ("1 heading written as a release, out of the releases' order or level, read as a "
                                     "section of the release above (line 5)",)


def test_another_things_version_in_a_heading_is_a_section_without_a_warning():
    log = parse("""
        ## [1.8.4] - 2024-10-14

        ### poetry-core ([`1.9.1`](https://github.com/python-poetry/poetry-core/releases/tag/1.9.1))

        - Add support for Python 3.13

        ## [1.8.3] - 2024-04-27

        - older
        """)
    assert versions(log) == ["1.8.4", "1.8.3"]
    assert log.changes[0].section == ("poetry-core (1.9.1)",)
    assert log.files[0].warnings == ()


def test_month_and_version_headings():
    log = parse("# April 2024 (version 2.7)\n\n- a\n\n# March 2024 (version 2.6)\n\n- b\n")
    assert per_release(log) == [("2.7", "a"), ("2.6", "b")]


def test_front_matter_names_a_release_post():
    log = parse("""
        ---
        layout: post
        title: Widget 50.0.0 Released
        date: 2025-09-29
        ---

        ## New Features ✨

        - Faster joins ([#1](https://github.com/o/r/pull/1))
        """, "2025-09-29-widget.md")
    (release,) = log.releases
    assert (release.version, release.date) == ("50.0.0", "2025-09-29")
    assert per_release(log) == [("50.0.0", "Faster joins")]


def test_a_file_of_documentation_is_skipped_with_its_reason():
    log = parse("# Installing\n\nUse version 1.2.3 or later.\n\n- step one\n- step two\n", "README.md")
    assert (log.releases, log.changes) == ((), ())
    assert log.files[0].skipped


def test_anchors_before_release_headings_are_not_notes():
    log = parse('<a name="1.2.0"></a>\n## 1.2.0 (2024-01-01)\n\n* a\n\n'
                '<a name="1.1.0"></a>\n## 1.1.0 (2023-01-01)\n\n* b\n')
    assert [r.notes for r in log.releases] == ["", ""]


# -- what is not a change -------------------------------------------------------------------

def test_placeholders_links_to_other_releases_and_credits_are_not_changes():
    log = parse("""
        ## Rails 6.1.7.10 (October 23, 2024) ##

        *   No changes.

        ## 1.2.0

        - A real change
        - History of changes: see https://github.com/o/r/compare/v1.1.0...v1.2.0
        - Full diff: [v1.1.0...v1.2.0](https://github.com/o/r/compare/v1.1.0...v1.2.0)
        - Rework the router, see https://github.com/o/r/compare/v1.1.0...v1.2.0

        ### Contributors

        - @jane for #12

        ## Previous Releases

        - [v1.1.0](https://github.com/o/r/releases/tag/v1.1.0)
        - [Release notes for 1.0](https://example.org/1.0)
        """)
    assert per_release(log) == [
        ("1.2.0", "A real change"), ("1.2.0", "Rework the router, see https://github.com/o/r/compare/v1.1.0...v1.2.0")]
    assert log.files[0].warnings == ()  # a placeholder says the release is empty on purpose


def test_description_bullets_belong_to_their_change():
    log = parse("""
        ## 1.0.0

        *   Add `option` to the client.

          - `timeout`: how long to wait
          - `retries`: how often to try

        *   Second change.
        """)
    assert [c.summary for c in log.changes] == ["Add option to the client.", "Second change."]  # the first paragraph
    assert "- `retries`: how often to try" in log.changes[0].markdown


def test_the_summary_of_an_entry_of_paragraphs_is_its_first():
    log = parse("""
        ## 0.8.0

        * Change class field behavior to match TypeScript 4.3

            TypeScript 4.3 includes a subtle breaking change in how fields are set.

        * Add a new way to inspect classes:

            `attrs.inspect(cls)` returns the parameters.
    """)
    assert [c.summary for c in log.changes] == [
        "Change class field behavior to match TypeScript 4.3",
        "Add a new way to inspect classes: attrs.inspect(cls) returns the parameters."]  # it leads on


def test_dependency_bumps_are_changes_labelled_dependencies():
    log = parse("""
        ## 2.0.0

        ### Patch Changes

        - Updated dependencies [[`abc1234`](https://github.com/o/r/commit/abc1234)]:
          - @scope/pkg@1.2.3
        - Bump lodash from 4.17.20 to 4.17.21 by @dependabot[bot] in https://github.com/o/r/pull/9
        - Fix a bug
        """)
    assert [("dependencies" in c.labels) for c in log.changes] == [True, True, False]


def test_doubts_are_reported():
    log = parse("""
        * see [the docs](https://example.org/docs)

        ## 1.1.0

        ## 1.0.0

        - x [link](https://example.org
        """)
    (source,) = log.files
    assert source.warnings == (
        "1 bullet before the first release heading, not read as changes (line 1)",
        "1 release without changes: 1.1.0 (line 3)",
    )


def test_bullets_before_the_first_release_are_what_is_not_released_yet():
    log = parse("""
        # Changelog

        All notable changes to this project are written here.

        *   Fix rounding of timestamp columns.

            *Jane Doe*

        *   Respect the database charset.

            *John Roe*

        ## Widget 1.0.0 (March 3, 2024) ##

        *   First release.
        """)
    assert [(r.version, r.unreleased) for r in log.releases] == [("Unreleased", True), ("1.0.0", False)]
    assert [(c.release.version, c.summary, c.authors) for c in log.changes] == [
        ("Unreleased", "Fix rounding of timestamp columns.", ("Jane Doe",)),
        ("Unreleased", "Respect the database charset.", ("John Roe",)),
        ("1.0.0", "First release.", ()),
    ]
    assert log.files[0].warnings == ()
    assert "Fix rounding" not in log.files[0].notes


def test_headings_above_bullets_before_the_first_release_name_their_sections():
    log = parse("""
        # Changelog

        ## Bug fixes

        - Fix the parser.

        ## 1.0.0

        - First release.
        """)
    assert [(c.release.version, c.section, c.summary) for c in log.changes] == [
        ("Unreleased", ("Bug fixes",), "Fix the parser."), ("1.0.0", (), "First release.")]


@pytest.mark.parametrize("preamble", [
    "- [1.0.0](#100)\n- [0.9.0](#090)\n",  # a table of contents
    "- <a href=\"#v1-0-0\">v1.0.0</a>\n",
    "- Docs: https://example.org/docs\n- [Home page](https://example.org)\n",  # links elsewhere
    "This project supports:\n\n- Linux\n- macOS\n",  # a list a sentence introduces
])
def test_lists_before_the_first_release_that_are_no_changes_stay_out(preamble):
    log = parse("# Changelog\n\n" + preamble + "\n## 1.0.0\n\n- First release.\n")
    assert per_release(log) == [("1.0.0", "First release.")]


def test_bullets_before_an_unreleased_heading_are_not_changes():
    log = parse("""
        - Breaking changes are marked with a warning sign.

        ## Unreleased

        - Add a thing.

        ## 1.0.0

        - First release.
        """)
    assert per_release(log) == [("Unreleased", "Add a thing."), ("1.0.0", "First release.")]
    assert log.files[0].warnings[0].startswith("1 bullet before the first release heading")


def test_a_changelog_without_release_headings_lists_what_is_not_released_yet():
    text = """
        *   Fix rounding of timestamp columns.

            *Jane Doe*

        Please check [7-1-stable](https://github.com/o/r/blob/7-1-stable/CHANGELOG.md) for previous changes.
        """
    log = parse(text)
    assert [(r.version, r.unreleased) for r in log.releases] == [("Unreleased", True)]
    assert [(c.summary, c.authors) for c in log.changes] == [("Fix rounding of timestamp columns.", ("Jane Doe",))]
    assert parse(text, "README.md").files[0].skipped  # not a changelog by its name: not read as one


@pytest.mark.parametrize("heading, unreleased", [
    ("v0.14.0-dev", True), ("2.3.0-SNAPSHOT", True),  # the version being worked on
    ("1.0.0.dev1", False), ("1.0.0-dev.3", False),  # development builds, published
])
def test_a_version_in_development_is_not_released_yet(heading, unreleased):
    assert release_heading(heading).unreleased is unreleased


def test_bullets_of_releases_over_their_changes_nested_in_them():
    log = parse("""
        # Changelog

        * **7.0.0** (2023-03-28)
          * *Breaking change:* Dropped Python 3.7 support
          * Added a flag

        * **6.12.0** (2023-03-16)
          * Fixed a typo

        * **1.1.8**
            * Readonly admin classes
        """, "CHANGES.md")
    assert [(r.version, r.date) for r in log.releases] == [("7.0.0", "2023-03-28"), ("6.12.0", "2023-03-16"),
                                                            ("1.1.8", "")]
    assert [(c.release.version, c.summary, "breaking" in c.flags) for c in log.changes] == [
        ("7.0.0", "Dropped Python 3.7 support", True), ("7.0.0", "Added a flag", False),
        ("6.12.0", "Fixed a typo", False), ("1.1.8", "Readonly admin classes", False)]


def test_patch_releases_a_level_below_their_minor_are_releases():
    log = parse("""
        # v2001.0.0 "A Kaboom Odyssey"

        - new API

        ### v2000.2.2

        - fixed docs

        ## v2000.2.0 "Fancy Text Mode"

        - added text modes

        ### 0.9.5 Release Candidate

        - first candidate
        """)
    assert [(r.version, r.prerelease) for r in log.releases] == [
        ("v2001.0.0", False), ("v2000.2.2", False), ("v2000.2.0", False), ("0.9.5 Release Candidate", True)]
    assert [c.release.version for c in log.changes] == [r.version for r in log.releases]


def test_a_version_and_a_date_to_come_head_what_is_not_released_yet():
    info = release_heading("[6.x.x] = 2022-xx-xx")
    assert (info.version, info.unreleased) == ("Unreleased", True)
    assert release_heading("1.2.x") is None  # a series, as "## 1.2.x" over "### 1.2.3" writes it


def test_headings_under_an_empty_kind_heading_are_its_changes_told_at_length():
    log = parse("""
        # 8.3.0 (2021-11-30)

        ### Bug fixes

        - Fix the panel. [#1](https://github.com/o/r/pull/1)

        ### Breaking changes

        ### Unified alerting is enabled by default for new installations

        Starting with 8.3.0, unified alerting is on. Issue [#42200](https://github.com/o/r/issues/42200)

        ### Keep Last State is upgraded to a new Error state

        Alert rules are now upgraded to `Error`.

        ### Deprecations

        - Drop the old API.
        """)
    assert [(c.section, c.summary, "breaking" in c.flags) for c in log.changes] == [
        (("Bug fixes",), "Fix the panel.", False),
        (("Breaking changes",), "Unified alerting is enabled by default for new installations", True),
        (("Breaking changes",), "Keep Last State is upgraded to a new Error state", True),
        (("Deprecations",), "Drop the old API.", False),
    ]
    assert "Starting with 8.3.0" in log.changes[1].markdown


def test_a_paragraph_leading_into_names_is_one_change_with_them():
    log = parse("""
        ## 8.3.0

        ### Deprecations

        The access mode "browser" is deprecated in these data sources:

        - Prometheus
        - InfluxDB
        - Elasticsearch Issue [#41938](https://github.com/o/r/issues/41938)

        - Remove the legacy API.
        """)
    assert [(c.summary, [r.label for r in c.refs]) for c in log.changes] == [
        ('The access mode "browser" is deprecated in these data sources: Prometheus; InfluxDB; Elasticsearch '
         "Issue #41938", ["r#41938"]),
        ("Remove the legacy API.", []),
    ]
    assert log.releases[0].sections[0].notes == ""


@pytest.mark.parametrize("bullets", [
    "- Fix the build\n- Add a flag\n",  # changes, not names
    "- [`CStr::count_bytes`](https://doc.example.org/a)\n- [`CStr::from_ptr`](https://doc.example.org/b)\n",
    "- `array` [#16936](https://github.com/o/r/pull/16936)\n- `if` [#16946](https://github.com/o/r/pull/16946)\n",
    "- Upgrade: Okio 3.15.\n- Upgrade: Kotlin 2.2.\n",
    "- Prometheus\n",  # one bullet: a change of its own
])
def test_bullets_after_a_paragraph_leading_into_them_stay_changes_when_they_are(bullets):
    log = parse("## 1.0.0\n\nHere is what changed:\n\n" + bullets)
    assert len(log.changes) == bullets.count("\n")
    assert log.releases[0].notes == "Here is what changed:"


# -- refs -------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "text, expected",
    [
        ("Fix it !1234", ["r!1234"]),
        ("[Add](gitlab-org/gitlab-pages@a0766fc3152993b320824d73055b903f624387f5) "
         "([merge request](gitlab-org/gitlab-pages!851))",
         ["gitlab-pages!851", "gitlab-pages@a0766fc3152993b320824d73055b903f624387f5"]),  # the MR first
        ("see https://gitlab.com/gitlab-org/security/gitlab-pages/-/merge_requests/59", ["gitlab-pages!59"]),
        ("see https://gitlab.com/group/project/merge_requests/7", ["project!7"]),
        ("see https://gitlab.example.org/a/b/-/issues/8", ["b#8"]),
        ("[x](https://gitlab.com/g/p/-/commit/0123abcd)", ["p@0123abcd"]),
        ("group/project!12 and org/repo#3", ["project!12", "repo#3"]),
        ("[c](https://www.github.com/o/r/commit/abcdef1) [#5](https://togithub.com/o/r/issues/5)",
         ["r#5", "r@abcdef1"]),
        ("[#1\u200b2](https://togithub.com/o/r/pull/12)", ["r#12"]),
        ("Fix (#555) (ab12cd3)", ["r#555", "r@ab12cd3"]),
        ("closes [Automattic/mongoose#3054](https://github.com/Automattic/mongoose/issues/3054) "
         "Automattic/mongoose#3054",
         ["mongoose#3054"]),
        ("Follow PEP 8, [PEP 440](https://peps.python.org/pep-0440/) and RFC 3986; fix CVE-2024-1234", []),
        ("(1234567) and (deadbeef) are no hashes", []),
        ("Wow!12 is no merge request", []),
    ],
)
def test_ref_forms_in_the_wild(text, expected):
    assert [ref.label for ref in find_refs(text, ("o", "r"))] == expected  # as GitLab and GitHub write them


def test_reference_links_resolve_through_their_definitions():
    log = parse("""
        # 0.3.4 (Dec 23, 2021)

        ### Fixed

        - **fmt**: Fixed a panic ([#1234])
        - **fmt**: Fixed another
          one ([#999][gh-999]) thanks to [Jane Doe]
        - Undefined [#77] is still a ref

        [#1234]: https://github.com/tokio-rs/tracing/pull/1234
        [gh-999]:
            https://github.com/tokio-rs/tracing/pull/999
        [jane doe]: https://github.com/jdoe
        """)
    assert [[r.url for r in c.refs] for c in log.changes] == [
        ["https://github.com/tokio-rs/tracing/pull/1234"],
        ["https://github.com/tokio-rs/tracing/pull/999"],
        ["https://github.com/tokio-rs/tracing/pull/77"],
    ]
    assert [c.summary for c in log.changes] == ["fmt: Fixed a panic", "fmt: Fixed another one",
                                                 "Undefined #77 is still a ref"]
    assert log.changes[1].authors == ("jdoe",)
    assert log.changes[0].labels == ("fmt",)


def test_bare_merge_requests_use_the_files_gitlab_project():
    log = parse("""
        ## 1.36.0 (2021-03-01)

        - [Add x](gitlab-org/gitlab-pages@a0766fc3152993b320824d73055b903f624387f5) by @feistel ([merge request](gitlab-org/gitlab-pages!851))

        ## 1.35.0

        - Fix for query strings !398 !415
        """)  # noqa: E501 - release notes as published
    assert [r.url for r in log.changes[1].refs] == [
        "https://gitlab.com/gitlab-org/gitlab-pages/-/merge_requests/398",
        "https://gitlab.com/gitlab-org/gitlab-pages/-/merge_requests/415"]
    assert (log.changes[0].summary, log.changes[0].authors) == ("Add x", ("feistel",))
    assert log.changes[1].summary == "Fix for query strings"


# -- authors and summaries -------------------------------------------------------------------

@pytest.mark.parametrize(
    "text, summary, authors",
    [
        ("Fix the thing (Jane Doe @jdoe)", "Fix the thing", ["jdoe"]),
        ("Fix the thing.\n\n    Fixes #123.\n\n    *Jane Doe*, *John Roe*", "Fix the thing.", ["Jane Doe", "John Roe"]),
        ("Make it faster. Thanks @jane!", "Make it faster.", ["jane"]),
        ("Bump x by @a in org/other-repo#9", "Bump x", ["a"]),
        (f"\\[[`21453ae555`]({GH}/nodejs/node/commit/21453ae555)] - **deps**: update gyp (Jane Roe) "
         f"[nodejs/node-gyp#123]({GH}/nodejs/node-gyp/pull/123)", "deps: update gyp", ["Jane Roe"]),
        ("#77 0a1b2c3 Thanks @someone! - Adds the option", "Adds the option", ["someone"]),
        (f"[#13254]({GH}/o/r/pull/13254) [`1e11f5e`]({GH}/o/r/commit/1e11f5e) "
         f"Thanks [@p0ly]({GH}/p0ly)! - Adds remote images",
         "Adds remote images", ["p0ly"]),
        ("94b34fa6: [fix] handle the error", "handle the error", []),  # the scope is a label
        ("**scope:** do it ([#12](https://github.com/o/r/issues/12)) "
         "([ab12cd3](https://github.com/o/r/commit/ab12cd3)), closes [#9](https://github.com/o/r/issues/9)",
         "scope: do it", []),
        ("Trailing ref (#4321).", "Trailing ref", []),
        ("Line one<br/>line two  \nline three\\\nfour", "Line one line two line three four", []),
        ("Keep <nil> as text", "Keep <nil> as text", []),
        ("Explain it:\n\n  ```rust\n  let x = 1;\n  ```\n\n  Done.", "Explain it: Done.", []),
    ],
)
def test_summaries_and_authors_in_the_wild(text, summary, authors):
    info = analyse(text, ("o", "r"))
    assert (info.summary, list(info.authors)) == (summary, authors)


def test_conventional_commit_types_and_scopes_are_labels():
    info = analyse("feat(parser)!: read front matter ([ab12cd3](https://github.com/o/r/commit/ab12cd3))")
    assert (info.labels, info.breaking) == (("feat", "parser"), True)


def test_cve_ids_are_labels_not_refs():
    info = analyse("Prevent open redirects [CVE-2021-22903]")
    assert (info.labels, info.refs) == (("CVE-2021-22903",), ())


# -- properties ----------------------------------------------------------------------------

_VERSION = st.tuples(st.integers(0, 99), st.integers(0, 99), st.integers(0, 99)).map(lambda t: "{}.{}.{}".format(*t))
_DATE = st.dates().filter(lambda d: d.year >= 1000).map(lambda d: d.isoformat())
_WRAP = st.sampled_from(["{v} ({d})", "[{v}](https://github.com/o/r/compare/a...b) ({d})",
                         "<small>{v} ({d})</small>", "v{v} - {d}", "Product {v} ({d})", "{v} / {d}",
                         "[{v}] - {d}"])


@settings(max_examples=200, deadline=None)
@given(_VERSION, _DATE, _WRAP)
def test_a_release_heading_names_its_version_and_date_however_it_is_wrapped(version, date, wrap):
    info = release_heading(wrap.format(v=version, d=date))
    assert info is not None and info.version.lstrip("v") == version and info.date == date


@settings(max_examples=200, deadline=None)
@given(_VERSION, st.sampled_from(["support", "installers", "is required", "or later", "compatibility"]))
def test_a_heading_with_words_after_its_version_is_not_a_release(version, words):
    assert release_heading(f"Python {version} {words}") is None


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 10**6), st.sampled_from(["github.com", "www.github.com", "togithub.com"]),
       st.sampled_from(["pull", "issues"]))
def test_every_github_host_gives_the_same_ref(number, host, kind):
    (ref,) = find_refs(f"([#{number}](https://{host}/o/r/{kind}/{number}))")
    assert (ref.repo, ref.number, ref.url) == ("r", str(number), f"https://github.com/o/r/{kind}/{number}")


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(["PEP", "RFC", "CVE-2024-", "pep", "ISO "]), st.integers(1, 99999))
def test_standards_numbers_are_never_refs(prefix, number):
    sep = "" if prefix.endswith(("-", " ")) else " "
    assert find_refs(f"Follow {prefix}{sep}{number} and [{prefix}{sep}{number}](https://example.org/{number})") == []


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="abc #!@<>/-*_`\n0123456789", max_size=80),
       st.sampled_from(["<br/>", "<br>", "<small>x</small>", "  \n", "\\\n"]))
def test_summaries_hold_no_formatting_tags_or_trailing_ref_clusters(text, html):
    summary = analyse("Fix " + text + html + "end ([#12](https://github.com/o/r/pull/12)) ([ab12cd3](https://github.com/o/r/commit/ab12cd3))").summary
    assert "<br" not in summary.lower() and "(#12)" not in summary and "ab12cd3" not in summary


# -- bullets that name a group of bullets -----------------------------------------------------

def test_a_bullet_that_names_its_nested_bullets_is_their_section():
    log = parse("""
        ## [1.21.1](https://example.org/releases/tag/1.21.1) - 2023-11-26

        * SECURITY
          * Fix comment permissions (#28213) (#28216)
          * Fix permission checks for private forks (#27549)
        * BUGFIXES
          * Fix RSS/Atom on repo (#28177)
        - **Bug fixes**
          - Fix the parser
        - Overall:
          - **breaking:** The router's type is always `Router`
            wherever it is made ([#404])
            - a detail of it
        - Fix a crash on start
    """)
    assert [(c.section, c.summary, c.line) for c in log.changes] == [
        (("SECURITY",), "Fix comment permissions", 4),
        (("SECURITY",), "Fix permission checks for private forks", 5),
        (("BUGFIXES",), "Fix RSS/Atom on repo", 7),
        (("Bug fixes",), "Fix the parser", 9),
        (("Overall",), "The router's type is always Router wherever it is made (#404); a detail of it", 11),
        ((), "Fix a crash on start", 14),
    ]
    assert [r.label for r in log.changes[0].refs] == ["#28213", "#28216"]
    assert log.changes[4].breaking and "breaking" in log.changes[4].labels
    assert [s.path for s in log.releases[0].sections] == [("SECURITY",), ("BUGFIXES",), ("Bug fixes",), ("Overall",)]


@pytest.mark.parametrize("text", [
    # a statement with its details, not a group
    "- The conformance tests:\n  - Services should serve endpoints\n  - Services should serve pods\n",
    "- Added support for:\n  - YAML\n  - TOML\n",
    "- Fix the parser when a file ends early (#12)\n  - it read past the end\n",
    # the bullet's own text goes on after the nested bullets (a lazy continuation)
    "- Conformance:\n  - Services should serve endpoints\n  were only checking the API objects.\n",
    # prose besides the nested bullets
    "- Security\n\n  Two fixes:\n\n  - Fix A\n",
])
def test_a_bullet_with_details_stays_one_change(text):
    log = parse("## 1.0.0\n\n" + text)
    assert len(log.changes) == 1 and log.changes[0].section == ()


@pytest.mark.parametrize("text, summary", [
    (f"📌 Pin Swagger UI to 5.9.0. PR [#10529]({GH}/o/r/pull/10529) by [@ale]({GH}/ale).",
     "Pin Swagger UI to 5.9.0."),
    ("Fix a crash (PR #12)", "Fix a crash"),
    ("Fix a crash (fixes #12)", "Fix a crash"),
    ("Fix a crash (closes #12, #13)", "Fix a crash"),
    ("Fix a crash (thanks to @jane)", "Fix a crash"),
    ("Fixed in PR #12", "Fixed in PR #12"),  # a word the sentence needs stays, and its ref with it
    ("Add a page for PR #12 and its review", "Add a page for PR #12 and its review"),
])
def test_words_that_lead_into_the_trailing_refs_go_with_them(text, summary):
    assert analyse(text, ("o", "r")).summary == summary


# -- changes told under headings of their own -----------------------------------------------

def test_a_heading_that_ends_with_refs_is_a_change_with_the_text_under_it_as_details():
    log = parse(f"""
        # 3.0.3

        [diff]({GH}/o/r/compare/3.0.2...3.0.3)

        ## Formatting

        #### Add `preferUnplugged: true` to `package.json` (#15169 by @fisker and @so1ve)

        Plugins are imported when they are used.

        #### Fix `--cache` with `--stdin-filepath` ([#15199]({GH}/o/r/pull/15199))

        ```sh
        # Input
        prettier --cache foo.js
        ```

        ##### Before

        - it failed

        ## Other

        - Faster start (#15200)

        # 3.0.2

        #### Keep comments in SCSS maps (#15152 by @auvred)
    """)
    assert [(c.release.version, c.section, c.summary, c.authors, [r.number for r in c.refs], c.line)
            for c in log.changes] == [
        ("3.0.3", ("Formatting",), "Add preferUnplugged: true to package.json", ("fisker", "so1ve"), ["15169"], 7),
        ("3.0.3", ("Formatting",), "Fix --cache with --stdin-filepath", (), ["15199"], 11),
        ("3.0.3", ("Other",), "Faster start", (), ["15200"], 24),
        ("3.0.2", (), "Keep comments in SCSS maps", ("auvred",), ["15152"], 28),
    ]
    assert log.changes[0].markdown == ("Add `preferUnplugged: true` to `package.json` (#15169 by @fisker and @so1ve)"
                                       "\n\nPlugins are imported when they are used.")
    details = log.changes[1].markdown.split("\n\n")
    assert details[1:] == ["```sh\n# Input\nprettier --cache foo.js\n```", "##### Before", "- it failed"]
    assert [s.path for s in log.releases[0].sections] == [("Formatting",), ("Other",)]


# -- changes as the rows of a table ----------------------------------------------------------

def test_the_rows_of_a_table_of_changes_are_changes():
    commit = f"{GH}/o/r/commit/82712f80dfc6aed2baf8d8f80c3552a6707c88ff"
    log = parse(f"""
        # 16.2.6 (2023-09-20)
        ### core
        | Commit | Type | Description |
        | -- | -- | -- |
        | [82712f80df]({commit}) | fix | ensure a consumer drops its producers ([#51722]({GH}/o/r/pull/51722)) |
        | [59387ee476]({GH}/o/r/commit/59387ee476) | feat | support `a \\| b` unions |
        ### router
        | Commit | Type | Description |
        | -- | -- | -- |
        | [73e4bf2ed2]({GH}/o/r/commit/73e4bf2ed2) | perf | faster route matching |

        ## Supported versions

        | Kubernetes | Calico |
        |------------|--------|
        | 1.27       | 3.26   |

        # 16.2.5

        | # | What it does | Who |
        |---|---|---|
        | #12 | Fix the parser when a file ends early | jdoe |
        | #13 | | mroe |
    """)
    assert [(c.release.version, c.section, c.summary, c.labels, [r.label for r in c.refs], c.authors, c.line)
            for c in log.changes] == [
        ("16.2.6", ("core",), "ensure a consumer drops its producers", ("fix",),
         ["r#51722", "r@82712f80dfc6aed2baf8d8f80c3552a6707c88ff"], (), 5),
        ("16.2.6", ("core",), "support a | b unions", ("feat",), ["r@59387ee476"], (), 6),
        ("16.2.6", ("router",), "faster route matching", ("perf",), ["r@73e4bf2ed2"], (), 10),
        ("16.2.5", (), "Fix the parser when a file ends early", (), ["r#12"], ("jdoe",), 22),
    ]
    versions_table = log.releases[0].sections[-1]
    assert versions_table.path == ("Supported versions",) and "| 1.27       | 3.26   |" in versions_table.notes


# -- issue trackers' keys ---------------------------------------------------------------------

@pytest.mark.parametrize("text, summary, refs, labels", [
    ("[`KT-58765`](https://youtrack.jetbrains.com/issue/KT-58765) K2: Exception in the provider",
     "K2: Exception in the provider", ["KT-58765"], ("K2",)),
    ("[SPARK-12345][SQL] Fix the planner", "Fix the planner", ["SPARK-12345"], ("SQL",)),
    ("[KAFKA-1234](https://issues.apache.org/jira/browse/KAFKA-1234) - Fix the consumer", "Fix the consumer",
     ["KAFKA-1234"], ()),
    ("Fix it ([JENKINS-123](https://issues.jenkins.io/browse/JENKINS-123))", "Fix it", ["JENKINS-123"], ()),
    # keys that are not issues: a link elsewhere, a CVE
    ("Names in [UTF-8](https://example.org/UTF-8)", "Names in UTF-8", [], ()),
    ("Fix [CVE-2023-1234](https://nvd.nist.gov/vuln/detail/CVE-2023-1234)", "Fix CVE-2023-1234", [],
     ("CVE-2023-1234",)),
])
def test_an_issue_trackers_keys_are_refs(text, summary, refs, labels):
    info = analyse(text, None)
    assert (info.summary, [r.label for r in info.refs], info.labels) == (summary, refs, labels)
    assert all(r.kind == "issue" for r in info.refs)


def test_an_empty_heading_names_no_section():
    log = parse("## 1.2.3 - 2024-01-01\n#\n- Fix the parser\n")
    assert [(c.section, c.summary) for c in log.changes] == [((), "Fix the parser")]


def test_bare_refs_point_into_the_repository_the_notes_link_to_when_no_ref_is_a_link():
    log = parse(f"""
        # 3.0.3

        [diff]({GH}/acme/widget/compare/3.0.2...3.0.3)

        - Fix the cache (#15199 by @fisker)

        # 3.0.2

        [diff]({GH}/acme/widget/compare/3.0.1...3.0.2)
    """)
    (change,) = log.changes
    assert [r.url for r in change.refs] == [f"{GH}/acme/widget/pull/15199"]
    assert log.releases[0].project == "widget"  # two links name it, as two links to PRs would


@pytest.mark.parametrize("text, summary, refs", [
    (f"Fix a panic when a job stops [[GH-5541]({GH}/o/r/pull/5541)]", "Fix a panic when a job stops",
     [("r#5541", "pr")]),
    (f"Fix the drain [[GH-4970]({GH}/o/r/issues/4970)]", "Fix the drain", [("r#4970", "issue")]),
    (f"Warn about PropTypes. ([@acdlite]({GH}/acdlite) in [#043845c]({GH}/o/r/commit/043845ce75ea0812))",
     "Warn about PropTypes.", [("r@043845ce75ea0812", "commit")]),
    ("Build artifacts only for PR (@eileen in #4286)", "Build artifacts only for PR", [("r#4286", "pr")]),
])
def test_refs_in_brackets_and_named_labels_are_cut_from_the_summary(text, summary, refs):
    info = analyse(text, ("o", "r"))
    assert (info.summary, [(r.label, r.kind) for r in info.refs]) == (summary, refs)


@pytest.mark.parametrize("text, summary, refs, labels", [
    (f"[#18780]({GH}/o/r/pull/18780) Prevent duplicate push", "Prevent duplicate push", ["r#18780"], ()),
    (f"[`e48badb03`]({GH}/o/r/commit/e48badb03aa) [#2148]({GH}/o/r/issues/2148) pack: do not show files",
     "pack: do not show files", ["r#2148", "r@e48badb03aa"], ("pack",)),
    ("Issue #2484 - Impossible to edit the chart name (#2485)", "Impossible to edit the chart name",
     ["r#2484", "r#2485"], ()),
    ("#12 and #13 were reverted", "#12 and #13 were reverted", ["r#12", "r#13"], ()),
])
def test_refs_that_open_an_entry_are_not_its_summary(text, summary, refs, labels):
    info = analyse(text, ("o", "r"))
    assert (info.summary, [r.label for r in info.refs], info.labels) == (summary, refs, labels)


@pytest.mark.parametrize("text, summary", [
    (f"build: keep the IIFE name (fix [#5490]({GH}/o/r/issues/5490)) ([#5715]({GH}/o/r/pull/5715))",
     "build: keep the IIFE name"),
    ("Handle responses with no content. (Pull #1827)", "Handle responses with no content."),
    ("See issue #12", "See issue #12"),  # the ref is what the sentence names
    (f"Fix the issue by @a in {GH}/o/r/pull/3", "Fix the issue"),  # a credit is never the sentence's
])
def test_more_words_lead_into_the_trailing_refs(text, summary):
    assert analyse(text, ("o", "r")).summary == summary


def test_one_link_to_another_projects_issue_does_not_take_the_bare_refs():
    log = parse(f"""
        ## v0.6.0 (10 September, 2015)

        See the [manual]({GH}/acme/lfs/blob/main/docs/man.md) and the [spec]({GH}/acme/lfs/blob/main/spec.md).

        * netrc support #715 (@rubyist)
        * Work around a Go bug [golang/go#11399]({GH}/golang/go/issues/11399)
    """)
    assert [[r.url for r in c.refs] for c in log.changes] == [
        [f"{GH}/acme/lfs/pull/715"], [f"{GH}/golang/go/issues/11399"]]


def test_headings_of_two_versions_and_of_the_branch_not_released_yet():
    log = parse("""
        ## main

        - Add a flag

        ## v1.0.0/v0.90.0

        - Stable at last

        ## v1.0.0-rcv0018/v0.89.0

        - Fix the receiver

        ## 0.10.1/0.9.7 (April 25th, 2018)

        - Fix the seal
    """)
    assert [(r.version, r.date, r.unreleased) for r in log.releases] == [
        ("Unreleased", "", True), ("v1.0.0/v0.90.0", "", False), ("v1.0.0-rcv0018/v0.89.0", "", False),
        ("0.10.1/0.9.7", "2018-04-25", False)]
    assert len(log.changes) == 4
    keys = [r.sort_key for r in log.releases[1:]]
    assert keys == sorted(keys, reverse=True)  # rcv0018 is a release candidate of 1.0.0


def test_short_titles_with_a_colon_head_sections_and_thanks_head_credits():
    log = parse("""
        ## Version 1.26.0 - 2022-06-22

        Features:

        * Add the QEMU driver (#14091)

        Bug Fixes:

        * Fix the tunnel on Windows (#14120)

        It contains:

        * Faster start (#14121)

        **The driver now supports ARM.**

        * Fix the mount (#14122)

        Thank you to our contributors for this release!

        - Anthony Nandaa
        - eiffel-fl (9 comments)

        ## Version 1.25.0 - 2022-05-22

        Thanks to @jane, who wrote most of it!

        * Fix the docs (#14123)
    """)
    assert [(c.section, c.summary) for c in log.changes] == [
        (("Features",), "Add the QEMU driver"), (("Bug Fixes",), "Fix the tunnel on Windows"),
        (("Bug Fixes",), "Faster start"), ((), "Fix the mount"), ((), "Fix the docs")]
    # (a sentence in bold names no section; as prose after the list, it ends the one of "Bug Fixes:")
    assert "Anthony Nandaa" in log.releases[0].sections[-1].notes


def test_highlights_are_changes_when_most_of_their_bullets_carry_refs():
    log = parse("""
        ## 24.1.0

        ### Highlights

        This release introduces the new 2024 stable style:

        - Dummy class bodies are formatted consistently (#9996)
        - Parentheses around `if`-`else` expressions (#2278)
        - And more besides

        ### Stable style

        - Fix a crash on a walrus (#4155)

        ## 23.12.0

        ### Highlights

        - A much faster start, see (#4100) for the details
        - Better messages
        - Clearer docs

        ### Fixes

        - Fix the cache (#4101)
    """)
    assert [(c.release.version, c.section, c.summary) for c in log.changes] == [
        ("24.1.0", ("Highlights",), "Dummy class bodies are formatted consistently"),
        ("24.1.0", ("Highlights",), "Parentheses around if-else expressions"),
        ("24.1.0", ("Highlights",), "And more besides"),
        ("24.1.0", ("Stable style",), "Fix a crash on a walrus"),
        ("23.12.0", ("Fixes",), "Fix the cache"),
    ]
    assert "2024 stable style" in log.releases[0].sections[0].notes
    assert "- Better messages" in log.releases[1].sections[0].notes


@pytest.mark.parametrize("text, summary, labels", [
    ("`[jest-worker]` Fix the pool (#1)", "Fix the pool", ("jest-worker",)),
    ("\\[`flake8-bugbear`\\] Add B909 (#2)", "Add B909", ("flake8-bugbear",)),
    ("[Drawer] Fix the close button (#3)", "Fix the close button", ("Drawer",)),
    ("[**BREAKING**] Drop Node 14", "Drop Node 14", ("BREAKING",)),
    ("[x] a task list's box", "a task list's box", ()),  # the box goes, and is no label
    ("[Drawer](https://example.org) is a link", "Drawer is a link", ()),
])
def test_a_scope_in_brackets_that_opens_an_entry_is_a_label(text, summary, labels):
    info = analyse(text, ("o", "r"))
    assert (info.summary, info.labels) == (summary, labels)


def test_a_table_of_things_described_is_not_a_table_of_changes():
    log = parse("""
        ## Version 5.0.0

        | Artifact                 | Package        | Description                       |
        |--------------------------|----------------|-----------------------------------|
        | okhttp3:mockwebserver3   | mockwebserver3 | Core module. No JUnit dependency! |

        | Description                           | Author |
        |---------------------------------------|--------|
        | Fix the proxy selector on Android     | jdoe   |
    """)
    assert [(c.summary, c.authors) for c in log.changes] == [("Fix the proxy selector on Android", ("jdoe",))]
    assert "mockwebserver3" in log.releases[0].notes


def test_a_longer_group_title_needs_changes_with_refs_below_it():
    log = parse(f"""
        ## v1.40.0

        - Removal of deprecated plugin options:
          - [#19123]({GH}/o/r/pull/19123) `outputs.amon` Remove the plugin
          - [#19124]({GH}/o/r/pull/19124) `inputs.sflow` Remove the plugin
        - Kubeadm now supports these flags:
          - `--dry-run`
          - `--config` ([#19125]({GH}/o/r/pull/19125))
        5. Misc.
           * Fix a memory leak
    """)
    assert [(c.section, c.summary) for c in log.changes] == [
        (("Removal of deprecated plugin options",), "outputs.amon Remove the plugin"),
        (("Removal of deprecated plugin options",), "inputs.sflow Remove the plugin"),
        ((), "Kubeadm now supports these flags: --dry-run; --config"),
        (("Misc",), "Fix a memory leak"),
    ]


def test_a_breaking_prefix_and_a_heading_that_only_dates_the_release():
    log = parse("""
        ## 1.0.0-beta.3

        ###### _Jul 29, 2017_

        - Breaking: Move `gzip` from `RequestBody` (#12)
        - BREAKING: don't inherit permissions by default (#13)
        - Fix the breaking test (#14)
    """)
    assert log.releases[0].date == "2017-07-29"
    assert [(c.section, c.breaking) for c in log.changes] == [((), True), ((), True), ((), False)]


@pytest.mark.parametrize("text, breaking", [
    ("This is a breaking change: the flag is gone.", True),
    ("It could be a breaking change in very rare edge cases.", True),  # a warning still warns
    ("SemVer: Adding `#[non_exhaustive]` on existing items is a breaking change.", True),
    ("Rather than make a breaking change to allow `file`, we add `preserve`.", False),
    ("Reintroduce classes to minimize the impact of the breaking change", False),
    ("Revert previous breaking change", False),
    ("This feature was an unintentional breaking change introduced with API 1.5.0", False),
    ("Partially revert the API breaking change in 0.23.1.", False),
    ("Non-breaking change: a new option", False),
    ("**BREAK** separated color and opacity", True),  # a break mark in capitals
    ("BREAK: drop the old API", True),
    ("**Breaking changes** in the API are listed below", True),
])
def test_breaking_change_said_of_the_change_not_of_one_it_avoids_or_reverts(text, breaking):
    assert analyse(text).breaking is breaking


@pytest.mark.parametrize("remote, label, url", [
    ("git@github.com:cilium/cilium.git", "cilium#123", f"{GH}/cilium/cilium/pull/123"),
    ("https://gitlab.com/group/sub/widget.git", "widget#123", "https://gitlab.com/group/sub/widget/-/issues/123"),
    ("/srv/mirror/project.git", "#123", "#123"),  # not a forge, nor upstream: the refs stay bare
])
def test_bare_refs_of_notes_in_a_checkout_are_its_remotes(tmp_path, remote, label, url):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config").write_text(
        f'[core]\n\tbare = false\n[remote "jane"]\n\turl = https://github.com/jane/fork.git\n'
        f'[remote "origin"]\n\turl = {remote}\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n')
    (tmp_path / "docs").mkdir()
    notes = tmp_path / "docs" / "CHANGELOG.md"
    notes.write_text("# Changelog\n\n## 1.2.0 (2024-01-01)\n\n- Fix the thing (#123)\n")
    from explorer.parse import read_file
    log = read_file(str(notes))
    ref = log.changes[0].refs[0]
    assert (ref.label, ref.url) == (label, url)
    if label != "#123":
        assert log.files[0].project == remote.rstrip("/").rsplit("/", 1)[1].removesuffix(".git")


def test_a_forks_checkout_names_the_upstream_repository(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config").write_text(
        '[remote "origin"]\n\turl = git@github.com:jane/widget.git\n'
        '[remote "upstream"]\n\turl = https://github.com/acme/widget\n')
    notes = tmp_path / "CHANGES.md"
    notes.write_text("## 1.2.0\n\n- Fix the thing (#123)\n")
    from explorer.parse import read_file
    assert read_file(str(notes)).changes[0].refs[0].url == f"{GH}/acme/widget/pull/123"


@pytest.mark.parametrize("text, summary, refs", [
    # antsibull-changelog escapes every punctuation mark, in the text and in the link's target
    (r"install role \- fix <code>sops\_x\=latest\-release</code>\, which broke it \([https\://github\.com/"
     r"ansible\-collections/community\.sops/pull/151](https\://github\.com/ansible\-collections/community\.sops"
     r"/pull/151)\)\.", "install role - fix sops_x=latest-release, which broke it", ["community.sops#151"]),
    ("Fix the `\\\"wal\\\"` dir error", 'Fix the \\"wal\\" dir error', []),  # code keeps its backslashes
    ("Close tabs (e.g. <kbd>Ctrl+W</kbd>, <kbd>Command+,</kbd>)", "Close tabs (e.g. Ctrl+W, Command+,)", []),
    ("Line one<br>line two", "Line one line two", []),
    # a cut inside parentheses takes a short lead with the refs, and keeps a longer remark whole
    (r"replaced ssize_t with auto \(addresses \#204\) [\#205]" f"({GH}/nlohmann/json/pull/205) ([jo]({GH}/jo))",
     "replaced ssize_t with auto", ["#204", "json#205"]),
    (f"Add mixed paths (port of httprouter[#329]({GH}/gin-gonic/gin/pull/329)) ([#2663]({GH}/gin-gonic/gin/pull/2663))",
     "Add mixed paths (port of httprouter#329)", ["gin#329", "gin#2663"]),
])
def test_escapes_inline_tags_and_a_cut_inside_parentheses(text, summary, refs):
    info = analyse(text)
    assert (info.summary, [r.label for r in info.refs]) == (summary, refs)


@pytest.mark.parametrize("text, summary, authors, breaking", [
    (f"fix: fetch is missed [#14192]({GH}/apache/datafusion/pull/14192) (xudong963)", "fix: fetch is missed",
     ["xudong963"], False),
    (f"chore: bump x [#14200]({GH}/apache/datafusion/pull/14200) (dependabot[bot])", "chore: bump x",
     ["dependabot[bot]"], False),
    ("Fix the parser #12 (v2)", "Fix the parser #12 (v2)", [], False),  # a version, not a handle
    ("[BC] All shaped arrays are now sealed by default", "All shaped arrays are now sealed by default", [], True),
    ("BC Break: the minimum PHP version is 8.1", "BC Break: the minimum PHP version is 8.1", [], True),
    ("BREAKING CHANGE: `CameraValue.aspectRatio` now returns width / height",
     "CameraValue.aspectRatio now returns width / height", [], True),
    ("**Breaking change**. Migrate to AndroidX.", "Migrate to AndroidX.", [], True),
    ("[fixed] **Breaking change:** Fixed an ObjC-to-Swift bridge", "Fixed an ObjC-to-Swift bridge", [], True),
    ("breaking: require SvelteKit 3", "breaking: require SvelteKit 3", [], True),  # a kind, as "feat:" is
    # words after "by" or "via" that name no one, and words with digits that are versions or platforms
    ("Add flag (#12 via API)", "Add flag (#12 via API)", [], False),
    ("Add flag (#12 by request)", "Add flag (#12 by request)", [], False),
    ("Add flag (#12, reported by users)", "Add flag (#12, reported by users)", [], False),
    (f"Add thing ([#2887 by hand]({GH}/o/r/pull/2887))", "Add thing (#2887 by hand)", [], False),
    ("Build for Apple chips (#12) (arm64)", "Build for Apple chips (#12) (arm64)", [], False),
    ("Support it (#12) (Python3)", "Support it (#12) (Python3)", [], False),
    (f"Fix startup [#12]({GH}/o/r/pull/12) (rkrishn7)", "Fix startup", ["rkrishn7"], False),
    # a negation that qualifies something else leaves the breaking change said
    ("Unknown options are no longer ignored (breaking change)", "Unknown options are no longer ignored", [], True),
    ("Removed `baz` to prevent confusion (breaking change)", "Removed baz to prevent confusion", [], True),
    ("The impact of this breaking change is limited to plugins",
     "The impact of this breaking change is limited to plugins", [], True),
    ("Break: fix debugger break on exception", "Break: fix debugger break on exception", [], False),
    ("{{ version }} is now shown in the footer", "{{ version }} is now shown in the footer", [], False),
    ("Fix matching of\n\\- literal dash", "Fix matching of - literal dash", [], False),
])
def test_handles_ending_in_digits_backward_compatibility_breaks_and_breaking_marks(text, summary, authors, breaking):
    info = analyse(text)
    assert (info.summary, list(info.authors), info.breaking) == (summary, authors, breaking)


def test_a_bullet_that_dates_its_release_and_a_release_that_says_it_changes_nothing():
    log = parse("""
        ## Release v1.2.0 (Beta)
        - **Released:** 2016-05-17
        - Added tabs

        ## 0.15.3 — 2022-10-30

        _This version does not introduce any user-facing changes._

        ## 0.14.0
        * Release date: `2022-02-13`
        * Fixed a crash
        """)
    assert [(r.version, r.date) for r in log.releases] == [("v1.2.0 Beta", "2016-05-17"), ("0.15.3", "2022-10-30"),
                                                             ("0.14.0", "2022-02-13")]
    assert [(c.release.version, c.summary) for c in log.changes] == [("v1.2.0 Beta", "Added tabs"),
                                                                    ("0.14.0", "Fixed a crash")]


def test_releases_one_level_below_an_unreleased_heading_are_releases():
    log = parse("""
        # Unreleased
        ## [21.x.x]
        ### Changed
        - Drop PHP 7.4

        # Releases
        ## [21.2.0-beta3] - 2023-04-16
        ### Fixed
        - Fix the feed update

        ## [21.1.0] - 2023-03-20
        ### Added
        - Add folders
        """)
    assert [(r.version, r.date) for r in log.releases if r.version != "Unreleased"] == [
        ("21.2.0-beta3", "2023-04-16"), ("21.1.0", "2023-03-20")]
    assert [(c.release.version, c.section, c.summary) for c in log.changes][-2:] == [
        ("21.2.0-beta3", ("Fixed",), "Fix the feed update"), ("21.1.0", ("Added",), "Add folders")]


def test_a_heading_that_repeats_its_releases_version_is_no_section():
    log = parse("""
        # Apache Log4j 2.11.1 Release Notes

        ## GA Release 2.11.1 (2018-07-22)

        ### Fixed Bugs
        * [LOG4J2-2032](https://issues.apache.org/jira/browse/LOG4J2-2032): Curly braces are not placeholders.
        """)
    assert [(r.version, r.date) for r in log.releases] == [("2.11.1", "2018-07-22")]
    assert [c.section for c in log.changes] == [("Fixed Bugs",)]


@pytest.mark.parametrize("line, title", [
    ("Bug fixes and documentation updates:", "Bug fixes and documentation updates"),
    ("New Features and Improvements:", "New Features and Improvements"),
    ("This release adds and removes:", None),  # a sentence leading into a list
])
def test_a_colon_line_of_several_kinds_of_change_is_a_section(line, title):
    from explorer.parse.rules import section_marker
    assert section_marker(line) == title


def test_a_package_heading_above_its_releases_names_their_project():
    log = parse("""
        # Changelog

        ## ethers-core

        ### Unreleased
        - Add abigen support for hardhat

        ### 0.6.0
        - Bump k256

        ## ethers-solc

        ### 0.6.0
        - Add a cache
        """)
    assert [(r.project, r.version) for r in log.releases] == [
        ("ethers-core", "Unreleased"), ("ethers-core", "0.6.0"), ("ethers-solc", "0.6.0")]
    assert [c.section for c in log.changes] == [(), (), ()]
    plain = parse("## Features\n\n### 1.0.0\n- A\n\n## Bug fixes\n\n### 0.9.0\n- B\n")
    assert {r.project for r in plain.releases} == {plain.files[0].project}  # kinds of change name no package


def test_headings_that_open_with_their_ref_are_changes_and_end_the_heading_before():
    log = parse("""
        ## Release 0.18

        ### feat: provide a trace of all API calls.

        A new option traces calls.

        ### feat: [#322](https://github.com/simulot/immich-go/issues/322) Add -version to get the version
        The option `-version` returns the version of the executable.

        ### [Pull request #1054:](https://github.com/junit-team/junit/pull/1054) Improved error message
        for `assertArrayEquals`.
        """)
    got = [(c.section, c.summary, [r.number for r in c.refs]) for c in log.changes]
    assert got == [((), "feat: #322 Add -version to get the version", ["322"]),
                   ((), "Improved error message", ["1054"])]


@pytest.mark.parametrize("line, title", [
    ("`tf.function`/AutoGraph:", "tf.function/AutoGraph"),
    ("tf.data / tf.distribute:", "tf.data / tf.distribute"),
    ("C++ API:", "C++ API"),
    ("Added support for:", None),
    ("The conformance tests:", None),
    ("Build, packaging, and testing", "Build, packaging, and testing"),  # a list of what the group is about
    ("Windows, macOS & Linux:", "Windows, macOS & Linux"),
    ("Fix crash, update deps and clean up", None),  # a change that says three things
    ("Faster startup, smaller binaries and fewer allocations", None),  # phrases, not names
    ("Thanks Alice, Bob and Carol", None),
    ("Foo, bar", None),
])
def test_a_bullet_that_names_components_over_its_nested_changes(line, title):
    from explorer.parse.rules import group_title
    assert group_title(line) == title


@pytest.mark.parametrize("text, labels", [
    ("Add CachePolicy: cache-aside pattern, with pluggable providers.", []),
    ("Fix bug: DLQ messages were lost", []),
    ("New defaults: the timeout is 30 s", []),
    ("IOException: startIndex (0) > endIndex (-1) when reading", []),
    ("NoClassDefFoundError: org/apache/commons/x", []),
    ("Bug fix: the timeout is honoured", ["Bug fix"]),  # a kind
    ("Fix: the timeout is honoured", ["Fix"]),
    ("Timeout policy: allows timing out any execution", ["Timeout policy"]),  # a component, perhaps
    ("Supported platforms: Add linux/s390x", ["Supported platforms"]),  # a participle names a part
])
def test_a_verb_and_its_object_or_an_errors_name_before_a_colon_is_no_component(text, labels):
    assert list(analyse(text).labels) == labels


def test_anchors_after_headings_language_tags_issues_escaped_and_patch_releases_under_their_minor():
    log = parse("""
        ## Version 2.4: Unicode and TOML support

        ### Version 2.4.1: Missing header {#v2-4-1}

        #### Bug fixes {#fixes}
        - [C++] Allow string_view (#8203)
        - Fixed Issue \\#171 - added overloads

        ### Version 2.4.0

        - Add TOML
        """)
    assert [r.version for r in log.releases] == ["2.4.1", "2.4.0"]  # "2.4" heads its series, no release
    first = log.changes[0]
    assert (first.release.version, first.section, first.summary, first.labels) == (
        "2.4.1", ("Bug fixes",), "Allow string_view", ("C++",))
    assert log.changes[1].refs[0].kind == "issue"


@pytest.mark.parametrize("text, labels, breaking", [
    ("Breaking Bug Fix: Variable types must align exactly", [], True),
    ("rebar/52: [Slim release support](https://github.com/rebar/rebar/pull/52)", [], False),  # a ref, no part
])
def test_a_breaking_kind_and_a_ref_before_a_colon(text, labels, breaking):
    info = analyse(text)
    assert (list(info.labels), info.breaking) == (labels, breaking)


def test_a_change_over_bullets_that_only_credit_it_is_one_change():
    log = parse("""
        ## 2.17.0 - 2022-01-18

        ### Features
        - Add warning for mutable `rev` in configuration
            - #1715 PR by @paulhfischer.
            - #974 issue by @asottile.
        - Add --no-allow-missing-config option to init-templatedir
            - #1539 PR by @singergr.
        """)
    got = [(c.section, c.summary, [(r.label, r.kind) for r in c.refs], list(c.authors)) for c in log.changes]
    assert got == [
        (("Features",), "Add warning for mutable rev in configuration", [("#1715", "pr"), ("#974", "issue")],
         ["paulhfischer", "asottile"]),
        (("Features",), "Add --no-allow-missing-config option to init-templatedir", [("#1539", "pr")], ["singergr"]),
    ]


def test_front_matter_after_a_blank_line_placeholders_for_the_next_version_and_refs_joined_by_and():
    log = parse("""

        ---
        date: 2019-10-21
        title: "0.59.0"
        ---

        * Add the thing [#460][] and [#470][]: no, the refs open the next one
        """, "docs/news/0.59.0-relnotes/index.md")
    assert [(r.version, r.date) for r in log.releases] == [("0.59.0", "2019-10-21")]
    assert [c.section for c in log.changes] == [()]
    for title in ("Pending", "Not released yet", "Important Changes in 0.X.Y"):
        assert release_heading(title).unreleased, title
    assert analyse("[#460][] and [#470][]: Support errors produced by multierr.").summary == (
        "Support errors produced by multierr.")
    assert analyse("#12 and #13 were reverted").summary == "#12 and #13 were reverted"


def test_headings_the_new_rules_must_leave_as_they_were(tmp_path):
    log = parse("""
        ## 2.0.0 - 2024-02-01
        ### Main changes
        - Rewrote the parser (#10)
        ### Development
        - Fix crash (#11)
        ### #1 priority: speed
        - Faster
        ### Note: #12 is still open

            <h2>3.0.0</h2>
        """)
    assert [r.version for r in log.releases] == ["2.0.0"]
    assert [c.section for c in log.changes] == [("Main changes",), ("Development",), ("#1 priority: speed",)]
    groups = parse("## ethers-core\n\n### 1.0.0\n- a\n\n## Older releases\n\n### 0.9.0\n- b\n")
    assert [r.project for r in groups.releases] == ["ethers-core", groups.files[0].project]
    from explorer.parse.rules import group_title
    assert group_title("Add `--verbose` flag:") is None
    vendored = tmp_path / "app" / "node_modules" / "leftpad"
    vendored.mkdir(parents=True)
    (tmp_path / "app" / ".git").mkdir()
    (tmp_path / "app" / ".git" / "config").write_text('[remote "origin"]\n\turl = git@github.com:me/app.git\n')
    (vendored / "CHANGELOG.md").write_text("# 1.0.0\n- Fix crash (#12)\n")
    from explorer.parse import read_file
    assert read_file(str(vendored / "CHANGELOG.md")).changes[0].refs[0].url == "#12"


@pytest.mark.parametrize("text, summary, refs, authors, breaking", [
    ("**bindings**: Convert node bindings to NAPI (<https://github.com/tree-sitter/tree-sitter/pull/3077>)",
     "bindings: Convert node bindings to NAPI", ["tree-sitter#3077"], [], False),
    ("Added [`table.cell`] element for per-cell configuration", "Added table.cell element for per-cell configuration",
     [], [], False),
    (f"@Gankra [add --hosting flag to init]({GH}/axodotdev/cargo-dist/pull/668)", "add --hosting flag to init",
     ["cargo-dist#668"], ["Gankra"], False),
    ("Korean text can use emphasis\n  (**Breaking change**)", "Korean text can use emphasis", [], [], True),
    (f"Fix keys (#1668, fixes #1386) <{GH}/ocaml/merlin/issues/1386>", "Fix keys", ["#1668", "merlin#1386"], [], False),
])
def test_autolinks_rustdoc_names_a_handle_before_its_pr_and_a_closing_breaking_mark(text, summary, refs, authors,
                                                                                      breaking):
    info = analyse(text)
    assert (info.summary, [r.label for r in info.refs], list(info.authors), info.breaking) == (
        summary, refs, authors, breaking)


@pytest.mark.parametrize("text, summary, authors", [
    ("service: use WithNamespace (#8988)\nUsing this makes it easier to test.", "service: use WithNamespace", ()),
    ("[core] Reduce the bundle size (#7306) @oliviertassinari\nChange the colors location.",
     "Reduce the bundle size", ("oliviertassinari",)),
    ("JIT: Optimize the selector (#4850)\n\nThis makes it much faster.", "JIT: Optimize the selector", ()),
    ("Removed the old grammar (#509)\nas it was unused.", "Removed the old grammar (#509) as it was unused.", ()),
])
def test_a_title_line_with_its_refs_over_details_is_the_summary(text, summary, authors):
    info = analyse(text, ("o", "r"))
    assert (info.summary, info.authors) == (summary, authors)


@pytest.mark.parametrize("text", [
    "# Changes by Version\n\n## v1.46.0 (2023-06-05)\n\n- Fix it\n",  # "by" names nothing
    "## main\n\n- Add a flag\n\n## 29.7.0\n\n- Fix it\n",  # nor the branch of what is unreleased
])
def test_words_that_name_no_project(text):
    log = parse_text(text, "/notes/widget/CHANGELOG.md")
    assert {r.project for r in log.releases} == {"widget"}  # its folder names it


def test_a_change_over_changes_with_refs_of_their_own_is_one_beside_each():
    log = parse("""
        ## v0.6.0

        * Add `git lfs fetch` for downloading objects. #527 (@sinbad)
          * Add `remote` arg, and default to tracking remote #583 (@sinbad)
          * Support fetching multiple refs #542 (@sinbad)
        * Support a proxy (#600)
          * over HTTP
          * and over HTTPS
    """)
    assert [(c.summary, [r.number for r in c.refs], c.line) for c in log.changes] == [
        ("Add git lfs fetch for downloading objects.", ["527"], 3),
        ("Add remote arg, and default to tracking remote", ["583"], 4),
        ("Support fetching multiple refs", ["542"], 5),
        ("Support a proxy", ["600"], 6),
    ]


def test_releases_written_as_lines_when_no_heading_is_one():
    log = parse("""
        v1.10.1 - November 20, 2015

        * Fix: Revert freezing context object (refs #4495) (Nicholas C. Zakas)

        v1.10.0 - November 20, 2015

        * Docs: Remove dupes from changelog (Nicholas C. Zakas)
        * New: Add the `no-useless-concat` rule (fixes #4100) (Ian VanSchooten)
    """)
    assert [(r.version, r.date) for r in log.releases] == [("v1.10.1", "2015-11-20"), ("v1.10.0", "2015-11-20")]
    assert [(c.release.version, c.line) for c in log.changes] == [("v1.10.1", 3), ("v1.10.0", 7), ("v1.10.0", 8)]
    assert log.files[0].release_levels == (7,)  # "lines"


def test_one_dated_line_among_prose_is_no_release():
    log = parse_text("Our plans\n\nv2.0.0 - May 2, 2024 was the last one.\n\n- Something\n", "/notes/plans.md")
    assert log.files[0].skipped


def test_toml_front_matter_names_and_dates_the_release():
    log = parse_text('+++\ntitle = "CoreDNS-1.11.0 Release"\ndate = "2023-07-25T00:00:00+00:00"\n+++\n\n'
                     "## Plugins\n\n* Fix the cache plugin (#6111)\n", "/notes/coredns/notes.md")
    assert [(r.version, r.date) for r in log.releases] == [("1.11.0", "2023-07-25")]
    assert [(c.section, c.summary) for c in log.changes] == [(("Plugins",), "Fix the cache plugin")]


@pytest.mark.parametrize("text, summary, refs, authors, labels", [
    (f"Log resolved targets - [Details]({GH}/o/r/pull/8254)", "Log resolved targets", ["r#8254"], (), ()),
    (f"Updated SWC. - [Details]({GH}/o/r/pull/7886) + [Details]({GH}/o/r/pull/7931)", "Updated SWC.",
     ["r#7886", "r#7931"], (), ()),
    ("Fix --owner parsing, see #1163 and #1164 (@tmccombs)", "Fix --owner parsing",
     ["r#1163", "r#1164"], ("tmccombs",), ()),
    (f"Windows support ([#117]({GH}/o/r/pull/117) / [#119]({GH}/o/r/pulls/119))", "Windows support",
     ["r#117", "r#119"], (), ()),
    (f"[#6530]({GH}/o/r/pull/6530) / [#6690]({GH}/o/r/pull/6690) Query: Add flags", "Query: Add flags",
     ["r#6530", "r#6690"], (), ("Query",)),
    (f"[BUG #3194]({GH}/o/r/issues/3194):\n Fix a regression", "Fix a regression", ["r#3194"], (), ()),
    ("Fix the check for blinker fixes #858", "Fix the check for blinker fixes #858", ["r#858"], (), ()),
    (f"Fix a bug in mode [[GH-6332]({GH}/o/r/pull/6332)", "Fix a bug in mode", ["r#6332"], (), ()),
    ("Added a post-\n  processor", "Added a post-processor", [], (), ()),
    ("*(help)* Clarified the argument", "Clarified the argument", [], (), ("help",)),
])
def test_more_decorations_of_the_wild(text, summary, refs, authors, labels):
    info = analyse(text, ("o", "r"))
    assert (info.summary, [r.label for r in info.refs], info.authors, info.labels) == (summary, refs, authors, labels)


def test_more_headings_of_the_wild():
    log = parse(f"""
        ## Latest Changes

        - Add a flag

        ## 2023.12.1 (2024-02-04)

        - Fix the lock

        ## 2.9.0 [See full changelog](https://gist.github.com/a/b)

        FEATURES

        - Add the week plugin

        ## [v0.32.5]({GH}/o/r/tree/release-0.32) - 18.10.2023

        ### Fixed (69 changes, 23 of them are from the community)

        - BREAKING – `options.transform` is gone

        ### Contributors to this release

        - [Dmitriy](https://github.com/dm)

        ### ❤️  Contributors

        - Pooya Parsa
    """)
    assert [(r.version, r.date) for r in log.releases] == [
        ("Unreleased", ""), ("2023.12.1", "2024-02-04"), ("2.9.0", ""), ("v0.32.5", "2023-10-18")]
    assert [(c.release.version, c.section, c.breaking) for c in log.changes] == [
        ("Unreleased", (), False), ("2023.12.1", (), False), ("2.9.0", ("FEATURES",), False),
        ("v0.32.5", ("Fixed",), True)]


def test_groups_nested_deeper_and_with_a_few_bullets_without_refs():
    log = parse("""
        ## 0.60.3

        - Bug fixes and improvements
            - [fish] Enable multiple history commands (#4280) (@bitraid)
            - [walker] Append '/' to directory entries (#4281)
            - Fix the preview window on Windows
        * incompatible changes
            * [#1761](https://github.com/o/r/issues/1761): moments created without a language
    """)
    assert [(c.section, c.summary, c.labels) for c in log.changes] == [
        (("Bug fixes and improvements",), "Enable multiple history commands", ("fish",)),
        (("Bug fixes and improvements",), "Append '/' to directory entries", ("walker",)),
        (("Bug fixes and improvements",), "Fix the preview window on Windows", ()),
        (("incompatible changes",), "moments created without a language", ()),
    ]
    assert log.changes[-1].breaking  # its section says so


@pytest.mark.parametrize("text, summary, refs, authors, breaking", [
    (f"Fix a crash in admin ([ClearlyClaire]({GH}/o/r/pull/25796))", "Fix a crash in admin", ["r#25796"],
     ("ClearlyClaire",), False),
    (f"Upgrade to [webpack]({GH}/o/r/pull/12)", "Upgrade to webpack", ["r#12"], (), False),  # no credit
    (f"Add logging options. ({GH}/o/r/pull/6243, {GH}/inteon)", "Add logging options.", ["r#6243"], ("inteon",),
     False),
    (f"Supply the args.  `#6006 <{GH}/o/r/issues/6006>`_", "Supply the args.", ["r#6006"], (), False),
    ("⚠️ BREAKING ⚠️: If you deploy with helm", "⚠️ BREAKING ⚠️: If you deploy with helm", [], (), True),
    ("Store: *breaking :warning:* Add a tenant label", "Store: Add a tenant label", [], (), True),
    ("NON-BREAKING tweak", "NON-BREAKING tweak", [], (), False),
])
def test_credits_and_flags_of_the_wild(text, summary, refs, authors, breaking):
    info = analyse(text, ("o", "r"))
    assert (info.summary, [r.label for r in info.refs], info.authors, info.breaking) == (summary, refs, authors,
                                                                                        breaking)


def test_a_first_line_that_is_only_a_version_names_the_one_release():
    log = parse_text("v7.0.0-alpha.2\n## What's Changed\n* fetch: fix the order by @tsctx in "
                     f"{GH}/nodejs/undici/pull/3343\n", "/notes/body.md")
    assert [r.version for r in log.releases] == ["v7.0.0-alpha.2"]
    assert [(c.section, c.summary, c.authors) for c in log.changes] == [(("What's Changed",), "fetch: fix the order",
                                                                         ("tsctx",))]


def test_an_underlined_heading_right_after_a_bullet_is_a_release():
    log = parse("""
        2023.12.1 (2024-02-04)
        ======================

        - Fix the lock (#6079)
        2023.12.0 (2024-02-01)
        ======================

        - Fix the cache (#6080)
    """)
    assert [(c.release.version, c.summary) for c in log.changes] == [
        ("2023.12.1", "Fix the lock"), ("2023.12.0", "Fix the cache")]


@pytest.mark.parametrize("text, summary", [
    ("Fix the parser (#2687, #4032, see also #3977)", "Fix the parser"),
    ("Fix the cache, see #12", "Fix the cache"),  # a pointer to the ref, which the refs hold
])
def test_see_also_among_trailing_refs(text, summary):
    assert analyse(text, ("o", "r")).summary == summary


@pytest.mark.parametrize("text, summary", [
    (f"Add Flake8 linting. Original PR [#1774]({GH}/o/r/pull/1774) by [@jane]({GH}/jane).", "Add Flake8 linting."),
    (f"Own config commands.\n\n  PR: [#5829]({GH}/o/r/pull/5829)\n  Related issue: [#5621]({GH}/o/r/issues/5621)",
     "Own config commands."),
    ("Fix the thing. Related PR: #12", "Fix the thing."),
    ("Fix the original PR #12 regression", "Fix the original PR #12 regression"),  # the sentence's own words
])
def test_a_qualified_pointer_to_the_ref_leaves_the_summary(text, summary):
    assert analyse(text, ("o", "r")).summary == summary


@pytest.mark.parametrize("text, summary, labels", [
    ("`[ -v foo ]` no longer warns when foo is unset", "[ -v foo ] no longer warns when foo is unset", ()),
    ("Warn about arrays in `[`/`[[`", "Warn about arrays in [/[[", ()),  # code keeps what ends it
    ("Quote `-exec ... \\;`", "Quote -exec ... \\;", ()),
    ("`[jest-config, jest-types]` Fix it", "Fix it", ("jest-config", "jest-types")),
])
def test_code_is_never_cut_into_tags_or_glue(text, summary, labels):
    info = analyse(text, ("o", "r"))
    assert (info.summary, info.labels) == (summary, labels)


@pytest.mark.parametrize("text, summary", [
    ("Render whitespace\n  - ![image](https://example.org/a.png)", "Render whitespace"),  # a pasted screenshot
    ("Sticky header\n  - Useful in long code\n  - ![Screenshot 2023-01-01](https://example.org/a.png)\n"
     "  - Click to jump", "Sticky header; Useful in long code; Click to jump"),
    ('Add sprite "bean" ![bean](https://example.org/bean.png)', 'Add sprite "bean" bean'),  # an image says its alt text
])
def test_a_pasted_screenshot_says_nothing_in_a_summary(text, summary):
    assert analyse(text).summary == summary


@pytest.mark.parametrize("text, summary, refs", [
    # refs that open an entry, set apart by a bar or ended by a semicolon
    (f"[#1566]({GH}/o/r/pull/1566)|[#1568]({GH}/o/r/pull/1568): Use a separate colour", "Use a separate colour",
     ["r#1566", "r#1568"]),
    (f"[#1244]({GH}/o/r/pull/1244); Prettier plugin panel", "Prettier plugin panel", ["r#1244"]),
    # a line of refs over the text that tells the change
    (f"[#1425]({GH}/o/r/pull/1425), [#1412]({GH}/o/r/pull/1412).\n\n  Run more fuzzers in CI.",
     "Run more fuzzers in CI.", ["r#1425", "r#1412"]),
    # numbered lines are no refs
    (f"typo fix line #856 and #920 [#5194]({GH}/o/r/pull/5194)", "typo fix line #856 and #920", ["r#5194"]),
    ("Fix lines #3, #4 in README (#9)", "Fix lines #3, #4 in README", ["r#9"]),
    ("Fix the timeline #12", "Fix the timeline", ["r#12"]),
])
def test_refs_opening_an_entry_and_numbers_that_are_no_refs(text, summary, refs):
    info = analyse(text, ("o", "r"))
    assert (info.summary, [r.label for r in info.refs]) == (summary, refs)


@pytest.mark.parametrize("text, summary, labels", [
    ("**SECURITY** Fix batch XSS in error data.", "Fix batch XSS in error data.", ("SECURITY",)),
    ("**DEPRECATION** The old API goes in 3.0", "The old API goes in 3.0", ("DEPRECATION",)),
    ("**NOTE** if you pin the version, update it", "NOTE if you pin the version, update it", ()),  # says it
    # with its scope, as melos writes a conventional commit
    ("**FIX**(share_plus): Add iOS Privacy Info ([#2586](https://github.com/o/r/issues/2586)).",
     "Add iOS Privacy Info", ("FIX", "share_plus")),
    ("**BREAKING** **FEAT**(share_plus, sensors_plus): Migrate to package:web", "Migrate to package:web",
     ("BREAKING", "FEAT", "share_plus", "sensors_plus")),
])
def test_a_tag_in_bold_capitals_that_opens_an_entry_is_a_label(text, summary, labels):
    info = analyse(text)
    assert (info.summary, info.labels) == (summary, labels)


@pytest.mark.parametrize("text, summary, authors", [
    # a sentence of thanks before the refs
    ("Support results. Thanks to @jane for this change. (#325)", "Support results.", ("jane",)),
    (f"Support results. Thanks to\n  [@jane]({GH}/jane) for this change. [#325]({GH}/o/r/pull/325)",
     "Support results.", ("jane",)),
    ("Fix fetch. Thanks to MikaelAmborn for the report. (#1109)", "Fix fetch.", ("MikaelAmborn",)),
    ("Support results thanks to the new API (#325)", "Support results thanks to the new API", ()),
    ("Support OSGi\n  * Many thanks to Eduardo Fernández León for this contribution via pull request #72.",
     "Support OSGi", ("Eduardo Fernández León",)),
    # thanks in parentheses
    ("SC2102 no longer triggers on ranges (thanks, kpankonen!)", "SC2102 no longer triggers on ranges", ("kpankonen",)),
    ("Fix the parser (thanks rodrigosetti!)", "Fix the parser", ("rodrigosetti",)),
    ("Fix the parser (Thanks Jane Doe)", "Fix the parser", ("Jane Doe",)),
    ("Fix the parser (thanks to all!)", "Fix the parser (thanks to all!)", ()),
    ("Fix the parser (thanks again!)", "Fix the parser (thanks again!)", ()),  # whom thanks address: no one
    ("Fix the parser (thanks, guys!)", "Fix the parser (thanks, guys!)", ()),
])
def test_thanks_credit_by_name_before_the_refs_and_in_parentheses(text, summary, authors):
    info = analyse(text, ("o", "r"))
    assert (info.summary, info.authors) == (summary, authors)


@pytest.mark.parametrize("text, action", [
    ("Moved the classes. You will need to update import statements.", True),
    ("Users must now set the region", True),
    ("you may need to replace FragmentActivity", True),
    ("Add retries, useful if you need to retry", False),  # where a feature helps
    ("Add a hook for when you have to clean up", False),
    ("You no longer need to call init", False),
])
def test_what_the_notes_ask_of_the_reader_is_an_action(text, action):
    assert analyse(text).action_required is action


def test_a_section_on_backward_compatibility_holds_breaking_changes():
    log = parse("""
        ## 2.0.0

        ### Changes affecting backward compatibility

        - `addr` is now available for all addressable locations.

        ### Backward compatible changes

        - Add a flag.
        """)
    assert [("breaking" in c.flags) for c in log.changes] == [True, False]


@pytest.mark.parametrize("text, summary, labels", [
    ("**Added** support for the new API (#12)", "Added support for the new API", ("Added",)),
    ("**Fixed:** a crash on start", "Fixed: a crash on start", ("Fixed",)),
    ("**Note** this is no kind of change", "Note this is no kind of change", ()),
])
def test_a_kind_of_change_in_bold_that_opens_the_statement_is_a_label(text, summary, labels):
    info = analyse(text, ("o", "r"))
    assert (info.summary, info.labels) == (summary, labels)


@pytest.mark.parametrize("text, summary, authors", [
    ("Import issues reported by an anonymous user. !18199 (bartl)", "Import issues reported by an anonymous user.",
     ("bartl",)),
    ("Fix width of contributors graphs. !18639 (Paul Vorbach)", "Fix width of contributors graphs.", ("Paul Vorbach",)),
    ("Fix a bug in the parser. (#1234) (bob)", "Fix a bug in the parser.", ("bob",)),
    ("Added a callback setting to autowrap JSON [Dav Glass]", "Added a callback setting to autowrap JSON",
     ("Dav Glass",)),
    # words, tags and tokens in the same places are no credit
    ("Fix a bug in the parser. (#1234) (backport)", "Fix a bug in the parser. (#1234) (backport)", ()),
    ("Fix the parser (#1234) (see below)", "Fix the parser (#1234) (see below)", ()),
    ("Support for Windows [Windows]", "Support for Windows [Windows]", ()),
    ("Fix crash on start [Breaking Change]", "Fix crash on start [Breaking Change]", ()),
    ("Call foo() (bar)", "Call foo() (bar)", ()),
    ("Fix the cache (#12) [SIG Node and Storage]", "Fix the cache", ()),
])
def test_a_name_that_ends_an_entry_credits_its_author(text, summary, authors):
    info = analyse(text, ("o", "r"))
    assert (info.summary, info.authors) == (summary, authors)


@pytest.mark.parametrize("text, labels", [
    ("license (enterprise): Added license endpoint support", ("license", "enterprise")),
    ("T-SQL (ASA): Fix CTAS with WITH statement", ("T-SQL", "ASA")),
    ("MySQL (and others): Support DROP TEMPORARY TABLE", ()),  # a remark, not an edition
    ("BUGFIX[helm]: Fix issue where webhook feature gates were only set", ("BUGFIX", "helm")),
    ("resource/aws_apigatewayv2_authorizer: Skip setting authorizer TTL", ("resource/aws_apigatewayv2_authorizer",)),
    ("github.com/onsi/gomega: v1.7.0 → v1.10.1", ()),  # a Go module bumped, not a part of the product
    ("dumpcerts.sh: Fix the output", ("dumpcerts.sh",)),
    ("New: RxJava 3 adapter!", ("New",)),  # a kind of change, as "**Fixed:**" and "fix:" are
    ("Bugfix: Properly process navigation child items", ("Bugfix",)),
    ("Note: the flag is gone", ()),
    ("`azurerm_data_protection_backup_vault` - poll the delete request", ("azurerm_data_protection_backup_vault",)),
    ("`opentelemetry-instrumentation-grpc` narrow protobuf dependency", ("opentelemetry-instrumentation-grpc",)),
    ("`all-static` feature now includes `vendored-libgit2`", ()),  # the subject of a sentence, not a package
])
def test_a_component_with_its_edition_or_kind(text, labels):
    assert analyse(text, ("o", "r")).labels == labels


def test_a_bold_line_names_the_list_under_it_not_the_lists_after_its_prose():
    log = parse("""
        ## 0.15.0 / 2017-10-06

        **Breaking changes**

        This release contains major breaking changes to flag handling.
        * All flags now require double-dashes.
        * The collector selection flag has been replaced.

        Windows support is now removed.

        * [CHANGE] Remove netbsd/arm #551
        * [BUGFIX] Fix stale device metrics #552

        BUG FIXES:

        * core: Fix handling of counts (#17824)

        PROVIDER SDK CHANGES (not user-facing):

        * helper/schema: Loosen validation (#16456)
    """)
    assert [(c.section, c.breaking) for c in log.changes] == [
        (("Breaking changes",), True), (("Breaking changes",), True), ((), False), ((), False),
        (("BUG FIXES",), False), (("PROVIDER SDK CHANGES (not user-facing)",), False)]
    assert log.releases[0].notes.startswith("Windows support is now removed.")


def test_bullets_that_count_qualify_or_name_in_code_the_group_nested_in_them():
    log = parse("""
        ## 4.2.1 / 2019-10-07

        * 3 bugfixes
          * Fix socket activation of systemd unix binder files (#1842, #1988)
          * Deal with multiple calls to bind correctly (#1986)
        * Soft deprecations (no warnings emitted)
          * [Kernel] `raise/3` is deprecated in favor of `reraise/2`
        * `dart:html`
          * Removed deprecated `query` and `queryAll`.
          * Exposed `ServiceWorker` class.
        * Templating support (jinja2, python or raw).
          * Variables + Macros.
    """)
    assert [(c.section, c.summary) for c in log.changes] == [
        (("bugfixes",), "Fix socket activation of systemd unix binder files"),
        (("bugfixes",), "Deal with multiple calls to bind correctly"),
        (("Soft deprecations (no warnings emitted)",), "raise/3 is deprecated in favor of reraise/2"),
        (("dart:html",), "Removed deprecated query and queryAll."),
        (("dart:html",), "Exposed ServiceWorker class."),
        ((), "Templating support (jinja2, python or raw). Variables + Macros."),  # a statement over its details
    ]


def test_an_emoji_shortcode_before_a_section_title_is_left_out():
    log = parse("""
        ## 1.8.0

        ### :boom: (Breaking Change)

        * Drop Node 8 (#3456)

        ### :bug: (Bug Fix)

        * Fix the exporter (#3457)

        ### 🚀 Features

        * Add the meter (#3458)
    """)
    assert [(c.section, c.breaking) for c in log.changes] == [
        (("Breaking Change",), True), (("Bug Fix",), False), (("🚀 Features",), False)]


@pytest.mark.parametrize("text, summary, labels, breaking", [
    (f"[flutter/169772]({GH}/flutter/flutter/pull/169772) - Configuration changes for CI",
     "Configuration changes for CI", (), False),
    (f"[flutter/160041]({GH}/flutter/flutter/pull/160041) - [Impeller][Android] Disables Impeller",
     "Disables Impeller", ("Impeller", "Android"), False),
    ("#2109 94b34fa6 Thanks @a! - [breaking] standardize the output dir", "standardize the output dir",
     ("breaking",), True),
])
def test_scopes_after_the_refs_that_open_an_entry(text, summary, labels, breaking):
    info = analyse(text, ("flutter", "flutter"))
    assert (info.summary, info.labels, info.breaking, len(info.refs)) == (summary, labels, breaking, len(info.refs))
    assert info.refs


@pytest.mark.parametrize("text, summary, labels, breaking", [
    ("💥 Disable all hovers by default", "Disable all hovers by default", ("💥",), True),  # gitmoji: it breaks
    (":boom: Remove the old API", "Remove the old API", (":boom:",), True),
    ("🐛 Fix the crash", "Fix the crash", ("🐛",), False),
    # a warning sign opens what the notes mark as likely to break on upgrade
    ("⚠️ Changed interface of `CLIENT` command (#1337)", "⚠️ Changed interface of CLIENT command", (), True),
    (":warning: Dropped support for Python 2.7", ":warning: Dropped support for Python 2.7", (), True),
    ("Fixed the ⚠️ icon", "Fixed the ⚠️ icon", (), False),
    ("⚠️ Note: the docs moved", "⚠️ Note: the docs moved", (), False),  # a note, not a change that breaks
])
def test_marks_of_a_breaking_change_before_an_entry(text, summary, labels, breaking):
    info = analyse(text)
    assert (info.summary, info.labels, info.breaking) == (summary, labels, breaking)


def test_a_scope_followed_by_a_defined_reference_label_is_a_link():
    from explorer.parse.refs import Context
    assert analyse("[Drawer][docs] Fix it", Context("o", "r", defs={"docs": "https://x"})).labels == ()


def test_headings_that_are_not_releases_and_releases_not_out_yet():
    assert release_heading("Support for 1.2 and 1.3") is None  # words about versions
    assert release_heading("Python 3.12 changes") is None
    assert release_heading("Version 1.2 (Under development)").unreleased


def test_a_numbered_pre_release_sorts_before_its_release():
    from explorer.versions import version_key
    assert sorted(["7.28.0", "7.28.0-1", "7.28.0-0", "7.27.9"], key=version_key) == [
        "7.27.9", "7.28.0-0", "7.28.0-1", "7.28.0"]


def test_release_dates_said_in_a_sentence_and_breaking_sections_of_changesets_and_rust():
    log = parse("""
        ## [4.0.0-beta.2](https://github.com/o/r/releases/tag/4.0.0-beta.2)
        Released on 2016-08-29. All issues associated with this milestone can be found using this
        [filter](https://github.com/o/r/issues?q=milestone).

        ### Major Changes

        - Drop Node 16 (#12)

        ### Minor Changes

        - Fixes typos in sample config file - thanks @claws!

        ## 1.80.0

        ### Compatibility Notes

        - Rename `PanicInfo` (#13)

        ## 0.26.0

        ### Major Changes

        - new: add a healthz endpoint (#14)

        ### Bug Fixes

        - Fix a crash (#15)
    """)
    assert log.releases[0].date == "2016-08-29"
    assert [(c.summary, c.breaking, c.authors) for c in log.changes] == [
        ("Drop Node 16", True, ()), ("Fixes typos in sample config file", False, ("claws",)),
        ("Rename PanicInfo", True, ()),
        ("new: add a healthz endpoint", False, ()), ("Fix a crash", False, ())]  # the big changes, beside fixes


def test_a_title_that_names_the_series_is_no_release():
    log = parse("""
        # 7.3 Changelog

        ## [7.3.6] - 2023-07-13

        ### Build and Packaging Improvements

        <details>

        <summary>

        <p>Bump .NET to 7.0.306 </p>

        </summary>

        <ul>
        <li>Update Notices file</li>
        <li>Change <code>System.Security.AccessControl</code> preview version to stable version (#19931)</li>
        <li>Implement IDisposable
        in NamedPipeClient (#18341) (Thanks @xtqqczze!)</li>
        </ul>

        </details>

        ## [7.3.5] - 2023-06-27

        - Update the link (#19947)
    """)
    assert [(r.version, r.date) for r in log.releases] == [("7.3.6", "2023-07-13"), ("7.3.5", "2023-06-27")]
    assert [(c.release.version, c.summary, c.authors) for c in log.changes] == [
        ("7.3.6", "Update Notices file", ()),
        ("7.3.6", "Change System.Security.AccessControl preview version to stable version", ()),
        ("7.3.6", "Implement IDisposable in NamedPipeClient", ("xtqqczze",)),
        ("7.3.5", "Update the link", ())]


def test_releases_as_bullets_over_entries_a_kind_and_a_ref_open():
    log = parse("""
        CHANGELOG for 6.4.x
        ===================

        This changelog references the relevant changes done in 6.4 minor versions.

        * 6.4.44 (2026-08-22)

         * bug #65541 [Serializer] Fix denormalizing mime messages (nicolas-grekas)
         * feature #65524 [DoctrineBridge][EventDispatcher] Match check paths (Jane Doe)

        * 6.4.43 (2026-07-29)

         * minor #65400 [Form] Fix a typo (fabpot)
    """, "CHANGELOG-6.4.md")
    assert [(r.version, r.date) for r in log.releases] == [("6.4.44", "2026-08-22"), ("6.4.43", "2026-07-29")]
    assert [(c.release.version, c.summary, c.labels, c.authors, [r.label for r in c.refs]) for c in log.changes] == [
        ("6.4.44", "Fix denormalizing mime messages", ("bug", "Serializer"), ("nicolas-grekas",), ["#65541"]),
        ("6.4.44", "Match check paths", ("feature", "DoctrineBridge", "EventDispatcher"), ("Jane Doe",), ["#65524"]),
        ("6.4.43", "Fix a typo", ("minor", "Form"), ("fabpot",), ["#65400"]),
    ]


def test_a_list_of_release_lines_alone_points_to_notes_elsewhere():
    log = parse("""
        Version 2.15 was released on April 23, 2023.

        ## Patches

        * [2.15.1](Release-2.15.1) (2023-05-16)
        * [2.15.2](Release-2.15.2) (2023-05-30)
        * [2.15.3](Release-2.15.3) (not yet released)

        ## Changes

        * [#637](../../core/issues/637): Add a faster float reader
    """, "Release-2.15.md")
    assert [r.version for r in log.releases] == ["2.15"]
    assert [(c.summary, [(r.label, r.url) for r in c.refs]) for c in log.changes] == [
        ("Add a faster float reader", [("core#637", "../../core/issues/637")])]


def test_relative_links_to_issues_are_refs_in_the_files_repository_or_its_siblings():
    info = analyse("Fix x ([#12](../../pull/12), [core#637](../../core/issues/637))", ("o", "r"))
    assert (info.summary, [(r.label, r.url) for r in info.refs]) == ("Fix x", [
        ("r#12", f"{GH}/o/r/pull/12"), ("core#637", f"{GH}/o/core/issues/637")])
    info = analyse("add a helper ([#708](/../../pull/708)) thanks to [@bb](https://github.com/bb)", ("o", "r"))
    assert (info.summary, [(r.label, r.url) for r in info.refs], info.authors) == (
        "add a helper", [("r#708", f"{GH}/o/r/pull/708")], ("bb",))  # from the site's root, as GitHub reads it


@pytest.mark.parametrize("text, summary", [
    ("Add `readMaybe`: [#425](https://github.com/o/r/pull/425)", "Add readMaybe"),  # the colon led to the refs
    ("IP-per-task: [#841](https://github.com/o/r/pull/841) ([diegooliveira](https://github.com/diegooliveira))",
     "IP-per-task"),
    ("Make them namespaced inside `Catch::` (#1548)", "Make them namespaced inside Catch::"),  # code's own
    ("Use process.nextTick() re: #6074", "Use process.nextTick() re:"),  # "re:" says "about"
    ("Fix the thing :tada: #425", "Fix the thing :tada:"),  # a shortcode's colon
])
def test_a_colon_that_only_led_to_the_refs_goes_with_them(text, summary):
    assert analyse(text, ("o", "r")).summary == summary


def test_a_paragraph_that_only_says_who_made_an_entry_credits_them():
    info = analyse("It is now possible to limit the number of virtual hosts.\n\n   Contributed by @SimonUnge (AWS).\n\n"
                   "   GitHub issue: [#7777](https://github.com/o/r/pull/7777)", ("o", "r"))
    assert (info.summary, info.authors, [r.label for r in info.refs]) == (
        "It is now possible to limit the number of virtual hosts.", ("SimonUnge",), ["r#7777"])
    info = analyse("Limit shovels using `rabbitmq.conf`:\n\n   Contributed by @a and @b\n", ("o", "r"))
    assert (info.summary, info.authors) == ("Limit shovels using rabbitmq.conf:", ("a", "b"))
    info = analyse("Fix the queue\n\n   Contributed by @illotum (AWS).", ("o", "r"))
    assert info.authors == ("illotum",)  # where they work is no one
    info = analyse("Drop the flag.\n\n   Contributed by @a, who also wrote the docs.", ("o", "r"))
    assert info.authors == ()  # a sentence that goes on: what it says is more than who


def test_a_title_line_with_refs_and_names_over_a_line_that_goes_on():
    info = analyse("Support multi-indices extended indexing operators (#1279, #1277) (Jules Aguillon, Guillaume "
                   "Petiot)\n  This feature has been added in OCaml 4.10.0")
    assert (info.summary, [r.number for r in info.refs], info.authors) == (
        "Support multi-indices extended indexing operators", ["1279", "1277"], ("Jules Aguillon", "Guillaume Petiot"))
    info = analyse("The default is changed to `after` (#1335) (Jules Aguillon)\n"
                   "  This reverts a change introduced in 0.14.0 (#1012).")
    assert (info.summary, [r.number for r in info.refs], info.authors) == (
        "The default is changed to after", ["1335", "1012"], ("Jules Aguillon",))
    info = analyse("Fix the parser (see below)\n  More about it (#12)")  # words in parentheses: no one
    assert info.authors == ()


@pytest.mark.parametrize("text, summary, authors", [
    ("Fix the Foo (bar)", "Fix the Foo (bar)", ()),  # no refs open it: a remark, not a credit
    ("#12 Support the parser (experimental)", "Support the parser (experimental)", ()),
])
def test_a_name_after_an_entry_refs_opened(text, summary, authors):
    info = analyse(text, ("o", "r"))
    assert (info.summary, info.authors) == (summary, authors)


@pytest.mark.parametrize("text, summary, authors, labels, refs", [
    (f"Fix the sidebar ([cb1395]({GH}/o/r/commit/cb1395ee4e3c8f3f7b1a))", "Fix the sidebar", (), (),
     ["r@cb1395ee4e3c8f3f7b1a"]),  # a short hash, not a handle
    (f"Bump x from 1 to 2 ([@dependabot[bot]]({GH}/apps/dependabot))", "Bump x from 1 to 2", ("dependabot[bot]",),
     ("dependencies",), []),
    ("[browser]: fix: Fix UnhandledPromise", "fix: Fix UnhandledPromise", (), ("browser", "fix"), []),
    (f"Rename Manager.\n  - Updated by [Christian Noon]({GH}/cnoon) in Pull Request [#1385]({GH}/o/r/pull/1385).",
     "Rename Manager.", ("cnoon",), (), ["r#1385"]),
    (f"Support for X.\n  - Added by [Christian Noon]({GH}/cnoon).", "Support for X.", ("cnoon",), (), []),
    (f"Fix the thing fixed by [Jane]({GH}/jane)", "Fix the thing fixed", ("Jane",), (), []),  # mid-sentence
])
def test_credit_sentences_short_hashes_apps_and_scopes_with_a_colon(text, summary, authors, labels, refs):
    info = analyse(text, ("o", "r"))
    assert (info.summary, info.authors, info.labels, [r.label for r in info.refs]) == (summary, authors, labels, refs)


def test_a_release_said_not_out_yet_and_install_notes():
    log = parse("""
        ## 3.0.0

        **Not yet released**

        - Fix the fetcher (#1408)

        ### Install/Download Options

        - **rustup (nightly)** - nightly-2023-01-24
    """)
    assert log.releases[0].unreleased
    assert [(c.section, c.summary) for c in log.changes] == [((), "Fix the fetcher")]


@pytest.mark.parametrize("path", ["/notes/k6_v0.50.0.md", "/notes/changelog/19.0/19.0.0/summary.md"])
def test_a_version_in_the_name_or_the_folder_of_a_file_of_notes(path):
    log = parse_text("## Summary\n\n- Fix the planner (#123)\n", path)
    assert [r.version for r in log.releases] == [path.rsplit("/", 2)[-2] if "summary" in path else "v0.50.0"]


def test_one_release_heading_with_a_name_names_no_project():
    log = parse(f"""
        ## 1.8.0

        - Fix the exporter ([#3456]({GH}/open-telemetry/opentelemetry-js/pull/3456))

        ## Metrics API 1.0.0

        - Stable metrics ([#3457]({GH}/open-telemetry/opentelemetry-js/pull/3457))

        ## 1.7.0

        - Add the meter ([#3458]({GH}/open-telemetry/opentelemetry-js/pull/3458))
    """)
    assert {r.project for r in log.releases} == {"opentelemetry-js"}


@pytest.mark.parametrize("text, summary, authors", [
    (f"Add pagination support. ([PR]({GH}/o/r/pull/5101) and ([PR]({GH}/o/r/pull/5107)", "Add pagination support.",
     ()),  # a paren the notes left open at the end
    (f"Aligned fields by @deepflame ([merge request]({GH}/o/r/pull/1961)", "Aligned fields", ("deepflame",)),
    ("Fix the parser (see #12))", "Fix the parser (see #12))", ()),  # a ")" without its "(": part of the text
])
def test_trailing_refs_in_a_paren_left_open(text, summary, authors):
    info = analyse(text, ("o", "r"))
    assert (info.summary, info.authors) == (summary, authors)


@pytest.mark.parametrize("text, summary, authors", [
    ("Fix the jids. [#1315, barelyknown]", "Fix the jids.", ("barelyknown",)),
    ("Support uploads. Thanks, @mkadirtan for contributing!", "Support uploads.", ("mkadirtan",)),
    ("Fix the browser. Thanks @bandorko for the fix! :bow: :tada:", "Fix the browser.", ("bandorko",)),
    ("Fix it. Thanks @a and @b!", "Fix it.", ("a", "b")),
    ("Thanks to @x the build is faster now", "Thanks to @x the build is faster now", ()),  # a statement
])
def test_closing_thanks_and_credits_beside_refs_in_brackets(text, summary, authors):
    info = analyse(text, ("o", "r"))
    assert (info.summary, info.authors) == (summary, authors)


def test_highlights_are_the_changes_of_a_release_that_lists_nothing_else():
    log = parse("""
        ## v2.1

        Some intro.

        ### Highlights

        - **new**: before publish hooks
        - **docs**: improved home and install pages

        ## v2.0

        ### Highlights

        - A faster build, as told below

        ### Changes

        - Build faster (#12)
    """)
    assert [(c.release.version, c.summary, c.labels) for c in log.changes] == [
        ("v2.1", "new: before publish hooks", ("new",)), ("v2.1", "docs: improved home and install pages", ("docs",)),
        ("v2.0", "Build faster", ())]
    assert "A faster build" in log.releases[1].sections[0].notes


def test_emoji_that_mark_kinds_and_statements_over_changes_of_their_own():
    log = parse(f"""
        ## 5.1.0

        - 🆕 Mentions support `options` prop. [#38630]({GH}/o/r/pull/38630) [@heiyu4585]({GH}/heiyu4585)
        - 🐞 Fix Tabs inkBar not show in StrictMode. [#39653]({GH}/o/r/pull/39653)
        - 🌐 Localization
          - 🇧🇪 Add fr_BE locale. #39415 @azro352
          - 🇨🇦 Add fr_CA locale. #39416 @azro352
        - 🗑 Deprecate `visible` in the components below. [@yykoypj]({GH}/yykoypj)
          - 🗑 Tag deprecate `visible`. [#36671]({GH}/o/r/pull/36671)
          - 🗑 Drawer deprecate `visible`. [#36672]({GH}/o/r/pull/36672)
        - A terminating pod won't prevent preemption
          - Rename 'PreemptionByKubeScheduler' ([#114623]({GH}/o/r/pull/114623))
    """)
    assert [(c.section, c.summary, c.labels) for c in log.changes] == [
        ((), "Mentions support options prop.", ("🆕",)),
        ((), "Fix Tabs inkBar not show in StrictMode.", ("🐞",)),
        (("Localization",), "Add fr_BE locale.", ("🇧🇪",)),
        (("Localization",), "Add fr_CA locale.", ("🇨🇦",)),
        ((), "Deprecate visible in the components below.", ("🗑",)),
        ((), "Tag deprecate visible.", ("🗑",)),
        ((), "Drawer deprecate visible.", ("🗑",)),
        ((), "A terminating pod won't prevent preemption; Rename 'PreemptionByKubeScheduler'", ()),  # one entry
    ]


@pytest.mark.parametrize("text, summary, authors, refs", [
    ("Fix the limit on OSX. (Benoit Tigeot, #2669)", "Fix the limit on OSX.", ("Benoit Tigeot",), ["r#2669"]),
    ("Fix (Sam Joseph, Matt Rider, @okothkongo1, #2586)", "Fix", ("Sam Joseph", "Matt Rider", "okothkongo1"),
     ["r#2586"]),
    (f"Rework narrowing logic (Shantanu, PR [20492]({GH}/o/r/pull/20492))", "Rework narrowing logic", ("Shantanu",),
     ["r#20492"]),
    ("Support channels (courtesy of @fvasco)", "Support channels", ("fvasco",), []),
    ("[X] [#6467](https://github.com/o/r/pull/6467) Add PathType details", "Add PathType details", (), ["r#6467"]),
    ("Add support for @types/node", "Add support for @types/node", (), []),  # a package's scope
    (f"remove extra [@nuxt]({GH}/nuxt)/config dependency", "remove extra @nuxt/config dependency", (), []),
    ("Put back !optional to @extend (#4835 by @cregis0073)", "Put back !optional to @extend", ("cregis0073",),
     ["r#4835"]),
    ("Fix properties marked with @objc.", "Fix properties marked with @objc.", (), []),
    (f"Fix the rule [Radu]({GH}/raduciobanu002)", "Fix the rule", ("raduciobanu002",), []),
])
def test_credit_lists_checkboxes_and_handles_that_are_words(text, summary, authors, refs):
    info = analyse(text, ("o", "r"))
    assert (info.summary, info.authors, [r.label for r in info.refs]) == (summary, authors, refs)


def test_italic_markers_notes_in_capitals_and_unreleased_names():
    log = parse("""
        ## tip

        _New Features:_

        - Add the thing (#1)

        ## main / unreleased

        - Fix the other (#2)

        ## 3.67.0 (January 3, 2022)
        > Released at 2022-01-04

        NOTES:

        - provider: the resource is deprecated (#3)

        ## vNEXT

        - Drop the flag (#4)
    """)
    assert [(r.version, r.unreleased, r.date) for r in log.releases] == [
        ("Unreleased", True, ""), ("Unreleased", True, ""), ("3.67.0", False, "2022-01-03"), ("Unreleased", True, "")]
    assert [c.section for c in log.changes] == [("New Features",), (), ("NOTES",), ()]


def test_channels_post_releases_titles_under_items_and_groups_after_a_marked_list():
    log = parse("""
        ## Next Release

        - Add the flag (#9)

        ## stable-2.11.5

        - Fix the proxy (#1)

        ## edge-21.9.5

        - Add the viz (#2)

        ## 0.26.0.post1 (March 9, 2023)

        - Fix the router (#3)

        ## 3.3.3

        Breaking Changes:

        * Drop Ruby 1.9 (#4)

        * Bug Fixes:
          * Readme corrections (#5)

        FEATURES:

        * core: Add the flag (#6)
        IMPROVEMENTS:

        * core: Faster start (#7)
        - Add zipapp support
            - #1616 PR by @asottile.
    """)
    assert [(r.version, r.unreleased, r.prerelease) for r in log.releases] == [
        ("Unreleased", True, False), ("stable-2.11.5", False, False), ("edge-21.9.5", False, False),
        ("0.26.0.post1", False, False), ("3.3.3", False, False)]
    assert [(c.section, c.summary, c.breaking, c.authors) for c in log.changes[4:]] == [
        (("Breaking Changes",), "Drop Ruby 1.9", True, ()),
        (("Bug Fixes",), "Readme corrections", False, ()),
        (("FEATURES",), "core: Add the flag", False, ()),
        (("IMPROVEMENTS",), "core: Faster start", False, ()),
        (("IMPROVEMENTS",), "Add zipapp support", False, ("asottile",)),
    ]


def test_a_ref_the_text_calls_an_issue_is_an_issue():
    assert [(r.label, r.kind) for r in find_refs("Fixed issue #924, see #925", ("o", "r"))] == [
        ("r#924", "issue"), ("r#925", "pr")]


@pytest.mark.parametrize("text, summary, authors, labels", [
    ("Fix type definition loading (by Jed Mao).", "Fix type definition loading", ("Jed Mao",), ()),
    ("Fix X (by Anton Yakushev and Matija Marohnić)", "Fix X", ("Anton Yakushev", "Matija Marohnić"), ()),
    ("Fix it (by the way)", "Fix it (by the way)", (), ()),
    ("[FIX] Throw the correct exception. (Fix by Rodrigo Perera)", "Throw the correct exception.", ("Rodrigo Perera",),
     ("FIX",)),
    ("Fix batch results (reported by Dirkjan Bussink)", "Fix batch results", ("Dirkjan Bussink",), ()),
    (f"**(ci)** declare the pnpm version - ([73e4a68]({GH}/koajs/koa/commit/73e4a6880010e5cfa19a70eb8f257da7f716cb1a))"
     " - Zero", "declare the pnpm version", ("Zero",), ("ci",)),  # git-cliff: who, after the refs
    ("Fix a crash (#12) - see the docs", "Fix a crash (#12) - see the docs", (), ()),
    ("Fix it (fixed by the new parser)", "Fix it (fixed by the new parser)", (), ()),
    ("FEATURE: [vmui](https://docs.example.com/#vmui): optimize VMUI", "FEATURE: vmui: optimize VMUI", (),
     ("FEATURE", "vmui")),
    ("[[`b5472f4`](http://github.com/koajs/koa/commit/b5472f4cbb87349becae36b4a9ad5f76a825abb8)] - fix: make ESM play"
     " nice, fix #1513 (#1518) (miwnwski <<m@iwnw.ski>>)", "fix: make ESM play nice", ("miwnwski",), ("fix",)),
])
def test_credits_by_name_with_by_or_an_email_and_linked_parts(text, summary, authors, labels):
    info = analyse(text, ("koajs", "koa"))
    assert (info.summary, info.authors, info.labels) == (summary, authors, labels)


def test_dated_builds_a_continuous_channel_and_a_development_version():
    log = parse("""
        # Changes

        ### Continuous/Nightly

        * Newest thing

        ### 20230326-111934-3666303c

        * A change

        ### 20230320-124340-559cb7b0

        * An older change
        """)
    assert [(r.version, r.date, r.unreleased, r.prerelease) for r in log.releases] == [
        ("Unreleased", "", True, False),
        ("20230326-111934-3666303c", "2023-03-26", False, False),
        ("20230320-124340-559cb7b0", "2023-03-20", False, False)]
    assert [r.version for r in sorted(log.releases, key=lambda r: r.sort_key)][:2] == [
        "20230320-124340-559cb7b0", "20230326-111934-3666303c"]
    r_news = parse("# ggplot2 (development version)\n\n* A new geom\n\n# ggplot2 3.5.1\n\n* A fix\n", "NEWS.md")
    assert [(r.version, r.unreleased) for r in r_news.releases] == [("Unreleased", True), ("3.5.1", False)]
    assert r_news.changes[0].summary == "A new geom"
    nightly = parse("## 1.65 (2022-11-03)\n\n### Nightly\n\n- Progress for sparse registries\n")
    assert versions(nightly) == ["1.65"] and nightly.changes[0].section == ("Nightly",)


def test_a_release_heading_that_ends_in_links_and_opens_with_an_anchor():
    log = parse(f"""
        ### <a id="267"></a> Acme release 26.7, 2026-07-22. [Presentation]({GH}/p), [Video]({GH}/v)

        #### New Feature
        * Add x. [#1]({GH}/acme/acme/pull/1) ([Jane]({GH}/jane)).

        ### <a id="266"></a> Acme release 26.6, 2026-06-22

        * Fix y.
        """)
    assert [(r.version, r.date) for r in log.releases] == [("26.7", "2026-07-22"), ("26.6", "2026-06-22")]
    assert per_release(log) == [("26.7", "Add x."), ("26.6", "Fix y.")]


@pytest.mark.parametrize("text, summary, authors, labels, refs", [
    (f"Use 'dlv' ([Issue 1977]({GH}/golang/vscode-go/issues/1977)) <!-- CL 374594 -->", "Use 'dlv'", [], [],
     ["vscode-go#1977"]),
    ("Fix <!-- a note #12 --> the text (#5)", "Fix the text", [], [], ["#5"]),
    (f"Stabilize it ([RFC 3537]({GH}/rust-lang/rfcs/pull/3537))", "Stabilize it (RFC 3537)", [], [], ["rfcs#3537"]),
    (f"[`8a676617`]({GH}/t/t/commit/8a676617)([#7618]({GH}/t/t/pull/7618)) Ensure Builder is Send",
     "Ensure Builder is Send", [], [], ["t#7618", "t@8a676617"]),
    (f"[#19673]({GH}/i/telegraf/pull/19673) `inputs.dns_query` Use correct defaults",
     "inputs.dns_query Use correct defaults", [], ["inputs.dns_query"], ["telegraf#19673"]),
    ("`all-static` feature is no longer needed", "all-static feature is no longer needed", [], [], []),
    (f"optimize VMUI. See [this feature request]({GH}/v/v/issues/3707). Thanks to @mr-karan for the "
     f"[pull request]({GH}/v/v/pull/3708).", "optimize VMUI.", ["mr-karan"], [], ["v#3707", "v#3708"]),
    (f"fix x. See [this]({GH}/v/v/issues/1) and [this]({GH}/v/v/issues/2) issues.", "fix x.", [], [],
     ["v#1", "v#2"]),
    (f"Fix y. See [these docs]({GH}/v/v/blob/main/docs.md).", "Fix y. See these docs.", [], [], []),
    ("Fix x. Thanks to @vspinu for reporting, and @tdhock for implementing.", "Fix x.", ["vspinu", "tdhock"], [],
     []),
    ("Fix y. Thanks to Jan Gorecki for the request and the PR.", "Fix y.", ["Jan Gorecki"], [], []),
    ("Fix a crash. Thanks to Zythosec for the report.", "Fix a crash.", ["Zythosec"], [], []),
    ("Fix b. Thanks to Everyone for testing.", "Fix b. Thanks to Everyone for testing.", [], [], []),
    ("Add x and y. Thanks to @a, @b and @c respectively.", "Add x and y.", ["a", "b", "c"], [], []),
    (f"Fix z; thanks to [lulupointu]({GH}/lulupointu) for the fix!", "Fix z", ["lulupointu"], [], []),
    (f"dartdocs fixups from [mehade369]({GH}/mehade369)", "dartdocs fixups", ["mehade369"], [], []),
    ("German translation from [@mpbzh] & [@Art4].", "German translation", ["mpbzh", "Art4"], [], []),
    ("Ported from #123", "Ported from #123", [], [], ["#123"]),
    ("Thanks to the Kubernetes community for testing.", "Thanks to the Kubernetes community for testing.", [], [],
     []),
])
def test_notes_to_writers_named_refs_see_sentences_and_thanks(text, summary, authors, labels, refs):
    info = analyse(text)
    assert (info.summary, list(info.authors), list(info.labels), [r.label for r in info.refs]) == (
        summary, authors, labels, refs)


@pytest.mark.parametrize("text, flag, expected", [
    ("## 1.0.0\n\n### Non-breaking changes\n\n- Adds x\n- Non-breaking change: adds y\n\n"
     "### Breaking changes\n\n- Removes z\n", "breaking",
     [("Adds x", False), ("Non-breaking change: adds y", False), ("Removes z", True)]),
    ("## 1.30.0\n\n### Important Changes\n\n- Renames a metric. Check your alerts.\n\n"
     "### Migration notes\n\n- Set `x` first\n\n### Bugfixes\n\n- Fix y\n", "action_required",
     [("Renames a metric. Check your alerts.", True), ("Set x first", True), ("Fix y", False)]),
])
def test_sections_that_flag_their_changes_or_say_they_do_not(text, flag, expected):
    assert [(c.summary, getattr(c, flag)) for c in parse(text).changes] == expected


def test_a_change_told_under_a_heading_credited_by_a_profile_link():
    log = parse(f"""
        # 3.1.1

        #### Fix config file search ([#15363]({GH}/p/prettier/pull/15363) by [@fisker]({GH}/fisker))

        Previously, the search started from the file's path.

        #### Skip symbolic links ([#15533]({GH}/p/prettier/pull/15533) by [@sanmai-NL]({GH}/sanmai-NL))
        """)
    assert [(c.summary, [r.label for r in c.refs], c.authors) for c in log.changes] == [
        ("Fix config file search", ["prettier#15363"], ("fisker",)),
        ("Skip symbolic links", ["prettier#15533"], ("sanmai-NL",))]


def test_a_release_that_says_its_changes_in_short_paragraphs():
    log = parse("""
        ## 2.1.4

        Release canceled.

        ## 2.1.3

        Fixes an issue with FutureProvider<void> (#2028)

        ## 2.1.2

        Blocs ignore duplicate states

        Add `BlocProvider.of`.

        ## 2.1.1

        Bugfix release.

        ## 2.1.0

        A long post about this release, which explains at length why it was made and what the
        maintainers thought about while making it, how they tested it, where it runs and where it
        does not yet run, what comes next, what the users said about the release before it, and
        which parts of the code moved where, with thanks to everyone who tried its candidates over
        the summer and reported what they found to the tracker, which helped a great deal.

        ## 2.0.0

        Intro before the list.

        - A listed change
        """)
    assert per_release(log) == [
        ("2.1.3", "Fixes an issue with FutureProvider<void>"), ("2.1.2", "Blocs ignore duplicate states"),
        ("2.1.2", "Add BlocProvider.of."), ("2.0.0", "A listed change")]
    assert [r.label for r in log.changes[0].refs] == ["#2028"]
    assert next(r for r in log.releases if r.version == "2.0.0").notes == "Intro before the list."
    assert next(r for r in log.releases if r.version == "2.1.4").notes == "Release canceled."


def test_a_paragraph_among_a_releases_bullets_that_asks_to_act_is_one_of_its_changes():
    log = parse("""
        ## 1.5.0

        This release is faster.

        - Add an optional value (#383)

        Note: it now targets Java 1.8, so you may need to update your projects to target 1.8

        ### Breaking changes

        Note: as a security change, this breaking change is allowed outside a major release.

        - Mark the agent token as sensitive

        ### Breaking change notice

        2.25.0 was released with a breaking change in #1306. Please review your implementation.

        ### Announcements

        The controller no longer updates the status.

        In order to turn it back on you need to pass the --update-status flag.

        ## 1.4.0

        This is a breaking change to the service discovery.

        - Rework the service discovery
        """)
    assert [(c.release.version, c.section, c.summary, c.flags) for c in log.changes] == [
        ("1.5.0", (), "Add an optional value", ()),
        ("1.5.0", (), "Note: it now targets Java 1.8, so you may need to update your projects to target 1.8",
         ("action-required",)),
        ("1.5.0", ("Breaking changes",), "Mark the agent token as sensitive", ("breaking",)),
        ("1.5.0", ("Breaking change notice",),
         "2.25.0 was released with a breaking change in #1306. Please review your implementation.", ("breaking",)),
        ("1.4.0", (), "This is a breaking change to the service discovery.", ("breaking",)),
        ("1.4.0", (), "Rework the service discovery", ())]
    release = log.releases[0]
    notes = {s.path: s.notes for s in release.sections}
    assert release.notes == "This release is faster."  # what does not ask to act stays the release's notes
    assert "this breaking change is allowed" in notes["Breaking changes",]  # what a section says of its bullets
    assert notes["Breaking change notice",] == ""
    assert len(notes["Announcements",].split("\n\n")) == 2  # a paragraph among others is part of what they tell


def test_a_release_told_under_headings_of_prose_has_each_heading_as_a_change():
    log = parse(f"""
        Important Changes in 0.6.0
        ==========================

        Consistent forget policy
        ------------------------

        The `forget` command was corrected to be more consistent.

        {GH}/restic/restic/pull/957

        Unified repository layout
        -------------------------

        Up to now the s3 backend used a special repository layout.

        Important Changes in 0.5.0
        ==========================

        Upgrading
        ---------

        Run the migration first.

        Important Changes in 0.4.0
        ==========================

        Memory and time improvements for the s3 backend
        -----------------------------------------------

        We've updated the library used for accessing s3.

        Bug fixes
        ---------

        Fixed a crash.
        """)
    assert [(c.release.version, c.section, c.summary, [r.label for r in c.refs]) for c in log.changes] == [
        ("0.6.0", (), "Consistent forget policy", ["restic#957"]), ("0.6.0", (), "Unified repository layout", []),
        # under a title, or in a release with one, each short paragraph is a change as before
        ("0.5.0", ("Upgrading",), "Run the migration first.", []),
        ("0.4.0", ("Memory and time improvements for the s3 backend",),
         "We've updated the library used for accessing s3.", []),
        ("0.4.0", ("Bug fixes",), "Fixed a crash.", [])]
    assert "The `forget` command was corrected" in log.changes[0].markdown


def test_versions_alone_on_lines_over_their_lists():
    log = parse("""
        1.4.65
         * #321 - Revert the property name
         * #323 - Include PDBs

        1.4.39
         * #289 - Sink improvements

        1.4.18
        1.4.17
        1.4.16
         * New CI server used
        """, "CHANGES.md")
    assert per_release(log) == [("1.4.65", "Revert the property name"), ("1.4.65", "Include PDBs"),
                                ("1.4.39", "Sink improvements"), ("1.4.16", "New CI server used")]
    assert versions(log) == ["1.4.65", "1.4.39", "1.4.18", "1.4.17", "1.4.16"]
    assert "2 releases without changes" in log.files[0].warnings[0]
    two = parse("1.2.0\n * A change\n\n1.1.0\n * Another\n", "CHANGES.md")
    assert versions(two) == ["1.2.0"]  # two bare lines could be anything: one release, from the file's name


@pytest.mark.parametrize("heading, version, prerelease", [
    ("5.0.4 pre", "5.0.4 pre", True), ("5.0.3 RTM", "5.0.3", False), ("5.0.2 alpha", "5.0.2 alpha", True),
    ("2.0 beta 2", "2.0 beta 2", True), ("1.2.0 GA (2024-01-01)", "1.2.0", False),
])
def test_a_stage_written_as_a_word_after_the_version(heading, version, prerelease):
    from explorer.versions import is_prerelease, version_key

    info = release_heading(heading)
    assert info is not None and info.version == version and is_prerelease(info.version) == prerelease
    assert version_key("2.0 beta 2") > version_key("2.0 beta 1") and version_key("5.0.2 alpha") < version_key("5.0.2")


@pytest.mark.parametrize("text, summary, authors, refs", [
    (f"Improved module support ({GH}/f/fmt/issues/3990, {GH}/f/fmt/pull/3991). Thanks @yujincheng08.",
     "Improved module support", ["yujincheng08"], ["fmt#3990", "fmt#3991"]),
    (f"Works around {GH}/f/fmt/issues/1.", f"Works around {GH}/f/fmt/issues/1.", [], ["fmt#1"]),
    (f"Fix x. Thanks to NUnit Team member [Steven Weerdenburg]({GH}/stevenaw) for [PR 5322]({GH}/n/nunit/pull/5322)",
     "Fix x.", ["stevenaw"], ["nunit#5322"]),
])
def test_urls_in_parentheses_and_thanks_to_a_member(text, summary, authors, refs):
    info = analyse(text)
    assert (info.summary, list(info.authors), [r.label for r in info.refs]) == (summary, authors, refs)


def test_bare_refs_are_not_given_a_repository_linked_twice_among_many_of_them():
    bullets = "".join(f"* change {n}; #{2500 + n}\n" for n in range(45))
    text = (f"# version 1.1-1\n\n{bullets}* empty points; {GH}/r-spatial/s2/issues/289\n"
            f"* argument by feature; {GH}/r-spatial/s2/pull/264\n")
    elsewhere = parse_text(text, "/src/notes/NEWS.md")
    assert {r.repo for c in elsewhere.changes[:45] for r in c.refs} == {""}
    assert [r.url for r in elsewhere.changes[-1].refs] == [f"{GH}/r-spatial/s2/pull/264"]
    own_folder = parse_text(text, "/src/s2/NEWS.md")
    assert {r.repo for c in own_folder.changes[:45] for r in c.refs} == {"s2"}
    another = parse_text(text, "/src/s2-addons/NEWS.md")  # a folder whose name only starts with the repository's
    assert {r.repo for c in another.changes[:45] for r in c.refs} == {""}
    one_link = f"## 2.6.0\n\n* Fix the slider (#306)\n* [more]({GH}/HaxeFlixel/flixel/issues/805)\n"
    assert parse_text(one_link, "/src/flixel-addons/CHANGELOG.md").changes[0].refs[0].repo == ""
    assert parse_text(one_link, "/src/flixel/CHANGELOG.md").changes[0].refs[0].repo == "flixel"
    few = parse_text(f"# version 1.0\n\n* a; #12\n* b; {GH}/o/lib/pull/1\n* c; {GH}/o/lib/issues/2\n", "/x/NEWS.md")
    assert few.changes[0].refs[0].repo == "lib"  # a few bare refs beside links to one repository: its own
    own = "".join(f"* change {n} (#{4500 + n})\n" for n in range(45))
    cosign = parse_text(f"## v3.0.4\n\n{own}* advisory [GHSA]({GH}/s/cosign/security/advisories/GHSA-x)\n"
                        f"* completes [#3927]({GH}/s/cosign/issues/3927)\n", "/x/CHANGELOG.md")
    assert {r.repo for c in cosign.changes for r in c.refs} == {"cosign"}  # its own issues, as high as the bare


@pytest.mark.parametrize("text, summary, labels", [
    ("Has.Attribute&lt;T&gt;() works", "Has.Attribute<T>() works", []),
    ("Don&#39;t panic &amp; Revert &#34;x&#34;", "Don't panic & Revert \"x\"", []),
    ("Use &lt;b&gt; tags", "Use <b> tags", []),
    ("Keep `a &lt; b` in code", "Keep a &lt; b in code", []),
    ("AT&T; stays", "AT&T; stays", []),
    ("`[jest-circus, jest-jasmine2]` Add a thing (#1)", "Add a thing", ["jest-circus", "jest-jasmine2"]),
    ("feat(cli, runtime): add x (#2)", "feat(cli, runtime): add x", ["feat", "cli", "runtime"]),
])
def test_html_entities_read_as_text_and_scopes_of_several_parts(text, summary, labels):
    info = analyse(text)
    assert (info.summary, list(info.labels)) == (summary, labels)


@pytest.mark.parametrize("text, summary", [
    (f"[browser#1233]({GH}/g/xk6-browser/issues/1233) returns actionable errors",
     "browser#1233 returns actionable errors"),
    (f"PR [#19440]({GH}/i/telegraf/pull/19440) fixes an issue in x", "PR #19440 fixes an issue in x"),
    (f"[#18780]({GH}/a/b/pull/18780) Prevent a crash", "Prevent a crash"),
    (f"[#12]({GH}/a/b/pull/12) fix crash", "fix crash"),
])
def test_a_ref_that_is_the_subject_of_its_sentence_stays(text, summary):
    assert analyse(text).summary == summary


def test_refs_as_a_word_that_leads_into_refs():
    info = analyse("Fix: Revert freezing context object (refs #4495) (Nicholas C. Zakas)")
    assert (info.summary, info.authors, [r.label for r in info.refs]) == (
        "Fix: Revert freezing context object", ("Nicholas C. Zakas",), ["#4495"])


@pytest.mark.parametrize("text, summary, labels", [
    ("Store: *breaking :warning:* Add tenant label. (#123)", "Store: Add tenant label.", ["Store"]),
    ("[CHANGE] **Breaking Change** Deprecating vParquet v1", "Deprecating vParquet v1", ["CHANGE"]),
    ("**Breaking**: When a ref.watch is used", "When a ref.watch is used", ["Breaking"]),
    ("**BREAKING**: Removed Filter. Use EnvFilter instead", "Removed Filter. Use EnvFilter instead", ["BREAKING"]),
    ("**Breaking changes** in the API were reverted", "Breaking changes in the API were reverted", []),
])
def test_an_emphasised_breaking_mark_is_a_flag_not_words_of_the_summary(text, summary, labels):
    info = analyse(text)
    assert (info.summary, list(info.labels), info.breaking) == (summary, labels, True)


@pytest.mark.parametrize("text, summary", [
    ("Add specializations for enums\n  * See the documentation for details",
     "Add specializations for enums; See the documentation for details"),
    ("axum now requires\n  - hyper 1.0\n  - http 1.0", "axum now requires hyper 1.0; http 1.0"),
    ("Metrics: seconds \n  - a\n  - b", "Metrics: seconds; a; b"),
    ("Thing:\n - a\n - b", "Thing: a; b"),
])
def test_nested_bullets_in_a_summary_are_clauses_of_their_own(text, summary):
    assert analyse(text).summary == summary


def test_nested_bullets_indented_by_a_tab_keep_their_first_letters():
    log = parse(f"""
        ## 1.14.1

          - [#106]({GH}/m/humanizer/pull/106):
            - Refactored IFormatter
        \t- Changed `ResourceKeys`
        """)
    assert log.changes[0].markdown.endswith("- Refactored IFormatter\n- Changed `ResourceKeys`")


@pytest.mark.parametrize("heading, expected", [
    ("[11.0.0.6] 20220413", ("11.0.0.6", "2022-04-13", False)),
    ("Version 3.16.2 - Ishikawa - 11th February 2019", ("3.16.2", "2019-02-11", False)),
    ("Version 3.17.0 - Tsugumi - in development", ("3.17.0", "", True)),
    ("2015.03-2", ("2015.03-2", "", False)),  # a version, not the date 2015-03-02
    ("Upcoming Release 0.18.0", ("0.18.0", "", True)),
    ("Vx.x.x (Pre-release)", ("Unreleased", "", True)),
    ("Changes since v3.2.0", None), ("Upgrading from 1.2.0", None), ("1.2.0 20221399", None),
    ("Upgrading to 3.12", None), ("Migrating to v2", None), ("Compatibility with 3.11", None),
    ('{{ site.pmd.date | date: "%d-%B-%Y" }} - {{ site.pmd.version }}', ("Unreleased", "", True)),  # a template
    ("[{{ version }}] - {{ date }}", ("Unreleased", "", True)), ("{{ title }}", None),
    ("2.7.0 (to be released)", ("2.7.0", "", True)), ("0.3.11.0 -- 2023-??-??", ("0.3.11.0", "", True)),
    ("[0.1.0] - TBD", ("0.1.0", "", True)), ("0.40.0.beta - WIP", ("0.40.0.beta", "", True)),
    ("1.2.3-wip", ("1.2.3", "", True)), ("Changes in version 0.12.1.1 (deprecated)", ("0.12.1.1", "", False)),
    ("What's new in the 2.0 API", None), ("What's new", None), ("Python-3.12 support", None),
    ("3.0.0 In Progress", ("3.0.0", "", True)),
    *[(title, ("Unreleased", "", True)) for title in (
        "Unpublished", "[unreleased] - YYYY-MM-DD", "[Unreleased] - TBD", "[Unreleased] - 2024-XX-XX",
        "Upcoming release", "Unreleased changes", "In development", "Unreleased (Neon)")],
])
def test_headings_of_releases_dated_compactly_with_codenames_and_what_is_not_one(heading, expected):
    info = release_heading(heading)
    assert (info and (info.version, info.date, info.unreleased)) == expected


@pytest.mark.parametrize("heading, yanked", [
    ("v0.8.0 [REVOKED]", True), ("v0.8.0 (REVOKED)", True), ("1.2.0 (yanked)", True), ("3.1.0 - retracted", True),
    ("0.12.1.1 (deprecated)", False), ("2.0.0 - The big rewrite", False),
])
def test_a_release_taken_back_is_yanked(heading, yanked):
    assert release_heading(heading).yanked is yanked


@pytest.mark.parametrize("text, summary, refs, labels", [
    ("Index all node properties when searching Fixes #1446", "Index all node properties when searching",
     [("#1446", "issue")], []),
    ("for CVE fixes in the base image, see #4", "for CVE fixes in the base image, see #4", [("#4", "pr")], []),
    ("Fixes for GHSA-88jx-383q-w4qc and GO-2024-3333 (#3661)", "Fixes for GHSA-88jx-383q-w4qc and GO-2024-3333",
     [("#3661", "pr")], ["GHSA-88jx-383q-w4qc", "GO-2024-3333"]),
    ("Fix two vulnerabilities ([CVE-2020-15194](https://cve.example/a), [CVE-2020-15195](https://cve.example/b))",
     "Fix two vulnerabilities", [], ["CVE-2020-15194", "CVE-2020-15195"]),
    ("Fix a stored XSS with query history [CVE-2019-10215](https://cve.example/c).",
     "Fix a stored XSS with query history CVE-2019-10215.", [], ["CVE-2019-10215"]),
    ("rule(Write below monitored dir): fix x", "rule(Write below monitored dir): fix x", [],
     ["rule", "Write below monitored dir"]),
    ("fix\\(swagger\\): Move nolint", "fix(swagger): Move nolint", [], ["fix", "swagger"]),
    ("[Helm] - We now officially use Helm 3", "We now officially use Helm 3", [], ["Helm"]),
    ("Allocate IPv6 VXLAN tunnel addresses (#5893)", "Allocate IPv6 VXLAN tunnel addresses", [("#5893", "pr")], []),
    ("firelens config is required (backport #20636) (#21710)", "firelens config is required",
     [("#20636", "pr"), ("#21710", "pr")], []),
    ("Add the NewRelic metrics provider. Resolves: #3741", "Add the NewRelic metrics provider.", [("#3741", "pr")],
     []),
])
def test_fixed_issues_advisories_kinds_with_scopes_and_tags_set_apart_by_a_dash(text, summary, refs, labels):
    info = analyse(text)
    assert (info.summary, [(r.label, r.kind) for r in info.refs], list(info.labels)) == (summary, refs, labels)


def test_a_reference_link_named_like_a_person_is_not_a_credit_outside_parentheses():
    log = parse(f"""
        ## 0.2.0

        - Install docs for [Arch / Manjaro][275], [NixOS][290]
        - Fix a crash ([Jane][291])

        [275]: {GH}/b/bevy/pull/275
        [290]: {GH}/b/bevy/pull/290
        [291]: {GH}/b/bevy/pull/291
        """)
    assert [(c.summary, c.authors) for c in log.changes] == [
        ("Install docs for Arch / Manjaro, NixOS", ()), ("Fix a crash", ("Jane",))]


def test_a_short_line_over_a_list_names_it():
    log = parse("""
        #### 0.19: Milestone Release

        Editor

         - Add a palette theme
         - Ignore middle-click on ports

        Node Fixes

         - TCP: queue messages while connecting

        #### 0.18.7: Maintenance Release

        Maintenance release

         - Fix a crash

        This release fixes the following:

         - Fix a leak
        """)
    assert [(c.release.version, c.section, c.summary) for c in log.changes] == [
        ("0.19", ("Editor",), "Add a palette theme"), ("0.19", ("Editor",), "Ignore middle-click on ports"),
        ("0.19", ("Node Fixes",), "TCP: queue messages while connecting"),
        ("0.18.7", (), "Fix a crash"), ("0.18.7", (), "Fix a leak")]


def test_refs_in_parentheses_a_blank_line_below_an_entry_are_its_refs():
    SHA = "0fd6fcd7c7f30c4317678a3b0968cc08ae9c0a71"
    log = parse(f"""
        ## v0.3.0 (2015-03-03)

        #### Breaking Changes

        * added requirement that all HeaderFormat implementations
          must also be fmt::Debug.

         ([df756871]({GH}/hyperium/hyper/commit/df756871edf4143135644c211106c5a8f8f5adb0))
        * Check the docs.

        ([0fd6fcd7]({GH}/hyperium/hyper/commit/{SHA}), closes [#12]({GH}/hyperium/hyper/issues/12))

        (see the [guide]({GH}/hyperium/hyper/wiki) for more)
        """)
    assert [(c.summary, [r.label for r in c.refs]) for c in log.changes] == [
        ("added requirement that all HeaderFormat implementations must also be fmt::Debug.",
         ["hyper@df756871edf4143135644c211106c5a8f8f5adb0"]),
        ("Check the docs.", ["hyper#12", f"hyper@{SHA}"])]
    assert log.changes[0].markdown.endswith("fmt::Debug. ([df756871](https://github.com/hyperium/hyper/commit/"
                                            "df756871edf4143135644c211106c5a8f8f5adb0))")
    assert "guide" in log.releases[0].sections[0].notes  # a sentence in parentheses is no line of refs


def test_a_bullet_over_a_nested_sentence_of_thanks_is_one_change():
    log = parse("""
        ## Version 2.7.0

          * CQEngine is now OSGi compatible
            * Many thanks to Eduardo Fernández León for this contribution via pull request #72.
          * Improved concurrency
            * Many thanks to @jayaramcs for help.
        """)
    assert [(c.section, c.summary, c.authors) for c in log.changes] == [
        ((), "CQEngine is now OSGi compatible", ("Eduardo Fernández León",)),
        ((), "Improved concurrency", ("jayaramcs",))]


def test_a_lone_bullet_over_a_list_of_another_marker_names_it():
    log = parse("""
        # Version 20.12

        - Add support for SCRAM

        * Admin
        - Docker: Fix DB initialization
        - systemd: start in foreground

        * Modules:
        - MAM: Support flipped pages

        * New features
        - Add a hook

        # Version 20.07

        * Fix the build
        - Fix a crash
        * Docs tweaks
        * Admin
        - Fix a hang
        """)
    assert [(c.release.version, c.section, c.summary) for c in log.changes] == [
        ("20.12", (), "Add support for SCRAM"),
        ("20.12", ("Admin",), "Docker: Fix DB initialization"), ("20.12", ("Admin",), "systemd: start in foreground"),
        ("20.12", ("Modules",), "MAM: Support flipped pages"), ("20.12", ("New features",), "Add a hook"),
        # a bullet that says a change stays one, and only a list of one item can title the next
        ("20.07", (), "Fix the build"), ("20.07", (), "Fix a crash"), ("20.07", (), "Docs tweaks"),
        ("20.07", (), "Admin"), ("20.07", (), "Fix a hang")]


def test_a_heading_written_as_a_colon_line_has_the_colon_lines_after_it_as_siblings():
    log = parse("""
        ## 2.14.0 (2024-06-17)

        ### Major features:

        - Tracing (#12345, @a)

        Bug fixes:

        - Fix a crash (#12346, @b)

        ## 2.13.0

        ### Fixed

        **eBPF:**

        - Fix conntrack (#1)
        """)
    assert [(c.release.version, c.section) for c in log.changes] == [
        ("2.14.0", ("Major features",)), ("2.14.0", ("Bug fixes",)), ("2.13.0", ("Fixed", "eBPF"))]


def test_a_placeholder_release_first_and_changes_since_the_release_before():
    log = parse(f"""
        # Vx.x.x (Pre-release)

        ## Changes since v4.0.0
        - [#292]({GH}/p/oauth2_proxy/pull/292) Add a dependency (@jmfrank63)

        # v4.0.0

        ## Changes since v3.2.0
        - [#227]({GH}/p/oauth2_proxy/pull/227) Add Keycloak provider (@Ofinka)

        # v3.2.0

        - Older
        """)
    assert [(c.release.version, c.release.unreleased, c.summary) for c in log.changes] == [
        ("Unreleased", True, "Add a dependency"), ("v4.0.0", False, "Add Keycloak provider"),
        ("v3.2.0", False, "Older")]
    assert log.files[0].project == "oauth2_proxy"


def test_release_highlights_and_links_to_guides_are_notes():
    log = parse(f"""
        # v4.0.0

        ## Release Highlights
        - Support for Go 1.13
        - Keycloak as a provider

        ## Changes since v3.2.0
        - [#227]({GH}/p/oauth2_proxy/pull/227) Add Keycloak provider (@Ofinka)
        - [#273]({GH}/p/oauth2_proxy/pull/273) Support Go 1.13 (@dio)

        # 4.4

        - [Release announcement](https://godotengine.org/releases/4.4/)
        - [Migration guide](https://docs.godotengine.org/en/latest/tutorials/migrating/upgrading_to_godot_4.4.html)
        - [Breaking changes]({GH}/g/godot/blob/master/CHANGELOG.md#breaking)
        - [Fix the editor crash]({GH}/g/godot/pull/12)
        """)
    assert [(c.release.version, c.summary) for c in log.changes] == [
        ("v4.0.0", "Add Keycloak provider"), ("v4.0.0", "Support Go 1.13"), ("4.4", "Fix the editor crash")]


def test_releases_named_by_their_date():
    log = parse("""
        # Release (2026-06-10)

        * `service/amp`: Add out-of-order ingestion

        # Release (2026-06-05.2)

        * `service/s3`: Fix a retry

        # Release (2026-06-05)

        * `service/ec2`: Add a field
        """)
    assert [(r.version, r.date, r.prerelease) for r in log.releases] == [
        ("2026-06-10", "2026-06-10", False), ("2026-06-05.2", "2026-06-05", False), ("2026-06-05", "2026-06-05", False)]
    assert [r.version for r in sorted(log.releases, key=lambda r: r.sort_key)] == [
        "2026-06-05", "2026-06-05.2", "2026-06-10"]
    plain = parse("## 2024-02-01\n\n- b\n\n## 2024-01-15 - Big update\n\n- a\n")
    assert versions(plain) == ["2024-02-01", "2024-01-15"]
    dated = parse("## v1.12.3\n\n### 2024-01-09\n\n- Fix x (#7247, @Lyndon-Li)\n\n## v1.12.2\n\n- y\n")
    assert [(r.version, r.date) for r in dated.releases] == [("v1.12.3", "2024-01-09"), ("v1.12.2", "")]


@pytest.mark.parametrize("text, summary, breaking", [
    ("(.keySet {:a 1}) returns nil", "(.keySet {:a 1}) returns nil", False),
    ("Add a note {: .note}", "Add a note", False),
    ("This is not a breaking change since the type is non-exhaustive", None, False),
    ("Fix accidental breaking change introduced by a refactor", None, False),
    (f"Upgrade Travis [(#1184)]({GH}/m/mockito/pull/1184)", "Upgrade Travis", False),
])
def test_maps_are_no_attributes_and_what_says_it_is_not_breaking_is_not(text, summary, breaking):
    info = analyse(text)
    assert (info.summary if summary is not None else None, info.breaking) == (summary, breaking)


def test_milestones_and_dotted_colon_titles():
    from explorer.versions import is_prerelease, version_key

    assert release_heading("1.1.0-M1").version == "1.1.0-M1" and is_prerelease("1.1.0-M1")
    assert version_key("2.0.0-M1") < version_key("2.0.0-M2") < version_key("2.0.0-RC1") < version_key("2.0.0")
    log = parse("## 1.0.0\n\nSci:\n\n- a\n\nBabashka.fs:\n\n- b\n")
    assert [c.section for c in log.changes] == [("Sci",), ("Babashka.fs",)]
    # a remark in parentheses aside; a sentence leading into its list is none
    log = parse("## 1.0.0\n\nAPI changes (since 1.3.0-M2):\n\n- a\n\n"
                "## 0.9.0\n\nIncluding (but not limited to):\n\n- b\n")
    assert [c.section for c in log.changes] == [("API changes",), ()]


@pytest.mark.parametrize("text, summary, authors", [
    (f"Fix x (thanks [@bollwyvl]({GH}/j/jupyterlab/commits?author=bollwyvl)!)", "Fix x", ("bollwyvl",)),
    ("Support a // @ts-check directive", "Support a // @ts-check directive", ()),
    ("Add a vcs task. (Phil Hagelberg, Wayne Warren)", "Add a vcs task.", ("Phil Hagelberg", "Wayne Warren")),
    ("Support it (Windows Server, Linux Desktop)", "Support it (Windows Server, Linux Desktop)", ()),
    ("Fix a crash (Apple Silicon)", "Fix a crash (Apple Silicon)", ()),
])
def test_commit_links_full_names_in_closing_parentheses_and_directives(text, summary, authors):
    info = analyse(text)
    assert (info.summary, info.authors) == (summary, authors)


def test_a_topic_over_details_inside_a_marked_list_keeps_its_section():
    log = parse("""
        ## 12.0.0b1

        **Breaking changes: New API design**

        - Operations are now scoped to a client.
        - New error hierarchy:
            - All service errors use the base type.
            - Some errors are more specific.
        - Operation `snapshot_blob` has been renamed.

        **Breaking Changes:**

        - Drop Python 2.

        * Bug Fixes:
            * Fix a crash.
        """)
    assert [(c.section, c.breaking) for c in log.changes] == [
        (("Breaking changes: New API design",), True),
        (("Breaking changes: New API design", "New error hierarchy"), True),
        (("Breaking changes: New API design", "New error hierarchy"), True),
        (("Breaking changes: New API design",), True),
        (("Breaking Changes",), True), (("Bug Fixes",), False)]


def test_a_section_title_met_twice_under_one_parent_ends_that_parent():
    log = parse("""
        # 17.0.0 (2023-09-06)
        ## Breaking Changes
        ### core
        - Components created dynamically are now checked
        ### router
        - `urlHandlingStrategy` was removed
        ### core
        | Commit | Type | Description |
        | -- | -- | -- |
        | [40bb45f329](https://github.com/o/r/commit/40bb45f3297359866cab) | fix | Respect the strategy |
        ### router
        | Commit | Type | Description |
        | -- | -- | -- |
        | [f464e39364](https://github.com/o/r/commit/f464e39364da6436fc4b) | fix | Keep the title |
    """)
    assert [(c.section, c.summary, c.breaking) for c in log.changes] == [
        (("Breaking Changes", "core"), "Components created dynamically are now checked", True),
        (("Breaking Changes", "router"), "urlHandlingStrategy was removed", True),
        (("core",), "Respect the strategy", False),
        (("router",), "Keep the title", False)]


@pytest.mark.parametrize("line, date", [
    ("June 20th 2023 [Detailed release notes](https://issues.example.org/notes?v=1)", "2023-06-20"),
    ("July 26, 2016 - [Detailed release notes](https://issues.example.org/browse/X/12329661)", "2016-07-26"),
    ("_2020 May 25_", "2020-05-25"),
    ("Tue Nov 26 17:30:42 CET 2024", "2024-11-26"),
    ("> Released 17/Jun/2025", "2025-06-17"),
])
def test_a_line_under_the_release_heading_that_dates_it(line, date):
    log = parse(f"## 2.3.0.Final\n{line}\n\n### New features\n\n- Add x\n\n## 2.3.0.CR1\n\n- Fix y\n")
    assert [(r.version, r.date) for r in log.releases] == [("2.3.0.Final", date), ("2.3.0.CR1", "")]
    assert [(c.release.version, c.section, c.summary) for c in log.changes] == [
        ("2.3.0.Final", ("New features",), "Add x"), ("2.3.0.CR1", (), "Fix y")]


def test_a_code_span_wrapped_with_its_line_reads_as_one_line():
    log = parse("""
        ## 1.0.0

        * Fix `:nth-child()` parsing when they contain `of
          selector`.
    """)
    assert [c.summary for c in log.changes] == ["Fix :nth-child() parsing when they contain of selector."]


def test_bold_italic_markers_counted_sections_and_a_bold_compare_link():
    log = parse("""
        ## 1.7.0 - 2023-04-03

        **[compare](https://github.com/o/r/compare/1.6.0..1.7.0)**

        ***Changed:***

        - Output now goes to stderr

        ## 1.6.0 - 2023-03-01

        ### 31 API/feature enhancements

        - Publicize foldStep

        ### 1 bug fix

        - Fix a typo
    """)
    assert [(c.release.version, c.section, c.summary) for c in log.changes] == [
        ("1.7.0", ("Changed",), "Output now goes to stderr"),
        ("1.6.0", ("API/feature enhancements",), "Publicize foldStep"),
        ("1.6.0", ("bug fix",), "Fix a typo")]


@pytest.mark.parametrize("path, link, repo", [
    ("pipx/CHANGELOG.md", "[pypa/pipx](https://github.com/pypa/pipx)", "pipx"),  # its home page, and the path
    ("CHANGELOG.md", "https://github.com/go-gitea/gitea/releases/tag/1.21.1 and /releases/tag/1.21.0 "
                     "https://github.com/go-gitea/gitea/releases/tag/1.21.0", "gitea"),  # its releases, twice
    ("CHANGELOG.md", "[pypa/pipx](https://github.com/pypa/pipx)", ""),  # linked once, and the path says nothing
    ("pipx/CHANGELOG.md", "[a/pipx](https://github.com/a/pipx) [b/c](https://github.com/b/c)", ""),  # two linked once
])
def test_a_files_repository_known_from_a_link_to_its_home_or_its_releases(path, link, repo):
    log = parse(f"See {link}.\n\n## 1.0.0\n\n- Add `pipx uninject` (#820)\n", path)
    assert [r.repo for r in log.changes[0].refs] == [repo]


def test_a_home_page_linked_in_an_entry_is_another_projects():
    log = parse("## 1.5.3\n\n* Fix the name of an item (#174)\n* Update [unity](https://github.com/ThrowTheSwitch/Unity)"
                " to 2.4.1\n\n## 1.0.0\n\n* Use the [unity](https://github.com/ThrowTheSwitch/Unity) framework\n",
                "cJSON/CHANGELOG.md")
    assert [(r.repo, r.url) for r in log.changes[0].refs] == [("", "#174")]  # not ThrowTheSwitch/Unity's #174


@pytest.mark.parametrize("text, summary, labels, breaking", [
    (f"**(registry)** add luau by [@rhanneken]({GH}/rhanneken) in [#4993]({GH}/j/mise/pull/4993)", "add luau",
     ("registry",), False),  # git-cliff's scope
    (f"**(breaking-change)** Require elements ([#11145]({GH}/c/crystal/pull/11145), thanks @HertzDevil)",
     "Require elements", ("breaking-change",), True),
    ("**(performance)** Faster hashing (#12)", "Faster hashing", ("performance",), False),
])
def test_a_scope_in_bold_parentheses_opens_an_entry(text, summary, labels, breaking):
    info = analyse(text)
    assert (info.summary, info.labels, info.breaking) == (summary, labels, breaking)


def test_a_bots_profile_link_credits_the_bot():
    info = analyse(f"update rust crate tabled to 0.19 by [@renovate[bot]]({GH}/renovate[bot]) in "
                   f"[#4935]({GH}/j/mise/pull/4935)")
    assert (info.summary, info.authors, [r.label for r in info.refs]) == (
        "update rust crate tabled to 0.19", ("renovate[bot]",), ["mise#4935"])


@pytest.mark.parametrize("text, summary, refs", [
    (f"add access ([#2406]({GH}/k/keda/pull/2406))|([#2410]({GH}/k/keda/pull/2410))", "add access",
     [("keda#2406", "pr"), ("keda#2410", "pr")]),  # refs set apart by bars
    ("add unsafeSsl parameter (#2157|#2320)", "add unsafeSsl parameter", [("r#2157", "pr"), ("r#2320", "pr")]),
    ("Fix leaks (#1704 | #1739)", "Fix leaks", [("r#1704", "pr"), ("r#1739", "pr")]),
    ("Do x (#7428, fixes\n  #1701, @rgrinberg)", "Do x", [("r#7428", "pr"), ("r#1701", "issue")]),  # wrapped
    ("Do y (#7380,\n  fixes #7355, @Alizter)", "Do y", [("r#7380", "pr"), ("r#7355", "issue")]),
])
def test_refs_set_apart_by_bars_and_what_fixes_names_across_a_line_break(text, summary, refs):
    info = analyse(text, ("o", "r"))
    assert (info.summary, [(r.label, r.kind) for r in info.refs]) == (summary, refs)


def test_placeholders_that_say_todo_or_there_are_none_and_a_release_in_hugos_front_matter():
    log = parse("""
        ---
        title: Change Notes
        publishdate: 2023-11-14
        release: 1.20.0
        ---

        ## Deprecation Notices

        - There are no new deprecations in Istio 1.20.0.

        ## Breaking Changes

        - TODO ([#XXX](https://github.com/o/r/pull/XXX))

        ## Traffic Management

        - **Updated** the Kiali addon to version `v1.76.0`.
    """, "change-notes/index.md")
    assert [(r.version, r.date) for r in log.releases] == [("1.20.0", "2023-11-14")]
    assert [(c.section, c.summary) for c in log.changes] == [
        (("Traffic Management",), "Updated the Kiali addon to version v1.76.0.")]


def test_a_release_named_by_its_number_and_date_with_myst_roles_and_a_substitution_mark():
    log = parse("""
        # Release 440 (8 Mar 2024)

        ## General

        * Improve performance of {func}`arrays_overlap`. ({issue}`20900`)
        * {{breaking}} Remove defunct `http-client.max-connections` property.
          ([Airlift PR #1118](https://github.com/airlift/airlift/pull/1118))
        * See {doc}`the connector docs </connector/x>` for details. ({pr}`12`, {user}`jane`)
        * The {{ max }} placeholder in the message is replaced.
        """, "docs/release-440.md")
    assert [(r.version, r.date) for r in log.releases] == [("440", "2024-03-08")]
    assert log.files[0].project != "Mar"  # the date's month is no project name
    got = [(c.summary, [r.label for r in c.refs], list(c.authors), c.breaking) for c in log.changes]
    assert got == [
        ("Improve performance of arrays_overlap.", ["#20900"], [], False),
        ("Remove defunct http-client.max-connections property.", ["airlift#1118"], [], True),
        ("See the connector docs for details.", ["#12"], ["jane"], False),
        ("The {{ max }} placeholder in the message is replaced.", [], [], False),
    ]
    assert log.changes[0].refs[0].kind == "issue"
    assert release_heading("Week 12 (2024-03-08)") is None  # a number, but not of a release


@pytest.mark.parametrize("text, summary, authors", [
    ("Detect server-mode ([#3050 by @wipiano](https://github.com/o/r/pull/3050))", "Detect server-mode", ["wipiano"]),
    ("Add pub/sub - ([#2887 by vandyvilla, atakavci and mgravell](https://github.com/o/r/pull/2887))", "Add pub/sub",
     ["vandyvilla", "atakavci", "mgravell"]),
    ("Restrict fallback ([2954 by jcaspes](https://github.com/o/r/pull/2954))", "Restrict fallback", ["jcaspes"]),
    # in a sentence the link's text stays; another number in the text is no credit of this PR
    ("Fixed in [#3050 by @jane](https://github.com/o/r/pull/3050) and more", "Fixed in #3050 by @jane and more", []),
    ("Add mode ([#2471 by mgravell](https://github.com/o/r/pull/2741))", "Add mode (#2471 by mgravell)", []),
])
def test_a_credit_inside_the_text_of_the_link_to_its_pr(text, summary, authors):
    info = analyse(text)
    assert (info.summary, list(info.authors)) == (summary, authors)
    assert [r.number for r in info.refs] == re.findall(r"/pull/(\d+)", text)


def test_a_ref_in_double_brackets_opens_an_entry_as_its_link_definition_names_it():
    log = parse("""
        ## 0.8.0 - 2024-07-22

        ### Fixed
        * [[#3297]]: Pass the persistent query setting [[@etorreborre]]
        * [[#3312]]: doc: Minor rust docs fixes [[@SrGesus]]

        [#3297]: https://github.com/launchbadge/sqlx/pull/3297
        [#3312]: https://github.com/launchbadge/sqlx/pull/3312
        [@etorreborre]: https://github.com/etorreborre
        [@SrGesus]: https://github.com/SrGesus
        """)
    got = [(c.summary, [r.label for r in c.refs], list(c.authors)) for c in log.changes]
    assert got == [("Pass the persistent query setting", ["sqlx#3297"], ["etorreborre"]),
                   ("doc: Minor rust docs fixes", ["sqlx#3312"], ["SrGesus"])]


@pytest.mark.parametrize("text, summary", [
    (f"[`e48badb03`]({GH}/npm/cli/commit/e48badb03058286a557584d7319db4143049cc6b)\n"
     f"  [#2148]({GH}/npm/cli/issues/2148)\n  Fix link in documentation\n  ([@gurdiga]({GH}/gurdiga))",
     "Fix link in documentation"),
    ("[CLJ-829](http://dev.clojure.org/jira/browse/CLJ-829)\n  Transient hashmaps mishandle hash collisions",
     "Transient hashmaps mishandle hash collisions"),
])
def test_refs_that_open_an_entry_on_lines_of_their_own(text, summary):
    assert analyse(text).summary == summary


def test_headings_written_in_html_and_links_whose_target_is_a_template_tag():
    log = parse("""
        ## v23.1.12

        Release Date: November 13, 2023

        <h3 id="v23-1-12-security-updates">Security updates</h3>

        - The `SIGHUP` signal clears [client certificates]({% link v23.1/cert.md %}#how) times. [#111006][#111006]

        <h3 id="v23-1-12-bug-fixes">Bug fixes</h3>
        - Fixed a panic. [#113881][#113881]

        [#111006]: https://github.com/cockroachdb/cockroach/pull/111006
        [#113881]: https://github.com/cockroachdb/cockroach/pull/113881
        """)
    got = [(c.section, c.summary, [r.number for r in c.refs]) for c in log.changes]
    assert got == [(("Security updates",), "The SIGHUP signal clears client certificates times.", ["111006"]),
                   (("Bug fixes",), "Fixed a panic.", ["113881"])]


@pytest.mark.parametrize("text, summary, authors", [
    (f"add Buffer.copyBytesFrom(...) (James M Snell) [#46500]({GH}/nodejs/node/pull/46500)",
     "add Buffer.copyBytesFrom(...)", ["James M Snell"]),
    # a title before a link to an issue, and words that are no name, stay
    ("Dbz crashes on parsing code (Statement Labels) [DBZ-6651](https://issues.redhat.com/browse/DBZ-6651)",
     "Dbz crashes on parsing code (Statement Labels)", []),
    (f"Fix the alias (Databricks SQL) [#1]({GH}/o/r/pull/1)", "Fix the alias (Databricks SQL)", []),
    (f"Fix a crash (Windows Only) [#1]({GH}/o/r/pull/1)", "Fix a crash (Windows Only)", []),
    (f"Fixed static methods. [xunit/xunit#2704]({GH}/xunit/xunit/issues/2704){{ .issue-link }}",
     "Fixed static methods.", []),
    (f"Added the `@StandardException` feature. [Pull Request #2702]({GH}/projectlombok/lombok/pull/2702).",
     "Added the @StandardException feature.", []),
    (f"Bug - Fix S3 upload failure [aws-for-fluent-bit:653]({GH}/aws/aws-for-fluent-bit/issues/653)",
     "Bug - Fix S3 upload failure", []),
    (f"Bump tar from 7.5.9 to 7.5.11 by [@dependabot]({GH}/dependabot)[bot] in {GH}/laravel/framework/pull/59164",
     "Bump tar from 7.5.9 to 7.5.11", ["dependabot[bot]"]),
    ("ThrowableProxy was saving different keys. Thanks to Liu Wen.", "ThrowableProxy was saving different keys.",
     ["Liu Wen"]),
    ("It works. Thanks to Everyone.", "It works. Thanks to Everyone.", []),
    ("Parameters can now be re-used (#952 via jamescrowley)", "Parameters can now be re-used", ["jamescrowley"]),
    ("documentation fixes (#1615 via Rollerss, #1604 via GitHubPang)", "documentation fixes",
     ["Rollerss", "GitHubPang"]),
    ("Works behind a gateway (via proxy)", "Works behind a gateway (via proxy)", []),  # no ref: words, maybe
    (f"**Animated**: A new test ([8bc6214284]({GH}/facebook/react-native/commit/8bc6214284) by Bartlomiej Bloniarz)",
     "Animated: A new test", ["Bartlomiej Bloniarz"]),
    ("Fix the dialect (#6269 by griffio)", "Fix the dialect", ["griffio"]),
    ("Works out of the box (#12 by default)", "Works out of the box (#12 by default)", []),
])
def test_credits_by_name_handle_or_bot_beside_the_refs_they_made(text, summary, authors):
    info = analyse(text)
    assert (info.summary, list(info.authors)) == (summary, authors)


@pytest.mark.parametrize("text, summary, labels", [
    ("Bugfix #1989: Google Cloud Storage: Respect bandwidth limit", "Google Cloud Storage: Respect bandwidth limit",
     ["Bugfix", "Google Cloud Storage"]),
    ("Enh #2028: Add a new thing", "Add a new thing", ["Enh"]),
    ("Fix #12 crash on start", "Fix #12 crash on start", []),  # a sentence: the kind needs its colon
    ("(wasm) Add cache methods to `RequestBuilder`.", "Add cache methods to RequestBuilder.", ["wasm"]),
    ("(maint) Fix a small typo", "Fix a small typo", ["maint"]),
    ("(Breaking) Remove z", "(Breaking) Remove z", []),  # a scope is written in lower case
])
def test_a_kind_and_a_ref_with_a_colon_open_an_entry(text, summary, labels):
    info = analyse(text)
    assert (info.summary, list(info.labels)) == (summary, labels)


@pytest.mark.parametrize("closing, authors", [
    ("*Hugo Landau, Matt Caswell, Tomáš Mráz*", ["Hugo Landau", "Matt Caswell", "Tomáš Mráz"]),
    ("*Dmitry Belyavskiy and Simo Sorce*", ["Dmitry Belyavskiy", "Simo Sorce"]),
    ("*David Kelsey*, *Martin Schmatz*", ["David Kelsey", "Martin Schmatz"]),
])
def test_a_closing_line_of_names_in_italics_credits_each(closing, authors):
    info = analyse(f"Add ML-DSA as specified in FIPS 204.\n\n   {closing}")
    assert (info.summary, list(info.authors)) == ("Add ML-DSA as specified in FIPS 204.", authors)


def test_a_bullet_that_only_thanks_people_is_no_change_and_thx_credits():
    log = parse("""
        ## 0.56.0
        - Added the walker
        - Thanks to @alexeisersun, @bitraid, @Lompik, and @fsc0 for the contributions
        - Thanks to @x, the parser is faster
        """)
    assert [c.summary for c in log.changes] == ["Added the walker", "Thanks to @x, the parser is faster"]
    info = analyse("Improves docs and UI wording (thx @crack and @jessejanderson)")
    assert (info.summary, list(info.authors)) == ("Improves docs and UI wording", ["crack", "jessejanderson"])


def test_a_group_inside_a_group_is_a_section_of_its_own():
    log = parse("""
        ## v1.59.0 - 2022-07-09

        * New Features
            * build
                * Update to go1.18 and make go1.16 the minimum required version (Nick Craig-Wood)
                * Update android go build to 1.18.x (Nick Craig-Wood)
            * Add Rails 8 support. Routes are lazy-loaded by default
                * in test and development environments
        * Bug Fixes
            * Fix the crash
        """)
    got = [(c.section, c.summary.split(" (")[0]) for c in log.changes]
    assert got == [
        (("New Features", "build"), "Update to go1.18 and make go1.16 the minimum required version"),
        (("New Features", "build"), "Update android go build to 1.18.x"),
        (("New Features",),
         "Add Rails 8 support. Routes are lazy-loaded by default; in test and development environments"),
        (("Bug Fixes",), "Fix the crash"),
    ]


@pytest.mark.parametrize("text, summary, refs", [
    ("FDIS-22 - Update Vert.x to v4.3.4", "Update Vert.x to v4.3.4", ["FDIS-22"]),
    ("MODULES-444: concat() can now take more than two arrays", "concat() can now take more than two arrays",
     ["MODULES-444"]),
    ("UTF-8: handle a byte-order mark", "UTF-8: handle a byte-order mark", []),  # a standard, not a key
    ("ABC-1 works now", "ABC-1 works now", []),  # no dash or colon after it: the sentence's subject
])
def test_an_issue_trackers_key_before_a_dash_or_colon_opens_an_entry(text, summary, refs):
    info = analyse(text)
    assert (info.summary, [r.number for r in info.refs]) == (summary, refs)


def test_a_closing_name_in_parentheses_credits_whom_the_file_credits_so():
    log = parse("""
        v1.10.0 - November 20, 2015

        * Fix: Revert freezing context object (refs #4495) (Nicholas C. Zakas)
        * Docs: Remove dupes from changelog (Nicholas C. Zakas)
        * Fix: Handle comments in block-spacing (fixes #4387) (alberto)
        * Fix: space-before-keywords false positive (alberto)
        * Docs: Fix typo in default value (Andrew Hutchings)
        * Build: Run the tests on Windows (Windows Only)
        """)
    got = [(c.summary, c.authors) for c in log.changes]
    assert got == [
        ("Fix: Revert freezing context object", ("Nicholas C. Zakas",)),
        ("Docs: Remove dupes from changelog", ("Nicholas C. Zakas",)),  # credited so before
        ("Fix: Handle comments in block-spacing", ("alberto",)),
        ("Fix: space-before-keywords false positive", ("alberto",)),
        ("Docs: Fix typo in default value (Andrew Hutchings)", ()),  # two entries credit so: not enough to say
        ("Build: Run the tests on Windows (Windows Only)", ()),
    ]
    many = parse("## 1.4.0\n\n" + "".join(f"* Change {n} (#{n}) (Konstantin Haase)\n" for n in range(5))
                 + "* Reorder private methods. (Patricio Mac Adden)\n* Run it on Linux (Linux Only)\n")
    assert [(c.summary, c.authors) for c in many.changes[5:]] == [
        ("Reorder private methods.", ("Patricio Mac Adden",)),  # five entries credit so: any full name
        ("Run it on Linux (Linux Only)", ()),
    ]


@pytest.mark.parametrize("text, summary, refs", [
    ("Fix UTF-8 BOM not being stripped, see #3314 (@krikera)", "Fix UTF-8 BOM not being stripped", ["3314"]),
    ("Fix paging, see issue #2570, #2580, and PR #2651", "Fix paging", ["2570", "2580", "2651"]),
    ("TimeoutException is public (see #89).", "TimeoutException is public", ["89"]),
    ("Migrate the tests to `snapbox`.\n  For the complete list of pull requests,\n  see [#14039](https://github.com/o/r/issues/14039)",
     "Migrate the tests to snapbox.", ["14039"]),  # the sentence that leads to the refs goes whole
    ("For details, see #12", "For details, see #12", ["12"]),  # nothing would be left
    ("Fix it (see #12 and the docs)", "Fix it (see #12 and the docs)", ["12"]),  # more than refs
    ("Use it, see the docs", "Use it, see the docs", []),
])
def test_a_closing_see_that_only_points_to_refs_leaves_the_summary(text, summary, refs):
    info = analyse(text)
    assert (info.summary, [r.number for r in info.refs]) == (summary, refs)


def test_a_closing_credit_in_regards_to_an_issue():
    info = analyse("Memory leak in Timeline.\n  - Fixed by [Christian Noon](https://github.com/cnoon) in Pull Request\n"
                   "  [#1262](https://github.com/o/r/pull/1262) in regards to Issue [#1232](https://github.com/o/r/issues/1232).",
                   ("o", "r"))
    assert (info.summary, [r.number for r in info.refs], info.authors) == (
        "Memory leak in Timeline.", ["1262", "1232"], ("cnoon",))


def test_a_link_with_a_space_before_its_target_is_a_link():
    info = analyse("[Pull 1687] (https://github.com/ReactiveX/RxJava/pull/1687) Don't allocate an empty list",
                   ("ReactiveX", "RxJava"))
    assert (info.summary, [r.number for r in info.refs], info.labels) == ("Don't allocate an empty list", ["1687"], ())
    assert analyse("[Windows] (see the docs) Fix the path").labels == ("Windows",)  # no target: a tag


@pytest.mark.parametrize("text, summary, labels", [
    (":zap: :arrow_up: Update dependency references (#34928)", "Update dependency references",
     (":zap:", ":arrow_up:", "dependencies")),
    (":bug: fix the probe", "fix the probe", (":bug:",)),
    ("Fix :bug: in the probe", "Fix :bug: in the probe", ()),  # in the text: part of it
])
def test_emoji_shortcodes_that_open_an_entry_are_its_labels(text, summary, labels):
    info = analyse(text)
    assert (info.summary, info.labels) == (summary, labels)


@pytest.mark.parametrize("text, summary, labels, authors", [
    (f"⬆️ Upgrade Starlette to 0.13.6. PR [#1234]({GH}/t/f/pull/1234) by [@tiangolo]({GH}/tiangolo).",
     "Upgrade Starlette to 0.13.6.", ("⬆",), ("tiangolo",)),  # an arrow is an emoji too
    (f"[12.x] Fix [@params]({GH}/params) typo in the docblock by @Amirhf1 in {GH}/laravel/framework/pull/60700",
     "Fix @params typo in the docblock", ("12.x",), ("Amirhf1",)),  # a mention, when the tail credits
    (f"Fix [@params]({GH}/params) typo in the docblock (Jane Doe @jdoe)", "Fix @params typo in the docblock", (),
     ("jdoe",)),  # however the tail credits
    (f"Bulkhead isolation. Thanks to [@reisenberger]({GH}/reisenberger) and contributions from "
     f"[@brunolauze]({GH}/brunolauze).", "Bulkhead isolation. Thanks to @reisenberger and contributions",
     (), ("reisenberger", "brunolauze")),  # led by a word of thanks: credited
    (f"Thanks [@alice]({GH}/alice) for the fix", "Thanks @alice for the fix", (), ("alice",)),
    (f"Precalculate Layout for complex layout (Ex Json) [#2378]({GH}/nlog/nlog/pull/2378)  (@snakefoot)",
     "Precalculate Layout for complex layout (Ex Json)", (), ("snakefoot",)),  # "for example", no name
])
def test_arrows_as_emoji_mentions_beside_a_credit_and_ex_before_a_word(text, summary, labels, authors):
    info = analyse(text)
    assert (info.summary, info.labels, info.authors) == (summary, labels, authors)


def test_a_long_list_of_packages_in_code_opens_an_entry():
    info = analyse("`[jest-config, jest-haste-map, jest-resolve, jest-runner, jest-runtime, jest-test-sequencer, "
                   "jest-transform]` [**BREAKING**] Add a custom HasteMap option (#11107)")
    assert (info.summary, info.labels[:2], info.breaking) == (
        "Add a custom HasteMap option", ("jest-config", "jest-haste-map"), True)
