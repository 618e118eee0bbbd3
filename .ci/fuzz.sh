#!/usr/bin/env bash
# Builds the libFuzzer harnesses of Tests/Fuzz/ with address sanitizer and runs each for a bounded time.
#
#   bash .ci/fuzz.sh                      # build all, run each for $FUZZ_TIME seconds (default 30)
#   bash .ci/fuzz.sh http_request json    # only these harnesses
#   FUZZ_TIME=600 bash .ci/fuzz.sh map    # longer, by hand
#   bash .ci/fuzz.sh --build-only         # build, run nothing
#
# Why not SwiftPM: the harnesses must not change what `swift build` and `swift test` do, and SwiftPM has no fuzzer
# mode (its executables bring their own `main`, libFuzzer brings another). So this script reads the package's
# targets from `swift package dump-package` and calls swiftc itself: every module a harness imports, and their
# dependencies, is compiled whole-module (-O) with `-sanitize=fuzzer,address` into .build/fuzz/, C targets with clang
# `-fsanitize=fuzzer-no-link,address,undefined`, system libraries by their module map and pkg-config. Package.swift
# is the single source of the module graph, so a new dependency (a zlib target for the inflater) needs nothing here.
# Swift has no `-sanitize=undefined` on Linux; Swift code traps on overflow and out-of-bounds by itself (-O keeps
# those checks), and ASan covers the unsafe pointers the parsers use.
#
# A harness is Tests/Fuzz/<name>.swift defining `LLVMFuzzerTestOneInput`; its seeds are Tests/Fuzz/Corpus/<name>/ and
# an optional libFuzzer dictionary Tests/Fuzz/<name>.dict. The corpus is copied to a scratch directory, so the
# repository is never written. Fails on any crash, leak, timeout, out-of-memory or sanitizer report; crashing inputs
# are kept in $FUZZ_OUT/<name>/ (default .build/fuzz/out). One summary line per harness.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo=$(pwd)
fuzz_time=${FUZZ_TIME:-30}
jobs=${FUZZ_JOBS:-$(nproc)}
build=$repo/.build/fuzz
out=${FUZZ_OUT:-$build/out}
# BrowserQuest's own maps, where CI has them beside the checkout: each is loaded once under ASan before fuzzing.
extra_maps=${FUZZ_EXTRA_MAPS:-$repo/../shared/browserquest-maps}
package_name=wirequest
sanitize=(-sanitize=fuzzer,address)

build_only=0
names=()
for arg in "$@"; do
    case $arg in
    --build-only) build_only=1 ;;
    -*) echo "usage: $0 [--build-only] [harness...]" >&2; exit 2 ;;
    *) names+=("$arg") ;;
    esac
