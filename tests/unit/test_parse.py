"""Documents of each format family, written small, parsed into releases, sections and changes."""

from textwrap import dedent

from explorer.parse import parse_text


def parse(text, path="CHANGELOG.md"):
    return parse_text(dedent(text).lstrip("\n"), path)


def sections(changelog):
    return [(c.release.version, " / ".join(c.section), c.summary) for c in changelog.changes]


def test_calico_style_single_release_named_by_the_file():
    log = parse(
        """
        09 May 2022

        #### Big feature

        Prose about the feature.

        Pull Requests:

         - Add it [calico #1](https://github.com/projectcalico/calico/pull/1) (@a)

        #### Bug fixes

        ##### eBPF dataplane

         - Fix it [bird #2](https://github.com/projectcalico/bird/pull/2) (@b)
        """,
        "v3.23.0-release-notes.md",
    )
    (release,) = log.releases
    assert (release.version, release.date) == ("v3.23.0", "2022-05-09")
    assert sections(log) == [
        ("v3.23.0", "Big feature", "Add it"),
        ("v3.23.0", "Bug fixes / eBPF dataplane", "Fix it"),
    ]
    notes = {s.path: s.notes for s in release.sections}
    assert notes[("Big feature",)] == "Prose about the feature.\n\nPull Requests:"
    assert log.changes[1].line == 15


def test_file_without_release_heading_takes_the_version_from_its_headings():
    log = parse("#### User action required if upgrading to v3.23.0\n\n- Do it\n", "notes.txt")
    assert log.releases[0].version == "v3.23.0"
    assert log.changes[0].action_required


def test_file_without_any_version_is_skipped_with_its_reason():
    log = parse("# Notes\n\nSee [1.2.0](x).\n\n- install it\n- run it\n", "README.md")
    assert (log.releases, log.changes) == ((), ())
    (source,) = log.files
    assert source.skipped == "no release headings, and no version in its name or front matter"


def test_keep_a_changelog():
    log = parse(
        """
        # Changelog

        All notable changes.

        ## [Unreleased]

        ## [1.1.0] - 2024-09-27

        ### Added

        - **Breaking:** new thing, wrapped
          over two lines
          - with a nested point
        - Translations from [@tian].

        ## [1.0.0rc1] - 2023-03-05 [YANKED]

        ### Fixed

        - Old fix

        [unreleased]: https://github.com/o/r/compare/v1.1.0...HEAD
        [1.1.0]: https://github.com/o/r/compare/v1.0.0...v1.1.0
        [@tian]: https://github.com/tian
        """
    )
    assert [(r.version, r.date, r.unreleased, r.yanked, r.prerelease) for r in log.releases] == [
        ("Unreleased", "", True, False, False),
        ("1.1.0", "2024-09-27", False, False, False),
        ("1.0.0rc1", "2023-03-05", False, True, True),
    ]
    assert log.files[0].notes == "# Changelog\n\nAll notable changes."
    first = log.changes[0]
    assert first.breaking
    assert first.summary == "new thing, wrapped over two lines; with a nested point"
    assert first.markdown == "**Breaking:** new thing, wrapped\nover two lines\n- with a nested point"
    assert log.changes[1].authors == ("tian",)
    assert len(log.changes) == 3


