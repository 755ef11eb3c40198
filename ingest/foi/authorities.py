"""Which public authority answers: a gazetteer of UK authorities and the rules that pick one.

The gazetteer (data/authorities.json, written for this project) maps names,
abbreviations, former names and email domains to a canonical authority.
Councils and other bodies can be added from a CSV file. Resolution weighs
where a name occurs: the body that speaks ("Hertfordshire Constabulary neither
confirms nor denies"), signs, sends the email or is addressed by the requester
outranks a letterhead address (a joint unit prints another force's
headquarters) and plain mentions. An authority that the gazetteer does not
know is still captured as written.
"""

from __future__ import annotations

import csv
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

from ingest.errors import FoiDataError
from ingest.foi.passages import Passages, Sentence, Voice
from ingest.foi.rules import pattern

KINDS = (
    "police_force",
    "pcc",
    "inspectorate",
    "regulator",
    "government_department",
    "agency",
    "nhs",
    "local_authority",
    "other",
)

# Aliases shorter than this are matched case-sensitively ("MPS", "the Met", "Home Office"):
# in lower case they are ordinary words too often.
_CASE_SENSITIVE_BELOW = 12
_MAILBOXES = {"despatch box", "foi requests", "foi team", "freedom of information team", "information rights", "foi"}
_ORG_WORD = (
    r"(?:Council|Police|Constabulary|Authority|Trust|Department|Ministry|Office|Service|Services|Agency|Commission|"
    r"Commissioner|Board|University|College|Executive|Inspectorate|Corporation|Partnership|Government)"
)
_ORG = re.compile(
    rf"(?:[A-Z][\w'’&\-]*\s+(?:(?:of|and|for|the|&)\s+)*){{0,7}}{_ORG_WORD}\b(?:\s+(?:of|for)\s+[A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*){{0,3}})?"
)
_ANSWERS = re.compile(
    r"^\s+(?:neither confirms? nor denies|holds\b|does not hold|can(?:not)? confirm|has (?:decided|considered|applied)|"
    r"provides you|is (?:unable|pleased|able)|has located|has searched)",
    re.I,
)
_CONFIRMS_BEFORE = re.compile(r"\b(?:i|we) can confirm (?:that )?$", re.I)
_COMPLAINT = re.compile(r"\b(?:complain|complaint|appeal|dissatisfied|right to|decision notice|commissioner)\b", re.I)
_EMAIL = re.compile(r"[\w.+\-]+@(?P<domain>[\w\-]+(?:\.[\w\-]+)+)")


@dataclass(frozen=True)
class Authority:
    id: str
    name: str
    kind: str = "other"
    aliases: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Mention:
    authority: Authority
    start: int
    end: int


@dataclass(frozen=True)
class ResolvedAuthority:
    name: str
    id: str | None
    evidence: str


