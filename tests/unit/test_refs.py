"""Refs, authors, labels, flags and summaries of single list items, in every corpus form."""

import pytest

from explorer.parse.refs import analyse, find_refs, to_plain

GH = "https://github.com"


def labels_of(refs):
    return [r.label for r in refs]


@pytest.mark.parametrize(
    "text, expected",
    [
        (f"Fix [calico #5988]({GH}/projectcalico/calico/pull/5988)", ["calico#5988"]),
        (f"Fix [calico 10327]({GH}/projectcalico/calico/pull/10327)", ["calico#10327"]),
        (f"Fix [bird #101]({GH}/projectcalico/bird/pull/101)", ["bird#101"]),
        (f"Fix ([#115354]({GH}/kubernetes/kubernetes/pull/115354))", ["kubernetes#115354"]),
        (f"Title [\\#435]({GH}/traefik/traefik/pull/435)", ["traefik#435"]),
        ("see nodejs-private/node-private#525", ["node-private#525"]),
        (f"Fixed crash {GH}/Textualize/rich/pull/3953", ["rich#3953"]),
        (f"Fixed crash {GH}/Textualize/rich/issues/3951/", ["rich#3951"]),
        (f"x [`73757a5f42`]({GH}/nodejs/node/commit/73757a5f42)", ["node@73757a5f42"]),
        ("old style [GH-226]", ["r#226"]),
        ("old style GH-227", ["r#227"]),
        ("[BUGFIX] TSDB: fix it. #12345", ["r#12345"]),
    ],
)
def test_ref_forms(text, expected):
    assert labels_of(find_refs(text, ("o", "r"))) == expected


def test_bare_number_without_a_known_repository_keeps_the_number():
    (ref,) = find_refs("fixes #12")
    assert (ref.repo, ref.number, ref.label) == ("", "12", "#12")


def test_bare_number_url_is_built_from_the_most_linked_repository():
    (ref,) = find_refs("fixes #12", ("prometheus", "prometheus"))
    assert ref.url == f"{GH}/prometheus/prometheus/issues/12"  # what it fixes: an issue
    assert ref.kind == "issue"


def test_kinds_follow_the_url():
    refs = find_refs(f"[#1]({GH}/a/b/pull/1) [#2]({GH}/a/b/issues/2) [x]({GH}/a/b/commit/abcdef1234)")
    assert [r.kind for r in refs] == ["pr", "issue", "commit"]


def test_several_refs_are_kept_in_order_without_repeats():
    text = f"([#3]({GH}/k/k/pull/3), [#1]({GH}/k/k/pull/1), [#3]({GH}/k/k/pull/3))"
    assert labels_of(find_refs(text)) == ["k#3", "k#1"]


def test_numbers_in_code_anchors_and_entities_are_not_refs():
    assert find_refs("use `#123` and &#123; and [docs](https://x.org/page#42) and a#5") == []


@pytest.mark.parametrize(
    "text, authors",
    [
        (f"Fix [calico #1]({GH}/p/calico/pull/1) (@caseydavenport)", ["caseydavenport"]),
        (f"Fix ([#1]({GH}/k/k/pull/1), [@pohly]({GH}/pohly)) [SIG API Machinery]", ["pohly"]),
        (f"Bump x by @dependabot[bot] in {GH}/s/p/pull/2959", ["dependabot[bot]"]),
        (f"Fix by @a, @b and @c in {GH}/s/p/pull/1", ["a", "b", "c"]),
        (f"Fix by @a co-authored by @b in {GH}/s/p/pull/1", ["a", "b"]),
        (f"[13.x] Fix by [@taylor]({GH}/taylor) in {GH}/l/f/pull/61236", ["taylor"]),
        (f"**[tracing]** Support ([#2587]({GH}/t/t/pull/2587) by [tc]({GH}/tc) and [mm]({GH}/mm))", ["tc", "mm"]),
        (f"Title [\\#435]({GH}/t/t/pull/435) ([fclaeys]({GH}/fclaeys))", ["fclaeys"]),
        (f"**[acme]** Fix ([#13476]({GH}/t/t/pull/13476) @AmariahAK)", ["AmariahAK"]),
        ("Chinese translations from [@tianshuo].", ["tianshuo"]),
        (f"fix x, [#2575]({GH}/p/p/pull/2575) by @PrettyWood", ["PrettyWood"]),
        (f"\\[[`21453ae555`]({GH}/nodejs/node/commit/21453ae555)] - **deps**: update uvwasi (Node.js GitHub Bot) "
         f"[#49908]({GH}/nodejs/node/pull/49908)", ["Node.js GitHub Bot"]),
        ("Support `@attrs.define` in the body, with no author", []),
    ],
)
def test_author_forms(text, authors):
    assert list(analyse(text).authors) == authors