def test_kubernetes_changelog_skips_toc_and_downloads_and_labels_module_bumps():
    log = parse(
        """
        <!-- BEGIN MUNGE: GENERATED_TOC -->

        - [v1.27.0-alpha.2](#v1270-alpha2)
          - [Downloads for v1.27.0-alpha.2](#downloads-for-v1270-alpha2)

        <!-- END MUNGE: GENERATED_TOC -->

        # v1.27.0-alpha.2


        ## Downloads for v1.27.0-alpha.2

        ### Source Code

        filename | sha512 hash
        -------- | -----------
        [kubernetes.tar.gz](https://dl.k8s.io/x) | 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef

        ## Changelog since v1.27.0-alpha.1

        ## Urgent Upgrade Notes

        ### (No, really, you MUST read this before you upgrade)

        - Remove the flag ([#1](https://github.com/kubernetes/kubernetes/pull/1), [@a](https://github.com/a)) [SIG Node]
         - Second note ([#2](https://github.com/kubernetes/kubernetes/pull/2), [@b](https://github.com/b))

        ## Changes by Kind

        ### Bug or Regression

        - Fix a bug ([#3](https://github.com/kubernetes/kubernetes/pull/3), [@c](https://github.com/c)) [SIG Network and Storage]

        ## Dependencies

        ### Changed
        - github.com/onsi/gomega: [v1.24.2 → v1.26.0](https://github.com/onsi/gomega/compare/v1.24.2...v1.26.0)
        - go.uber.org/goleak: v1.2.0 → v1.2.1

        ### Added
        - github.com/a8m/tree: [10a5fd5](https://github.com/a8m/tree/tree/10a5fd5)
        - k8s.io/heapster: v1.2.0-beta.1

        ### Removed
        _Nothing has changed._



        # v1.27.0-alpha.1

        ## Changes by Kind

        ### Feature

        - A feature ([#4](https://github.com/kubernetes/kubernetes/pull/4), [@d](https://github.com/d))
        """  # noqa: E501 - release notes as published
    )
    assert [r.version for r in log.releases] == ["v1.27.0-alpha.2", "v1.27.0-alpha.1"]
    assert all(r.prerelease and r.date == "" for r in log.releases)
    urgent = "Urgent Upgrade Notes / (No, really, you MUST read this before you upgrade)"
    assert sections(log) == [
        ("v1.27.0-alpha.2", urgent, "Remove the flag"),
        ("v1.27.0-alpha.2", urgent, "Second note"),
        ("v1.27.0-alpha.2", "Changes by Kind / Bug or Regression", "Fix a bug"),
        ("v1.27.0-alpha.2", "Dependencies / Changed", "github.com/onsi/gomega: v1.24.2 → v1.26.0"),
        ("v1.27.0-alpha.2", "Dependencies / Changed", "go.uber.org/goleak: v1.2.0 → v1.2.1"),
        ("v1.27.0-alpha.2", "Dependencies / Added", "github.com/a8m/tree: 10a5fd5"),
        ("v1.27.0-alpha.2", "Dependencies / Added", "k8s.io/heapster: v1.2.0-beta.1"),
        ("v1.27.0-alpha.1", "Changes by Kind / Feature", "A feature"),
    ]
    assert [c.action_required for c in log.changes] == [True, True, False, False, False, False, False, False]
    assert log.changes[2].labels == ("SIG Network", "SIG Storage")
    assert [("dependencies" in c.labels) for c in log.changes] == [False] * 3 + [True] * 4 + [False]
    notes = {s.path: s.notes for s in log.releases[0].sections}
    assert notes[("Dependencies", "Removed")] == "_Nothing has changed._"


def test_github_generated_notes_skip_new_contributors_and_full_changelog():
    log = parse(
        """
        ## 8.1.0 - 2026-06-27

        ## What's Changed

        * Fix a bug by @a in https://github.com/spatie/p/pull/2954
        * Bump x by @dependabot[bot] in https://github.com/spatie/p/pull/2959

        ## New Contributors

        * @a made their first contribution in https://github.com/spatie/p/pull/2954

        **Full Changelog**: https://github.com/spatie/p/compare/8.0.0...8.1.0

        ## 6;24.1 - 2026-02-09

        ###Added
        - typo'd heading still works
        """
    )
    assert [(r.version, r.date) for r in log.releases] == [("8.1.0", "2026-06-27"), ("6;24.1", "2026-02-09")]
    assert sections(log) == [
        ("8.1.0", "What's Changed", "Fix a bug"),
        ("8.1.0", "What's Changed", "Bump x"),
        ("6;24.1", "Added", "typo'd heading still works"),
    ]
    assert log.changes[1].authors == ("dependabot[bot]",)
    assert all("Full Changelog" not in s.notes for s in log.releases[0].sections)


