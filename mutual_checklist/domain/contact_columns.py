"""Which CSV column holds which contact field, for the files people actually have.

No library knows the headers address books write, so this is a table. Header names are compared
after `normal`: case-insensitive, ignoring spaces, hyphens, underscores, dots and apostrophes. For
each field the columns are listed in order of preference; on each row the first one that is not
empty wins (so an empty "Business Phone" does not hide a filled "Mobile Phone").

The layouts covered, from each program's documented export:

* Mutual Checklist's own contacts CSV (``Name``, ``Organisation``, ``Role`` ... ``Retention review``);
* Outlook for Windows ("Comma Separated Values"): ``First Name``, ``Last Name``, ``Company``,
  ``Job Title``, ``Business Phone``, ``Mobile Phone``, ``E-mail Address`` ... and ``Title``, which
  is the honorific (Dr, Ms), not the job;
* Outlook.com and new Outlook: the same names in another order, plus ``Primary Phone``;
* Google Contacts, current layout: ``Organization Name``, ``Organization Title``,
  ``E-mail 1 - Value``, ``Phone 1 - Value`` (several values in one cell are joined by ``:::``);
* Google Contacts, older layout: ``Name``, ``Given Name``, ``Family Name``, ``Organization 1 - Name``,
  ``Organization 1 - Title``, ``E-mail 1 - Value``, ``Phone 1 - Value``;
* Thunderbird: ``Display Name``, ``Primary Email``, ``Work Phone``, ``Mobile Number``,
  ``Organization``, ``Job Title``.

Apple Contacts exports vCards only; those are read by `contacts_vcard`.
"""
from __future__ import annotations

import re

_NOISE = re.compile(r"[\s_\-.'’]")

# field -> header names (already `normal`) in order of preference.
FIELD_COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("name", "fullname", "displayname", "contactname"),
    "first_name": ("firstname", "givenname"),
    "middle_name": ("middlename", "additionalname"),
    "last_name": ("lastname", "surname", "familyname"),
    "organisation": ("organisation", "organization", "company", "companyname", "org",
                     "employer", "organizationname", "organization1name", "organisationname"),
    "role": ("role", "jobtitle", "position", "organizationtitle", "organization1title",
             "occupation"),
    "email": ("email", "emailaddress", "email1value", "primaryemail", "mail", "email1address",
              "email2address", "email2value", "secondaryemail", "email3address",
              "email3value"),
    "phone": ("phone", "telephone", "phonenumber", "businessphone", "workphone",
              "primaryphone", "mobilephone", "mobile", "mobilenumber", "cellphone",
              "phone1value", "businessphone2", "companymainphone", "phone2value", "homephone",
              "homephone2", "otherphone", "phone3value"),
    "stakeholder_type": ("stakeholdertype", "type"),
    "influence": ("influence",),
    "interest": ("interest",),
    "stance": ("stance",),
    "notes": ("notes", "note"),
    "contact_every_days": ("contacteverydays", "keepintouchdays"),
    "next_contact_date": ("nextcontact", "nextcontactdate"),
    "lawful_basis": ("lawfulbasis",),
    "data_source": ("datasource", "source"),
    "retention_review_date": ("retentionreview", "retentionreviewdate"),
}

# "Title" is Outlook's honorific; in a home-made file it may be the job. It is read as the role
# only when no other role column exists and no value in it is an honorific.
TITLE = "title"
HONORIFICS = frozenset({
    "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "cllr", "councillor", "sir",
    "dame", "lord", "lady", "rev", "revd", "reverend", "fr", "sr", "mstr", "master", "hon",
    "rt hon", "the rt hon", "baroness", "baron"})

# Columns with a single value per cell that may hold several joined by " ::: " (Google).
MULTI_VALUE = re.compile(r"\s*:::\s*")

# A plain-words name for each field, for the import preview.
FIELD_LABELS = {
    "name": "Name", "first_name": "First name", "middle_name": "Middle name",
    "last_name": "Last name", "organisation": "Organisation", "role": "Role",
    "email": "Email", "phone": "Phone", "stakeholder_type": "Stakeholder type",
    "influence": "Influence", "interest": "Interest", "stance": "Stance", "notes": "Notes",
    "contact_every_days": "Contact every (days)", "next_contact_date": "Next contact",
    "lawful_basis": "Lawful basis", "data_source": "Data source",
    "retention_review_date": "Retention review",
}

_BY_HEADER = {header: field for field, headers in FIELD_COLUMNS.items() for header in headers}


def normal(header: str) -> str:
    """A header reduced to what identifies it: ``E-mail 1 - Value`` -> ``email1value``."""
    return _NOISE.sub("", header.lstrip("\ufeff")).casefold()


def field_for(header: str) -> str | None:
    """The contact field a column header names, or None."""
    return _BY_HEADER.get(normal(header))


def is_honorific(value: str) -> bool:
    return value.strip().rstrip(".").casefold() in HONORIFICS


def preference(field: str, header: str) -> int:
    """Where a header comes in its field's order of preference (lower is tried first)."""
    return FIELD_COLUMNS[field].index(normal(header))
