/* iommu-randgen: writes the random stimulus (tb/randgen.c) of one seed for any configuration file, without
 * running it, so that the generator and its mapping oracle (the `expect=` of each request) can be checked
 * against the golden model's functional runner for any configuration, one no RTL builds included
 * (tools/check_randgen_oracle.py).
 *
 *   iommu-randgen --config FILE.cfg [--seed N] [--transactions N] [--profile NAME|FILE] [--knob NAME=VALUE]...
 *
 * Exit status 0, or 2 with a message naming the flag or file on a usage error. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "randgen.h"
#include "randgen_profile.h"
#include "stim.h"

static int number(const char *flag, const char *v, uint64_t max, uint64_t *out)
{
    char *end;
    errno = 0;
    if (v == NULL || v[0] < '0' || v[0] > '9' || (v[0] == '0' && v[1] != '\0')) goto bad;
    *out = strtoull(v, &end, 10);
    if (errno || *end || *out > max) goto bad;
    return 0;
bad:
    fprintf(stderr, "iommu-randgen: %s expects a decimal number 0..%" PRIu64 " without leading zeros, got '%s'\n",
            flag, max, v ? v : "(nothing)");
    return -1;
}

int main(int argc, char **argv)
{
    const char *config_path = NULL;
    uint64_t seed = 1, transactions = 1000;
    randgen_profile_t profile;
    randgen_profile_named("default", &profile);
    char err[512];
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--config") && v) {
            config_path = v, i++;
        } else if (!strcmp(a, "--seed")) {
            if (number(a, v, UINT64_MAX, &seed)) return 2;
            i++;
        } else if (!strcmp(a, "--transactions")) {
            if (number(a, v, 1000000, &transactions)) return 2;
            i++;
        } else if (!strcmp(a, "--profile") && v) {
            if (randgen_profile_named(v, &profile) != 0 && randgen_profile_load(v, &profile, err, sizeof err) != 0) {
                fprintf(stderr, "iommu-randgen: --profile %s: neither a profile (%s) nor a profile file: %s\n", v,
                        randgen_profile_names(), err);
                return 2;
            }
            i++;
        } else if (!strcmp(a, "--knob") && v) {
            if (randgen_profile_set(&profile, v, err, sizeof err) != 0) {
                fprintf(stderr, "iommu-randgen: --knob %s: %s\n", v, err);
                return 2;
            }
            i++;
        } else {
            fprintf(stderr, "usage: iommu-randgen --config FILE.cfg [--seed N] [--transactions N] [--profile "
                            "NAME|FILE] [--knob NAME=VALUE]...\n  (got '%s'%s)\n", a, v ? "" : " without a value");
            return 2;
        }
    }
    if (config_path == NULL) {
        fprintf(stderr, "iommu-randgen: --config FILE.cfg is required (the configuration the stimulus is for)\n");
        return 2;
    }
    if (randgen_profile_check(&profile, err, sizeof err) != 0) {
        fprintf(stderr, "iommu-randgen: %s\n", err);
        return 2;
    }
    iommu_config_t config;
    if (iommu_config_load(config_path, &config, err, sizeof err) != 0) {
        fprintf(stderr, "iommu-randgen: %s\n", err);
        return 2;
    }
    stim_program_t prog = {0};
    randgen_config_t rc = {seed, (unsigned)transactions, 0, &profile, &config};
    randgen_build(&rc, &prog);
    stim_write(&prog, stdout);
    return 0;
}
