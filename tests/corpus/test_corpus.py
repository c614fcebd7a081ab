"""Every file of the shared corpus: release and change counts checked by reading the files."""

import re

import pytest

from explorer.parse import find_files, read_file
from tests.conftest import CORPUS

# (file, releases, changes). Changes are the top-level list items of each release, less the
# content that is not a change: "made their first contribution" lines (spatie 95, sqlfluff 517),
# sqlfluff's Highlights retellings (256) and Contributors credits (8), the generated TOC of
# CHANGELOG-1.27, empty list items (traefik line 332, spatie lines 1276 and 1278), "No changes."
# placeholders (Rails 11 bullets; gitlab-pages line 632 "No user-facing changes"), a bullet that
# is only a link to a release page (conventional-changelog-writer line 268), Contributors credits
# (tracing-subscriber 3). Kubernetes
# module versions under Dependencies are changes labelled "dependencies" (1.27: 42 bumped, 4
# added, 2 removed; 1.22: 84 bumped, 39 added, 44 removed). Counted twice, by a line scanner and
# by mistune's syntax tree, and the exclusions checked line by line. Releases: every release
# heading, h3 patch releases among h2 ones included (release-please 106), both copies of a
# history written twice (kareem: 95 headings for 53 versions), an "Unreleased" heading (axum),
# and the entry Rails writes above its first release heading (line 1), not released yet;
# a blog post with front matter is one release. A bullet that only names the bullets nested in
# it is their section: axum 0.3.0 and 0.2.0 group 52 bullets under 8 such ("- Overall:",
# "- Routing:", "- Misc"), each of them a change. A change over bullets that carry refs of their
# own is a change beside each of them (prometheus line 953: #13103 over #13059 and #11299).
EXPECTED = [
    ("calico/v3.18.0-release-notes.md", 1, 49),
    ("calico/v3.20.0-release-notes.md", 1, 34),
    ("calico/v3.21.0-release-notes.md", 1, 43),
    ("calico/v3.22.0-release-notes.md", 1, 34),
    ("calico/v3.23.0-release-notes.md", 1, 75),
    ("calico/v3.23.5-release-notes.md", 1, 2),
    ("calico/v3.24.0-release-notes.md", 1, 88),
    ("calico/v3.24.1-release-notes.md", 1, 5),
    ("calico/v3.25.0-release-notes.md", 1, 81),
    ("calico/v3.26.0-release-notes.md", 1, 28),
    ("calico/v3.28.0-release-notes.md", 1, 82),
    ("calico/v3.28.1-release-notes.md", 1, 19),
    ("calico/v3.29.0-release-notes.md", 1, 83),
    ("calico/v3.31.0-release-notes.md", 1, 117),
    ("cargo/CHANGELOG.md", 77, 2572),
    ("github-autogen-laravel/CHANGELOG.md", 34, 941),
    ("github-autogen-spatie/CHANGELOG.md", 217, 446),  # 5.5.14: "FIXED BREAKING CHANGE.", a paragraph
    ("github-autogen-sqlfluff/CHANGELOG.md", 145, 4185),  # 0.6.8 says its two changes in prose
    ("keepachangelog/CHANGELOG.md", 17, 122),
    ("keepachangelog-rich/CHANGELOG.md", 189, 762),
    ("kubernetes/CHANGELOG-1.27.md", 2, 189),
    ("kubernetes-sig-release/release-notes-draft-1.22.md", 1, 512),
    ("kubernetes-sig-release/release-notes-draft-1.28.md", 1, 290),
    ("nodejs/v20.10.0.md", 1, 241),
    ("prometheus/CHANGELOG.md", 214, 2489),  # 1.3.0: "This is a breaking change to the Kubernetes SD."
    ("terraform/CHANGELOG-v0.11.14.md", 95, 3483),
    ("towncrier-attrs/CHANGELOG.md", 35, 260),
    ("traefik/CHANGELOG.md", 398, 6968),  # v2.1.0-rc2 and v2.0.4: one change each, in prose
    ("gitlab-pages/CHANGELOG.md", 148, 263),
    ("gitlab-terraform-provider/CHANGELOG-v19.0.0.md", 103, 1028),
    ("release-please-node/CHANGELOG.md", 364, 708),
    ("conventional-changelog-writer/CHANGELOG.md", 63, 162),
    ("conventional-small-kareem/CHANGELOG.md", 95, 268),
    ("changesets-astro-mdx/CHANGELOG.md", 176, 301),
    ("changesets-sveltekit-adapter-node/CHANGELOG.md", 195, 314),
    ("rails-actionpack/CHANGELOG-6-1-stable.md", 31, 83),
    ("rust-tracing-subscriber/CHANGELOG.md", 63, 301),  # 0.3.0 and 0.3.22: a paragraph on what breaks
    ("rust-axum/CHANGELOG.md", 91, 487),
    ("release-blog-datafusion/2025-09-29-datafusion-50.0.0.md", 1, 19),
]

