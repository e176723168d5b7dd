// Command processor: fetches the command at cqh from the command queue, decodes it and executes it
// to completion before cqh advances past it (RISC-V IOMMU specification "Command-Queue (CQ)" and
// its command sections: IOTINVAL.VMA, IOFENCE.C, IODIR.INVAL_DDT, and IODIR.INVAL_PDT when the
// configuration has a process-directory mode (version 7); every other command is illegal or
// unsupported). States StCqReq, StCqWait, StCmdExec, StFenceReq, StFenceWait of
// docs/microarch.md section 5.4 (StIdle while it does not hold the engine). It drives the
// invalidation inputs of the IOTLB, of the device-context cache and of the process-context cache,
// and reports the register
// updates (cqh, cqcsr error and fence bits) of the edge that ends each cycle. Outputs are functions
// of registered state and of the memory response of this cycle (done_o and the register events).
// Version 11 (docs/microarch.md 5.9, spec "IOMMU PCIe ATS commands"): ATS.INVAL and ATS.PRGR send
// their message in StMsgReq; 32 ITags (busy, device_id) and a timed-out flag track the invalidations
// in flight, freed by Invalidation Completions (icpl_*) or the protocol timeout (ats_timeout_i); an
// ATS.INVAL without a free ITag and an IOFENCE.C with a busy ITag wait (cq_wait), and an IOFENCE.C
// after a timeout sets cmd_to.

module iommu_cmd_queue
  import iommu_pkg::*;
  import iommu_cfg_pkg::*;
