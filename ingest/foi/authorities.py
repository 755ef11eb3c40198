"""Which public authority answers: a gazetteer of UK authorities and the rules that pick one.

The gazetteer (data/authorities.json, written for this project) maps names,
abbreviations, former names and email domains to a canonical authority.
Councils and other bodies can be added from a CSV file. Resolution weighs
where a name occurs: the body that speaks ("Hertfordshire Constabulary neither
confirms nor denies"), signs, sends the email or is addressed by the requester
outranks a letterhead address (a joint unit prints another force's
headquarters) and plain mentions. An authority that the gazetteer does not
know is still captured as written: a council's full name ("Leeds City Council",
"London Borough of Camden", "Royal Borough of Greenwich") wherever it is
written, other bodies when they speak or sign; never a department or a generic
word ("Customer Services", "Information Governance Team", "the Council").
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
from ingest.foi.headers import is_requester_address
from ingest.foi.passages import Passages, Sentence, Voice
from ingest.foi.rules import any_match, pattern, patterns, values

KINDS = (
    "police_force",
    "pcc",
    "fire_and_rescue",
    "inspectorate",
    "regulator",
    "government_department",
    "agency",
    "nhs",
    "public_corporation",
    "local_authority",
    "other",
)

# Aliases shorter than this are matched case-sensitively ("MPS", "the Met", "Home Office"):
# in lower case they are ordinary words too often.
_CASE_SENSITIVE_BELOW = 12
_MAILBOXES = {"despatch box", "foi requests", "foi team", "freedom of information team", "information rights", "foi"}
_ORG_WORD = (
    r"(?:Council|Police|Constabulary|Authority|Trust|Department|Ministry|Office|Service|Services|Agency|Commission|"
    r"Commissioner|Board|University|College|Executive|Inspectorate|Corporation|Partnership|Government|Federation|"
    r"Regulator|Ombudsman|Commissioners|Conservators|Conservancy)"
)
_ORG = re.compile(
    # Spaces, not newlines: a department on the line above ("Tax and Business Rates") is not part of the name.
    rf"(?<![\w'’&\-])(?:[A-Z][\w'’&\-]*[ \t]+(?:(?:of|and|for|the|&|upon|on|in|under)[ \t]+)*){{0,9}}{_ORG_WORD}\b"
    rf"(?:[ \t]+(?:of|for)(?:[ \t]+the)?[ \t]+[A-Z][\w'’\-]*(?:[ \t]+[A-Z][\w'’\-]*){{0,3}})?"
)
_ANSWERS = re.compile(
    r"^\s+(?:neither confirms? nor denies|holds\b|does not hold|can(?:not)? confirm|has (?:decided|considered|applied)|"
    r"provides you|is (?:unable|pleased|able)|has located|has searched)",
    re.I,
)
_CONFIRMS_BEFORE = re.compile(r"\b(?:i|we) can confirm (?:that )?$", re.I)
# The Information Commissioner, whom the advice paragraph names in every reply.
_REGULATOR = "ico"
_COMPLAINT = re.compile(r"\b(?:complain|complaint|appeal|dissatisfied|right to|decision notice|commissioner)\b", re.I)
_EMAIL = re.compile(r"[\w.+\-]+@(?P<domain>[\w\-]+(?:\.[\w\-]+)+)")
_DISPLAY_SEPARATOR = re.compile(r"\s+[-–|]\s+|:\s+")
_DEPARTMENT = re.compile(
    r"\b(?:team|officers?|governance|foi|freedom of information|information (?:rights|management)|department|"
    r"unit|services|directorate)\b",
    re.I,
)
# What follows a body's name in its mailbox's display name: "University of Bristol Information Rights".
_TRAILING_TEAM_WORDS = re.compile(
    rf"(?:[\s\-–|:,]+(?:{_DEPARTMENT.pattern}|requests?|office|data protection|information))+\s*$", re.I
)
_SIGNATURE_LINE = 120
# A sentence's end, or a quoted message's: a line that says something is no signature.
_SAYS = re.compile(r"[.!?:;]\s|[.!?]$|>|\bwrote\b")
_PUBLIC_SUFFIX = re.compile(
    r"\.(?:pnn\.)?(?:gov|nhs|police|parliament|ac|mod|llyw)\..*$|\.(?:gov\.scot|gov\.wales|nhs\.net)$"
)
_PLACE_DOMAIN = re.compile(r"(?P<name>[a-z0-9-]+)\.(?P<place>wales|cymru|scot|london)$")
# Any other domain's registry suffix: armouries.org.uk -> armouries.
_OTHER_SUFFIX = re.compile(r"\.(?:(?:org|co|ltd|plc|net|me|sch)\.uk|[a-z]{2,})$")


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

    def __init__(
        self, authorities: Iterable[Authority], complete_sets: dict[str, tuple[str, ...]] | None = None
    ) -> None:
        self.authorities: tuple[Authority, ...] = tuple(authorities)
        # Sets of authorities this gazetteer lists in full, by name ("territorial police forces").
        self.complete_sets: dict[str, tuple[str, ...]] = dict(complete_sets or {})
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
            data = json.loads(text)
            sets = {str(name): tuple(map(str, ids)) for name, ids in data.get("complete_sets", {}).items()}
            return cls((_authority(entry) for entry in data["authorities"]), sets)
        except (ValueError, KeyError, TypeError) as e:
            raise FoiDataError(f"{origin}: not a valid authorities file: {e}") from e

    def with_csv(self, path: Path) -> Gazetteer:
        """This gazetteer plus the authorities of a CSV file (name, id, kind, aliases, domains).

        `aliases` and `domains` hold several values separated by ";". Only `name` is required.
        An entry whose id is already known replaces the shipped one.
        """
        added = list(read_authorities_csv(path))
        ids = {authority.id for authority in added}
        return Gazetteer([*(a for a in self.authorities if a.id not in ids), *added], self.complete_sets)

    def complete_set_members(self) -> dict[str, tuple[tuple[str, str], ...]]:
        """Each set listed in full, as (id, name) of its authorities."""
        known = {name: [self.by_id(authority_id) for authority_id in ids] for name, ids in self.complete_sets.items()}
        return {name: tuple((a.id, a.name) for a in members if a is not None) for name, members in known.items()}

    def by_id(self, authority_id: str) -> Authority | None:
        return self._by_id.get(authority_id)

    def lookup(self, name: str) -> Authority | None:
        """The authority known exactly by this name or alias (case, spacing and apostrophes ignored)."""
        return self._by_name.get(_key(name))

    def by_address(self, address: str) -> Authority | None:
        """The authority an address belongs to: the one its display name names, where it names one
        exactly (an agency writes from its department's domain: "HM Prison and Probation Service"
        <data.access@justice.gov.uk>), else its domain's."""
        display = _display_name(address)
        return (self.lookup(display) if display else None) or self.by_email(address)

    def by_email(self, address_or_domain: str) -> Authority | None:
        """The authority of an email address or domain; subdomains (foi@herts.pnn.police.uk) match too."""
        domain = address_or_domain.rsplit("@", 1)[-1].strip().strip(">").lower()
        labels = domain.split(".")
        shared: list[str] = values("authority", "shared_domains")
        for start in range(len(labels) - 1):
            candidate = ".".join(labels[start:])
            # anglesey.gov.wales is the council's, not the Welsh Government's gov.wales.
            if start > 0 and candidate in shared:
                break
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


