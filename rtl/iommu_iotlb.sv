// IOTLB: 8 fully associative entries with FIFO replacement, caching Sv39 leaves per device_id.
// Organisation, lookup, fill and observation signals: docs/microarch.md section 6.
// The lookup result is combinational from registered state (entries and the engine's captured
// request); fill writes the entry at the replacement pointer at the clock edge.

module iommu_iotlb
  import iommu_pkg::*;
(
  input  logic                 clk_i,
  input  logic                 rst_ni,

  // Lookup (from the engine's registered request)
  input  logic                 lookup_i,       // a lookup happens in this cycle
  input  logic [DidW-1:0]      lookup_did_i,
  input  logic [63:0]          lookup_iova_i,
  output logic                 hit_o,          // lookup_i and an entry hits
  output iotlb_entry_t         hit_entry_o,    // the lowest hitting entry ('0 without a hit)

  // Fill
  input  logic                 fill_i,         // write fill_entry_i at the replacement pointer
  input  iotlb_entry_t         fill_entry_i,

  // Observation
  output logic                 obs_lookup_o,
  output logic                 obs_hit_o,
  output logic [IotlbWayW-1:0] obs_hit_way_o,
  output logic                 obs_fill_o,
  output logic [IotlbWayW-1:0] obs_fill_way_o,
  output logic                 obs_evict_o
);

  iotlb_entry_t [IotlbWays-1:0] entry_q, entry_d;
  logic [IotlbWayW-1:0]         ptr_q, ptr_d;

  ////////////
  // Lookup //
  ////////////

  logic                 iova_ok;
  logic [IotlbWays-1:0] way_valid;
  logic [IotlbWays-1:0] way_match;
  logic                 any_match;
  logic [IotlbWayW-1:0] match_way;

  assign iova_ok = sv39_canonical(lookup_iova_i);

  for (genvar w = 0; w < IotlbWays; w++) begin : g_way
    logic vpn2_eq, vpn1_eq, vpn0_eq;
    assign vpn2_eq = entry_q[w].vpn[2*VpnW +: VpnW] == lookup_iova_i[PgOffW + 2*VpnW +: VpnW];
    assign vpn1_eq = entry_q[w].vpn[VpnW +: VpnW]   == lookup_iova_i[PgOffW + VpnW +: VpnW];
    assign vpn0_eq = entry_q[w].vpn[0 +: VpnW]      == lookup_iova_i[PgOffW +: VpnW];
    // Compare the VPN fields above the entry's level.
    assign way_match[w] = entry_q[w].valid && (entry_q[w].did == lookup_did_i) && iova_ok &&
                          vpn2_eq &&
                          ((entry_q[w].level == 2'd2) || vpn1_eq) &&
                          ((entry_q[w].level != 2'd0) || vpn0_eq);
    assign way_valid[w] = entry_q[w].valid;

    // Fill: the entry at the replacement pointer is overwritten.
    assign entry_d[w] = (fill_i && (ptr_q == IotlbWayW'(w))) ? fill_entry_i : entry_q[w];
  end

  // Lowest-numbered hitting way wins.
  always_comb begin
    any_match = 1'b0;
    match_way = '0;
    for (int w = IotlbWays - 1; w >= 0; w--) begin
      if (way_match[w]) begin
        any_match = 1'b1;
        match_way = IotlbWayW'(w);
      end
    end
  end

  assign hit_o       = lookup_i & any_match;
  assign hit_entry_o = hit_o ? entry_q[match_way] : '0;

  //////////
  // Fill //
  //////////

  // FIFO replacement: the pointer advances by one (mod 8) on every fill.
  assign ptr_d = fill_i ? ptr_q + 1'b1 : ptr_q;

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

  ////////////////
  // Assertions //
  ////////////////

`ifndef SYNTHESIS
  // Parameters legal: the FIFO pointer wraps exactly at the number of ways.
  WaysPowerOfTwo_A: assert property (@(posedge clk_i) IotlbWays == (1 << IotlbWayW))
    else $error("%s:%0d: WaysPowerOfTwo_A: %0d ways", `__FILE__, `__LINE__, IotlbWays);

  // Lookup (StLookup) and fill (StPteCheck) never happen in the same cycle.
  LookupXorFill_A: assert property (@(posedge clk_i) disable iff (!rst_ni) !(lookup_i && fill_i))
    else $error("%s:%0d: LookupXorFill_A", `__FILE__, `__LINE__);

  // Only valid entries are filled, at a level Sv39 has.
  FillLegal_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      fill_i |-> (fill_entry_i.valid && (fill_entry_i.level <= 2'd2)))
    else $error("%s:%0d: FillLegal_A: level %0d", `__FILE__, `__LINE__, fill_entry_i.level);

  // Outputs known when valid.
  HitKnown_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      hit_o |-> (!$isunknown(hit_entry_o) && hit_entry_o.valid))
    else $error("%s:%0d: HitKnown_A", `__FILE__, `__LINE__);
`endif

endmodule
