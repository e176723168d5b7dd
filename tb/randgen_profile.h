/* Profiles and knobs of the random stimulus (tb/randgen.c): what share of the traffic is well-formed,
 * streaming, faulting or aimed at corners. A profile is a named set of knob values; a profile file
 * ("knob = value" lines, optionally "profile = NAME" first) and --knob NAME=VALUE adjust one. Every knob has
 * a legal range; contradictory sets (e.g. more broken than all device contexts) are refused by name. */
#ifndef TB_RANDGEN_PROFILE_H
#define TB_RANDGEN_PROFILE_H

#include <stddef.h>

/* The knobs, in one table: X(name, default, min, max, what it sets). The defaults are the mix the
 * generator had before profiles existed, so seeds keep producing the same stimulus. */
#define RANDGEN_KNOBS(X)                                                                                       \
    X(devices_min, 3, 1, 64, "fewest device contexts set up")                                                 \
    X(devices_max, 8, 1, 64, "most device contexts set up")                                                   \
    X(bare_dc_percent, 7, 0, 100, "device contexts with iosatp Bare")                                         \
    X(broken_dc_percent, 13, 0, 100, "device contexts not valid or misconfigured")                            \
    X(dc_memerr_percent, 5, 0, 100, "device contexts whose memory answers with an error")                     \
    X(good_leaf_percent, 65, 0, 100, "leaves a driver writes (valid, readable, accessed, dirty, user)")       \
    X(superpage_percent, 20, 0, 100, "pages mapped as 2 MiB or 1 GiB superpages")                             \
    X(leaf_memerr_percent, 3, 0, 100, "leaves whose memory answers with an error")                            \
    X(iova_few_percent, 50, 0, 100, "VPN fields drawn from a few values (pages share tables and tags)")        \
    X(recent_percent, 40, 0, 100, "requests that repeat a recent device and address (IOTLB hits)")           \
    X(stray_percent, 12, 0, 100, "requests from devices nobody set up, or too wide for 1LVL")                 \
    X(mapped_percent, 75, 0, 100, "of a set-up device's requests, those into a page it mapped")               \
    X(stream_percent, 0, 0, 100, "requests that continue a sequential stream through a mapped buffer")       \
    X(translated_percent, 10, 0, 100, "translated and ATS translation requests (faults in this RTL)")         \
    X(pv_percent, 5, 0, 100, "requests with a process_id")                                                    \
    X(software_percent, 4, 0, 100, "requests followed by driver register work")                              \
    X(overlap_percent, 0, 0, 100, "fqcsr, ipsr and ddtp writes issued while DMA is in flight (nowait)")         \
    X(live_percent, 0, 0, 50, "steps where software changes a table while DMA runs (0: the agent is off)")   \
    X(omit_percent, 0, 0, 100, "invalidations and fences the live agent leaves out on purpose")             \
    X(cmd_error_percent, 0, 0, 50, "live agent steps that exercise commands: every form, illegal, cqmf")   \
    X(msi_percent, 0, 0, 100, "live-agent runs that take interrupts as MSIs (fctl.WSI = 0) instead of wires")    \
    X(ddt_levels_min, 1, 1, 3, "fewest device-directory levels (1LVL, 2LVL, 3LVL); one is drawn per run")    \
    X(ddt_levels_max, 1, 1, 3, "most device-directory levels")                                                \
    X(ddte_broken_percent, 0, 0, 100, "non-leaf directory entries not valid, with a reserved bit or a memory error") \
    X(sv48_percent, 0, 0, 100, "translating device contexts in Sv48 (version 5; 0 and sv57 0: all Sv39, no draw)") \
    X(sv57_percent, 0, 0, 100, "translating device contexts in Sv57 (version 5)")                            \
    X(sade_percent, 0, 0, 100, "translating device contexts with tc.SADE = 1, and good leaves with A or D clear (version 6)") \
    X(cas_race_percent, 0, 0, 100, "requests whose walk updates A/D, preceded by a software store to the leaf that lands at the CAS") \
    X(cas_memerr_percent, 0, 0, 100, "leaves with A or D clear under tc.SADE = 1 whose memory fails the CAS alone (memerr write)") \
    X(pdt_percent, 25, 0, 100, "translating device contexts with tc.PDTV = 1 (configurations with PD8/PD17/PD20 only)") \
    X(pdt_pv_percent, 80, 0, 100, "of the requests of a device with a process directory, those with a process_id") \
    X(pc_broken_percent, 10, 0, 100, "process contexts not valid, misconfigured or in memory that answers with an error") \
    X(pdte_broken_percent, 5, 0, 100, "non-leaf process-directory entries not valid, with a reserved bit or a memory error") \
    X(vm_percent, 50, 0, 100, "device contexts (first stage Sv39/48/57 or Bare) assigned to a VM: iohgatp not Bare (configurations with Sv39x4/Sv48x4/Sv57x4 only)") \
    X(gleaf_deny_percent, 15, 0, 100, "second-stage leaves that deny: U = 0, R/W/X missing, A or D clear, reserved bits, misaligned") \
    X(gtable_broken_percent, 10, 0, 100, "VMs whose second-stage mapping of the first-stage tables faults (every walk's implicit access)") \
    X(msi_flat_percent, 40, 0, 100, "VM device contexts with msiptp.MODE Flat (MSI page table, mask, pattern)") \
    X(msipte_broken_percent, 20, 0, 100, "MSI PTEs not valid, misconfigured or in memory that answers with an error") \
    X(hpm_percent, 5, 0, 100, "requests followed by performance-monitor work: event selectors with every filter form, inhibits, counters near overflow, pmip cleared (configurations with HPM only)") \
    X(dbg_percent, 3, 0, 100, "requests expected to translate that a debug translation of the same page follows while DMA runs (configurations with DBG only)") \
    X(qos_wide_percent, 30, 0, 100, "misconfigured device contexts whose only fault is a ta.RCID or ta.MCID too wide (configurations with QOSID only)") \
    X(sv32_percent, 20, 0, 100, "translating device contexts with tc.SXL = 1 and an Sv32 first stage, VM ones too (configurations with Sv32 and fctl.GXL writable only; version 10)") \
    X(gxl_percent, 0, 0, 100, "runs that set fctl.GXL = 1 before leaving Off: every DC has tc.SXL = 1, VMs use Sv32x4 (configurations with Sv32x4 only)") \
    X(napot_percent, 10, 0, 100, "4 KiB leaves written as 64 KiB Svnapot leaves (16 equal PTEs), both stages (configurations with svnapot only)") \
    X(pbmt_percent, 20, 0, 100, "good leaves of either stage with a PBMT value 1 - 3 (3 faults; configurations with Svpbmt only)") \
    X(rsw_percent, 10, 0, 100, "PTEs of either stage with bits 60:59 set (configurations with Svrsw60t59b only)") \
    X(be_percent, 0, 0, 100, "runs that set fctl.BE = 1 before leaving Off: every structure big-endian (configurations with fctl.BE writable only)") \
    X(sbe_percent, 10, 0, 100, "device contexts whose tc.SBE differs from fctl.BE: their PDT, PCs and first-stage tables in the other byte order (configurations with END only)") \
    X(queue_oversize_percent, 0, 0, 100, "runs whose fqb (live agent: cqb) write asks a LOG2SZ above fq/cq.log2sz_max (WARL; configurations with a maximum below 32 only)") \
    X(ats_dc_percent, 60, 0, 100, "translating device contexts with tc.EN_ATS = 1 (configurations with ATS only, version 11)") \
    X(pri_percent, 60, 0, 100, "of the device contexts with EN_ATS, those with EN_PRI (half of them with PRPR)") \
    X(t2gpa_percent, 40, 0, 100, "of the VM device contexts with EN_ATS, those with T2GPA (configurations with T2GPA only)") \
    X(ats_bad_dc_percent, 40, 0, 100, "misconfigured device contexts whose fault is an illegal EN_ATS/EN_PRI/PRPR/T2GPA combination") \
    X(pgreq_percent, 8, 0, 100, "requests followed by a page request (pgreq) into the page-request queue") \
    X(pq_drain_percent, 4, 0, 100, "requests followed by software draining the page-request queue (pqh) and answering groups with ATS.PRGR") \
    X(ats_inval_percent, 3, 0, 100, "requests followed by ATS.INVAL commands, the device's completions (invcpl) and IOFENCE.C") \
    X(ats_late_percent, 20, 0, 100, "ATS invalidations the device completes only after the IOFENCE.C that waits for them") \
    X(ats_wrong_percent, 10, 0, 100, "ATS invalidations the device first answers with a wrong ITag or device_id (ignored), then late") \
    X(ats_never_percent, 5, 0, 100, "ATS invalidations never completed: the timeout (atstimeout), cmd_to, software's recovery") \
    X(itag_exhaust_percent, 10, 0, 100, "ATS.INVAL steps that issue 33 or 34 invalidations: more than the 32 ITags")