def gazetteer_for(authorities_csv: str) -> Gazetteer:
    """The shipped gazetteer, plus the user's own authorities (FOI_AUTHORITIES_CSV) when given."""
    gazetteer = Gazetteer.default()
    return gazetteer.with_csv(Path(authorities_csv)) if authorities_csv else gazetteer


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

    def absorb(self, other: _Candidate) -> None:
        """Take another candidate's votes: it named this body in other words."""
        self.score += other.score
        self.strong = self.strong or other.strong
        self.mentions += other.mentions
        self.evidence.extend(other.evidence)

    @property
    def addressed(self) -> bool:
        """Named by the mail's own addresses: its sender's or its addressee's display name."""
        return any(evidence.startswith(("email from ", "email to ")) for _, evidence in self.evidence)

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

    def vote_name(self, name: str, weight: float, evidence: str, spelled_by_domain: bool = False) -> None:
        """A name as written: the known authority it names, else an unknown one. A name the sender's
        public domain spells whole is a body's even with a department's word in it ("UK Export Finance")."""
        mentions = self.gazetteer.find(name)
        if mentions:
            self.vote(mentions[0].authority, weight, evidence)
            return
        known = self.gazetteer.lookup(name)
        if known is not None:
            self.vote(known, weight, evidence)
            return
        trimmed = _trimmed_name(name)
        # "Dear Information Management" writes to a team: "Management" is a fragment of its name. A word and
        # an office or a team that the gazetteer does not know ("Port Office", "Press Office") are a unit's
        # name: the bodies named so (Home Office, Met Office) are known.
        words = trimmed.split()
        fragment = len(words) == 1 < len(name.split())
        unit = len(words) == 2 and _UNIT_WORD.match(words[1]) is not None
        if fragment or unit or not (is_authority_name(trimmed) or spelled_by_domain):
            return
        name = trimmed
        key = "?" + _key(name)
        self.candidates.setdefault(key, _Candidate(name, None)).add(weight, evidence)

    def vote_domain(self, sender: str) -> None:
        """A sender at a public-sector domain the gazetteer does not know (foi@leeds.gov.uk) confirms
        the body named in the letter whose name the domain spells (Leeds City Council)."""
        for label in public_domains([sender]):
            self._confirm_domain(sender, label)

    def _confirm_domain(self, sender: str, label: str) -> None:
        for key, candidate in list(self.candidates.items()):
            if candidate.authority is None and _domain_spells(label, candidate.name):
                candidate.add(5, f"email from {sender}")
                shorter = _from_domain_word(label, candidate.name)
                if shorter is not None:
                    self._rename(key, candidate, shorter)

    def _fold_run_together_names(self) -> None:
        """A name that ends with another candidate's whole name is that body with a unit or a title run
        into it ("Corporate and Legal Affairs University Hospitals of Leicester NHS Trust", "Board
        Secretary General Dental Council", beside the mailbox's "University Hospitals of Leicester NHS
        Trust"): its votes go to that body. But where the mail's own addresses name the longer one, the
        shorter is its short form ("the Port Authority" in a letter from "Shoreham Port Authority")."""
        self._fold_short_forms()
        for key, candidate in list(self.candidates.items()):
            if candidate.authority is not None:
                continue
            shorter = [
                other
                for other in self.candidates.values()
                if other is not candidate
                and len(other.name.split()) >= 2
                and candidate.name.lower().endswith(" " + other.name.lower())
            ]
            if shorter:
                del self.candidates[key]
                max(shorter, key=lambda found: len(found.name)).absorb(candidate)

    def _fold_short_forms(self) -> None:
        addressed = [c for c in self.candidates.values() if c.authority is None and c.addressed]
        for key, candidate in list(self.candidates.items()):
            if candidate.authority is not None or len(candidate.name.split()) < 2:
                continue
            longer = [other for other in addressed if other.name.lower().endswith(" " + candidate.name.lower())]
            if longer:
                del self.candidates[key]
                max(longer, key=lambda found: found.score).absorb(candidate)

    def _rename(self, key: str, candidate: _Candidate, name: str) -> None:
        """A signature line that runs a department into the body's name ("Tax and Business Rates Leeds
        City Council") names the body from the word its email domain spells: the votes go to that body."""
        del self.candidates[key]
        existing = self.candidates.get("?" + _key(name))
        if existing is None:
            candidate.name = name
            self.candidates["?" + _key(name)] = candidate
            return
        existing.absorb(candidate)

    def winner(self) -> ResolvedAuthority | None:
        self._fold_run_together_names()
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
    recipients: Iterable[str] = (),
    reference_owners: Iterable[tuple[str, str]] = (),
) -> ResolvedAuthority | None:
    """The authority that answers. `reference_owners`: (authority id, evidence) implied by reference formats.

    `recipients`: the To/Cc addresses; a request sent to "FOI requests at Leeds City Council
    <foi@leeds.gov.uk>" (WhatDoTheyKnow's way of addressing one) names the authority.
    """
    ballot = _Ballot(gazetteer)
    _vote_title(ballot, title)
    recipients = tuple(recipients)
    addresses = (sender or "", *recipients)
    domains = body_domains(addresses)
    from_a_body = bool(sender) and _vote_sender(ballot, sender or "")
    for authority_id, evidence in reference_owners:
        owner = gazetteer.by_id(authority_id)
        if owner is not None:
            ballot.vote(owner, 4, evidence)
    _vote_recipients(ballot, recipients, from_a_body)
    _vote_salutations(ballot, passages, domains)
    _vote_sentences(ballot, passages)
    _vote_signatures(ballot, passages, domains, tuple(_request_mailbox_domains(addresses)))
    if sender and gazetteer.by_address(sender) is None:
        ballot.vote_domain(sender)
    return ballot.winner()


