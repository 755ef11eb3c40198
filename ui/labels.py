"""Human names for exemption codes and outcomes, as FOI officers and journalists say them.

Codes are in the normal form of DESIGN.md (`s40(2)`, `eir12(5)(e)`, `foisa38(1)(b)`).
Section numbers of the Scottish Act differ from the UK Act's, hence separate tables.
"""

from __future__ import annotations

from core.codes import exemption_levels, is_exemption_code

# Freedom of Information Act 2000: sections and the finer subsections users filter on most.
FOIA_NAMES: dict[str, str] = {
    "s12": "Cost limit",
    "s14": "Vexatious or repeated request",
    "s21": "Reasonably accessible by other means",
    "s22": "Intended for future publication",
    "s22A": "Research",
    "s23": "Security bodies",
    "s23(1)": "Supplied by or relating to security bodies",
    "s23(5)": "Security bodies: neither confirm nor deny",
    "s24": "National security",
    "s24(2)": "National security: neither confirm nor deny",
    "s26": "Defence",
    "s27": "International relations",
    "s28": "Relations within the UK",
    "s29": "The economy",
    "s30": "Investigations and proceedings",
    "s30(3)": "Investigations: neither confirm nor deny",
    "s31": "Law enforcement",
    "s31(1)(a)": "Prevention or detection of crime",
    "s31(1)(b)": "Apprehension or prosecution of offenders",
    "s31(1)(c)": "Administration of justice",
    "s31(3)": "Law enforcement: neither confirm nor deny",
    "s32": "Court records",
    "s33": "Audit functions",
    "s34": "Parliamentary privilege",
    "s35": "Formulation of government policy",
    "s36": "Prejudice to effective conduct of public affairs",
    "s36(2)(b)(i)": "Free and frank provision of advice",
    "s36(2)(b)(ii)": "Free and frank exchange of views",
    "s36(2)(c)": "Otherwise prejudice public affairs",
    "s37": "Communications with the Royal Family, honours",
    "s38": "Health and safety",
    "s39": "Environmental information",
    "s40": "Personal information",
    "s40(1)": "Requester's own personal data",
    "s40(2)": "Third-party personal data",
    "s40(5)": "Personal data: neither confirm nor deny",
    "s41": "Information provided in confidence",
    "s42": "Legal professional privilege",
    "s43": "Commercial interests",
    "s43(1)": "Trade secrets",
    "s43(2)": "Prejudice to commercial interests",
    "s44": "Prohibitions on disclosure",
}

# Environmental Information Regulations 2004.
EIR_NAMES: dict[str, str] = {
    "eir12": "EIR exceptions",
    "eir12(4)(a)": "EIR: information not held",
    "eir12(4)(b)": "EIR: manifestly unreasonable",
    "eir12(4)(c)": "EIR: request too general",
    "eir12(4)(d)": "EIR: material still in course of completion",
    "eir12(4)(e)": "EIR: internal communications",
    "eir12(5)(a)": "EIR: international relations, defence, public safety",
    "eir12(5)(b)": "EIR: course of justice",
    "eir12(5)(c)": "EIR: intellectual property rights",
    "eir12(5)(d)": "EIR: confidentiality of proceedings",
    "eir12(5)(e)": "EIR: commercial confidentiality",
    "eir12(5)(f)": "EIR: interests of the information provider",
    "eir12(5)(g)": "EIR: protection of the environment",
    "eir13": "EIR: personal data",
}

# Freedom of Information (Scotland) Act 2002.
FOISA_NAMES: dict[str, str] = {
    "foisa12": "FOISA: excessive cost",
    "foisa14": "FOISA: vexatious or repeated request",
    "foisa25": "FOISA: otherwise accessible",
    "foisa26": "FOISA: prohibitions on disclosure",
    "foisa27": "FOISA: intended for future publication",
    "foisa28": "FOISA: relations within the UK",
    "foisa29": "FOISA: formulation of Scottish Administration policy",
    "foisa30": "FOISA: prejudice to effective conduct of public affairs",
    "foisa31": "FOISA: national security and defence",
    "foisa32": "FOISA: international relations",
    "foisa33": "FOISA: commercial interests and the economy",
    "foisa34": "FOISA: investigations",
    "foisa35": "FOISA: law enforcement",
    "foisa36": "FOISA: confidentiality",
    "foisa37": "FOISA: court records",
    "foisa38": "FOISA: personal information",
    "foisa39": "FOISA: health, safety and the environment",
    "foisa40": "FOISA: audit functions",
    "foisa41": "FOISA: communications with His Majesty, honours",
}

EXEMPTION_NAMES: dict[str, str] = {**FOIA_NAMES, **EIR_NAMES, **FOISA_NAMES}

OUTCOME_NAMES: dict[str, str] = {
    "disclosed": "Disclosed",
    "partially_disclosed": "Partially disclosed",
    "refused": "Refused",
    "ncnd": "Neither confirm nor deny",
    "not_held": "Not held",
    "acknowledgement": "Acknowledgement",
    "clarification": "Clarification requested",
    "internal_review": "Internal review",
    "other": "Other",
}


def exemption_name(code: str) -> str | None:
    """The name of the code, else of its closest named broader level (`s31(1)(d)` -> Law enforcement)."""
    if not is_exemption_code(code):
        return None
    for level in reversed(exemption_levels(code)):
        if level in EXEMPTION_NAMES:
            return EXEMPTION_NAMES[level]
    return None


def exemption_label(code: str) -> str:
    """`s40` -> `s40 Personal information`; an unknown code stays as it is."""
    name = exemption_name(code)
    return f"{code} {name}" if name else code


def outcome_label(outcome: str) -> str:
    return OUTCOME_NAMES.get(outcome, outcome.replace("_", " ").capitalize())


def with_count(label: str, count: int | None) -> str:
    return label if count is None else f"{label} ({count:,})"
