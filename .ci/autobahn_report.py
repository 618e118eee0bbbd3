#!/usr/bin/env python3
"""Judge an Autobahn|Testsuite fuzzingclient run.

    autobahn_report.py OUTDIR EXPECTED_CASES_FILE

Reads OUTDIR/index.json (and the per-case <agent>_case_<id>.json for details) and the expected case ids (one per
line). Prints a table per case group, the failed cases with Autobahn's result text and close codes, the
closing-handshake warnings, and a last line exactly "N passed, M failed".

A case is judged by "behavior", the field behind the Pass/Fail column of Autobahn's own index.html:
passed are OK, NON-STRICT, INFORMATIONAL, and UNIMPLEMENTED in groups 12/13 (permessage-deflate is optional);
everything else fails, and so does an expected case missing from index.json (wstest exits 0 even when it cannot
connect, and a server that dies mid-run silently drops the remaining cases). "behaviorClose" is only a warning
unless AUTOBAHN_STRICT_CLOSE=1.

Exit: 0 nothing failed, 1 something failed, 2 usage error.
"""

import json
import os
import sys

PASS = {"OK", "NON-STRICT", "INFORMATIONAL"}
OPTIONAL_GROUPS = {"12", "13"}  # permessage-deflate: UNIMPLEMENTED passes here
CLOSE_OK = {"OK", "INFORMATIONAL"}
COLUMNS = ["OK", "NON-STRICT", "INFO", "UNIMPL", "FAILED", "MISSING", "passed", "failed"]


def id_key(case_id):
    return tuple(int(x) for x in case_id.split("."))


def load_case_detail(outdir, entry):
    try:
        with open(os.path.join(outdir, entry.get("reportfile") or ""), encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return {}


def one_line(text, limit=300):
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    outdir, expected_file = argv[1], argv[2]
    strict_close = os.environ.get("AUTOBAHN_STRICT_CLOSE") == "1"
    with open(expected_file, encoding="utf-8") as f:
        expected = [line.strip() for line in f if line.strip()]
    if not expected:
        print("autobahn_report.py: no expected cases in " + expected_file, file=sys.stderr)
        return 2

    index_path = os.path.join(outdir, "index.json")
    try:
        with open(index_path, encoding="utf-8") as f:
            index = json.load(f)
    except (OSError, ValueError) as e:
        print("autobahn_report.py: no usable %s (%s): every case counts as missing" % (index_path, e))
        index = {}
    if len(index) > 1:
        print("autobahn_report.py: several agents in index.json (%s), judging 'testee'" % ", ".join(sorted(index)))
    results = index.get("testee") if "testee" in index else next(iter(index.values()), {})

    groups = {}  # group -> column -> count
    failed, close_warnings = [], []
    total_ms = {}
    for case_id in sorted(expected, key=id_key):
        group = case_id.split(".")[0]
        row = groups.setdefault(group, dict.fromkeys(COLUMNS, 0))
        entry = results.get(case_id)
        if entry is None:
            row["MISSING"] += 1
            row["failed"] += 1
            failed.append((case_id, "MISSING", None))
            continue
        total_ms[group] = total_ms.get(group, 0) + (entry.get("duration") or 0)
        behavior = entry.get("behavior", "?")
        column = {"OK": "OK", "NON-STRICT": "NON-STRICT", "INFORMATIONAL": "INFO", "UNIMPLEMENTED": "UNIMPL"}.get(
            behavior, "FAILED"
        )
        row[column] += 1
        ok = behavior in PASS or (behavior == "UNIMPLEMENTED" and group in OPTIONAL_GROUPS)
        if ok and behavior != "UNIMPLEMENTED" and entry.get("behaviorClose", "OK") not in CLOSE_OK:
            close_warnings.append((case_id, entry))
            if strict_close:
                ok = False
        if ok:
            row["passed"] += 1
        else:
            row["failed"] += 1
            failed.append((case_id, behavior, entry))

    extra = sorted(set(results) - set(expected), key=id_key)
    if extra:
        print("note: %d case(s) in index.json were not expected and are ignored: %s" % (len(extra), " ".join(extra)))

    header = "%-6s %6s" % ("group", "cases") + "".join(" %10s" % c for c in COLUMNS) + " %8s" % "time"
    print(header)
    print("-" * len(header))
    totals = dict.fromkeys(COLUMNS, 0)
    for group in sorted(groups, key=int):
        row = groups[group]
        n = row["passed"] + row["failed"]
        for c in COLUMNS:
            totals[c] += row[c]
        print(
            "%-6s %6d" % (group, n)
            + "".join(" %10d" % row[c] for c in COLUMNS)
            + " %7.1fs" % (total_ms.get(group, 0) / 1000.0)
        )
    print("-" * len(header))
    print(
        "%-6s %6d" % ("total", len(expected))
        + "".join(" %10d" % totals[c] for c in COLUMNS)
        + " %7.1fs" % (sum(total_ms.values()) / 1000.0)
    )

    if failed:
        print("\nfailed cases:")
        missing = [c for c, b, _ in failed if b == "MISSING"]
        for case_id, behavior, entry in failed:
            if behavior == "MISSING":
                continue
            detail = load_case_detail(outdir, entry)
            expected_close = (detail.get("expectedClose") or {}).get("closeCode")
            print(
                "  %-8s %s (close: %s, remote code %s, local code %s, expected %s)"
                % (
                    case_id,
                    behavior,
                    entry.get("behaviorClose"),
                    entry.get("remoteCloseCode"),
                    detail.get("localCloseCode"),
                    expected_close,
                )
            )
            if detail.get("result"):
                print("           result: " + one_line(detail["result"]))
            if detail.get("resultClose"):
                print("           close:  " + one_line(detail["resultClose"]))
            if detail.get("remoteCloseReason"):
                print("           remote reason: " + one_line(detail["remoteCloseReason"]))
        if missing:
            shown = " ".join(missing[:40]) + (" ... (%d more)" % (len(missing) - 40) if len(missing) > 40 else "")
            print("  missing from index.json (%d): %s" % (len(missing), shown))

    if close_warnings:
        kind = "failures (AUTOBAHN_STRICT_CLOSE=1)" if strict_close else "warnings"
        print("\nclosing-handshake %s (behaviorClose):" % kind)
        for case_id, entry in close_warnings[:30]:
            detail = load_case_detail(outdir, entry)
            print(
                "  %-8s %s (remote code %s): %s"
                % (case_id, entry.get("behaviorClose"), entry.get("remoteCloseCode"), one_line(detail.get("resultClose", "")))
            )
        if len(close_warnings) > 30:
            print("  ... (%d more)" % (len(close_warnings) - 30))

    n_failed = totals["failed"]
    print("\n%d passed, %d failed" % (totals["passed"], n_failed))
    return 0 if n_failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
