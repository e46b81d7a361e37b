#!/usr/bin/env python3
"""Summarise irctest JUnit XML reports: passed/failed/skipped/xfailed, overall and per test module.

Usage: scripts/irctest-summary.py REPORT.xml [--markdown] [--failures]
       scripts/irctest-summary.py --compare NAME=REPORT.xml NAME=REPORT.xml ...
         (one markdown table, a "passed / failed / skipped" column per report; xfailed counts as skipped)
Counts follow pytest: an error counts as failed, an xpass as passed, an xfail on its own column.
irctest's own self-tests (irctest.self_tests) run whatever the server; the "server tests" line leaves them out.
"""
import sys
import xml.etree.ElementTree as ET
from collections import OrderedDict

COLUMNS = ("passed", "failed", "skipped", "xfailed")


def outcome(case: ET.Element) -> str:
    if case.find("failure") is not None or case.find("error") is not None:
        return "failed"
    skipped = case.find("skipped")
    if skipped is not None:
        return "xfailed" if skipped.get("type") == "pytest.xfail" else "skipped"
    return "passed"


def module_of(case: ET.Element) -> str:
    # classname is "irctest.server_tests.<module>.<Class>"; the module is what irctest's docs name.
    parts = (case.get("classname") or "?").split(".")
    if len(parts) >= 3 and parts[1] == "server_tests":
        return parts[2]
    return ".".join(parts[:-1]) or "?"


def count(path: str) -> "OrderedDict[str, dict]":
    per_module: "OrderedDict[str, dict]" = OrderedDict()
    for case in ET.parse(path).getroot().iter("testcase"):
        row = per_module.setdefault(module_of(case), {c: 0 for c in COLUMNS})
        row[outcome(case)] += 1
    return per_module


def compare(pairs: list) -> int:
    names, tables = [], []
    for pair in pairs:
        name, _, path = pair.partition("=")
        if not path:
            print(f"expected NAME=REPORT.xml, got {pair}", file=sys.stderr)
            return 2
        names.append(name)
        tables.append(count(path))
    modules = sorted({m for t in tables for m in t if not m.startswith("irctest.self_tests")})

    def cell(row: dict) -> str:
        return f"{row['passed']} / {row['failed']} / {row['skipped'] + row['xfailed']}"

    print("| module | " + " | ".join(names) + " |")
    print("| --- |" + " ---: |" * len(names))
    zero = {c: 0 for c in COLUMNS}
    for mod in modules:
        print(f"| {mod} | " + " | ".join(cell(t.get(mod, zero)) for t in tables) + " |")
    totals = []
    for t in tables:
        totals.append({c: sum(r[c] for m, r in t.items() if not m.startswith("irctest.self_tests")) for c in COLUMNS})
    print("| **server tests** | " + " | ".join(f"**{cell(x)}**" for x in totals) + " |")
    return 0


def main(argv: list) -> int:
    if argv and argv[0] == "--compare":
        return compare(argv[1:])
    if not argv or argv[0].startswith("-"):
        print(__doc__, file=sys.stderr)
        return 2
    root = ET.parse(argv[0]).getroot()
    per_module: "OrderedDict[str, dict]" = OrderedDict()
    failures = []
    for case in root.iter("testcase"):
        result = outcome(case)
        mod = module_of(case)
        row = per_module.setdefault(mod, {c: 0 for c in COLUMNS})
        row[result] += 1
        if result == "failed":
            failures.append(f"{mod}::{case.get('classname', '').split('.')[-1]}::{case.get('name')}")
    total = {c: sum(r[c] for r in per_module.values()) for c in COLUMNS}
    server = {c: sum(r[c] for m, r in per_module.items() if not m.startswith("irctest.self_tests")) for c in COLUMNS}
    if "--markdown" in argv:
        print("| module | passed | failed | skipped | xfailed |")
        print("| --- | ---: | ---: | ---: | ---: |")
        for mod in sorted(per_module):
            r = per_module[mod]
            print(f"| {mod} | {r['passed']} | {r['failed']} | {r['skipped']} | {r['xfailed']} |")
        print(f"| **server tests** | **{server['passed']}** | **{server['failed']}** | **{server['skipped']}** | **{server['xfailed']}** |")
        print(f"| all (pytest's total) | {total['passed']} | {total['failed']} | {total['skipped']} | {total['xfailed']} |")
    else:
        width = max([len(m) for m in per_module] + [5])
        print(f"{'module':<{width}}  passed  failed  skipped  xfailed")
        for mod in sorted(per_module):
            r = per_module[mod]
            print(f"{mod:<{width}}  {r['passed']:6}  {r['failed']:6}  {r['skipped']:7}  {r['xfailed']:7}")
        print(f"{'SERVER TESTS':<{width}}  {server['passed']:6}  {server['failed']:6}  {server['skipped']:7}  {server['xfailed']:7}")
        print(f"{'TOTAL':<{width}}  {total['passed']:6}  {total['failed']:6}  {total['skipped']:7}  {total['xfailed']:7}")
    if "--failures" in argv:
        print()
        for f in failures:
            print("FAILED", f)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
