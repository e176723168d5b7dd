// Memory arbiter: the one memory master port of the IOMMU shared by the device-context fetch, the
// process-context fetch (version 7; it never requests in a configuration without a PD mode), the
// page-table walker, the fault-queue writer, the command processor and the MSI sender. Fixed
// priority (lower client index first, iommu_pkg MemClient*), one request outstanding at a time;
// the response goes back to the client whose request it answers. docs/microarch.md sections 2, 5
// (memory master) and 8.
// Outputs are functions of the clients' registered requests: no added cycle.

module iommu_mem_arb
  import iommu_pkg::*;
#(
  parameter int unsigned NumClients = MemClients
) (
  input  logic                        clk_i,
  input  logic                        rst_ni,

  // Clients
  input  mem_req_t [NumClients-1:0]   client_req_i,
  output logic     [NumClients-1:0]   client_ready_o,
  output mem_rsp_t [NumClients-1:0]   client_rsp_o,

  // Memory master
  output logic                        mem_req_valid_o,
  input  logic                        mem_req_ready_i,
  output logic [1:0]                  mem_req_op_o,
  output logic [63:0]                 mem_req_addr_o,
  output logic [63:0]                 mem_req_wdata_o,
  output logic [63:0]                 mem_req_cmp_o,
  output logic [7:0]                  mem_req_be_o,
  input  logic                        mem_rsp_valid_i,
  input  logic [63:0]                 mem_rsp_rdata_i,
  input  logic [1:0]                  mem_rsp_err_i
);

  localparam int unsigned ClientW = (NumClients > 1) ? $clog2(NumClients) : 1;

  ////////////
  // Grant  //
  ////////////

  logic               any_req;
  logic [ClientW-1:0] gnt_idx;
  mem_req_t           gnt_req;

  // The lowest requesting index wins. (A loop with constant indices, not client_req_i[gnt_idx]: a
  // variable index into the wide packed array costs Verilator shifts on every evaluation.)
  always_comb begin
    any_req = 1'b0;
    gnt_idx = '0;
    gnt_req = '0;
    for (int c = NumClients - 1; c >= 0; c--) begin
      if (client_req_i[c].valid) begin
        any_req = 1'b1;
        gnt_idx = ClientW'(c);
        gnt_req = client_req_i[c];
      end
    end
  end

  assign mem_req_valid_o = gnt_req.valid;
  assign mem_req_op_o    = gnt_req.op;
  assign mem_req_addr_o  = gnt_req.addr;
  assign mem_req_wdata_o = gnt_req.wdata;
  assign mem_req_cmp_o   = gnt_req.cmp;
  assign mem_req_be_o    = gnt_req.be;

  for (genvar c = 0; c < NumClients; c++) begin : g_ready
    assign client_ready_o[c] = mem_req_ready_i & any_req & (gnt_idx == ClientW'(c));
  end

  //////////////////////
  // Response routing //
  //////////////////////

  // The owner of the outstanding request (responses come in request order, docs/microarch.md
  // section 8, and each client waits for its response before it requests again).
  logic               pending_q, pending_d;
  logic [ClientW-1:0] owner_q, owner_d;
  logic               req_fire;

  assign req_fire = mem_req_valid_o & mem_req_ready_i;

  always_comb begin
    pending_d = pending_q;
    owner_d   = owner_q;
    if (mem_rsp_valid_i) begin
      pending_d = 1'b0;
    end
    if (req_fire) begin
      pending_d = 1'b1;
      owner_d   = gnt_idx;
    end
  end

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      pending_q <= 1'b0;
      owner_q   <= '0;
    end else begin
      pending_q <= pending_d;
      owner_q   <= owner_d;
    end
  end

  for (genvar c = 0; c < NumClients; c++) begin : g_rsp
    assign client_rsp_o[c].valid = mem_rsp_valid_i & pending_q & (owner_q == ClientW'(c));
    assign client_rsp_o[c].rdata = mem_rsp_rdata_i;
    assign client_rsp_o[c].err   = mem_rsp_err_i;
  end

  ////////////////
  // Assertions //
  ////////////////

`ifndef SYNTHESIS
  logic [NumClients-1:0] client_valid;
  for (genvar c = 0; c < NumClients; c++) begin : g_client_valid
    assign client_valid[c] = client_req_i[c].valid;
  end

  // Parameters legal.
  NumClientsLegal_A: assert property (@(posedge clk_i) NumClients >= 1 && NumClients <= 16)
    else $error("%s:%0d: NumClientsLegal_A: %0d clients", `__FILE__, `__LINE__, NumClients);

  // Handshake stability: a presented request stays, unchanged, until the memory takes it.
  MemReqStable_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      (mem_req_valid_o && !mem_req_ready_i) |=>
      (mem_req_valid_o && $stable({mem_req_op_o, mem_req_addr_o, mem_req_wdata_o, mem_req_cmp_o,
                                   mem_req_be_o})))
    else $error("%s:%0d: MemReqStable_A: request withdrawn or changed before ready", `__FILE__,
                `__LINE__);

  // No second request while one is outstanding (one-request-at-a-time engine).
  NoReqWhilePending_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      !(mem_req_valid_o && pending_q))
    else $error("%s:%0d: NoReqWhilePending_A: request while owner %0d waits", `__FILE__, `__LINE__,
                owner_q);

  // Only one block holds the translation, so at most one client requests at a time.
  OneClient_A: assert property (@(posedge clk_i) disable iff (!rst_ni) $onehot0(client_valid))
    else $error("%s:%0d: OneClient_A: clients %b request together", `__FILE__, `__LINE__,
                client_valid);

  // The memory answers only a request it took (bench guarantee, docs/microarch.md section 8).
  RspOnlyWhenPending_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      mem_rsp_valid_i |-> pending_q)
    else $error("%s:%0d: RspOnlyWhenPending_A: response without a request", `__FILE__, `__LINE__);

  OwnerInRange_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      32'(owner_q) < NumClients)
    else $error("%s:%0d: OwnerInRange_A: owner %0d", `__FILE__, `__LINE__, owner_q);

  // Outputs known when valid.
  MemReqKnown_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      mem_req_valid_o |->
      !$isunknown({mem_req_op_o, mem_req_addr_o, mem_req_wdata_o, mem_req_cmp_o,
                    mem_req_be_o}))
    else $error("%s:%0d: MemReqKnown_A", `__FILE__, `__LINE__);
`endif

endmodule
