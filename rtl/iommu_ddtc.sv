// Device-context cache: 4 fully associative entries with FIFO replacement, each holding the DCW
// doublewords of a device context as read (four in the base format, eight in the extended format of
// capabilities.MSI_FLAT), tagged with its device_id (the IOMMU
// directory cache of spec "IOMMU directory cache invalidation commands"). Lookup, fill,
// invalidation (IODIR.INVAL_DDT; ddtp change) and observation signals: docs/microarch.md sections
// 4.5 and 6.3. The lookup result is combinational from registered state (entries and the engine's
// captured request); fill and invalidation act at the clock edge.

module iommu_ddtc
  import iommu_pkg::*;
  import iommu_cfg_pkg::*;
(
  input  logic                 clk_i,
  input  logic                 rst_ni,

  // Lookup (StLookup step 4, from the engine's registered request)
  input  logic                 lookup_i,
  input  logic [DidW-1:0]      lookup_did_i,
  output logic                 hit_o,          // lookup_i and an entry hits
  output device_context_t      hit_dc_o,       // the lowest hitting entry's DC ('0 without a hit)
  output dc_ext_t              hit_ext_o,      // its doublewords 4 to 7 ('0 in the base format)

  // Fill (StDcCheck: a DC read from memory that passed tc.V and the configuration checks)
  input  logic                 fill_i,
  input  logic [DidW-1:0]      fill_did_i,
  input  device_context_t      fill_dc_i,
  input  dc_ext_t              fill_ext_i,

  // Invalidation at this edge: IODIR.INVAL_DDT (StCmdExec), or every entry (ddtp change)
  input  logic                 inval_i,
  input  logic                 inval_dv_i,     // 1: only the entries of inval_did_i
  input  logic [DidW-1:0]      inval_did_i,
  input  logic                 flush_i,

  // Observation
  output logic                 obs_lookup_o,
  output logic                 obs_hit_o,
  output logic [DdtcWayW-1:0]  obs_hit_way_o,
  output logic                 obs_fill_o,
  output logic [DdtcWayW-1:0]  obs_fill_way_o,
  output logic                 obs_evict_o,
  output logic [DdtcWays-1:0]  obs_inval_o     // ways valid and invalidated at this edge
);

  ddtc_entry_t [DdtcWays-1:0] entry_q, entry_d;
  logic [DdtcWayW-1:0]        ptr_q, ptr_d;

  logic [DdtcWays-1:0] way_valid;
  logic [DdtcWays-1:0] way_match;
  logic [DdtcWays-1:0] way_inval;
  logic                any_match;
  logic [DdtcWayW-1:0] match_way;

  for (genvar w = 0; w < DdtcWays; w++) begin : g_way
    assign way_valid[w] = entry_q[w].valid;
    assign way_match[w] = entry_q[w].valid && (entry_q[w].did == lookup_did_i);
    assign way_inval[w] = entry_q[w].valid &&
                          (flush_i || (inval_i && (!inval_dv_i ||
                                                   (entry_q[w].did == inval_did_i))));

    ddtc_entry_t nxt;
    always_comb begin
      nxt = entry_q[w];
      if (fill_i && (ptr_q == DdtcWayW'(w))) begin
        nxt.valid = 1'b1;
        nxt.did   = fill_did_i;
        nxt.dc    = fill_dc_i;
      end
      if (way_inval[w]) nxt.valid = 1'b0;
    end
    assign entry_d[w] = nxt;
  end

  // Lowest-numbered hitting way wins.
  always_comb begin
    any_match = 1'b0;
    match_way = '0;
    for (int w = DdtcWays - 1; w >= 0; w--) begin
      if (way_match[w]) begin
        any_match = 1'b1;
        match_way = DdtcWayW'(w);
      end
    end
  end

  assign hit_o    = lookup_i & any_match;
  assign hit_dc_o = hit_o ? entry_q[match_way].dc : '0;

  // The extended format's doublewords 4 to 7, beside each entry (filled and read with it).
  if (CfgMsiFlat) begin : g_ext
    dc_ext_t [DdtcWays-1:0] ext_q;
    always_ff @(posedge clk_i) begin
      if (!rst_ni) begin
        ext_q <= '0;
      end else if (fill_i) begin
        ext_q[ptr_q] <= fill_ext_i;
      end
    end
    assign hit_ext_o = hit_o ? ext_q[match_way] : '0;
  end else begin : g_base
    assign hit_ext_o = '0;
    logic unused_fill_ext;
    assign unused_fill_ext = ^fill_ext_i;
  end

  // FIFO replacement: the pointer advances by one (mod 4) on every fill; invalidation leaves it.
  assign ptr_d = ptr_q + DdtcWayW'(fill_i);

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
  logic [DdtcWays-1:0] way_did_eq_fill;
  for (genvar w = 0; w < DdtcWays; w++) begin : g_fill_eq
    assign way_did_eq_fill[w] = entry_q[w].did == fill_did_i;
  end

  // Parameters legal: the FIFO pointer wraps exactly at the number of ways.
  WaysPowerOfTwo_A: assert property (@(posedge clk_i) DdtcWays == (1 << DdtcWayW))
    else $error("%s:%0d: WaysPowerOfTwo_A: %0d ways", `__FILE__, `__LINE__, DdtcWays);

  // Lookup (StLookup), fill (StDcCheck) and invalidation (StCmdExec, ddtp change in StIdle) are
  // in different states of the one engine.
  OneOperation_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      $onehot0({lookup_i, fill_i, inval_i | flush_i}))
    else $error("%s:%0d: OneOperation_A: lookup %0d fill %0d inval %0d flush %0d", `__FILE__,
                `__LINE__, lookup_i, fill_i, inval_i, flush_i);

  // A hit never fetches, so a device_id is held by one way at most (section 6.3).
  FillNotCached_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      fill_i |-> !(|(way_valid & ~way_inval & way_did_eq_fill)))
    else $error("%s:%0d: FillNotCached_A: device_id %0h already cached", `__FILE__, `__LINE__,
                fill_did_i);

  // Outputs known when valid; a hit returns a valid DC (tc.V = 1: only such DCs are filled).
  HitKnown_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      hit_o |-> (!$isunknown(hit_dc_o) && hit_dc_o.tc.v))
    else $error("%s:%0d: HitKnown_A", `__FILE__, `__LINE__);
  FillValidDc_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      fill_i |-> (!$isunknown({fill_did_i, fill_dc_i}) && fill_dc_i.tc.v))
    else $error("%s:%0d: FillValidDc_A", `__FILE__, `__LINE__);
`endif

endmodule
