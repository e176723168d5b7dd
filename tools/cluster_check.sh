#!/usr/bin/env bash
# make cluster-check: runs the regression's cluster path for real on this machine and checks that it gives
# what `make regress` gives. Three paths, each reported PASS/FAIL (or SKIP with the reason):
#   parallel (local)   GNU parallel runs build/.../commands.txt here
#   parallel (ssh)     GNU parallel --sshlogin through a private sshd on 127.0.0.1 (its own host key, client key
#                      and authorized_keys in a temporary folder; nothing in ~/.ssh or /etc/ssh is touched)
#   slurm              a private munged + slurmctld + slurmd (a one-node cluster of this host, its own config,
#                      ports, state and logs in a temporary folder), `sbatch --wait slurm.sh` as is
# Each path's result folder is merged with `tools/regress.py --merge` and compared with a local run of the same
# seeds (tools/regress.py, what make regress runs): the failure table, junit.xml (times aside), coverage.txt and
# every seed's output.txt and result.json (folder names aside). Missing Debian packages are installed through
# tools/deps.sh. Everything is bounded by timeouts; the daemons this script started are stopped at its end
# (by their process ids), whatever happened. Needs root (the daemons, apt-get). Not part of make test: it
# starts daemons and takes about two minutes.
#
#   tools/cluster_check.sh [--seeds N] [--transactions T] [--bench PATH] [--ssh auto|yes|no] [--keep]
#     --ssh auto: the ssh path runs when sshd is installed; yes: installs openssh-server if missing (note: on a
#     machine with systemd that package also starts the system sshd); no: skipped.
#     --keep: keep the temporary folder of the daemons (configs, logs); their logs are copied to the result
#     folder anyway.
# Exit status: 0 when no path failed, 1 when one failed, 2 on a usage error.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

SEEDS=10
TRANSACTIONS=400
BENCH=build/iommu-lockstep-bug   # a bench with a planted bug: failure groups to compare, not only PASS lines
SSH_MODE=auto
KEEP=0
usage() { echo "cluster_check: $1" >&2; echo "usage: tools/cluster_check.sh [--seeds N] [--transactions T] [--bench PATH] [--ssh auto|yes|no] [--keep]" >&2; exit 2; }
number() { [[ "$2" =~ ^[1-9][0-9]{0,5}$ ]] || usage "$1 expects a whole number from 1 (decimal), got '$2'"; }
while [ $# -gt 0 ]; do
  case "$1" in
    --seeds) [ $# -ge 2 ] || usage "--seeds needs a value"; number --seeds "$2"; SEEDS=$2; shift 2 ;;
    --transactions) [ $# -ge 2 ] || usage "--transactions needs a value"; number --transactions "$2"; TRANSACTIONS=$2; shift 2 ;;
    --bench) [ $# -ge 2 ] || usage "--bench needs a value"; BENCH=$2; shift 2 ;;
    --ssh) [ $# -ge 2 ] || usage "--ssh needs a value"
           case "$2" in auto|yes|no) SSH_MODE=$2 ;; *) usage "--ssh expects auto, yes or no, got '$2'" ;; esac; shift 2 ;;
    --keep) KEEP=1; shift ;;
    *) usage "unknown option '$1'" ;;
  esac
done
[ -x "$BENCH" ] || usage "--bench: $BENCH is not an executable file (make build builds it)"
[ "$(id -u)" -eq 0 ] || { echo "cluster_check: FAIL: needs root: it installs packages and starts munged, slurmctld, slurmd and sshd" >&2; exit 1; }

OUT=build/cluster-check
# a seed takes well under a second here; this bounds a whole path, including Slurm's scheduling and polling
PATH_LIMIT=$((120 + SEEDS * 20))
rm -rf "$OUT"; mkdir -p "$OUT/logs"
WORK=$(mktemp -d /tmp/iommu-cluster-check.XXXXXX)
chmod 755 "$WORK"   # munged wants every folder above its socket searchable by all
PIDS=()             # "name:pidfile" of every daemon started here
declare -A RESULT
ORDER=()

