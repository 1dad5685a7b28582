#!/usr/bin/env bash
# Proves the job-array example on a private single-node Slurm cluster on
# loopback (Debian's slurm-wlm and munge), without touching any system
# Slurm: runs N shards and the merge step, then checks that the merged
# summary is byte-identical to a single run of the same seed.
#
#   examples/slurm/local-cluster.sh [DRAWS] [SHARDS]
#
# Needs root (munged and slurmd), slurmctld, slurmd, sbatch and munge on PATH.
# Exits 0 when the merged summary equals the single run's, 77 when Slurm is
# not installed or its local cluster cannot start, 1 otherwise.
set -euo pipefail
DRAWS=${1:-8000}
SHARDS=${2:-4}
root=$(cd "$(dirname "$0")/../.." && pwd)
for c in slurmctld slurmd sbatch squeue munged munge; do
  command -v "$c" >/dev/null || { echo "slurm not installed ($c missing)"; exit 77; }
done

work=$(mktemp -d)
conf="$work/slurm.conf"
cleanup() {
  for p in slurmd slurmctld; do
    [ -f "$work/$p.pid" ] && kill "$(cat "$work/$p.pid")" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

# munge authenticates Slurm's messages; start it if it is not running.
if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
  mkdir -p /run/munge && chown munge:munge /run/munge 2>/dev/null || true
  su -s /bin/sh munge -c munged 2>/dev/null || munged --force 2>/dev/null || true
  sleep 1
  munge -n 2>/dev/null | unmunge >/dev/null 2>&1 ||
    { echo "slurm: munge authentication is not available"; exit 77; }
fi

host=$(hostname)
port=$((20000 + RANDOM % 20000))
mkdir -p "$work/state" "$work/spool"
cat >"$conf" <<CONF
ClusterName=euromesh-test
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
SlurmctldPort=$port
SlurmdPort=$((port + 1))
AuthType=auth/munge
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
ReturnToService=2
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
NodeName=$host NodeAddr=127.0.0.1 CPUs=$(nproc) RealMemory=4000 State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
CONF
export SLURM_CONF="$conf"
slurmctld -c
slurmd
up=
for _ in $(seq 1 30); do
  sinfo -h -o %T 2>/dev/null | grep -q idle && { up=1; break; }
  sleep 1
done
[ -n "$up" ] || { echo "slurm: the local cluster did not start"; tail -5 "$work"/*.log; exit 77; }

cd "$work"
(cd "$root" && go build -o "$work/euromesh-mc" ./cmd/euromesh-mc)
export BIN="$work/euromesh-mc" DRAWS SEED=7 RUN="$work/runs/mesh"
jid=$(sbatch --parsable --array=0-$((SHARDS - 1)) --cpus-per-task=1 --mem=1G \
  "$root/examples/slurm/job-array.sbatch")
mid=$(sbatch --parsable --dependency=afterok:"$jid" --cpus-per-task=1 --mem=1G \
  "$root/examples/slurm/merge.sbatch")
for _ in $(seq 1 300); do
  [ -z "$(squeue -h)" ] && break
  sleep 1
done
"$BIN" -n "$DRAWS" -s 7 -o "$work/single" -q --no-report >/dev/null
if cmp -s "$work/single/summary.json" "$RUN/merged/summary.json"; then
  echo "slurm: $SHARDS array tasks and the merge (jobs $jid, $mid) reproduce the single run"
  exit 0
fi
echo "slurm: merged summary differs from the single run"
cat "$work"/*.log 2>/dev/null | tail -20
exit 1
