// Memory-mapped register file of the IOMMU: capabilities, fctl, ddtp (with busy handshake),
// cqb, cqh, cqt, cqcsr (with busy handshake), fqb, fqh, fqt, fqcsr (with busy handshake), ipsr,
// icvec and the MSI configuration table; wired interrupts and the MSI pending-vector sets (the
// pending vectors themselves live in iommu_msi); the cache flush of a ddtp change.
// Timing: docs/microarch.md sections 3 and 4. Every other offset reads 0 and ignores writes.

module iommu_regs
  import iommu_pkg::*;
  import iommu_cfg_pkg::*;
(
  input  logic                clk_i,
  input  logic                rst_ni,

  // Register slave (request / response)
  input  logic                reg_req_valid_i,
  output logic                reg_req_ready_o,
  input  logic                reg_req_write_i,
  input  logic [RegAddrW-1:0] reg_req_addr_i,
  input  logic                reg_req_size8_i,
  input  logic [63:0]         reg_req_wdata_i,
  output logic                reg_rsp_valid_o,
  input  logic                reg_rsp_ready_i,
  output logic [63:0]         reg_rsp_rdata_o,

  // Wired interrupts
  output logic [NumWsi-1:0]   wsi_o,

  // MSI (section 4.3): vectors that become pending at this edge, and the configuration table
  output logic [MsiVecs-1:0]  msi_pend_set_o,
  output logic [MsiVecs-1:0][MsiAddrW-1:0] msi_addr_o,
  output logic [MsiVecs-1:0][31:0]         msi_data_o,
  output logic [MsiVecs-1:0]  msi_mask_o,
  output logic                fctl_wsi_o,
  output logic                fctl_be_o,    // version 10 (section 5.8): the registered fctl.BE, fctl.GXL
  output logic                fctl_gxl_o,

  // Translation engine: state (for the busy handshakes) and fault-queue events
  input  xlate_state_e        eng_state_i,
  input  logic                fq_commit_i,   // a fault record is committed at this edge
  input  logic                fq_of_set_i,   // fault queue overflow detected at this edge
  input  logic                fq_mf_set_i,   // fault queue memory fault at this edge

  // Command processor events at this edge
  input  logic                cqh_inc_i,
  input  logic                cqmf_set_i,
  input  logic                cmd_ill_set_i,
  input  logic                fence_w_ip_set_i,

  // Configuration seen by the translation engine
  output logic                ddtp_busy_o,
  output logic [3:0]          ddtp_mode_o,   // active ddtp.iommu_mode
  output logic [PpnW-1:0]     ddtp_ppn_o,    // active ddtp.PPN
  output logic                cache_flush_o, // ddtp.busy clears at this edge: flush the caches
  output logic [PpnW-1:0]     cqb_ppn_o,
  output logic [31:0]         cqh_o,
  output logic                cq_runnable_o, // a command is runnable (section 5.1, StIdle)
  output logic [PpnW-1:0]     fqb_ppn_o,
  output logic [4:0]          fqb_log2szm1_o,
  output logic [31:0]         fqh_o,
  output logic [31:0]         fqt_o,
  output logic                fqon_o,
  output logic                fqmf_o,
  output logic                fqof_o,

  // Version 9 (docs/microarch.md 5.7): events for the performance monitor (a request accepted at this
  // edge), the debug translation request and its completion
  input  logic                hpm_ev_valid_i,
  input  logic [1:0]          hpm_ev_id_i,
  input  logic [DidW-1:0]     hpm_ev_did_i,
  input  logic                hpm_ev_pv_i,
  input  logic [PidW-1:0]     hpm_ev_pid_i,
  output logic                dbg_go_o,      // tr_req_ctl.Go/Busy
  output tr_req_ctl_t         dbg_ctl_o,
  output logic [63:0]         dbg_iova_o,    // tr_req_iova
  input  logic                dbg_done_i,    // the debug translation completes at this edge
  input  logic                dbg_fault_i,
  input  logic [PpnW-1:0]     dbg_ppn_i,
  input  logic [1:0]          dbg_pbmt_i,   // version 10: tr_response.PBMT (section 5.8)

  // Version 11 (docs/microarch.md 5.9): the page-request queue and its events at this edge, the
  // command-queue events of the ATS commands (cmd_to, cq_wait) and the ATS inputs that clear cq_wait
  input  logic                pq_commit_i,
  input  logic                pq_of_set_i,
  input  logic                pq_mf_set_i,
  output logic [PpnW-1:0]     pqb_ppn_o,
  output logic [4:0]          pqb_log2szm1_o,
  output logic [31:0]         pqh_o,
  output logic [31:0]         pqt_o,
  output logic                pqen_o,
  output logic                pqon_o,
  output logic                pqmf_o,
  output logic                pqof_o,
  input  logic                cmd_to_set_i,
  input  logic                cq_wait_set_i,
  input  logic                icpl_valid_i,
  input  logic                ats_timeout_i,
  output logic                cqon_fall_o    // cqon goes 1 -> 0 at this edge (the ITags are freed)
);

  ///////////////
  // Registers //
  ///////////////

  // Register slave response
  logic            rsp_valid_q, rsp_valid_d;
  logic [63:0]     rsp_rdata_q, rsp_rdata_d;

  // ddtp: software-visible (stored) value, busy, and the active value used by the engine
  logic [3:0]      ddtp_mode_q, ddtp_mode_d;
  logic [PpnW-1:0] ddtp_ppn_q, ddtp_ppn_d;
  logic            ddtp_busy_q, ddtp_busy_d;
  logic [3:0]      act_mode_q, act_mode_d;
  logic [PpnW-1:0] act_ppn_q, act_ppn_d;

  // Command queue
  logic [PpnW-1:0] cqb_ppn_q, cqb_ppn_d;
  logic [4:0]      cqb_log2szm1_q, cqb_log2szm1_d;
  logic [31:0]     cqh_q, cqh_d;
  logic [31:0]     cqt_q, cqt_d;
  logic            cqen_q, cqen_d;
  logic            cie_q, cie_d;
  logic            cqmf_q, cqmf_d;
  logic            cmd_to_q, cmd_to_d;
  logic            cmd_ill_q, cmd_ill_d;
  logic            fence_w_ip_q, fence_w_ip_d;
  logic            cqon_q, cqon_d;
  logic            cq_busy_q, cq_busy_d;

  // Fault queue
  logic [PpnW-1:0] fqb_ppn_q, fqb_ppn_d;
  logic [4:0]      fqb_log2szm1_q, fqb_log2szm1_d;
  logic [31:0]     fqh_q, fqh_d;
  logic [31:0]     fqt_q, fqt_d;
  logic            fqen_q, fqen_d;
  logic            fie_q, fie_d;
  logic            fqmf_q, fqmf_d;
  logic            fqof_q, fqof_d;
  logic            fqon_q, fqon_d;
  logic            fq_busy_q, fq_busy_d;

  // Interrupts
  logic            fip_q, fip_d;
  logic            cip_q, cip_d;
  logic [15:0]     icvec_q, icvec_d;  // civ, fiv, pmiv, piv
  logic            wsi_q, wsi_d;      // fctl.WSI
  logic            be_q, be_d;        // fctl.BE (version 10; constant 0 unless writable)
  logic            gxl_q, gxl_d;      // fctl.GXL (version 10; constant 0 unless writable)

  // Version 9: ipsr.pmip, the debug translation interface, iommu_qosid
  logic            pmip_q, pmip_d;
  logic [51:0]     tr_iova_q, tr_iova_d;
  tr_req_ctl_t     tr_ctl_q, tr_ctl_d;
  tr_response_t    tr_rsp_q, tr_rsp_d;
  logic [11:0]     rcid_q, rcid_d;
  logic [11:0]     mcid_q, mcid_d;

  // Version 11: the page-request queue, ipsr.pip, and the command queue's wait for an ITag
  logic [PpnW-1:0] pqb_ppn_q, pqb_ppn_d;
  logic [4:0]      pqb_log2szm1_q, pqb_log2szm1_d;
  logic [31:0]     pqh_q, pqh_d;
  logic [31:0]     pqt_q, pqt_d;
  logic            pqen_q, pqen_d;
  logic            pie_q, pie_d;
  logic            pqmf_q, pqmf_d;
  logic            pqof_q, pqof_d;
  logic            pqon_q, pqon_d;
  logic            pq_busy_q, pq_busy_d;
  logic            pip_q, pip_d;
  logic            cq_wait_q, cq_wait_d;

  // MSI configuration table (spec "msi_cfg_tbl")
  logic [MsiVecs-1:0][MsiAddrW-1:0] msi_addr_q, msi_addr_d;
  logic [MsiVecs-1:0][31:0]         msi_data_q, msi_data_d;
  logic [MsiVecs-1:0]               msi_mask_q, msi_mask_d;

  ////////////////////
  // Access decoding //
  ////////////////////

  logic        req_fire;
  logic        wr_lo, wr_hi;     // the access writes the low / high 4-byte half of the window
  logic [63:0] wdata;            // write data placed at its position in the 8-byte window
  logic [8:0]  win;              // 8-byte window index (offset[11:3])
  logic [63:0] win_rdata;        // read value of the whole window (before the edge)
  logic [63:0] rdata;
  logic        msi_win;          // the window is in msi_cfg_tbl
  logic [MsiVecW-1:0] msi_idx;   // its vector

  assign req_fire = reg_req_valid_i & reg_req_ready_o;
  assign win      = reg_req_addr_i[RegAddrW-1:3];
  assign wr_lo    = req_fire & reg_req_write_i & (reg_req_size8_i | ~reg_req_addr_i[2]);
  assign wr_hi    = req_fire & reg_req_write_i & (reg_req_size8_i | reg_req_addr_i[2]);
  assign wdata    = reg_req_size8_i ? reg_req_wdata_i
                                    : {reg_req_wdata_i[31:0], reg_req_wdata_i[31:0]};
  assign msi_win  = (win >= RegMsiAddr[RegAddrW-1:3]) &&
                    (win < (RegMsiAddr[RegAddrW-1:3] + 9'(2 * MsiVecs)));
  assign msi_idx  = win[MsiVecW:1];

  // Current register images in specification layout
  ddtp_t    ddtp_img;
  cqb_t     cqb_img;
  cqcsr_t   cqcsr_img;
  fqb_t     fqb_img;
  pqb_t     pqb_img;
  pqcsr_t   pqcsr_img;
  fqcsr_t   fqcsr_img;
  ipsr_t    ipsr_img;
  icvec_t   icvec_img;

  always_comb begin
    ddtp_img            = '0;
    ddtp_img.iommu_mode = ddtp_mode_q;
    ddtp_img.busy       = ddtp_busy_q;
    ddtp_img.ppn        = ddtp_ppn_q;

    cqb_img             = '0;
    cqb_img.log2szm1    = cqb_log2szm1_q;
    cqb_img.ppn         = cqb_ppn_q;

    cqcsr_img            = '0;
    cqcsr_img.cqen       = cqen_q;
    cqcsr_img.cie        = cie_q;
    cqcsr_img.cqmf       = cqmf_q;
    cqcsr_img.cmd_to     = cmd_to_q;
    cqcsr_img.cmd_ill    = cmd_ill_q;
    cqcsr_img.fence_w_ip = fence_w_ip_q;
    cqcsr_img.cqon       = cqon_q;
    cqcsr_img.busy       = cq_busy_q;

    fqb_img             = '0;
    fqb_img.log2szm1    = fqb_log2szm1_q;
    fqb_img.ppn         = fqb_ppn_q;

    fqcsr_img           = '0;
    fqcsr_img.fqen      = fqen_q;
    fqcsr_img.fie       = fie_q;
    fqcsr_img.fqmf      = fqmf_q;
    fqcsr_img.fqof      = fqof_q;
    fqcsr_img.fqon      = fqon_q;
    fqcsr_img.busy      = fq_busy_q;

    ipsr_img            = '0;
    ipsr_img.fip        = fip_q;
    ipsr_img.cip        = cip_q;
    ipsr_img.pmip       = pmip_q;
    ipsr_img.pip        = pip_q;

    pqb_img             = '0;
    pqb_img.log2szm1    = pqb_log2szm1_q;
    pqb_img.ppn         = pqb_ppn_q;

    pqcsr_img           = '0;
    pqcsr_img.pqen      = pqen_q;
    pqcsr_img.pie       = pie_q;
    pqcsr_img.pqmf      = pqmf_q;
    pqcsr_img.pqof      = pqof_q;
    pqcsr_img.pqon      = pqon_q;
    pqcsr_img.busy      = pq_busy_q;

    icvec_img           = '0;
    icvec_img.civ       = icvec_q[3:0];
    icvec_img.fiv       = icvec_q[7:4];
    icvec_img.pmiv      = icvec_q[11:8];
    icvec_img.piv       = icvec_q[15:12];
  end

  // Read mux over 8-byte windows; an 8-byte access to a pair of 4-byte registers reads both.
  always_comb begin
    win_rdata = '0;
    unique case (win)
      RegCapabilities[RegAddrW-1:3]: win_rdata = capabilities_value();
      RegFctl[RegAddrW-1:3]:         win_rdata = {32'h0, fctl_value(be_q, wsi_q, gxl_q)};
      RegDdtp[RegAddrW-1:3]:         win_rdata = ddtp_img;
      RegCqb[RegAddrW-1:3]:          win_rdata = cqb_img;
      RegCqh[RegAddrW-1:3]:          win_rdata = {cqt_q, cqh_q};
      RegFqb[RegAddrW-1:3]:          win_rdata = fqb_img;
      RegFqh[RegAddrW-1:3]:          win_rdata = {fqt_q, fqh_q};
      RegCqcsr[RegAddrW-1:3]:        win_rdata = {fqcsr_img, cqcsr_img};
      RegPqb[RegAddrW-1:3]:          win_rdata = CfgAts ? pqb_img : '0;
      RegPqh[RegAddrW-1:3]:          win_rdata = CfgAts ? {pqt_q, pqh_q} : '0;
      RegPqcsr[RegAddrW-1:3]:        win_rdata = {ipsr_img, CfgAts ? pqcsr_img : 32'h0};
      RegIcvec[RegAddrW-1:3]:        win_rdata = icvec_img;
      RegTrReqIova[RegAddrW-1:3]:    win_rdata = CfgDbg ? {tr_iova_q, 12'h0} : '0;
      RegTrReqCtl[RegAddrW-1:3]:     win_rdata = CfgDbg ? tr_ctl_q : '0;
      RegTrResponse[RegAddrW-1:3]:   win_rdata = CfgDbg ? tr_rsp_q : '0;
      RegIommuQosid[RegAddrW-1:3]:   win_rdata = CfgQosid ? {36'h0, mcid_q, 4'h0, rcid_q} : '0;
      default: begin
        // The performance monitor's windows (version 9)
        if (hpm_rd_hit) win_rdata = hpm_rd_data;
        // msi_cfg_tbl: two windows per vector, msi_addr_x then {msi_vec_ctl_x, msi_data_x}.
        if (msi_win) begin
          win_rdata = win[0] ? {31'h0, msi_mask_q[msi_idx], msi_data_q[msi_idx]}
                             : {8'h0, msi_addr_q[msi_idx], 2'b00};
        end
      end
    endcase
  end

  always_comb begin
    if (reg_req_size8_i) begin
      rdata = win_rdata;
    end else if (reg_req_addr_i[2]) begin
      rdata = {32'h0, win_rdata[63:32]};
    end else begin
      rdata = {32'h0, win_rdata[31:0]};
    end
  end

  ///////////////////////
  // Next-state logic  //
  ///////////////////////

  // cqb/fqb.LOG2SZ-1 is WARL (section 3, version 10): a value v with v + 1 > max stores max - 1.
  function automatic logic [4:0] log2sz_warl(logic [4:0] v, int max);
    return (int'(v) + 1 > max) ? 5'(max - 1) : v;
  endfunction

  // Queue index mask of a queue with 2^(log2szm1 + 1) entries.
  function automatic logic [31:0] fq_mask(logic [4:0] log2szm1);
    return 32'hFFFF_FFFF >> (5'd31 - log2szm1);
  endfunction

  logic  eng_in_cmd;     // the engine is in a command state (StCqReq .. StFenceWait)
  assign eng_in_cmd = eng_state_i inside {StCqReq, StCqWait, StCmdExec, StFenceReq, StFenceWait};

  logic  ddtp_wr;        // a write touches ddtp (either half)
  ddtp_t ddtp_wr_val;    // ddtp after merging the written half(s)
  logic  fqcsr_wr;       // a write touches fqcsr and is not ignored
  logic  fqon_rise;      // fqon goes 0 -> 1 at this edge
  logic  fip_sw_clear;
  logic  cqcsr_wr;       // a write touches cqcsr and is not ignored
  logic  cqon_rise;      // cqon goes 0 -> 1 at this edge
  logic  cip_sw_clear;
  logic  pmip_sw_clear;
  logic  pip_sw_clear;
  logic  hpm_ovf;        // a performance counter overflows at this edge (sets pmip)
  logic  hpm_rd_hit;
  logic [63:0] hpm_rd_data;

  always_comb begin
    // Defaults: hold
    rsp_valid_d    = rsp_valid_q;
    rsp_rdata_d    = rsp_rdata_q;
    ddtp_mode_d    = ddtp_mode_q;
    ddtp_ppn_d     = ddtp_ppn_q;
    ddtp_busy_d    = ddtp_busy_q;
    act_mode_d     = act_mode_q;
    act_ppn_d      = act_ppn_q;
    fqb_ppn_d      = fqb_ppn_q;
    fqb_log2szm1_d = fqb_log2szm1_q;
    fqh_d          = fqh_q;
    fqt_d          = fqt_q;
    fqen_d         = fqen_q;
    fie_d          = fie_q;
    fqmf_d         = fqmf_q;
    fqof_d         = fqof_q;
    fqon_d         = fqon_q;
    fq_busy_d      = fq_busy_q;
    fip_d          = fip_q;
    icvec_d        = icvec_q;
    wsi_d          = wsi_q;
    be_d           = be_q;
    gxl_d          = gxl_q;
    msi_addr_d     = msi_addr_q;
    msi_data_d     = msi_data_q;
    msi_mask_d     = msi_mask_q;
    fqon_rise      = 1'b0;
    fip_sw_clear   = 1'b0;
    cqb_ppn_d      = cqb_ppn_q;
    cqb_log2szm1_d = cqb_log2szm1_q;
    cqh_d          = cqh_q;
    cqt_d          = cqt_q;
    cqen_d         = cqen_q;
    cie_d          = cie_q;
    cqmf_d         = cqmf_q;
    cmd_to_d       = cmd_to_q;
    cmd_ill_d      = cmd_ill_q;
    fence_w_ip_d   = fence_w_ip_q;
    cqon_d         = cqon_q;
    cq_busy_d      = cq_busy_q;
    cip_d          = cip_q;
    cqon_rise      = 1'b0;
    cip_sw_clear   = 1'b0;
    pmip_d         = pmip_q;
    pmip_sw_clear  = 1'b0;
    pqb_ppn_d      = pqb_ppn_q;
    pqb_log2szm1_d = pqb_log2szm1_q;
    pqh_d          = pqh_q;
    pqt_d          = pqt_q;
    pqen_d         = pqen_q;
    pie_d          = pie_q;
    pqmf_d         = pqmf_q;
    pqof_d         = pqof_q;
    pqon_d         = pqon_q;
    pq_busy_d      = pq_busy_q;
    pip_d          = pip_q;
    pip_sw_clear   = 1'b0;
    cq_wait_d      = cq_wait_q;
    tr_iova_d      = tr_iova_q;
    tr_ctl_d       = tr_ctl_q;
    tr_rsp_d       = tr_rsp_q;
    rcid_d         = rcid_q;
    mcid_d         = mcid_q;

    // Register slave response (section 4)
    if (req_fire) begin
      rsp_valid_d = 1'b1;
      rsp_rdata_d = reg_req_write_i ? 64'h0 : rdata;
    end else if (rsp_valid_q && reg_rsp_ready_i) begin
      rsp_valid_d = 1'b0;
      rsp_rdata_d = 64'h0;
    end

    // ddtp: merge the written half(s); ignored while busy or with an unsupported iommu_mode.
    ddtp_wr     = (wr_lo | wr_hi) && (win == RegDdtp[RegAddrW-1:3]);
    ddtp_wr_val = ddtp_img;
    if (wr_lo) ddtp_wr_val[31:0]  = wdata[31:0];
    if (wr_hi) ddtp_wr_val[63:32] = wdata[63:32];
    if (ddtp_wr && !ddtp_busy_q &&
        (ddtp_wr_val.iommu_mode <= 4'(Ddtp3Lvl)) &&
        CfgDdtpModes[ddtp_wr_val.iommu_mode[2:0]]) begin   // the modes of the configuration file
      ddtp_mode_d = ddtp_wr_val.iommu_mode;
      ddtp_ppn_d  = ddtp_wr_val.ppn;
      // only a write of iommu_mode (bits 31:0) starts the handshake; the upper half alone is stored
      ddtp_busy_d = wr_lo;
    end
    // ddtp busy handshake (section 4.1): the active value follows once the engine is idle.
    if (ddtp_busy_q && (eng_state_i == StIdle)) begin
      act_mode_d  = ddtp_mode_q;
      act_ppn_d   = ddtp_ppn_q;
      ddtp_busy_d = 1'b0;
    end

    // cqb; a write clears the cqt bits at and above the new LOG2SZ.
    if (win == RegCqb[RegAddrW-1:3]) begin
      if (wr_lo) begin
        cqb_log2szm1_d        = log2sz_warl(wdata[4:0], CfgCqLog2szMax);
        cqb_ppn_d[21:0]       = wdata[31:10];
      end
      if (wr_hi) begin
        cqb_ppn_d[PpnW-1:22]  = wdata[53:32];
      end
      if (wr_lo || wr_hi) begin
        cqt_d = cqt_q & fq_mask(cqb_log2szm1_d);
      end
    end

    // cqt (high half of its window; cqh in the low half is read-only)
    if ((win == RegCqt[RegAddrW-1:3]) && wr_hi) begin
      cqt_d = wdata[63:32] & fq_mask(cqb_log2szm1_q);
    end

    // cqcsr (low half of its window); ignored while busy (section 4.4).
    cqcsr_wr = wr_lo && (win == RegCqcsr[RegAddrW-1:3]) && !cq_busy_q;
    if (cqcsr_wr) begin
      cqen_d    = wdata[0];
      cie_d     = wdata[1];
      if (wdata[8])  cqmf_d       = 1'b0;
      if (wdata[9])  cmd_to_d     = 1'b0;
      if (wdata[10]) cmd_ill_d    = 1'b0;
      if (wdata[11]) fence_w_ip_d = 1'b0;
      cq_busy_d = 1'b1;
    end

    // Command processor events; internal sets win over software clears. (cmd_to: an IOFENCE.C after
    // an ATS.INVAL that timed out, version 11.)
    if (cqmf_set_i)       cqmf_d       = 1'b1;
    if (cmd_to_set_i)     cmd_to_d     = 1'b1;
    if (cmd_ill_set_i)    cmd_ill_d    = 1'b1;
    if (fence_w_ip_set_i) fence_w_ip_d = 1'b1;
    if (cqh_inc_i)        cqh_d        = (cqh_q + 32'd1) & fq_mask(cqb_log2szm1_q);

    // cqcsr busy handshake: completes when the engine is not in a command state.
    if (cq_busy_q && !eng_in_cmd) begin
      cqon_d    = cqen_q;
      cq_busy_d = 1'b0;
      cqon_rise = cqen_q & ~cqon_q;
      if (cqon_rise) begin
        cqh_d        = 32'h0;
        cmd_ill_d    = 1'b0;
        cmd_to_d     = 1'b0;
        cqmf_d       = 1'b0;
        fence_w_ip_d = 1'b0;
      end
    end

    // fqb; a write clears the fqh bits at and above the new LOG2SZ.
    if (win == RegFqb[RegAddrW-1:3]) begin
      if (wr_lo) begin
        fqb_log2szm1_d        = log2sz_warl(wdata[4:0], CfgFqLog2szMax);
        fqb_ppn_d[21:0]       = wdata[31:10];
      end
      if (wr_hi) begin
        fqb_ppn_d[PpnW-1:22]  = wdata[53:32];
      end
      if (wr_lo || wr_hi) begin
        fqh_d = fqh_q & fq_mask(fqb_log2szm1_d);
      end
    end

    // fqh (low half of its window; fqt in the high half is read-only)
    if ((win == RegFqh[RegAddrW-1:3]) && wr_lo) begin
      fqh_d = wdata[31:0] & fq_mask(fqb_log2szm1_q);
    end

    // fctl: WSI, and from version 10 BE and GXL, each when the configuration makes it writable; a write
    // takes effect at this edge (section 3). (IGS = MSI or WSI fixes the method.)
    if ((win == RegFctl[RegAddrW-1:3]) && wr_lo) begin
      if (CfgFctlWsiWritable) wsi_d = wdata[1];
      if (CfgFctlBeWritable)  be_d  = wdata[0];
      if (CfgFctlGxlWritable) gxl_d = wdata[2];
    end

    // msi_cfg_tbl: ADDR bits 55:2, data 31:0, vector control bit 0 (M).
    if (msi_win && !win[0]) begin
      if (wr_lo) msi_addr_d[msi_idx][29:0]          = wdata[31:2];
      if (wr_hi) msi_addr_d[msi_idx][MsiAddrW-1:30] = wdata[55:32];
    end
    if (msi_win && win[0]) begin
      if (wr_lo) msi_data_d[msi_idx] = wdata[31:0];
      if (wr_hi) msi_mask_d[msi_idx] = wdata[32];
    end

    // icvec: the four vector fields
    if ((win == RegIcvec[RegAddrW-1:3]) && wr_lo) begin
      icvec_d = wdata[15:0];
    end

    // fqcsr (high half of the cqcsr window); ignored while busy (section 4.2).
    fqcsr_wr = wr_hi && (win == RegFqcsr[RegAddrW-1:3]) && !fq_busy_q;
    if (fqcsr_wr) begin
      fqen_d    = wdata[32];
      fie_d     = wdata[33];
      if (wdata[40]) fqmf_d = 1'b0;
      if (wdata[41]) fqof_d = 1'b0;
      fq_busy_d = 1'b1;
    end

    // Internal sets win over software clears.
    if (fq_mf_set_i) fqmf_d = 1'b1;
    if (fq_of_set_i) fqof_d = 1'b1;
    if (fq_commit_i) fqt_d  = (fqt_q + 32'd1) & fq_mask(fqb_log2szm1_q);

    // fqcsr busy handshake: completes when the engine is not writing a fault record.
    if (fq_busy_q && (eng_state_i != StFqReq) && (eng_state_i != StFqWait)) begin
      fqon_d    = fqen_q;
      fq_busy_d = 1'b0;
      fqon_rise = fqen_q & ~fqon_q;
      if (fqon_rise) begin
        fqt_d  = 32'h0;
        fqmf_d = 1'b0;
        fqof_d = 1'b0;
      end
    end

    // ipsr.fip (section 4.3)
    fip_sw_clear = wr_hi && (win == RegIpsr[RegAddrW-1:3]) && wdata[33];
    if (fie_d && (fqof_d || fqmf_d || fq_commit_i)) begin
      fip_d = 1'b1;
    end else if (fip_sw_clear) begin
      fip_d = 1'b0;
    end

    // ipsr.pmip (section 5.7): set by a counter overflow at this edge, which wins over a clear.
    pmip_sw_clear = CfgHpm && wr_hi && (win == RegIpsr[RegAddrW-1:3]) && wdata[34];
    if (hpm_ovf) begin
      pmip_d = 1'b1;
    end else if (pmip_sw_clear) begin
      pmip_d = 1'b0;
    end

    // Debug translation interface (section 5.7): tr_req_iova bits 63:12; tr_req_ctl ignores every
    // write while Go/Busy is 1 (Go/Busy is RW1S; with it 0 a write stores the fields as written).
    if (CfgDbg) begin
      if (win == RegTrReqIova[RegAddrW-1:3]) begin
        if (wr_lo) tr_iova_d[19:0]  = wdata[31:12];
        if (wr_hi) tr_iova_d[51:20] = wdata[63:32];
      end
      if ((win == RegTrReqCtl[RegAddrW-1:3]) && !tr_ctl_q.go_busy) begin
        if (wr_lo) begin
          tr_ctl_d.go_busy = wdata[0];
          tr_ctl_d.priv    = wdata[1];
          tr_ctl_d.exe     = wdata[2];
          tr_ctl_d.nw      = wdata[3];
          tr_ctl_d.pid     = wdata[31:12];
        end
        if (wr_hi) begin
          tr_ctl_d.pv      = wdata[32];
          tr_ctl_d.did     = wdata[63:40];
        end
      end
      // The engine completes the debug translation: tr_response, Go/Busy clears.
      if (dbg_done_i) begin
        tr_rsp_d         = '0;
        tr_rsp_d.fault   = dbg_fault_i;
        tr_rsp_d.ppn     = dbg_fault_i ? '0 : dbg_ppn_i;
        tr_rsp_d.pbmt    = dbg_fault_i ? '0 : dbg_pbmt_i;
        tr_ctl_d.go_busy = 1'b0;
      end
    end

    // iommu_qosid (section 5.7): RCID and MCID WARL to the implemented widths.
    if (CfgQosid && (win == RegIommuQosid[RegAddrW-1:3]) && wr_lo) begin
      rcid_d = wdata[11:0] & ~(12'hfff << CfgRcidBits);
      mcid_d = wdata[27:16] & ~(12'hfff << CfgMcidBits);
    end

    // Version 11 (section 5.9): pqb (LOG2SZ-1 WARL to pq.log2sz_max), pqh, pqcsr with the busy
    // handshake of section 4.2 (StPqReq/StPqWait), ipsr.pip with fip's rule of section 4.3.
    if (CfgAts) begin
      if (win == RegPqb[RegAddrW-1:3]) begin
        if (wr_lo) begin
          pqb_log2szm1_d       = (32'(wdata[4:0]) + 32'd1 > 32'(CfgPqLog2szMax)) ?
                                 5'(CfgPqLog2szMax - 1) : wdata[4:0];
          pqb_ppn_d[21:0]      = wdata[31:10];
        end
        if (wr_hi) pqb_ppn_d[PpnW-1:22] = wdata[53:32];
        if (wr_lo || wr_hi) pqh_d = pqh_q & fq_mask(pqb_log2szm1_d);
      end
      if ((win == RegPqh[RegAddrW-1:3]) && wr_lo) begin
        pqh_d = wdata[31:0] & fq_mask(pqb_log2szm1_q);
      end
      if (wr_lo && (win == RegPqcsr[RegAddrW-1:3]) && !pq_busy_q) begin
        pqen_d    = wdata[0];
        pie_d     = wdata[1];
        if (wdata[8]) pqmf_d = 1'b0;
        if (wdata[9]) pqof_d = 1'b0;
        pq_busy_d = 1'b1;
      end
      if (pq_mf_set_i) pqmf_d = 1'b1;
      if (pq_of_set_i) pqof_d = 1'b1;
      if (pq_commit_i) pqt_d  = (pqt_q + 32'd1) & fq_mask(pqb_log2szm1_q);
      if (pq_busy_q && (eng_state_i != StPqReq) && (eng_state_i != StPqWait)) begin
        pqon_d    = pqen_q;
        pq_busy_d = 1'b0;
        if (pqen_q && !pqon_q) begin
          pqt_d  = 32'h0;
          pqmf_d = 1'b0;
          pqof_d = 1'b0;
        end
      end
      pip_sw_clear = wr_hi && (win == RegIpsr[RegAddrW-1:3]) && wdata[35];
      if (pie_d && (pqof_d || pqmf_d || pq_commit_i)) begin
        pip_d = 1'b1;
      end else if (pip_sw_clear) begin
        pip_d = 1'b0;
      end
    end

    // cq_wait (section 5.9): a command that waits for an ITag is not runnable until a completion, a
    // timeout or a change of cqon (the clear wins over a set at the same edge: the ITags it waited
    // for may be freed by that very completion).
    if (cq_wait_set_i) cq_wait_d = 1'b1;
    if (icpl_valid_i || ats_timeout_i || (cqon_d != cqon_q)) cq_wait_d = 1'b0;

    // ipsr.cip (section 4.3): the same rule for the command queue's error and fence bits.
    cip_sw_clear = wr_hi && (win == RegIpsr[RegAddrW-1:3]) && wdata[32];
    if (cie_d && (cqmf_d || cmd_to_d || cmd_ill_d || fence_w_ip_d)) begin
      cip_d = 1'b1;
    end else if (cip_sw_clear) begin
      cip_d = 1'b0;
    end
  end

  ///////////////
  // Flip-flops //
  ///////////////

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      rsp_valid_q    <= 1'b0;
      rsp_rdata_q    <= '0;
      ddtp_mode_q    <= DdtpOff;
      ddtp_ppn_q     <= '0;
      ddtp_busy_q    <= 1'b0;
      act_mode_q     <= DdtpOff;
      act_ppn_q      <= '0;
      fqb_ppn_q      <= '0;
      fqb_log2szm1_q <= '0;
      fqh_q          <= '0;
      fqt_q          <= '0;
      fqen_q         <= 1'b0;
      fie_q          <= 1'b0;
      fqmf_q         <= 1'b0;
      fqof_q         <= 1'b0;
      fqon_q         <= 1'b0;
      fq_busy_q      <= 1'b0;
      fip_q          <= 1'b0;
      icvec_q        <= '0;
      wsi_q          <= (CfgIgs == 2'd1);   // WSI only: wires; otherwise MSI first (section 3)
      be_q           <= 1'b0;
      gxl_q          <= 1'b0;
      msi_addr_q     <= '0;
      msi_data_q     <= '0;
      msi_mask_q     <= '0;
      cqb_ppn_q      <= '0;
      cqb_log2szm1_q <= '0;
      cqh_q          <= '0;
      cqt_q          <= '0;
      cqen_q         <= 1'b0;
      cie_q          <= 1'b0;
      cqmf_q         <= 1'b0;
      cmd_to_q       <= 1'b0;
      cmd_ill_q      <= 1'b0;
      fence_w_ip_q   <= 1'b0;
      cqon_q         <= 1'b0;
      cq_busy_q      <= 1'b0;
      cip_q          <= 1'b0;
      pmip_q         <= 1'b0;
      pqb_ppn_q      <= '0;
      pqb_log2szm1_q <= '0;
      pqh_q          <= '0;
      pqt_q          <= '0;
      pqen_q         <= 1'b0;
      pie_q          <= 1'b0;
      pqmf_q         <= 1'b0;
      pqof_q         <= 1'b0;
      pqon_q         <= 1'b0;
      pq_busy_q      <= 1'b0;
      pip_q          <= 1'b0;
      cq_wait_q      <= 1'b0;
      tr_iova_q      <= '0;
      tr_ctl_q       <= '0;
      tr_rsp_q       <= '0;
      rcid_q         <= '0;
      mcid_q         <= '0;
    end else begin
      rsp_valid_q    <= rsp_valid_d;
      rsp_rdata_q    <= rsp_rdata_d;
      ddtp_mode_q    <= ddtp_mode_d;
      ddtp_ppn_q     <= ddtp_ppn_d;
      ddtp_busy_q    <= ddtp_busy_d;
      act_mode_q     <= act_mode_d;
      act_ppn_q      <= act_ppn_d;
      fqb_ppn_q      <= fqb_ppn_d;
      fqb_log2szm1_q <= fqb_log2szm1_d;
      fqh_q          <= fqh_d;
      fqt_q          <= fqt_d;
      fqen_q         <= fqen_d;
      fie_q          <= fie_d;
      fqmf_q         <= fqmf_d;
      fqof_q         <= fqof_d;
      fqon_q         <= fqon_d;
      fq_busy_q      <= fq_busy_d;
      fip_q          <= fip_d;
      icvec_q        <= icvec_d;
      wsi_q          <= wsi_d;
      be_q           <= be_d;
      gxl_q          <= gxl_d;
      msi_addr_q     <= msi_addr_d;
      msi_data_q     <= msi_data_d;
      msi_mask_q     <= msi_mask_d;
      cqb_ppn_q      <= cqb_ppn_d;
      cqb_log2szm1_q <= cqb_log2szm1_d;
      cqh_q          <= cqh_d;
      cqt_q          <= cqt_d;
      cqen_q         <= cqen_d;
      cie_q          <= cie_d;
      cqmf_q         <= cqmf_d;
      cmd_to_q       <= cmd_to_d;
      cmd_ill_q      <= cmd_ill_d;
      fence_w_ip_q   <= fence_w_ip_d;
      cqon_q         <= cqon_d;
      cq_busy_q      <= cq_busy_d;
      cip_q          <= cip_d;
      pmip_q         <= pmip_d;
      pqb_ppn_q      <= pqb_ppn_d;
      pqb_log2szm1_q <= pqb_log2szm1_d;
      pqh_q          <= pqh_d;
      pqt_q          <= pqt_d;
      pqen_q         <= pqen_d;
      pie_q          <= pie_d;
      pqmf_q         <= pqmf_d;
      pqof_q         <= pqof_d;
      pqon_q         <= pqon_d;
      pq_busy_q      <= pq_busy_d;
      pip_q          <= pip_d;
      cq_wait_q      <= cq_wait_d;
      tr_iova_q      <= tr_iova_d;
      tr_ctl_q       <= tr_ctl_d;
      tr_rsp_q       <= tr_rsp_d;
      rcid_q         <= rcid_d;
      mcid_q         <= mcid_d;
    end
  end

  /////////////
  // Outputs //
  /////////////

  assign reg_req_ready_o = ~rsp_valid_q;
  assign reg_rsp_valid_o = rsp_valid_q;
  assign reg_rsp_rdata_o = rsp_valid_q ? rsp_rdata_q : 64'h0;

  // fctl.WSI = 1: fip drives the wire selected by icvec.fiv, cip the one selected by icvec.civ;
  // with fctl.WSI = 0 every wire is 0 (section 4.3).
  assign wsi_o = !wsi_q ? '0 :
                 ((fip_q ? (NumWsi'(1) << icvec_q[7:4]) : '0) |
                  (cip_q ? (NumWsi'(1) << icvec_q[3:0]) : '0) |
                  (pmip_q ? (NumWsi'(1) << icvec_q[11:8]) : '0) |
                  (pip_q ? (NumWsi'(1) << icvec_q[15:12]) : '0));

  // MSI pending vectors (section 4.3): fip or cip going 0 -> 1 at this edge with fctl.WSI = 0 sets
  // the bit of its vector (all values after the edge). A software clear while the set condition
  // holds counts as a transition too: spec "ipsr" says the bit goes 1 -> 0 and "transitions again
  // from 0->1", and an MSI is generated on each 0 -> 1 (the register shows 1 throughout).
  logic fip_rise, cip_rise;
  assign fip_rise = fip_d && (!fip_q || fip_sw_clear);
  assign cip_rise = cip_d && (!cip_q || cip_sw_clear);
  logic pmip_rise, pip_rise;
  assign pmip_rise = pmip_d && (!pmip_q || pmip_sw_clear);
  assign pip_rise  = pip_d && (!pip_q || pip_sw_clear);

  always_comb begin
    msi_pend_set_o = '0;
    if (!wsi_d && fip_rise) msi_pend_set_o[icvec_d[7:4]] = 1'b1;
    if (!wsi_d && cip_rise) msi_pend_set_o[icvec_d[3:0]] = 1'b1;
    if (!wsi_d && pmip_rise) msi_pend_set_o[icvec_d[11:8]] = 1'b1;
    if (!wsi_d && pip_rise) msi_pend_set_o[icvec_d[15:12]] = 1'b1;
  end

  assign msi_addr_o = msi_addr_q;
  assign msi_data_o = msi_data_q;
  assign msi_mask_o = msi_mask_q;
  assign fctl_wsi_o = wsi_q;
  assign fctl_be_o  = be_q;
  assign fctl_gxl_o = gxl_q;

  // Version 9: the debug request to the engine.
  assign dbg_go_o   = CfgDbg && tr_ctl_q.go_busy;
  assign dbg_ctl_o  = tr_ctl_q;
  assign dbg_iova_o = {tr_iova_q, 12'h0};

  // The performance monitor (version 9, section 5.7).
  iommu_hpm #(
    .Enable      (CfgHpm),
    .Counters    (CfgHpm ? CfgHpmCounters : 1),
    .CounterBits (CfgHpm ? CfgHpmCounterBits : 32)
  ) u_hpm (
    .clk_i,
    .rst_ni,
    .win_i       (win),
    .wr_lo_i     (wr_lo),
    .wr_hi_i     (wr_hi),
    .wdata_i     (wdata),
    .rd_hit_o    (hpm_rd_hit),
    .rd_data_o   (hpm_rd_data),
    .ev_valid_i  (hpm_ev_valid_i),
    .ev_id_i     (hpm_ev_id_i),
    .ev_did_i    (hpm_ev_did_i),
    .ev_pv_i     (hpm_ev_pv_i),
    .ev_pid_i    (hpm_ev_pid_i),
    .ovf_o       (hpm_ovf)
  );

  // Version 9: Go/Busy clears only at a completion, and only a running debug translation completes.
  DbgDoneWhileGo_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      dbg_done_i |-> dbg_go_o)
    else $error("%s:%0d: DbgDoneWhileGo_A", `__FILE__, `__LINE__);
  GoClearsOnlyAtDone_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      (tr_ctl_q.go_busy && !tr_ctl_d.go_busy) |-> dbg_done_i)
    else $error("%s:%0d: GoClearsOnlyAtDone_A", `__FILE__, `__LINE__);
  // pmip is set only by an overflow.
  PmipOnlyByOvf_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      (pmip_d && !pmip_q) |-> hpm_ovf)
    else $error("%s:%0d: PmipOnlyByOvf_A", `__FILE__, `__LINE__);

  assign ddtp_busy_o    = ddtp_busy_q;
  assign ddtp_mode_o    = act_mode_q;
  assign ddtp_ppn_o     = act_ppn_q;
  assign cache_flush_o  = ddtp_busy_q && (eng_state_i == StIdle);
  assign cqb_ppn_o      = cqb_ppn_q;
  assign cqh_o          = cqh_q;
  assign cq_runnable_o  = cqon_q && !cq_busy_q && !cmd_ill_q && !cmd_to_q && !cqmf_q &&
                          !cq_wait_q && (cqh_q != cqt_q);
  assign cqon_fall_o    = cqon_q && !cqon_d;
  assign pqb_ppn_o      = pqb_ppn_q;
  assign pqb_log2szm1_o = pqb_log2szm1_q;
  assign pqh_o          = pqh_q;
  assign pqt_o          = pqt_q;
  assign pqen_o         = pqen_q;
  assign pqon_o         = pqon_q;
  assign pqmf_o         = pqmf_q;
  assign pqof_o         = pqof_q;
  assign fqb_ppn_o      = fqb_ppn_q;
  assign fqb_log2szm1_o = fqb_log2szm1_q;
  assign fqh_o          = fqh_q;
  assign fqt_o          = fqt_q;
  assign fqon_o         = fqon_q;
  assign fqmf_o         = fqmf_q;
  assign fqof_o         = fqof_q;

  // Accesses are 4-byte aligned; reserved and read-only ddtp bits of a write are dropped.
  logic unused_bits;
  assign unused_bits = ^{reg_req_addr_i[1:0], ddtp_wr_val.reserved1, ddtp_wr_val.reserved0,
                         ddtp_wr_val.busy};

  ////////////////
  // Assertions //
  ////////////////

`ifndef SYNTHESIS
  // No second request while busy: a response is only ever pending for one request.
  // Version 10 (section 3): cqb/fqb.LOG2SZ-1 never exceed the configuration's queue sizes (WARL), and
  // fctl.BE / fctl.GXL are 1 only when writable.
  QueueSizeWarl_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      (int'(cqb_log2szm1_q) < CfgCqLog2szMax) && (int'(fqb_log2szm1_q) < CfgFqLog2szMax))
    else $error("%s:%0d: QueueSizeWarl_A: cqb %0d fqb %0d", `__FILE__, `__LINE__, cqb_log2szm1_q,
                fqb_log2szm1_q);
  FctlWritable_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      (!be_q || CfgFctlBeWritable) && (!gxl_q || CfgFctlGxlWritable))
    else $error("%s:%0d: FctlWritable_A", `__FILE__, `__LINE__);

  ResponseNotOverwritten_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      !(req_fire && rsp_valid_q))
    else $error("%s:%0d: ResponseNotOverwritten_A", `__FILE__, `__LINE__);

  // Handshake stability: the response and its data stay until ready.
  RegRspStable_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      (reg_rsp_valid_o && !reg_rsp_ready_i) |=> (reg_rsp_valid_o && $stable(reg_rsp_rdata_o)))
    else $error("%s:%0d: RegRspStable_A: response withdrawn or changed before ready", `__FILE__,
                `__LINE__);

  // State codes legal: the active and the stored iommu_mode are ones this version supports.
  DdtpModeLegal_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      (act_mode_q inside {DdtpOff, DdtpBare, Ddtp1Lvl, Ddtp2Lvl, Ddtp3Lvl}) &&
      (ddtp_mode_q inside {DdtpOff, DdtpBare, Ddtp1Lvl, Ddtp2Lvl, Ddtp3Lvl}))
    else $error("%s:%0d: DdtpModeLegal_A: active %0d, stored %0d", `__FILE__, `__LINE__,
                act_mode_q, ddtp_mode_q);

  // The active ddtp changes only while the engine is idle (section 4.1).
  ActiveDdtpOnlyWhenIdle_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      ((act_mode_d != act_mode_q) || (act_ppn_d != act_ppn_q)) |-> (eng_state_i == StIdle))
    else $error("%s:%0d: ActiveDdtpOnlyWhenIdle_A: engine state %0d", `__FILE__, `__LINE__,
                eng_state_i);

  // Pointers in range: fqh always indexes the queue (it is masked on every write); fqt advances
  // only within it.
  FqhInRange_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      (fqh_q & ~fq_mask(fqb_log2szm1_q)) == '0)
    else $error("%s:%0d: FqhInRange_A: fqh = %0d", `__FILE__, `__LINE__, fqh_q);
  FqtAdvanceInRange_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      fq_commit_i |-> ((fqt_d & ~fq_mask(fqb_log2szm1_q)) == '0))
    else $error("%s:%0d: FqtAdvanceInRange_A: fqt = %0d", `__FILE__, `__LINE__, fqt_d);

  // At most one interrupt wire per pending bit, and only with fip or cip and fctl.WSI = 1.
  WsiFromPending_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      ($countones(wsi_o) <= 32'(fip_q) + 32'(cip_q) + 32'(pmip_q) + 32'(pip_q)) &&
      ((wsi_o != '0) == (wsi_q && (fip_q || cip_q || pmip_q || pip_q))))
    else $error("%s:%0d: WsiFromPending_A: wsi = %h", `__FILE__, `__LINE__, wsi_o);

  // Command-queue pointers in range: cqt always indexes the queue (masked on every write); cqh
  // advances only within it.
  CqtInRange_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      (cqt_q & ~fq_mask(cqb_log2szm1_q)) == '0)
    else $error("%s:%0d: CqtInRange_A: cqt = %0d", `__FILE__, `__LINE__, cqt_q);
  CqhAdvanceInRange_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      cqh_inc_i |-> ((cqh_d & ~fq_mask(cqb_log2szm1_q)) == '0))
    else $error("%s:%0d: CqhAdvanceInRange_A: cqh = %0d", `__FILE__, `__LINE__, cqh_d);

  // A command runs only with the queue on; cqon changes only outside command states (section 4.4).
  CqonStableInCmd_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      eng_in_cmd |-> (cqon_q && (cqon_d == cqon_q)))
    else $error("%s:%0d: CqonStableInCmd_A: engine state %0d", `__FILE__, `__LINE__,
                eng_state_i);

  // cmd_to is set only by an IOFENCE.C after a timed-out ATS.INVAL (version 11, with ATS).
  CmdToOnlyWithAts_A: assert property (@(posedge clk_i) disable iff (!rst_ni) cmd_to_q |-> CfgAts)
    else $error("%s:%0d: CmdToOnlyWithAts_A", `__FILE__, `__LINE__);
  // Version 11: the page-request queue's pointers in range; pip only with ATS.
  PqhInRange_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      (pqh_q & ~fq_mask(pqb_log2szm1_q)) == '0)
    else $error("%s:%0d: PqhInRange_A: pqh = %0d", `__FILE__, `__LINE__, pqh_q);
  PqtInRange_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      (pqt_q & ~fq_mask(pqb_log2szm1_q)) == '0)
    else $error("%s:%0d: PqtInRange_A: pqt = %0d", `__FILE__, `__LINE__, pqt_q);
  PqSizeWarl_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      !CfgAts || (32'(pqb_log2szm1_q) + 32'd1 <= 32'(CfgPqLog2szMax)))
    else $error("%s:%0d: PqSizeWarl_A: %0d", `__FILE__, `__LINE__, pqb_log2szm1_q);
  PipOnlyWithAts_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      (pip_q || pqon_q || cq_wait_q) |-> CfgAts)
    else $error("%s:%0d: PipOnlyWithAts_A", `__FILE__, `__LINE__);

  // MSI pending sets only on a rising fip or cip (or one cleared and set again) with fctl.WSI = 0,
  // at most one bit each.
  MsiPendSetOnRise_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      (msi_pend_set_o != '0) |->
      (!wsi_d && (fip_rise || cip_rise || pmip_rise || pip_rise) &&
       ($countones(msi_pend_set_o) <= 32'(fip_rise) + 32'(cip_rise) + 32'(pmip_rise) +
                                      32'(pip_rise))))
    else $error("%s:%0d: MsiPendSetOnRise_A: set %h", `__FILE__, `__LINE__, msi_pend_set_o);

  // The MSI table's read-only bits read 0: ADDR is bits 55:2 only, vector control bit 0 only.
  MsiTableReadZeros_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      (req_fire && !reg_req_write_i && msi_win) |->
      (win[0] ? (win_rdata[63:33] == '0) : ((win_rdata[63:56] == '0) && (win_rdata[1:0] == '0))))
    else $error("%s:%0d: MsiTableReadZeros_A: %h", `__FILE__, `__LINE__, win_rdata);

  // Outputs known when valid.
  RegRspKnown_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      reg_rsp_valid_o |-> !$isunknown(reg_rsp_rdata_o))
    else $error("%s:%0d: RegRspKnown_A", `__FILE__, `__LINE__);
`endif

endmodule