def _vote_sender(ballot: _Ballot, sender: str) -> bool:
    """The sender's address, or the body its display name names ("Intellectual Property Office"
    <foi@ipo.gov.uk>: an authority writes from its own mailbox under its own name). True when the
    sender is a public body."""
    known = ballot.gazetteer.by_address(sender)
    body = _body_in_display_name(ballot.gazetteer, sender)
    # An executive agency writes from its department's domain under its own name ("Legal Aid Agency"
    # <laa-foi@justice.gov.uk>): a body the display name names, other than the domain's, sends it.
    if known is not None and (body is None or _same_body(ballot.gazetteer, body, known)):
        ballot.vote(known, 5, f"email from {sender}")
        return True
    if body is not None:
        # Otherwise weaker than the letter's own naming: a mailbox often bears a short name ("Bradford
        # Council FOI") of a body the letter names in full, or the name of a service two bodies share.
        ballot.vote_name(body, 5 if known is not None else 2, f"email from {sender}")
    return body is not None


def _same_body(gazetteer: Gazetteer, name: str, authority: Authority) -> bool:
    """Whether a name as written is this authority's, or no other body's that we can tell: a known
    authority's, or a name whose distinctive words are this one's ("Bradford Council")."""
    if gazetteer.find(name) or gazetteer.lookup(name):
        return True
    return name_key(name) in {name_key(known) for known in (authority.name, *authority.aliases)}


