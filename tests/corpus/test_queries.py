"""Queries on real notes, with counts checked against the files (grep of the bullets)."""

import pytest

from explorer.browse import select
from explorer.parse import load_paths, read_file


@pytest.fixture(scope="module")
def reference(corpus):
    return read_file(str(corpus / "calico" / "v3.23.0-release-notes.md")).changes


@pytest.fixture(scope="module")
def calico(corpus):
    return load_paths([str(corpus / "calico")]).changes


@pytest.mark.parametrize(
    "query, expected",
    [
        ("author:fasaxc", 8),  # 8 bullets end in (@fasaxc)
        ("section:ebpf", 12),  # Bug fixes / eBPF dataplane 5 + Other changes / eBPF dataplane 7
        ("repo:bird", 2),  # [bird #101], [bird #100]
        ('ebpf -section:"other changes"', 5),  # the bug fixes under eBPF dataplane
        ("wireguard OR typha", 5),  # grep -ciE "wireguard|typha" over the bullets
        ("/IPv6|VXLAN/", 5),  # grep -ciE "ipv6|vxlan" over the bullets
        ("ref:5988", 1),
        ("ref:bird#101", 1),
        ("is:action-required", 1),
    ],
)
def test_reference_queries(reference, query, expected):
    assert len(select(reference, query)) == expected


@pytest.mark.parametrize(
    "query, expected",
    [
        ("release:3.20..3.23", 34 + 43 + 34 + 75 + 2),  # v3.20.0 v3.21.0 v3.22.0 v3.23.0 v3.23.5
        ("release:>=3.28", 82 + 19 + 83 + 117),  # v3.28.0 v3.28.1 v3.29.0 v3.31.0
        ("release:<3.21", 49 + 34),  # v3.18.0 v3.20.0
        ("date:2022-01..2022-06", 34 + 75),  # 28 Jan 2022 (v3.22.0), 09 May 2022 (v3.23.0)
        ("author:fasaxc release:3.23", 8),
    ],
)
def test_calico_folder_ranges(calico, query, expected):
    assert len(select(calico, query)) == expected


def test_kubernetes_sig_query(corpus):
    changes = read_file(str(corpus / "kubernetes" / "CHANGELOG-1.27.md")).changes
    # grep -c "\[SIG[^]]*Network" outside the Dependencies sections: 22
    assert len(select(changes, "sig:network")) == 22
    assert len(select(changes, 'sig:"api machinery"')) == 45
