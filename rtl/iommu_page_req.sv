// Page-request handler (version 11): holds the accepted PCIe "Page Request" message, decides what the
// page-request queue does with it once its device context is located, writes the 16-byte record
// (StPqReq, StPqWait) and sends the IOMMU's own "Page Request Group Response" (StMsgReq). The mode
// checks (StPgrStart) and the device-context walk belong to the controller and iommu_ddt_fetch; a
// fault goes through iommu_fault_queue first and then starts the response here. Behaviour: RISC-V
// IOMMU specification "PCIe ATS Page Request handling" and "Page-Request-Queue (PQ)"; states and
// timing: docs/microarch.md section 5.9. Outputs are functions of registered state, apart from
// done_o and the register events, which also follow the start and the memory response of this cycle.

module iommu_page_req
  import iommu_pkg::*;
  import iommu_cfg_pkg::*;
(
  input  logic                 clk_i,
  input  logic                 rst_ni,

  // The message accepted at this edge (the StIdle handshake of pgr_*)
  input  logic                 capture_i,
  input  logic [DidW-1:0]      did_i,
  input  logic                 pv_i,
  input  logic [PidW-1:0]      pid_i,
  input  logic                 priv_i,
  input  logic                 exec_i,
  input  logic                 r_i,
  input  logic                 w_i,
  input  logic                 last_i,
  input  logic [8:0]           prgi_i,
  input  logic [63:0]          addr_i,
  input  logic                 be_i,           // version 10: fctl.BE of the acceptance (the record's byte order)

  // Start: the DC was located and passed its checks (queue decision), with its tc.PRPR; or a
  // fault of the message was dealt with (response only), with the response code
  input  logic                 start_i,
  input  logic                 prpr_i,
  input  logic                 rsp_start_i,
  input  logic [3:0]           rsp_code_i,
  output logic                 need_rsp_o,     // the held message asks for a response
  output logic                 nothing_o,      // a start now neither writes nor responds (done at once)

  // Page-request queue registers
  input  logic [PpnW-1:0]      pqb_ppn_i,
  input  logic [4:0]           pqb_log2szm1_i,
  input  logic [31:0]          pqh_i,
  input  logic [31:0]          pqt_i,
  input  logic                 pqen_i,
  input  logic                 pqon_i,
  input  logic                 pqmf_i,
  input  logic                 pqof_i,
  output logic                 pq_commit_o,    // a record is committed at this edge (pqt += 1)
  output logic                 pq_of_set_o,
  output logic                 pq_mf_set_o,

  // Memory client
  output mem_req_t             mem_req_o,
  input  logic                 mem_req_ready_i,
  input  mem_rsp_t             mem_rsp_i,

  // Outbound message (the response)
  output logic                 msg_valid_o,
  input  logic                 msg_ready_i,
  output logic                 msg_prgr_o,
  output logic [DidW-1:0]      msg_did_o,
  output logic                 msg_pv_o,
  output logic [PidW-1:0]      msg_pid_o,
  output logic [63:0]          msg_payload_o,

  // Completion: the engine returns to StIdle at this edge
  output logic                 done_o,
  output xlate_state_e         state_o
);

  ///////////////
  // Registers //
  ///////////////

  xlate_state_e    state_q, state_d;
  logic            k_q, k_d;
  logic [3:0]      code_q, code_d;
  logic            prpr_q, prpr_d;
  // The message
  logic [DidW-1:0] did_q;
  logic            pv_q;
  logic [PidW-1:0] pid_q;
  logic            priv_q, exec_q, r_q, w_q, last_q;
  logic [8:0]      prgi_q;
  logic [51:0]     page_q;

  // A response is sent only for the last request of a group that is not a Stop Marker (PASID, L = 1,
  // R = W = 0; docs/microarch.md 5.9).
  logic stop_marker;
  assign stop_marker = pv_q && last_q && !r_q && !w_q;
  assign need_rsp_o  = last_q && !stop_marker;

  // Queue full: one free slot is kept, so that pqh == pqt means empty.
  logic [31:0] pq_mask;
  logic        pq_full;
  assign pq_mask = 32'hFFFF_FFFF >> (5'd31 - pqb_log2szm1_i);
  assign pq_full = ((pqt_i + 32'd1) & pq_mask) == pqh_i;

  // The queue decision of StDcCheck (spec "Page-Request-Queue (PQ)": a queue that is off or has a
  // memory fault fails the request; after an overflow the message is discarded and the group
  // auto-completed with Success).
  logic       dec_write;
  logic [3:0] dec_code;
  always_comb begin
    dec_write = 1'b0;
    dec_code  = PrgrSuccess;
    if (!pqen_i || !pqon_i || pqmf_i) begin
      dec_code = PrgrResponseFailure;
    end else if (!pqof_i && !pq_full) begin
      dec_write = 1'b1;
    end
  end

  // Kept apart from start_i, which the controller derives from it in the same cycle.
  assign nothing_o = !dec_write && !need_rsp_o;

  // Record doublewords (spec "Page-Request-Queue (PQ)", page-request record and PAYLOAD).
  logic [63:0] rec_dw0, rec_dw1;
  assign rec_dw0 = {did_q, 5'b0, pv_q & exec_q, pv_q & priv_q, pv_q, pv_q ? pid_q : {PidW{1'b0}},
                    12'h0};
  assign rec_dw1 = {page_q, prgi_q, last_q, w_q, r_q};

  ////////////
  // Result //
  ////////////

  always_comb begin
    state_d     = state_q;
    k_d         = k_q;
    code_d      = code_q;
    prpr_d      = prpr_q;
    done_o      = 1'b0;
    pq_commit_o = 1'b0;
    pq_of_set_o = 1'b0;
    pq_mf_set_o = 1'b0;

    unique case (state_q)
      StIdle: begin
        if (start_i) begin
          prpr_d      = prpr_i;
          code_d      = dec_code;
          pq_of_set_o = pqen_i && pqon_i && !pqmf_i && !pqof_i && pq_full;
          if (dec_write) begin
            k_d     = 1'b0;
            state_d = StPqReq;
          end else if (need_rsp_o) begin
            state_d = StMsgReq;
          end
        end else if (rsp_start_i) begin
          // After a fault: no valid DC was located, or its EN_PRI = 0 (so PRPR = 0). The controller
          // starts this only for a message that asks for a response.
          prpr_d  = 1'b0;
          code_d  = rsp_code_i;
          state_d = StMsgReq;
        end
      end

      // Record doubleword k at pqb.PPN * 4096 + pqt * 16 + 8 k.
      StPqReq: begin
        if (mem_req_ready_i) state_d = StPqWait;
      end

      StPqWait: begin
        if (mem_rsp_i.valid) begin
          if (mem_rsp_i.err != MemErrOk) begin
            pq_mf_set_o = 1'b1;
            code_d      = PrgrResponseFailure;
            if (need_rsp_o) begin
              state_d = StMsgReq;
            end else begin
              state_d = StIdle;
              done_o  = 1'b1;
            end
          end else if (!k_q) begin
            k_d     = 1'b1;
            state_d = StPqReq;
          end else begin
            // Committed; software answers the group with ATS.PRGR.
            pq_commit_o = 1'b1;
            state_d     = StIdle;
            done_o      = 1'b1;
          end
        end
      end

      StMsgReq: begin
        if (msg_ready_i) begin
          state_d = StIdle;
          done_o  = 1'b1;
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
      k_q     <= 1'b0;
      code_q  <= '0;
      prpr_q  <= 1'b0;
      did_q   <= '0;
      pv_q    <= 1'b0;
      pid_q   <= '0;
      priv_q  <= 1'b0;
      exec_q  <= 1'b0;
      r_q     <= 1'b0;
      w_q     <= 1'b0;
      last_q  <= 1'b0;
      prgi_q  <= '0;
      page_q  <= '0;
    end else begin
      state_q <= state_d;
      k_q     <= k_d;
      code_q  <= code_d;
      prpr_q  <= prpr_d;
      if (capture_i) begin
        did_q  <= did_i;
        pv_q   <= pv_i;
        pid_q  <= pid_i;
        priv_q <= priv_i;
        exec_q <= exec_i;
        r_q    <= r_i;
        w_q    <= w_i;
        last_q <= last_i;
        prgi_q <= prgi_i;
        page_q <= addr_i[63:12];
      end
    end
  end

  /////////////
  // Outputs //
  /////////////

  always_comb begin
    mem_req_o = '0;
    if (state_q == StPqReq) begin
      mem_req_o.valid = 1'b1;
      mem_req_o.op    = MemOpWrite;
      mem_req_o.addr  = {{(64 - PasW){1'b0}}, pqb_ppn_i, 12'h000} + {28'h0, pqt_i, 4'h0} +
                        {60'h0, k_q, 3'b000};
      mem_req_o.wdata = dw_order(k_q ? rec_dw1 : rec_dw0, be_i);
      mem_req_o.be    = 8'hFF;
    end
  end

  // The Page Request Group Response: PRGI and the response code in the positions of the ATS.PRGR
  // PAYLOAD; with a PASID only when the message had one and (Response Failure or tc.PRPR = 1).
  logic in_msg, rsp_pasid;
  assign in_msg        = state_q == StMsgReq;
  assign rsp_pasid     = pv_q && ((code_q == PrgrResponseFailure) || prpr_q);
  assign msg_valid_o   = in_msg;
  assign msg_prgr_o    = in_msg;
  assign msg_did_o     = in_msg ? did_q : '0;
  assign msg_pv_o      = in_msg && rsp_pasid;
  assign msg_pid_o     = (in_msg && rsp_pasid) ? pid_q : '0;
  assign msg_payload_o = in_msg ? {16'h0, code_q, 3'b000, prgi_q, 32'h0} : '0;

  assign state_o = state_q;

  // The page offset of the address is ignored (spec "Page-Request-Queue (PQ)"); writes return no data.
  logic unused_bits;
  assign unused_bits = ^{addr_i[11:0], mem_rsp_i.rdata};

  ////////////////
  // Assertions //
  ////////////////

`ifndef SYNTHESIS
  StateLegal_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      state_q inside {StIdle, StPqReq, StPqWait, StMsgReq})
    else $error("%s:%0d: StateLegal_A: state %0d", `__FILE__, `__LINE__, state_q);
  NoStartWhileBusy_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      (start_i || rsp_start_i || capture_i) |-> (state_q == StIdle))
    else $error("%s:%0d: NoStartWhileBusy_A: state %0d", `__FILE__, `__LINE__, state_q);
  OneStart_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      !(start_i && rsp_start_i) && (rsp_start_i -> need_rsp_o))
    else $error("%s:%0d: OneStart_A", `__FILE__, `__LINE__);
  RspOnlyInWait_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      mem_rsp_i.valid |-> (state_q == StPqWait))
    else $error("%s:%0d: RspOnlyInWait_A: state %0d", `__FILE__, `__LINE__, state_q);
  // A record is written only with the queue on and room in it; pqt stays in range.
  WriteOnlyWithRoom_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      (start_i && (state_d == StPqReq)) |-> (pqen_i && pqon_i && !pqmf_i && !pqof_i && !pq_full))
    else $error("%s:%0d: WriteOnlyWithRoom_A", `__FILE__, `__LINE__);
  PqtInRange_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      (pqt_i & ~pq_mask) == '0)
    else $error("%s:%0d: PqtInRange_A: pqt %0d", `__FILE__, `__LINE__, pqt_i);
  // The message is held until it is taken, and is known while valid.
  MsgStable_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      (msg_valid_o && !msg_ready_i) |=>
      (msg_valid_o && $stable({msg_did_o, msg_pv_o, msg_pid_o, msg_payload_o})))
    else $error("%s:%0d: MsgStable_A", `__FILE__, `__LINE__);
  MsgKnown_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      msg_valid_o |-> !$isunknown({msg_did_o, msg_pv_o, msg_pid_o, msg_payload_o}))
    else $error("%s:%0d: MsgKnown_A", `__FILE__, `__LINE__);
  // Nothing of this block exists without ATS.
  OnlyWithAts_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      (state_q != StIdle) |-> CfgAts)
    else $error("%s:%0d: OnlyWithAts_A", `__FILE__, `__LINE__);
`endif

endmodule