class Gazetteer:
    """Canonical authorities with their aliases and email domains."""

    def __init__(self, authorities: Iterable[Authority]) -> None:
        self.authorities: tuple[Authority, ...] = tuple(authorities)
        self._by_id = {authority.id: authority for authority in self.authorities}
        self._by_name: dict[str, Authority] = {}
        self._by_domain: dict[str, Authority] = {}
        for authority in self.authorities:
            for name in authority.names:
                self._by_name.setdefault(_key(name), authority)
            for domain in authority.domains:
                self._by_domain.setdefault(domain.lower(), authority)
        self._matchers = _matchers(self.authorities)

    @classmethod
    def default(cls) -> Gazetteer:
        """The gazetteer shipped with the package."""
        return _default_gazetteer()

    @classmethod
    def from_json(cls, text: str, origin: str = "gazetteer") -> Gazetteer:
        try:
            entries = json.loads(text)["authorities"]
            return cls(_authority(entry) for entry in entries)
        except (ValueError, KeyError, TypeError) as e:
            raise FoiDataError(f"{origin}: not a valid authorities file: {e}") from e

    def with_csv(self, path: Path) -> Gazetteer:
        """This gazetteer plus the authorities of a CSV file (name, id, kind, aliases, domains).

        `aliases` and `domains` hold several values separated by ";". Only `name` is required.
        An entry whose id is already known replaces the shipped one.
        """
        added = list(read_authorities_csv(path))
        ids = {authority.id for authority in added}
        return Gazetteer([*(a for a in self.authorities if a.id not in ids), *added])

    def by_id(self, authority_id: str) -> Authority | None:
        return self._by_id.get(authority_id)

    def lookup(self, name: str) -> Authority | None:
        """The authority known exactly by this name or alias (case, spacing and apostrophes ignored)."""
        return self._by_name.get(_key(name))

    def by_email(self, address_or_domain: str) -> Authority | None:
        """The authority of an email address or domain; subdomains (foi@herts.pnn.police.uk) match too."""
        domain = address_or_domain.rsplit("@", 1)[-1].strip().strip(">").lower()
        labels = domain.split(".")
        for start in range(len(labels) - 1):
            candidate = ".".join(labels[start:])
            if candidate in self._by_domain:
                return self._by_domain[candidate]
            without_pnn = candidate.replace(".pnn.", ".")
            if without_pnn in self._by_domain:
                return self._by_domain[without_pnn]
        return None

    def find(self, text: str) -> list[Mention]:
        """Every mention of a known authority in `text`, longest first where they overlap."""
        text = text.replace("’", "'")
        found: list[Mention] = []
        for regex, names in self._matchers:
            for match in regex.finditer(text):
                authority = names.get(_key(match.group(0)))
                if authority is not None:
                    found.append(Mention(authority, match.start(), match.end()))
        found.sort(key=lambda m: (m.start, -(m.end - m.start)))
        kept: list[Mention] = []
        for mention in found:
            if not kept or mention.start >= kept[-1].end:
                kept.append(mention)
        return kept


def read_authorities_csv(path: Path) -> Iterator[Authority]:
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            if reader.fieldnames is None or "name" not in [f.strip().lower() for f in reader.fieldnames]:
                raise FoiDataError(f"{path}: an authorities CSV needs a 'name' column")
            for number, row in enumerate(reader, start=2):
                yield _csv_authority(
                    {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}, path, number
                )
    except (OSError, UnicodeDecodeError, csv.Error) as e:
        raise FoiDataError(f"{path}: cannot read authorities CSV: {e}") from e


def _csv_authority(row: dict[str, str], path: Path, number: int) -> Authority:
    name = row.get("name", "")
    if not name:
        raise FoiDataError(f"{path}, line {number}: the name is empty")
    kind = row.get("kind") or "local_authority"
    if kind not in KINDS:
        raise FoiDataError(f"{path}, line {number}: kind {kind!r} is not one of {', '.join(KINDS)}")
    return Authority(
        id=row.get("id") or _slug(name),
        name=name,
        kind=kind,
        aliases=_split(row.get("aliases", "")),
        domains=tuple(d.lower() for d in _split(row.get("domains", ""))),
    )


def _split(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(";") if part.strip())


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def _key(name: str) -> str:
    return " ".join(name.replace("’", "'").lower().split())


def _authority(entry: dict[str, object]) -> Authority:
    kind = str(entry.get("kind", "other"))
    if kind not in KINDS:
        raise ValueError(f"kind {kind!r} of {entry.get('id')!r} is not one of {', '.join(KINDS)}")
    return Authority(
        id=str(entry["id"]),
        name=str(entry["name"]),
        kind=kind,
        aliases=tuple(str(a) for a in entry.get("aliases", ()) or ()),  # type: ignore[attr-defined]
        domains=tuple(str(d).lower() for d in entry.get("domains", ()) or ()),  # type: ignore[attr-defined]
    )


