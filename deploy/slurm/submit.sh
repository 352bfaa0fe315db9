#!/usr/bin/env bash
# Submits a staffsim command as a Slurm array of N shards and its merge as a dependent job.
#
#   deploy/slurm/submit.sh -n 32 -p /shared/parts -r merged.json [--wait] [-- merge flags] \
#       -- simulate scenarios/holiday-peak.toml --replications 10000
#
#   -n N        shards (array tasks 0..N-1)
#   -p PARTS    a folder every node sees, for the parts (emptied of earlier parts first)
#   -r RESULT   the merge's standard output (what the command alone prints)
#   -m FLAGS    merge's flags, quoted: "--json" or "--out /shared/report"
#   --wait      return when the merge has finished (sbatch --wait), with its exit code
#   --          then the staffsim command and its arguments, as you would run it on one machine
#
# Extra sbatch options (partition, account, time) go in SBATCH_* variables or #SBATCH lines.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
shards="" parts="" result="staffsim-merged.out" merge_flags="" wait=""
while [ $# -gt 0 ]; do
  case "$1" in
    -n) shards="$2"; shift 2 ;;
    -p) parts="$2"; shift 2 ;;
    -r) result="$2"; shift 2 ;;
    -m) merge_flags="$2"; shift 2 ;;
    --wait) wait="--wait"; shift ;;
    --) shift; break ;;
    *) echo "submit.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
if [ -z "$shards" ] || [ -z "$parts" ] || [ $# -eq 0 ]; then
  echo "usage: submit.sh -n N -p PARTS [-r RESULT] [-m 'MERGE FLAGS'] [--wait] -- COMMAND ARGS…" >&2
  exit 2
fi
mkdir -p "$parts"
# Parts of an earlier array would be merged with these (and refused): start from none.
find "$parts" -maxdepth 1 -name '*-part-*-of-*.json' -delete
export PARTS="$(cd "$parts" && pwd)"
array=$(sbatch --parsable --array=0-$((shards - 1)) --export=ALL "$here/staffsim-shard.sbatch" "$@")
array="${array%%;*}"
echo "submitted the shards: job $array (tasks 0-$((shards - 1)))"
# shellcheck disable=SC2086  # merge's flags are words
merge=$(sbatch --parsable $wait --dependency=afterok:"$array" --kill-on-invalid-dep=yes \
  --export=ALL --output="$result" --error="$result.log" "$here/staffsim-merge.sbatch" $merge_flags)
echo "merge: job ${merge%%;*}, its output in $result, its messages in $result.log"
