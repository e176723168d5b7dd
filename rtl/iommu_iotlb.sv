// IOTLB: 8 fully associative entries with FIFO replacement, caching Sv39/Sv48/Sv57 leaves (tagged
// with IOVA bits 56:12 and the leaf level, not the mode) per device_id and
// PSCID, with the walk's global flag. Organisation, lookup, fill, invalidation (IOTINVAL.VMA, spec
// table "IOTINVAL.VMA operands and operations"; ddtp change) and observation signals:
// docs/microarch.md sections 4.5, 6 and 6.2.
// The lookup result is combinational from registered state (entries and the engine's captured
// request); fill writes the entry at the replacement pointer at the clock edge.

module iommu_iotlb
  import iommu_pkg::*;
  import iommu_cfg_pkg::*;
(
  input  logic                 clk_i,
  input  logic                 rst_ni,

  // Lookup (from the engine's registered request)
  input  logic                 lookup_i,       // a lookup happens in this cycle
  input  logic [DidW-1:0]      lookup_did_i,
  input  logic [63:0]          lookup_iova_i,
  input  logic [PidW-1:0]      lookup_pscid_i, // the cached DC's ta.PSCID
  input  logic [3:0]           lookup_mode_i,  // the cached DC's iosatp.MODE
  input  logic                 lookup_gv_i,    // version 8 (section 6.5): the context's gv, GSCID, s1
  input  logic [GscidW-1:0]    lookup_gscid_i,
  input  logic                 lookup_s1_i,
  output logic                 hit_o,          // lookup_i and an entry hits
  output iotlb_entry_t         hit_entry_o,    // the lowest hitting entry ('0 without a hit)
  input  logic                 hit_inval_i,    // invalidate that entry at this edge (version 6:
                                               // a write met D = 0 with tc.SADE = 1)

  // Fill
  input  logic                 fill_i,         // write fill_entry_i at the replacement pointer
  input  iotlb_entry_t         fill_entry_i,

  // Invalidation at this edge: one IOTINVAL.VMA (StCmdExec), or every entry (ddtp change)
  input  iotlb_inval_t         inval_i,
  input  logic                 flush_i,

  // Observation
  output logic                 obs_lookup_o,
  output logic                 obs_hit_o,
  output logic [IotlbWayW-1:0] obs_hit_way_o,
  output logic                 obs_fill_o,
  output logic [IotlbWayW-1:0] obs_fill_way_o,
  output logic                 obs_evict_o,
  output logic [IotlbWays-1:0] obs_inval_o     // ways valid and invalidated at this edge
);

  iotlb_entry_t [IotlbWays-1:0] entry_q, entry_d;
  logic [IotlbWayW-1:0]         ptr_q, ptr_d;

  ////////////
  // Lookup //
  ////////////

  // The S = 1 range's lowest compared tag bit X + 1 (tag bit k is IOVA bit 12 + k); 52 (nothing compared)
  // when ADDR[63:12] has no 0 bit.
  int rng_lo;
  always_comb begin
    logic [51:0] a, lowest_zero;
    a = {inval_i.addr_hi, inval_i.vpn};
    lowest_zero = ~a & (a + 52'd1);  // the lowest 0 bit of a, alone (0 when a has none)
    rng_lo = (lowest_zero == '0) ? 52 : $countones(lowest_zero - 52'd1) + 1;
  end

  logic                 iova_ok;
  logic [IotlbWays-1:0] way_valid;
  logic [IotlbWays-1:0] way_match;
  logic [IotlbWays-1:0] way_inval;
  logic                 any_match;
  logic [IotlbWayW-1:0] match_way;

  // The IOVA must be a valid address of the cached DC's mode (bits 63:VAW equal bit VAW-1).
  // A Bare first stage (s1 = 0, version 8) has no such check: the controller checked bits 63:GAW.
  assign iova_ok = !lookup_s1_i || fs_canonical(lookup_iova_i, lookup_mode_i);

  for (genvar w = 0; w < IotlbWays; w++) begin : g_way
    // Compare IOVA bits 58:12 + sz (version 10, section 6.6: the page size; the entry's mode is not part
    // of the tag). Version 8 (section 6.5): gv, GSCID (gv = 1) and s1 equal, the PSCID only for s1 = 1.
    // (For s1 = 1 bits 58:57 equal bit 56 in the entry and in a valid IOVA of every first-stage mode.)
    assign way_match[w] = entry_q[w].valid && (entry_q[w].did == lookup_did_i) && iova_ok &&
                          (entry_q[w].gv == lookup_gv_i) &&
                          (!lookup_gv_i || (entry_q[w].gscid == lookup_gscid_i)) &&
                          (entry_q[w].s1 == lookup_s1_i) &&
                          (!lookup_s1_i || (entry_q[w].pscid == lookup_pscid_i)) &&
                          tag_covers({entry_q[w].vpn_hi, entry_q[w].vpn}, lookup_iova_i[58:12],
                                     int'(entry_q[w].sz), 46);
    assign way_valid[w] = entry_q[w].valid;

    // IOTINVAL.VMA (section 6.2): GV = 1 names a VM and every entry is a host entry; AV = 1
    // selects the entries covering ADDR[56:12] (IOVA bits 56:12 + 9 * level), PSCV = 1 the
    // non-global entries of that PSCID.
    // Version 10 (section 6.6): with S = 1 ADDR is a NAPOT range of 2^(X + 13) bytes (X: the lowest 0 bit
    // of ADDR[63:12]); an entry is covered when its page and the range overlap, IOVA bits
    // 58:max(12 + sz, X + 13) equal. With S = 0 the compare is that of section 6.2 (bits 56:12 + sz).
    logic covers, pscid_ok;
    assign covers   = inval_i.s ?
                      tag_covers({entry_q[w].vpn_hi, entry_q[w].vpn}, {inval_i.addr_hi[1:0], inval_i.vpn},
                                 (int'(entry_q[w].sz) > rng_lo) ? int'(entry_q[w].sz) : rng_lo, 46) :
                      tag_covers({entry_q[w].vpn_hi, entry_q[w].vpn}, {inval_i.addr_hi[1:0], inval_i.vpn},
                                 int'(entry_q[w].sz), 44);
    // Planted bug iotinval_ignores_pscid: the PSCID comparison is skipped.
    assign pscid_ok = ((entry_q[w].pscid == inval_i.pscid) || bug_on(BugIotinvalIgnoresPscid)) &&
                      !entry_q[w].g;
    // Version 8 (section 6.2a): GV = 0 names host entries (gv = 0); GV = 1 the entries of the GSCID,
    // where AV or PSCV match only entries with a first stage (s1); IOTINVAL.GVMA every gv = 1 entry
    // (GV = 0) or those of the GSCID (GV = 1), whatever AV (the entries hold no GPA).
    logic vma_hit, gvma_hit, space_ok;
    assign space_ok = inval_i.gv ? (entry_q[w].gv && (entry_q[w].gscid == inval_i.gscid))
                                 : !entry_q[w].gv;
    assign vma_hit  = !inval_i.gvma && space_ok &&
                      (!inval_i.av || (covers && entry_q[w].s1)) &&
                      (!inval_i.pscv || (pscid_ok && entry_q[w].s1));
    assign gvma_hit = inval_i.gvma && entry_q[w].gv &&
                      (!inval_i.gv || (entry_q[w].gscid == inval_i.gscid));
    assign way_inval[w] = entry_q[w].valid &&
                          (flush_i || (hit_inval_i && hit_o && (match_way == IotlbWayW'(w))) ||
                           (inval_i.valid && (vma_hit || gvma_hit)));

    // Fill: the entry at the replacement pointer is overwritten; invalidation clears the valid bit
    // only (never in the same cycle as a fill: one engine).
    iotlb_entry_t nxt;
    always_comb begin
      nxt = entry_q[w];
      if (fill_i && (ptr_q == IotlbWayW'(w))) nxt = fill_entry_i;
      if (way_inval[w])                        nxt.valid = 1'b0;
    end
    assign entry_d[w] = nxt;
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
  assign obs_inval_o    = way_inval;

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

  // Invalidation happens in StCmdExec or at the ddtp busy completion (StIdle), never with a lookup
  // or a fill.
  InvalAlone_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      (inval_i.valid || flush_i) |-> !(lookup_i || fill_i))
    else $error("%s:%0d: InvalAlone_A", `__FILE__, `__LINE__);

  // Only valid entries are filled, with a page size of section 6.6 (4 KiB, 64 KiB, 2 MiB, 4 MiB, 1 GiB,
  // 512 GiB, 256 TiB) and a PBMT that is not the reserved 3.
  FillLegal_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      fill_i |-> (fill_entry_i.valid && (fill_entry_i.sz inside {6'd0, 6'd4, 6'd9, 6'd10, 6'd18, 6'd27, 6'd36}) &&
                  (fill_entry_i.pbmt != 2'd3) && (CfgSvpbmt || (fill_entry_i.pbmt == '0))))
    else $error("%s:%0d: FillLegal_A: size %0d", `__FILE__, `__LINE__, fill_entry_i.sz);

  // Version 10: an S = 1 invalidation only with capabilities.S.
  SRangeOnlyWithS_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      (inval_i.valid && inval_i.s) |-> CfgS)
    else $error("%s:%0d: SRangeOnlyWithS_A", `__FILE__, `__LINE__);

  // The hit entry is dropped only in the cycle of its hit (StLookup step 5 exception, version 6).
  HitInvalOnHit_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      hit_inval_i |-> (hit_o && !fill_i && !flush_i))
    else $error("%s:%0d: HitInvalOnHit_A", `__FILE__, `__LINE__);

  // A lookup is made only for a first-stage mode (StLookup step 5).
  LookupModeLegal_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      (lookup_i && lookup_s1_i) |-> fs_mode(lookup_mode_i))
    else $error("%s:%0d: LookupModeLegal_A: mode %0d", `__FILE__, `__LINE__, lookup_mode_i);

  // A hit needs a valid address of the cached DC's mode.
  HitCanonical_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      (hit_o && lookup_s1_i) |-> fs_canonical(lookup_iova_i, lookup_mode_i))
    else $error("%s:%0d: HitCanonical_A", `__FILE__, `__LINE__);

  // Version 8: entries of a VM address space and Bare-first-stage entries exist only with a second
  // stage; a host entry has GSCID 0 and every G-stage bit.
  GvOnlyWithG_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      fill_i |-> ((!fill_entry_i.gv || CfgG) && (fill_entry_i.s1 || fill_entry_i.gv) &&
                  (fill_entry_i.gv || ((fill_entry_i.gscid == '0) && fill_entry_i.gr &&
                                       fill_entry_i.gw && fill_entry_i.gx && fill_entry_i.gd))))
    else $error("%s:%0d: GvOnlyWithG_A", `__FILE__, `__LINE__);

  // Outputs known when valid.
  HitKnown_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      hit_o |-> (!$isunknown(hit_entry_o) && hit_entry_o.valid))
    else $error("%s:%0d: HitKnown_A", `__FILE__, `__LINE__);
`endif

endmodule
