#!/usr/bin/env python3
"""Checks the random generator's mapping oracle (the `expect=` of each request, tb/randgen.c) against the
golden model's functional runner for any configuration file, without an RTL: for each seed, build/iommu-randgen
writes the stimulus, build/iommu-run runs it, and every response must be the first outcome its expect= names
(the runner has no caches, so older outcomes never show); an ATS completion (version 11) must be the
completion its ats= names (range base, size, R, W, U) or, for an expected fault, the Unsupported Request or
Completer Abort of that cause. Prints one line per disagreement and a summary with
the causes reached; exit status 1 when any request disagrees.

  tools/check_randgen_oracle.py --config config/rtl_max.cfg --profile guest --seeds 20 [--first 1]
"""
import argparse
import collections
import re
import subprocess
import sys

EXPECT = re.compile(r'^dma tag=(\d+) .*?expect=(\S+)')
RSP = re.compile(r'^rsp tag=(\d+) (ok pa=(0x[0-9a-f]+)|fault cause=(\d+))')
PBMT = re.compile(r' pbmt=(\d)')
# version 11: an ATS completion, and the completion software expects (dma key ats=R,W,U,LOG2)
ATS = re.compile(r'^ats tag=(\d+) status=(\w+)(?: pa=(0x[0-9a-f]+) size=(0x[0-9a-f]+) r=(\d) w=(\d) x=\d u=(\d))?')
ATS_EXPECT = re.compile(r' ats=([01]),([01x]),([01]),(\d+)')
# docs/microarch.md 5.9: the causes of a Completer Abort; any other reported fault is an Unsupported Request
CA_CAUSES = {1, 5, 7, 261, 263, 265, 267, 268, 269, 270, 271, 272, 274}


def ats_good(want, dma, m):
    """Whether the ATS completion m (regex ATS) is the first outcome want of the request line dma."""
    status = m.group(2)
    if want[0] == 'fault':
        if status not in ('ur', 'ca'):
            return False
        return not want[1] or any((c in CA_CAUSES) == (status == 'ca') for c in want[1])
    e = ATS_EXPECT.search(dma)
    if status != 'success' or e is None:
        return False
    pa, size, r, w, u = int(m.group(3), 16), int(m.group(4), 16), m.group(5), m.group(6), m.group(7)
    return (pa == want[1] and size == 1 << int(e.group(4)) and r == e.group(1) and u == e.group(3)
            and (e.group(2) == 'x' or w == e.group(2)))


def first_outcome(expect):
    """The first outcome of an expect= value: ('ok', pa) or ('fault', set of causes, empty = any)."""
    alt = expect.split('|')
    if alt[0].startswith('ok@'):
        return ('ok', int(alt[0][3:], 16))
    causes = set()
    if alt[0].startswith('fault@'):
        causes.add(int(alt[0][6:]))
        for a in alt[1:]:
            if a.isdigit():
                causes.add(int(a))
            else:
                break
    return ('fault', causes)


def check_seed(args, seed, causes):
    gen = [args.randgen, '--config', args.config, '--seed', str(seed), '--transactions', str(args.transactions),
           '--profile', args.profile]
    stim = subprocess.run(gen, capture_output=True, text=True, timeout=120)
    if stim.returncode != 0:
        return ['seed %d: %s failed: %s' % (seed, ' '.join(gen), stim.stderr.strip())], 0
    path = '%s/randgen-oracle-%d.stim' % (args.workdir, seed)
    with open(path, 'w') as f:
        f.write(stim.stdout)
    run = subprocess.run([args.runner, '--config', args.config, path], capture_output=True, text=True, timeout=300)
    if run.returncode != 0:
        return ['seed %d: %s --config %s %s failed: %s' % (seed, args.runner, args.config, path,
                                                             run.stderr.strip())], 0
    expects = {}
    for line in stim.stdout.splitlines():
        m = EXPECT.match(line)
        if m:
            expects[int(m.group(1))] = (m.group(2), line)
    bad, checked = [], 0
    # version 10: the Svpbmt type (dma pbmt=, docs/formats.md) against the log's pbmt=, when the runner writes it
    logs_pbmt = ' pbmt=' in run.stdout
    for line in run.stdout.splitlines():
        m = ATS.match(line)
        if m and int(m.group(1)) in expects:
            expect, dma = expects.pop(int(m.group(1)))
            checked += 1
            causes['ats.' + m.group(2) + ('' if m.group(2) != 'success' else '.r%sw%s' % (m.group(5), m.group(6)))] += 1
            if not ats_good(first_outcome(expect), dma, m):
                bad.append('seed %d: %s -> %s (replay: %s; %s --config %s %s)' % (seed, dma, line, ' '.join(gen),
                                                                                  args.runner, args.config, path))
            continue
        m = RSP.match(line)
        if not m or int(m.group(1)) not in expects:
            continue
        expect, dma = expects.pop(int(m.group(1)))
        want = first_outcome(expect)
        checked += 1
        if m.group(3) is not None:
            got_ok, pa = True, int(m.group(3), 16)
            causes['ok'] += 1
            good = want[0] == 'ok' and want[1] == pa
            if good and logs_pbmt:
                want_pbmt, got_pbmt = PBMT.search(dma), PBMT.search(line)
                good = (int(want_pbmt.group(1)) if want_pbmt else 0) == (int(got_pbmt.group(1)) if got_pbmt else 0)
                if want_pbmt or got_pbmt:
                    causes['pbmt'] += 1
        else:
            cause = int(m.group(4))
            causes[cause] += 1
            good = want[0] == 'fault' and (not want[1] or cause in want[1])
        if not good:
            bad.append('seed %d: %s -> %s (replay: %s; %s --config %s %s)' % (seed, dma, line, ' '.join(gen),
                                                                              args.runner, args.config, path))
    return bad, checked


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--config', required=True)
    ap.add_argument('--profile', default='default')
    ap.add_argument('--seeds', type=int, default=10)
    ap.add_argument('--first', type=int, default=1)
    ap.add_argument('--transactions', type=int, default=500)
    ap.add_argument('--randgen', default='build/iommu-randgen')
    ap.add_argument('--runner', default='build/iommu-run')
    ap.add_argument('--workdir', default='build')
    ap.add_argument('--max-report', type=int, default=20)
    args = ap.parse_args()
    causes = collections.Counter()
    bad, checked = [], 0
    for seed in range(args.first, args.first + args.seeds):
        b, n = check_seed(args, seed, causes)
        bad += b
        checked += n
    for line in bad[:args.max_report]:
        print(line)
    reached = ' '.join('%s:%d' % (k, causes[k]) for k in sorted(causes, key=str))
    print('randgen oracle (%s, profile %s, seeds %d..%d): %d responses checked, %d disagree; outcomes %s'
          % (args.config, args.profile, args.first, args.first + args.seeds - 1, checked, len(bad), reached))
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