def name_key(name: str) -> str:
    """A council's name without its generic words, so that "Camden Council" and "London Borough of
    Camden" agree: "camden"."""
    generic = {*values("authority", "generic_words"), *values("authority", "key_ignored_words")}
    words = re.findall(r"[a-z0-9]+", name.lower().replace("'", "").replace("’", ""))
    return " ".join(word for word in words if word not in generic) or name.lower().strip()


def _vote_recipients(ballot: _Ballot, recipients: Iterable[str], from_a_body: bool = False) -> None:
    """The addressee of a request: a known domain, WhatDoTheyKnow's "FOI requests at X" display name,
    or, in mail that no public body sent, a display name that names a body ("Health and Care
    Professions Council" <foi@hcpc-uk.org>). A body's own mail may be copied to another body."""
    for recipient in recipients:
        if is_requester_address(recipient):
            continue
        display = _display_name(recipient)
        named = pattern("authority", "mailbox_display_name").match(display) if display else None
        known = ballot.gazetteer.by_address(recipient) if "@" in recipient else None
        if named and not (known is not None and _same_body(ballot.gazetteer, named["authority"], known)):
            # WhatDoTheyKnow's name of the body, whatever the domain ("FOI requests at Legal Aid Agency"
            # <laa-foi@justice.gov.uk>).
            ballot.vote_name(named["authority"], 5, f"email to {recipient}")
            continue
        body = None if from_a_body or named else _body_in_display_name(ballot.gazetteer, recipient)
        if known is not None and (body is None or _same_body(ballot.gazetteer, body, known)):
            ballot.vote(known, 4, f"email to {recipient}")
        elif body is not None:
            ballot.vote_name(body, 4, f"email to {recipient}")


def _display_name(address: str) -> str:
    return address.split("<", 1)[0].strip().strip("\"'").strip() if "<" in address else ""


def _body_in_display_name(gazetteer: Gazetteer, address: str) -> str | None:
    """The public body an address's display name names, if it names one: a known authority, or a
    council's or an organisation's name ("... Office", "... Trust"), alone or with its mailbox's team
    words ("Harris Federation FOI", "FOI - Leeds City Council"). A person's name or a team's ("FOI
    Team", "Information Governance") names none."""
    display = _display_name(address)
    # "Lewes District Council and Eastbourne Borough Council - FOI": a service that two bodies share.
    if not display or "@" in display or len(council_names(display)) > 1:
        return None
    if gazetteer.find(display) or gazetteer.lookup(display):
        return display
    for part in (display, *_DISPLAY_SEPARATOR.split(display)):
        name = _named_with_team_words(part.strip()) or _spelled_mailbox_name(address, part)
        if name is not None:
            return name
    return None


def _spelled_mailbox_name(address: str, part: str) -> str | None:
    """A mailbox under the name of the body its domain spells, though the name has no public body's word:
    "Office of Rail and Road" <foi.team@orr.gov.uk>, "Coleg Gwent" <foi@coleggwent.ac.uk>, and a request
    mailbox's "Royal Armouries FOI" <foi@armouries.org.uk>. A public-sector domain must spell the whole name
    ("Dartmoor NPA" <foi@dartmoor.gov.uk> is a short form of the body's name). A name joined by "and" may
    be a service that two bodies share ("Babergh and Mid Suffolk" <foi@baberghmidsuffolk.gov.uk>)."""
    name = _TRAILING_TEAM_WORDS.sub("", part).strip()
    if len(name.split()) < 2 or _JOINED.search(name) or not is_authority_name(name):
        return None
    whole = any(_domain_spells(label, name, whole=True) for label in public_domains([address]))
    if whole or any(_domain_spells(label, name) for label in _request_mailbox_domains([address])):
        return name
    return None


def _named_with_team_words(text: str) -> str | None:
    council = pattern("authority", "council_name", case_sensitive=True)
    for name in dict.fromkeys((_TRAILING_TEAM_WORDS.sub("", text), text)):
        shaped = council.fullmatch(name) or _ORG.fullmatch(name)
        if shaped and is_authority_name(_trimmed_name(name)):
            return name
    return None


def _vote_title(ballot: _Ballot, title: str) -> None:
    match = pattern("wdtk", "title").search(" ".join(title.split()))
    if match:
        ballot.vote_name(match["authority"], 6, title.strip())


