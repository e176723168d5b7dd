// Bench-only wrapper of iommu_top, the top that the bench Verilates. It adds, for every output port X_o of
// iommu_top, an input model_X_i that the bench drives with the golden model's value of X for the same
// cycle, and a signal `mismatch` that is 1 whenever any output differs from the model. They exist only so
// that the waveform of a mismatch shows the expected (model) value under every actual (RTL) value; the
// DUT never sees them. Not part of the RTL: rtl/ stays the synthesizable design, linted on its own.

module iommu_tb_top
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
  output logic [1:0]           obs_walk_level_o,

  // The golden model's value of every output above, for the waveform
  input  logic                 model_req_ready_i,
  input  logic                 model_rsp_valid_i,
  input  logic [TagW-1:0]      model_rsp_tag_i,
  input  logic                 model_rsp_fault_i,
  input  logic [CauseW-1:0]    model_rsp_cause_i,
  input  logic [63:0]          model_rsp_pa_i,
  input  logic                 model_rsp_mrif_i,
  input  logic [63:0]          model_rsp_mrif_addr_i,
  input  logic [63:0]          model_rsp_notice_addr_i,
  input  logic [31:0]          model_rsp_notice_data_i,
  input  logic                 model_mem_req_valid_i,
  input  logic [1:0]           model_mem_req_op_i,
  input  logic [63:0]          model_mem_req_addr_i,
  input  logic [63:0]          model_mem_req_wdata_i,
  input  logic [63:0]          model_mem_req_cmp_i,
  input  logic [7:0]           model_mem_req_be_i,
  input  logic                 model_mem_rsp_ready_i,
  input  logic                 model_reg_req_ready_i,
  input  logic                 model_reg_rsp_valid_i,
  input  logic [63:0]          model_reg_rsp_rdata_i,
  input  logic [NumWsi-1:0]    model_wsi_i,
  input  logic [3:0]           model_obs_state_i,
  input  logic                 model_obs_tlb_lookup_i,
  input  logic                 model_obs_tlb_hit_i,
  input  logic [IotlbWayW-1:0] model_obs_tlb_hit_way_i,
  input  logic                 model_obs_tlb_fill_i,
  input  logic [IotlbWayW-1:0] model_obs_tlb_fill_way_i,
  input  logic                 model_obs_tlb_evict_i,
  input  logic [1:0]           model_obs_walk_level_i,
  output logic                 mismatch_o
);

  iommu_top u_dut (.*);

  assign mismatch_o =
      {req_ready_o, rsp_valid_o, rsp_tag_o, rsp_fault_o, rsp_cause_o, rsp_pa_o, rsp_mrif_o, rsp_mrif_addr_o,
       rsp_notice_addr_o, rsp_notice_data_o, mem_req_valid_o, mem_req_op_o, mem_req_addr_o, mem_req_wdata_o,
       mem_req_cmp_o, mem_req_be_o, mem_rsp_ready_o, reg_req_ready_o, reg_rsp_valid_o, reg_rsp_rdata_o, wsi_o,
       obs_state_o, obs_tlb_lookup_o, obs_tlb_hit_o, obs_tlb_hit_way_o, obs_tlb_fill_o, obs_tlb_fill_way_o,
       obs_tlb_evict_o, obs_walk_level_o} !=
      {model_req_ready_i, model_rsp_valid_i, model_rsp_tag_i, model_rsp_fault_i, model_rsp_cause_i,
       model_rsp_pa_i, model_rsp_mrif_i, model_rsp_mrif_addr_i, model_rsp_notice_addr_i,
       model_rsp_notice_data_i, model_mem_req_valid_i, model_mem_req_op_i, model_mem_req_addr_i,
       model_mem_req_wdata_i, model_mem_req_cmp_i, model_mem_req_be_i, model_mem_rsp_ready_i,
       model_reg_req_ready_i, model_reg_rsp_valid_i, model_reg_rsp_rdata_i, model_wsi_i, model_obs_state_i,
       model_obs_tlb_lookup_i, model_obs_tlb_hit_i, model_obs_tlb_hit_way_i, model_obs_tlb_fill_i,
       model_obs_tlb_fill_way_i, model_obs_tlb_evict_i, model_obs_walk_level_i};

endmodule
