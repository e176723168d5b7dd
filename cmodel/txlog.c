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

void txlog_memwr4(FILE *f, uint64_t addr, uint32_t data, int status)
{
    fprintf(f, "memwr addr=0x%016" PRIx64 " data=0x%016" PRIx64 " size=4 status=%s\n", addr, (uint64_t)data,
            mem_status_name(status));
}

void txlog_memcas(FILE *f, uint64_t addr, uint64_t cmp, uint64_t data, uint64_t old, int status)
{
    fprintf(f,
            "memcas addr=0x%016" PRIx64 " cmp=0x%016" PRIx64 " data=0x%016" PRIx64 " old=0x%016" PRIx64
            " status=%s\n",
            addr, cmp, data, old, mem_status_name(status));
}

void txlog_ats(FILE *f, uint16_t tag, const txlog_ats_t *a)
{
    if (a->status == ATS_UR) {
        fprintf(f, "ats tag=%u status=ur\n", (unsigned)tag);
    } else if (a->status == ATS_CA) {
        fprintf(f, "ats tag=%u status=ca\n", (unsigned)tag);
    } else {
        uint64_t pa = a->pa, size = a->size;
        if (!a->r && !a->w) pa = 0, size = 0x1000;
        fprintf(f,
                "ats tag=%u status=success pa=0x%016" PRIx64 " size=0x%" PRIx64
                " r=%u w=%u x=%u u=%u g=%u priv=%u n=%u ama=%u\n",
                (unsigned)tag, pa, size, a->r, a->w, a->x, a->u, a->g, a->priv, a->n, a->ama);
    }
}

void txlog_rsp_mrif(FILE *f, uint16_t tag, uint64_t mrif_addr, uint64_t notice_addr, uint32_t notice_data)
{
    fprintf(f, "rsp tag=%u mrif addr=0x%016" PRIx64 " notice=0x%016" PRIx64 " nid=0x%016" PRIx64 "\n", (unsigned)tag,
            mrif_addr, notice_addr, (uint64_t)notice_data);
}

void txlog_msg_inval(FILE *f, uint32_t did, unsigned itag, uint64_t payload, int pv, uint32_t pid)
{
    fprintf(f, "msg did=%u type=inval itag=%u payload=0x%016" PRIx64, did, itag, payload);
    if (pv) fprintf(f, " pid=%u", pid);
    fputc('\n', f);
}

void txlog_msg_prgr(FILE *f, uint32_t did, uint64_t payload, int pv, uint32_t pid)
{
    fprintf(f, "msg did=%u type=prgr payload=0x%016" PRIx64, did, payload);
    if (pv) fprintf(f, " pid=%u", pid);
    fputc('\n', f);
}

void txlog_end(FILE *f) { fputs("end\n", f); }