say() { echo "cluster_check: $*"; }
result() {  # path status message
  RESULT[$1]="$2: $3"; ORDER+=("$1")
  say "$2 $1: $3"
}

stop_daemons() {
  local i entry name pidfile pid n
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
    entry=${PIDS[$i]}; name=${entry%%:*}; pidfile=${entry#*:}
    [ -s "$pidfile" ] || continue
    pid=$(cat "$pidfile")
    kill -0 "$pid" 2>/dev/null || continue
    kill "$pid" 2>/dev/null
    for n in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then
      say "note: $name (pid $pid) did not stop within 10 s of SIGTERM; sending SIGKILL"
      kill -9 "$pid" 2>/dev/null
    fi
  done
  PIDS=()
}
cleanup() {
  stop_daemons
  cp "$WORK"/*.log "$OUT/logs/" 2>/dev/null
  if [ "$KEEP" = 1 ]; then say "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'say "interrupted"; exit 1' INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# ------------------------------------------------------------------------------ packages
say "installing what is missing (tools/deps.sh): parallel, slurmctld, slurmd, slurm-client, munge"
if ! bash tools/deps.sh parallel slurmctld slurmd sbatch munged; then
  say "FAIL: could not install the packages (above); nothing was run"
  exit 1
fi
if [ "$SSH_MODE" = yes ] && ! command -v sshd >/dev/null 2>&1; then
  bash tools/deps.sh sshd || say "note: openssh-server could not be installed; the ssh path is skipped"
fi
ver() { dpkg-query -W -f '${Version}' "$1" 2>/dev/null || echo "?"; }
say "versions: GNU parallel $(ver parallel), Slurm $(ver slurmctld) (slurmctld, slurmd, sbatch $(ver slurm-client)), munge $(ver munge), OpenSSH $(ver openssh-server)"

# ------------------------------------------------------------------------------ the reference
REGRESS=(python3 tools/regress.py --transactions "$TRANSACTIONS" --bench "$BENCH" --bench-args="--check cycle ")
say "reference: $SEEDS seeds run locally by tools/regress.py (what make regress runs) into $OUT/local"
timeout "$PATH_LIMIT" "${REGRESS[@]}" --seeds "$SEEDS" --jobs 2 --out "$OUT/local" > "$OUT/local.txt" 2>&1
REF_RC=$?
if [ "$REF_RC" -gt 1 ] || [ ! -f "$OUT/local/junit.xml" ]; then
  say "FAIL: the local reference run ended with exit status $REF_RC and no junit.xml ($OUT/local.txt):"
  tail -5 "$OUT/local.txt"
  exit 1
fi
say "reference: $(tail -1 "$OUT/local.txt")"

# compare NAME: merges $OUT/NAME and compares it with the reference; prints what differs
compare() {
  local name=$1 dir="$OUT/$1"
  python3 tools/regress.py --merge "$dir" --out "$dir" > "$OUT/$name.txt" 2>&1
  python3 - "$ROOT" "$OUT/local" "$dir" "$OUT/local.txt" "$OUT/$name.txt" <<'EOF'
import difflib, glob, json, os, re, sys
root, ref, got, ref_txt, got_txt = sys.argv[1:]
problems = []
def norm(text, folder):
    # the same seeds run elsewhere differ only in the folder named (absolute on a cluster) and in times
    text = text.replace(os.path.join(root, folder) + "/", "OUT/").replace(folder + "/", "OUT/")
    return re.sub(r' time="[^"]*"', "", text)
def read(path):
    with open(path, errors="replace") as f:
        return f.read()
def table(path, folder):
    # the failure groups with their seeds, replay commands and links; the summary line names how it ran
    # (and the local run's progress lines)
    return [l for l in norm(read(path), folder).splitlines()
            if not re.match(r"regress: (FAIL:|PASS:|\d+/\d+ done)", l)]
if table(ref_txt, ref) != table(got_txt, got):
    problems.append("the failure table differs from the local run's:\n" + "\n".join(
        difflib.unified_diff(table(ref_txt, ref), table(got_txt, got), "local", "merged", lineterm="")))
for f in ("junit.xml", "coverage.txt"):
    if not os.path.exists(os.path.join(got, f)):
        problems.append("no %s/%s" % (got, f))
    elif norm(read(os.path.join(ref, f)), ref) != norm(read(os.path.join(got, f)), got):
        problems.append("%s/%s differs from %s/%s (times and folder names aside)" % (got, f, ref, f))
seeds = sorted(os.path.basename(d) for d in glob.glob(os.path.join(ref, "seed-*")))
for s in seeds:
    for f in ("output.txt", "result.json"):
        a, b = os.path.join(ref, s, f), os.path.join(got, s, f)
        if not os.path.exists(b):
            problems.append("no %s" % b)
            continue
        if f == "result.json":
            ja, jb = json.load(open(a)), json.load(open(b))
            keys = ("seed", "status", "signature", "replay", "first_line", "exit")
            if [ja.get(k) for k in keys] != [jb.get(k) for k in keys]:
                problems.append("%s differs from %s in %s" % (b, a, ", ".join(k for k in keys if ja.get(k) != jb.get(k))))
        elif norm(read(a), ref) != norm(read(b), got):
            problems.append("%s differs from %s (folder names aside)" % (b, a))
print("\n".join(problems[:10]))
sys.exit(1 if problems else 0)
EOF
}

# emit NAME [regress options]: the cluster files of the same seeds, nothing run
emit() { local name=$1; shift; "${REGRESS[@]}" --seeds "$SEEDS" --out "$OUT/$name" --emit-only "$@" > /dev/null; }

# check_path NAME RC LABEL: the tool's exit status, the per-seed folders, then the merge against the reference
check_path() {
  local name=$1 rc=$2 label=$3 diffs n
  n=$(ls -d "$OUT/$name"/seed-*/result.json 2>/dev/null | wc -l)
  if [ "$n" -ne "$SEEDS" ]; then
    result "$name" FAIL "$label: $n of $SEEDS seed folders have a result.json"
    return
  fi
  # parallel exits with the number of failed commands (at most 101), sbatch --wait with the highest task status
  if { [ "$REF_RC" -eq 0 ] && [ "$rc" -ne 0 ]; } || { [ "$REF_RC" -ne 0 ] && [ "$rc" -eq 0 ]; }; then
    result "$name" FAIL "$label exited $rc while the local run exited $REF_RC"
    return
  fi
  if ! diffs=$(compare "$name"); then
    result "$name" FAIL "$label: merged result differs from the local run: $diffs"
    return
  fi
  result "$name" PASS "$label: $SEEDS seed folders; --merge gives the local run's table, junit.xml, coverage.txt and per-seed reports ($(tail -1 "$OUT/$name.txt" | sed 's/ (build.*//'))"
}

