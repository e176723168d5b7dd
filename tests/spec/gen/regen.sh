#!/bin/sh
# Rewrites ../*.stim and ../*.log. lib.py only formats and encodes; every expected outcome is entered by
# hand in tests*.py. check.py checks the syntax of every pair.
cd "$(dirname "$0")" && python3 tests1.py && python3 tests2.py && python3 tests3.py && python3 tests4.py && python3 tests5.py && python3 tests6.py && python3 check.py