(
  input  logic                 clk_i,
  input  logic                 rst_ni,

  // Start (from the translation controller, StIdle with a runnable command)
  input  logic                 start_i,

  // Configuration
  input  logic [PpnW-1:0]      cqb_ppn_i,
  input  logic [31:0]          cqh_i,
  input  logic [3:0]           ddtp_mode_i,   // active ddtp.iommu_mode (IODIR DID width)
  input  logic                 fctl_wsi_i,    // fctl.WSI (IOFENCE.C WSI = 1 needs it)
  input  logic                 be_i,          // version 10: fctl.BE (command words, IOFENCE.C data)

  // Memory client
  output mem_req_t             mem_req_o,
  input  logic                 mem_req_ready_i,
  input  mem_rsp_t             mem_rsp_i,

  // Completion: the engine returns to StIdle at this edge
  output logic                 done_o,

  // Register updates at this edge
  output logic                 cqh_inc_o,        // cqh += 1 (mod 2^LOG2SZ)
  output logic                 cqmf_set_o,
  output logic                 cmd_ill_set_o,
  output logic                 fence_w_ip_set_o,

  // Cache invalidation at this edge
  output iotlb_inval_t         tlb_inval_o,
  output logic                 ddtc_inval_o,
  output logic                 ddtc_inval_dv_o,
  output logic [DidW-1:0]      ddtc_inval_did_o,
  output logic                 pdtc_inval_o,
  output logic                 pdtc_inval_dv_o,  // 1: only the entries of pdtc_inval_did_o
  output logic                 pdtc_inval_pv_o,  // 1: and of pdtc_inval_pid_o (IODIR.INVAL_PDT)
  output logic [DidW-1:0]      pdtc_inval_did_o,
  output logic [PidW-1:0]      pdtc_inval_pid_o,

  // Version 11: ATS messages, Invalidation Completions, the timeout, cmd_to and cq_wait
  output logic                 msg_valid_o,
  input  logic                 msg_ready_i,
  output logic                 msg_prgr_o,
  output logic [DidW-1:0]      msg_did_o,
  output logic                 msg_pv_o,
  output logic [PidW-1:0]      msg_pid_o,
  output logic [4:0]           msg_itag_o,
  output logic [63:0]          msg_payload_o,
  input  logic                 icpl_valid_i,
  input  logic [DidW-1:0]      icpl_did_i,
  input  logic [NumItags-1:0]  icpl_itags_i,
  input  logic                 ats_timeout_i,
  input  logic                 cqon_fall_i,      // cqon goes 1 -> 0 at this edge
  output logic                 cmd_to_set_o,
  output logic                 cq_wait_set_o,

  // Observation
  output xlate_state_e         state_o
);

  ///////////////
  // Registers //
  ///////////////

  xlate_state_e                state_q, state_d;
  logic [CmdWords-1:0][63:0]   cmd_q, cmd_d;     // the command's two doublewords
  logic                        k_q, k_d;         // doubleword counter
  // Planted bug fence_early: the IOTINVAL.VMA invalidation held back to the next command.
  iotlb_inval_t                late_q, late_d;

  ////////////
  // Decode //
  ////////////

  logic [63:0] dw0, dw1;
  assign dw0 = cmd_q[0];
  assign dw1 = cmd_q[1];

  logic [6:0] opcode;
  logic [2:0] func3;
  assign opcode = dw0[6:0];
  assign func3  = dw0[9:7];

  // IOTINVAL (spec "IOMMU Page-Table cache invalidation commands")
  logic            iv_av, iv_pscv, iv_gv, iv_nl, iv_s;
  logic [PidW-1:0] iv_pscid;
  logic            iv_rsvd;
  assign iv_av    = dw0[10];
  assign iv_pscid = dw0[31:12];
  assign iv_pscv  = dw0[32];
  assign iv_gv    = dw0[33];
  assign iv_nl    = dw0[34];
  assign iv_s     = dw1[9];
  assign iv_rsvd  = dw0[11] || (dw0[43:35] != '0) || (dw0[63:60] != '0) || (dw1[8:0] != '0) ||
                    (dw1[63:62] != '0);

  // IOFENCE (spec "IOMMU Command-queue Fence commands")
  logic        fc_av, fc_wsi, fc_rsvd;
  logic [31:0] fc_data;
  logic [61:0] fc_addr;   // ADDR[63:2]: the store goes to ADDR[63:2] * 4
  assign fc_av   = dw0[10];
  assign fc_wsi  = dw0[11];
  assign fc_data = dw0[63:32];
  assign fc_addr = dw1[61:0];
  assign fc_rsvd = (dw0[31:14] != '0) || (dw1[63:62] != '0);
  // Version 10 (section 5.8): the 4-byte DATA in fctl.BE byte order within its half.
  logic [31:0] fc_data_mem;
  assign fc_data_mem = be_i ? bswap32(fc_data) : fc_data;

  // IODIR (spec "IOMMU directory cache invalidation commands")
  logic            dd_dv, dd_rsvd, dd_pid_set, dd_did_wide, dd_pid_wide;
  logic [DidW-1:0] dd_did;
  logic [PidW-1:0] dd_pid;
  assign dd_dv      = dw0[33];
  assign dd_did     = dw0[63:40];
  assign dd_pid     = dw0[31:12];
  assign dd_pid_set = dd_pid != '0;   // PID is reserved for IODIR.INVAL_DDT
  assign dd_rsvd    = (dw0[11:10] != '0) || dw0[32] || (dw0[39:34] != '0) || (dw1 != '0);
  // The DID must not be wider than ddtp.iommu_mode supports (the widths of StLookup step 3 for the
  // DC format); 3LVL takes all 24 bits, Off and Bare have no directory.
  assign dd_did_wide = ddt_did_wide(ddtp_mode_i, dd_did);
  // IODIR.INVAL_PDT: the PID must not be wider than the largest supported PD mode (spec "IOMMU
  // directory cache invalidation commands"; 20, 17 or 8 bits).
  assign dd_pid_wide = CfgPd20 ? 1'b0 : CfgPd17 ? (dd_pid[PidW-1:17] != '0) :
                                                  (dd_pid[PidW-1:8] != '0);

  // ATS (spec "IOMMU PCIe ATS commands"): destination RID with DSEG when DSV = 1, PID without PV is 0
  logic            ats_pv, ats_rsvd;
  logic [DidW-1:0] ats_did;
  assign ats_pv   = dw0[32];
  assign ats_did  = {dw0[33] ? dw0[63:56] : 8'h0, dw0[55:40]};
  assign ats_rsvd = (dw0[11:10] != '0) || (dw0[39:34] != '0);

  // ITags (docs/microarch.md 5.9): the lowest free one, and whether any is busy.
  logic [NumItags-1:0]           itag_busy_q, itag_busy_d;
  logic [NumItags-1:0][DidW-1:0] itag_did_q, itag_did_d;
  logic                          timed_out_q, timed_out_d;
  logic [4:0]                    itag_q;
  logic                          itag_free, itag_any_busy;
  logic [4:0]                    itag_new;
  always_comb begin
    itag_free = 1'b0;
    itag_new  = '0;
    for (int t = NumItags - 1; t >= 0; t--) begin
      if (!itag_busy_q[t]) begin
        itag_free = 1'b1;
        itag_new  = 5'(t);
      end
    end
  end
  assign itag_any_busy = itag_busy_q != '0;

  logic is_vma, is_gvma, is_fence, is_inval_ddt, is_inval_pdt, is_ats_inval, is_ats_prgr, illegal;
  assign is_vma       = (opcode == CmdOpIotinval) && (func3 == CmdF3Vma);
  // IOTINVAL.GVMA only with a second stage (version 8, section 6.2a); else it stays illegal.
  assign is_gvma      = CfgG && (opcode == CmdOpIotinval) && (func3 == CmdF3Gvma);
  assign is_fence     = (opcode == CmdOpIofence) && (func3 == CmdF3FenceC);
  assign is_inval_ddt = (opcode == CmdOpIodir) && (func3 == CmdF3InvalDdt);
  // Only with a process directory (version 7); else it stays illegal.
  assign is_inval_pdt = CfgPd && (opcode == CmdOpIodir) && (func3 == CmdF3InvalPdt);
  // Only with ATS (version 11); else illegal.
  assign is_ats_inval = CfgAts && (opcode == CmdOpAts) && (func3 == CmdF3AtsInval);
  assign is_ats_prgr  = CfgAts && (opcode == CmdOpAts) && (func3 == CmdF3AtsPrgr);

  // Illegal or unsupported (docs/microarch.md section 5.4 step 1): any other opcode or function
  // (IOTINVAL.GVMA: no second stage; IODIR.INVAL_PDT without a PD mode; ATS: no ATS; reserved
  // and custom encodings), a reserved bit set, NL or S set (no extension), IOFENCE.C WSI = 1
  // without fctl.WSI, IODIR.INVAL_DDT with a PID or with DV = 1 and a DID too wide,
  // IODIR.INVAL_PDT with DV = 0, a DID too wide or a PID too wide.
  always_comb begin
    illegal = 1'b1;
    if (is_vma) begin
      illegal = iv_rsvd || (iv_nl && !CfgNl) || (iv_s && !CfgS);
    end else if (is_gvma) begin
      illegal = iv_rsvd || (iv_nl && !CfgNl) || (iv_s && !CfgS) || iv_pscv;
    end else if (is_fence) begin
      illegal = fc_rsvd || (fc_wsi && !fctl_wsi_i);
    end else if (is_inval_ddt) begin
      illegal = dd_rsvd || dd_pid_set || (dd_dv && dd_did_wide);
    end else if (is_inval_pdt) begin
      illegal = dd_rsvd || !dd_dv || dd_did_wide || dd_pid_wide;
    end else if (is_ats_inval || is_ats_prgr) begin
      illegal = ats_rsvd;
    end
  end

  // StCmdExec of a legal command that must wait (section 5.9): ATS.INVAL with every ITag busy,
  // IOFENCE.C with an ITag busy. An IOFENCE.C after a timeout reports it (cmd_to) and stays.
  logic exec_wait, exec_to, exec_alloc;
  assign exec_wait  = (state_q == StCmdExec) && !illegal &&
                      ((is_ats_inval && !itag_free) || (is_fence && itag_any_busy));
  assign exec_to    = (state_q == StCmdExec) && !illegal && is_fence && !itag_any_busy &&
                      timed_out_q;
  assign exec_alloc = (state_q == StCmdExec) && !illegal && is_ats_inval && itag_free;

  iotlb_inval_t vma_inval;
  always_comb begin
    vma_inval       = '0;
    vma_inval.valid = 1'b1;
    vma_inval.gv    = iv_gv;
    vma_inval.av    = iv_av;
    vma_inval.pscv  = iv_pscv;
    vma_inval.pscid = iv_pscid;
    vma_inval.vpn   = dw1[10 +: VaTagW];   // ADDR[56:12] (ADDR[63:57] not compared)
    vma_inval.gvma  = is_gvma;
    vma_inval.gscid = dw0[44 +: GscidW];   // GSCID (version 8)
    // Version 10 (section 6.6): S = 1 makes ADDR a NAPOT range (AV = 1 only; IOTINVAL.GVMA ignores ADDR).
    // NL = 1 invalidates what NL = 0 does (the IOTLB holds only leaves, section 5.8).
    vma_inval.s       = iv_s && iv_av && !is_gvma;
    vma_inval.addr_hi = dw1[61:55];        // ADDR[63:57]
  end

  ////////////
  // Result //
  ////////////

  // Kept apart from the next-state logic: the controller and the register file act on these at the
  // same edge.
  logic exec_ok;   // StCmdExec of a legal command that completes in this cycle
  always_comb begin
    done_o           = 1'b0;
    cqh_inc_o        = 1'b0;
    cqmf_set_o       = 1'b0;
    cmd_ill_set_o    = 1'b0;
    fence_w_ip_set_o = 1'b0;
    exec_ok          = 1'b0;
    tlb_inval_o      = '0;
    ddtc_inval_o     = 1'b0;
    ddtc_inval_dv_o  = 1'b0;
    ddtc_inval_did_o = '0;
    pdtc_inval_o     = 1'b0;
    pdtc_inval_dv_o  = 1'b0;
    pdtc_inval_pv_o  = 1'b0;
    pdtc_inval_did_o = '0;
    pdtc_inval_pid_o = '0;
    cmd_to_set_o     = 1'b0;
    cq_wait_set_o    = 1'b0;
    unique case (state_q)
      // A fetch error: cqmf, cqh stays on the command.
      StCqWait: begin
        if (mem_rsp_i.valid && (mem_rsp_i.err != MemErrOk)) begin
          cqmf_set_o = 1'b1;
          done_o     = 1'b1;
        end
        // Planted bug cqh_early: cqh advances once the command is read, before it is done.
        if (bug_on(BugCqhEarly) && mem_rsp_i.valid && (mem_rsp_i.err == MemErrOk) && k_q) begin
          cqh_inc_o = 1'b1;
        end
      end

      StCmdExec: begin
        if (illegal) begin
          cmd_ill_set_o = 1'b1;
          done_o        = 1'b1;
        end else if (exec_wait) begin
          cq_wait_set_o = 1'b1;
          done_o        = 1'b1;
        end else if (exec_to) begin
          cmd_to_set_o  = 1'b1;
          done_o        = 1'b1;
        end else if (is_ats_inval || is_ats_prgr) begin
          // -> StMsgReq; cqh advances at the message's handshake.
        end else if (is_vma || is_gvma) begin
          tlb_inval_o = vma_inval;
          exec_ok     = 1'b1;
        end else if (is_inval_ddt) begin
          // Planted bug inval_ddt_keeps_entry: DV = 1 invalidates nothing.
          ddtc_inval_o     = !(dd_dv && bug_on(BugInvalDdtKeepsEntry));
          ddtc_inval_dv_o  = dd_dv;
          ddtc_inval_did_o = dd_dv ? dd_did : '0;
          // The device's PDT entries go with its DC (spec "IOMMU directory cache invalidation
          // commands"); every one with DV = 0.
          pdtc_inval_o     = CfgPd && !(dd_dv && bug_on(BugInvalDdtKeepsEntry));
          pdtc_inval_dv_o  = CfgPd && dd_dv;
          pdtc_inval_did_o = (CfgPd && dd_dv) ? dd_did : '0;
          exec_ok          = 1'b1;
        end else if (is_inval_pdt) begin
          // IODIR.INVAL_PDT: the PC cache entries of (DID, PID) only.
          pdtc_inval_o     = 1'b1;
          pdtc_inval_dv_o  = 1'b1;
          pdtc_inval_pv_o  = 1'b1;
          pdtc_inval_did_o = dd_did;
          pdtc_inval_pid_o = dd_pid;
          exec_ok          = 1'b1;
        end else if (!fc_av) begin
          fence_w_ip_set_o = fc_wsi;
          exec_ok          = 1'b1;
        end
        // Planted bug fence_early: an IOTINVAL.VMA takes effect at the next command's execution.
        if (bug_on(BugFenceEarly)) tlb_inval_o = late_q;
      end

      // The ATS message is taken: the command is done.
      StMsgReq: begin
        if (msg_ready_i) begin
          done_o    = 1'b1;
          cqh_inc_o = 1'b1;
        end
      end

      // The completion write's response: an error leaves cqh on the IOFENCE.C.
      StFenceWait: begin
        if (mem_rsp_i.valid) begin
          done_o = 1'b1;
          if (mem_rsp_i.err != MemErrOk) begin
            cqmf_set_o = 1'b1;
          end else begin
            fence_w_ip_set_o = fc_wsi;
            cqh_inc_o        = !bug_on(BugCqhEarly);
          end
        end
      end

      default: ;
    endcase
    if (exec_ok) begin
      done_o    = 1'b1;
      cqh_inc_o = !bug_on(BugCqhEarly);
    end
  end

  //////////////////////
  // Next-state logic //
  //////////////////////

  always_comb begin
    state_d = state_q;
    cmd_d   = cmd_q;
    k_d     = k_q;
    late_d  = late_q;

    unique case (state_q)
      StIdle: begin
        if (start_i) begin
          k_d     = 1'b0;
          state_d = StCqReq;
        end
      end

      // Read command doubleword k at cqb.PPN * 4096 + cqh * 16 + 8 * k.
      StCqReq: begin
        if (mem_req_ready_i) state_d = StCqWait;
      end

      StCqWait: begin
        if (mem_rsp_i.valid) begin
          if (mem_rsp_i.err != MemErrOk) begin
            state_d = StIdle;
          end else begin
            cmd_d[k_q] = dw_order(mem_rsp_i.rdata, be_i);
            if (!k_q) begin
              k_d     = 1'b1;
              state_d = StCqReq;
            end else begin
              state_d = StCmdExec;
            end
          end
        end
      end

      // One cycle; only an IOFENCE.C with AV = 1 goes on to its completion write.
      StCmdExec: begin
        state_d = (!illegal && is_fence && fc_av && !exec_wait && !exec_to) ? StFenceReq :
                  (!illegal && (is_ats_prgr || exec_alloc)) ? StMsgReq : StIdle;
        if (bug_on(BugFenceEarly)) begin
          late_d = (!illegal && (is_vma || is_gvma)) ? vma_inval : '0;
        end
      end

      StFenceReq: begin
        if (mem_req_ready_i) state_d = StFenceWait;
      end

      StFenceWait: begin
        if (mem_rsp_i.valid) state_d = StIdle;
      end

      StMsgReq: begin
        if (msg_ready_i) state_d = StIdle;
      end

      default: state_d = StIdle;
    endcase
  end

  // ITags: completions and the timeout act on the ITags as they were before the edge, an allocation
  // at the same edge after them; cqon going 1 -> 0 frees all and clears the timed-out flag.
  always_comb begin
    itag_busy_d = itag_busy_q;
    itag_did_d  = itag_did_q;
    timed_out_d = timed_out_q;
    if (icpl_valid_i) begin
      for (int t = 0; t < NumItags; t++) begin
        if (icpl_itags_i[t] && itag_busy_q[t] && (itag_did_q[t] == icpl_did_i)) begin
          itag_busy_d[t] = 1'b0;
        end
      end
    end
    if (ats_timeout_i) begin
      if (itag_any_busy) timed_out_d = 1'b1;
      itag_busy_d = '0;
    end
    if (exec_to) timed_out_d = 1'b0;
    if (exec_alloc) begin
      itag_busy_d[itag_new] = 1'b1;
      itag_did_d[itag_new]  = ats_did;
    end
    if (cqon_fall_i) begin
      itag_busy_d = '0;
      timed_out_d = 1'b0;
    end
  end

  ////////////////
  // Flip-flops //
  ////////////////

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      state_q <= StIdle;
      cmd_q   <= '0;
      k_q     <= 1'b0;
      late_q  <= '0;
      itag_busy_q <= '0;
      itag_did_q  <= '0;
      timed_out_q <= 1'b0;
      itag_q      <= '0;
    end else begin
      state_q <= state_d;
      cmd_q   <= cmd_d;
      k_q     <= k_d;
      late_q  <= late_d;
      itag_busy_q <= CfgAts ? itag_busy_d : '0;
      itag_did_q  <= itag_did_d;
      timed_out_q <= CfgAts && timed_out_d;
      if (exec_alloc) itag_q <= itag_new;
    end
  end

  /////////////
  // Outputs //
  /////////////

  always_comb begin
    mem_req_o = '0;
    unique case (state_q)
      StCqReq: begin
        mem_req_o.valid = 1'b1;
        mem_req_o.op    = MemOpRead;
        mem_req_o.addr  = {{(64 - PasW){1'b0}}, cqb_ppn_i, 12'h000} +
                          {28'h0, cqh_i, 4'h0} + {60'h0, k_q, 3'b000};
        mem_req_o.be    = 8'hFF;
      end
      // The 4-byte store of DATA at ADDR[63:2] * 4 (section 5.4: in the enabled half).
      StFenceReq: begin
        mem_req_o.valid = 1'b1;
        mem_req_o.op    = MemOpWrite;
        mem_req_o.addr  = {fc_addr[61:1], 3'b000};
        mem_req_o.wdata = fc_addr[0] ? {fc_data_mem, 32'h0} : {32'h0, fc_data_mem};
        mem_req_o.be    = fc_addr[0] ? 8'hF0 : 8'h0F;
      end
      default: ;
    endcase
  end

  assign state_o = state_q;

  // The ATS message of StMsgReq (ATS.INVAL: an Invalidation Request with its ITag; ATS.PRGR: a Page
  // Request Group Response); the ITag of an ATS.INVAL is the one allocated in StCmdExec (itag_q).
  logic in_msg;
  assign in_msg        = state_q == StMsgReq;
  assign msg_valid_o   = in_msg;
  assign msg_prgr_o    = in_msg && is_ats_prgr;
  assign msg_did_o     = in_msg ? ats_did : '0;
  assign msg_pv_o      = in_msg && ats_pv;
  assign msg_pid_o     = (in_msg && ats_pv) ? dw0[31:12] : '0;
  assign msg_itag_o    = (in_msg && is_ats_inval) ? itag_q : '0;
  assign msg_payload_o = in_msg ? dw1 : '0;

  // Operand bits no decision of this version needs: PR/PW (one engine: every earlier request is
  // answered), GSCID (no second stage).
  logic unused_bits;
  assign unused_bits = ^{dw0[13:12], dw0[59:44]};

  ////////////////
  // Assertions //
  ////////////////

`ifndef SYNTHESIS
  // State codes legal: the command processor's own states only.
  StateLegal_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      state_q inside {StIdle, StCqReq, StCqWait, StCmdExec, StFenceReq, StFenceWait} ||
      (CfgAts && (state_q == StMsgReq)))
    else $error("%s:%0d: StateLegal_A: state %0d", `__FILE__, `__LINE__, state_q);

  // No second start while busy.
  NoStartWhileBusy_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      start_i |-> (state_q == StIdle))
    else $error("%s:%0d: NoStartWhileBusy_A: start in state %0d", `__FILE__, `__LINE__, state_q);

  // A response only while waiting for one.
  RspOnlyInWait_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      mem_rsp_i.valid |-> (state_q inside {StCqWait, StFenceWait}))
    else $error("%s:%0d: RspOnlyInWait_A: response in state %0d", `__FILE__, `__LINE__, state_q);

  // At most one outcome per command; register events only in the command's last cycle (apart from
  // the planted cqh_early bug).
  OneOutcome_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      $onehot0({cqmf_set_o, cmd_ill_set_o, cqh_inc_o && done_o}) &&
      ((cqmf_set_o || cmd_ill_set_o || fence_w_ip_set_o) -> done_o))
    else $error("%s:%0d: OneOutcome_A: state %0d", `__FILE__, `__LINE__, state_q);

  // Invalidations only in StCmdExec.
  InvalOnlyInExec_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      (tlb_inval_o.valid || ddtc_inval_o || pdtc_inval_o) |-> (state_q == StCmdExec))
    else $error("%s:%0d: InvalOnlyInExec_A: state %0d", `__FILE__, `__LINE__, state_q);

  // IOFENCE.C with WSI = 1 is illegal while fctl.WSI = 0 (section 5.4 step 1): it sets cmd_ill,
  // never fence_w_ip.
  FenceWsiNeedsFctlWsi_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      ((state_q == StCmdExec) && is_fence && fc_wsi && !fctl_wsi_i) |->
      (cmd_ill_set_o && !fence_w_ip_set_o))
    else $error("%s:%0d: FenceWsiNeedsFctlWsi_A", `__FILE__, `__LINE__);

  // The fence write enables exactly one 4-byte half; outputs known when valid.
  FenceWriteHalf_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      (mem_req_o.valid && (state_q == StFenceReq)) |->
      ((mem_req_o.be == 8'h0F) || (mem_req_o.be == 8'hF0)))
    else $error("%s:%0d: FenceWriteHalf_A: be %h", `__FILE__, `__LINE__, mem_req_o.be);
  // IODIR.INVAL_PDT is legal only with a process directory, with DV = 1, and touches the process-
  // context cache alone (section 5.4 step 3a).
  InvalPdtOnlyWithPd_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      pdtc_inval_pv_o |-> (CfgPd && pdtc_inval_o && pdtc_inval_dv_o && !ddtc_inval_o &&
                           !tlb_inval_o.valid))
    else $error("%s:%0d: InvalPdtOnlyWithPd_A", `__FILE__, `__LINE__);
  // Version 11: a message only for a legal ATS command, held until taken; an ITag is allocated only
  // when one is free; cmd_to only from an IOFENCE.C.
  MsgStable_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      (msg_valid_o && !msg_ready_i) |=>
      (msg_valid_o && $stable({msg_prgr_o, msg_did_o, msg_pv_o, msg_pid_o, msg_itag_o, msg_payload_o})))
    else $error("%s:%0d: MsgStable_A", `__FILE__, `__LINE__);
  MsgOnlyAts_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      msg_valid_o |-> (CfgAts && (is_ats_inval || is_ats_prgr) && !illegal))
    else $error("%s:%0d: MsgOnlyAts_A", `__FILE__, `__LINE__);
  ItagAllocFree_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      exec_alloc |-> !itag_busy_q[itag_new])
    else $error("%s:%0d: ItagAllocFree_A: itag %0d", `__FILE__, `__LINE__, itag_new);
  CmdToFromFence_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      cmd_to_set_o |-> (is_fence && timed_out_q && (state_q == StCmdExec)))
    else $error("%s:%0d: CmdToFromFence_A", `__FILE__, `__LINE__);
  DoneKnown_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      done_o |-> !$isunknown({cqh_inc_o, cqmf_set_o, cmd_ill_set_o, fence_w_ip_set_o}))
    else $error("%s:%0d: DoneKnown_A", `__FILE__, `__LINE__);
`endif

endmodule
