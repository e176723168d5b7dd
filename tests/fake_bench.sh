#!/bin/bash
# A stand-in for the lockstep bench in the tests of tools/regress.py (tests/run_tests.py): each seed fails
# the way a broken bench or RTL can, so that each must end as its own failure signature, in bounded time.
#   seed 1: segfault   2: hangs   3: Verilator assertion   4: sanitizer report   5: exit 3, no FAIL line
#   other seeds: the bench's PASS line
seed=
while [ $# -gt 0 ]; do
  case "$1" in --seed) seed=$2; shift ;; esac
  shift
done
case "$seed" in
  1) kill -SEGV $$ ;;
  2) sleep 100000 ;;
  3) echo "[2000] %Error: rtl/iommu_top.sv:42: Assertion failed in TOP.iommu_tb_top.u_dut: rsp_valid_o is X"
     kill -ABRT $$ ;;
  4) echo "==4242==ERROR: AddressSanitizer: heap-buffer-overflow on address 0x602000000011"; exit 1 ;;
  5) echo "something went wrong"; exit 3 ;;
  *) echo "PASS: 1 seed(s) from $seed, 10 requests, 0 faults, 100 cycles, 0 mismatches"; exit 0 ;;
esac
