// Second-stage walker (version 8): the G-walk of one guest physical address for one purpose (a
// first-stage PTE read or A/D update, a PDT entry or PC read, or the request's final GPA), its leaf
// checks and the hardware A/D update of the G-stage leaf (tc.GADE). Behaviour: hypervisor chapter of
// the privileged spec, "Two-Stage Address Translation" (Sv39x4, Sv48x4, Sv57x4: every access is a User
// access, G is not used), IOMMU spec "Process to translate an IOVA" steps 17 to 19. States StGpteReq ..
// StGadWait of docs/microarch.md section 5.6 (StIdle while no G-walk runs). The starter checks the GPA
// width in its own cycle; a start here always has gpa[63:GAW] = 0. Version 10 (docs/microarch.md 5.8):
// Sv32x4 (4-byte G-PTEs in their doubleword, 8-byte CAS), the Svnapot/Svpbmt/Svrsw60t59b encodings, G-PTEs
// in fctl.BE byte order. Outputs are functions of registered
// state and of the memory response of this cycle (done_o).

module iommu_gstage
  import iommu_pkg::*;
  import iommu_cfg_pkg::*;
(
  input  logic                         clk_i,
  input  logic                         rst_ni,

  // Start (from the block that needs the GPA translated)
  input  logic                         start_i,
  input  logic [63:0]                  gpa_i,
  input  gpurpose_e                    purpose_i,
  input  logic [3:0]                   mode_i,      // the DC's iohgatp.MODE, internal code (held)
  input  logic                         be_i,        // the translation's fctl.BE (held)
  input  logic [PpnW-1:0]              root_ppn_i,  // the DC's iohgatp.PPN (read at start)
  input  logic                         gade_i,      // the DC's tc.GADE
  input  logic [TtypW-1:0]             ttyp_i,      // the request's transaction type

  // Memory client
  output mem_req_t                     mem_req_o,
  input  logic                         mem_req_ready_i,
  input  mem_rsp_t                     mem_rsp_i,

  // Result, in the last cycle of the G-walk
  output logic                         done_o,
  output logic                         fault_o,
  output logic [CauseW-1:0]            cause_o,
  output logic [63:0]                  iotval2_o,   // guest-page fault: the GPA and its two flags
  output logic [63:0]                  spa_o,       // the translated address (no fault)
  output sv39_pte_t                    leaf_o,      // the G-stage leaf (registered)
  output logic [WalkLvlW-1:0]          level_o,     // its level gi (registered)
  output logic [PgSzW-1:0]             sz_o,        // its page size (version 10, section 6.6)
  output gpurpose_e                    purpose_o,   // the running purpose (registered)

  // Observation
  output xlate_state_e                 state_o,
  output logic [WalkLvlW-1:0]          level_obs_o  // gi in the G-walk states, 0 otherwise
);

  xlate_state_e        state_q, state_d;
  sv39_pte_t           pte_q, pte_d;
  logic [WalkLvlW-1:0] gi_q, gi_d;
  logic [PpnW-1:0]     ga_q, ga_d;
  logic [63:0]         gpa_q, gpa_d;
  gpurpose_e           purp_q, purp_d;
  logic [63:0]         raw_q, raw_d;   // the G-PTE's doubleword as read (the CAS's compare value)
  logic                is32;
  assign is32 = (mode_i == GModeSv32x4);

  // The access of the purpose: FsAd writes, Final is the request's, the others read.
  access_e acc;
  always_comb begin
    unique case (purp_q)
      GpFsAd:  acc = AccWrite;
      GpFinal: acc = ttyp_access(ttyp_i);
      default: acc = AccRead;
    endcase
  end
  logic implicit_acc, pd_acc;
  assign implicit_acc = purp_q != GpFinal;
  assign pd_acc       = (purp_q == GpPdt) || (purp_q == GpPc);

  // PTE classification (privileged spec translation process steps 3 to 5; N, PBMT and bits 60:54 are
  // reserved here as for the first stage)
  logic pte_invalid, pte_leaf, pte_ptr_rsvd, pte_misaligned, pte_perm_bad, ad_missing;
  assign pte_invalid    = pte_bad_encoding(pte_q[63:54], pte_q.ppn[3:0], pte_q[3:0], gi_q);
  assign pte_leaf       = pte_q.r || pte_q.x;
  assign pte_ptr_rsvd   = pte_q.d || pte_q.a || pte_q.u;
  assign pte_misaligned = misaligned_x(pte_q.ppn, gi_q, is32);
  always_comb begin
    unique case (acc)
      AccExec:  pte_perm_bad = !pte_q.x;
      AccWrite: pte_perm_bad = !pte_q.r || !pte_q.w;
      default:  pte_perm_bad = !pte_q.r;
    endcase
    // Every G-stage access is a User access.
    if (!pte_q.u) pte_perm_bad = 1'b1;
  end
  assign ad_missing = !pte_q.a || ((acc == AccWrite) && !pte_q.d);

  logic descend, rights_ok, good_leaf, ad_update;
  assign descend   = !pte_invalid && !pte_leaf && !pte_ptr_rsvd && (gi_q != '0);
  assign rights_ok = !pte_invalid && pte_leaf && !pte_misaligned && !pte_perm_bad;
  assign good_leaf = rights_ok && !ad_missing;
  assign ad_update = rights_ok && ad_missing && gade_i;

  sv39_pte_t pte_ad;
  always_comb begin
    pte_ad   = pte_q;
    pte_ad.a = 1'b1;
    if (acc == AccWrite) pte_ad.d = 1'b1;
  end

  // Guest-page fault: the request's access type, whatever the purpose; iotval2 = the GPA with bit 0 =
  // implicit and bit 1 = implicit write (docs/microarch.md section 5.6).
  logic [63:0] gpf_iotval2;
  assign gpf_iotval2 = {gpa_q[63:2], (purp_q == GpFsAd), implicit_acc};

  logic mem_err;
  assign mem_err = mem_rsp_i.valid && (mem_rsp_i.err != MemErrOk);

  always_comb begin
    done_o    = 1'b0;
    fault_o   = 1'b0;
    cause_o   = '0;
    iotval2_o = '0;
    spa_o     = '0;
    unique case (state_q)
      StGpteWait, StGadWait: begin
        if (mem_err) begin
          done_o  = 1'b1;
          fault_o = 1'b1;
          if (mem_rsp_i.err == MemErrAccess) begin
            cause_o = pd_acc ? CausePdtLoadAccessFault : access_fault_cause(ttyp_i);
          end else begin
            cause_o = pd_acc ? CausePdtDataCorruption : CausePtDataCorruption;
          end
        end
      end
      StGpteCheck: begin
        if (!descend && !ad_update) begin
          done_o = 1'b1;
          if (!good_leaf) begin
            fault_o   = 1'b1;
            cause_o   = access_guest_page_fault(ttyp_access(ttyp_i));
            iotval2_o = gpf_iotval2;
          end else begin
            spa_o = pa_by_sz(pte_q.ppn, sz_o, gpa_q[55:0]);
          end
        end
      end
      default: ;
    endcase
  end

  always_comb begin
    state_d = state_q;
    pte_d   = pte_q;
    gi_d    = gi_q;
    ga_d    = ga_q;
    gpa_d   = gpa_q;
    purp_d  = purp_q;
    raw_d   = raw_q;
    unique case (state_q)
      StIdle: begin
        if (start_i) begin
          gi_d    = g_top_level(mode_i);
          ga_d    = root_ppn_i;
          gpa_d   = gpa_i;
          purp_d  = purpose_i;
          state_d = StGpteReq;
        end
      end
      StGpteReq: if (mem_req_ready_i) state_d = StGpteWait;
      StGpteWait: begin
        if (mem_rsp_i.valid) begin
          if (mem_rsp_i.err != MemErrOk) begin
            state_d = StIdle;
          end else begin
            raw_d   = mem_rsp_i.rdata;
            pte_d   = pte_load(mem_rsp_i.rdata, gpte_addr[2], is32, be_i);
            state_d = StGpteCheck;
          end
        end
      end
      StGpteCheck: begin
        if (descend) begin
          gi_d    = gi_q - 1'b1;
          ga_d    = pte_q.ppn;
          state_d = StGpteReq;
        end else if (ad_update) begin
          state_d = StGadReq;
        end else begin
          state_d = StIdle;
        end
      end
      StGadReq: if (mem_req_ready_i) state_d = StGadWait;
      StGadWait: begin
        if (mem_rsp_i.valid) begin
          if (mem_rsp_i.err != MemErrOk) begin
            state_d = StIdle;
          end else if (mem_rsp_i.rdata == raw_q) begin
            pte_d   = pte_ad;
            raw_d   = gad_wdata;
            state_d = StGpteCheck;
          end else begin
            state_d = StGpteReq;
          end
        end
      end
      default: state_d = StIdle;
    endcase
  end

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      state_q <= StIdle;
      pte_q   <= '0;
      gi_q    <= '0;
      ga_q    <= '0;
      gpa_q   <= '0;
      purp_q  <= GpFsPte;
      raw_q   <= '0;
    end else begin
      state_q <= state_d;
      pte_q   <= pte_d;
      gi_q    <= gi_d;
      ga_q    <= ga_d;
      gpa_q   <= gpa_d;
      purp_q  <= purp_d;
      raw_q   <= raw_d;
    end
  end

  // The G-stage PTE's address ga + VPN_G[gi] * 8 (Sv32x4: * 4; the read and the CAS of its doubleword).
  logic [63:0] gpte_addr;
  assign gpte_addr = {{(64 - PasW){1'b0}}, ga_q, 12'h0} + 64'(g_pte_off(gpa_q, gi_q, mode_i));
  logic [63:0] gad_wdata;
  assign gad_wdata = pte_store(raw_q, pte_ad, gpte_addr[2], is32, be_i);

  always_comb begin
    mem_req_o = '0;
    if ((state_q == StGpteReq) || (state_q == StGadReq)) begin
      mem_req_o.valid = 1'b1;
      mem_req_o.op    = MemOpRead;
      mem_req_o.addr  = {gpte_addr[63:3], 3'b000};
      mem_req_o.be    = 8'hFF;
    end
    if (state_q == StGadReq) begin
      mem_req_o.op    = MemOpCas;
      mem_req_o.cmp   = raw_q;
      mem_req_o.wdata = gad_wdata;
    end
  end

  assign leaf_o      = pte_q;
  assign level_o     = gi_q;
  assign sz_o        = leaf_sz(gi_q, is32, pte_q.n);
  assign purpose_o   = purp_q;
  assign state_o     = state_q;
  assign level_obs_o = (state_q != StIdle) ? gi_q : '0;

  logic unused_bits;
  assign unused_bits = ^{pte_q.g, pte_q.rsw, gpte_addr[1:0], gpa_q[63:56]};

`ifndef SYNTHESIS
  GStateLegal_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      state_q inside {StIdle, StGpteReq, StGpteWait, StGpteCheck, StGadReq, StGadWait})
    else $error("%s:%0d: GStateLegal_A: state %0d", `__FILE__, `__LINE__, state_q);
  GNoStartWhileBusy_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      start_i |-> (state_q == StIdle))
    else $error("%s:%0d: GNoStartWhileBusy_A: state %0d", `__FILE__, `__LINE__, state_q);
  GStartModeLegal_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      start_i |-> (CfgG && g_eff_supported(mode_i) && !g_gpa_wide(gpa_i[63:34], mode_i, 1'b0)))
    else $error("%s:%0d: GStartModeLegal_A: mode %0d gpa %h", `__FILE__, `__LINE__, mode_i, gpa_i);
  GLevelInRange_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      (state_q != StIdle) |-> (gi_q <= g_top_level(mode_i)))
    else $error("%s:%0d: GLevelInRange_A: gi = %0d", `__FILE__, `__LINE__, gi_q);
  GLevelDescends_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      ((state_q == StGpteCheck) && descend) |=> (gi_q == $past(gi_q) - 1'b1))
    else $error("%s:%0d: GLevelDescends_A", `__FILE__, `__LINE__);
  GRspOnlyInWait_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      mem_rsp_i.valid |-> (state_q inside {StGpteWait, StGadWait}))
    else $error("%s:%0d: GRspOnlyInWait_A: state %0d", `__FILE__, `__LINE__, state_q);
  GAdOnlyWithGade_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      ((state_q == StGpteCheck) && (state_d == StGadReq)) |-> (gade_i && rights_ok && ad_missing))
    else $error("%s:%0d: GAdOnlyWithGade_A", `__FILE__, `__LINE__);
  GAdSuccessPasses_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      ((state_q == StGadWait) && (state_d == StGpteCheck)) |=> good_leaf)
    else $error("%s:%0d: GAdSuccessPasses_A: PTE %h", `__FILE__, `__LINE__, pte_q);
  GDoneKnown_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      done_o |-> (!$isunknown({fault_o, cause_o, spa_o, iotval2_o}) && (fault_o == (cause_o != '0)) &&
                  (!fault_o || (spa_o == '0))))
    else $error("%s:%0d: GDoneKnown_A", `__FILE__, `__LINE__);
  // Version 10: the G-CAS writes the G-PTE as read with A (and D) added, other half unchanged.
  GAdCasSetsOnly_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      (mem_req_o.valid && (mem_req_o.op == MemOpCas)) |->
      ((mem_req_o.cmp == raw_q) && (pte_load(mem_req_o.wdata, gpte_addr[2], is32, be_i) == pte_ad) &&
       ((pte_ad & ~pte_q) != '0) && ((pte_ad & ~pte_q & ~64'hC0) == '0) &&
       (!is32 || (gpte_addr[2] ? (mem_req_o.wdata[31:0] == raw_q[31:0])
                               : (mem_req_o.wdata[63:32] == raw_q[63:32])))))
    else $error("%s:%0d: GAdCasSetsOnly_A", `__FILE__, `__LINE__);
  GNotBuiltIdle_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      !CfgG |-> (state_q == StIdle))
    else $error("%s:%0d: GNotBuiltIdle_A", `__FILE__, `__LINE__);
`endif

endmodule