@cache
def _default_gazetteer() -> Gazetteer:
    try:
        text = resources.files("ingest.foi").joinpath("data/authorities.json").read_text(encoding="utf-8")
    except OSError as e:
        raise FoiDataError(f"cannot read ingest/foi/data/authorities.json: {e}") from e
    return Gazetteer.from_json(text, "ingest/foi/data/authorities.json")


def _matchers(authorities: tuple[Authority, ...]) -> list[tuple[re.Pattern[str], dict[str, Authority]]]:
    """Two alternations, longest names first: case-insensitive long names, case-sensitive short ones."""
    long_names: dict[str, Authority] = {}
    short_names: dict[str, Authority] = {}
    for authority in authorities:
        for name in authority.names:
            target = long_names if len(name) >= _CASE_SENSITIVE_BELOW else short_names
            target.setdefault(_key(name), authority)
    matchers = []
    for names, flags, originals in (
        (long_names, re.IGNORECASE, None),
        (short_names, 0, {_key(n): n for a in authorities for n in a.names if len(n) < _CASE_SENSITIVE_BELOW}),
    ):
        if not names:
            continue
        sources = sorted(originals.values() if originals else names, key=len, reverse=True)
        alternation = "|".join(_name_regex(source) for source in sources)
        matchers.append((re.compile(rf"(?<![\w&])(?:{alternation})(?![\w&])", flags), names))
    return matchers


def _name_regex(name: str) -> str:
    escaped = r"\s+".join(re.escape(word) for word in name.replace("’", "'").split())
    return re.sub(r"^the\\s\+", r"[Tt]he\\s+", escaped)


# --- resolution ---


@dataclass
class _Candidate:
    name: str
    authority: Authority | None
    score: float = 0.0
    strong: bool = False
    mentions: int = 0
    evidence: list[tuple[float, str]] = field(default_factory=list)

    def add(self, weight: float, evidence: str, strong: bool = True) -> None:
        self.score += weight
        self.strong = self.strong or strong
        self.evidence.append((weight, evidence))

    @property
    def best_evidence(self) -> str:
        return max(self.evidence, key=lambda item: item[0])[1] if self.evidence else ""


class _Ballot:
    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.candidates: dict[str, _Candidate] = {}

    def vote(self, authority: Authority, weight: float, evidence: str, strong: bool = True) -> None:
        candidate = self.candidates.setdefault(authority.id, _Candidate(authority.name, authority))
        candidate.add(weight, evidence, strong)

    def vote_name(self, name: str, weight: float, evidence: str) -> None:
        """A name as written: the known authority it names, else an unknown one."""
        mentions = self.gazetteer.find(name)
        if mentions:
            self.vote(mentions[0].authority, weight, evidence)
            return
        known = self.gazetteer.lookup(name)
        if known is not None:
            self.vote(known, weight, evidence)
            return
        key = "?" + _key(name)
        self.candidates.setdefault(key, _Candidate(name.strip(), None)).add(weight, evidence)

    def winner(self) -> ResolvedAuthority | None:
        strong = [c for c in self.candidates.values() if c.strong]
        pool = strong or [c for c in self.candidates.values() if c.mentions >= 2]
        if not pool:
            return None
        best = max(pool, key=lambda c: (c.score, c.authority is not None))
        if best.authority is not None:
            return ResolvedAuthority(best.authority.name, best.authority.id, best.best_evidence)
        return ResolvedAuthority(best.name, None, best.best_evidence)


def resolve_authority(
    passages: Passages,
    gazetteer: Gazetteer,
    *,
    title: str = "",
    sender: str | None = None,
    reference_owners: Iterable[tuple[str, str]] = (),
) -> ResolvedAuthority | None:
    """The authority that answers. `reference_owners`: (authority id, evidence) implied by reference formats."""
    ballot = _Ballot(gazetteer)
    _vote_title(ballot, title)
    if sender:
        by_sender = gazetteer.by_email(sender)
        if by_sender is not None:
            ballot.vote(by_sender, 5, f"email from {sender}")
    for authority_id, evidence in reference_owners:
        owner = gazetteer.by_id(authority_id)
        if owner is not None:
            ballot.vote(owner, 4, evidence)
    _vote_salutations(ballot, passages)
    _vote_sentences(ballot, passages)
    _vote_signatures(ballot, passages)
    return ballot.winner()


