"""The overlay: what the consultant knows and the export does not (channels, agencies, who owns and decides
what, KPIs, links), written in the org file's own format over an imported organisation (or an org file), or
collected in the evidence workbook or a RACI matrix (an XLSX overlay: orgdiag.importers.evidence_overlay).

Units and positions in the overlay change the organisation's units and positions; they are found by ``id``, or,
where the consultant does not know ids, a unit by its ``name`` and a position by its ``title`` (narrowed by
``unit`` if given) or its ``holder``. Every other key of the entry is set on what it found. The other sections
add to the organisation; a channel with the id of an inferred one replaces it. References anywhere in the
overlay may likewise name a unit, position or agency by id, name, title or holder. A reference or entry that
matches nothing is an error that names the nearest candidates; one that matches more than one thing is
ambiguous, and the error lists its matches.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from orgdiag.importers.evidence import read_workbook
from orgdiag.importers.evidence_overlay import apply_evidence
from orgdiag.importers.readers import XLSX_SUFFIXES
from orgdiag.importers.resolve import Resolver, Unresolved, as_text, words
from orgdiag.model import HOLDERS, SECTIONS, OrgFile
from orgdiag.orgfile.lines import Cells, Path_, located
from orgdiag.orgfile.read import read_with_lines, validate_org
from orgdiag.problems import InputError, Problem

#: What an overlay entry of each section may be found by, in order.
MATCH_KEYS = {"units": ("id", "name"), "positions": ("id", "title", "holder")}
#: The keys of each section that name another element, and which sections they may name.
REFERENCES: dict[str, dict[str, tuple[str, ...]]] = {
    "units": {"parent": ("units",)},
    "positions": {"unit": ("units",), "reports_to": ("positions",), "dotted_to": ("positions",)},
    "channels": {"owner": ("units",)},
    "agencies": {"contracted_by": ("units",), "contact": ("positions",)},
    "kpis": {"owner": HOLDERS},
    "budgets": {"owner": HOLDERS},
    "experiments": {"owner": HOLDERS},
    "approvals": {"steps": ("positions",)},
    "links": {"between": ("units", "positions", "agencies")},
}


@dataclass(frozen=True)
class Overlaid:
    """An organisation with an overlay applied, and what the overlay said that was noted rather than used (an 'I'
    of a RACI matrix, a sheet of workshop notes, the entries a workbook's sheet removed)."""

    org: OrgFile
    notes: tuple[str, ...] = ()


def apply_overlay(org: dict[str, Any], path: str | Path) -> Overlaid:
    """The organisation (org-file data: an import's, or an org file's) with the overlay applied, validated: an org
    file's sections (YAML or JSON), or a workbook (XLSX: the evidence workbook, or a RACI matrix)."""
    if Path(path).suffix.lower() in XLSX_SUFFIXES:
        return _apply_workbook(org, path)
    raw, lines = read_with_lines(path)
    overlay = _Overlay(org, str(path), raw, lines)
    merged, origin = overlay.apply()
    if overlay.problems:
        raise InputError(overlay.problems)
    return Overlaid(validate_org(merged, str(path), _OverlayLines(lines, origin)))


def _apply_workbook(org: dict[str, Any], path: str | Path) -> Overlaid:
    """An evidence or RACI workbook over the organisation, every problem at its sheet and cell."""
    evidence = read_workbook(path)
    applied = apply_evidence(org, evidence)
    if evidence.problems:
        raise InputError(evidence.problems)
    return Overlaid(validate_org(applied.data, str(path), Cells(applied.cells)), tuple(applied.notes))


class _Overlay:
    def __init__(self, org: dict[str, Any], file: str, raw: Any, lines: Mapping[Path_, int]):
        self.org = {key: list(value) if isinstance(value, list) else value for key, value in org.items()}
        self.file = file
        self.raw = raw
        self.lines = lines
        self.problems: list[Problem] = []
        #: (section, id, name) of the agencies and channels the overlay adds
        self.added: list[tuple[str, str, str]] = []
        self._resolver: Resolver | None = None
        #: (section, id) -> the overlay entry that added it, to tell an id given twice
        self.entry_of: dict[tuple[str, str], int] = {}

    def report(self, path: Path_, message: str, *ids: str) -> None:
        self.problems.append(Problem(self.file, *located(self.lines, path), message, ids))

    def apply(self) -> tuple[dict[str, Any], dict[tuple[str, int], int]]:
        """The merged data, and where each changed or added item came from in the overlay."""
        origin: dict[tuple[str, int], int] = {}
        if not isinstance(self.raw, dict):
            self.report((), "an overlay is a mapping of org-file sections (units, positions, channels, …)")
            return self.org, origin
        for key in self.raw:
            if key != "organisation" and key not in SECTIONS:
                self.report((key,), f"unknown section '{key}'; an overlay has {', '.join(['organisation', *SECTIONS])}")
        if isinstance(self.raw.get("organisation"), dict):
            self.org["organisation"] = {**dict(self.org["organisation"]), **self.raw["organisation"]}
        self._index_added()
        for section in SECTIONS:
            for number, entry in self._entries(section):
                index = (
                    self._change(section, number, entry) if section in MATCH_KEYS else self._add(section, number, entry)
                )
                if index is not None:
                    origin[(section, index)] = number
        return self.org, origin

    def _entries(self, section: str) -> Iterator[tuple[int, dict[str, Any]]]:
        items = self.raw.get(section)
        if items is None:
            return
        if not isinstance(items, list):
            self.report((section,), f"'{section}' must be a list")
            return
        for number, entry in enumerate(items):
            if isinstance(entry, dict):
                yield number, entry
            else:
                self.report((section, number), "each entry must be a mapping")

    def _index_added(self) -> None:
        """Agencies and channels the overlay adds may be named by the other entries: they exist from the start."""
        for section in ("agencies", "channels"):  # read, not checked: the entries are checked once, when added
            items = self.raw.get(section)
            for entry in items if isinstance(items, list) else []:
                if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                    self.added.append((section, entry["id"], str(entry.get("name", ""))))

    @property
    def resolver(self) -> Resolver:
        """The import's elements and those the overlay adds, by id, name, title, holder or label."""
        if self._resolver is None:
            self._resolver = Resolver(self.org, self.added)
        return self._resolver

    def _change(self, section: str, number: int, entry: dict[str, Any]) -> int | None:
        """Find the import's unit or position the entry means, and set the entry's other keys on it."""
        path: Path_ = (section, number)
        key = next((k for k in MATCH_KEYS[section] if k in entry), None)
        if key is None:
            self.report(
                path, f"say which of the organisation's {section} this is: give {' or '.join(MATCH_KEYS[section])}"
            )
            return None
        candidates = self._matches(section, key, entry[key])
        if section == "positions" and key != "id" and "unit" in entry:
            unit = self._resolve((*path, "unit"), entry["unit"], ("units",))
            candidates = [i for i in candidates if self.org["positions"][i].get("unit") == unit]
        if len(candidates) != 1:
            self._unmatched(path, section, key, entry[key], candidates)
            return None
        index = candidates[0]
        item = dict(self.org[section][index])
        for field, value in entry.items():
            if field == key or (field == "unit" and key != "id" and section == "positions"):
                continue
            item[field] = self._resolved(section, (*path, field), field, value)
        if section == "positions" and "role" in entry:
            item["inferred"] = [i for i in item.get("inferred", []) if i.get("fact") != "role"]
        self.org[section][index] = item
        return index

    def _add(self, section: str, number: int, entry: dict[str, Any]) -> int:
        path: Path_ = (section, number)
        if isinstance(entry.get("id"), str):
            first = self.entry_of.setdefault((section, entry["id"]), number)
            if first != number:
                message = f"the id '{entry['id']}' is given twice, in {section}[{first}] and here: one would be lost"
                self.report((*path, "id"), message, entry["id"])
        item = {field: self._resolved(section, (*path, field), field, value) for field, value in entry.items()}
        items = self.org.setdefault(section, [])
        same = [i for i, old in enumerate(items) if "id" in item and old.get("id") == item["id"]]
        if same:
            items[same[0]] = item
            return same[0]
        items.append(item)
        return len(items) - 1

    def _resolved(self, section: str, path: Path_, field: str, value: Any) -> Any:
        kinds = REFERENCES.get(section, {}).get(field)
        if kinds is None:
            return value
        if isinstance(value, list):
            return [self._resolve((*path, n), v, kinds) for n, v in enumerate(value)]
        return self._resolve(path, value, kinds)

    def _resolve(self, path: Path_, ref: Any, kinds: tuple[str, ...]) -> Any:
        """A reference by id, or by the name, title, holder or label of exactly one element of those kinds."""
        found = self.resolver.resolve(ref, kinds)
        if isinstance(found, Unresolved):
            self.report(path, found.message, *found.ids)
            return as_text(ref)
        return found

    def _matches(self, section: str, key: str, value: Any) -> list[int]:
        value = as_text(value)
        if not isinstance(value, str):
            return []
        items = self.org.get(section, [])
        if key == "id":  # ids are exact, as everywhere in the org file; names and titles are matched loosely
            return [i for i, item in enumerate(items) if item.get("id") == value]
        wanted = words(value)
        return [i for i, item in enumerate(items) if isinstance(item.get(key), str) and words(item[key]) == wanted]

    def _unmatched(self, path: Path_, section: str, key: str, value: Any, candidates: list[int]) -> None:
        """An entry that finds none of the organisation's units or positions (the nearest named), or several (named)."""
        singular = section[:-1]
        if not candidates:
            nearest = self.resolver.nearest(str(value), (section,))
            hint = f"; nearest: {self.resolver.listed(nearest)}" if nearest else ""
            ids = (str(value), *(i for _, i in nearest))
            self.report((*path, key), f"no {singular} of the organisation has {key} '{value}'{hint}", *ids)
        else:
            matches = [(section, self.org[section][i]["id"]) for i in candidates]
            found = self.resolver.ambiguous(str(value), matches)
            self.report((*path, key), found.message, *found.ids)


class _OverlayLines(Mapping[Path_, int]):
    """Lines for the merged organisation: an item the overlay changed or added is at its overlay line."""

    def __init__(self, lines: Mapping[Path_, int], origin: dict[tuple[str, int], int]):
        self.lines = lines
        self.origin = origin

    def __getitem__(self, path: Path_) -> int:
        if len(path) >= 2 and (path[0], path[1]) in self.origin:
            return self.lines[(path[0], self.origin[(str(path[0]), int(path[1]))], *path[2:])]
        raise KeyError(path)

    def __iter__(self) -> Iterator[Path_]:
        return iter(())

    def __len__(self) -> int:
        return 0