def _vote_salutations(ballot: _Ballot, passages: Passages, domains: tuple[str, ...]) -> None:
    """The requester writes "Dear <authority>": the addressee is who answers."""
    for sentence in passages.in_voice(Voice.REQUESTER):
        match = re.match(r"^dear\s+(?P<to>.+?)\s*[,:]?$", sentence.line_text, re.I)
        if not (match and sentence.first_in_line) or _key(match["to"]) in _MAILBOXES:
            continue
        to = match["to"].rstrip(" ,")
        if addresses_an_authority(to, ballot.gazetteer, domains):
            ballot.vote_name(to, 4, sentence.line_text)


def public_domains(addresses: Iterable[str]) -> tuple[str, ...]:
    """The name part of each public-sector domain among the addresses: foi@tfl.gov.uk -> tfl."""
    labels = []
    for address in addresses:
        if "@" not in address:
            continue
        domain = address.rsplit("@", 1)[-1].strip().strip(">").lower()
        if pattern("authority", "public_domain").search(domain):
            labels.append(_PUBLIC_SUFFIX.sub("", domain).rsplit(".", 1)[-1])
    return tuple(dict.fromkeys(labels))


def body_domains(addresses: Iterable[str]) -> tuple[str, ...]:
    """The public-sector domains' names (`public_domains`), and those of the other domains whose mailbox
    for information requests is among the addresses (foi@transportfocus.org.uk -> transportfocus)."""
    addresses = tuple(addresses)
    return tuple(dict.fromkeys((*public_domains(addresses), *_request_mailbox_domains(addresses))))


def _request_mailbox_domains(addresses: Iterable[str]) -> Iterator[str]:
    for address in addresses:
        if "@" not in address or is_requester_address(address):
            continue
        local, domain = address.rsplit("<", 1)[-1].strip().strip(">").lower().rsplit("@", 1)
        public = pattern("authority", "public_domain").search(domain)
        if not public and pattern("authority", "foi_mailbox").match(local):
            # A place's own top-level domain is part of the name it spells (socialcare.wales: Social Care Wales).
            place = _PLACE_DOMAIN.search(domain)
            yield place["name"] + place["place"] if place else _OTHER_SUFFIX.sub("", domain).rsplit(".", 1)[-1]


def _spelled_by(domains: tuple[str, ...], name: str) -> bool:
    """A name that a domain spells whole, or by its initials (tfl -> Transport for London): a domain
    word inside a longer name ("Bristol Civic Watch", bristol.gov.uk) names someone else."""
    return len(name.split()) >= 2 and any(_domain_spells(label, name, whole=True) for label in domains)


def _vote_sentences(ballot: _Ballot, passages: Passages) -> None:
    gazetteer = ballot.gazetteer
    counted_mentions: dict[str, float] = defaultdict(float)
    for sentence in passages.in_voice(Voice.AUTHORITY):
        # "We have transferred your request to Forestry England": the body named is the one it goes to.
        if any_match(patterns("outcome", "transferred"), sentence.own_text) or pattern(
            "authority", "transfer_mention"
        ).search(sentence.own_text):
            continue
        text = sentence.text.replace("’", "'")
        mentions = gazetteer.find(text)
        for mention in mentions:
            _vote_mention(ballot, sentence, text, mention, counted_mentions)
        _vote_council_names(ballot, sentence, text, mentions)
        if not mentions:
            _vote_unknown_speaker(ballot, sentence)
        # "The ICO can be contacted at icocasework@ico.org.uk": advice names the regulator, not the sender.
        for email in _EMAIL.finditer(sentence.text) if not sentence.advice else ():
            owner = gazetteer.by_email(email["domain"])
            if owner is not None:
                ballot.vote(owner, 2, sentence.text)


def _vote_mention(
    ballot: _Ballot, sentence: Sentence, text: str, mention: Mention, counted_mentions: dict[str, float]
) -> None:
    weight = _weight(sentence, text, mention.start, mention.end)
    # "After that, you can ask the ICO to investigate": advice names the regulator to complain to.
    if weight is None or (sentence.advice and mention.authority.id == _REGULATOR):
        return
    if weight > 0.5:
        ballot.vote(mention.authority, weight, sentence.line_text if weight == 1 else sentence.text)
    elif counted_mentions[mention.authority.id] < 3:
        counted_mentions[mention.authority.id] += 0.5
        ballot.vote(mention.authority, 0.5, sentence.text, strong=False)
        ballot.candidates[mention.authority.id].mentions += 1


def _weight(sentence: Sentence, text: str, start: int, end: int) -> float | None:
    """How much a name at text[start:end] says about who answers; None: nothing (complaint boilerplate)."""
    if _speaks(text, start, end):
        return 5
    if any_match(patterns("authority", "addressed_before"), text[:start]):
        return 4
    if _COMPLAINT.search(text):
        return None
    if sentence.line < 12 and len(sentence.line_text) <= 120:
        return 1
    return 0.5


