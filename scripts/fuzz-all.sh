#!/usr/bin/env bash
# The reliability suite's long fuzzing run (README "Reliability suite"): every Jazzer @FuzzTest in the tree, one at a
# time (Jazzer fuzzes one target per JVM), each until its maxExecutions (1,000,000) or maxDuration (30 min).
# Prints one line per target: module, class#method, executions, seconds, and any finding, then a summary in
# target/fuzz-report.tsv. Exits non-zero if any target crashed, hung or ran fewer executions than asked.
#   scripts/fuzz-all.sh              all targets
#   scripts/fuzz-all.sh Stun         only targets whose class or method name contains "Stun"
set -uo pipefail
cd "$(dirname "$0")/.."
filter="${1:-}"
report=target/fuzz-report.tsv
logs=target/fuzz-logs
mkdir -p "$logs"
printf 'module\ttarget\texecutions\tseconds\tresult\n' > "$report"

# Upstream modules must be in the local repository for a one-module run.
mvn -B -q -o install -DskipTests >/dev/null || mvn -B -q install -DskipTests || exit 2

failed=0
while IFS=: read -r file line _; do
    module="${file%%/src/*}"
    class="$(basename "$file" .java)"
    method="$(sed -n "$((line + 1)),$((line + 3))p" "$file" | grep -o -m1 -E 'void [A-Za-z0-9_]+' | cut -d' ' -f2)"
    target="$class#$method"
    [[ -n "$filter" && "$target" != *"$filter"* ]] && continue
    log="$logs/$class-$method.log"
    start=$(date +%s)
    JAZZER_FUZZ=1 mvn -B -o -pl "$module" test -Dtest="$target" -Dsurefire.failIfNoSpecifiedTests=false \
        -Dsurefire.useFile=false > "$log" 2>&1
    rc=$?
    seconds=$(( $(date +%s) - start ))
    runs="$(grep -a -o -E 'Done [0-9]+ runs' "$log" | tail -1 | grep -o -E '[0-9]+')"
    result=ok
    if [[ $rc -ne 0 ]]; then
        result="FAILED (see $log)"
    elif [[ -z "$runs" || "$runs" -lt 1000000 ]]; then
        result="SHORT (see $log)"
    fi
    [[ "$result" != ok ]] && failed=1
    printf '%s\t%s\t%s\t%s\t%s\n' "$module" "$target" "${runs:-?}" "$seconds" "$result" | tee -a "$report"
done < <(grep -rn --include='*.java' -E '^\s*@FuzzTest' ./*/src/test/java | sed 's#^\./##' | sort)

echo "report: $report"
exit $failed
