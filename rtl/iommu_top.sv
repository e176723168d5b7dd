// RISC-V IOMMU, first slice: top level. Wires the register file, the translation engine and the
// IOTLB. Ports: docs/microarch.md section 2 (C mirror: cmodel/iommu_port.h).

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

  // Register file <-> engine
  xlate_state_e    eng_state;
  logic            fq_commit, fq_of_set, fq_mf_set;
  logic            ddtp_busy;
  logic [3:0]      ddtp_mode;
  logic [PpnW-1:0] ddtp_ppn;
  logic [PpnW-1:0] fqb_ppn;
  logic [4:0]      fqb_log2szm1;
  logic [31:0]     fqh, fqt;
  logic            fqon, fqmf, fqof;

  // Engine <-> IOTLB
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
    .mem_req_valid_o,
    .mem_req_ready_i,
    .mem_req_op_o,
    .mem_req_addr_o,
    .mem_req_wdata_o,
    .mem_req_be_o,
    .mem_rsp_valid_i,
    .mem_rsp_rdata_i,
    .mem_rsp_err_i,
    .ddtp_busy_i      (ddtp_busy),
    .ddtp_mode_i      (ddtp_mode),
    .ddtp_ppn_i       (ddtp_ppn),
    .fqb_ppn_i        (fqb_ppn),
    .fqb_log2szm1_i   (fqb_log2szm1),
    .fqh_i            (fqh),
    .fqt_i            (fqt),
    .fqon_i           (fqon),
    .fqmf_i           (fqmf),
    .fqof_i           (fqof),
    .fq_commit_o      (fq_commit),
    .fq_of_set_o      (fq_of_set),
    .fq_mf_set_o      (fq_mf_set),
    .tlb_lookup_o     (tlb_lookup),
    .tlb_did_o        (tlb_did),
    .tlb_iova_o       (tlb_iova),
    .tlb_hit_i        (tlb_hit),
    .tlb_hit_entry_i  (tlb_hit_entry),
    .tlb_fill_o       (tlb_fill),
    .tlb_fill_entry_o (tlb_fill_entry),
    .state_o          (eng_state),
    .walk_level_o     (obs_walk_level_o)
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
