// Fault-queue writer: decides whether a fault is reported and writes its record to the in-memory
// fault queue (RISC-V IOMMU specification, "Fault/Event-Queue (FQ)", "Fault-queue CSR (fqcsr)":
// the DTF column of the cause table, fqon, fqmf, fqof, queue full). States StFault, StFqReq,
// StFqWait of docs/microarch.md section 5 (StIdle while it does not hold the translation). The
// register file owns fqt and the fqcsr bits; this block tells it what happened (commit, overflow,
// memory fault). Mirrors cmodel/arch/fault_queue.c.

module iommu_fault_queue
  import iommu_pkg::*;
  import iommu_cfg_pkg::*;
(
  input  logic                 clk_i,
  input  logic                 rst_ni,

  // Start (from the translation controller): the fault to report
  input  logic                 start_i,        // take the fault at this edge
  input  logic [CauseW-1:0]    cause_i,
  input  logic                 dtf_i,          // tc.DTF of the located DC (0 if none located)

  // The request that faulted (the controller's registered copy, stable while this block runs)
  input  logic [DidW-1:0]      did_i,
  input  logic                 pv_i,
  input  logic [PidW-1:0]      pid_i,
  input  logic                 priv_i,
  input  logic [TtypW-1:0]     ttyp_i,
  input  logic [63:0]          iova_i,
  input  logic [63:0]          iotval2_i,      // guest-page faults (version 8); 0 otherwise
  input  logic                 be_i,           // version 10: fctl.BE (the record's byte order)

  // Configuration from the register file
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

  // Memory client
  output mem_req_t             mem_req_o,
  input  logic                 mem_req_ready_i,
  input  mem_rsp_t             mem_rsp_i,

  // The fault is dealt with (reported, dropped or lost), in the last cycle of this block
  output logic                 done_o,

  // Observation
  output xlate_state_e         state_o
);

  ///////////////
  // Registers //
  ///////////////

  xlate_state_e                state_q, state_d;
  logic [CauseW-1:0]           cause_q, cause_d;
  logic                        dtf_q, dtf_d;
  logic [1:0]                  k_q, k_d;       // doubleword counter

  // Queue full: one free slot is kept, so that fqh == fqt means empty.
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
    rec_dw0.ttyp  = 6'(ttyp_i);
    if (ttyp_i != 4'(TtypNone)) begin
      rec_dw0.did  = did_i;
      rec_dw0.pv   = pv_i;
      rec_dw0.pid  = pv_i ? pid_i : '0;
      rec_dw0.priv = pv_i & priv_i;
    end
    // Spec "msi_cfg_tbl": an IOMMU MSI write access fault reports the MSI address in iotval (the
    // controller puts it where the request's IOVA would be).
    rec_iotval = (ttyp_has_iova(ttyp_i) || (cause_q == CauseMsiWriteAccessFault)) ? iova_i : 64'h0;
    // A PCIe message (a page request, version 11): iotval holds its message code, 4 for a Page
    // Request (spec "Fault/Event-Queue (FQ)"; docs/microarch.md 5.9).
    if (ttyp_i == 4'(TtypPcieMessage)) rec_iotval = 64'd4;
  end

  logic [63:0] rec_dw;
  always_comb begin
    unique case (k_q)
      2'd0:    rec_dw = rec_dw0;
      2'd2:    rec_dw = rec_iotval;
      2'd3:    rec_dw = iotval2_i;  // guest-page faults only (version 8, docs/microarch.md 5.6)
      default: rec_dw = 64'h0;  // dw1: custom/reserved
    endcase
  end

  ////////////
  // Result //
  ////////////

  // Kept apart from the next-state logic, which reads start_i: the controller's response
  // depends on done_o in the same cycle.
  always_comb begin
    done_o      = 1'b0;
    fq_commit_o = 1'b0;
    fq_of_set_o = 1'b0;
    fq_mf_set_o = 1'b0;
    unique case (state_q)
      // Decide whether and how the fault is reported (spec "Fault/Event-Queue (FQ)": DTF column
      // of the cause table, fqon, fqmf, fqof, queue full).
      StFault: begin
        if ((cause_dtf_suppressed(cause_q) && dtf_q) || !fqon_i || fqmf_i || fqof_i) begin
          done_o = 1'b1;  // not reported
        end else if (fq_full) begin
          fq_of_set_o = 1'b1;
          done_o      = 1'b1;
        end
      end
      // Spec "fqcsr": an access fault on a record write sets fqmf and discards the record;
      // after the last doubleword the record is committed and fqt advances.
      StFqWait: begin
        if (mem_rsp_i.valid) begin
          if (mem_rsp_i.err != MemErrOk) begin
            fq_mf_set_o = 1'b1;
            done_o      = 1'b1;
          end else if (k_q == 2'(FqRecWords - 1)) begin
            fq_commit_o = 1'b1;
            done_o      = 1'b1;
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
    cause_d = cause_q;
    dtf_d   = dtf_q;
    k_d     = k_q;

    unique case (state_q)
      StIdle: begin
        if (start_i) begin
          cause_d = cause_i;
          dtf_d   = dtf_i;
          state_d = StFault;
        end
      end

      // Not reported, or the queue is full: done; otherwise write the record from k = 0.
      StFault: begin
        if (done_o) begin
          state_d = StIdle;
        end else begin
          k_d     = '0;
          state_d = StFqReq;
        end
      end

      // Write fault-record doubleword k at fqb.PPN * 4096 + fqt * 32 + 8 * k.
      StFqReq: begin
        if (mem_req_ready_i) state_d = StFqWait;
      end

      // The next doubleword, or done (committed or discarded).
      StFqWait: begin
        if (done_o) begin
          state_d = StIdle;
        end else if (mem_rsp_i.valid) begin
          k_d     = k_q + 2'd1;
          state_d = StFqReq;
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
      cause_q <= '0;
      dtf_q   <= 1'b0;
      k_q     <= '0;
    end else begin
      state_q <= state_d;
      cause_q <= cause_d;
      dtf_q   <= dtf_d;
      k_q     <= k_d;
    end
  end

  /////////////
  // Outputs //
  /////////////

  always_comb begin
    mem_req_o = '0;
    if (state_q == StFqReq) begin
      mem_req_o.valid = 1'b1;
      mem_req_o.op    = MemOpWrite;
      mem_req_o.addr  = {{(64 - PasW){1'b0}}, fqb_ppn_i, 12'h000} +
                        {27'h0, fqt_i, k_q, 3'b000};
      mem_req_o.wdata = dw_order(rec_dw, be_i);
      mem_req_o.be    = 8'hFF;
    end
  end

  assign state_o = state_q;

  // A write's response carries no data.
  logic unused_rdata;
  assign unused_rdata = ^mem_rsp_i.rdata;

  ////////////////
  // Assertions //
  ////////////////

`ifndef SYNTHESIS
  // State codes legal: the writer's own states only.
  StateLegal_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      state_q inside {StIdle, StFault, StFqReq, StFqWait})
    else $error("%s:%0d: StateLegal_A: state %0d", `__FILE__, `__LINE__, state_q);

  // No second fault while one is being reported.
  NoStartWhileBusy_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      start_i |-> (state_q == StIdle))
    else $error("%s:%0d: NoStartWhileBusy_A: start in state %0d", `__FILE__, `__LINE__, state_q);

  // Only a real fault is reported.
  StartHasCause_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      start_i |-> (cause_i != '0))
    else $error("%s:%0d: StartHasCause_A", `__FILE__, `__LINE__);

  // Pointers in range while a fault is reported: the doubleword counter addresses one of the
  // record's words, and the tail and head the register file gives are indices into the queue.
  RecWordInRange_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      (state_q != StIdle) |-> (32'(k_q) < FqRecWords))
    else $error("%s:%0d: RecWordInRange_A: k = %0d", `__FILE__, `__LINE__, k_q);
  TailInRange_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      (state_q != StIdle) |-> ((fqt_i & ~fq_mask) == '0))
    else $error("%s:%0d: TailInRange_A: fqt = %0d", `__FILE__, `__LINE__, fqt_i);
  HeadInRange_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      (state_q != StIdle) |-> ((fqh_i & ~fq_mask) == '0))
    else $error("%s:%0d: HeadInRange_A: fqh = %0d", `__FILE__, `__LINE__, fqh_i);

  // Handshake stability of the request: MemReqStable_A in iommu_mem_arb, which sees every client's.

  // A response only while waiting for one.
  RspOnlyInWait_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      mem_rsp_i.valid |-> (state_q == StFqWait))
    else $error("%s:%0d: RspOnlyInWait_A: response in state %0d", `__FILE__, `__LINE__, state_q);

  // An IOMMU MSI write access fault has no request: TTYP 0, device_id 0, PV 0 (spec "msi_cfg_tbl",
  // docs/microarch.md section 5.5).
  MsiFaultNoRequest_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      ((state_q != StIdle) && (cause_q == CauseMsiWriteAccessFault)) |->
      ((ttyp_i == 4'(TtypNone)) && (did_i == '0) && !pv_i && (pid_i == '0) && !priv_i && !dtf_q))
    else $error("%s:%0d: MsiFaultNoRequest_A: ttyp %0d did %h", `__FILE__, `__LINE__, ttyp_i,
                did_i);

  // At most one event to the register file per fault, and only when it is dealt with.
  OneEvent_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      $onehot0({fq_commit_o, fq_of_set_o, fq_mf_set_o}) &&
      ((fq_commit_o || fq_of_set_o || fq_mf_set_o) -> done_o))
    else $error("%s:%0d: OneEvent_A", `__FILE__, `__LINE__);
`endif

endmodule
