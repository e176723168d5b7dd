// Device-context fetch: walks the non-leaf levels of a two- or three-level device directory, then
// reads the device context of a device_id from the leaf table (base format, 4 doublewords, or with
// capabilities.MSI_FLAT the extended format, 8 doublewords: DCW of docs/microarch.md section 5) and
// applies the checks that locate it (RISC-V IOMMU specification, "Process to locate the Device-context" steps 1 to
// 10, "Non-leaf DDT entry", "Device-context configuration checks"). States StDdtReq, StDdtWait,
// StDdtCheck, StDcReq, StDcWait, StDcCheck of docs/microarch.md section 5.1 (StIdle while it does
// not hold the translation); no non-leaf entry is cached. A DC found in the device-context cache starts in StDcCheck with the cached
// words (no memory read); a DC read from memory that passes tc.V and the configuration checks is
// filled into that cache in StDcCheck (section 6.3). Mirrors cmodel/arch/ddt.c. Outputs are
// functions of registered state and of the memory response of this cycle (done_o); no output of
// iommu_top depends on an input combinationally.

module iommu_ddt_fetch
  import iommu_pkg::*;
  import iommu_cfg_pkg::*;
(
  input  logic                 clk_i,
  input  logic                 rst_ni,

  // Start (from the translation controller)
  input  logic                 start_i,     // take the translation at this edge
  input  logic [DidW-1:0]      did_i,       // device_id: DDI[2], DDI[1], DDI[0] (base format)
  input  logic                 cached_i,    // with start_i: the DC is cached_dc_i (no reads)
  input  device_context_t      cached_dc_i,
  input  dc_ext_t              cached_ext_i, // its doublewords 4 to 7 (extended format; '0 otherwise)

  // Configuration
  input  logic [3:0]           ddtp_mode_i, // active ddtp.iommu_mode (stable while not idle)
  input  logic [PpnW-1:0]      ddtp_ppn_i,  // active ddtp.PPN
  input  logic                 be_i,        // version 10: the translation's fctl.BE (DDT entries, DC)
  input  logic                 gxl_i,       // version 10: the translation's fctl.GXL (SXL, iohgatp checks)

  // Memory client
  output mem_req_t             mem_req_o,
  input  logic                 mem_req_ready_i,
  input  mem_rsp_t             mem_rsp_i,

  // Result, in the last cycle of the fetch
  output logic                 done_o,
  output logic                 fault_o,     // the DC could not be located
  output logic [CauseW-1:0]    cause_o,     // 0 unless fault_o
  output device_context_t      dc_o,        // the fetched DC (registered; valid with done_o & ~fault_o)
  output dc_ext_t              ext_o,       // its doublewords 4 to 7 (extended format; '0 otherwise)
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
  // tc, iohgatp, ta, fsc, and in the extended format msiptp, msi_addr_mask, msi_addr_pattern, reserved
  logic [DcWordsCfg-1:0][63:0] dc_q, dc_d;
  logic [DcWordW-1:0]          k_q, k_d;       // doubleword counter
  logic                        cached_q, cached_d;  // the DC came from the device-context cache

  device_context_t dc;
  dc_ext_t         ext;
  assign dc = device_context_t'(dc_q[DcWords-1:0]);

  // DDI[j] (spec "Process to translate an IOVA" steps 3 and 4): base format DDI[2] =
  // device_id[23:16], DDI[1] = [15:7], DDI[0] = [6:0]; extended format DDI[2] = [23:15], DDI[1] =
  // [14:6], DDI[0] = [5:0]. dc_off is the DC's offset in its leaf table: DDI[0] * DC_SIZE + 8 * k.
  logic [8:0]        ddi;
  logic [PgOffW-1:0] dc_off;
  if (CfgMsiFlat) begin : g_ext
    assign ddi    = (j_q == 2'd2) ? did_q[23:15] : did_q[14:6];
    assign dc_off = {did_q[5:0], k_q, 3'b000};
    assign ext    = dc_ext_t'(dc_q[DcWordsCfg-1:DcWords]);
  end else begin : g_base
    assign ddi    = (j_q == 2'd2) ? {1'b0, did_q[23:16]} : did_q[15:7];
    assign dc_off = {did_q[6:0], k_q, 3'b000};
    assign ext    = '0;
    // No extended words in the base format (the cache's are '0).
    logic unused_cached_ext;
    assign unused_cached_ext = ^cached_ext_i;
  end

  // "Process to locate the Device-context" step 6: the reserved bits of a non-leaf entry.
  logic ddte_rsvd;
  assign ddte_rsvd = (ddte_q.reserved0 != '0) || (ddte_q.reserved1 != '0);

  // Device-context configuration checks (spec "Device-context configuration checks"), given
  // the capabilities of docs/microarch.md section 3.
  logic dc_misconfig;
  always_comb begin
    dc_misconfig = 1'b0;
    // Reserved bits. ta.RCID and ta.MCID: without QOSID reserved; with it, wider than the
    // implemented qosid.rcid_bits / qosid.mcid_bits is misconfigured (docs/microarch.md 5.7).
    if (dc.tc.reserved0 != '0 || dc.tc.reserved1 != '0) dc_misconfig = 1'b1;
    if (dc.ta.reserved0 != '0 || dc.ta.reserved1 != '0 ||
        qos_wide(dc.ta.rcid, CfgQosid ? CfgRcidBits : 0) ||
        qos_wide(dc.ta.mcid, CfgQosid ? CfgMcidBits : 0)) dc_misconfig = 1'b1;
    if (dc.fsc.reserved != '0)                          dc_misconfig = 1'b1;
    // ATS (version 11, docs/microarch.md 5.9): without capabilities.ATS, EN_ATS, EN_PRI and PRPR
    // must be 0; T2GPA and EN_PRI need EN_ATS, PRPR needs EN_PRI; T2GPA needs its capability and a
    // second stage.
    if (!CfgAts && (dc.tc.en_ats || dc.tc.en_pri || dc.tc.prpr)) dc_misconfig = 1'b1;
    if (!dc.tc.en_ats && (dc.tc.t2gpa || dc.tc.en_pri))          dc_misconfig = 1'b1;
    if (!dc.tc.en_pri && dc.tc.prpr)                             dc_misconfig = 1'b1;
    if (dc.tc.t2gpa && (!CfgT2gpa || (dc.iohgatp.mode == IohgatpBare))) dc_misconfig = 1'b1;
    if (dc.tc.pdtv) begin
      // pdtp.MODE must be Bare or a PD mode whose capability is 1 (PD8, PD17, PD20: version 7); its
      // reserved bits 59:44 are fsc.reserved (checked above)
      if (dc.fsc.mode != PdtpBare && !pd_mode_supported(dc.fsc.mode)) dc_misconfig = 1'b1;
    end else begin
      // iosatp.MODE must be Bare or a supported mode for the DC's SXL: Sv39, Sv48, Sv57 with SXL = 0,
      // Sv32 with SXL = 1 (version 10; the rest reserved)
      if (dc.fsc.mode != IosatpBare && !fs_mode_supported_x(dc.fsc.mode, dc.tc.sxl)) dc_misconfig = 1'b1;
      // DPE is reserved when PDTV = 0
      if (dc.tc.dpe)                                    dc_misconfig = 1'b1;
    end
    // iohgatp.MODE must be Bare or a supported second-stage mode for fctl.GXL (version 8; Sv32x4 with
    // GXL = 1, version 10); a non-Bare root must be 16-KiB aligned (spec "Device-context configuration
    // checks")
    if (dc.iohgatp.mode != IohgatpBare && !g_mode_supported_x(dc.iohgatp.mode, gxl_i)) dc_misconfig = 1'b1;
    if (dc.iohgatp.mode != IohgatpBare && (dc.iohgatp.ppn[1:0] != '0))       dc_misconfig = 1'b1;
    // AMO_HWAD = 1 (version 6): tc.SADE and tc.GADE are both allowed (GADE has no effect without a
    // second stage); with AMO_HWAD = 0 either is misconfigured.
    if (!CfgAmoHwad && (dc.tc.sade || dc.tc.gade))     dc_misconfig = 1'b1;
    // Extended format (MSI_FLAT, version 7): reserved bits of msiptp (59:44), of msi_addr_mask and
    // msi_addr_pattern (63:52, and 51:MGPAW-12 = 51:44 with MGPAW = PAS = 56 without a second
    // stage), a non-zero reserved doubleword 7; msiptp.MODE must be Off since iohgatp is Bare
    // (spec "Device-context configuration checks", the note on msiptp.MODE).
    if (CfgMsiFlat) begin
      // Version 8: msiptp.MODE Off, or Flat (1) over a non-Bare iohgatp; MGPAW is the widest GPA of
      // the second stage (iommu_pkg Mgpaw)
      if (ext.msiptp.reserved != '0)                    dc_misconfig = 1'b1;
      if (ext.msiptp.mode != 4'd0 && !(ext.msiptp.mode == 4'd1 && dc.iohgatp.mode != IohgatpBare))
                                                        dc_misconfig = 1'b1;
      if (ext.mask.reserved != '0 || ext.mask.mask[51:Mgpaw-12] != '0) dc_misconfig = 1'b1;
      if (ext.pattern.reserved != '0 || ext.pattern.mask[51:Mgpaw-12] != '0) dc_misconfig = 1'b1;
      if (ext.reserved != '0)                           dc_misconfig = 1'b1;
    end
    // Version 10 (section 5.8): SBE must equal fctl.BE without END or with a read-only fctl.BE; SXL must
    // be 1 with fctl.GXL = 1, and 0 with a read-only fctl.GXL = 0.
    if ((!CfgEnd || !CfgFctlBeWritable) && (dc.tc.sbe != be_i)) dc_misconfig = 1'b1;
    if (gxl_i && !dc.tc.sxl)                            dc_misconfig = 1'b1;
    if (!gxl_i && !CfgFctlGxlWritable && dc.tc.sxl)     dc_misconfig = 1'b1;
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
            dc_d[DcWords-1:0] = cached_dc_i;
            if (CfgMsiFlat) dc_d[DcWordsCfg-1:DcWordsCfg-DcExtWords] = cached_ext_i;
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
            ddte_d  = ddte_t'(dw_order(mem_rsp_i.rdata, be_i));
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
        if (!mem_req_ready_i) k_d = k_q + 1'b1;
`endif
        if (mem_req_ready_i) state_d = StDcWait;
      end

      // Store DC doubleword k (tc, iohgatp, ta, fsc, then the extended words); always all DCW unless
      // one fails.
      StDcWait: begin
        if (mem_rsp_i.valid) begin
          if (mem_rsp_i.err != MemErrOk) begin
            state_d = StIdle;
          end else begin
            dc_d[k_q] = dw_order(mem_rsp_i.rdata, be_i);
            if (k_q != DcWordW'(DcWordsCfg - 1)) begin
              k_d     = k_q + 1'b1;
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
      // Step 8: a + DDI[0] * DC_SIZE + 8 * k (DC_SIZE 32 or 64).
      mem_req_o.valid = 1'b1;
      mem_req_o.op    = MemOpRead;
      mem_req_o.addr  = {{(64 - PasW){1'b0}}, a_q, dc_off};
      mem_req_o.be    = 8'hFF;
    end
  end

  assign dc_o    = dc;
  assign ext_o   = ext;
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
      (state_q != StIdle) |-> (32'(k_q) < DcWordsCfg))
    else $error("%s:%0d: DcWordInRange_A: k = %0d", `__FILE__, `__LINE__, k_q);

  // A cached DC passed the checks when it was filled: it never faults (unless fctl.BE or fctl.GXL, which
  // the SBE/SXL/iohgatp checks read, changed since: version 10).
  CachedDcGood_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      ((state_q == StDcCheck) && cached_q && !CfgFctlBeWritable && !CfgFctlGxlWritable) |-> !fault_o)
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

  // The DDI of level 2 of the base format is 8 bits wide (device_id[23:16]); a non-leaf read stays
  // inside its table.
  DdtIndexInRange_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      ((state_q == StDdtReq) && (j_q == 2'd2) && !CfgMsiFlat) |-> !ddi[8])
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
