"""Diagnose each snapshot and follow its posts and findings through time.

Each snapshot's posts are matched to the one before it (:mod:`orgdiag.over_time.match`), and those left over to
the posts last seen in an older snapshot (a partial publication leaves posts out that come back). A matched post
continues its *line*, so that a finding on it in two snapshots is one finding, however the post was renumbered.
A finding on a unit follows the unit's name; any other finding (on a channel, an agency, the organisation's top)
its subject's id.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

from orgdiag.diagnosis import Diagnosis, diagnose
from orgdiag.findings import Finding, severity_rank
from orgdiag.over_time.dates import months_between
from orgdiag.over_time.match import HOWS, Matched, Post, match_posts, posts_of, words
from orgdiag.over_time.timeline import FindingSpan, History, Snapshot, SnapshotSummary, Step, middle_posts
from orgdiag.problems import InputError, Problem
from orgdiag.rules.catalogue import Catalogue, builtin_catalogue
from orgdiag.rules.profiles import ThresholdProfile

#: A post's line: the snapshot it first appeared in and its id there.
Line = tuple[int, str]


def history(
    snapshots: Sequence[Snapshot],
    catalogue: Catalogue | None = None,
    profile: ThresholdProfile | None = None,
    on_snapshot: Callable[[Snapshot], None] | None = None,
) -> History:
    """Diagnose each snapshot and follow the organisation through them, earliest first.

    At least two snapshots, each of another date; else :class:`~orgdiag.problems.InputError`. `on_snapshot`, if
    given, is called with each snapshot before it is diagnosed.

    >>> from orgdiag.over_time.dates import date_in
    >>> from orgdiag.orgfile import load_org
    >>> org = load_org("fixtures/demo/nordvik-sport.yaml")
    >>> followed = history([Snapshot("2025", date_in("2025-12-31"), org), Snapshot("2026", date_in("2026-06-30"), org)])
    >>> [span.seen for span in followed.findings][:2], followed.steps[0].share_matched
    ([(0, 1), (0, 1)], 1.0)
    """
    ordered = in_order(snapshots)
    diagnoses = []
    for snapshot in ordered:
        if on_snapshot is not None:
            on_snapshot(snapshot)
        diagnoses.append(diagnose(snapshot.org, catalogue or builtin_catalogue(), profile=profile))
    lines = _Lines()
    steps = [lines.follow(number, posts_of(snapshot.org)) for number, snapshot in enumerate(ordered)]
    return History(
        organisation=ordered[-1].org.organisation.name,
        snapshots=_partial_marked([_summary(s, d) for s, d in zip(ordered, diagnoses, strict=True)]),
        steps=tuple(step for step in steps if step is not None),
        findings=_spans(ordered, diagnoses, lines),
        latest=diagnoses[-1],
    )


def in_order(snapshots: Sequence[Snapshot]) -> list[Snapshot]:
    """The snapshots by date; fewer than two, or two of one date, is bad input."""
    if len(snapshots) < 2:
        given = ", ".join(s.label for s in snapshots) or "none"
        raise InputError([Problem("history", None, "", f"needs two snapshots or more; given {given}")])
    by_date: dict[str, list[str]] = {}
    for snapshot in snapshots:
        by_date.setdefault(str(snapshot.date), []).append(snapshot.label)
    twice = {day: labels for day, labels in by_date.items() if len(labels) > 1}
    if twice:
        problems = [
            Problem(
                "history",
                None,
                "",
                f"snapshots {', '.join(labels)} are all dated {day}: give each its own date (--date LABEL=YYYY-MM-DD)",
                tuple(labels),
            )
            for day, labels in sorted(twice.items())
        ]
        raise InputError(problems)
    return sorted(snapshots, key=lambda s: s.date)


class _Lines:
    """The line of each snapshot's posts, kept as the snapshots are followed in order."""

    def __init__(self) -> None:
        self.posts: list[dict[str, Post]] = []
        self.of: list[dict[str, Line]] = []
        self.last_seen: dict[Line, tuple[int, Post]] = {}

    def follow(self, number: int, posts: dict[str, Post]) -> Step | None:
        """Give the posts of snapshot `number` their lines; what changed since the one before (None for the first)."""
        if number == 0:
            self._record(number, posts, {post: (0, post) for post in posts})
            return None
        earlier = self.posts[-1]
        matched = match_posts(earlier, posts)
        dormant = self._dormant(number - 1)
        returned = match_posts(
            {post.id: post for post, _ in dormant.values()}, {k: v for k, v in posts.items() if k not in matched}
        )

        def line_of(post: str) -> Line:
            """The line of the post it was matched to, else of the post it is back as, else a line of its own."""
            if post in matched:
                return self.of[-1][matched[post].earlier]
            if post in returned:
                return dormant[returned[post].earlier][1]
            return (number, post)

        self._record(number, posts, {post: line_of(post) for post in posts})
        return self._step(number, earlier, posts, matched, returned)

    def _record(self, number: int, posts: dict[str, Post], lines: dict[str, Line]) -> None:
        self.posts.append(posts)
        self.of.append(lines)
        for post, line in lines.items():
            self.last_seen[line] = (number, posts[post])

    def _dormant(self, before: int) -> dict[str, tuple[Post, Line]]:
        """The posts last seen in a snapshot before `before`, by id (the latest seen, of two with one id)."""
        found: dict[str, tuple[int, Post, Line]] = {}
        for line, (seen, post) in self.last_seen.items():
            if seen < before and (post.id not in found or found[post.id][0] < seen):
                found[post.id] = (seen, post, line)
        return {post: (found[post][1], found[post][2]) for post in sorted(found)}

    def _step(
        self,
        number: int,
        earlier: dict[str, Post],
        later: dict[str, Post],
        matched: dict[str, Matched],
        returned: dict[str, Matched],
    ) -> Step:
        lines_before, lines_now = self.of[-2], self.of[-1]
        kept = {m.earlier for m in matched.values()}
        moved, retitled = [], []
        for post, found in matched.items():
            before, now = earlier[found.earlier], later[post]
            manager_before = lines_before.get(before.reports_to or "")
            manager_now = lines_now.get(now.reports_to or "")
            if before.unit != now.unit or manager_before != manager_now:
                moved.append(post)
            if before.title != now.title:
                retitled.append(post)
        removed = sorted(post for post in earlier if post not in kept)
        added = sorted(post for post in later if post not in matched and post not in returned)
        both = {**matched, **returned}
        return Step(
            earlier=number - 1,
            later=number,
            matched_by={how: count for how, _ in HOWS if (count := sum(1 for m in both.values() if m.how == how))},
            renumbered=sum(1 for post, m in both.items() if m.earlier != post),
            returned=len(returned),
            posts=len(later),
            added=tuple(added),
            removed=tuple(removed),
            moved=tuple(sorted(moved)),
            retitled=tuple(sorted(retitled)),
            titles={post: earlier[post].shown for post in removed}
            | {post: later[post].shown for post in sorted({*added, *moved, *retitled})},
        )


