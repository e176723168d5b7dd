/* The ATS messages and completions as the timing layer presents them on its ports (docs/microarch.md 5.9);
 * what they hold comes from the architectural layer (cq.h's command fields, pq.h's response rules). */
#include "ats_msg.h"

#include "cq.h"
#include "spec_fields.h"

ats_msg_t ats_msg_of_command(uint64_t dw0, uint64_t dw1, unsigned itag)
{
    ats_msg_t m = {0};
    m.prgr = cmd_func3(dw0) == ATS_PRGR;
    m.did = cq_ats_device(dw0);
    m.pv = ats_cmd_PV(dw0);
    m.pid = m.pv ? (uint32_t)ats_cmd_PID(dw0) : 0;
    m.itag = m.prgr ? 0 : itag;
    m.payload = dw1;
    m.from_cmd = true;
    return m;
}

ats_msg_t ats_msg_of_page_response(const pq_request_t *p, unsigned code, bool prpr)
{
    ats_msg_t m = {0};
    m.prgr = true;
    m.did = p->did;
    m.pv = pq_response_pv(p, code, prpr);
    m.pid = m.pv ? p->pid : 0;
    m.payload = pq_response_payload(p, code);
    return m;
}

void ats_msg_drive(const ats_msg_t *m, iommu_outputs_t *out)
{
    out->msg_valid = 1;
    out->msg_prgr = m->prgr;
    out->msg_did = m->did & 0xffffffu;
    out->msg_pv = m->pv;
    out->msg_pid = m->pv ? m->pid & 0xfffffu : 0;
    out->msg_itag = (uint8_t)(m->prgr ? 0 : m->itag & 31u);
    out->msg_payload = m->payload;
}

static unsigned log2_of(uint64_t size)
{
    unsigned n = 0;
    while (size > 1) {
        size >>= 1;
        n++;
    }
    return n;
}

void ats_cpl_drive(const ats_completion_t *c, iommu_outputs_t *out)
{
    out->rsp_ats = 1;
    out->rsp_ats_status = (uint8_t)c->status;
    out->rsp_ats_priv = c->priv;
    if (c->status != ATS_SUCCESS)
        return;
    out->rsp_ats_r = c->r;
    out->rsp_ats_w = c->w;
    out->rsp_ats_u = c->u;
    out->rsp_ats_g = c->g;
    out->rsp_ats_size = (uint8_t)log2_of(c->size);
}

void ats_cpl_from_outputs(const iommu_outputs_t *out, ats_completion_t *c)
{
    *c = (ats_completion_t){0};
    c->status = out->rsp_ats_status == 1 ? ATS_UR : out->rsp_ats_status == 2 ? ATS_CA : ATS_SUCCESS;
    c->priv = out->rsp_ats_priv;
    if (c->status != ATS_SUCCESS)
        return;
    c->pa = out->rsp_pa;
    c->size = out->rsp_ats_size < 64 ? 1ull << out->rsp_ats_size : 0;
    c->r = out->rsp_ats_r;
    c->w = out->rsp_ats_w;
    c->u = out->rsp_ats_u;
    c->g = out->rsp_ats_g;
}
