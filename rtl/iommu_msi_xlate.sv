// MSI address translation (version 8): the read of the two doublewords of the MSI PTE of a virtual
// interrupt file's page and its checks, flat (basic translate, M = 3) and MRIF mode (M = 1, with
// capabilities.MSI_MRIF). Behaviour: IOMMU spec "Process to translate addresses of MSIs" and "MSI page
// tables"; states StMsiPteReq, StMsiPteWait, StMsiPteCheck of docs/microarch.md section 5.6 (StIdle while
// it does not hold the translation). The MRIF update itself is the IO bridge's: the result carries the
// MRIF address and the notice MSI. Outputs are functions of registered state and of the memory response
// of this cycle (done_o).

module iommu_msi_xlate
  import iommu_pkg::*;
  import iommu_cfg_pkg::*;
(
  input  logic                 clk_i,
  input  logic                 rst_ni,

  input  logic                 start_i,
  input  logic [63:0]          gpa_i,          // the GPA (an interrupt file's address), read at start
  input  logic                 be_i,           // version 10: the translation's fctl.BE (MSI PTE order)
  input  logic [PpnW-1:0]      msiptp_ppn_i,   // the DC's msiptp.PPN (held)
  input  logic [51:0]          mask_i,         // the DC's msi_addr_mask (held)
  input  logic [TtypW-1:0]     ttyp_i,

  output mem_req_t             mem_req_o,
  input  logic                 mem_req_ready_i,
  input  mem_rsp_t             mem_rsp_i,

  output logic                 done_o,
  output logic                 fault_o,
  output logic [CauseW-1:0]    cause_o,
  output logic [63:0]          pa_o,           // basic translate: the translated address
  output logic                 mrif_o,         // MRIF mode: the MRIF information below
  output logic [63:0]          mrif_addr_o,
  output logic [63:0]          notice_addr_o,
  output logic [31:0]          notice_data_o,

  output xlate_state_e         state_o
);

  xlate_state_e state_q, state_d;
  logic         k_q, k_d;
  logic [63:0]  w0_q, w0_d, w1_q, w1_d;
  logic [63:0]  gpa_q, gpa_d;

  // MSI PTE fields (spec "MSI page tables"): V bit 0, M bits 2:1, C bit 63; basic translate PPN 53:10;
  // MRIF address bits 53:7 (address bits 55:9); second word NID 9:0 and bit 60, NPPN 53:10.
  logic       v, c;
  logic [1:0] m;
  assign v = w0_q[0];
  assign m = w0_q[2:1];
  assign c = w0_q[63];

  logic flat_rsvd, mrif_rsvd;
  assign flat_rsvd = (w0_q[9:3] != '0) || (w0_q[62:54] != '0);
  assign mrif_rsvd = (w0_q[6:3] != '0) || (w0_q[62:54] != '0) || (w1_q[59:54] != '0) ||
                     (w1_q[63:61] != '0);

  logic is_exec;
  assign is_exec = ttyp_access(ttyp_i) == AccExec;

  always_comb begin
    done_o        = 1'b0;
    fault_o       = 1'b0;
    cause_o       = '0;
    pa_o          = '0;
    mrif_o        = 1'b0;
    mrif_addr_o   = '0;
    notice_addr_o = '0;
    notice_data_o = '0;
    unique case (state_q)
      StMsiPteWait: begin
        if (mem_rsp_i.valid && (mem_rsp_i.err != MemErrOk)) begin
          done_o  = 1'b1;
          fault_o = 1'b1;
          cause_o = (mem_rsp_i.err == MemErrAccess) ? CauseMsiPteLoadFault : CauseMsiPtDataCorruption;
        end
      end
      StMsiPteCheck: begin
        done_o = 1'b1;
        if (!v) begin
          fault_o = 1'b1;
          cause_o = CauseMsiPteNotValid;
        end else if (c || (m == 2'd0) || (m == 2'd2) || ((m == 2'd3) && flat_rsvd) ||
                     ((m == 2'd1) && (!CfgMsiMrif || mrif_rsvd))) begin
          fault_o = 1'b1;
          cause_o = CauseMsiPteMisconfig;
        end else if (is_exec) begin
          // The MSI PTE grants read and write only.
          fault_o = 1'b1;
          cause_o = CauseInstrAccessFault;
        end else if (m == 2'd3) begin
          pa_o = {8'h0, w0_q[53:10], gpa_q[11:0]};
        end else begin
          mrif_o        = 1'b1;
          mrif_addr_o   = {8'h0, w0_q[53:7], 9'h0};
          notice_addr_o = {8'h0, w1_q[53:10], 12'h0};
          notice_data_o = {21'h0, w1_q[60], w1_q[9:0]};
        end
      end
      default: ;
    endcase
  end

  always_comb begin
    state_d = state_q;
    k_d     = k_q;
    w0_d    = w0_q;
    w1_d    = w1_q;
    gpa_d   = gpa_q;
    unique case (state_q)
      StIdle: begin
        if (start_i) begin
          k_d     = 1'b0;
          gpa_d   = gpa_i;
          state_d = StMsiPteReq;
        end
      end
      StMsiPteReq: if (mem_req_ready_i) state_d = StMsiPteWait;
      StMsiPteWait: begin
        if (mem_rsp_i.valid) begin
          if (mem_rsp_i.err != MemErrOk) begin
            state_d = StIdle;
          end else if (!k_q) begin
            w0_d    = dw_order(mem_rsp_i.rdata, be_i);
            k_d     = 1'b1;
            state_d = StMsiPteReq;
          end else begin
            w1_d    = dw_order(mem_rsp_i.rdata, be_i);
            state_d = StMsiPteCheck;
          end
        end
      end
      StMsiPteCheck: state_d = StIdle;
      default: state_d = StIdle;
    endcase
  end

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      state_q <= StIdle;
      k_q     <= 1'b0;
      w0_q    <= '0;
      w1_q    <= '0;
      gpa_q   <= '0;
    end else begin
      state_q <= state_d;
      k_q     <= k_d;
      w0_q    <= w0_d;
      w1_q    <= w1_d;
      gpa_q   <= gpa_d;
    end
  end

  // The interrupt file number I = extract(gpa >> 12, mask); the PTE at msiptp.PPN * 4096 | I * 16.
  logic [51:0] file_i;
  assign file_i = msi_extract(gpa_q[63:12], mask_i);

  always_comb begin
    mem_req_o = '0;
    if (state_q == StMsiPteReq) begin
      mem_req_o.valid = 1'b1;
      mem_req_o.op    = MemOpRead;
      mem_req_o.addr  = ({8'h0, msiptp_ppn_i, 12'h0} | {8'h0, file_i, 4'h0}) +
                        {60'h0, k_q, 3'b000};
      mem_req_o.be    = 8'hFF;
    end
  end

  assign state_o = state_q;

  logic unused_bits;
  assign unused_bits = ^{w0_q[6:3], gpa_q[11:0] & 12'h0};

`ifndef SYNTHESIS
  MsiXStateLegal_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      state_q inside {StIdle, StMsiPteReq, StMsiPteWait, StMsiPteCheck})
    else $error("%s:%0d: MsiXStateLegal_A: state %0d", `__FILE__, `__LINE__, state_q);
  MsiXNoStartWhileBusy_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      start_i |-> ((state_q == StIdle) && CfgG && CfgMsiFlat))
    else $error("%s:%0d: MsiXNoStartWhileBusy_A: state %0d", `__FILE__, `__LINE__, state_q);
  MsiXRspOnlyInWait_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      mem_rsp_i.valid |-> (state_q == StMsiPteWait))
    else $error("%s:%0d: MsiXRspOnlyInWait_A: state %0d", `__FILE__, `__LINE__, state_q);
  MsiXBothWords_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      (state_q == StMsiPteCheck) |-> k_q)
    else $error("%s:%0d: MsiXBothWords_A", `__FILE__, `__LINE__);
  MsiXDoneKnown_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      done_o |-> (!$isunknown({fault_o, cause_o, pa_o, mrif_o}) && (fault_o == (cause_o != '0)) &&
                  (!fault_o || ((pa_o == '0) && !mrif_o)) && !(mrif_o && (pa_o != '0))))
    else $error("%s:%0d: MsiXDoneKnown_A", `__FILE__, `__LINE__);
`endif

endmodule
