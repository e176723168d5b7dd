// MSI sender: the pending interrupt vectors and the message write (RISC-V IOMMU specification
// "ipsr", "icvec", "msi_cfg_tbl": a pending bit that becomes set while fctl.WSI is 0 is sent as a
// 4-byte write of msi_data_x to msi_addr_x; a masked vector stays pending until it is unmasked).
// States StMsiReq, StMsiWait of docs/microarch.md section 5.5 (StIdle while it does not hold the
// engine); the pending vectors of section 4.3. The register file says which bits to set at each
// edge; the translation controller starts a send in StIdle when one is deliverable (section 5.1),
// and reports a failed write as cause 273 through the fault-queue writer.
// Outputs are functions of registered state, and of the memory response of this cycle (done_o,
// fault_o).

module iommu_msi
  import iommu_pkg::*;
  import iommu_cfg_pkg::*;
(
  input  logic                             clk_i,
  input  logic                             rst_ni,

  // Pending vectors to set at this edge (fip or cip rising with fctl.WSI = 0, section 4.3)
  input  logic [MsiVecs-1:0]               pend_set_i,

  // MSI configuration table (registered values of the register file)
  input  logic [MsiVecs-1:0][MsiAddrW-1:0] msi_addr_i,   // msi_addr_x.ADDR (bits 55:2)
  input  logic [MsiVecs-1:0][31:0]         msi_data_i,
  input  logic [MsiVecs-1:0]               msi_mask_i,   // msi_vec_ctl_x.M

  // Translation controller: deliverable in StIdle, start, completion
  output logic                             deliverable_o,
  input  logic                             start_i,      // send the lowest deliverable vector
  input  logic                             be_i,         // version 10: fctl.BE (the MSI data's byte order)
  output logic                             done_o,       // the write's response, this cycle
  output logic                             fault_o,      // with done_o: the write failed
  output logic [63:0]                      addr_o,       // the captured msi_addr (iotval of 273)

  // Memory client
  output mem_req_t                         mem_req_o,
  input  logic                             mem_req_ready_i,
  input  mem_rsp_t                         mem_rsp_i,

  // Observation
  output xlate_state_e                     state_o
);

  ///////////////
  // Registers //
  ///////////////

  xlate_state_e         state_q, state_d;
  logic [MsiVecs-1:0]   pend_q, pend_d;     // pending vectors (not software-visible)
  logic [MsiAddrW-1:0]  addr_q, addr_d;     // captured msi_addr_v.ADDR
  logic [31:0]          data_q, data_d;     // captured msi_data_v
  logic [31:0]          data_mem;           // in fctl.BE byte order within its half (version 10)
  assign data_mem = be_i ? bswap32(data_q) : data_q;

  //////////////////////
  // Vector selection //
  //////////////////////

  // A pending vector whose mask bit is 0 may be sent ("msi_vec_ctl": M = 1 prohibits the
  // message). Planted bug msi_masked: the mask is ignored.
  logic [MsiVecs-1:0] cand;
  assign cand = bug_on(BugMsiMasked) ? pend_q : (pend_q & ~msi_mask_i);

  // The lowest candidate goes first (section 5.1, StIdle).
  logic [MsiVecW-1:0] vsel;
  always_comb begin
    vsel = '0;
    for (int v = MsiVecs - 1; v >= 0; v--) begin
      if (cand[v]) vsel = MsiVecW'(v);
    end
  end

  assign deliverable_o = |cand;

  ////////////
  // Result //
  ////////////

  // Kept apart from the next-state logic: the controller reads done_o in the same cycle.
  always_comb begin
    done_o  = 1'b0;
    fault_o = 1'b0;
    if ((state_q == StMsiWait) && mem_rsp_i.valid) begin
      done_o  = 1'b1;
      fault_o = mem_rsp_i.err != MemErrOk;
    end
  end

  //////////////////////
  // Next-state logic //
  //////////////////////

  always_comb begin
    state_d = state_q;
    addr_d  = addr_q;
    data_d  = data_q;
    pend_d  = pend_q;

    unique case (state_q)
      // The controller starts the send: the vector's pending bit clears, its address and data are
      // captured (registered table values).
      StIdle: begin
        if (start_i) begin
          pend_d[vsel] = 1'b0;
          addr_d       = msi_addr_i[vsel];
          data_d       = msi_data_i[vsel];
          state_d      = StMsiReq;
        end
      end

      // The 4-byte message write, until the memory takes it.
      StMsiReq: begin
        if (mem_req_ready_i) state_d = StMsiWait;
      end

      // Its response ends the send (an error is reported by the controller as cause 273).
      StMsiWait: begin
        if (done_o) state_d = StIdle;
      end

      default: state_d = StIdle;
    endcase

    // Bits that become pending at this edge (a set at the edge that sends the same vector wins:
    // it is a new interrupt).
    pend_d = pend_d | pend_set_i;
  end

  ////////////////
  // Flip-flops //
  ////////////////

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      state_q <= StIdle;
      pend_q  <= '0;
      addr_q  <= '0;
      data_q  <= '0;
    end else begin
      state_q <= state_d;
      pend_q  <= pend_d;
      addr_q  <= addr_d;
      data_q  <= data_d;
    end
  end

  /////////////
  // Outputs //
  /////////////

  // Address bits 2:0 cleared; the enabled 4-byte half is the one address bit 2 selects.
  always_comb begin
    mem_req_o = '0;
    if (state_q == StMsiReq) begin
      mem_req_o.valid = 1'b1;
      mem_req_o.op    = MemOpWrite;
      mem_req_o.addr  = {{(64 - 2 - MsiAddrW){1'b0}}, addr_q[MsiAddrW-1:1], 3'b000};
      mem_req_o.wdata = addr_q[0] ? {data_mem, 32'h0} : {32'h0, data_mem};
      mem_req_o.be    = addr_q[0] ? 8'hF0 : 8'h0F;
    end
  end

  assign addr_o  = {{(64 - 2 - MsiAddrW){1'b0}}, addr_q, 2'b00};
  assign state_o = state_q;

  // A write's response carries no data.
  logic unused_rdata;
  assign unused_rdata = ^mem_rsp_i.rdata;

  ////////////////
  // Assertions //
  ////////////////

`ifndef SYNTHESIS
  // State codes legal: the sender's own states only.
  StateLegal_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      state_q inside {StIdle, StMsiReq, StMsiWait})
    else $error("%s:%0d: StateLegal_A: state %0d", `__FILE__, `__LINE__, state_q);

  // A send starts only from StIdle and only with a deliverable vector.
  StartWhenDeliverable_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      start_i |-> ((state_q == StIdle) && deliverable_o))
    else $error("%s:%0d: StartWhenDeliverable_A: start in state %0d, pending %h", `__FILE__,
                `__LINE__, state_q, pend_q);

  // A masked vector is never sent (spec "msi_vec_ctl": M = 1 prohibits the message). The planted
  // bug msi_masked is left to the bench to find at the ports.
  NoSendWhileMasked_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      start_i |-> (!msi_mask_i[vsel] || bug_on(BugMsiMasked)))
    else $error("%s:%0d: NoSendWhileMasked_A: vector %0d", `__FILE__, `__LINE__, vsel);

  // The sent vector's pending bit clears at the start (unless set again at that edge).
  PendClearsOnStart_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      (start_i && !pend_set_i[vsel]) |=> !pend_q[$past(vsel)])
    else $error("%s:%0d: PendClearsOnStart_A", `__FILE__, `__LINE__);

  // The message write enables exactly one 4-byte half, holds the captured data there and 0 in the
  // other; outputs known when valid.
  MsiWriteHalf_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      mem_req_o.valid |-> (!$isunknown(mem_req_o) && (mem_req_o.be inside {8'h0F, 8'hF0}) &&
                           (mem_req_o.addr[2:0] == 3'b000) &&
                           ((mem_req_o.be == 8'h0F) ? (mem_req_o.wdata[63:32] == '0)
                                                    : (mem_req_o.wdata[31:0] == '0))))
    else $error("%s:%0d: MsiWriteHalf_A: be %h", `__FILE__, `__LINE__, mem_req_o.be);

  // A response only while waiting for one.
  RspOnlyInWait_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      mem_rsp_i.valid |-> (state_q == StMsiWait))
    else $error("%s:%0d: RspOnlyInWait_A: response in state %0d", `__FILE__, `__LINE__, state_q);

  // Outputs known.
  DeliverableKnown_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      !$isunknown({deliverable_o, done_o, fault_o}))
    else $error("%s:%0d: DeliverableKnown_A", `__FILE__, `__LINE__);
`endif

endmodule
