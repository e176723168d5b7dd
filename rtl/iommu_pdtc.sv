// Process-context cache (version 7): 4 fully associative entries with FIFO replacement, each holding
// the two doublewords (ta, fsc) of a process context as read, tagged with its device_id and the
// effective process_id (the PDT part of the IOMMU directory caches of spec "IOMMU directory cache
// invalidation commands"). Built by iommu_top only when the configuration has PD8, PD17 or PD20.
// Lookup (StLookup step 4a, or StDcCheck for a DC read from memory), fill (StPcCheck), invalidation
// (IODIR.INVAL_DDT, IODIR.INVAL_PDT; ddtp change) and observation signals: docs/microarch.md sections
// 4.5, 5.4 and 6.4. The lookup result is combinational from registered state; fill and
// invalidation act at the clock edge.

module iommu_pdtc
  import iommu_pkg::*;
(
  input  logic                 clk_i,
  input  logic                 rst_ni,

  // Lookup (from the engine's registered state)
  input  logic                 lookup_i,
  input  logic [DidW-1:0]      lookup_did_i,
  input  logic [PidW-1:0]      lookup_pid_i,   // the effective process_id p
  output logic                 hit_o,          // lookup_i and an entry hits
  output process_context_t     hit_pc_o,       // the lowest hitting entry's PC ('0 without a hit)

  // Fill (StPcCheck: a PC read from memory that passed ta.V and the configuration checks)
  input  logic                 fill_i,
  input  logic [DidW-1:0]      fill_did_i,
  input  logic [PidW-1:0]      fill_pid_i,
  input  process_context_t     fill_pc_i,

  // Invalidation at this edge: IODIR.INVAL_DDT (DV = 0: all; DV = 1: the device's entries) or
  // IODIR.INVAL_PDT (the entries of one device_id and process_id), or every entry (ddtp change)
  input  logic                 inval_i,
  input  logic                 inval_dv_i,     // 1: only the entries of inval_did_i
  input  logic                 inval_pv_i,     // 1: and only those of inval_pid_i
  input  logic [DidW-1:0]      inval_did_i,
  input  logic [PidW-1:0]      inval_pid_i,
  input  logic                 flush_i,

  // Observation
  output logic                 obs_lookup_o,
  output logic                 obs_hit_o,
  output logic [PdtcWayW-1:0]  obs_hit_way_o,
  output logic                 obs_fill_o,
  output logic [PdtcWayW-1:0]  obs_fill_way_o,
  output logic                 obs_evict_o,
  output logic [PdtcWays-1:0]  obs_inval_o     // ways valid and invalidated at this edge
);

  pdtc_entry_t [PdtcWays-1:0] entry_q, entry_d;
  logic [PdtcWayW-1:0]        ptr_q, ptr_d;

  logic [PdtcWays-1:0] way_valid;
  logic [PdtcWays-1:0] way_match;
  logic [PdtcWays-1:0] way_inval;
  logic                any_match;
  logic [PdtcWayW-1:0] match_way;

  for (genvar w = 0; w < PdtcWays; w++) begin : g_way
    assign way_valid[w] = entry_q[w].valid;
    assign way_match[w] = entry_q[w].valid && (entry_q[w].did == lookup_did_i) &&
                          (entry_q[w].pid == lookup_pid_i);
    assign way_inval[w] = entry_q[w].valid &&
                          (flush_i ||
                           (inval_i && (!inval_dv_i || (entry_q[w].did == inval_did_i)) &&
                                       (!inval_pv_i || (entry_q[w].pid == inval_pid_i))));

    pdtc_entry_t nxt;
    always_comb begin
      nxt = entry_q[w];
      if (fill_i && (ptr_q == PdtcWayW'(w))) begin
        nxt.valid = 1'b1;
        nxt.did   = fill_did_i;
        nxt.pid   = fill_pid_i;
        nxt.pc    = fill_pc_i;
      end
      if (way_inval[w]) nxt.valid = 1'b0;
    end
    assign entry_d[w] = nxt;
  end

  // Lowest-numbered hitting way wins.
  always_comb begin
    any_match = 1'b0;
    match_way = '0;
    for (int w = PdtcWays - 1; w >= 0; w--) begin
      if (way_match[w]) begin
        any_match = 1'b1;
        match_way = PdtcWayW'(w);
      end
    end
  end

  assign hit_o    = lookup_i & any_match;
  assign hit_pc_o = hit_o ? entry_q[match_way].pc : '0;

  // FIFO replacement: the pointer advances by one (mod 4) on every fill; invalidation leaves it.
  assign ptr_d = ptr_q + PdtcWayW'(fill_i);

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      entry_q <= '0;
      ptr_q   <= '0;
    end else begin
      entry_q <= entry_d;
      ptr_q   <= ptr_d;
    end
  end

  /////////////////
  // Observation //
  /////////////////

  assign obs_lookup_o   = lookup_i;
  assign obs_hit_o      = hit_o;
  assign obs_hit_way_o  = hit_o ? match_way : '0;
  assign obs_fill_o     = fill_i;
  assign obs_fill_way_o = fill_i ? ptr_q : '0;
  assign obs_evict_o    = fill_i & way_valid[ptr_q];
  assign obs_inval_o    = way_inval;

  ////////////////
  // Assertions //
  ////////////////

`ifndef SYNTHESIS
  logic [PdtcWays-1:0] way_tag_eq_fill;
  for (genvar w = 0; w < PdtcWays; w++) begin : g_fill_eq
    assign way_tag_eq_fill[w] = (entry_q[w].did == fill_did_i) && (entry_q[w].pid == fill_pid_i);
  end

  // Parameters legal: the FIFO pointer wraps exactly at the number of ways.
  PdtcWaysPowerOfTwo_A: assert property (@(posedge clk_i) PdtcWays == (1 << PdtcWayW))
    else $error("%s:%0d: PdtcWaysPowerOfTwo_A: %0d ways", `__FILE__, `__LINE__, PdtcWays);

  // Lookup (StLookup or StDcCheck), fill (StPcCheck) and invalidation (StCmdExec, ddtp change in
  // StIdle) are in different states of the one engine.
  PdtcOneOperation_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      $onehot0({lookup_i, fill_i, inval_i | flush_i}))
    else $error("%s:%0d: PdtcOneOperation_A: lookup %0d fill %0d inval %0d flush %0d", `__FILE__,
                `__LINE__, lookup_i, fill_i, inval_i, flush_i);

  // A hit never fetches, so a (device_id, process_id) is held by one way at most (section 6.4).
  PdtcFillNotCached_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      fill_i |-> !(|(way_valid & ~way_inval & way_tag_eq_fill)))
    else $error("%s:%0d: PdtcFillNotCached_A: device_id %0h process_id %0h already cached",
                `__FILE__, `__LINE__, fill_did_i, fill_pid_i);

  // IODIR.INVAL_PDT always names a device (its DV = 1 is required).
  PdtcInvalPidNeedsDid_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      (inval_i && inval_pv_i) |-> inval_dv_i)
    else $error("%s:%0d: PdtcInvalPidNeedsDid_A", `__FILE__, `__LINE__);

  // Outputs known when valid; a hit returns a valid PC (ta.V = 1: only such PCs are filled).
  PdtcHitKnown_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      hit_o |-> (!$isunknown(hit_pc_o) && hit_pc_o.ta.v))
    else $error("%s:%0d: PdtcHitKnown_A", `__FILE__, `__LINE__);
  PdtcFillValidPc_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      fill_i |-> (!$isunknown({fill_did_i, fill_pid_i, fill_pc_i}) && fill_pc_i.ta.v))
    else $error("%s:%0d: PdtcFillValidPc_A", `__FILE__, `__LINE__);
`endif

endmodule
