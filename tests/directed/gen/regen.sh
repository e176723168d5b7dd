#!/bin/sh
# Rewrites ../*.stim and ../*.log. lib.py only formats and encodes (PTEs, register values, record words);
# every expected outcome (cause, pa, queue slot, interrupt) is written by hand in tests*.py.
cd "$(dirname "$0")" && python3 tests1.py && python3 tests2.py && python3 tests3.py && python3 tests4.py && python3 tests5.py && python3 tests6.py && python3 tests7.py && python3 tests8.py && python3 tests9.py && python3 tests10.py && python3 tests11.py
