#!/usr/bin/env bash
# Checks the tools the kit needs and installs the missing ones from Debian packages. Idempotent: when
# everything is present it only says so. `deps.sh gtkwave` checks/installs GTKWave alone (for make waves).
# The default set includes GTKWave: make waves opens it, and make test reads the mismatch FST back with its
# fst2vcd and opens the layout in GTKWave on a virtual display (Xvfb, screenshot with xwd) to check what a
# person sees there (tools/waves_check.py). tools/cluster_check.sh asks for parallel, slurmctld, slurmd,
# sbatch, munged (and sshd) the same way; lcov (lcov, genhtml) is installed by make coverage alone:
# `deps.sh lcov genhtml`.
set -u
want=("$@")
[ ${#want[@]} -eq 0 ] && want=(verilator gcc g++ make python3 pyyaml zlib gtkwave Xvfb xwd)

pkg_of() {
  case "$1" in
    verilator) echo verilator ;; gcc) echo gcc ;; g++) echo g++ ;; make) echo make ;;
    python3) echo python3 ;; pyyaml) echo python3-yaml ;; Xvfb) echo xvfb ;; xwd) echo x11-apps ;; zlib) echo zlib1g-dev ;; gtkwave) echo gtkwave ;; lcov|genhtml) echo lcov ;;
    # make cluster-check (tools/cluster_check.sh)
    sbatch) echo slurm-client ;; munged) echo munge ;; sshd) echo openssh-server ;; *) echo "$1" ;;
  esac
}
present() {
  case "$1" in
    zlib) [ -f /usr/include/zlib.h ] ;;
    pyyaml) python3 -c "import yaml" >/dev/null 2>&1 ;;
    *) command -v "$1" >/dev/null 2>&1 ;;
  esac
}

missing=()
for t in "${want[@]}"; do present "$t" || missing+=("$t"); done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
pkgs=()
for t in "${missing[@]}"; do
  p=$(pkg_of "$t")
  [[ " ${pkgs[*]-} " == *" $p "* ]] || pkgs+=("$p")  # lcov and genhtml come in one package
done
echo "deps: missing: ${missing[*]}; installing Debian packages: ${pkgs[*]}"
if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null 2>&1; then
  echo "deps: error: need root (or sudo) to run apt-get install ${pkgs[*]}; install them by hand" >&2
  exit 1
fi
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
# apt drops to the _apt user for downloads; on machines where that user cannot write /dev/null the
# signature check fails, so downloads run as the invoking user instead.
APT_OPTS="-o APT::Sandbox::User=root"
if ! command -v apt-get >/dev/null 2>&1; then
  echo "deps: error: apt-get not found; install ${pkgs[*]} with your package manager" >&2
  exit 1
fi
if ! { $SUDO apt-get $APT_OPTS update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get $APT_OPTS install -y -qq "${pkgs[@]}" >/dev/null; }; then
  echo "deps: error: apt-get install ${pkgs[*]} failed" >&2
  exit 1
fi
for t in "${missing[@]}"; do
  present "$t" || { echo "deps: error: $t still not found after installing $(pkg_of "$t")" >&2; exit 1; }
done
if present verilator; then
  v=$(verilator --version | awk '{print $2}')
  case "$v" in 4.*|[0-4].*) echo "deps: error: Verilator $v is too old; 5.006 or newer is needed" >&2; exit 1 ;; esac
fi
echo "deps: installed ${pkgs[*]}"
