"""Synthetic release notes shaped like the corpus, at any size.

    python -m benchmarks.synthetic CHANGES OUT.md [--seed N]

Releases of 50 changes each, newest first, in rotating section and bullet styles (Calico,
Kubernetes, Traefik, Prometheus, Keep a Changelog) with refs, authors, labels, nested bullets
and wrapped lines.
"""

from __future__ import annotations

import argparse
import os
import random

WORDS = (
    "fix race condition in route sync when the agent restarts under load handle ipv6 vxlan "
    "tunnel addresses policy conntrack cleanup typha felix bgp wireguard ebpf dataplane windows "
    "operator helm chart metrics latency histogram cache eviction leak memory timeout retry "
    "backoff watch loop kubelet scheduler api server node pool ingress middleware tracing"
).split()
AUTHORS = [f"dev{i:03d}" for i in range(400)] + ["fasaxc", "lmm", "caseydavenport", "dependabot[bot]"]
SIGS = ["Network", "Node", "API Machinery", "Storage", "Auth", "Apps", "CLI", "Scheduling"]
AREAS = ["acme", "middleware", "k8s/crd", "tracing", "metrics", "server", "provider/docker"]
TAGS = ["FEATURE", "ENHANCEMENT", "BUGFIX", "CHANGE", "SECURITY"]
SECTIONS = [("Bug fixes", "General"), ("Bug fixes", "eBPF dataplane"), ("Other changes", "General"),
            ("Other changes", "Windows"), ("Changes by Kind", "Feature"), ("Changes by Kind", "Bug or Regression")]


def _sentence(rng: random.Random, low: int = 6, high: int = 18) -> str:
    words = rng.choices(WORDS, k=rng.randint(low, high))
    return words[0].capitalize() + " " + " ".join(words[1:])


def _bullet(rng: random.Random, style: int, number: int) -> list[str]:
    author = rng.choice(AUTHORS)
    text = _sentence(rng)
    if style == 0:  # calico
        return [f" - {text} [calico #{number}](https://github.com/projectcalico/calico/pull/{number}) (@{author})"]
    if style == 1:  # kubernetes, wrapped with a nested list
        sigs = ", ".join(rng.sample(SIGS, rng.randint(1, 3)))
        return [f"- {text}", f"  {_sentence(rng, 3, 8)}:", f"  - {_sentence(rng, 3, 6)}",
                f"  - {_sentence(rng, 3, 6)} ([#{number}](https://github.com/kubernetes/kubernetes/pull/{number}), "
                f"[@{author}](https://github.com/{author})) [SIG {sigs}]"]
    if style == 2:  # traefik
        area = rng.choice(AREAS)
        return [f"- **[{area}]** {text} ([#{number}](https://github.com/traefik/traefik/pull/{number}) by "
                f"[{author}](https://github.com/{author}))"]
    if style == 3:  # prometheus
        return [f"* [{rng.choice(TAGS)}] {rng.choice(['TSDB', 'PromQL', 'Discovery', 'UI'])}: {text}. #{number}"]
    return [f"- {text}", f"  {_sentence(rng, 4, 10)}", f"  [#{number}](https://github.com/rust-lang/cargo/pull/{number})"]


def generate(changes: int, seed: int = 1) -> str:
    """Markdown with exactly `changes` changes."""
    rng = random.Random(seed)
    per_release = 50
    releases = (changes + per_release - 1) // per_release
    lines = ["# Changelog", "", "All notable changes of a project that does not exist.", ""]
    number = 100_000
    left = changes
    for r in range(releases, 0, -1):
        major, minor, patch = 1 + r // 400, (r // 20) % 20, r % 20
        year, day = 2000 + r // 365 % 30, 1 + r % 28
        lines += [f"## [v{major}.{minor}.{patch}] - {year}-{1 + r % 12:02d}-{day:02d}", "",
                  _sentence(rng, 8, 20) + ".", ""]
        count = min(per_release, left)
        left -= count
        for i in range(count):
            if i % 10 == 0:
                section, sub = SECTIONS[(r + i // 10) % len(SECTIONS)]
                lines += [f"### {section}", "", f"#### {sub}", ""]
            number += 1
            lines += _bullet(rng, (r + i) % 5, number)
        lines.append("")
    return "\n".join(lines) + "\n"


def write_projects(folder: str, changes: int, projects: int = 50, seed: int = 1) -> None:
    """A folder of `projects` notes files, one a project (each titled with its name), holding
    `changes` changes between them: the notes of a whole platform kept side by side."""
    os.makedirs(folder, exist_ok=True)
    for p in range(projects):
        share = changes // projects + (1 if p < changes % projects else 0)
        text = generate(share, seed + p).replace("# Changelog", f"# Changelog of project-{p:02d}", 1)
        with open(os.path.join(folder, f"project-{p:02d}.md"), "w", encoding="utf-8") as handle:
            handle.write(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("changes", type=int)
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with open(args.out, "w", encoding="utf-8") as handle:
        handle.write(generate(args.changes, args.seed))


if __name__ == "__main__":
    main()
