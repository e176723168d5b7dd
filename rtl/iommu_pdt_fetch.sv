// Process-context fetch (version 7): walks the non-leaf levels of a PD17 or PD20 process directory,
// then reads the two doublewords (ta, fsc) of the process context of the effective process_id p
// from the leaf table, and applies the checks that locate it (RISC-V IOMMU specification, "Process
// to locate the Process-context", "Non-leaf PDT entry", "Process-context configuration checks") and
// the ENS check of "Process to translate an IOVA" step 15. States StPdtReq, StPdtWait, StPdtCheck,
// StPcReq, StPcWait, StPcCheck of docs/microarch.md section 5.1 (StIdle while it does not hold the
// translation); no non-leaf entry is cached. A PC found in the process-context cache starts in
// StPcCheck with the cached words (no memory read); a PC read from memory that passes ta.V and the
// configuration checks is filled into that cache in StPcCheck (section 6.4). Built by iommu_top only
// when the configuration has PD8, PD17 or PD20. Mirrors cmodel/arch/pdt.c. Outputs are functions of
// registered state and of the memory response of this cycle (done_o).

module iommu_pdt_fetch
  import iommu_pkg::*;
  import iommu_cfg_pkg::*;
(
  input  logic                 clk_i,
  input  logic                 rst_ni,

  // Start (from the translation controller, in StDcCheck)
  input  logic                 start_i,     // take the translation at this edge
  input  logic [3:0]           mode_i,      // DC.fsc.pdtp.MODE (PD8, PD17, PD20), read at start
  input  logic [PpnW-1:0]      root_ppn_i,  // DC.fsc.pdtp.PPN, read at start
  input  logic [PidW-1:0]      pid_i,       // the effective process_id p, read at start
  input  logic                 cached_i,    // with start_i: the PC is cached_pc_i (no reads)
  input  process_context_t     cached_pc_i,

  // The request (registered by the controller): the ENS check
  input  logic                 pv_i,
  input  logic                 priv_i,
  input  logic [TtypW-1:0]     ttyp_i,      // the guest-page fault's cause (version 8)

  // Version 8: with a second stage every PDT entry and PC read goes through a G-walk (spec "Process to
  // locate the Process-context" step 3); docs/microarch.md section 5.6
  input  logic                 two_stage_i,  // the DC's iohgatp.MODE is not Bare
  input  logic [3:0]           g_mode_i,     // the DC's iohgatp.MODE, internal code
  // Version 10 (section 5.8): the DC's tc.SBE (byte order of PDT entries and PCs) and tc.SXL (fsc.MODE
  // check, 34-bit GPAs)
  input  logic                 sbe_i,
  input  logic                 sxl_i,
  output logic [63:0]          first_gpa_o,  // the first read's GPA of a start (from the start inputs)
  output logic                 g_start_o,
  output logic [63:0]          g_gpa_o,
  output gpurpose_e            g_purpose_o,
  input  logic                 g_done_i,
  input  logic                 g_fault_i,
  input  logic [CauseW-1:0]    g_cause_i,
  input  logic [63:0]          g_iotval2_i,
  input  logic [63:0]          g_spa_i,
  output logic [63:0]          iotval2_o,    // a guest-page fault's iotval2

  // Memory client
  output mem_req_t             mem_req_o,
  input  logic                 mem_req_ready_i,
  input  mem_rsp_t             mem_rsp_i,

  // Result, in the last cycle of the fetch
  output logic                 done_o,
  output logic                 fault_o,     // the PC could not be located, or ENS refused
  output logic [CauseW-1:0]    cause_o,     // 0 unless fault_o
  output process_context_t     pc_o,        // the PC (registered; valid with done_o & ~fault_o
                                            // and until the next start)
  output logic                 fill_o,      // process-context cache fill (registered state only)
  output logic [PidW-1:0]      pid_o,       // p of the fill

  // Observation
  output xlate_state_e         state_o
);

  ///////////////
  // Registers //
  ///////////////

  xlate_state_e                state_q, state_d;
  logic [PidW-1:0]             p_q, p_d;       // effective process_id
  logic [PpnW-1:0]             a_q, a_d;       // table address a = a * 4096 (level j, then the PC's)
  logic [1:0]                  j_q, j_d;       // directory level of the non-leaf entry read (1, 2)
  pdte_t                       pdte_q, pdte_d; // the non-leaf entry read
  logic [1:0][63:0]            pc_q, pc_d;     // ta, fsc
  logic                        k_q, k_d;       // doubleword counter
  logic                        cached_q, cached_d;  // the PC came from the process-context cache
  logic                        gwait_q, gwait_d;    // the request state waits for its G-walk
  logic [63:0]                 spa_q, spa_d;        // the G-walk's translated address

  process_context_t pc;
  assign pc = pc_q;

  // PDI[j] (spec "Process-Directory-Table (PDT)"): PDI[2] = p[19:17], PDI[1] = p[16:8], PDI[0] =
  // p[7:0].
  logic [8:0] pdi;
  assign pdi = (j_q == 2'd2) ? {6'b0, p_q[19:17]} : p_q[16:8];

  // "Process to locate the Process-context" step 7: the reserved bits of a non-leaf entry.
  logic pdte_rsvd;
  assign pdte_rsvd = (pdte_q.reserved0 != '0) || (pdte_q.reserved1 != '0);

  // Process-context configuration checks (spec "Process-context configuration checks"), given the
  // configuration: reserved bits of ta (11:3, 63:32) and fsc (59:44), a PSCID wider than
  // pscid_bits, an fsc.MODE that is not Bare or a supported first-stage mode (tc.SXL = 0).
  logic pc_misconfig;
  always_comb begin
    pc_misconfig = 1'b0;
    if (pc.ta.reserved0 != '0 || pc.ta.reserved1 != '0)              pc_misconfig = 1'b1;
    if (pc.fsc.reserved != '0)                                       pc_misconfig = 1'b1;
    if ((32'(pc.ta.pscid) >> CfgPscidBits) != '0)                    pc_misconfig = 1'b1;
    if (pc.fsc.mode != IosatpBare && !fs_mode_supported_x(pc.fsc.mode, sxl_i)) pc_misconfig = 1'b1;
  end

  // "Process to translate an IOVA" step 15: a Supervisor request needs PC.ta.ENS.
  logic ens_refused;
  assign ens_refused = pv_i && priv_i && !pc.ta.ens;

  // Version 8: the GPA of the next read after a good non-leaf entry (the next level's entry, or PC
  // word 0), and of the first read of a start.
  logic [63:0] next_gpa;
  logic        next_wide;
  always_comb begin
    if (j_q > 2'd1) next_gpa = {{(64 - PasW){1'b0}}, pdte_q.ppn, p_q[16:8], 3'b000};
    else            next_gpa = {{(64 - PasW){1'b0}}, pdte_q.ppn, p_q[7:0], 4'b0000};
  end
  assign next_wide = two_stage_i && g_gpa_wide(next_gpa[63:34], g_mode_i, sxl_i);
  always_comb begin
    unique case (mode_i)
      PdtpPd20: first_gpa_o = {{(64 - PasW){1'b0}}, root_ppn_i, 6'b0, pid_i[19:17], 3'b000};
      PdtpPd17: first_gpa_o = {{(64 - PasW){1'b0}}, root_ppn_i, pid_i[16:8], 3'b000};
      default:  first_gpa_o = {{(64 - PasW){1'b0}}, root_ppn_i, pid_i[7:0], 4'b0000};
    endcase
  end

  ////////////
  // Result //
  ////////////

  // Kept apart from the next-state logic, which reads start_i: the controller's start of the next
  // block depends on this result in the same cycle.
  always_comb begin
    done_o    = 1'b0;
    fault_o   = 1'b0;
    cause_o   = '0;
    iotval2_o = '0;
    if (gwait_q && g_done_i && g_fault_i) begin
      done_o    = 1'b1;
      fault_o   = 1'b1;
      cause_o   = g_cause_i;
      iotval2_o = g_iotval2_i;
    end
    if (!gwait_q) unique case (state_q)
      // Steps 3 and 4 (a non-leaf entry) and step 10 (the PC): PDT entry load access fault (265)
      // or PDT data corruption (269); the first error stops the reads.
      StPdtWait, StPcWait: begin
        if (mem_rsp_i.valid && (mem_rsp_i.err != MemErrOk)) begin
          done_o  = 1'b1;
          fault_o = 1'b1;
          cause_o = (mem_rsp_i.err == MemErrAccess) ? CausePdtLoadAccessFault
                                                    : CausePdtDataCorruption;
        end
      end
      // Steps 5 and 6: the non-leaf entry's V (266), then its reserved bits (267).
      StPdtCheck: begin
        if (!pdte_q.v) begin
          done_o  = 1'b1;
          fault_o = 1'b1;
          cause_o = CausePdtNotValid;
        end else if (pdte_rsvd) begin
          done_o  = 1'b1;
          fault_o = 1'b1;
          cause_o = CausePdtMisconfigured;
        end else if (next_wide) begin
          done_o    = 1'b1;
          fault_o   = 1'b1;
          cause_o   = access_guest_page_fault(ttyp_access(ttyp_i));
          iotval2_o = (next_gpa | 64'd1);
        end
      end
      // Steps 11 and 12: PC.ta.V (266), the configuration checks (267); then ENS (260).
      StPcCheck: begin
        done_o = 1'b1;
        if (!pc.ta.v) begin
          fault_o = 1'b1;
          cause_o = CausePdtNotValid;
        end else if (pc_misconfig) begin
          fault_o = 1'b1;
          cause_o = CausePdtMisconfigured;
        end else if (ens_refused) begin
          fault_o = 1'b1;
          cause_o = CauseTtypDisallowed;
        end
      end
      default: ;
    endcase
  end

  //////////////////////
  // Next-state logic //
  //////////////////////

  always_comb begin
    state_d  = state_q;
    p_d      = p_q;
    a_d      = a_q;
    j_d      = j_q;
    pdte_d   = pdte_q;
    pc_d     = pc_q;
    k_d      = k_q;
    cached_d = cached_q;
    gwait_d  = gwait_q;
    spa_d    = spa_q;
    g_start_o   = 1'b0;
    g_gpa_o     = '0;
    g_purpose_o = GpPdt;

    unique case (state_q)
      StIdle: begin
        if (start_i) begin
          p_d      = pid_i;
          k_d      = 1'b0;
          cached_d = cached_i;
          // Step 1: a = pdtp.PPN * 4096, i = LEVELS - 1 (PD20: 3, PD17: 2, PD8: 1 level); step 2:
          // with one level, the PC.
          a_d      = root_ppn_i;
          if (cached_i) begin
            pc_d    = cached_pc_i;
            state_d = StPcCheck;
          end else if (mode_i == PdtpPd20) begin
            j_d     = 2'd2;
            state_d = StPdtReq;
          end else if (mode_i == PdtpPd17) begin
            j_d     = 2'd1;
            state_d = StPdtReq;
          end else begin
            state_d = StPcReq;
          end
          // Two-stage: the first read's GPA through a G-walk (its width checked by the starter).
          if (two_stage_i && !cached_i) begin
            g_start_o   = 1'b1;
            g_gpa_o     = first_gpa_o;
            g_purpose_o = ((mode_i == PdtpPd20) || (mode_i == PdtpPd17)) ? GpPdt : GpPc;
            gwait_d     = 1'b1;
          end
        end
      end

      // Step 3: read the non-leaf entry of level j (two-stage: at the G-walk's spa once it is done).
      StPdtReq: begin
        if (gwait_q) begin
          if (g_done_i) begin
            gwait_d = 1'b0;
            spa_d   = g_spa_i;
            if (g_fault_i) state_d = StIdle;
          end
        end else if (mem_req_ready_i) begin
          state_d = StPdtWait;
        end
      end

      // Steps 3 and 4: an error ends the fetch (the result above), else keep the entry.
      StPdtWait: begin
        if (mem_rsp_i.valid) begin
          if (mem_rsp_i.err != MemErrOk) begin
            state_d = StIdle;
          end else begin
            pdte_d  = pdte_t'(dw_order(mem_rsp_i.rdata, sbe_i));
            state_d = StPdtCheck;
          end
        end
      end

      // Steps 5 to 8: a fault ends the fetch; else a = pdte.PPN * 4096 and the next level, or the
      // PC once level 1 has been read.
      StPdtCheck: begin
        if (!pdte_q.v || pdte_rsvd || next_wide) begin
          state_d = StIdle;
        end else begin
          a_d = pdte_q.ppn;
          if (two_stage_i) begin
            g_start_o   = 1'b1;
            g_gpa_o     = next_gpa;
            g_purpose_o = (j_q > 2'd1) ? GpPdt : GpPc;
            gwait_d     = 1'b1;
          end
          if (j_q > 2'd1) begin
            j_d     = j_q - 2'd1;
            state_d = StPdtReq;
          end else begin
            // k is still 0 from the start (only StPcWait advances it).
            state_d = StPcReq;
          end
        end
      end

      // Step 9: read PC doubleword k (ta, then fsc).
      StPcReq: begin
        if (gwait_q) begin
          if (g_done_i) begin
            gwait_d = 1'b0;
            spa_d   = g_spa_i;
            if (g_fault_i) state_d = StIdle;
          end
        end else if (mem_req_ready_i) begin
          state_d = StPcWait;
        end
      end

      // Store PC doubleword k; always both unless one fails.
      StPcWait: begin
        if (mem_rsp_i.valid) begin
          if (mem_rsp_i.err != MemErrOk) begin
            state_d = StIdle;
          end else begin
            pc_d[k_q] = dw_order(mem_rsp_i.rdata, sbe_i);
            if (!k_q) begin
              k_d     = 1'b1;
              state_d = StPcReq;
            end else begin
              state_d = StPcCheck;
            end
          end
        end
      end

      StPcCheck: state_d = StIdle;

      default: state_d = StIdle;
    endcase
  end

  ////////////////
  // Flip-flops //
  ////////////////

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      state_q  <= StIdle;
      p_q      <= '0;
      a_q      <= '0;
      j_q      <= '0;
      pdte_q   <= '0;
      pc_q     <= '0;
      k_q      <= 1'b0;
      cached_q <= 1'b0;
      gwait_q  <= 1'b0;
      spa_q    <= '0;
    end else begin
      state_q  <= state_d;
      p_q      <= p_d;
      a_q      <= a_d;
      j_q      <= j_d;
      pdte_q   <= pdte_d;
      pc_q     <= pc_d;
      k_q      <= k_d;
      cached_q <= cached_d;
      gwait_q  <= gwait_d;
      spa_q    <= spa_d;
    end
  end

  /////////////
  // Outputs //
  /////////////

  always_comb begin
    mem_req_o = '0;
    if ((state_q == StPdtReq) && !gwait_q) begin
      // Step 3: a + PDI[j] * 8 (two-stage: the G-walk's spa).
      mem_req_o.valid = 1'b1;
      mem_req_o.op    = MemOpRead;
      mem_req_o.addr  = two_stage_i ? spa_q : {{(64 - PasW){1'b0}}, a_q, pdi, 3'b000};
      mem_req_o.be    = 8'hFF;
    end else if ((state_q == StPcReq) && !gwait_q) begin
      // Step 9: a + PDI[0] * 16 + 8 * k (two-stage: spa + 8 k; the 16-byte PC is in one page).
      mem_req_o.valid = 1'b1;
      mem_req_o.op    = MemOpRead;
      mem_req_o.addr  = two_stage_i ? (spa_q | {60'h0, k_q, 3'b000})
                                    : {{(64 - PasW){1'b0}}, a_q, p_q[7:0], k_q, 3'b000};
      mem_req_o.be    = 8'hFF;
    end
  end

  assign pc_o    = pc;
  assign pid_o   = p_q;
  // The outcome of StPcCheck is not cause 266 or 267 and the words came from memory.
  assign fill_o  = (state_q == StPcCheck) && !cached_q && pc.ta.v && !pc_misconfig;
  assign state_o = state_q;

  ////////////////
  // Assertions //
  ////////////////

`ifndef SYNTHESIS
  // Parameters legal: built only with a process-directory mode.
  PdtConfigured_A: assert property (@(posedge clk_i) CfgPd)
    else $error("%s:%0d: PdtConfigured_A: no PD mode in the configuration", `__FILE__, `__LINE__);

  // State codes legal: the fetch's own states only.
  PdtStateLegal_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      state_q inside {StIdle, StPdtReq, StPdtWait, StPdtCheck, StPcReq, StPcWait, StPcCheck})
    else $error("%s:%0d: PdtStateLegal_A: state %0d", `__FILE__, `__LINE__, state_q);

  // No second start while busy; a start names a supported PD mode and a p that fits it.
  PdtNoStartWhileBusy_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      start_i |-> (state_q == StIdle))
    else $error("%s:%0d: PdtNoStartWhileBusy_A: start in state %0d", `__FILE__, `__LINE__,
                state_q);
  PdtStartLegal_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      (start_i && !cached_i) |-> (pd_mode_supported(mode_i) && !pd_pid_wide(mode_i, pid_i)))
    else $error("%s:%0d: PdtStartLegal_A: mode %0d, p %0h", `__FILE__, `__LINE__, mode_i, pid_i);

  // A cached PC passed ta.V and the configuration checks when it was filled: only ENS may refuse.
  PdtCachedPcGood_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      ((state_q == StPcCheck) && cached_q) |-> (!fault_o || (cause_o == CauseTtypDisallowed)))
    else $error("%s:%0d: PdtCachedPcGood_A: cause %0d", `__FILE__, `__LINE__, cause_o);

  // Version 8: a G-walk wait only in a request state, only with a second stage.
  PdtGwaitPlace_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      gwait_q |-> (CfgG && two_stage_i && (state_q inside {StPdtReq, StPcReq}) && !k_q))
    else $error("%s:%0d: PdtGwaitPlace_A: state %0d", `__FILE__, `__LINE__, state_q);

  // A response only while waiting for one.
  PdtRspOnlyInWait_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      mem_rsp_i.valid |-> (state_q inside {StPdtWait, StPcWait}))
    else $error("%s:%0d: PdtRspOnlyInWait_A: response in state %0d", `__FILE__, `__LINE__,
                state_q);

  // Directory levels: level 2 only in PD20; the PDI of level 2 is 3 bits (p[19:17]).
  PdtLevelLegal_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      (state_q inside {StPdtReq, StPdtWait, StPdtCheck}) |->
      ((j_q == 2'd1) || ((j_q == 2'd2) && (pdi[8:3] == '0))))
    else $error("%s:%0d: PdtLevelLegal_A: level %0d", `__FILE__, `__LINE__, j_q);

  // The PC reads start at doubleword 0 after the directory levels.
  PdtKZero_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      (state_q inside {StPdtReq, StPdtWait, StPdtCheck}) |-> !k_q)
    else $error("%s:%0d: PdtKZero_A", `__FILE__, `__LINE__);

  // Handshake stability of the request (valid and address held until ready).
  PdtReqStable_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      (mem_req_o.valid && !mem_req_ready_i) |=> (mem_req_o.valid && $stable(mem_req_o)))
    else $error("%s:%0d: PdtReqStable_A", `__FILE__, `__LINE__);

  // Outputs known when valid; a fault always carries a cause.
  PdtDoneKnown_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      done_o |-> (!$isunknown({fault_o, cause_o}) && (fault_o == (cause_o != '0))))
    else $error("%s:%0d: PdtDoneKnown_A", `__FILE__, `__LINE__);
`endif

endmodule