typedef struct {
#define RANDGEN_KNOB_FIELD(name, def, min, max, doc) unsigned name;
    RANDGEN_KNOBS(RANDGEN_KNOB_FIELD)
#undef RANDGEN_KNOB_FIELD
    char name[64]; /* the profile's name, for reports */
} randgen_profile_t;

/* The named profiles: "default" (the mix above), "realistic" (many devices streaming DMA through 2 MiB
 * buffers they mapped: mostly hits, few faults), "faulty" (most requests fault, in every way), "corner"
 * (the corners: superpages, stray and wide device IDs, process IDs, register work between requests,
 * register writes while DMA is in flight, 1 to 3 directory levels, Sv39/Sv48/Sv57 tables), "modes" (first-stage
 * Sv48 and Sv57 tables beside Sv39 ones, with leaves at every level and non-canonical IOVAs), "directory" (two- and three-level
 * device directories with broken non-leaf entries and device IDs across their whole width), "live" (a
 * driver that changes its tables while DMA runs and invalidates through the command queue as the spec's
 * guidelines say: tb/randgen_live.c), "live-omit" (the same, leaving some invalidations out on purpose) and
 * "process" (configurations with a process directory: most translating devices with PD8/PD17/PD20 directories,
 * broken directory entries and process contexts, Supervisor requests; elsewhere it is the default mix). The
 * process-directory knobs (pdt_*, pc_*) act only when the configuration has PD8, PD17 or PD20, so a
 * configuration without them draws nothing for them. "guest" (version 8, configurations with a second stage):
 * most devices in VMs, denying second-stage leaves, broken second-stage mappings of the first-stage tables, MSI
 * translation; the second-stage knobs (vm_*, gleaf_*, gtable_*, msi*_) act only under such a configuration.
 * "formats" (version 10, configurations with Sv32/Sv32x4, Svnapot, Svpbmt, Svrsw60t59b, END): Sv32 first stages,
 * fctl.GXL = 1 runs with Sv32x4, NAPOT leaves, PBMT values, bits 60:59, big-endian runs and tc.SBE per DC, queue
 * sizes above the maximum; the version 10 knobs (sv32_*, gxl_*, napot_*, pbmt_*, rsw_*, be_*, sbe_*,
 * queue_oversize_*) act only under a configuration with the feature.
 * translation; the second-stage knobs (vm_*, gleaf_*, gtable_*, msi*_) act only under such a configuration. "ats" (version 11,
 * configurations with capabilities.ATS): most device contexts with EN_ATS/EN_PRI/PRPR/T2GPA, many ATS
 * translation and translated requests, page requests that fill the page-request queue, software draining it and
 * answering with ATS.PRGR, ATS.INVAL with completions late, wrong, never (timeout) and ITag exhaustion; the ATS
 * knobs (ats_*, pri_*, t2gpa_*, pgreq_*, pq_*, itag_*) act only under such a configuration. */
const char *randgen_profile_names(void);
/* Sets *p to the named profile; -1 when there is no such profile. */
int randgen_profile_named(const char *name, randgen_profile_t *p);
/* Applies "knob=value" (one --knob) to *p; -1 with a message in err naming the knob and its range. */
int randgen_profile_set(randgen_profile_t *p, const char *assignment, char *err, size_t err_size);
/* Reads a profile file: "profile = NAME" (first, optional) and "knob = value" lines, '#' comments; -1 with
 * "FILE:LINE: ..." in err. */
int randgen_profile_load(const char *path, randgen_profile_t *p, char *err, size_t err_size);
/* Refuses contradictory knob sets (devices_min > devices_max, bare + broken DCs over 100 %); -1 with err. */
int randgen_profile_check(const randgen_profile_t *p, char *err, size_t err_size);
/* "knob=value,..." of the knobs that differ from the named base profile (for replay commands). */
void randgen_profile_diff(const randgen_profile_t *p, const randgen_profile_t *base, char *buf, size_t size);

#endif
