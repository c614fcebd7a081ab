"""Which project notes belong to: what the notes say first, then where they live."""

import pytest

from explorer.parse import parse_text
from explorer.parse.project import name_in, project_name


@pytest.mark.parametrize(("title", "name"), [
    ("Changelog", ""),
    ("Release Notes for 13.x", ""),
    ("Changelog of Foo", "Foo"),
    ("Foo Bar release notes", "Foo Bar"),
    ("Kubernetes v1.28 Release Notes", "Kubernetes"),
    ("@astrojs/mdx", "@astrojs/mdx"),
    ("Rails 6.1.7.10 (May 2, 2024)", "Rails"),
    ("Node.js 20.10.0 (LTS)", "Node.js"),
    ("Apache DataFusion 50.0.0 Released", "Apache DataFusion"),
    ("[1.2.0](https://github.com/o/r/compare/v1.1.0...v1.2.0) (2024-01-02)", ""),
    ("Changelog of project-00", "project-00"),
    ("rails-changelog", "rails-changelog"),
    ("All notable changes to this project will be documented in this file", ""),
    ("Changelog and Migration Guide", ""),
    ("Upgrade guide for Foo", "Foo"),
    (".NET Core 2.2.0 - December 04, 2018", ".NET Core"),  # a name that starts with a dot keeps it
    (". Foo 1.0", "Foo"),
    ("vue 3.0.0", "vue"),  # a name that starts with a "v"
    (".vscode-ext 1.0.0", ".vscode-ext"),
    ("Foo - v", "Foo"),
])
def test_a_name_in_a_title(title, name):
    assert name_in(title) == name


def links(repo, n):
    return "".join(f"[#{i}](https://github.com/{repo}/pull/{i}) " for i in range(n))


PATH = "/x/notes/a.md"


def test_what_the_notes_say_comes_first():
    front = {"title": "Node.js 20.10.0 (LTS)"}
    assert project_name(PATH, front, "Other", ["Rails 1.0"], {("o", "r"): 9}) == ("Node.js", "front matter title")
    assert project_name(PATH, {}, "Widget changelog", ["Rails 1.0"], {("o", "r"): 9}) == ("Widget", "title")
    assert project_name(PATH, {}, "Changelog", ["Rails 1.0", "Rails 0.9"], {}) == ("Rails", "release headings")


def test_links_name_a_project_when_one_repository_holds_most_of_them():
    assert project_name(PATH, {}, "", [], {("acme", "widget"): 9, ("acme", "docs"): 2}) == ("widget", "links")
    assert project_name(PATH, {}, "", [], {("laravel", "framework"): 9}) == ("laravel", "links")
    # Notes spread over many repositories, a tie, or one link: the folder names the project.
    spread = {("p", "felix"): 15, ("p", "cni-plugin"): 9, ("p", "libcalico-go"): 7, ("p", "node"): 5}
    assert project_name("/x/calico/v3.18.md", {}, "", [], spread) == ("calico", "folder")
    assert project_name("/x/prometheus/CHANGELOG.md", {}, "", [], {("p", "tsdb"): 1, ("p", "migrate"): 1}) == (
        "prometheus", "folder")
    assert project_name(PATH, {}, "", [], {("p", "a"): 3, ("p", "b"): 3}) == ("notes", "folder")


def test_parsed_releases_carry_their_project():
    text = "# Widget release notes\n\n## 1.0.0\n\n- A fix " + links("acme/other", 3) + "\n"
    log = parse_text(text, "notes/CHANGELOG.md")
    assert {r.project for r in log.releases} == {"Widget"}
    assert log.files[0].project == "Widget" and log.files[0].project_from == "title"
    plain = parse_text("## 1.0.0\n\n- A fix " + links("acme/gizmo", 3) + "\n", "notes/CHANGELOG.md")
    assert plain.releases[0].project == "gizmo"
