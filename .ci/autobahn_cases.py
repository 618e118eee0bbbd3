# Python 2.7, run with the Autobahn venv's interpreter by .ci/autobahn.sh:
#   python autobahn_cases.py CASES EXCLUDE  > expected-cases.txt
# CASES and EXCLUDE are comma-separated patterns. Prints the case ids wstest's fuzzingclient will run, one per
# line, in run order. It resolves patterns with the suite's own CaseSet (the same code wstest uses), so the
# expected list cannot drift from the installed suite. Exit 2 if a pattern matches no case: an unknown exact id
# in "cases" makes wstest crash, and a typo in "exclude-cases" would silently exclude nothing.
from __future__ import print_function

import sys

from autobahntestsuite.case import (Cases, CaseBasename, CaseCategories, CaseSetname,
                                    CaseSubCategories)
from autobahntestsuite.caseset import CaseSet


def split(s):
    return [p.strip() for p in s.split(",") if p.strip()]


def main(argv):
    if len(argv) != 3:
        print("usage: autobahn_cases.py CASES EXCLUDE", file=sys.stderr)
        return 2
    cases, exclude = split(argv[1]), split(argv[2])
    cs = CaseSet(CaseSetname, CaseBasename, Cases, CaseCategories, CaseSubCategories)
    bad = []
    for kind, patterns in (("case", cases), ("exclude", exclude)):
        for p in patterns:
            if not [x for x in cs.resolveCasePatternList([p]) if x in cs.CasesIndices]:
                bad.append("%s pattern %r matches no case" % (kind, p))
    if bad:
        for b in bad:
            print("autobahn_cases.py: " + b, file=sys.stderr)
        print("autobahn_cases.py: the suite has %d cases; patterns match from the start of the id, "
              "'*' is the only wildcard" % len(cs.CasesIndices), file=sys.stderr)
        return 2
    for c in cs.parseSpecCases({"cases": cases, "exclude-cases": exclude}):
        print(c)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
