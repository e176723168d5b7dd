// Performance monitor (version 9, docs/microarch.md section 5.7): iohpmcycles, iohpmctr1..N,
// iohpmevt1..N, iocountinh and the read-only iocountovf. Counts the cycles and the requests the engine
// accepts (events 1 untranslated, 2 translated, 3 ATS translation request) through the filters of spec
// "iohpmevt1-31"; an increment that wraps a counter whose OF is 0 sets OF and pulses ovf_o (ipsr.pmip in
// iommu_regs). Without capabilities.HPM (Enable = 0) every register reads 0 and ignores writes.
// Mirrors cmodel/arch/regs.c (regs_hpm_count, regs_hpm_cycles).

module iommu_hpm
  import iommu_pkg::*;
#(
  parameter logic Enable      = 1'b1,
  parameter int   Counters    = 31,   // hpm.counters, 1..31
  parameter int   CounterBits = 64    // hpm.counter_bits, 32..64
) (
  input  logic              clk_i,
  input  logic              rst_ni,

  // Register writes (decoded by iommu_regs): the 8-byte window and which halves are written
  input  logic [8:0]        win_i,
  input  logic              wr_lo_i,
  input  logic              wr_hi_i,
  input  logic [63:0]       wdata_i,
  output logic              rd_hit_o,     // win_i is one of this block's windows
  output logic [63:0]       rd_data_o,    // its value before the edge

  // A request accepted at this edge (docs/microarch.md 5.7, "Counting")
  input  logic              ev_valid_i,
  input  logic [1:0]        ev_id_i,      // 1, 2 or 3
  input  logic [DidW-1:0]   ev_did_i,
  input  logic              ev_pv_i,
  input  logic [PidW-1:0]   ev_pid_i,

  output logic              ovf_o         // some OF goes 0 -> 1 at this edge: ipsr.pmip is set
);

  localparam int N = (Counters < 1) ? 1 : Counters;

  // Windows (spec "Register layout"): 0x58 {iocountinh, iocountovf}, 0x60 iohpmcycles,
  // 0x68 + 8 (n - 1) iohpmctrN, 0x160 + 8 (n - 1) iohpmevtN.
  localparam logic [8:0] WinCount = 9'(RegIocountovf >> 3);
  localparam logic [8:0] WinCy    = 9'(RegIohpmcycles >> 3);
  localparam logic [8:0] WinCtr   = 9'(RegIohpmctr >> 3);
  localparam logic [8:0] WinEvt   = 9'(RegIohpmevt >> 3);

  logic [62:0]                  cy_q, cy_d;
  logic                         cy_of_q, cy_of_d;
  logic [N:1][CounterBits-1:0]  ctr_q, ctr_d;
  logic [N:1][63:0]             evt_q, evt_d;
  logic [N:0]                   inh_q, inh_d;

  // The filter with IDT = 0 (IDT = 1 never matches events 1-3); DMASK ignores the low bits of
  // DID_GSCID up to and including its lowest 0.
  // Field positions of iohpmevt (spec "iohpmevt1-31"): eventID 14:0, DMASK 15, PID_PSCID 35:16,
  // DID_GSCID 59:36, PV_PSCV 60, DV_GSCV 61, IDT 62, OF 63.
  function automatic logic filter_match(logic [62:15] e, logic [DidW-1:0] did, logic pv,
                                        logic [PidW-1:0] pid);
    logic [23:0] want, mask;
    want = e[59:36];
    mask = e[15] ? (want ^ (want + 24'd1)) : 24'd0;
    if (e[62]) return 1'b0;
    if (e[61] && ((did & ~mask) != (want & ~mask))) return 1'b0;
    if (e[60] && (!pv || (pid != e[35:16]))) return 1'b0;
    return 1'b1;
  endfunction

  // Read data
  always_comb begin
    rd_hit_o  = 1'b0;
    rd_data_o = '0;
    if (Enable) begin
      if (win_i == WinCount) begin
        rd_hit_o  = 1'b1;
        rd_data_o[0] = cy_of_q;
        for (int n = 1; n <= N; n++) rd_data_o[n] = evt_q[n][63];
        rd_data_o[32 +: N + 1] = inh_q;
      end else if (win_i == WinCy) begin
        rd_hit_o  = 1'b1;
        rd_data_o = {cy_of_q, cy_q};
      end
      // One compare per register (no computed index that could leave the arrays).
      for (int n = 1; n <= N; n++) begin
        if (win_i == WinCtr + 9'(n - 1)) begin
          rd_hit_o  = 1'b1;
          rd_data_o = 64'(ctr_q[n]);
        end
        if (win_i == WinEvt + 9'(n - 1)) begin
          rd_hit_o  = 1'b1;
          rd_data_o = evt_q[n];
        end
      end
    end
  end

  logic [N:1] ctr_wrap;   // an increment wraps counter n at this edge
  logic       cy_wrap;
  logic [63:0] ctr_wr;    // a counter with the written half(s) merged
  logic        ctr_unused;

  always_comb begin
    cy_d     = cy_q;
    cy_of_d  = cy_of_q;
    ctr_d    = ctr_q;
    evt_d    = evt_q;
    inh_d    = inh_q;
    ovf_o    = 1'b0;
    cy_wrap  = 1'b0;
    ctr_wrap = '0;
    ctr_wr   = '0;
    ctr_unused = 1'b0;

    if (Enable) begin
      // iocountinh: bits 0..N (high half of its window; iocountovf is read-only)
      if (wr_hi_i && (win_i == WinCount)) inh_d = wdata_i[32 +: N + 1];

      // iohpmcycles: a write stores the value (no increment then), else it counts unless inhibited.
      if ((wr_lo_i || wr_hi_i) && (win_i == WinCy)) begin
        if (wr_lo_i) cy_d[31:0] = wdata_i[31:0];
        if (wr_hi_i) {cy_of_d, cy_d[62:32]} = wdata_i[63:32];
      end else if (!inh_q[0]) begin
        cy_d    = cy_q + 63'd1;
        cy_wrap = (cy_q == '1);
        if (cy_wrap && !cy_of_q) begin
          cy_of_d = 1'b1;
          ovf_o   = 1'b1;
        end
      end

      for (int n = 1; n <= N; n++) begin
        // iohpmevtN: eventID WARL to 0..3 (another value stores 0), the other fields RW.
        if (win_i == WinEvt + 9'(n - 1)) begin
          if (wr_lo_i) begin
            evt_d[n][31:0] = wdata_i[31:0];
            if (wdata_i[14:0] > 15'd3) evt_d[n][14:0] = '0;
          end
          if (wr_hi_i) evt_d[n][63:32] = wdata_i[63:32];
        end
        // iohpmctrN: a write stores the value, else an event of this counter counts.
        if ((wr_lo_i || wr_hi_i) && (win_i == WinCtr + 9'(n - 1))) begin
          ctr_wr = 64'(ctr_q[n]);
          if (wr_lo_i) ctr_wr[31:0]  = wdata_i[31:0];
          if (wr_hi_i) ctr_wr[63:32] = wdata_i[63:32];
          ctr_d[n] = ctr_wr[CounterBits-1:0];   // bits above hpm.counter_bits are not stored
          ctr_unused = ctr_unused ^ (^ctr_wr);
        end else if (ev_valid_i && !inh_q[n] && (evt_q[n][14:0] == 15'(ev_id_i)) &&
                     filter_match(evt_q[n][62:15], ev_did_i, ev_pv_i, ev_pid_i)) begin
          ctr_d[n]    = ctr_q[n] + CounterBits'(1);
          ctr_wrap[n] = (ctr_q[n] == '1);
          // An overflow sets OF (a set wins over a software write of the register at this edge).
          if (ctr_wrap[n] && !evt_q[n][63]) begin
            evt_d[n][63] = 1'b1;
            ovf_o        = 1'b1;
          end
        end
      end
    end
  end

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      cy_q    <= '0;
      cy_of_q <= 1'b0;
      ctr_q   <= '0;
      evt_q   <= '0;
      inh_q   <= '0;
    end else begin
      cy_q    <= cy_d;
      cy_of_q <= cy_of_d;
      ctr_q   <= ctr_d;
      evt_q   <= evt_d;
      inh_q   <= inh_d;
    end
  end

  ////////////////
  // Assertions //
  ////////////////

  // (The properties read 1-bit summaries: Verilator 5.006 cannot sample the wide arrays.)
  logic evt_ids_ok;    // every eventID is one this implementation counts
  logic of_rises;      // some OF goes 0 -> 1 at this edge
  always_comb begin
    evt_ids_ok = 1'b1;
    of_rises   = cy_wrap && cy_of_d && !cy_of_q;
    for (int n = 1; n <= N; n++) begin
      if (evt_q[n][14:0] > 15'd3) evt_ids_ok = 1'b0;
      if (evt_d[n][63] && !evt_q[n][63] && ctr_wrap[n]) of_rises = 1'b1;
    end
  end

  // eventID holds only the events this implementation counts (WARL 0..3).
  EventIdLegal_A: assert property (@(posedge clk_i) disable iff (!rst_ni) evt_ids_ok)
    else $error("%s:%0d: EventIdLegal_A", `__FILE__, `__LINE__);

  // An overflow pulse comes with an OF going 0 -> 1 at that edge, and an overflow's OF with it.
  OvfSetsOf_A: assert property (@(posedge clk_i) disable iff (!rst_ni) ovf_o == of_rises)
    else $error("%s:%0d: OvfSetsOf_A", `__FILE__, `__LINE__);

  // Without the capability nothing changes and nothing reads.
  DisabledQuiet_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      !Enable |-> (!ovf_o && !rd_hit_o && (cy_q == '0) && (inh_q == '0)))
    else $error("%s:%0d: DisabledQuiet_A", `__FILE__, `__LINE__);

  // The engine counts only events 1..3.
  EventRange_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      ev_valid_i |-> (ev_id_i != 2'd0))
    else $error("%s:%0d: EventRange_A: event %0d", `__FILE__, `__LINE__, ev_id_i);

endmodule
