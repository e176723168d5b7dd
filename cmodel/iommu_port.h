/* The ports of iommu_top as C structs: one struct for every input, one for every output.
 * This header is the single source of truth shared by the timing layer (cmodel/), the Verilator shim
 * and the lockstep checker (tb/). Field names are the RTL port names without the _i / _o suffix; widths
 * and meanings are in docs/microarch.md section 2. Unused high bits of a field are always 0. */
#ifndef IOMMU_PORT_H
#define IOMMU_PORT_H

#include <stdint.h>

/* Transaction types on req_ttyp, encoded as the fault record's TTYP field. */
enum iommu_ttyp {
    IOMMU_TTYP_NONE = 0,
    IOMMU_TTYP_UNTRANSLATED_EXEC = 1,
    IOMMU_TTYP_UNTRANSLATED_READ = 2,
    IOMMU_TTYP_UNTRANSLATED_WRITE = 3,
    IOMMU_TTYP_TRANSLATED_EXEC = 5,
    IOMMU_TTYP_TRANSLATED_READ = 6,
    IOMMU_TTYP_TRANSLATED_WRITE = 7,
    IOMMU_TTYP_ATS_TRANSLATION = 8,
};

/* mem_req_op encodings. */
enum iommu_mem_op { IOMMU_MEM_READ = 0, IOMMU_MEM_WRITE = 1, IOMMU_MEM_CAS = 2 };

/* mem_rsp_err encodings. */
enum iommu_mem_err { IOMMU_MEM_OK = 0, IOMMU_MEM_ACCESS_FAULT = 1, IOMMU_MEM_DATA_CORRUPTION = 2 };

typedef struct {
    uint8_t rst_n;
    /* translation request */
    uint8_t req_valid;
    uint32_t req_did;   /* 24 bits */
    uint8_t req_pv;
    uint32_t req_pid;   /* 20 bits */
    uint8_t req_priv;
    uint8_t req_ttyp;   /* 4 bits, enum iommu_ttyp */
    uint64_t req_iova;
    uint16_t req_tag;
    /* translation response */
    uint8_t rsp_ready;
    /* memory master */
    uint8_t mem_req_ready;
    uint8_t mem_rsp_valid;
    uint64_t mem_rsp_rdata;
    uint8_t mem_rsp_err; /* enum iommu_mem_err */
    /* register slave */
    uint8_t reg_req_valid;
    uint8_t reg_req_write;
    uint16_t reg_req_addr; /* 12 bits */
    uint8_t reg_req_size8;
    uint64_t reg_req_wdata;
    uint8_t reg_rsp_ready;
} iommu_inputs_t;

typedef struct {
    /* translation request */
    uint8_t req_ready;
    /* translation response */
    uint8_t rsp_valid;
    uint16_t rsp_tag;
    uint8_t rsp_fault;
    uint16_t rsp_cause; /* 12 bits */
    uint64_t rsp_pa;
    uint8_t rsp_mrif;
    uint64_t rsp_mrif_addr;
    uint64_t rsp_notice_addr;
    uint32_t rsp_notice_data;
    /* memory master */
    uint8_t mem_req_valid;
    uint8_t mem_req_op;  /* 2 bits, enum iommu_mem_op */
    uint64_t mem_req_addr;
    uint64_t mem_req_wdata;
    uint64_t mem_req_cmp;
    uint8_t mem_req_be;
    uint8_t mem_rsp_ready;
    /* register slave */
    uint8_t reg_req_ready;
    uint8_t reg_rsp_valid;
    uint64_t reg_rsp_rdata;
    /* wired interrupts */
    uint16_t wsi;
    /* observation port */
    uint8_t obs_state;   /* 4 bits, docs/microarch.md section 5 */
    uint8_t obs_tlb_lookup;
    uint8_t obs_tlb_hit;
    uint8_t obs_tlb_hit_way;  /* 3 bits */
    uint8_t obs_tlb_fill;
    uint8_t obs_tlb_fill_way; /* 3 bits */
    uint8_t obs_tlb_evict;
    uint8_t obs_walk_level;   /* 2 bits */
} iommu_outputs_t;

/* Engine state codes shown on obs_state (docs/microarch.md section 5). */
enum iommu_engine_state {
    IOMMU_ST_IDLE = 0,
    IOMMU_ST_LOOKUP = 1,
    IOMMU_ST_DC_REQ = 2,
    IOMMU_ST_DC_WAIT = 3,
    IOMMU_ST_DC_CHECK = 4,
    IOMMU_ST_PTE_REQ = 5,
    IOMMU_ST_PTE_WAIT = 6,
    IOMMU_ST_PTE_CHECK = 7,
    IOMMU_ST_FAULT = 8,
    IOMMU_ST_FQ_REQ = 9,
    IOMMU_ST_FQ_WAIT = 10,
    IOMMU_ST_RESPOND = 11,
};

#endif
