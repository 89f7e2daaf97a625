"""Build an organization from a CRM's own rows, report bad rows, and follow a transfer.

A CRM keeps its sales force in its own tables with its own column names and codes. This
script maps such rows (plain dicts, as a database driver returns them) to deepmarketing
records, builds a validated Organization, shows how every problem of a bad batch is reported
against the row it came from, and asks who reported to whom around a mid-month transfer.

Run: ``python examples/build_org_from_rows.py`` (no arguments).
"""

from __future__ import annotations

import copy
from collections import defaultdict
from typing import Any

import pendulum

import deepmarketing as dm
from deepmarketing.io import from_json, to_json

Row = dict[str, Any]

# -- the CRM's rows -----------------------------------------------------------------------

CRM_TABLES: dict[str, list[Row]] = {
    "org_units": [
        {"code": "HQ", "title": "Central Plains Feed Co.", "parent": None, "tier": "company"},
        {"code": "D1", "title": "Yubei district", "parent": "HQ", "tier": "district"},
        {"code": "R1", "title": "Xinxiang region", "parent": "D1", "tier": "region"},
        {"code": "R2", "title": "Hebi region", "parent": "D1", "tier": "region"},
    ],
    "staff": [
        {"emp": "E001", "full_name": "Hua Ting", "hired": "2019-03-01"},
        {"emp": "E002", "full_name": "Wei Hui", "hired": "2020-06-15"},
        {"emp": "E003", "full_name": "Zheng Ming", "hired": "2021-02-01"},
        {"emp": "E004", "full_name": "Feng Yong", "hired": "2021-09-01"},
        {"emp": "E005", "full_name": "Zheng Yong", "hired": "2023-04-10"},
        {"emp": "E006", "full_name": "Cao Yu", "hired": "2022-09-10"},
    ],
    # One row per position held; "last" is the last day (inclusive), None while open.
    "positions": [
        {"emp": "E001", "unit": "HQ", "job": "VP", "first": "2024-01-01", "last": None},
        {"emp": "E002", "unit": "D1", "job": "DM", "first": "2024-01-01", "last": None},
        {"emp": "E003", "unit": "R1", "job": "RM", "first": "2024-01-01", "last": None},
        {"emp": "E004", "unit": "R2", "job": "RM", "first": "2024-01-01", "last": None},
        {"emp": "E005", "unit": "R1", "job": "CC", "first": "2024-01-01", "last": None},
        # Cao Yu transfers from Xinxiang (R1) to Hebi (R2) on 15 July: two positions.
        {"emp": "E006", "unit": "R1", "job": "CC", "first": "2024-01-01", "last": "2026-07-14"},
        {"emp": "E006", "unit": "R2", "job": "CC", "first": "2026-07-15", "last": None},
    ],
    "accounts": [
        {"acct": "A-1001", "acct_name": "Xinxiang Huaxing Feed Trading", "channel": "DLR"},
        {"acct": "A-1002", "acct_name": "Xinxiang Minyong Feed Store", "channel": "RTL"},
        {"acct": "A-1003", "acct_name": "Weihui Jinfeng Pig Farm", "channel": "FRM"},
        {"acct": "A-1004", "acct_name": "Hebi Qiangsheng Feed Distribution", "channel": "SUB"},
    ],
    # Who covers which account, when; "last" is inclusive too.
    "coverage": [
        {"acct": "A-1001", "emp": "E005", "first": "2024-01-01", "last": None},
        {"acct": "A-1002", "emp": "E005", "first": "2024-01-01", "last": None},
        # Cao Yu's farm passes to Zheng Yong when he leaves Xinxiang ...
        {"acct": "A-1003", "emp": "E006", "first": "2024-01-01", "last": "2026-07-14"},
        {"acct": "A-1003", "emp": "E005", "first": "2026-07-15", "last": None},
        # ... and he takes over the Hebi account its regional manager was covering.
        {"acct": "A-1004", "emp": "E004", "first": "2024-01-01", "last": "2026-07-14"},
        {"acct": "A-1004", "emp": "E006", "first": "2026-07-15", "last": None},
    ],
}

# The CRM's codes for jobs and sales channels.
JOBS = {
    "VP": dm.Role.VP_SALES,
    "DM": dm.Role.DISTRICT_MANAGER,
    "RM": dm.Role.REGIONAL_MANAGER,
    "CC": dm.Role.CONSULTANT,
}
CHANNELS = {
    "DLR": dm.CustomerKind.DEALER,
    "SUB": dm.CustomerKind.SUB_DEALER,
    "RTL": dm.CustomerKind.RETAILER,
    "FRM": dm.CustomerKind.END_CUSTOMER,
}

# -- mapping rows to records --------------------------------------------------------------


def day(text: str | None) -> pendulum.Date | None:
    """A CRM date string as a date (``None`` stays ``None``)."""
    return None if text is None else pendulum.Date.fromisoformat(text)


def code(table: dict[str, Any], value: str) -> Any:
    """Look a CRM code up, naming the known codes if it is not one."""
    if value not in table:
        raise ValueError(f"unknown code {value!r}; expected one of {', '.join(table)}")
    return table[value]


