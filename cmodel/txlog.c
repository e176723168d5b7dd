/* Transaction log format v1 writer (docs/formats.md). Every implementation logs through these
 * functions, so equal outcomes give byte-identical logs. */
#include "txlog.h"

#include <inttypes.h>

#include "iommu_port.h"

static const char *mem_status_name(int status)
{
    switch (status) {
    case IOMMU_MEM_OK: return "ok";
    case IOMMU_MEM_ACCESS_FAULT: return "access";
    case IOMMU_MEM_DATA_CORRUPTION: return "corrupt";
    default: return "invalid";
    }
}

void txlog_header(FILE *f) { fputs("iommu-log 1\n", f); }

void txlog_rsp_ok(FILE *f, uint16_t tag, uint64_t pa)
{
    fprintf(f, "rsp tag=%u ok pa=0x%016" PRIx64 "\n", (unsigned)tag, pa);
}

void txlog_rsp_fault(FILE *f, uint16_t tag, unsigned cause)
{
    fprintf(f, "rsp tag=%u fault cause=%u\n", (unsigned)tag, cause);
}

void txlog_memwr(FILE *f, uint64_t addr, uint64_t data, int status)
{
    fprintf(f, "memwr addr=0x%016" PRIx64 " data=0x%016" PRIx64 " status=%s\n", addr, data,
            mem_status_name(status));
}

void txlog_irq(FILE *f, unsigned vector, unsigned level)
{
    fprintf(f, "irq vec=%u level=%u\n", vector, level);
}

void txlog_read(FILE *f, const char *reg_name, uint64_t value)
{
    fprintf(f, "read %s value=0x%016" PRIx64 "\n", reg_name, value);
}

void txlog_poll(FILE *f, const char *reg_name, uint64_t value)
{
    fprintf(f, "poll %s value=0x%016" PRIx64 "\n", reg_name, value);
}

void txlog_end(FILE *f) { fputs("end\n", f); }
