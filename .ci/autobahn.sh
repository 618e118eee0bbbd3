#!/usr/bin/env bash
# Autobahn|Testsuite (RFC 6455 conformance) against a running WebSocket server.
#
#   .ci/autobahn.sh WS_URL OUTDIR [CASES] [EXCLUDE]      CASES/EXCLUDE: comma-separated patterns
#   .ci/autobahn.sh ws://127.0.0.1:9001/ /tmp/ab                       # all 517 cases
#   .ci/autobahn.sh ws://127.0.0.1:9001/ /tmp/ab '*' '12.*,13.*'       # skip the deflate groups
#   .ci/autobahn.sh --setup                                            # only create the venv
#
# Patterns: '*' is a wildcard and a pattern matches from the start of the id ('1.*' does not match '10.1.1').
# The suite is Python 2 only (see ../shared/test-peers.md, section 1). On first use this creates a Python 2.7
# virtualenv with the pinned package set; later runs reuse it.
#
# Environment:
#   AUTOBAHN_VENV          venv directory (default <repo>/.venv-ab)
#   AUTOBAHN_PYTHON2       Python 2.7 interpreter for the venv (default: pyenv's 2.7.18)
#   AUTOBAHN_PYTHON3       Python 3 used for the bootstrap venv and the report (default: pyenv's, then python3)
#   AUTOBAHN_CASES         default for CASES when the argument is absent (default '*')
#   AUTOBAHN_EXCLUDE       default for EXCLUDE when the argument is absent (default none)
#   AUTOBAHN_TIMEOUT       seconds wstest may run before it is killed (default 1800)
#   AUTOBAHN_STRICT_CLOSE  1: a bad closing handshake (behaviorClose) fails the case, not just a warning
#
# Writes OUTDIR/{expected-cases.txt,spec.json,wstest.log,index.json,index.html,<agent>_case_*.{json,html}}.
# Exit: 0 nothing failed, 1 a case failed or is missing, 2 usage or setup error.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)

usage() {
    sed -n '2,7p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
    exit 2
}
die() {
    echo "autobahn.sh: $*" >&2
    exit 2
}
log() { echo "autobahn.sh: $*"; }