def _vote_title(ballot: _Ballot, title: str) -> None:
    match = pattern("wdtk", "title").search(" ".join(title.split()))
    if match:
        ballot.vote_name(match["authority"], 6, title.strip())


def _vote_salutations(ballot: _Ballot, passages: Passages) -> None:
    """The requester writes "Dear <authority>": the addressee is who answers."""
    for sentence in passages.in_voice(Voice.REQUESTER):
        match = re.match(r"^dear\s+(?P<to>.+?)\s*[,:]?$", sentence.line_text, re.I)
        if not (match and sentence.first_in_line) or _key(match["to"]) in _MAILBOXES:
            continue
        if addresses_an_authority(match["to"], ballot.gazetteer):
            ballot.vote_name(match["to"].rstrip(" ,"), 4, sentence.line_text)


def _vote_sentences(ballot: _Ballot, passages: Passages) -> None:
    gazetteer = ballot.gazetteer
    counted_mentions: dict[str, float] = defaultdict(float)
    for sentence in passages.in_voice(Voice.AUTHORITY):
        text = sentence.text.replace("’", "'")
        for mention in gazetteer.find(text):
            if _speaks(text, mention):
                ballot.vote(mention.authority, 5, sentence.text)
            elif _COMPLAINT.search(text):
                continue
            elif sentence.line < 12 and len(sentence.line_text) <= 120:
                ballot.vote(mention.authority, 1, sentence.line_text)
            elif counted_mentions[mention.authority.id] < 3:
                counted_mentions[mention.authority.id] += 0.5
                ballot.vote(mention.authority, 0.5, sentence.text, strong=False)
                ballot.candidates[mention.authority.id].mentions += 1
        if not gazetteer.find(text):
            _vote_unknown_speaker(ballot, sentence)
        for email in _EMAIL.finditer(sentence.text):
            owner = gazetteer.by_email(email["domain"])
            if owner is not None:
                ballot.vote(owner, 2, sentence.text)


def _speaks(text: str, mention: Mention) -> bool:
    after, before = text[mention.end :], text[: mention.start]
    return bool(
        _ANSWERS.match(after) or _CONFIRMS_BEFORE.search(before) or re.search(r"\bon behalf of\s*$", before, re.I)
    )


def _vote_unknown_speaker(ballot: _Ballot, sentence: Sentence) -> None:
    for match in _ORG.finditer(sentence.text):
        if _ANSWERS.match(sentence.text[match.end() :]):
            ballot.vote_name(match.group(0), 5, sentence.text)


def _vote_signatures(ballot: _Ballot, passages: Passages) -> None:
    """Names in the few lines under an authority's sign-off ("Yours sincerely ... HMICFRS FoI Team")."""
    sign_off = pattern("voice", "sign_off")
    lines = passages.lines
    voices = {s.line: s.voice for s in passages.sentences}
    for number, line in enumerate(lines):
        if not sign_off.match(line) or voices.get(number) is not Voice.AUTHORITY:
            continue
        for below in lines[number + 1 : number + 8]:
            if not below or len(below) > 120:
                continue
            mentions = ballot.gazetteer.find(below)
            if mentions:
                ballot.vote(mentions[0].authority, 3, below)
            elif _ORG.fullmatch(below):
                ballot.vote_name(below, 3, below)


def addresses_an_authority(to: str, gazetteer: Gazetteer) -> bool:
    """Whether a salutation ("Dear X") is addressed to a public body rather than a person."""
    to = to.strip(" ,:")
    return bool(_key(to) in _MAILBOXES or gazetteer.find(to) or gazetteer.lookup(to) or _ORG.fullmatch(to))
