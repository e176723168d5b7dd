// Page-table walker: the Sv39, Sv48 or Sv57 walk of a first-stage page table, from the root table
// of iosatp to a leaf, with the leaf checks (RISC-V privileged specification, "Virtual Address
// Translation Process" of Sv39, which Sv48 and Sv57 follow with LEVELS = 4 and 5; permission checks
// of docs/microarch.md section 5.3), and the hardware A/D update by compare-and-swap when the DC's
// tc.SADE = 1 (version 6; privileged spec step 9 with Svadu, IOMMU spec "Process to translate an
// IOVA"). Version 10 (docs/microarch.md 5.8): Sv32 (4-byte PTEs in their doubleword, 8-byte CAS),
// Svnapot, Svpbmt and Svrsw60t59b encodings, PTEs in the DC's tc.SBE byte order. States StPteReq, StPteWait, StPteCheck, StAdReq, StAdWait of docs/microarch.md section 5
// (StIdle while it does not hold the translation). Outputs are functions of registered state and of
// the memory response of this cycle (done_o).

module iommu_pagewalk
  import iommu_pkg::*;
  import iommu_cfg_pkg::*;
(
  input  logic                         clk_i,
  input  logic                         rst_ni,

  // Start (from the translation controller) and the request being translated
  input  logic                         start_i,     // take the translation at this edge
  input  logic [PpnW-1:0]              root_ppn_i,  // iosatp.PPN: the root table, read at start
  input  logic [3:0]                   mode_i,      // iosatp.MODE (Sv39/48/57, or FsModeSv32), read at start
  input  logic                         sbe_i,       // the DC's tc.SBE: big-endian PTEs (held)
  input  logic                         sxl_i,       // the DC's tc.SXL: 34-bit GPAs (held)
  input  logic [PgOffW+VaTagW-1:0]     va_i,        // IOVA bits 56:0 (canonical: checked before)
  input  logic [TtypW-1:0]             ttyp_i,
  input  logic                         pv_i,
  input  logic                         priv_i,
  input  logic                         sade_i,      // the DC's tc.SADE: A/D update instead of fault
  input  logic                         sum_i,       // the PC's ta.SUM (0 without a process context)
  // Version 8: every PTE access goes through a G-walk when the DC's iohgatp.MODE is not Bare
  input  logic                         two_stage_i, // iohgatp.MODE is not Bare (held)
  input  logic [3:0]                   g_mode_i,    // iohgatp.MODE, internal code (the GPA width check)
  output logic                         g_start_o,   // start a G-walk at this edge
  output logic [63:0]                  g_gpa_o,
  output gpurpose_e                    g_purpose_o,
  input  logic                         g_done_i,
  input  logic                         g_fault_i,
  input  logic [CauseW-1:0]            g_cause_i,
  input  logic [63:0]                  g_iotval2_i,
  input  logic [63:0]                  g_spa_i,

  // Memory client
  output mem_req_t                     mem_req_o,
  input  logic                         mem_req_ready_i,
  input  mem_rsp_t                     mem_rsp_i,

  // Result, in the last cycle of the walk
  output logic                         done_o,
  output logic                         fault_o,
  output logic [CauseW-1:0]            cause_o,     // 0 unless fault_o
  output logic [63:0]                  iotval2_o,   // a guest-page fault's iotval2 (version 8)
  output logic [63:0]                  pa_o,        // translated address; 0 unless a good leaf
  output logic                         leaf_ok_o,   // a good leaf (registered state only)
  output sv39_pte_t                    leaf_o,      // the leaf PTE (registered; with done_o & ~fault_o)
  output logic [WalkLvlW-1:0]          level_o,     // its level i
  output logic [PgSzW-1:0]             sz_o,        // its page size (version 10, section 6.6)
  output logic                         g_o,         // the walk's g: OR of its PTEs' G bits

  // Observation
  output xlate_state_e                 state_o,
  output logic [WalkLvlW-1:0]          walk_level_o // level i while walking, 0 otherwise
);

  ///////////////
  // Registers //
  ///////////////

  xlate_state_e                state_q, state_d;
  sv39_pte_t                   pte_q, pte_d;
  logic [WalkLvlW-1:0]         lvl_q, lvl_d;      // level i
  logic [PpnW-1:0]             a_ppn_q, a_ppn_d;  // table address a = a_ppn * 4096
  logic                        g_q, g_d;          // global flag g (docs/microarch.md section 5.1)
  // Version 8: the request state waits for its G-walk (gwait), whose leaf gives the address (spa)
  logic                        gwait_q, gwait_d;
  logic [63:0]                 spa_q, spa_d;
  // Version 10: the mode of the walk and the PTE's doubleword as read (the CAS's compare value)
  logic [3:0]                  mode_q, mode_d;
  logic [63:0]                 raw_q, raw_d;
  logic                        is32;
  assign is32 = (mode_q == FsModeSv32);

  // PTE classification (privileged spec translation process steps 3 to 5)
  logic pte_invalid;     // V = 0, W = 1 with R = 0, or a reserved encoding (section 5.8)
  logic pte_leaf;
  logic pte_ptr_rsvd;    // D, A, U set in a pointer PTE are reserved
  logic pte_misaligned;
  assign pte_invalid    = pte_bad_encoding(pte_q[63:54], pte_q.ppn[3:0], pte_q[3:0], lvl_q);
  assign pte_leaf       = pte_q.r || pte_q.x;
  assign pte_ptr_rsvd   = pte_q.d || pte_q.a || pte_q.u;
  assign pte_misaligned = misaligned_x(pte_q.ppn, lvl_q, is32);

  // The access rights alone (a = d = 1); A and D are judged apart: with tc.SADE = 1 they are
  // set by the update instead of faulting (section 5.3).
  logic pte_perm_fault;
  assign pte_perm_fault = leaf_perm_fault(ttyp_i, pv_i, priv_i, sum_i, pte_q.r, pte_q.w,
                                          pte_q.x, pte_q.u, 1'b1, 1'b1);

  // A leaf whose only missing piece is A, or D on a write (TTYP 3 or 7).
  logic is_write;
  logic pte_ad_missing;
  assign is_write       = (ttyp_access(ttyp_i) == AccWrite);
  assign pte_ad_missing = !pte_q.a || (is_write && !pte_q.d);

  // The PTE with A set, and D on a write: the CAS's write data.
  sv39_pte_t pte_ad;
  always_comb begin
    pte_ad   = pte_q;
    pte_ad.a = 1'b1;
    if (is_write) pte_ad.d = 1'b1;
  end

  // A good pointer PTE above level 0: the walk descends (Sv39 step 4).
  logic pte_descend;
  assign pte_descend = !pte_invalid && !pte_leaf && !pte_ptr_rsvd && (lvl_q != '0);

  // A leaf that passes every check: the walk succeeds (Sv39 step 10).
  // A leaf that passes every check but A/D, with tc.SADE = 1: the CAS (StAdReq) comes next.
  logic pte_rights_ok;
  logic pte_good_leaf;
  logic pte_ad_update;
  assign pte_rights_ok = !pte_invalid && pte_leaf && !pte_misaligned && !pte_perm_fault;
  assign pte_good_leaf = pte_rights_ok && !pte_ad_missing;
  assign pte_ad_update = pte_rights_ok && pte_ad_missing && sade_i;
  assign leaf_ok_o     = (state_q == StPteCheck) && pte_good_leaf;

  ////////////
  // Result //
  ////////////

  // Kept apart from the next-state logic, which reads start_i: the controller's next step
  // depends on this result in the same cycle.
  // Version 8: the GPA of the next table's PTE, and whether it is wider than the G-stage mode allows
  // (docs/microarch.md section 5.6: the state that starts a G-walk checks it).
  logic [63:0] next_gpa;
  logic        next_wide;
  assign next_gpa  = {{(64 - PasW){1'b0}}, pte_q.ppn, 12'h0} +
                     64'(fs_pte_off(va_i[PgOffW +: VaTagW], lvl_q - 1'b1, mode_q));
  assign next_wide = two_stage_i && g_gpa_wide(next_gpa[63:34], g_mode_i, sxl_i);

  always_comb begin
    done_o    = 1'b0;
    fault_o   = 1'b0;
    cause_o   = '0;
    pa_o      = '0;
    iotval2_o = '0;
    if (gwait_q && g_done_i && g_fault_i) begin
      done_o    = 1'b1;
      fault_o   = 1'b1;
      cause_o   = g_cause_i;
      iotval2_o = g_iotval2_i;
    end
    if (!gwait_q) unique case (state_q)
      // Sv39 step 2: PTE load access fault for the access type, or PT data corruption (274).
      StPteWait: begin
        if (mem_rsp_i.valid && (mem_rsp_i.err != MemErrOk)) begin
          done_o  = 1'b1;
          fault_o = 1'b1;
          cause_o = (mem_rsp_i.err == MemErrAccess) ? access_fault_cause(ttyp_i)
                                                    : CausePtDataCorruption;
        end
      end
      // Sv39 step 2 for the CAS (the IOMMU reads and writes the PTE as one access): an access
      // fault of the transaction type, or PT data corruption (274).
      StAdWait: begin
        if (mem_rsp_i.valid && (mem_rsp_i.err != MemErrOk)) begin
          done_o  = 1'b1;
          fault_o = 1'b1;
          cause_o = (mem_rsp_i.err == MemErrAccess) ? access_fault_cause(ttyp_i)
                                                    : CausePtDataCorruption;
        end
      end
      // Sv39 steps 3 to 10: validity, pointer descent, leaf checks (A/D missing with SADE = 0 is
      // the page fault of step 9).
      StPteCheck: begin
        if (pte_descend && next_wide) begin
          done_o    = 1'b1;
          fault_o   = 1'b1;
          cause_o   = access_guest_page_fault(ttyp_access(ttyp_i));
          iotval2_o = (next_gpa | 64'd1);
        end else if (!pte_descend && !pte_ad_update) begin
          done_o = 1'b1;
          if (!pte_good_leaf) begin
            fault_o = 1'b1;
            cause_o = page_fault_cause(ttyp_i);
          end else begin
            pa_o = pa_by_sz(pte_q.ppn, sz_o, 56'(va_i));
          end
        end
      end
      default: ;
    endcase
  end

  //////////////////////
  // Next-state logic //
  //////////////////////

  always_comb begin
    state_d = state_q;
    pte_d   = pte_q;
    lvl_d   = lvl_q;
    a_ppn_d = a_ppn_q;
    g_d     = g_q;
    gwait_d = gwait_q;
    spa_d   = spa_q;
    mode_d  = mode_q;
    raw_d   = raw_q;
    g_start_o   = 1'b0;
    g_gpa_o     = '0;
    g_purpose_o = GpFsPte;

    unique case (state_q)
      // Sv39 step 1: a = iosatp.PPN * 4096, i = LEVELS - 1. Two-stage: the root PTE's GPA goes
      // through a G-walk first (its width was checked by the starter).
      StIdle: begin
        if (start_i) begin
          lvl_d   = fs_top_level(mode_i);
          a_ppn_d = root_ppn_i;
          mode_d  = mode_i;
          g_d     = 1'b0;
          state_d = StPteReq;
          if (two_stage_i) begin
            g_start_o = 1'b1;
            g_gpa_o   = {{(64 - PasW){1'b0}}, root_ppn_i, 12'h0} +
                        64'(fs_pte_off(va_i[PgOffW +: VaTagW], fs_top_level(mode_i), mode_i));
            gwait_d   = 1'b1;
          end
        end
      end

      // Sv39 step 2: read the PTE at a + VPN[i] * 8 (two-stage: at the G-walk's spa, once it is done).
      StPteReq: begin
        if (gwait_q) begin
          if (g_done_i) begin
            gwait_d = 1'b0;
            spa_d   = g_spa_i;
            if (g_fault_i) state_d = StIdle;
          end
        end else if (mem_req_ready_i) begin
          state_d = StPteWait;
        end
      end

      // Sv39 step 2: store the PTE unless the read failed.
      StPteWait: begin
        if (mem_rsp_i.valid) begin
          if (mem_rsp_i.err != MemErrOk) begin
            state_d = StIdle;
          end else begin
            raw_d   = mem_rsp_i.rdata;
            pte_d   = pte_load(mem_rsp_i.rdata, pte_gpa[2], is32, sbe_i);
            g_d     = g_q | pte_d.g;
            state_d = StPteCheck;
          end
        end
      end

      // Sv39 step 4: i = i - 1, a = PTE.PPN * 4096; step 9: the A/D update; otherwise the walk
      // ends here.
      StPteCheck: begin
        if (pte_descend && next_wide) begin
          state_d = StIdle;
        end else if (pte_descend) begin
          lvl_d   = lvl_q - 1'b1;
          a_ppn_d = pte_q.ppn;
          state_d = StPteReq;
          if (two_stage_i) begin
            g_start_o = 1'b1;
            g_gpa_o   = next_gpa;
            gwait_d   = 1'b1;
          end
        end else if (pte_ad_update) begin
          state_d = StAdReq;
          if (two_stage_i) begin
            g_start_o   = 1'b1;
            g_gpa_o     = pte_gpa;
            g_purpose_o = GpFsAd;
            gwait_d     = 1'b1;
          end
        end else begin
          state_d = StIdle;
        end
      end

      // Step 9: the compare-and-swap of the leaf PTE at its own address.
      StAdReq: begin
        if (gwait_q) begin
          if (g_done_i) begin
            gwait_d = 1'b0;
            spa_d   = g_spa_i;
            if (g_fault_i) state_d = StIdle;
          end
        end else if (mem_req_ready_i) begin
          state_d = StAdWait;
        end
      end

      // The old value equal to the compare value: the PTE now holds the written value, which
      // StPteCheck accepts. Different (software rewrote it in between): read it again, same a
      // and i; g keeps what it had (the new read ORs its G in).
      StAdWait: begin
        if (mem_rsp_i.valid) begin
          if (mem_rsp_i.err != MemErrOk) begin
            state_d = StIdle;
          end else if (mem_rsp_i.rdata == raw_q) begin
            pte_d   = pte_ad;
            raw_d   = ad_wdata;
            state_d = StPteCheck;
          end else begin
            state_d = StPteReq;
            if (two_stage_i) begin
              g_start_o = 1'b1;
              g_gpa_o   = pte_gpa;
              gwait_d   = 1'b1;
            end
          end
        end
      end

      default: state_d = StIdle;
    endcase
  end

  ////////////////
  // Flip-flops //
  ////////////////

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      state_q <= StIdle;
      pte_q   <= '0;
      lvl_q   <= '0;
      a_ppn_q <= '0;
      g_q     <= 1'b0;
      gwait_q <= 1'b0;
      spa_q   <= '0;
      mode_q  <= '0;
      raw_q   <= '0;
    end else begin
      state_q <= state_d;
      pte_q   <= pte_d;
      lvl_q   <= lvl_d;
      a_ppn_q <= a_ppn_d;
      g_q     <= g_d;
      gwait_q <= gwait_d;
      spa_q   <= spa_d;
      mode_q  <= mode_d;
      raw_q   <= raw_d;
    end
  end

  /////////////
  // Outputs //
  /////////////

  // The PTE's address a + VPN[i] * 8 (Sv32: * 4): the read of StPteReq and the CAS of StAdReq.
  // Two-stage: that address is a GPA and the access goes to the G-walk's spa. Version 10: the access
  // is always the containing doubleword (a 4-byte PTE is the half that address bit 2 selects).
  logic [63:0] pte_gpa, pte_addr;
  assign pte_gpa  = {{(64 - PasW){1'b0}}, a_ppn_q, 12'h0} + 64'(fs_pte_off(va_i[PgOffW +: VaTagW], lvl_q, mode_q));
  assign pte_addr = two_stage_i ? spa_q : pte_gpa;

  // The CAS: compare value the doubleword as read, write data that doubleword with the updated PTE.
  logic [63:0] ad_wdata;
  assign ad_wdata = pte_store(raw_q, pte_ad, pte_gpa[2], is32, sbe_i);

  always_comb begin
    mem_req_o = '0;
    if (((state_q == StPteReq) || (state_q == StAdReq)) && !gwait_q) begin
      mem_req_o.valid = 1'b1;
      mem_req_o.op    = MemOpRead;
      mem_req_o.addr  = {pte_addr[63:3], 3'b000};
      mem_req_o.be    = 8'hFF;
    end
    if (state_q == StAdReq) begin
      mem_req_o.op    = MemOpCas;
      mem_req_o.cmp   = raw_q;
      mem_req_o.wdata = ad_wdata;
    end
  end

  assign leaf_o       = pte_q;
  // The doubleword access ignores bits 2:0 (a 4-byte PTE's half is pte_gpa[2]).
  logic unused_addr;
  assign unused_addr = ^pte_addr[2:0];
  assign level_o      = lvl_q;
  assign sz_o         = leaf_sz(lvl_q, is32, pte_q.n);
  assign g_o          = g_q;
  assign state_o      = state_q;
  assign walk_level_o = (state_q != StIdle) ? lvl_q : '0;

  ////////////////
  // Assertions //
  ////////////////

`ifndef SYNTHESIS
  // State codes legal: the walker's own states only.
  StateLegal_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      state_q inside {StIdle, StPteReq, StPteWait, StPteCheck, StAdReq, StAdWait})
    else $error("%s:%0d: StateLegal_A: state %0d", `__FILE__, `__LINE__, state_q);

  // No second start while busy.
  NoStartWhileBusy_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      start_i |-> (state_q == StIdle))
    else $error("%s:%0d: NoStartWhileBusy_A: start in state %0d", `__FILE__, `__LINE__, state_q);

  // Pointer in range: Sv57 has levels 4 to 0.
  LevelInRange_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      (state_q != StIdle) |-> (lvl_q <= WalkLvlW'(4)))
    else $error("%s:%0d: LevelInRange_A: i = %0d", `__FILE__, `__LINE__, lvl_q);

  // Version 8: a G-walk wait only in a request state, only with a second stage; a G-walk starts only
  // with a second stage.
  GwaitPlace_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      gwait_q |-> (two_stage_i && (state_q inside {StPteReq, StAdReq})))
    else $error("%s:%0d: GwaitPlace_A: state %0d", `__FILE__, `__LINE__, state_q);
  GStartTwoStage_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      g_start_o |-> (two_stage_i && (state_d inside {StPteReq, StAdReq}) && gwait_d))
    else $error("%s:%0d: GStartTwoStage_A", `__FILE__, `__LINE__);

  // Handshake stability of the request: MemReqStable_A in iommu_mem_arb, which sees every client's.

  // A walk starts only for a first-stage mode (StDcCheck checks it).
  StartModeLegal_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      start_i |-> fs_mode(mode_i))
    else $error("%s:%0d: StartModeLegal_A: mode %0d", `__FILE__, `__LINE__, mode_i);

  // The walk never climbs: i only decreases, by one per pointer PTE, from a new start.
  LevelDescends_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      ((state_q == StPteCheck) && pte_descend && !next_wide) |=> (lvl_q == $past(lvl_q) - 1'b1))
    else $error("%s:%0d: LevelDescends_A: i = %0d", `__FILE__, `__LINE__, lvl_q);

  // A response only while waiting for one.
  RspOnlyInWait_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      mem_rsp_i.valid |-> (state_q inside {StPteWait, StAdWait}))
    else $error("%s:%0d: RspOnlyInWait_A: response in state %0d", `__FILE__, `__LINE__, state_q);

  // The CAS is only for a leaf that passed every check but A/D, with tc.SADE = 1.
  AdOnlyWithSade_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      ((state_q == StPteCheck) && (state_d == StAdReq)) |-> (sade_i && pte_rights_ok &&
                                                             pte_ad_missing))
    else $error("%s:%0d: AdOnlyWithSade_A: CAS for PTE %h", `__FILE__, `__LINE__, pte_q);

  // The CAS only sets bits: it writes the PTE as read with A (and D on a write) added (in the PTE's byte
  // order and half; version 10).
  AdCasSetsOnly_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      (mem_req_o.valid && (mem_req_o.op == MemOpCas)) |->
      ((state_q == StAdReq) && ((pte_ad & ~pte_q) != '0) &&
       ((pte_ad & ~pte_q) == ((pte_ad & ~pte_q) & 64'hC0)) &&
       (mem_req_o.cmp == raw_q) && (pte_load(mem_req_o.wdata, pte_gpa[2], is32, sbe_i) == pte_ad)))
    else $error("%s:%0d: AdCasSetsOnly_A: cmp %h wdata %h", `__FILE__, `__LINE__, mem_req_o.cmp,
                mem_req_o.wdata);

  // Version 10: a 4-byte PTE's CAS leaves the other half of its doubleword as read.
  Ad32OtherHalf_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      (mem_req_o.valid && (mem_req_o.op == MemOpCas) && is32) |->
      (pte_gpa[2] ? (mem_req_o.wdata[31:0] == raw_q[31:0]) : (mem_req_o.wdata[63:32] == raw_q[63:32])))
    else $error("%s:%0d: Ad32OtherHalf_A", `__FILE__, `__LINE__);

  // Version 10: an Sv32 walk has levels 1 and 0 only, and its PTEs have no bits 63:32.
  Sv32Shape_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      ((state_q != StIdle) && is32) |-> (CfgSv32 && (lvl_q <= WalkLvlW'(1)) &&
                                         ((state_q != StPteCheck) || (pte_q[63:32] == '0))))
    else $error("%s:%0d: Sv32Shape_A: i = %0d", `__FILE__, `__LINE__, lvl_q);

  // A successful CAS leaves a PTE that passes at the next StPteCheck (no second CAS in a row).
  AdSuccessPasses_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      ((state_q == StAdWait) && (state_d == StPteCheck)) |=> pte_good_leaf)
    else $error("%s:%0d: AdSuccessPasses_A: PTE %h", `__FILE__, `__LINE__, pte_q);

  // Outputs known when valid; a fault carries a cause and no address.
  DoneKnown_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      done_o |-> (!$isunknown({fault_o, cause_o, pa_o}) && (fault_o == (cause_o != '0)) &&
                  (!fault_o || (pa_o == '0))))
    else $error("%s:%0d: DoneKnown_A", `__FILE__, `__LINE__);
`endif

endmodule