def _spans(snapshots: list[Snapshot], diagnoses: list[Diagnosis], lines: _Lines) -> tuple[FindingSpan, ...]:
    """Each finding followed through the snapshots: the same rule on the same line."""
    seen: dict[tuple[str, object], list[int]] = {}
    latest: dict[tuple[str, object], tuple[Finding, str]] = {}
    for number, diagnosis in enumerate(diagnoses):
        units = {unit.id: words(unit.name) for unit in diagnosis.org.units}
        for finding in diagnosis.open_findings:
            key = (finding.rule, _line_of(finding.subject, lines.of[number], units))
            if number not in seen.setdefault(key, []):
                seen[key].append(number)
            latest[key] = (finding, diagnosis.names.get(finding.subject, finding.subject))
    last = len(snapshots) - 1
    spans = []
    for key, numbers in seen.items():
        finding, name = latest[key]
        spans.append(
            FindingSpan(
                rule=finding.rule,
                slug=finding.slug,
                title=finding.title,
                severity=finding.severity,
                subject=finding.subject,
                name=name,
                message=finding.message,
                seen=tuple(numbers),
                months_open=months_between(snapshots[numbers[0]].date, snapshots[last].date)
                if numbers[-1] == last
                else None,
            )
        )
    return tuple(sorted(spans, key=lambda s: (s.last != last, -severity_rank(s.severity), s.first, s.rule, s.subject)))


def _line_of(subject: str, posts: dict[str, Line], units: dict[str, str]) -> object:
    if subject in posts:
        return posts[subject]
    if subject in units:
        return ("unit", units[subject])
    return ("element", subject)


def _partial_marked(summaries: list[SnapshotSummary]) -> tuple[SnapshotSummary, ...]:
    """The summaries, those that list fewer than half the posts of the middle one marked partial."""
    middle = middle_posts(summaries)
    return tuple(dataclasses.replace(s, partial=s.posts < middle / 2) for s in summaries)


def _summary(snapshot: Snapshot, diagnosis: Diagnosis) -> SnapshotSummary:
    structure = diagnosis.structure
    coverage = diagnosis.coverage
    assert coverage is not None, "a diagnosis measures what its data covers"
    held = coverage.live_posts - coverage.vacant_posts
    model = diagnosis.operating_model
    return SnapshotSummary(
        label=snapshot.label,
        date=str(snapshot.date),
        sources=snapshot.sources,
        posts=coverage.live_posts,
        vacant=coverage.vacant_posts,
        headcount=held,
        staff_fte=coverage.staff_fte,
        fte=round(held + coverage.staff_fte, 2),
        managers=len(structure.teams),
        median_span=structure.median_team,
        widest_span=structure.widest_team,
        layers=structure.layer_count,
        findings=diagnosis.by_severity(),
        operating_model=model.name if model is not None else "not classified",
    )
