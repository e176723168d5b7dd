// Translation engine: one translation at a time, from request acceptance to response.
// IOTLB lookup, device-context read and checks, Sv39 walk, fault decision, fault-record writer
// and response. States, transitions and timing: docs/microarch.md section 5; behaviour: RISC-V
// IOMMU specification "Process to translate an IOVA", "Process to locate the Device-context",
// "Device-context configuration checks", "Fault/Event-Queue (FQ)", and the privileged
// specification's Sv39 "Virtual Address Translation Process".
// All outputs are functions of registered state only.

module iommu_xlate
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

  // Memory master
  output logic                 mem_req_valid_o,
  input  logic                 mem_req_ready_i,
  output logic [1:0]           mem_req_op_o,
  output logic [63:0]          mem_req_addr_o,
  output logic [63:0]          mem_req_wdata_o,
  output logic [7:0]           mem_req_be_o,
  input  logic                 mem_rsp_valid_i,
  input  logic [63:0]          mem_rsp_rdata_i,
  input  logic [1:0]           mem_rsp_err_i,

  // Configuration from the register file
  input  logic                 ddtp_busy_i,
  input  logic [3:0]           ddtp_mode_i,
  input  logic [PpnW-1:0]      ddtp_ppn_i,
  input  logic [PpnW-1:0]      fqb_ppn_i,
  input  logic [4:0]           fqb_log2szm1_i,
  input  logic [31:0]          fqh_i,
  input  logic [31:0]          fqt_i,
  input  logic                 fqon_i,
  input  logic                 fqmf_i,
  input  logic                 fqof_i,

  // Fault-queue events to the register file
  output logic                 fq_commit_o,
  output logic                 fq_of_set_o,
  output logic                 fq_mf_set_o,

  // IOTLB
  output logic                 tlb_lookup_o,
  output logic [DidW-1:0]      tlb_did_o,
  output logic [63:0]          tlb_iova_o,
  input  logic                 tlb_hit_i,
  input  iotlb_entry_t         tlb_hit_entry_i,
  output logic                 tlb_fill_o,
  output iotlb_entry_t         tlb_fill_entry_o,

  // Observation
  output xlate_state_e         state_o,
  output logic [1:0]           walk_level_o
);

  ///////////////
  // Registers //
  ///////////////

  xlate_state_e                state_q, state_d;

  // Accepted request
  logic [DidW-1:0]             did_q, did_d;
  logic                        pv_q, pv_d;
  logic [PidW-1:0]             pid_q, pid_d;
  logic                        priv_q, priv_d;
  logic [TtypW-1:0]            ttyp_q, ttyp_d;
  logic [63:0]                 iova_q, iova_d;
  logic [TagW-1:0]             tag_q, tag_d;

  // Walk state
  logic [DcWords-1:0][63:0]    dc_q, dc_d;     // tc, iohgatp, ta, fsc
  sv39_pte_t                   pte_q, pte_d;
  logic [1:0]                  lvl_q, lvl_d;   // level i
  logic [PpnW-1:0]             a_ppn_q, a_ppn_d;  // table address a = a_ppn * 4096
  logic [1:0]                  k_q, k_d;       // doubleword counter

  // Outcome
  logic                        fault_q, fault_d;
  logic [CauseW-1:0]           cause_q, cause_d;
  logic [63:0]                 pa_q, pa_d;
  logic                        dtf_q, dtf_d;   // tc.DTF of the located DC (0 if none located)

  ////////////////////////////////////
  // Decoded views of the registers //
  ////////////////////////////////////

  device_context_t dc;
  assign dc = dc_q;

  logic ttyp_untransl;   // TTYP 1, 2 or 3
  logic lookup_elig;     // lookup-eligible request (section 5.1, StLookup step 4)
  logic did_wide;        // device_id wider than 1LVL base format allows
  assign ttyp_untransl = ttyp_is_untranslated(ttyp_q);
  assign lookup_elig   = ttyp_untransl & ~pv_q;
  assign did_wide      = did_q[DidW-1:7] != '0;

  // Device-context configuration checks (spec "Device-context configuration checks"), given
  // the capabilities of docs/microarch.md section 3.
  logic dc_misconfig;
  always_comb begin
    dc_misconfig = 1'b0;
    // Reserved bits (QOSID = 0: ta.RCID and ta.MCID are reserved too)
    if (dc.tc.reserved0 != '0 || dc.tc.reserved1 != '0) dc_misconfig = 1'b1;
    if (dc.ta.reserved0 != '0 || dc.ta.reserved1 != '0 ||
        dc.ta.rcid != '0 || dc.ta.mcid != '0)           dc_misconfig = 1'b1;
    if (dc.fsc.reserved != '0)                          dc_misconfig = 1'b1;
    // No ATS: EN_ATS, EN_PRI, PRPR must be 0; no T2GPA capability
    if (dc.tc.en_ats || dc.tc.en_pri || dc.tc.prpr)     dc_misconfig = 1'b1;
    if (dc.tc.t2gpa)                                    dc_misconfig = 1'b1;
    if (dc.tc.pdtv) begin
      // No PD8/PD17/PD20 capability: only a Bare pdtp is supported
      if (dc.fsc.mode != PdtpBare)                      dc_misconfig = 1'b1;
    end else begin
      // SXL = 0: iosatp.MODE must be Bare or Sv39 (Sv48/Sv57 unsupported, rest reserved)
      if (dc.fsc.mode != IosatpBare && dc.fsc.mode != IosatpSv39) dc_misconfig = 1'b1;
      // DPE is reserved when PDTV = 0
      if (dc.tc.dpe)                                    dc_misconfig = 1'b1;
    end
    // No second stage: iohgatp.MODE must be Bare
    if (dc.iohgatp.mode != IohgatpBare)                 dc_misconfig = 1'b1;
    // AMO_HWAD = 0
    if (dc.tc.sade || dc.tc.gade)                       dc_misconfig = 1'b1;
    // END = 0 and fctl.BE = 0 (not writable)
    if (dc.tc.sbe != FctlBe)                            dc_misconfig = 1'b1;
    // fctl.GXL = 0 and not writable: SXL must be 0
    if (dc.tc.sxl != FctlGxl)                           dc_misconfig = 1'b1;
  end

  // Transaction-type checks after locating the DC (spec "Process to translate an IOVA" step 7)
  logic dc_ttyp_disallowed;
  always_comb begin
    dc_ttyp_disallowed = 1'b0;
    if (ttyp_is_translated_or_ats(ttyp_q) && !dc.tc.en_ats) dc_ttyp_disallowed = 1'b1;
    if (pv_q && !dc.tc.pdtv)                                dc_ttyp_disallowed = 1'b1;
    // With a Bare pdtp no process_id width limit applies (steps 12 and 13 go to Bare).
    if (!ttyp_untransl)                                     dc_ttyp_disallowed = 1'b1;
  end

  // First stage is Sv39 only with PDTV = 0 and iosatp.MODE = Sv39 (steps 10, 12, 13).
  logic dc_sv39;
  assign dc_sv39 = !dc.tc.pdtv && (dc.fsc.mode == IosatpSv39);

  // PTE classification (privileged spec translation process steps 3 to 5)
  logic pte_invalid;     // V = 0, W = 1 with R = 0, or reserved bits (N, PBMT, 60:54) set
  logic pte_leaf;
  logic pte_ptr_rsvd;    // D, A, U set in a pointer PTE are reserved
  logic pte_misaligned;
  assign pte_invalid    = !pte_q.v || (!pte_q.r && pte_q.w) || pte_q.n || (pte_q.pbmt != '0) ||
                          (pte_q.reserved != '0);
  assign pte_leaf       = pte_q.r || pte_q.x;
  assign pte_ptr_rsvd   = pte_q.d || pte_q.a || pte_q.u;
  assign pte_misaligned = ((lvl_q == 2'd1) && (pte_q.ppn[VpnW-1:0] != '0)) ||
                          ((lvl_q == 2'd2) && (pte_q.ppn[2*VpnW-1:0] != '0));

  logic pte_perm_fault;
  assign pte_perm_fault = leaf_perm_fault(ttyp_q, pv_q, priv_q, pte_q.r, pte_q.w, pte_q.x,
                                          pte_q.u, pte_q.a, pte_q.d);

  logic hit_perm_fault;
  assign hit_perm_fault = leaf_perm_fault(ttyp_q, pv_q, priv_q, tlb_hit_entry_i.r,
                                          tlb_hit_entry_i.w, tlb_hit_entry_i.x,
                                          tlb_hit_entry_i.u, 1'b1, tlb_hit_entry_i.d);

  // Fault queue
  logic [31:0] fq_mask;
  logic        fq_full;
  assign fq_mask = 32'hFFFF_FFFF >> (5'd31 - fqb_log2szm1_i);
  assign fq_full = ((fqt_i + 32'd1) & fq_mask) == fqh_i;

  // Fault-record doublewords (spec "Fault/Event-Queue (FQ)")
  fault_rec_dw0_t rec_dw0;
  logic [63:0]    rec_iotval;
  always_comb begin
    rec_dw0       = '0;
    rec_dw0.cause = cause_q;
    rec_dw0.ttyp  = 6'(ttyp_q);
    if (ttyp_q != 4'(TtypNone)) begin
      rec_dw0.did  = did_q;
      rec_dw0.pv   = pv_q;
      rec_dw0.pid  = pv_q ? pid_q : '0;
      rec_dw0.priv = pv_q & priv_q;
    end
    rec_iotval = ttyp_has_iova(ttyp_q) ? iova_q : 64'h0;
  end

  logic [63:0] rec_dw;
  always_comb begin
    unique case (k_q)
      2'd0:    rec_dw = rec_dw0;
      2'd2:    rec_dw = rec_iotval;
      default: rec_dw = 64'h0;  // dw1: custom/reserved; dw3: iotval2 (no guest-page faults)
    endcase
  end

  //////////////////////
  // Next-state logic //
  //////////////////////

  logic req_fire;
  assign req_fire = req_valid_i & req_ready_o;

  always_comb begin
    state_d   = state_q;
    did_d     = did_q;
    pv_d      = pv_q;
    pid_d     = pid_q;
    priv_d    = priv_q;
    ttyp_d    = ttyp_q;
    iova_d    = iova_q;
    tag_d     = tag_q;
    dc_d      = dc_q;
    pte_d     = pte_q;
    lvl_d     = lvl_q;
    a_ppn_d   = a_ppn_q;
    k_d       = k_q;
    fault_d   = fault_q;
    cause_d   = cause_q;
    pa_d      = pa_q;
    dtf_d     = dtf_q;

    fq_commit_o      = 1'b0;
    fq_of_set_o      = 1'b0;
    fq_mf_set_o      = 1'b0;
    tlb_lookup_o     = 1'b0;
    tlb_fill_o       = 1'b0;
    tlb_fill_entry_o = '0;

    unique case (state_q)
      // Wait for a request and capture it.
      StIdle: begin
        if (req_fire) begin
          did_d   = req_did_i;
          pv_d    = req_pv_i;
          pid_d   = req_pid_i;
          priv_d  = req_priv_i;
          ttyp_d  = req_ttyp_i;
          iova_d  = req_iova_i;
          tag_d   = req_tag_i;
          fault_d = 1'b0;
          cause_d = '0;
          pa_d    = '0;
          dtf_d   = 1'b0;
          k_d     = '0;
          lvl_d   = '0;
          state_d = StLookup;
        end
      end

      // "Process to translate an IOVA" steps 1 to 5, then the IOTLB lookup.
      StLookup: begin
        unique case (ddtp_mode_i)
          4'(DdtpOff): begin
            fault_d = 1'b1;
            cause_d = CauseAllInboundDisallow;
            state_d = StFault;
          end
          4'(DdtpBare): begin
            if (ttyp_is_translated_or_ats(ttyp_q)) begin
              fault_d = 1'b1;
              cause_d = CauseTtypDisallowed;
              state_d = StFault;
            end else begin
              pa_d    = iova_q;
              state_d = StRespond;
            end
          end
          default: begin  // 1LVL
            if (did_wide) begin
              fault_d = 1'b1;
              cause_d = CauseTtypDisallowed;
              state_d = StFault;
            end else if (lookup_elig && tlb_hit_i) begin
              dtf_d = tlb_hit_entry_i.dtf;
              if (hit_perm_fault) begin
                fault_d = 1'b1;
                cause_d = page_fault_cause(ttyp_q);
                state_d = StFault;
              end else begin
                pa_d    = sv39_leaf_pa(tlb_hit_entry_i.ppn, tlb_hit_entry_i.level,
                                          iova_q[PgOffW+2*VpnW-1:0]);
                state_d = StRespond;
              end
            end else begin
              k_d     = '0;
              state_d = StDcReq;
            end
            tlb_lookup_o = lookup_elig & ~did_wide;
          end
        endcase
      end

      // "Process to locate the Device-context" step 8: read DC doubleword k.
      StDcReq: begin
        if (mem_req_ready_i) state_d = StDcWait;
      end

      // "Process to locate the Device-context" step 8: DC load access fault (257) or data
      // corruption (268); the first error stops the reads.
      StDcWait: begin
        if (mem_rsp_valid_i) begin
          if (mem_rsp_err_i == MemErrAccess) begin
            fault_d = 1'b1;
            cause_d = CauseDdtLoadAccessFault;
            state_d = StFault;
          end else if (mem_rsp_err_i != MemErrOk) begin
            fault_d = 1'b1;
            cause_d = CauseDdtDataCorruption;
            state_d = StFault;
          end else begin
            dc_d[k_q] = mem_rsp_rdata_i;
            if (k_q != 2'(DcWords - 1)) begin
              k_d     = k_q + 2'd1;
              state_d = StDcReq;
            end else begin
              state_d = StDcCheck;
            end
          end
        end
      end

      // "Process to locate the Device-context" steps 9 and 10, then "Process to translate an
      // IOVA" steps 7 to 16.
      StDcCheck: begin
        if (!dc.tc.v) begin
          fault_d = 1'b1;
          cause_d = CauseDdtNotValid;
          state_d = StFault;
        end else if (dc_misconfig) begin
          fault_d = 1'b1;
          cause_d = CauseDdtMisconfigured;
          state_d = StFault;
        end else begin
          dtf_d = dc.tc.dtf;
          if (dc_ttyp_disallowed) begin
            fault_d = 1'b1;
            cause_d = CauseTtypDisallowed;
            state_d = StFault;
          end else if (!dc_sv39) begin
            pa_d    = iova_q;
            state_d = StRespond;
          end else if (!sv39_canonical(iova_q)) begin
            fault_d = 1'b1;
            cause_d = page_fault_cause(ttyp_q);
            state_d = StFault;
          end else begin
            lvl_d   = 2'd2;
            a_ppn_d = dc.fsc.ppn;
            state_d = StPteReq;
          end
        end
      end

      // Sv39 step 2: read the PTE at a + VPN[i] * 8.
      StPteReq: begin
        if (mem_req_ready_i) state_d = StPteWait;
      end

      // Sv39 step 2: PTE load access fault for the access type, or PT data corruption (274).
      StPteWait: begin
        if (mem_rsp_valid_i) begin
          if (mem_rsp_err_i == MemErrAccess) begin
            fault_d = 1'b1;
            cause_d = access_fault_cause(ttyp_q);
            state_d = StFault;
          end else if (mem_rsp_err_i != MemErrOk) begin
            fault_d = 1'b1;
            cause_d = CausePtDataCorruption;
            state_d = StFault;
          end else begin
            pte_d   = mem_rsp_rdata_i;
            state_d = StPteCheck;
          end
        end
      end

      // Sv39 steps 3 to 10: validity, pointer descent, leaf checks, IOTLB fill.
      StPteCheck: begin
        if (pte_invalid) begin
          fault_d = 1'b1;
          cause_d = page_fault_cause(ttyp_q);
          state_d = StFault;
        end else if (!pte_leaf) begin
          if (pte_ptr_rsvd || (lvl_q == 2'd0)) begin
            fault_d = 1'b1;
            cause_d = page_fault_cause(ttyp_q);
            state_d = StFault;
          end else begin
            lvl_d   = lvl_q - 2'd1;
            a_ppn_d = pte_q.ppn;
            state_d = StPteReq;
          end
        end else if (pte_misaligned || pte_perm_fault) begin
          fault_d = 1'b1;
          cause_d = page_fault_cause(ttyp_q);
          state_d = StFault;
        end else begin
          pa_d    = sv39_leaf_pa(pte_q.ppn, lvl_q, iova_q[PgOffW+2*VpnW-1:0]);
          state_d = StRespond;
          if (lookup_elig) begin
            tlb_fill_o             = 1'b1;
            tlb_fill_entry_o.valid = 1'b1;
            tlb_fill_entry_o.did   = did_q;
            tlb_fill_entry_o.vpn   = iova_q[PgOffW +: 3*VpnW];
            tlb_fill_entry_o.level = lvl_q;
            tlb_fill_entry_o.ppn   = pte_q.ppn;
            tlb_fill_entry_o.r     = pte_q.r;
            tlb_fill_entry_o.w     = pte_q.w;
            tlb_fill_entry_o.x     = pte_q.x;
            tlb_fill_entry_o.u     = pte_q.u;
            tlb_fill_entry_o.d     = pte_q.d;
            tlb_fill_entry_o.dtf   = dtf_q;
          end
        end
      end

      // Decide whether and how the fault is reported (spec "Fault/Event-Queue (FQ)": DTF column
      // of the cause table, fqon, fqmf, fqof, queue full).
      StFault: begin
        if ((cause_dtf_suppressed(cause_q) && dtf_q) || !fqon_i || fqmf_i || fqof_i) begin
          state_d = StRespond;
        end else if (fq_full) begin
          fq_of_set_o = 1'b1;
          state_d     = StRespond;
        end else begin
          k_d     = '0;
          state_d = StFqReq;
        end
      end

      // Write fault-record doubleword k at fqb.PPN * 4096 + fqt * 32 + 8 * k.
      StFqReq: begin
        if (mem_req_ready_i) state_d = StFqWait;
      end

      // Spec "fqcsr": an access fault on a record write sets fqmf and discards the record;
      // after the last doubleword the record is committed and fqt advances.
      StFqWait: begin
        if (mem_rsp_valid_i) begin
          if (mem_rsp_err_i != MemErrOk) begin
            fq_mf_set_o = 1'b1;
            state_d     = StRespond;
          end else if (k_q != 2'(FqRecWords - 1)) begin
            k_d     = k_q + 2'd1;
            state_d = StFqReq;
          end else begin
            fq_commit_o = 1'b1;
            state_d     = StRespond;
          end
        end
      end

      // Present the response ("Process to translate an IOVA": fault -> abort, else translated
      // address).
      StRespond: begin
        if (rsp_ready_i) state_d = StIdle;
      end

      default: state_d = StIdle;
    endcase
  end

  ///////////////
  // Flip-flops //
  ///////////////

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      state_q <= StIdle;
      did_q   <= '0;
      pv_q    <= 1'b0;
      pid_q   <= '0;
      priv_q  <= 1'b0;
      ttyp_q  <= '0;
      iova_q  <= '0;
      tag_q   <= '0;
      dc_q    <= '0;
      pte_q   <= '0;
      lvl_q   <= '0;
      a_ppn_q <= '0;
      k_q     <= '0;
      fault_q <= 1'b0;
      cause_q <= '0;
      pa_q    <= '0;
      dtf_q   <= 1'b0;
    end else begin
      state_q <= state_d;
      did_q   <= did_d;
      pv_q    <= pv_d;
      pid_q   <= pid_d;
      priv_q  <= priv_d;
      ttyp_q  <= ttyp_d;
      iova_q  <= iova_d;
      tag_q   <= tag_d;
      dc_q    <= dc_d;
      pte_q   <= pte_d;
      lvl_q   <= lvl_d;
      a_ppn_q <= a_ppn_d;
      k_q     <= k_d;
      fault_q <= fault_d;
      cause_q <= cause_d;
      pa_q    <= pa_d;
      dtf_q   <= dtf_d;
    end
  end

  /////////////
  // Outputs //
  /////////////

  logic in_respond;
  assign in_respond  = state_q == StRespond;

  assign req_ready_o = (state_q == StIdle) & ~ddtp_busy_i;

  assign rsp_valid_o = in_respond;
  assign rsp_tag_o   = in_respond ? tag_q : '0;
  assign rsp_fault_o = in_respond & fault_q;
  assign rsp_cause_o = (in_respond & fault_q) ? cause_q : '0;
  assign rsp_pa_o    = (in_respond & ~fault_q) ? pa_q : '0;

  always_comb begin
    mem_req_valid_o = 1'b0;
    mem_req_op_o    = MemOpRead;
    mem_req_addr_o  = '0;
    mem_req_wdata_o = '0;
    mem_req_be_o    = '0;
    unique case (state_q)
      StDcReq: begin
        mem_req_valid_o = 1'b1;
        mem_req_addr_o  = {{(64 - PasW){1'b0}}, ddtp_ppn_i, did_q[6:0], k_q, 3'b000};
        mem_req_be_o    = 8'hFF;
      end
      StPteReq: begin
        mem_req_valid_o = 1'b1;
        mem_req_addr_o  = {{(64 - PasW){1'b0}}, a_ppn_q, sv39_vpn(iova_q[PgOffW +: 3*VpnW], lvl_q), 3'b000};
        mem_req_be_o    = 8'hFF;
      end
      StFqReq: begin
        mem_req_valid_o = 1'b1;
        mem_req_op_o    = MemOpWrite;
        mem_req_addr_o  = {{(64 - PasW){1'b0}}, fqb_ppn_i, 12'h000} +
                          {27'h0, fqt_i, k_q, 3'b000};
        mem_req_wdata_o = rec_dw;
        mem_req_be_o    = 8'hFF;
      end
      default: ;
    endcase
  end

  assign tlb_did_o  = did_q;
  assign tlb_iova_o = iova_q;

  assign state_o      = state_q;
  assign walk_level_o = ((state_q == StPteReq) || (state_q == StPteWait) ||
                         (state_q == StPteCheck)) ? lvl_q : 2'd0;

  // Parts of the DC and PTE that no check of this version needs.
  logic unused_bits;
  assign unused_bits = ^{dc.tc.custom, dc.iohgatp.gscid, dc.iohgatp.ppn, dc.ta.pscid,
                         pte_q.rsw, pte_q.g, tlb_hit_entry_i.valid, tlb_hit_entry_i.did,
                         tlb_hit_entry_i.vpn};

`ifdef IOMMU_ASSERT
  // Memory requests are only presented in the request states.
  always @(posedge clk_i) begin : MemReqOnlyInReqStates
    if (rst_ni) begin
      assert (!mem_req_valid_o || (state_q == StDcReq) || (state_q == StPteReq) ||
              (state_q == StFqReq)) else $error("MemReqOnlyInReqStates");
    end
  end

  // A successful response never carries a cause or a fault with a translated address.
  always @(posedge clk_i) begin : RspPayloadConsistent
    if (rst_ni) begin
      assert (!rsp_valid_o || (rsp_fault_o ? (rsp_pa_o == '0) : (rsp_cause_o == '0)))
        else $error("RspPayloadConsistent");
    end
  end
`endif

endmodule