def test_highlights_bullets_are_notes_not_changes():
    log = parse(
        """
        ## [4.3.0] - 2026-08-05

        ## Highlights

        * A retelling of the best change.

        ## What’s Changed

        * The change [#8247](https://github.com/sqlfluff/sqlfluff/pull/8247) [@ruby](https://github.com/ruby)
        """
    )
    assert sections(log) == [("4.3.0", "What’s Changed", "The change")]
    assert log.changes[0].authors == ("ruby",)
    assert log.releases[0].sections[0].notes == "- A retelling of the best change."


def test_prometheus_tags():
    log = parse(
        """
        ## 3.14.0 / 2026-08-17

        - [FEATURE] Discovery: Add OCI service discovery (`oci_sd_configs`). #18919
        * [CHANGE] **breaking** TSDB: Changed WAL record format. #11783
        """,
        "prometheus/CHANGELOG.md",
    )
    first, second = log.changes
    assert first.labels == ("FEATURE", "Discovery")
    assert first.summary == "Discovery: Add OCI service discovery (oci_sd_configs)."
    assert first.refs[0].label == "#18919"
    assert second.breaking


def test_towncrier_refs_on_the_next_line_and_rules_between_releases():
    log = parse(
        """
        <!-- towncrier release notes start -->

        ## [26.1.0](https://github.com/python-attrs/attrs/tree/26.1.0) - 2026-03-19

        ### Backwards-incompatible Changes

        - Something went away.
          [#1509](https://github.com/python-attrs/attrs/issues/1509)

        ---

        ## [25.4.0](https://github.com/python-attrs/attrs/tree/25.4.0) - 2025-10-06

        ### Changes:

        - Two refs.
          ([#102](https://github.com/python-attrs/attrs/issues/102), [#226](https://github.com/python-attrs/attrs/issues/226))
        """
    )
    assert [r.version for r in log.releases] == ["26.1.0", "25.4.0"]
    assert log.changes[0].breaking and log.changes[0].summary == "Something went away."
    assert [r.label for r in log.changes[1].refs] == ["attrs#102", "attrs#226"]
    assert log.changes[1].section == ("Changes",)


def test_traefik_bold_line_sections_and_h1_anomaly():
    log = parse(
        """
        ## [v3.7.9](https://github.com/traefik/traefik/tree/v3.7.9) (2026-07-24)
        [All Commits](https://github.com/traefik/traefik/compare/v3.7.8...v3.7.9)

        **Bug fixes:**
        - **[k8s/ingress-nginx]** Fix redirect ([#13476](https://github.com/traefik/traefik/pull/13476) @AmariahAK)

        **Documentation:**
        - **[acme]** Docs ([#13477](https://github.com/traefik/traefik/pull/13477) by [mpl](https://github.com/mpl))

        # [v2.11.21](https://github.com/traefik/traefik/tree/v2.11.21) (2026-07-20)

        **Important:** Please read the [migration guide](https://doc.traefik.io/x).

        **Misc:**
        - Merge branch v2.11 into v3.6 ([#13400](https://github.com/traefik/traefik/pull/13400) by [ldez](https://github.com/ldez))
        """
    )
    assert [(r.version, r.date) for r in log.releases] == [("v3.7.9", "2026-07-24"), ("v2.11.21", "2026-07-20")]
    assert sections(log) == [
        ("v3.7.9", "Bug fixes", "Fix redirect"),
        ("v3.7.9", "Documentation", "Docs"),
        ("v2.11.21", "Misc", "Merge branch v2.11 into v3.6"),
    ]
    assert log.releases[1].notes.startswith("**Important:** Please read")


def test_cargo_emoji_and_empty_sections():
    log = parse(
        """
        ## Cargo 1.79 (2024-06-13)
        [2fe739fc...rust-1.79.0](https://github.com/rust-lang/cargo/compare/2fe739fc...rust-1.79.0)

        ### Added

        - 🎉 `cargo add` respects `package.rust-version`
          ([RFC 3537](https://github.com/rust-lang/rfcs/pull/3537))
          [#13608](https://github.com/rust-lang/cargo/pull/13608)
          [#13609](https://github.com/rust-lang/cargo/pull/13609)

        ### Changed

        ### Fixed

        - ❗️ Removed something
        """
    )
    assert log.releases[0].version == "1.79"
    first, second = log.changes
    assert first.summary == "cargo add respects package.rust-version (RFC 3537)"
    assert [r.label for r in first.refs] == ["rfcs#3537", "cargo#13608", "cargo#13609"]
    assert first.labels == ("🎉",)
    assert second.breaking and second.section == ("Fixed",)
    assert [s.path for s in log.releases[0].sections] == [("Added",), ("Changed",), ("Fixed",)]


