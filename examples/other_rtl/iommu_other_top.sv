// An IOMMU whose ports differ from iommu_top's, standing in for a user's RTL (docs/porting.md): our
// iommu_top inside, reached through the kind of ports a real IOMMU has.
//   - Translation requests on separate read and write channels (AXI AR/AW style: the device ID and
//     process ID on a user field, privilege and instruction on AxPROT, PCIe's AT field for translated and
//     ATS requests), each with a valid/ack handshake: the requester holds valid until ack, which pulses
//     for one cycle after the request was taken.
//   - Translation responses with an AXI-style resp code (SLVERR when the request faulted) and the cause.
//   - Memory on separate read (AR/R) and write (AW/W/B) channels whose IDs the memory echoes; responses
//     may come back in any order across IDs, and are put back in request order for the engine inside.
//   - Registers on a 32-bit APB: an 8-byte register is two 4-byte accesses.
// The adapter examples/other_rtl/adapter.cpp maps the bench's canonical ports onto these.
//
// Plusarg +other_stall_mem (simulation only) holds the memory response channels' ready low forever, so
// that a test can show that a DUT which stops answering ends in a bounded timeout record.

module iommu_other_top
  import iommu_pkg::*;
#(
  parameter int unsigned MemIdW = 2  // 2^MemIdW memory requests may be outstanding
) (
  input  logic                   clk_i,
  input  logic                   rst_ni,

  // Translation requests, read channel: reads, executes and ATS translation requests
  input  logic                   tr_ar_valid_i,
  output logic                   tr_ar_ack_o,
  input  logic [TagW-1:0]        tr_ar_id_i,
  input  logic [63:0]            tr_ar_addr_i,
  input  logic [2:0]             tr_ar_prot_i,   // AxPROT: [0] privileged, [2] instruction
  input  logic [1:0]             tr_ar_at_i,     // PCIe AT: 0 untranslated, 1 translation request, 2 translated
  input  logic [PidW+DidW:0]     tr_ar_user_i,   // {pv, process_id, device_id}

  // Translation requests, write channel
  input  logic                   tr_aw_valid_i,
  output logic                   tr_aw_ack_o,
  input  logic [TagW-1:0]        tr_aw_id_i,
  input  logic [63:0]            tr_aw_addr_i,
  input  logic [2:0]             tr_aw_prot_i,
  input  logic [1:0]             tr_aw_at_i,
  input  logic [PidW+DidW:0]     tr_aw_user_i,

  // Translation responses
  output logic                   tr_rsp_valid_o,
  input  logic                   tr_rsp_ready_i,
  output logic [TagW-1:0]        tr_rsp_id_o,
  output logic [1:0]             tr_rsp_resp_o,  // RespOkay, or RespSlverr when the request faulted
  output logic [CauseW-1:0]      tr_rsp_cause_o,
  output logic [63:0]            tr_rsp_addr_o,

  // Memory read address and read data
  output logic                   mar_valid_o,
  input  logic                   mar_ready_i,
  output logic [MemIdW-1:0]      mar_id_o,
  output logic [63:0]            mar_addr_o,
  input  logic                   mr_valid_i,
  output logic                   mr_ready_o,
  input  logic [MemIdW-1:0]      mr_id_i,
  input  logic [63:0]            mr_data_i,
  input  logic [1:0]             mr_resp_i,      // RespSlverr: access fault
  input  logic                   mr_poison_i,    // data corruption (AXI5 RPOISON)

  // Memory write address, write data and write response
  output logic                   maw_valid_o,
  input  logic                   maw_ready_i,
  output logic [MemIdW-1:0]      maw_id_o,
  output logic [63:0]            maw_addr_o,
  output logic                   mw_valid_o,
  input  logic                   mw_ready_i,
  output logic [63:0]            mw_data_o,
  output logic [7:0]             mw_strb_o,
  input  logic                   mb_valid_i,
  output logic                   mb_ready_o,
  input  logic [MemIdW-1:0]      mb_id_i,
  input  logic [1:0]             mb_resp_i,      // RespSlverr: the write failed

  // Register bus: 32-bit APB
  input  logic                   psel_i,
  input  logic                   penable_i,
  input  logic                   pwrite_i,
  input  logic [RegAddrW-1:0]    paddr_i,
  input  logic [31:0]            pwdata_i,
  output logic                   pready_o,
  output logic [31:0]            prdata_o,
  output logic                   pslverr_o,

  // Interrupts
  output logic [NumWsi-1:0]      irq_o
);

  localparam int unsigned UserW    = 1 + PidW + DidW;
  localparam int unsigned MemSlots = 2 ** MemIdW;
  localparam logic [1:0]  RespOkay   = 2'b00;
  localparam logic [1:0]  RespSlverr = 2'b10;
  localparam logic [1:0]  AtUntransl = 2'd0;
  localparam logic [1:0]  AtTranslReq = 2'd1;
  localparam logic [1:0]  AtTransl   = 2'd2;

  // iommu_top's ports
  logic                 req_valid, req_ready;
  logic [DidW-1:0]      req_did;
  logic                 req_pv;
  logic [PidW-1:0]      req_pid;
  logic                 req_priv;
  logic [TtypW-1:0]     req_ttyp;
  logic [63:0]          req_iova;
  logic [TagW-1:0]      req_tag;
  logic                 rsp_fault;
  logic                 rsp_mrif;
  logic [63:0]          rsp_mrif_addr, rsp_notice_addr;
  logic [31:0]          rsp_notice_data;
  logic [1:0]           rsp_pbmt;
  // ATS (docs/microarch.md version 11): this IOMMU has none (config/rtl.cfg), so its message ports are tied off
  logic                 rsp_ats, rsp_ats_r, rsp_ats_w, rsp_ats_u, rsp_ats_g, rsp_ats_priv;
  logic [1:0]           rsp_ats_status;
  logic [5:0]           rsp_ats_size;
  logic                 pgr_ready, msg_valid, msg_prgr, msg_pv;
  logic [23:0]          msg_did;
  logic [19:0]          msg_pid;
  logic [4:0]           msg_itag;
  logic [63:0]          msg_payload;
  logic                 mem_req_valid, mem_req_ready;
  logic [1:0]           mem_req_op;
  logic [63:0]          mem_req_addr, mem_req_wdata, mem_req_cmp;
  logic [7:0]           mem_req_be;
  logic                 mem_rsp_valid, mem_rsp_ready;
  logic [63:0]          mem_rsp_rdata;
  logic [1:0]           mem_rsp_err;
  logic                 reg_req_valid, reg_req_ready;
  logic                 reg_rsp_valid;
  logic [63:0]          reg_rsp_rdata;
  logic [StateW-1:0]    obs_state;
  logic                 obs_tlb_lookup, obs_tlb_hit, obs_tlb_fill, obs_tlb_evict;
  logic [IotlbWayW-1:0] obs_tlb_hit_way, obs_tlb_fill_way;
  logic [IotlbWays-1:0] obs_tlb_inval;
  logic                 obs_ddtc_lookup, obs_ddtc_hit, obs_ddtc_fill, obs_ddtc_evict;
  logic [DdtcWayW-1:0]  obs_ddtc_hit_way, obs_ddtc_fill_way;
  logic [DdtcWays-1:0]  obs_ddtc_inval;
  logic                 obs_pdtc_lookup, obs_pdtc_hit, obs_pdtc_fill, obs_pdtc_evict;
  logic [PdtcWayW-1:0]  obs_pdtc_hit_way, obs_pdtc_fill_way;
  logic [PdtcWays-1:0]  obs_pdtc_inval;
  logic [WalkLvlW-1:0]  obs_walk_level;

  ///////////////////////////
  // Translation requests  //
  ///////////////////////////

  // One request is taken per two cycles at most: valid is ignored while ack is high, the cycle in which
  // the requester learns that its request was taken. The read channel goes first.
  logic ar_ack_q, aw_ack_q;
  logic sel_ar, sel_aw, req_fire;

  assign sel_ar   = tr_ar_valid_i & ~ar_ack_q & ~aw_ack_q;
  assign sel_aw   = tr_aw_valid_i & ~tr_ar_valid_i & ~ar_ack_q & ~aw_ack_q;
  assign req_fire = req_valid & req_ready;

  // The transaction type from the channel, AT and AxPROT (fault record TTYP encodings, spec "Fault/Event
  // Queue"); a reserved AT is passed on as "none", which iommu_top does not translate.
  function automatic ttyp_e ttyp_of(logic write, logic [1:0] at, logic instr);
    ttyp_e t;
    unique case (at)
      AtUntransl:  t = write ? TtypUntranslWrite : (instr ? TtypUntranslExec : TtypUntranslRead);
      AtTransl:    t = write ? TtypTranslWrite : (instr ? TtypTranslExec : TtypTranslRead);
      AtTranslReq: t = write ? TtypNone : TtypAtsTranslation;
      default:     t = TtypNone;
    endcase
    return t;
  endfunction

  logic [UserW-1:0] req_user;

  always_comb begin
    req_valid = sel_ar | sel_aw;
    req_user  = sel_ar ? tr_ar_user_i : tr_aw_user_i;
    req_iova  = sel_ar ? tr_ar_addr_i : tr_aw_addr_i;
    req_tag   = sel_ar ? tr_ar_id_i : tr_aw_id_i;
    req_ttyp  = TtypW'(sel_ar ? ttyp_of(1'b0, tr_ar_at_i, tr_ar_prot_i[2])
                              : ttyp_of(1'b1, tr_aw_at_i, tr_aw_prot_i[2]));
    req_did   = req_user[DidW-1:0];
    req_pid   = req_user[DidW +: PidW];
    req_pv    = req_user[UserW-1];
    req_priv  = sel_ar ? tr_ar_prot_i[0] : tr_aw_prot_i[0];
  end

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      ar_ack_q <= 1'b0;
      aw_ack_q <= 1'b0;
    end else begin
      ar_ack_q <= req_fire & sel_ar;
      aw_ack_q <= req_fire & sel_aw;
    end
  end

  assign tr_ar_ack_o = ar_ack_q;
  assign tr_aw_ack_o = aw_ack_q;

  ///////////////////////////
  // Translation responses //
  ///////////////////////////

  assign tr_rsp_resp_o = rsp_fault ? RespSlverr : RespOkay;

  ////////////
  // Memory //
  ////////////

  // Each request of the engine gets the next ID; a response lands in its ID's slot, and the engine takes
  // the slot of its oldest request when it is full, so the engine sees responses in request order.
  logic [MemIdW-1:0] alloc_id_q, retire_id_q;
  logic [MemIdW:0]   inflight_q, inflight_d;
  logic [MemSlots-1:0] slot_full_q, slot_full_d;
  logic [63:0]       slot_data_q [MemSlots];
  logic [63:0]       slot_data_d [MemSlots];
  logic [1:0]        slot_err_q [MemSlots];
  logic [1:0]        slot_err_d [MemSlots];
  logic              aw_done_q, aw_done_d, w_done_q, w_done_d;
  logic              room, is_write, aw_ok, w_ok, mem_fire, retire, r_fire, b_fire;
  logic              stall_mem;

`ifdef SYNTHESIS
  assign stall_mem = 1'b0;
`else
  logic stall_mem_q;
  initial stall_mem_q = $test$plusargs("other_stall_mem");
  assign stall_mem = stall_mem_q;
`endif

  assign room        = inflight_q != (MemIdW + 1)'(MemSlots);
  assign is_write    = mem_req_op == MemOpWrite;
  assign mar_valid_o = mem_req_valid & ~is_write & room;
  assign maw_valid_o = mem_req_valid & is_write & room & ~aw_done_q;
  assign mw_valid_o  = mem_req_valid & is_write & room & ~w_done_q;
  assign mar_id_o    = alloc_id_q;
  assign maw_id_o    = alloc_id_q;
  assign mar_addr_o  = mem_req_addr;
  assign maw_addr_o  = mem_req_addr;
  assign mw_data_o   = mem_req_wdata;
  assign mw_strb_o   = mem_req_be;

  // AW and W each handshake on their own; the engine's request is taken once both have.
  assign aw_ok         = aw_done_q | (maw_valid_o & maw_ready_i);
  assign w_ok          = w_done_q | (mw_valid_o & mw_ready_i);
  assign mem_req_ready = room & (is_write ? (aw_ok & w_ok) : mar_ready_i);
  assign mem_fire      = mem_req_valid & mem_req_ready;

  assign mr_ready_o    = ~stall_mem;
  assign mb_ready_o    = ~stall_mem;
  assign r_fire        = mr_valid_i & mr_ready_o;
  assign b_fire        = mb_valid_i & mb_ready_o;

  assign mem_rsp_valid = slot_full_q[retire_id_q];
  assign mem_rsp_rdata = slot_data_q[retire_id_q];
  assign mem_rsp_err   = slot_err_q[retire_id_q];
  assign retire        = mem_rsp_valid & mem_rsp_ready;

  always_comb begin
    slot_full_d = slot_full_q;
    slot_data_d = slot_data_q;
    slot_err_d  = slot_err_q;
    aw_done_d   = mem_fire ? 1'b0 : aw_ok;
    w_done_d    = mem_fire ? 1'b0 : w_ok;
    inflight_d  = inflight_q + (MemIdW + 1)'(mem_fire) - (MemIdW + 1)'(retire);
    if (retire) slot_full_d[retire_id_q] = 1'b0;
    if (r_fire) begin
      slot_full_d[mr_id_i] = 1'b1;
      slot_data_d[mr_id_i] = mr_data_i;
      slot_err_d[mr_id_i]  = mr_poison_i ? MemErrCorrupt :
                             (mr_resp_i == RespSlverr ? MemErrAccess : MemErrOk);
    end
    if (b_fire) begin
      slot_full_d[mb_id_i] = 1'b1;
      slot_data_d[mb_id_i] = '0;
      slot_err_d[mb_id_i]  = mb_resp_i == RespSlverr ? MemErrAccess : MemErrOk;
    end
  end

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      alloc_id_q  <= '0;
      retire_id_q <= '0;
      inflight_q  <= '0;
      slot_full_q <= '0;
      aw_done_q   <= 1'b0;
      w_done_q    <= 1'b0;
      for (int unsigned i = 0; i < MemSlots; i++) begin
        slot_data_q[i] <= '0;
        slot_err_q[i]  <= MemErrOk;
      end
    end else begin
      alloc_id_q  <= alloc_id_q + MemIdW'(mem_fire);
      retire_id_q <= retire_id_q + MemIdW'(retire);
      inflight_q  <= inflight_d;
      slot_full_q <= slot_full_d;
      slot_data_q <= slot_data_d;
      slot_err_q  <= slot_err_d;
      aw_done_q   <= aw_done_d;
      w_done_q    <= w_done_d;
    end
  end

  ///////////////
  // Registers //
  ///////////////

  // One APB transfer at a time becomes one 4-byte access of iommu_top's register slave; APB completes
  // (pready) once iommu_top has answered.
  typedef enum logic [1:0] {
    ApbIdle,   // waiting for a setup phase
    ApbIssue,  // the access is offered to iommu_top
    ApbWait,   // waiting for iommu_top's response
    ApbDone    // pready: the access phase completes at this edge
  } apb_state_e;

  apb_state_e            apb_q, apb_d;
  logic                  apb_write_q, apb_write_d;
  logic [RegAddrW-1:0]   apb_addr_q, apb_addr_d;
  logic [31:0]           apb_wdata_q, apb_wdata_d;
  logic [31:0]           apb_rdata_q, apb_rdata_d;

  always_comb begin
    apb_d         = apb_q;
    apb_write_d   = apb_write_q;
    apb_addr_d    = apb_addr_q;
    apb_wdata_d   = apb_wdata_q;
    apb_rdata_d   = apb_rdata_q;
    reg_req_valid = 1'b0;
    unique case (apb_q)
      ApbIdle: begin
        if (psel_i && !penable_i) begin
          apb_write_d = pwrite_i;
          apb_addr_d  = paddr_i;
          apb_wdata_d = pwdata_i;
          apb_d       = ApbIssue;
        end
      end
      ApbIssue: begin
        reg_req_valid = 1'b1;
        if (reg_req_ready) apb_d = ApbWait;
      end
      ApbWait: begin
        if (reg_rsp_valid) begin
          apb_rdata_d = reg_rsp_rdata[31:0];
          apb_d       = ApbDone;
        end
      end
      ApbDone: begin
        if (psel_i && penable_i) begin
          apb_rdata_d = '0;
          apb_d       = ApbIdle;
        end
      end
      default: apb_d = ApbIdle;
    endcase
  end

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      apb_q       <= ApbIdle;
      apb_write_q <= 1'b0;
      apb_addr_q  <= '0;
      apb_wdata_q <= '0;
      apb_rdata_q <= '0;
    end else begin
      apb_q       <= apb_d;
      apb_write_q <= apb_write_d;
      apb_addr_q  <= apb_addr_d;
      apb_wdata_q <= apb_wdata_d;
      apb_rdata_q <= apb_rdata_d;
    end
  end

  assign pready_o  = apb_q == ApbDone;
  assign prdata_o  = apb_q == ApbDone ? apb_rdata_q : '0;
  assign pslverr_o = 1'b0;

  //////////////////
  // The IOMMU    //
  //////////////////

  iommu_top u_iommu (
    .clk_i,
    .rst_ni,
    .req_valid_i        (req_valid),
    .req_ready_o        (req_ready),
    .req_did_i          (req_did),
    .req_pv_i           (req_pv),
    .req_pid_i          (req_pid),
    .req_priv_i         (req_priv),
    .req_ttyp_i         (req_ttyp),
    .req_iova_i         (req_iova),
    .req_tag_i          (req_tag),
    .rsp_valid_o        (tr_rsp_valid_o),
    .rsp_ready_i        (tr_rsp_ready_i),
    .rsp_tag_o          (tr_rsp_id_o),
    .rsp_fault_o        (rsp_fault),
    .rsp_cause_o        (tr_rsp_cause_o),
    .rsp_pa_o           (tr_rsp_addr_o),
    .rsp_mrif_o         (rsp_mrif),
    .rsp_mrif_addr_o    (rsp_mrif_addr),
    .rsp_notice_addr_o  (rsp_notice_addr),
    .rsp_notice_data_o  (rsp_notice_data),
    .rsp_pbmt_o         (rsp_pbmt),
    .rsp_ats_o          (rsp_ats),
    .rsp_ats_status_o   (rsp_ats_status),
    .rsp_ats_r_o        (rsp_ats_r),
    .rsp_ats_w_o        (rsp_ats_w),
    .rsp_ats_u_o        (rsp_ats_u),
    .rsp_ats_g_o        (rsp_ats_g),
    .rsp_ats_priv_o     (rsp_ats_priv),
    .rsp_ats_size_o     (rsp_ats_size),
    .mem_req_valid_o    (mem_req_valid),
    .mem_req_ready_i    (mem_req_ready),
    .mem_req_op_o       (mem_req_op),
    .mem_req_addr_o     (mem_req_addr),
    .mem_req_wdata_o    (mem_req_wdata),
    .mem_req_cmp_o      (mem_req_cmp),
    .mem_req_be_o       (mem_req_be),
    .mem_rsp_valid_i    (mem_rsp_valid),
    .mem_rsp_ready_o    (mem_rsp_ready),
    .mem_rsp_rdata_i    (mem_rsp_rdata),
    .mem_rsp_err_i      (mem_rsp_err),
    .reg_req_valid_i    (reg_req_valid),
    .reg_req_ready_o    (reg_req_ready),
    .reg_req_write_i    (apb_write_q),
    .reg_req_addr_i     (apb_addr_q),
    .reg_req_size8_i    (1'b0),
    .reg_req_wdata_i    ({32'h0, apb_wdata_q}),
    .reg_rsp_valid_o    (reg_rsp_valid),
    .reg_rsp_ready_i    (1'b1),
    .reg_rsp_rdata_o    (reg_rsp_rdata),
    .pgr_valid_i        (1'b0),
    .pgr_ready_o        (pgr_ready),
    .pgr_did_i          ('0),
    .pgr_pv_i           (1'b0),
    .pgr_pid_i          ('0),
    .pgr_priv_i         (1'b0),
    .pgr_exec_i         (1'b0),
    .pgr_r_i            (1'b0),
    .pgr_w_i            (1'b0),
    .pgr_last_i         (1'b0),
    .pgr_prgi_i         ('0),
    .pgr_addr_i         ('0),
    .msg_valid_o        (msg_valid),
    .msg_ready_i        (1'b1),
    .msg_prgr_o         (msg_prgr),
    .msg_did_o          (msg_did),
    .msg_pv_o           (msg_pv),
    .msg_pid_o          (msg_pid),
    .msg_itag_o         (msg_itag),
    .msg_payload_o      (msg_payload),
    .icpl_valid_i       (1'b0),
    .icpl_did_i         ('0),
    .icpl_itags_i       ('0),
    .ats_timeout_i      (1'b0),
    .wsi_o              (irq_o),
    .obs_state_o        (obs_state),
    .obs_tlb_lookup_o   (obs_tlb_lookup),
    .obs_tlb_hit_o      (obs_tlb_hit),
    .obs_tlb_hit_way_o  (obs_tlb_hit_way),
    .obs_tlb_fill_o     (obs_tlb_fill),
    .obs_tlb_fill_way_o (obs_tlb_fill_way),
    .obs_tlb_evict_o    (obs_tlb_evict),
    .obs_tlb_inval_o    (obs_tlb_inval),
    .obs_ddtc_lookup_o  (obs_ddtc_lookup),
    .obs_ddtc_hit_o     (obs_ddtc_hit),
    .obs_ddtc_hit_way_o (obs_ddtc_hit_way),
    .obs_ddtc_fill_o    (obs_ddtc_fill),
    .obs_ddtc_fill_way_o(obs_ddtc_fill_way),
    .obs_ddtc_evict_o   (obs_ddtc_evict),
    .obs_ddtc_inval_o   (obs_ddtc_inval),
    .obs_pdtc_lookup_o  (obs_pdtc_lookup),
    .obs_pdtc_hit_o     (obs_pdtc_hit),
    .obs_pdtc_hit_way_o (obs_pdtc_hit_way),
    .obs_pdtc_fill_o    (obs_pdtc_fill),
    .obs_pdtc_fill_way_o(obs_pdtc_fill_way),
    .obs_pdtc_evict_o   (obs_pdtc_evict),
    .obs_pdtc_inval_o   (obs_pdtc_inval),
    .obs_walk_level_o   (obs_walk_level)
  );

  // This IOMMU has no MSI translation, no Svpbmt, no ATS and no compare-and-swap (iommu_top issues none), so those ports
  // lead nowhere; the observation port is iommu_top's own, not part of this IOMMU's interface; 4-byte
  // register reads leave the high half 0.
  logic unused_inner;
  assign unused_inner = ^{rsp_mrif, rsp_mrif_addr, rsp_notice_addr, rsp_notice_data, rsp_pbmt, mem_req_cmp,
                          rsp_ats, rsp_ats_status, rsp_ats_r, rsp_ats_w, rsp_ats_u, rsp_ats_g, rsp_ats_priv,
                          rsp_ats_size, pgr_ready, msg_valid, msg_prgr, msg_did, msg_pv, msg_pid, msg_itag,
                          msg_payload,
                          reg_rsp_rdata[63:32], obs_state, obs_tlb_lookup, obs_tlb_hit, obs_tlb_hit_way,
                          obs_tlb_fill, obs_tlb_fill_way, obs_tlb_evict, obs_tlb_inval,
                          obs_ddtc_lookup, obs_ddtc_hit, obs_ddtc_hit_way, obs_ddtc_fill,
                          obs_ddtc_fill_way, obs_ddtc_evict, obs_ddtc_inval, obs_pdtc_lookup,
                          obs_pdtc_hit, obs_pdtc_hit_way, obs_pdtc_fill, obs_pdtc_fill_way,
                          obs_pdtc_evict, obs_pdtc_inval, obs_walk_level,
                          tr_ar_prot_i[1], tr_aw_prot_i[1]};

`ifdef IOMMU_ASSERT
  // A response for an ID that has no request outstanding, or that fills a slot twice, is the memory's
  // protocol error (the ID was not echoed).
  always @(posedge clk_i) begin : MemIdEchoed
    if (rst_ni) begin
      assert (!(r_fire && slot_full_q[mr_id_i])) else $error("MemIdEchoed: R ID %0d", mr_id_i);
      assert (!(b_fire && slot_full_q[mb_id_i])) else $error("MemIdEchoed: B ID %0d", mb_id_i);
      assert (!(mem_req_valid && mem_req_op == MemOpCas)) else $error("MemNoCas");
    end
  end
`endif

endmodule