def _vote_council_names(ballot: _Ballot, sentence: Sentence, text: str, known: list[Mention]) -> None:
    """Council names written in full that the gazetteer does not know ("London Borough of Camden")."""
    for start, end, name in council_names(text):
        if any(m.start < end and start < m.end for m in known):
            continue
        weight = _weight(sentence, text, start, end)
        if weight is None:
            continue
        if weight > 0.5:
            ballot.vote_name(name, weight, sentence.line_text if weight == 1 else sentence.text)
        else:
            _vote_unknown_mention(ballot, name, sentence.text)


def _vote_unknown_mention(ballot: _Ballot, name: str, evidence: str) -> None:
    """A plain mention: counts towards a winner only when the name recurs (as for known authorities)."""
    if not is_authority_name(name):
        return
    key = "?" + _key(name)
    candidate = ballot.candidates.setdefault(key, _Candidate(name, None))
    if candidate.mentions < 3:
        candidate.add(0.5, evidence, strong=False)
        candidate.mentions += 1


def council_names(text: str) -> list[tuple[int, int, str]]:
    """(start, end, name) of every council named in full in `text`, leading sentence words trimmed."""
    found = []
    for match in pattern("authority", "council_name", case_sensitive=True).finditer(text):
        name = _trimmed_name(match.group(0))
        if is_authority_name(name):
            found.append((match.end() - len(name), match.end(), name))
    return found


def _speaks(text: str, start: int, end: int) -> bool:
    after, before = text[end:], text[:start]
    # "I write on behalf of X" speaks for X; "enforcement is carried out on behalf of X" is another's work.
    for_them = re.search(r"\bon behalf of\s*$", before, re.I) and not _DONE_FOR.search(before)
    return bool(_ANSWERS.match(after) or _CONFIRMS_BEFORE.search(before) or for_them)


_DONE_FOR = re.compile(
    r"\b(?:carried out|provided|run|operated|managed|delivered|undertaken|enforced|issued|collected)"
    r"\s+on behalf of\s*$",
    re.I,
)


def _vote_unknown_speaker(ballot: _Ballot, sentence: Sentence) -> None:
    for match in _ORG.finditer(sentence.text):
        if _ANSWERS.match(sentence.text[match.end() :]):
            ballot.vote_name(match.group(0), 5, sentence.text)


def _vote_signatures(
    ballot: _Ballot, passages: Passages, domains: tuple[str, ...], mailbox_domains: tuple[str, ...]
) -> None:
    """Names in the few lines under an authority's sign-off ("Yours sincerely ... HMICFRS FoI Team").
    `mailbox_domains`: the domains outside the public sector that keep a mailbox for requests."""
    for block in _signature_lines(passages):
        for below in block:
            mentions = ballot.gazetteer.find(below)
            councils = council_names(below)
            if mentions:
                ballot.vote(mentions[0].authority, 3, below)
            elif councils:
                ballot.vote_name(councils[0][2], 3, below)
            elif len(below) > _SIGNATURE_LINE:
                continue  # a block run together with its address: only a whole name known as one is safe
            elif _ORG.fullmatch(below) or _spelled_by(domains, below):
                ballot.vote_name(below, 3, below)
            else:
                _vote_run_together_signature(ballot, below, domains, mailbox_domains)


def _signature_lines(passages: Passages) -> Iterator[list[str]]:
    """The lines under each of the authority's sign-offs. A reply that signs with no valediction
    ends with its signature ("FOI Office / Royal Free London NHS Foundation Trust"): its last line,
    when that names rather than says something."""
    sign_off = pattern("voice", "sign_off")
    lines = passages.lines
    voices = {s.line: s.voice for s in passages.sentences}
    signed = False
    for number, line in enumerate(lines):
        if sign_off.match(line) and voices.get(number) is Voice.AUTHORITY:
            signed = True
            yield [part for below in lines[number + 1 : number + 8] if (part := _signature_part(below))]
    if signed:
        return
    # Advice closes many replies with the Commissioner's address: no signature of the body's.
    own = [s.line for s in passages.sentences if s.voice is Voice.AUTHORITY and not s.advice]
    if own and not _SAYS.search(last := lines[max(own)]) and (part := _signature_part(last)):
        yield [part]


def _signature_part(line: str) -> str:
    """A signature line, or one that extraction ran together with the postal address after it
    ("Information Governance South Cambridgeshire District Council South Cambridgeshire Hall,
    Cambourne ..."); a line of prose is none."""
    if len(line) <= _SIGNATURE_LINE:
        return line
    return "" if _SAYS.search(line[:_SIGNATURE_LINE]) else line


