"""The house rules CI enforces (step `layout`):

1. Every module imports, and depends on in Package.swift, only what its row of the table in
   Sources/GameServer/GameServer.docc/Architecture.md ("Modules and what they may import") allows; every
   non-test target has a row and every row a target. The article is the single source: change the rule there.
2. No Swift file under Sources/ is over 400 lines, but the art tables listed in LONG_FILES_ALLOWED.

Usage: python3 .ci/layout.py [--article PATH]   (from anywhere; exit 1 on any violation)
"""
import argparse
import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ARTICLE = "Sources/GameServer/GameServer.docc/Architecture.md"
SECTION = "## Modules and what they may import"
MAX_LINES = 400
# Art, not logic: pixel-by-pixel drawings of sprites, one painter per creature.
LONG_FILES_ALLOWED = {"Sources/Tools/spritegen/Mobs.swift", "Sources/Tools/spritegen/NPCs.swift"}

IMPORT = re.compile(
    r"^\s*(?:@\w+(?:\([^)]*\))?\s+)*(?:(?:public|package|internal|private|fileprivate)\s+)?import\s+"
    r"(?:(?:struct|class|enum|protocol|func|var|let|typealias)\s+)?([A-Za-z_]\w*)")


def read_table(path):
    """module -> set of modules it may import, from the article's table."""
    text = open(path, encoding="utf-8").read()
    start = text.find(SECTION)
    if start < 0:
        sys.exit(f"error: {path} has no section '{SECTION}'")
    end = text.find("\n## ", start + len(SECTION))
    rules = {}
    for line in text[start:end if end > 0 else None].splitlines():
        if not line.startswith("| `"):
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) < 3:
            sys.exit(f"error: {path}: a row needs module | job | may import: {line}")
        module = re.findall(r"`([^`]+)`", cells[0])[0]
        allowed = set(re.findall(r"`([^`]+)`", cells[-1]))
        if not allowed and cells[-1] != "nothing":
            sys.exit(f"error: {path}: the row of {module} names no modules (write 'nothing' for none)")
        rules[module] = allowed
    if not rules:
        sys.exit(f"error: no table rows under '{SECTION}' in {path}")
    return rules


def targets():
    """(name, source directory, declared dependencies) of every target outside Tests/."""
    package = json.loads(subprocess.run(
        ["swift", "package", "dump-package"], cwd=ROOT, check=True, capture_output=True, text=True).stdout)
    result = []
    for target in package["targets"]:
        path = target.get("path") or os.path.join("Sources", target["name"])
        if target["type"] == "test" or path.startswith("Tests"):
            continue
        dependencies = []
        for dependency in target["dependencies"]:
            value = next(iter(dependency.values()))
            dependencies.append(value[0] if isinstance(value, list) else value)
        result.append((target["name"], path, dependencies))
    return result


def swift_files(directory):
    for folder, _, names in os.walk(os.path.join(ROOT, directory)):
        for name in sorted(names):
            if name.endswith(".swift"):
                yield os.path.join(folder, name)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--article", default=os.path.join(ROOT, ARTICLE))
    args = parser.parse_args()
    rules = read_table(args.article)
    problems = []
    checked_imports = 0
    checked_files = 0
    seen = set()
    for name, path, dependencies in targets():
        seen.add(name)
        if name not in rules:
            problems.append(f"{name}: not in the table of {ARTICLE}; add its row (what it holds, what it may import)")
            continue
        allowed = rules[name]
        for dependency in dependencies:
            if dependency not in allowed:
                problems.append(f"Package.swift: {name} depends on {dependency}, which {ARTICLE} does not allow")
        for file in swift_files(path):
            checked_files += 1
            relative = os.path.relpath(file, ROOT)
            lines = open(file, encoding="utf-8").read().splitlines()
            if len(lines) > MAX_LINES and relative not in LONG_FILES_ALLOWED:
                problems.append(f"{relative}: {len(lines)} lines; split it by concept (at most {MAX_LINES})")
            for number, line in enumerate(lines, 1):
                match = IMPORT.match(line)
                if not match:
                    continue
                checked_imports += 1
                module = match.group(1)
                if module not in allowed:
                    problems.append(f"{relative}:{number}: {name} imports {module}, which {ARTICLE} forbids")
    for module in sorted(set(rules) - seen):
        problems.append(f"{ARTICLE}: the table has a row for {module}, which is no target in Package.swift")
    if problems:
        for problem in problems:
            print("error: " + problem, file=sys.stderr)
        print(f"layout: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    print(f"layout: {len(seen)} modules, {checked_files} files, {checked_imports} imports within {ARTICLE}; "
          f"no file over {MAX_LINES} lines but {len(LONG_FILES_ALLOWED)} art tables")
    return 0


if __name__ == "__main__":
    sys.exit(main())
