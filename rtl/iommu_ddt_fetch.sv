// Device-context fetch: walks the non-leaf levels of a two- or three-level device directory, then
// reads the base-format device context of a device_id from the leaf table and applies the checks
// that locate it (RISC-V IOMMU specification, "Process to locate the Device-context" steps 1 to
// 10, "Non-leaf DDT entry", "Device-context configuration checks"). States StDdtReq, StDdtWait,
// StDdtCheck, StDcReq, StDcWait, StDcCheck of docs/microarch.md section 5.1 (StIdle while it does
// not hold the translation); no non-leaf entry is cached. A DC found in the device-context cache starts in StDcCheck with the cached
// words (no memory read); a DC read from memory that passes tc.V and the configuration checks is
// filled into that cache in StDcCheck (section 6.3). Mirrors cmodel/arch/ddt.c. Outputs are
// functions of registered state and of the memory response of this cycle (done_o); no output of
// iommu_top depends on an input combinationally.

module iommu_ddt_fetch
  import iommu_pkg::*;
(
  input  logic                 clk_i,
  input  logic                 rst_ni,

  // Start (from the translation controller)
  input  logic                 start_i,     // take the translation at this edge
  input  logic [DidW-1:0]      did_i,       // device_id: DDI[2], DDI[1], DDI[0] (base format)
  input  logic                 cached_i,    // with start_i: the DC is cached_dc_i (no reads)
  input  device_context_t      cached_dc_i,

  // Configuration
  input  logic [3:0]           ddtp_mode_i, // active ddtp.iommu_mode (stable while not idle)
  input  logic [PpnW-1:0]      ddtp_ppn_i,  // active ddtp.PPN

  // Memory client
  output mem_req_t             mem_req_o,
  input  logic                 mem_req_ready_i,
  input  mem_rsp_t             mem_rsp_i,

  // Result, in the last cycle of the fetch
  output logic                 done_o,
  output logic                 fault_o,     // the DC could not be located
  output logic [CauseW-1:0]    cause_o,     // 0 unless fault_o
  output device_context_t      dc_o,        // the fetched DC (registered; valid with done_o & ~fault_o)
  output logic                 fill_o,      // device-context cache fill (registered state only)

  // Observation
  output xlate_state_e         state_o
);

  ///////////////
  // Registers //
  ///////////////

  xlate_state_e                state_q, state_d;
  logic [DidW-1:0]             did_q, did_d;
  logic [PpnW-1:0]             a_q, a_d;       // table address a = a * 4096 (level j, then the DC's)
  logic [1:0]                  j_q, j_d;       // directory level of the non-leaf entry read (1, 2)
  ddte_t                       ddte_q, ddte_d; // the non-leaf entry read
  logic [DcWords-1:0][63:0]    dc_q, dc_d;     // tc, iohgatp, ta, fsc
  logic [1:0]                  k_q, k_d;       // doubleword counter
  logic                        cached_q, cached_d;  // the DC came from the device-context cache

  device_context_t dc;
  assign dc = dc_q;

  // DDI[j] of the base format (spec "Device-Directory-Table (DDT)"): DDI[2] = device_id[23:16],
  // DDI[1] = device_id[15:7], DDI[0] = device_id[6:0].
  logic [8:0] ddi;
  assign ddi = (j_q == 2'd2) ? {1'b0, did_q[23:16]} : did_q[15:7];

  // "Process to locate the Device-context" step 6: the reserved bits of a non-leaf entry.
  logic ddte_rsvd;
  assign ddte_rsvd = (ddte_q.reserved0 != '0) || (ddte_q.reserved1 != '0);

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
      // SXL = 0: iosatp.MODE must be Bare, Sv39, Sv48 or Sv57 (rest reserved)
      if (dc.fsc.mode != IosatpBare && !fs_mode(dc.fsc.mode)) dc_misconfig = 1'b1;
      // DPE is reserved when PDTV = 0
      if (dc.tc.dpe)                                    dc_misconfig = 1'b1;
    end
    // No second stage: iohgatp.MODE must be Bare
    if (dc.iohgatp.mode != IohgatpBare)                 dc_misconfig = 1'b1;
    // AMO_HWAD = 1 (version 6): tc.SADE and tc.GADE are both allowed (GADE has no effect without a
    // second stage).
    // END = 0 and fctl.BE = 0 (not writable)
    if (dc.tc.sbe != FctlBe)                            dc_misconfig = 1'b1;
    // fctl.GXL = 0 and not writable: SXL must be 0
    if (dc.tc.sxl != FctlGxl)                           dc_misconfig = 1'b1;
  end

  ////////////
  // Result //
  ////////////

  // Kept apart from the next-state logic, which reads start_i: the controller's start of the next
  // block depends on this result in the same cycle.
  always_comb begin
    done_o  = 1'b0;
    fault_o = 1'b0;
    cause_o = '0;
    unique case (state_q)
      // "Process to locate the Device-context" steps 3 and 4 (a non-leaf entry) and step 8 (the
      // DC): DDT entry load access fault (257) or data corruption (268); the first error stops
      // the reads.
      StDdtWait, StDcWait: begin
        if (mem_rsp_i.valid && (mem_rsp_i.err != MemErrOk)) begin
          done_o  = 1'b1;
          fault_o = 1'b1;
          cause_o = (mem_rsp_i.err == MemErrAccess) ? CauseDdtLoadAccessFault
                                                    : CauseDdtDataCorruption;
        end
      end
      // "Process to locate the Device-context" steps 5 and 6: the non-leaf entry's V, then its
      // reserved bits.
      StDdtCheck: begin
        if (!ddte_q.v) begin
          done_o  = 1'b1;
          fault_o = 1'b1;
          cause_o = CauseDdtNotValid;
        end else if (ddte_rsvd) begin
          done_o  = 1'b1;
          fault_o = 1'b1;
          cause_o = CauseDdtMisconfigured;
        end
      end
      // "Process to locate the Device-context" steps 9 and 10: DC.tc.V, then the configuration
      // checks.
      StDcCheck: begin
        done_o = 1'b1;
        if (!dc.tc.v) begin
          fault_o = 1'b1;
          cause_o = CauseDdtNotValid;
        end else if (dc_misconfig) begin
          fault_o = 1'b1;
          cause_o = CauseDdtMisconfigured;
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
    did_d   = did_q;
    a_d     = a_q;
    j_d     = j_q;
    ddte_d  = ddte_q;
    dc_d    = dc_q;
    k_d     = k_q;
    cached_d = cached_q;

    unique case (state_q)
      StIdle: begin
        if (start_i) begin
          did_d    = did_i;
          k_d      = '0;
          cached_d = cached_i;
          // Step 1: a = ddtp.PPN * 4096, i = LEVELS - 1; step 2: with one level, the DC.
          a_d      = ddtp_ppn_i;
          if (cached_i) begin
            dc_d    = cached_dc_i;
            state_d = StDcCheck;
          end else if (ddtp_mode_i == 4'(Ddtp3Lvl)) begin
            j_d     = 2'd2;
            state_d = StDdtReq;
          end else if (ddtp_mode_i == 4'(Ddtp2Lvl)) begin
            j_d     = 2'd1;
            state_d = StDdtReq;
          end else begin
            state_d = StDcReq;
          end
        end
      end

      // "Process to locate the Device-context" step 3: read the non-leaf entry of level j.
      StDdtReq: begin
        if (mem_req_ready_i) state_d = StDdtWait;
      end

      // Steps 3 and 4: an error ends the fetch (the result above), else keep the entry.
      StDdtWait: begin
        if (mem_rsp_i.valid) begin
          if (mem_rsp_i.err != MemErrOk) begin
            state_d = StIdle;
          end else begin
            ddte_d  = ddte_t'(mem_rsp_i.rdata);
            state_d = StDdtCheck;
          end
        end
      end

      // Steps 5 to 7: a fault ends the fetch; else a = ddte.PPN * 4096 and the next level, or
      // the DC once level 1 has been read.
      StDdtCheck: begin
        if (!ddte_q.v || ddte_rsvd) begin
          state_d = StIdle;
        end else begin
          a_d = ddte_q.ppn;
          if (j_q > 2'd1) begin
            j_d     = j_q - 2'd1;
            state_d = StDdtReq;
          end else begin
            // k is still 0 from the start (only StDcWait advances it).
            state_d = StDcReq;
          end
        end
      end

      // "Process to locate the Device-context" step 8: read DC doubleword k.
      StDcReq: begin
`ifdef IOMMU_BUG_DC_REQ_UNSTABLE
        // Planted handshake bug (tests/run_tests.py test_assertions): the fetch moves on to the
        // next doubleword while its request waits for ready.
        if (!mem_req_ready_i) k_d = k_q + 2'd1;
`endif
        if (mem_req_ready_i) state_d = StDcWait;
      end

      // Store DC doubleword k (tc, iohgatp, ta, fsc); always all four unless one fails.
      StDcWait: begin
        if (mem_rsp_i.valid) begin
          if (mem_rsp_i.err != MemErrOk) begin
            state_d = StIdle;
          end else begin
            dc_d[k_q] = mem_rsp_i.rdata;
            if (k_q != 2'(DcWords - 1)) begin
              k_d     = k_q + 2'd1;
              state_d = StDcReq;
            end else begin
              state_d = StDcCheck;
            end
          end
        end
      end

      StDcCheck: state_d = StIdle;

      default: state_d = StIdle;
    endcase
  end

  ////////////////
  // Flip-flops //
  ////////////////

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      state_q <= StIdle;
      did_q   <= '0;
      a_q     <= '0;
      j_q     <= '0;
      ddte_q  <= '0;
      dc_q    <= '0;
      k_q     <= '0;
      cached_q <= 1'b0;
    end else begin
      state_q <= state_d;
      did_q   <= did_d;
      a_q     <= a_d;
      j_q     <= j_d;
      ddte_q  <= ddte_d;
      dc_q    <= dc_d;
      k_q     <= k_d;
      cached_q <= cached_d;
    end
  end

  /////////////
  // Outputs //
  /////////////

  always_comb begin
    mem_req_o = '0;
    if (state_q == StDdtReq) begin
      // Step 3: a + DDI[j] * 8.
      mem_req_o.valid = 1'b1;
      mem_req_o.op    = MemOpRead;
      mem_req_o.addr  = {{(64 - PasW){1'b0}}, a_q, ddi, 3'b000};
      mem_req_o.be    = 8'hFF;
    end else if (state_q == StDcReq) begin
      // Step 8: a + DDI[0] * 32 + 8 * k.
      mem_req_o.valid = 1'b1;
      mem_req_o.op    = MemOpRead;
      mem_req_o.addr  = {{(64 - PasW){1'b0}}, a_q, did_q[6:0], k_q, 3'b000};
      mem_req_o.be    = 8'hFF;
    end
  end

  assign dc_o    = dc;
  // The outcome of StDcCheck is not cause 258 or 259 (its only faults) and the words came from
  // memory.
  assign fill_o  = (state_q == StDcCheck) && !cached_q && dc.tc.v && !dc_misconfig;
  assign state_o = state_q;

  ////////////////
  // Assertions //
  ////////////////

`ifndef SYNTHESIS
  // State codes legal: the fetch's own states only.
  StateLegal_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      state_q inside {StIdle, StDdtReq, StDdtWait, StDdtCheck, StDcReq, StDcWait, StDcCheck})
    else $error("%s:%0d: StateLegal_A: state %0d", `__FILE__, `__LINE__, state_q);

  // No second start while busy.
  NoStartWhileBusy_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      start_i |-> (state_q == StIdle))
    else $error("%s:%0d: NoStartWhileBusy_A: start in state %0d", `__FILE__, `__LINE__, state_q);

  // Pointer in range: the doubleword counter addresses one of the DC's words.
  DcWordInRange_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      (state_q != StIdle) |-> (32'(k_q) < DcWords))
    else $error("%s:%0d: DcWordInRange_A: k = %0d", `__FILE__, `__LINE__, k_q);

  // A cached DC passed the checks when it was filled: it never faults.
  CachedDcGood_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      ((state_q == StDcCheck) && cached_q) |-> !fault_o)
    else $error("%s:%0d: CachedDcGood_A: cause %0d", `__FILE__, `__LINE__, cause_o);

  // Handshake stability of the request: MemReqStable_A in iommu_mem_arb, which sees every client's.

  // A response only while waiting for one.
  RspOnlyInWait_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      mem_rsp_i.valid |-> (state_q inside {StDdtWait, StDcWait}))
    else $error("%s:%0d: RspOnlyInWait_A: response in state %0d", `__FILE__, `__LINE__, state_q);

  // Directory levels: a non-leaf entry is read only in 2LVL (level 1) or 3LVL (levels 2 and 1).
  DdtLevelLegal_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      (state_q inside {StDdtReq, StDdtWait, StDdtCheck}) |->
      (((ddtp_mode_i == 4'(Ddtp2Lvl)) && (j_q == 2'd1)) ||
       ((ddtp_mode_i == 4'(Ddtp3Lvl)) && (j_q inside {2'd1, 2'd2}))))
    else $error("%s:%0d: DdtLevelLegal_A: mode %0d, level %0d", `__FILE__, `__LINE__,
                ddtp_mode_i, j_q);

  // The DDI of level 2 is 8 bits wide (device_id[23:16]); a non-leaf read stays inside its table.
  DdtIndexInRange_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      ((state_q == StDdtReq) && (j_q == 2'd2)) |-> !ddi[8])
    else $error("%s:%0d: DdtIndexInRange_A: DDI %0d", `__FILE__, `__LINE__, ddi);

  // The DC reads start at doubleword 0 after the directory levels (StDdtCheck leaves k alone).
  DdtKZero_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      (state_q inside {StDdtReq, StDdtWait, StDdtCheck}) |-> (k_q == '0))
    else $error("%s:%0d: DdtKZero_A: k = %0d", `__FILE__, `__LINE__, k_q);

  // The configuration the walk started under holds until it ends (the ddtp busy handshake,
  // docs/microarch.md section 4.1).
  DdtModeStable_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      (state_q != StIdle) |=> ((state_q == StIdle) || $stable(ddtp_mode_i)))
    else $error("%s:%0d: DdtModeStable_A: mode %0d", `__FILE__, `__LINE__, ddtp_mode_i);

  // Outputs known when valid; a fault always carries a cause.
  DoneKnown_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      done_o |-> (!$isunknown({fault_o, cause_o}) && (fault_o == (cause_o != '0))))
    else $error("%s:%0d: DoneKnown_A", `__FILE__, `__LINE__);
`endif

endmodule