# ------------------------------------------------------------------------------ GNU parallel, here
emit parallel
t0=$(date +%s)
(cd /tmp && timeout "$PATH_LIMIT" parallel --will-cite -j 2 --joblog "$ROOT/$OUT/parallel/joblog.txt" \
   < "$ROOT/$OUT/parallel/commands.txt" > "$ROOT/$OUT/parallel/parallel.txt" 2>&1)
rc=$?
if [ "$rc" -eq 124 ]; then
  result parallel FAIL "parallel did not end within $PATH_LIMIT s ($OUT/parallel/parallel.txt)"
else
  check_path parallel "$rc" "parallel -j 2 < commands.txt (run from /tmp, exit $rc, $(( $(date +%s) - t0 )) s)"
fi

# ------------------------------------------------------------------------------ GNU parallel over ssh
if [ "$SSH_MODE" = no ]; then
  result parallel-ssh SKIP "--ssh no"
elif ! command -v sshd >/dev/null 2>&1; then
  result parallel-ssh SKIP "sshd is not installed (openssh-server); tools/cluster_check.sh --ssh yes installs it"
else
  port=$(free_port)
  mkdir -p "$WORK/ssh"; chmod 700 "$WORK/ssh"
  ssh-keygen -q -t ed25519 -N '' -f "$WORK/ssh/host_key" && ssh-keygen -q -t ed25519 -N '' -f "$WORK/ssh/client_key"
  cp "$WORK/ssh/client_key.pub" "$WORK/ssh/authorized_keys"
  cat > "$WORK/ssh/sshd_config" <<EOF