def _vote_run_together_signature(
    ballot: _Ballot, line: str, domains: tuple[str, ...], mailbox_domains: tuple[str, ...]
) -> None:
    """A sign-off block that extraction ran into one line ("Information Rights Officer Secretary's
    Office, University of Bristol"): the last organisation's name in it, without the team's words in
    front, when the sender's public domain spells it (a run-together line is weak evidence alone)."""
    names = [_trimmed_name(match.group(0)) for match in _ORG.finditer(line)]
    spelled = [name for name in names if is_authority_name(name) and _spelled_by(domains, name)]
    if not names:
        # A name with no public body's word ("Horniman Museum", "UK Export Finance") that the sender's domain
        # spells whole; a department's word in it ("Finance") does not make it a department's when the
        # public domain spells it. The post town of a council's address ("Burgess Hill RH15 9AS",
        # burgesshill.gov.uk) is no body's name.
        runs = _capitalised_runs(line)
        public = [name for name in runs if _spelled_by(domains, name) and not _post_town(name, line)]
        if public:
            ballot.vote_name(public[-1], 3, line, spelled_by_domain=True)
            return
        spelled = [name for name in runs if is_authority_name(name) and _spelled_by(mailbox_domains, name)]
    if spelled:
        ballot.vote_name(spelled[-1], 3, line)


def _post_town(name: str, line: str) -> bool:
    """Whether the name stands before a postcode (with its county between, or not), as a post town does."""
    return re.search(rf"\b{re.escape(name)}(?:,?[ \t]+[A-Z][\w'’\-]*){{0,3}},?[ \t]+{_POSTCODE}", line) is not None


_POSTCODE = r"[A-Z]{1,2}\d[A-Z\d]?[ \t]*\d[A-Z]{2}\b"


def _capitalised_runs(line: str) -> list[str]:
    """Each run of two to six capitalised words: "Horniman Museum 100 London Road" holds "Horniman Museum",
    a name with no public body's word that only the sender's domain can tell from the address. Not one
    joined by "and", which may be a service two bodies share (`_spelled_mailbox_name`)."""
    runs = [run.split() for run in _CAPITALISED_RUN.findall(line)]
    return [
        " ".join(words[start:end])
        for words in runs
        for start in range(len(words))
        for end in range(start + 2, min(len(words), start + 6) + 1)
        if words[start][0].isupper() and words[end - 1][0].isupper() and not _JOINED.search(" ".join(words[start:end]))
    ]


_CAPITALISED_RUN = re.compile(r"[A-Z][\w'’&-]*(?:\s+(?:of|and|the|for|&|[A-Z][\w'’&-]*))*")


def addresses_an_authority(to: str, gazetteer: Gazetteer, domains: tuple[str, ...] = ()) -> bool:
    """Whether a salutation ("Dear X") is addressed to a public body rather than a person. `domains`:
    the mail's public bodies' domain names (`body_domains`); a name one of them spells ("Transport for
    London", tfl.gov.uk) is the body's, though it has no public body's word."""
    to = to.strip(" ,:")
    council = pattern("authority", "council_name", case_sensitive=True).fullmatch(to)
    known = gazetteer.find(to) or gazetteer.lookup(to)
    # "Dear Information Governance Team", "Dear FOI Officer": written to the body, though no authority's name.
    named = _key(to) in _MAILBOXES or known or _ORG.fullmatch(to) or council or _DEPARTMENT.search(to)
    return bool(named or _spelled_by(domains, to))


def is_authority_name(name: str) -> bool:
    """Whether a name as written can be a public authority: not a department or team ("Customer
    Services", "Information Governance Team") and not only generic words ("Council", "the Council",
    "City Council")."""
    words = re.findall(r"[\w'’&\-]+", name.lower())
    generic: list[str] = values("authority", "generic_words")
    if not words or all(word in generic for word in words):
        return False
    # "Clerk's Office", "Head Office": an office holder's or a unit's name with a generic word.
    titles: list[str] = values("authority", "job_title_words")
    if all(word in generic or re.sub(r"['’]s$", "", word) in titles for word in words):
        return False
    lowered = " ".join(words)
    departments: list[str] = values("authority", "department_words")
    return not any(re.search(rf"\b{re.escape(word)}\b", lowered) for word in departments)