done
if [[ ${#names[@]} -eq 0 ]]; then
    for file in Tests/Fuzz/*.swift; do names+=("$(basename "$file" .swift)"); done
fi
for name in "${names[@]}"; do
    [[ -f Tests/Fuzz/$name.swift ]] || { echo "error: no harness Tests/Fuzz/$name.swift" >&2; exit 2; }
done
mkdir -p "$build/modules" "$build/objects" "$build/bin" "$out"

# ---------------------------------------------------------------------------------------------------------------
# The build plan: modules the harnesses import, dependencies first, from the package description.

swift package dump-package >"$build/package.json"
plan=$(
    python3 - "$build/package.json" "${names[@]/#/Tests/Fuzz/}" <<'EOF'
import json, re, sys
package = json.load(open(sys.argv[1]))
targets = {t["name"]: t for t in package["targets"]}
order, seen = [], set()
def visit(name):
    if name in seen or name not in targets:
        return
    seen.add(name)
    target = targets[name]
    deps = [next(iter(d.values()))[0] for d in target["dependencies"]]
    for dep in deps:
        visit(dep)
    flags = []
    for setting in target.get("settings", []):
        kind = setting["kind"]
        if setting.get("tool") == "swift" and "enableUpcomingFeature" in kind:
            flags += ["-enable-upcoming-feature", kind["enableUpcomingFeature"]["_0"]]
    path = target.get("path") or "Sources/" + name
    order.append(" ".join([target["type"], name, path, target.get("pkgConfig") or "-", ",".join(deps) or "-"] + flags))
for harness in sys.argv[2:]:
    for line in open(harness + ".swift"):
        match = re.match(r"\s*(?:@\w+\s+)*import\s+(\w+)", line)
        if match:
            visit(match.group(1))
print("\n".join(order))
EOF
)

# Per module, its closure (dependencies included): object files, link flags and module search flags.
declare -A objects=() links=() includes=()

newer_than() { # newer_than FILE PATHS...: true if FILE is missing or any file under PATHS is newer
    [[ -e $1 ]] || return 0
    local file=$1
    shift
    [[ -n $(find "$@" -newer "$file" -type f -print -quit 2>/dev/null) ]]
}

t_build=$SECONDS
# A change to these rebuilds everything (flags, module graph).
build_inputs=("$repo/.ci/fuzz.sh" "$repo/Package.swift")
while read -r type name path pkg deps flags; do
    [[ -n $type ]] || continue
    own_objects="" own_links="" own_includes=""
    case $type in
    system)
        own_includes="-I $repo/$path"
        if [[ $pkg != - ]]; then
            own_links=$(pkg-config --libs "$pkg")
            for flag in $(pkg-config --cflags "$pkg"); do own_includes+=" -Xcc $flag"; done
        fi
        ;;
    regular)
        if [[ -z $(find "$path" -name '*.swift' -print -quit) ]]; then
            # A C target: SwiftPM's umbrella-header module map for include/<name>.h, unless it ships its own.
            map_dir=$build/modules/$name
            mkdir -p "$map_dir" "$build/objects/$name"
            if [[ -f $path/include/module.modulemap ]]; then
                map_dir=$repo/$path/include
            else
                printf 'module %s {\n    umbrella header "%s"\n    export *\n}\n' "$name" \
                    "$repo/$path/include/$name.h" >"$map_dir/module.modulemap"
            fi
            own_includes="-I $map_dir"
            while IFS= read -r source; do
                object=$build/objects/$name/$(basename "$source" .c).o
                if newer_than "$object" "$source" "$path/include" "${build_inputs[@]}"; then
                    echo "clang $source"
                    clang -c -O1 -g -fsanitize=fuzzer-no-link,address,undefined -I "$path/include" "$source" \
                        -o "$object"
                fi
                own_objects+=" $object"
            done < <(find "$path" -name '*.c' | sort)
        else
            object=$build/objects/$name.o
            dep_modules=() dep_includes=""
            for dep in ${deps//,/ }; do
                [[ $dep == - ]] && continue
                dep_modules+=(${objects[$dep]})
                dep_includes+=" ${includes[$dep]}"
            done
            if newer_than "$object" "$path" "${dep_modules[@]}" "${build_inputs[@]}"; then
                echo "swiftc $name ($(find "$path" -name '*.swift' | wc -l) files)"
                mapfile -t sources < <(find "$path" -name '*.swift' | sort)
                # shellcheck disable=SC2086 # includes and flags are word lists
                swiftc -parse-as-library -wmo -O -g -suppress-warnings "${sanitize[@]}" -swift-version 6 $flags \
                    -module-name "$name" -package-name "$package_name" -I "$build/modules" $dep_includes \
                    -emit-module -emit-module-path "$build/modules/$name.swiftmodule" \
                    -c -o "$object.tmp" "${sources[@]}"
                mv "$object.tmp" "$object"
            fi
            own_objects=" $object"
        fi
        ;;
    *) echo "error: target $name has type $type, which the fuzz build does not know" >&2; exit 1 ;;
    esac
    # Each module's closure: its own parts plus its dependencies' closures (dependencies come first in the plan).
    objects[$name]=$own_objects links[$name]=$own_links includes[$name]=$own_includes
    for dep in ${deps//,/ }; do
        [[ $dep == - ]] && continue
        objects[$name]+=" ${objects[$dep]}" links[$name]+=" ${links[$dep]}" includes[$name]+=" ${includes[$dep]}"
    done
done <<<"$plan"

for name in "${names[@]}"; do
    harness=Tests/Fuzz/$name.swift binary=$build/bin/$name
    mapfile -t imports < <(sed -nE 's/^\s*(@\w+\s+)*import\s+(\w+).*/\2/p' "$harness")
    link_objects="" link_flags="" link_includes=""
    for module in "${imports[@]}"; do
        [[ -n ${objects[$module]+set} ]] || continue # a toolchain module (Glibc)
        link_objects+=" ${objects[$module]}" link_flags+=" ${links[$module]}" link_includes+=" ${includes[$module]}"
    done
    # shellcheck disable=SC2086 # word lists
    if newer_than "$binary" "$harness" $link_objects "${build_inputs[@]}"; then
        echo "swiftc $harness"
        # gold warns about every ASan report symbol it cannot export; nothing to act on.
        swiftc -parse-as-library -O -g "${sanitize[@]}" -swift-version 6 -module-name "fuzz_$name" \
            -package-name "$package_name" -I "$build/modules" $link_includes "$harness" \
            $(printf '%s\n' $link_objects | sort -u) $link_flags -o "$binary" \
            2> >(grep -v "Cannot export local symbol '__asan" >&2)
    fi
done
echo "fuzz build: ${#names[@]} harnesses in $((SECONDS - t_build)) s ($build/bin)"
[[ $build_only -eq 0 ]] || exit 0

# ---------------------------------------------------------------------------------------------------------------
# Runs, two at a time on two cores; each writes its log, and the summary is printed in order afterwards.

# Swift's own crash backtracer would fight libFuzzer's deadly-signal handler (and ASan reports it); libFuzzer prints
# the stack of a trap itself.
export SWIFT_BACKTRACE=enable=no

run_one() {
    local name=$1 binary=$build/bin/$1 scratch=$2 dir=$out/$1 rc=0
    rm -rf "$dir"
    mkdir -p "$dir" "$scratch/corpus"
    cp -R "Tests/Fuzz/Corpus/$name/." "$scratch/corpus/" 2>/dev/null || true
    local options=(-max_total_time="$fuzz_time" -rss_limit_mb=2048 -malloc_limit_mb=1024 -timeout=10
        -detect_leaks=1 -print_final_stats=1 -artifact_prefix="$dir/")
    [[ -f Tests/Fuzz/$name.dict ]] && options+=(-dict="Tests/Fuzz/$name.dict")
    {
        if [[ $name == map ]]; then
            # Real maps once each (libFuzzer runs files given by name once and exits), not as seeds to mutate:
            # at 100+ KB each they would slow every run. The project's world, and BrowserQuest's where CI has it.
            mapfile -t maps < <(find Maps "$extra_maps" -name '*.tmj' -o -name '*server*.json' 2>/dev/null)
            echo "loading ${maps[*]} once"
            "$binary" -rss_limit_mb=2048 -detect_leaks=1 "${maps[@]}" || exit $?
        fi
        "$binary" "${options[@]}" "$scratch/corpus"
    } >"$dir/log" 2>&1 || rc=$?
    echo "$rc" >"$dir/rc"
    rm -rf "$scratch"
}

scratch_root=$(mktemp -d)
trap 'rm -rf "$scratch_root"' EXIT
running=0
t_run=$SECONDS
for name in "${names[@]}"; do
    if [[ $running -ge $jobs ]]; then
        wait -n || true
        running=$((running - 1))
    fi
    run_one "$name" "$scratch_root/$name" &
    running=$((running + 1))
done
wait

failed=0
for name in "${names[@]}"; do
    dir=$out/$name log=$out/$name/log rc=$(cat "$out/$name/rc" 2>/dev/null || echo 1)
    stat() { sed -nE "s/^stat::$1:[[:space:]]*([0-9]+).*/\1/p" "$log" | tail -n 1; }
    done_line=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -n 1 || true)
    cov=$(sed -nE 's/.* cov: ([0-9]+) ft: ([0-9]+) corp: ([0-9]+)\/.*/cov \1, features \2, corpus \3/p' <<<"$done_line")
    seeds=$(find "Tests/Fuzz/Corpus/$name" -type f 2>/dev/null | wc -l)
    verdict=ok
    # The exit status says it all; the report lines are a second net (a report from a child would not change it).
    if [[ $rc -ne 0 ]] || grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:|SUMMARY: ' \
        "$log"; then
        verdict="FAILED (exit $rc; log and crashing input in $dir)"
        failed=1
    fi
    printf 'fuzz %-16s %9s runs, %7s exec/s, %s (from %s seeds), peak RSS %s MB: %s\n' "$name" \
        "$(stat number_of_executed_units)" "$(stat average_exec_per_sec)" "${cov:-no coverage line}" "$seeds" \
        "$(stat peak_rss_mb)" "$verdict"
done
echo "fuzz: ${#names[@]} harnesses, ${fuzz_time} s each, $jobs at a time, in $((SECONDS - t_run)) s"
if [[ $failed -ne 0 ]]; then
    for name in "${names[@]}"; do
        [[ $(cat "$out/$name/rc" 2>/dev/null) == 0 ]] && continue
        # The report's head (what and where), not ASan's shadow map; the artifact line names the input to replay.
        echo "--- $name: from $out/$name/log ---" >&2
        grep -m 1 -A 30 -E '^==[0-9]+==(ERROR|WARNING)|ERROR: libFuzzer|Fatal error|deadly signal' "$out/$name/log" |
            grep -vE '^ *0x[0-9a-f]+: |^Shadow|^  [A-Z][a-z]|^SUMMARY' >&2 || tail -n 30 "$out/$name/log" >&2
        grep -E '^SUMMARY: |Test unit written to' "$out/$name/log" >&2 || true
    done
    exit 1
fi