ListenAddress 127.0.0.1
Port $port
HostKey $WORK/ssh/host_key
AuthorizedKeysFile $WORK/ssh/authorized_keys
PidFile $WORK/ssh/sshd.pid
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
UsePAM no
StrictModes no
EOF
  mkdir -p /run/sshd   # sshd's privilege separation folder (the package's service creates it)
  PIDS+=("sshd:$WORK/ssh/sshd.pid")
  if ! /usr/sbin/sshd -f "$WORK/ssh/sshd_config" -E "$WORK/sshd.log"; then
    result parallel-ssh FAIL "sshd did not start: $(tail -2 "$WORK/sshd.log" | tr '\n' ' ')"
  else
    SSH="ssh -i $WORK/ssh/client_key -p $port -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=$WORK/ssh/known_hosts -o ConnectTimeout=10 -o LogLevel=ERROR"
    emit parallel-ssh
    t0=$(date +%s)
    (cd /tmp && timeout "$PATH_LIMIT" parallel --will-cite --sshlogin "2/$SSH root@127.0.0.1" \
       --joblog "$ROOT/$OUT/parallel-ssh/joblog.txt" < "$ROOT/$OUT/parallel-ssh/commands.txt" \
       > "$ROOT/$OUT/parallel-ssh/parallel.txt" 2>&1)
    rc=$?
    logins=$(grep -c "Accepted publickey" "$WORK/sshd.log")
    if [ "$rc" -eq 124 ]; then
      result parallel-ssh FAIL "parallel --sshlogin did not end within $PATH_LIMIT s ($OUT/parallel-ssh/parallel.txt)"
    elif [ "$logins" -lt "$SEEDS" ]; then
      result parallel-ssh FAIL "sshd logged $logins logins for $SEEDS commands: not every command went over ssh ($OUT/parallel-ssh/parallel.txt, $OUT/logs/sshd.log)"
    else
      check_path parallel-ssh "$rc" "parallel --sshlogin 2/root@127.0.0.1:$port < commands.txt ($logins ssh logins, exit $rc, $(( $(date +%s) - t0 )) s)"
    fi
  fi
  stop_daemons
fi