def test_node_commit_list():
    log = parse(
        """
        ---
        date: '2023-11-22T12:00:00.000Z'
        title: Node v20.10.0 (LTS)
        ---

        ## 2023-11-22, Version 20.10.0 'Iron' (LTS), @targos

        ### Commits

        - \\[[`73757a5f42`](https://github.com/nodejs/node/commit/73757a5f42)] - **(SEMVER-MINOR)** **deps**: update uvwasi to 0.0.19 (Node.js GitHub Bot) [#49908](https://github.com/nodejs/node/pull/49908)

        ### SHASUMS

        ```
        -----BEGIN PGP SIGNED MESSAGE-----
        abc  node.tar.gz
        ```
        """  # noqa: E501 - release notes as published
    )
    (release,) = log.releases
    assert (release.version, release.date) == ("20.10.0", "2023-11-22")
    (change,) = log.changes
    assert change.summary == "deps: update uvwasi to 0.0.19"
    assert change.authors == ("Node.js GitHub Bot",)
    assert change.labels == ("SEMVER-MINOR", "deps")
    # the pull request first: it is what the table shows and an export links to
    assert [(r.kind, r.label) for r in change.refs] == [("pr", "node#49908"), ("commit", "node@73757a5f42")]
    assert "PGP" not in "".join(s.notes for s in release.sections)


def test_hashicorp_caps_sections():
    log = parse(
        """
        ## 0.12.0 (Unreleased)

        ## 0.10.0-rc1 to 0.10.0 (August 2, 2017)

        BACKWARDS INCOMPATIBILITIES / NOTES:

          * core: Old style
             continued on a 5-space line ([#1](https://github.com/hashicorp/terraform/issues/1))

        BUG FIXES:

        * `terraform init`: Fix crash ([#33628](https://github.com/hashicorp/terraform/issues/33628)))

        ## 0.9.3 (26th April 2017)

        * a bullet with no section [GH-#226]
        """
    )
    assert [(r.version, r.date, r.unreleased) for r in log.releases] == [
        ("0.12.0", "", True), ("0.10.0", "2017-08-02", False), ("0.9.3", "2017-04-26", False),
    ]
    assert sections(log) == [
        ("0.10.0", "BACKWARDS INCOMPATIBILITIES / NOTES", "core: Old style continued on a 5-space line"),
        ("0.10.0", "BUG FIXES", "terraform init: Fix crash"),
        ("0.9.3", "", "a bullet with no section"),
    ]
    assert log.changes[0].breaking
    assert log.changes[2].refs[0].label == "terraform#226"


def test_empty_bullets_are_not_changes():
    assert [c.summary for c in parse("## 1.0.0\n\n- one\n- \n-\n- two\n").changes] == ["one", "two"]


def test_setext_headings_and_generic_markdown():
    log = parse(
        """
        Release 2.0.0
        =============

        Fixes
        -----

        + one
        + two

        1. ordered too
        """
    )
    assert sections(log) == [("2.0.0", "Fixes", "one"), ("2.0.0", "Fixes", "two"), ("2.0.0", "Fixes", "ordered too")]


def test_code_fences_stay_with_their_item_and_prose():
    log = parse(
        """
        ## 1.0.0 - 2024-01-01

        - A change with code:

          ```php
          $x = 1;
          - not a bullet
          ```

        ```
        - not a change either
        ```
        """
    )
    (change,) = log.changes
    assert "- not a bullet" in change.markdown
    assert "not a change either" in log.releases[0].notes


def test_change_ids_are_stable_and_unique():
    text = "## 1.0.0\n\n- same\n- same\n"
    first, second = parse(text).changes, parse(text).changes
    assert [c.id for c in first] == [c.id for c in second]
    assert len({c.id for c in first}) == 2
