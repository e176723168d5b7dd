// RISC-V IOMMU, first slice: top level. Wires one module per spec concept: the register file
// (iommu_regs), the translation controller (iommu_xlate) and the blocks it hands a translation to
// (iommu_ddt_fetch, iommu_pagewalk, iommu_fault_queue), the memory arbiter in front of the memory
// master (iommu_mem_arb) and the IOTLB (iommu_iotlb). Ports: docs/microarch.md section 2 (C mirror:
// cmodel/iommu_port.h).

module iommu_top
  import iommu_pkg::*;
(
  input  logic                 clk_i,
  input  logic                 rst_ni,

  // Translation request
  input  logic                 req_valid_i,
  output logic                 req_ready_o,
  input  logic [DidW-1:0]      req_did_i,
  input  logic                 req_pv_i,
  input  logic [PidW-1:0]      req_pid_i,
  input  logic                 req_priv_i,
  input  logic [TtypW-1:0]     req_ttyp_i,
  input  logic [63:0]          req_iova_i,
  input  logic [TagW-1:0]      req_tag_i,

  // Translation response
  output logic                 rsp_valid_o,
  input  logic                 rsp_ready_i,
  output logic [TagW-1:0]      rsp_tag_o,
  output logic                 rsp_fault_o,
  output logic [CauseW-1:0]    rsp_cause_o,
  output logic [63:0]          rsp_pa_o,
  output logic                 rsp_mrif_o,
  output logic [63:0]          rsp_mrif_addr_o,
  output logic [63:0]          rsp_notice_addr_o,
  output logic [31:0]          rsp_notice_data_o,

  // Memory master
  output logic                 mem_req_valid_o,
  input  logic                 mem_req_ready_i,
  output logic [1:0]           mem_req_op_o,
  output logic [63:0]          mem_req_addr_o,
  output logic [63:0]          mem_req_wdata_o,
  output logic [63:0]          mem_req_cmp_o,
  output logic [7:0]           mem_req_be_o,
  input  logic                 mem_rsp_valid_i,
  output logic                 mem_rsp_ready_o,
  input  logic [63:0]          mem_rsp_rdata_i,
  input  logic [1:0]           mem_rsp_err_i,

  // Register slave
  input  logic                 reg_req_valid_i,
  output logic                 reg_req_ready_o,
  input  logic                 reg_req_write_i,
  input  logic [RegAddrW-1:0]  reg_req_addr_i,
  input  logic                 reg_req_size8_i,
  input  logic [63:0]          reg_req_wdata_i,
  output logic                 reg_rsp_valid_o,
  input  logic                 reg_rsp_ready_i,
  output logic [63:0]          reg_rsp_rdata_o,

  // Wired interrupts
  output logic [NumWsi-1:0]    wsi_o,

  // Observation
  output logic [3:0]           obs_state_o,
  output logic                 obs_tlb_lookup_o,
  output logic                 obs_tlb_hit_o,
  output logic [IotlbWayW-1:0] obs_tlb_hit_way_o,
  output logic                 obs_tlb_fill_o,
  output logic [IotlbWayW-1:0] obs_tlb_fill_way_o,
  output logic                 obs_tlb_evict_o,
  output logic [1:0]           obs_walk_level_o
);

  // Register file <-> translation engine
  xlate_state_e    eng_state;
  logic            fq_commit, fq_of_set, fq_mf_set;
  logic            ddtp_busy;
  logic [3:0]      ddtp_mode;
  logic [PpnW-1:0] ddtp_ppn;
  logic [PpnW-1:0] fqb_ppn;
  logic [4:0]      fqb_log2szm1;
  logic [31:0]     fqh, fqt;
  logic            fqon, fqmf, fqof;

  // Translation controller -> blocks: the accepted request
  logic [DidW-1:0]  xl_did;
  logic             xl_pv;
  logic [PidW-1:0]  xl_pid;
  logic             xl_priv;
  logic [TtypW-1:0] xl_ttyp;
  logic [63:0]      xl_iova;

  // Translation controller <-> device-context fetch
  logic             ddt_start, ddt_done, ddt_fault;
  logic [CauseW-1:0] ddt_cause;
  device_context_t  ddt_dc;
  xlate_state_e     ddt_state;

  // Translation controller <-> page-table walker
  logic             walk_start, walk_done, walk_fault, walk_leaf_ok;
  logic [PpnW-1:0]  walk_root_ppn;
  logic [CauseW-1:0] walk_cause;
  logic [63:0]      walk_pa;
  sv39_pte_t        walk_leaf;
  logic [1:0]       walk_level;
  xlate_state_e     walk_state;

  // Translation controller <-> fault-queue writer
  logic             fq_start, fq_dtf, fq_done;
  logic [CauseW-1:0] fq_cause;
  xlate_state_e     fq_state;

  // Blocks <-> memory arbiter
  mem_req_t [MemClients-1:0] mem_client_req;
  logic     [MemClients-1:0] mem_client_ready;
  mem_rsp_t [MemClients-1:0] mem_client_rsp;

  // Translation controller <-> IOTLB
  logic            tlb_lookup, tlb_hit, tlb_fill;
  logic [DidW-1:0] tlb_did;
  logic [63:0]     tlb_iova;
  iotlb_entry_t    tlb_hit_entry, tlb_fill_entry;

  iommu_regs u_regs (
    .clk_i,
    .rst_ni,
    .reg_req_valid_i,
    .reg_req_ready_o,
    .reg_req_write_i,
    .reg_req_addr_i,
    .reg_req_size8_i,
    .reg_req_wdata_i,
    .reg_rsp_valid_o,
    .reg_rsp_ready_i,
    .reg_rsp_rdata_o,
    .wsi_o,
    .eng_state_i    (eng_state),
    .fq_commit_i    (fq_commit),
    .fq_of_set_i    (fq_of_set),
    .fq_mf_set_i    (fq_mf_set),
    .ddtp_busy_o    (ddtp_busy),
    .ddtp_mode_o    (ddtp_mode),
    .ddtp_ppn_o     (ddtp_ppn),
    .fqb_ppn_o      (fqb_ppn),
    .fqb_log2szm1_o (fqb_log2szm1),
    .fqh_o          (fqh),
    .fqt_o          (fqt),
    .fqon_o         (fqon),
    .fqmf_o         (fqmf),
    .fqof_o         (fqof)
  );

  iommu_xlate u_xlate (
    .clk_i,
    .rst_ni,
    .req_valid_i,
    .req_ready_o,
    .req_did_i,
    .req_pv_i,
    .req_pid_i,
    .req_priv_i,
    .req_ttyp_i,
    .req_iova_i,
    .req_tag_i,
    .rsp_valid_o,
    .rsp_ready_i,
    .rsp_tag_o,
    .rsp_fault_o,
    .rsp_cause_o,
    .rsp_pa_o,
    .ddtp_busy_i      (ddtp_busy),
    .ddtp_mode_i      (ddtp_mode),
    .did_o            (xl_did),
    .pv_o             (xl_pv),
    .pid_o            (xl_pid),
    .priv_o           (xl_priv),
    .ttyp_o           (xl_ttyp),
    .iova_o           (xl_iova),
    .ddt_start_o      (ddt_start),
    .ddt_done_i       (ddt_done),
    .ddt_fault_i      (ddt_fault),
    .ddt_cause_i      (ddt_cause),
    .ddt_dc_i         (ddt_dc),
    .ddt_state_i      (ddt_state),
    .walk_start_o     (walk_start),
    .walk_root_ppn_o  (walk_root_ppn),
    .walk_done_i      (walk_done),
    .walk_fault_i     (walk_fault),
    .walk_cause_i     (walk_cause),
    .walk_pa_i        (walk_pa),
    .walk_leaf_ok_i   (walk_leaf_ok),
    .walk_leaf_i      (walk_leaf),
    .walk_level_i     (walk_level),
    .walk_state_i     (walk_state),
    .fq_start_o       (fq_start),
    .fq_cause_o       (fq_cause),
    .fq_dtf_o         (fq_dtf),
    .fq_done_i        (fq_done),
    .fq_state_i       (fq_state),
    .tlb_lookup_o     (tlb_lookup),
    .tlb_did_o        (tlb_did),
    .tlb_iova_o       (tlb_iova),
    .tlb_hit_i        (tlb_hit),
    .tlb_hit_entry_i  (tlb_hit_entry),
    .tlb_fill_o       (tlb_fill),
    .tlb_fill_entry_o (tlb_fill_entry),
    .state_o          (eng_state)
  );

  iommu_ddt_fetch u_ddt_fetch (
    .clk_i,
    .rst_ni,
    .start_i         (ddt_start),
    .did_i           (xl_did[6:0]),
    .ddtp_ppn_i      (ddtp_ppn),
    .mem_req_o       (mem_client_req[MemClientDdt]),
    .mem_req_ready_i (mem_client_ready[MemClientDdt]),
    .mem_rsp_i       (mem_client_rsp[MemClientDdt]),
    .done_o          (ddt_done),
    .fault_o         (ddt_fault),
    .cause_o         (ddt_cause),
    .dc_o            (ddt_dc),
    .state_o         (ddt_state)
  );

  iommu_pagewalk u_pagewalk (
    .clk_i,
    .rst_ni,
    .start_i         (walk_start),
    .root_ppn_i      (walk_root_ppn),
    .va_i            (xl_iova[PgOffW+3*VpnW-1:0]),
    .ttyp_i          (xl_ttyp),
    .pv_i            (xl_pv),
    .priv_i          (xl_priv),
    .mem_req_o       (mem_client_req[MemClientWalk]),
    .mem_req_ready_i (mem_client_ready[MemClientWalk]),
    .mem_rsp_i       (mem_client_rsp[MemClientWalk]),
    .done_o          (walk_done),
    .fault_o         (walk_fault),
    .cause_o         (walk_cause),
    .pa_o            (walk_pa),
    .leaf_ok_o       (walk_leaf_ok),
    .leaf_o          (walk_leaf),
    .level_o         (walk_level),
    .state_o         (walk_state),
    .walk_level_o    (obs_walk_level_o)
  );

  iommu_fault_queue u_fault_queue (
    .clk_i,
    .rst_ni,
    .start_i         (fq_start),
    .cause_i         (fq_cause),
    .dtf_i           (fq_dtf),
    .did_i           (xl_did),
    .pv_i            (xl_pv),
    .pid_i           (xl_pid),
    .priv_i          (xl_priv),
    .ttyp_i          (xl_ttyp),
    .iova_i          (xl_iova),
    .fqb_ppn_i       (fqb_ppn),
    .fqb_log2szm1_i  (fqb_log2szm1),
    .fqh_i           (fqh),
    .fqt_i           (fqt),
    .fqon_i          (fqon),
    .fqmf_i          (fqmf),
    .fqof_i          (fqof),
    .fq_commit_o     (fq_commit),
    .fq_of_set_o     (fq_of_set),
    .fq_mf_set_o     (fq_mf_set),
    .mem_req_o       (mem_client_req[MemClientFq]),
    .mem_req_ready_i (mem_client_ready[MemClientFq]),
    .mem_rsp_i       (mem_client_rsp[MemClientFq]),
    .done_o          (fq_done),
    .state_o         (fq_state)
  );

  iommu_mem_arb #(
    .NumClients (MemClients)
  ) u_mem_arb (
    .clk_i,
    .rst_ni,
    .client_req_i    (mem_client_req),
    .client_ready_o  (mem_client_ready),
    .client_rsp_o    (mem_client_rsp),
    .mem_req_valid_o,
    .mem_req_ready_i,
    .mem_req_op_o,
    .mem_req_addr_o,
    .mem_req_wdata_o,
    .mem_req_be_o,
    .mem_rsp_valid_i,
    .mem_rsp_rdata_i,
    .mem_rsp_err_i
  );

  iommu_iotlb u_iotlb (
    .clk_i,
    .rst_ni,
    .lookup_i       (tlb_lookup),
    .lookup_did_i   (tlb_did),
    .lookup_iova_i  (tlb_iova),
    .hit_o          (tlb_hit),
    .hit_entry_o    (tlb_hit_entry),
    .fill_i         (tlb_fill),
    .fill_entry_i   (tlb_fill_entry),
    .obs_lookup_o   (obs_tlb_lookup_o),
    .obs_hit_o      (obs_tlb_hit_o),
    .obs_hit_way_o  (obs_tlb_hit_way_o),
    .obs_fill_o     (obs_tlb_fill_o),
    .obs_fill_way_o (obs_tlb_fill_way_o),
    .obs_evict_o    (obs_tlb_evict_o)
  );

  assign obs_state_o = eng_state;

  // No MSI translation in this version; no compare-and-swap (no hardware A/D update).
  assign rsp_mrif_o        = 1'b0;
  assign rsp_mrif_addr_o   = '0;
  assign rsp_notice_addr_o = '0;
  assign rsp_notice_data_o = '0;
  assign mem_req_cmp_o     = '0;

  // Responses are always accepted.
  assign mem_rsp_ready_o   = 1'b1;

endmodule