@pytest.mark.parametrize(
    "text, labels",
    [
        (f"Fix ([#1]({GH}/k/k/pull/1), [@p]({GH}/p)) [SIG API Machinery, Auth and Testing]",
         ["SIG API Machinery", "SIG Auth", "SIG Testing"]),
        ("**[middleware, k8s/crd]** Fix redirect (#1 @u)", ["middleware", "k8s/crd"]),
        ("[FEATURE] Discovery: Add OCI service discovery. #18919", ["FEATURE", "Discovery"]),
        ("[13.x] Fix thing by @u in https://github.com/l/f/pull/1", ["13.x"]),
        ("\\[[`21453ae555`](https://github.com/nodejs/node/commit/21453ae555)] - **(SEMVER-MINOR)** **deps**: "
         "update uvwasi (Bot) [#1](https://github.com/nodejs/node/pull/1)",
         ["SEMVER-MINOR", "deps"]),
        ("ebpf: fix conntrack cleanup [calico #1](https://github.com/p/calico/pull/1)", ["ebpf"]),
        ("`terraform init`: Fix crash ([#33628](https://github.com/h/t/issues/33628))", ["terraform init"]),
        ("🎉 Stabilize the new layout", ["🎉"]),
        ("Note: nothing special here", []),
    ],
)
def test_label_forms(text, labels):
    assert list(analyse(text).labels) == labels


@pytest.mark.parametrize(
    "text, breaking, action",
    [
        ("**Breaking change:** the API moved", True, False),
        ("**Breaking:** drop Python 2", True, False),
        ("[CHANGE] **breaking** TSDB: changed WAL format. #11783", True, False),
        ("❗️ Remove the old flag", True, False),
        ("[Action Required] Remove the flag ([#1](https://github.com/k/k/pull/1))", False, True),
        ("Action required: run the migration", False, True),
        ("Plain fix", False, False),
    ],
)
def test_flags(text, breaking, action):
    info = analyse(text)
    assert (info.breaking, info.action_required) == (breaking, action)


@pytest.mark.parametrize(
    "text, summary",
    [
        ("Fix that Felix logs would sometimes record <nil> for the filename of some logs. "
         "[calico #5726](https://github.com/projectcalico/calico/pull/5726) (@fasaxc)",
         "Fix that Felix logs would sometimes record <nil> for the filename of some logs."),
        ("Add warnings. Kubernetes now warns for:\n  - IPv4 addresses with leading zeros\n"
         "  - IPv6 address in non-canonical format ([#114505](https://github.com/k/k/pull/114505), "
         "[@aojea](https://github.com/aojea)) [SIG Network]",
         "Add warnings. Kubernetes now warns for: IPv4 addresses with leading zeros; "
         "IPv6 address in non-canonical format"),
        ("The `attrs.validators.disabled()` contextmanager can now be nested.\n"
         "  [#1513](https://github.com/python-attrs/attrs/issues/1513)",
         "The attrs.validators.disabled() contextmanager can now be nested."),
        ("Support logging in #123", "Support logging in #123"),  # the ref is part of the sentence
        ("Updated the validators added in [#425](https://github.com/o/r/pull/425).",
         "Updated the validators added in #425."),
        ("Fix foo (see #123)", "Fix foo"),  # a pointer to the ref, which the refs hold
        ("provider/aws: fix ([#1](https://github.com/h/t/issues/1)))", "provider/aws: fix"),
        ("Bump actions/checkout from 6 to 7 by @dependabot[bot] in https://github.com/s/p/pull/2959",
         "Bump actions/checkout from 6 to 7"),
        ("Use **bold**, _em_, `**kwargs`, [a link](https://x.org) and \\#escapes",
         "Use bold, em, **kwargs, a link and #escapes"),
        ("#42", "#42"),
    ],
)
def test_summary_drops_decorations_and_keeps_text(text, summary):
    assert analyse(text).summary == summary


def test_plain_text_has_no_link_syntax():
    plain = to_plain("See [the docs]({{site.baseurl}}/x){: data-proofer-ignore=\"\"} ![logo](a.png)")
    assert plain == "See the docs logo"