# ------------------------------------------------------------------------------ Slurm
slurm_check() {
  local host cpus ctld_port slurmd_port n job rc t0 state tasks
  host=$(hostname -s); cpus=$(nproc)
  ctld_port=$(free_port); slurmd_port=$(free_port)
  while [ "$slurmd_port" = "$ctld_port" ]; do slurmd_port=$(free_port); done
  mkdir -p "$WORK/munge" "$WORK/run" "$WORK/ctld" "$WORK/slurmd"
  chmod 700 "$WORK/munge"; chmod 755 "$WORK/run"
  dd if=/dev/urandom of="$WORK/munge/munge.key" bs=1024 count=1 2>/dev/null; chmod 600 "$WORK/munge/munge.key"
  PIDS+=("munged:$WORK/run/munged.pid")
  if ! /usr/sbin/munged --key-file="$WORK/munge/munge.key" --socket="$WORK/run/munge.sock" \
       --log-file="$WORK/munged.log" --pid-file="$WORK/run/munged.pid" --seed-file="$WORK/munge/seed"; then
    result slurm FAIL "munged did not start: $(grep -i error "$WORK/munged.log" | tail -1)"; return
  fi
  if ! munge -S "$WORK/run/munge.sock" -n | unmunge -S "$WORK/run/munge.sock" > /dev/null; then
    result slurm FAIL "munge credentials do not round-trip through the private munged ($OUT/logs/munged.log)"; return
  fi
  export SLURM_CONF="$WORK/slurm.conf"
  cat > "$SLURM_CONF" <<EOF
# a one-node cluster of this host for tools/cluster_check.sh; private ports, state, logs and munge socket
ClusterName=iommucheck
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$WORK/run/munge.sock
StateSaveLocation=$WORK/ctld
SlurmdSpoolDir=$WORK/slurmd
SlurmctldPidFile=$WORK/run/slurmctld.pid
SlurmdPidFile=$WORK/run/slurmd.pid
SlurmctldLogFile=$WORK/slurmctld.log
SlurmdLogFile=$WORK/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
ReturnToService=2
NodeName=$host CPUs=$cpus State=UNKNOWN
PartitionName=check Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
  cp "$SLURM_CONF" "$OUT/logs/slurm.conf"
  PIDS+=("slurmctld:$WORK/run/slurmctld.pid")
  if ! /usr/sbin/slurmctld; then
    result slurm FAIL "slurmctld did not start: $(grep -i error "$WORK/slurmctld.log" | tail -1)"; return
  fi
  PIDS+=("slurmd:$WORK/run/slurmd.pid")
  if ! /usr/sbin/slurmd; then
    result slurm FAIL "slurmd did not start: $(grep -i error "$WORK/slurmd.log" | tail -1)"; return
  fi
  state=""
  for n in $(seq 1 60); do   # the node registers within seconds; 30 s at most
    state=$(timeout 10 sinfo -h -n "$host" -o %T 2>&1)
    [ "$state" = idle ] && break
    sleep 0.5
  done
  if [ "$state" != idle ]; then
    result slurm FAIL "node $host not idle within 30 s (sinfo: '$state'; $OUT/logs/slurmctld.log, slurmd.log)"; return
  fi
  say "slurm: sinfo: partition check, node $host ($cpus CPUs) idle (slurmctld port $ctld_port, slurmd port $slurmd_port)"
  # fewer array tasks than seeds, so that a task running several seeds (what more than 1000 seeds give) is
  # exercised too
  tasks=$(( SEEDS > 1 ? (SEEDS + 1) / 2 : 1 ))
  emit slurm --slurm-tasks "$tasks"
  grep -q "^#SBATCH --array=1-$tasks\$" "$OUT/slurm/slurm.sh" || { result slurm FAIL "$OUT/slurm/slurm.sh has no #SBATCH --array=1-$tasks line"; return; }
  t0=$(date +%s)
  (cd /tmp && timeout "$PATH_LIMIT" sbatch --wait "$ROOT/$OUT/slurm/slurm.sh" > "$ROOT/$OUT/slurm/sbatch.txt" 2>&1)
  rc=$?
  job=$(sed -n 's/^Submitted batch job \([0-9]*\).*/\1/p' "$OUT/slurm/sbatch.txt")
  if [ -z "$job" ]; then
    result slurm FAIL "sbatch did not submit the array: $(head -3 "$OUT/slurm/sbatch.txt" | tr '\n' ' ')"; return
  fi
  if [ "$rc" -eq 124 ]; then
    timeout 10 scancel "$job"
    result slurm FAIL "job array $job did not end within $PATH_LIMIT s (cancelled; $OUT/logs/slurmctld.log)"; return
  fi
  n=$(ls "$OUT/slurm"/slurm-"$job"_*.out 2>/dev/null | wc -l)
  if [ "$n" -ne "$tasks" ]; then
    result slurm FAIL "job array $job left $n task logs slurm-${job}_*.out for $tasks tasks"; return
  fi
  if ! grep -q "Allocate JobId=${job}_" "$WORK/slurmctld.log"; then
    result slurm FAIL "slurmctld's log shows no allocation of array $job"; return
  fi
  check_path slurm "$rc" "sbatch --wait slurm.sh (array job $job, $n tasks for $SEEDS seeds on $host, run from /tmp, exit $rc, $(( $(date +%s) - t0 )) s)"
}
slurm_check
stop_daemons

# ------------------------------------------------------------------------------ summary
fail=0
for p in "${ORDER[@]}"; do
  case "${RESULT[$p]}" in FAIL*) fail=1 ;; esac
done
say "results in $OUT (logs of the daemons in $OUT/logs)"
for p in "${ORDER[@]}"; do printf 'cluster_check: %-13s %s\n' "$p" "${RESULT[$p]%%:*}"; done
exit $fail