def _trimmed_name(name: str) -> str:
    """The name without the sentence words in front: "Unfortunately Leeds City Council" -> "Leeds City Council"."""
    stop: list[str] = values("authority", "name_stop_words")
    words = " ".join(name.split()).strip(" ,.:;").split(" ")
    keep_borough = re.compile(r"^(?:royal|london|borough|city|council|corporation)$", re.I)
    while len(words) > 1 and words[0].lower().strip("'’") in stop and not _opens_name(words, keep_borough):
        # "Sir John Soane's Museum", "Sir Thomas Rich's School": a body named after its founder.
        if words[0].lower() == "sir" and any(re.search(r"\w['’]s$", word) for word in words[1:4]):
            break
        words = words[1:]
    # A signature line run together: "Freedom of Information Office Leeds Teaching Hospitals NHS Trust" is
    # the body's office ("Office for National Statistics", "Office of the ... Commissioner" are bodies).
    while len(words) > 2 and _UNIT_WORD.match(words[0]) and words[1].lower() not in ("of", "for", "and", "&"):
        words = words[1:]
    name = " ".join(words)
    # "Information Governance North West Ambulance Service NHS Trust", "Corporate Information Assurance
    # and Risk Team Manchester City Council": the body's name follows its department's.
    units = [*values("authority", "department_words"), *values("authority", "job_title_words")]
    ends = [m.end() for word in units for m in re.finditer(rf"\b{re.escape(word)}\b", name, re.I)]
    # "Clerk's Office Bangor City Council": the unit's possessive and its office go with it, but not a body's
    # own "Office of the Public Guardian" after its unit's name.
    after = name[max(ends) :].strip(" ,.:;-–") if ends else ""
    # "Head of Governance and Information Housing Ombudsman": a word joined to the unit's is the unit's.
    rest = re.sub(r"^(?:['’]s\s+)?(?:(?:and|&)\s+\S+\s+(?=\S+\s+\S))?", "", after)
    rest = re.sub(r"^(?:(?:and|&|of|the|(?:[Oo]ffice|[Dd]epartment)(?!\s+(?:of|for)\b))\s+)*", "", rest)
    if len(rest.split()) >= 2 and rest[:1].isupper() and is_authority_name(rest):
        return rest
    return name


_JOINED = re.compile(r"\s(?:and|&)\s", re.I)
_UNIT_WORD = re.compile(r"^(?:office|team|unit|desk|hub|section|directorate|division|department)$", re.I)


def _from_domain_word(label: str, name: str) -> str | None:
    """The end of `name` from the word the domain label spells, when that end is itself a council's name:
    ("leeds", "Tax and Business Rates Leeds City Council") -> "Leeds City Council". Only a council's: its
    name opens with its place, while other bodies' often open before the word their domain spells
    (brookes -> Oxford Brookes University, napier -> Edinburgh Napier University)."""
    first = next((part for part in re.split(r"[-_]", label) if part), "")
    words = name.split()
    for position in range(1, len(words)):
        # "City of Bradford Metropolitan District Council" is one name; so is "Greater London Authority":
        # a compass or size word in front of a place is part of its name (North Somerset, Mid Devon).
        before = words[position - 1].lower()
        if re.sub(r"[^a-z0-9]", "", words[position].lower()) != first or before in _LINK_WORDS | _PLACE_QUALIFIERS:
            continue
        rest = " ".join(words[position:])
        council = pattern("authority", "council_name", case_sensitive=True).fullmatch(rest)
        if council and is_authority_name(rest):
            return rest
    return None


def _opens_name(words: list[str], keep: re.Pattern[str]) -> bool:
    """ "City of York Council", "Borough of ...", "Council of the Isles of Scilly" open with a generic word."""
    return bool(keep.match(words[0])) and len(words) > 2 and words[1].lower() == "of"


def _domain_spells(label: str, name: str, whole: bool = False) -> bool:
    """Whether an email domain label names this body: leeds -> Leeds City Council, rbkc -> Royal Borough
    of Kensington and Chelsea, royalgreenwich -> Royal Borough of Greenwich, brighton-hove -> Brighton & Hove."""
    generic: list[str] = values("authority", "generic_words")
    words: list[str] = re.findall(r"[a-z0-9]+", name.lower().replace("'", "").replace("’", ""))
    significant = [w for w in words if w not in generic]
    if not significant or len(label) < 2:
        return False
    joined = {
        "".join(words),
        "".join(significant),
        "".join(w for w in words if w not in _LINK_WORDS),
        "".join(w for w in words if w not in _LINK_WORDS and w not in _COUNCIL_TYPES),
        "".join(w[0] for w in words if w not in _LINK_WORDS),
        # nca -> Northern Care Alliance NHS Foundation Trust
        "".join(w[0] for w in significant if w not in _LINK_WORDS),
    }
    parts = [p for p in re.split(r"[-_]", label) if p]
    return label in joined or (not whole and all(part in significant for part in parts))


_LINK_WORDS = {"of", "and", "the", "upon", "on"}
_PLACE_QUALIFIERS = {"greater", "north", "south", "east", "west", "mid", "central", "inner", "outer", "upper", "lower"}
_COUNCIL_TYPES = {"borough", "council", "city", "county", "district", "metropolitan"}
