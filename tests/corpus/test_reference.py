"""The reference input, calico v3.23.0, checked against what the file says line by line."""

import shutil
from collections import Counter

import pytest

from explorer.parse import read_file
from tests.conftest import REFERENCE

# Counted by reading the file: each heading and the bullets under it.
SECTIONS = {
    "User action required if upgrading to v3.23.0": 1,
    "IPv6 VXLAN support": 3,
    "Calico networking support in AKS": 1,
    "BGP enhancements": 3,
    "Container Storage Interface (CSI) support": 1,
    "Windows HostProcess Containers Support (Tech Preview)": 1,
    "Bug fixes / General": 17,
    "Bug fixes / eBPF dataplane": 5,
    "Bug fixes / Windows": 3,
    "Other changes / General": 30,
    "Other changes / eBPF dataplane": 7,
    "Other changes / Windows": 3,
}


@pytest.fixture(scope="module")
def log(corpus):
    return read_file(str(REFERENCE))


def test_one_release_with_its_date(log):
    (release,) = log.releases
    assert (release.version, release.date, release.prerelease) == ("v3.23.0", "2022-05-09", False)


def test_changes_per_section(log):
    assert len(log.changes) == 75
    assert Counter(" / ".join(c.section) for c in log.changes) == SECTIONS


def test_refs(log):
    refs = [r for c in log.changes for r in c.refs]
    assert len(refs) == 76
    assert Counter(r.repo for r in refs) == {"calico": 74, "bird": 2}
    assert all(r.kind == "pr" and r.url.startswith("https://github.com/projectcalico/") for r in refs)


def test_flannel_change_has_two_refs_and_two_authors(log):
    (change,) = [c for c in log.changes if c.summary.startswith("Update flannel")]
    assert [r.label for r in change.refs] == ["calico#5578", "calico#5640"]
    assert change.authors == ("cyclinder", "caseydavenport")
    assert change.summary == "Update flannel to version v0.15.1"
    assert change.line == 117


def test_raw_html_text_is_kept(log):
    (change,) = [c for c in log.changes if "<nil>" in c.summary]
    assert change.summary == "Fix that Felix logs would sometimes record <nil> for the filename of some logs."
    assert change.authors == ("fasaxc",)


def test_every_change_has_an_author(log):
    assert Counter(a for c in log.changes for a in c.authors)["fasaxc"] == 8
    assert all(len(c.authors) >= 1 for c in log.changes)


def test_action_required_section_is_flagged(log):
    flagged = [c for c in log.changes if c.action_required]
    assert [c.section for c in flagged] == [("User action required if upgrading to v3.23.0",)]


def test_feature_prose_is_kept_as_section_notes(log):
    notes = {s.path: s.notes for s in log.releases[0].sections}
    assert notes[("VPP dataplane beta",)].startswith("The Calico VPP dataplane integration has reached beta")
    assert "{{site.baseurl}}" in notes[("Calico networking support in AKS",)]


def test_content_decides_not_the_extension(log, tmp_path):
    copy = tmp_path / "notes.txt"
    shutil.copy(REFERENCE, copy)
    again = read_file(str(copy))
    assert again.releases[0].version == "v3.23.0"
    assert [(c.section, c.summary, c.refs) for c in again.changes] == [
        (c.section, c.summary, c.refs) for c in log.changes
    ]