setup_only=0
if [[ $# -eq 1 && $1 == --setup ]]; then
    setup_only=1
    set -- ws://setup-only/ /nonexistent
fi
[[ $# -ge 2 && $# -le 4 ]] || usage
url=$1
outdir=$2
cases=${3:-${AUTOBAHN_CASES:-*}}
exclude=${4-${AUTOBAHN_EXCLUDE:-}}
timeout_s=${AUTOBAHN_TIMEOUT:-1800}
venv=${AUTOBAHN_VENV:-$repo/.venv-ab}

[[ $url =~ ^wss?://[^/]+ ]] || die "WS_URL must look like ws://host:port/path, got '$url'"
[[ $timeout_s =~ ^[0-9]+$ ]] || die "AUTOBAHN_TIMEOUT must be a number of seconds, got '$timeout_s'"
[[ -n $cases ]] || die "CASES is empty"

# The exact set from autobahntestsuite's requirements.txt (minus its bogus setuptools==83 pin).
# Changing this list rebuilds the venv on the next run (the stamp file records it).
pins=(
    txaio==2.1.0 incremental==16.10.1 pyOpenSSL==19.1.0 cryptography==3.3.2 Twisted==19.10.0
    zope.interface==4.6.0 jinja2==2.11.3 markupsafe==1.1.1 Werkzeug==1.0.1 klein==17.10.0
    service_identity==18.1.0 unittest2==1.1.0 six==1.16.0 'autobahn[twisted,accelerate]==0.10.9'
    autobahntestsuite==25.10.1
)

pyenv_root() {
    if command -v pyenv >/dev/null 2>&1; then
        pyenv root
    else
        echo "${PYENV_ROOT:-$HOME/.pyenv}"
    fi
}

find_python2() {
    if [[ -n ${AUTOBAHN_PYTHON2:-} ]]; then
        echo "$AUTOBAHN_PYTHON2"
        return
    fi
    local root c
    root=$(pyenv_root)
    for c in "$root/versions/2.7.18/bin/python2.7" "$root"/versions/2.7*/bin/python2.7; do
        [[ -x $c ]] && { echo "$c"; return; }
    done
    command -v python2.7 || true
}

find_python3() {
    if [[ -n ${AUTOBAHN_PYTHON3:-} ]]; then
        echo "$AUTOBAHN_PYTHON3"
        return
    fi
    local root ver c
    root=$(pyenv_root)
    ver=$(head -n1 "$root/version" 2>/dev/null || true)
    for c in ${ver:+"$root/versions/$ver/bin/python3"} "$root/versions/3.11.7/bin/python3"; do
        [[ -x $c ]] && { echo "$c"; return; }
    done
    command -v python3 || true
}

py3=$(find_python3)
[[ -n $py3 ]] || die "no Python 3 found (set AUTOBAHN_PYTHON3)"

stamp="$venv/.autobahn-pins"
want_stamp=$(printf '%s\n' "${pins[@]}")

ensure_venv() {
    if [[ -x $venv/bin/wstest && -f $stamp && "$(cat "$stamp")" == "$want_stamp" ]]; then
        return
    fi
    # About to rm -rf it: refuse anything that is neither absent, empty, nor a virtualenv.
    if [[ -e $venv && ! -f $venv/pyvenv.cfg && ! -f $venv/bin/activate && -n "$(ls -A "$venv" 2>/dev/null)" ]]; then
        die "$venv exists and is not a virtualenv; refusing to replace it (set AUTOBAHN_VENV)"
    fi
    local py2 boot t0
    py2=$(find_python2)
    [[ -n $py2 && -x $py2 ]] || die "no Python 2.7 found (pyenv root $(pyenv_root); set AUTOBAHN_PYTHON2)"
    t0=$SECONDS
    log "creating $venv with $py2 (first use; about 75 s with a cold pip cache)"
    rm -rf "$venv"
    boot=$(mktemp -d "${TMPDIR:-/tmp}/ab-boot.XXXXXX")
    # Bootstrap: virtualenv < 20.22 is the last line that can still create Python 2.7 environments.
    if ! { "$py3" -m venv "$boot" &&
        "$boot/bin/pip" install -q --disable-pip-version-check 'virtualenv<20.22' &&
        "$boot/bin/virtualenv" -q -p "$py2" "$venv" &&
        "$venv/bin/pip" install -q --disable-pip-version-check --no-input "${pins[@]}"; }; then
        rm -rf "$boot" "$venv"
        die "venv setup failed"
    fi
    rm -rf "$boot"
    log "(pip's 'autobahntestsuite requires setuptools==44.0.0' conflict warning is expected and harmless)"
    "$venv/bin/wstest" -a >/dev/null 2>&1 || { rm -rf "$venv"; die "wstest does not start in the new venv"; }
    printf '%s\n' "$want_stamp" >"$stamp"
    log "venv ready in $((SECONDS - t0)) s: $("$venv/bin/wstest" -a 2>&1 | paste -sd' ' | sed 's/  */ /g')"
}

ensure_venv
[[ $setup_only -eq 0 ]] || exit 0

mkdir -p "$outdir"
outdir=$(cd "$outdir" && pwd)
# Stale reports would be judged as this run's results: remove them (only the files wstest writes).
rm -f "$outdir/index.json" "$outdir/index.html" "$outdir"/*_case_*.json "$outdir"/*_case_*.html

# Resolve the patterns with the suite's own case table; an unknown exact id would crash wstest.
if ! "$venv/bin/python" "$here/autobahn_cases.py" "$cases" "$exclude" >"$outdir/expected-cases.txt"; then
    exit 2
fi
n_expected=$(wc -l <"$outdir/expected-cases.txt")
[[ $n_expected -gt 0 ]] || die "no cases selected by '$cases' minus '$exclude'"

"$py3" - "$outdir" "$url" "$cases" "$exclude" <<'EOF'
import json, sys
outdir, url, cases, exclude = sys.argv[1:5]
split = lambda s: [p.strip() for p in s.split(",") if p.strip()]
spec = {"outdir": outdir, "servers": [{"agent": "testee", "url": url}],
        "cases": split(cases), "exclude-cases": split(exclude), "exclude-agent-cases": {}}
with open(outdir + "/spec.json", "w") as f:
    json.dump(spec, f, indent=2)
    f.write("\n")
EOF

log "$n_expected cases against $url (cases '$cases', exclude '${exclude}'), timeout ${timeout_s} s"
t0=$SECONDS
rc=0
(cd "$outdir" && exec timeout -k 10 "$timeout_s" "$venv/bin/wstest" -m fuzzingclient -s spec.json) \
    >"$outdir/wstest.log" 2>&1 || rc=$?
log "wstest exited $rc after $((SECONDS - t0)) s (log: $outdir/wstest.log)"
if [[ $rc -ne 0 ]]; then
    [[ $rc -eq 124 || $rc -eq 137 ]] && log "wstest timed out after ${timeout_s} s: reports are written only at the end"
    tail -n 20 "$outdir/wstest.log" | sed 's/^/  wstest: /'
fi
if grep -q 'Connection to .* failed' "$outdir/wstest.log"; then
    log "wstest could not connect to $url:"
    grep -m 3 'Connection to .* failed' "$outdir/wstest.log" | sed 's/^/  wstest: /'
fi

rc=0
"$py3" "$here/autobahn_report.py" "$outdir" "$outdir/expected-cases.txt" || rc=$?
[[ $rc -le 1 ]] || exit 2
exit "$rc"