# Releases whose files give no date: Kubernetes files have none; three old spatie releases;
# gitlab-pages's hand-written releases from 1.35.0 down (73, counted with grep); changesets
# never date a release; axum from 0.7.6 on (14, counted with grep).
UNDATED_COUNT = {
    "gitlab-pages/CHANGELOG.md": (73, "1.35.0", "0.0.0"),
    "changesets-astro-mdx/CHANGELOG.md": (176, "7.0.7", "0.0.2"),
    "changesets-sveltekit-adapter-node/CHANGELOG.md": (195, "6.0.0-next.8", "0.0.4"),
    "rust-axum/CHANGELOG.md": (14, "0.8.9", "0.7.6"),
}
UNDATED = {
    "kubernetes/CHANGELOG-1.27.md": ["v1.27.0-alpha.2", "v1.27.0-alpha.1"],
    "kubernetes-sig-release/release-notes-draft-1.22.md": ["1.22"],
    "kubernetes-sig-release/release-notes-draft-1.28.md": ["1.28"],
    "github-autogen-spatie/CHANGELOG.md": ["1.12.0", "1.11.1", "1.11.0"],
}

_LINK = re.compile(r"\[[^\]\n]*\]\(([^)\s]*)\)")
_URL_REF = re.compile(r"github\.com/[\w.-]+/[\w.-]+/(?:pull|issues)/(\d+)")
_HASH_REF = re.compile(r"(?<![\w&/#\\])\\?#(\d+)\b")
_CODE = re.compile(r"`[^`\n]*`")


@pytest.fixture(scope="module", params=[e[0] for e in EXPECTED])
def parsed(request, corpus):
    return request.param, read_file(str(corpus / request.param))


def test_every_corpus_file_is_covered(corpus):
    files = {str(p.relative_to(corpus)) for p in corpus.rglob("*.md")} - {"FORMATS.md"}
    assert files == {e[0] for e in EXPECTED}


def test_release_and_change_counts(parsed):
    name, log = parsed
    _, releases, changes = next(e for e in EXPECTED if e[0] == name)
    assert not log.errors
    assert (len(log.releases), len(log.changes)) == (releases, changes)


def test_every_ref_in_a_change_is_found(parsed):
    """Recall: a number the text links to or writes as #N is among the change's refs.

    A link counts by its target: "[#12758](.../pull/12610)" (as cargo writes once) is #12610.
    """
    _, log = parsed
    missing = []
    for change in log.changes:
        text = _CODE.sub("", change.markdown)
        wanted = set(_URL_REF.findall(text)) | set(_HASH_REF.findall(_LINK.sub("", text)))
        found = {r.number for r in change.refs}
        if wanted - found:
            missing.append((change.line, sorted(wanted - found)))
    assert missing == []


def test_dates_are_found(parsed):
    name, log = parsed
    undated = [r.version for r in log.releases if not r.date and not r.unreleased]
    if name in UNDATED_COUNT:
        assert (len(undated), undated[0], undated[-1]) == UNDATED_COUNT[name]
    else:
        assert undated == UNDATED.get(name, [])


def test_summaries_are_plain_text(parsed):
    _, log = parsed
    assert not [c.line for c in log.changes if re.search(r"\]\((?:https?:|#)", c.summary)]
    assert all(c.summary or c.markdown.strip() == "" for c in log.changes)


def test_the_corpus_folder_opens_in_a_stable_order(corpus):
    files = find_files(str(corpus))
    assert files == sorted(files) == find_files(str(corpus))
    assert files[:2] == [str(CORPUS / "FORMATS.md"), str(CORPUS / "calico" / "v3.18.0-release-notes.md")]
