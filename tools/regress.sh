#!/usr/bin/env bash
# Random lockstep regression: SEEDS seeds split over JOBS parallel processes. Prints one line per failing
# seed (with its replay command in build/regress/) and one summary line.
# Usage: regress.sh SEEDS TRANSACTIONS JOBS [CHECK]   (CHECK: cycle or transaction, docs/checking.md)
set -u
seeds=${1:-1000}; txns=${2:-500}; jobs=${3:-2}; check=${4:-cycle}
out=build/regress
rm -rf "$out"; mkdir -p "$out"
per=$(( (seeds + jobs - 1) / jobs ))
pids=()
for ((j = 0; j < jobs; j++)); do
  first=$(( 1 + j * per )); n=$per
  (( first + n - 1 > seeds )) && n=$(( seeds - first + 1 ))
  (( n <= 0 )) && continue
  # Each slice keeps going after a failure so one bad seed does not hide the others.
  ( s=$first; end=$(( first + n - 1 ))
    while (( s <= end )); do
      if ! build/iommu-lockstep --seed "$s" --seeds $(( end - s + 1 )) --transactions "$txns" --check "$check" -q \
           --waves "$out/waves-$j" > "$out/slice-$j-$s.txt" 2>&1; then
        failed=$(sed -n 's/^FAIL seed \([0-9]*\)$/\1/p' "$out/slice-$j-$s.txt")
        [ -z "$failed" ] && { echo "slice $j: error, see $out/slice-$j-$s.txt"; break; }
        echo "FAIL seed $failed: $(grep -m1 -E '^(MISMATCH|ERROR)' "$out/slice-$j-$s.txt") (report: $out/slice-$j-$s.txt)"
        s=$(( failed + 1 ))
      else
        break
      fi
    done ) &
  pids+=($!)
done
for p in "${pids[@]}"; do wait "$p"; done
fails=$(cat "$out"/slice-*.txt | grep -c '^FAIL seed' || true)
if [ "$fails" -eq 0 ]; then
  echo "regress: PASS ($check check): $seeds seeds x $txns requests in $jobs jobs, 0 failing seeds"
else
  echo "regress: FAIL: $fails failing seed(s) of $seeds"; exit 1
fi