def unit_of(row: Row) -> dm.Unit:
    """An ``org_units`` row as a Unit."""
    return dm.Unit(row["code"], row["title"], parent_id=row["parent"], level=row["tier"])


def person_of(row: Row) -> dm.Person:
    """A ``staff`` row as a Person."""
    return dm.Person(row["emp"], row["full_name"], hired_on=day(row["hired"]))


def assignment_of(row: Row) -> dm.Assignment:
    """A ``positions`` row as an Assignment."""
    return dm.Assignment(
        row["emp"],
        row["unit"],
        role=code(JOBS, row["job"]),
        start=day(row["first"]),
        end=day(row["last"]),
    )


def customer_of(row: Row) -> dm.Customer:
    """An ``accounts`` row as a Customer."""
    return dm.Customer(row["acct"], row["acct_name"], kind=code(CHANNELS, row["channel"]))


def territory_of(row: Row) -> dm.TerritoryAssignment:
    """A ``coverage`` row as a TerritoryAssignment."""
    return dm.TerritoryAssignment(
        row["acct"], row["emp"], start=day(row["first"]), end=day(row["last"])
    )


# CRM table -> (argument of Organization.from_records, row mapper)
MAPPING = {
    "org_units": ("units", unit_of),
    "staff": ("people", person_of),
    "positions": ("assignments", assignment_of),
    "accounts": ("customers", customer_of),
    "coverage": ("territories", territory_of),
}


def record_name(record: Any) -> str:
    """The name deepmarketing gives ``record`` in its error messages (``err.record``)."""
    if isinstance(record, dm.Assignment):
        return f"assignment of {record.person_id!r} to {record.unit_id!r}"
    if isinstance(record, dm.TerritoryAssignment):
        return f"territory of customer {record.customer_id!r} for {record.person_id!r}"
    kind = {dm.Unit: "unit", dm.Person: "person", dm.Customer: "customer"}[type(record)]
    return f"{kind} {record.id!r}"


def load(tables: dict[str, list[Row]]) -> tuple[dm.Organization | None, list[str]]:
    """Build the organization, or list every problem against the CRM row it comes from.

    Returns:
        The organization and no problems, or ``None`` and one line per problem.
    """
    records: dict[str, list[Any]] = defaultdict(list)
    rows_of: dict[str, list[str]] = defaultdict(list)  # record name -> CRM rows
    problems: list[str] = []
    for table, (argument, mapper) in MAPPING.items():
        for number, row in enumerate(tables[table], start=1):
            where = f"{table} row {number}"
            try:
                record = mapper(row)
            except ValueError as err:  # a record that cannot be built (OrganizationError too)
                problems.append(f"{where}: {err}")
                continue
            records[argument].append(record)
            rows_of[record_name(record)].append(where)
    try:
        org = dm.Organization.from_records(**records)
    except dm.OrganizationValidationError as err:
        for problem in err.exceptions:
            where = ", ".join(rows_of.get(problem.record or "", [])) or problem.record
            problems.append(f"{where}: {problem.detail}")
        return None, problems
    return (None, problems) if problems else (org, [])


# -- the run ------------------------------------------------------------------------------


def bad_batch() -> dict[str, list[Row]]:
    """The same tables with the mistakes a real import has."""
    tables = copy.deepcopy(CRM_TABLES)
    tables["org_units"][3]["parent"] = "D9"  # a typo in the parent code
    tables["positions"][4]["job"] = "SUPERVISOR"  # a job code the mapping does not know
    tables["positions"][6]["first"] = "2026-07-10"  # overlaps the old position
    tables["coverage"][3]["first"] = "2026-07-01"  # two owners from 1 to 14 July
    tables["coverage"].append(  # an employee number that is not in staff
        {"acct": "A-1004", "emp": "E099", "first": "2026-07-15", "last": None}
    )
    return tables


def main() -> int:
    """Build, report a bad batch, follow the transfer, and store the result."""
    org, problems = load(CRM_TABLES)
    if org is None:
        print("\n".join(problems))
        return 1
    print(f"built: {org!r}")

    _, problems = load(bad_batch())
    print(f"\na bad batch: {len(problems)} problems, each against its CRM row")
    for problem in problems:
        print(f"  {problem}")

    print("\nthe transfer of E006 (Cao Yu) on 2026-07-15")
    for when in (pendulum.date(2026, 7, 14), pendulum.date(2026, 7, 15)):
        position = org.position_of("E006", as_of=when)
        unit = position.unit_id if position else "no position"
        chain = " > ".join(p.name for p in org.chain_of_command("E006", as_of=when))
        owned = ", ".join(c.id for c in org.customers_of("E006", as_of=when))
        print(f"  {when}: in {unit}, reports to {chain}; covers {owned}")
    owner = org.owner_of("A-1003", as_of=pendulum.date(2026, 7, 15))
    print(f"  A-1003 from 2026-07-15: {owner.name if owner else 'nobody'}")

    text = to_json(org)  # store it: a file, a JSON column, a message
    print(f"\nstored as {len(text):,} characters of JSON;", end=" ")
    print("read back equal:", from_json(dm.Organization, text) == org)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
