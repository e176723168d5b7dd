// Translation controller: one translation at a time, from request acceptance to response, or one
// command (iommu_cmd_queue), or one MSI (iommu_msi); in StIdle a deliverable MSI goes first, then
// a runnable command, then a request. A failed MSI write is reported as a fault with no request
// (cause 273), after which the engine returns to StIdle with no response. It owns the accepted
// request and the outcome, does the mode checks and the device-context cache and IOTLB lookups,
// and hands the translation to one block at a time: the device-context fetch (iommu_ddt_fetch,
// which also checks a cached DC), the process-context fetch (iommu_pdt_fetch, version 7, which
// also checks a cached PC), the page-table walker (iommu_pagewalk) and the fault-queue writer
// (iommu_fault_queue). It does the process-context cache lookup (StLookup step 4a, or StDcCheck
// for a DC read from memory) and chooses the first-stage context (the DC's, or the PC's). A hand-over costs no cycle: a block's done in its last cycle starts
// the next block at the same edge. Behaviour: RISC-V IOMMU specification "Process to translate an
// IOVA"; states and timing: docs/microarch.md section 5, whose engine state code this block
// reports (state_o). Mirrors cmodel/arch/xlate.c.
// All outputs of iommu_top that come from here are functions of registered state only.
// Version 11 (docs/microarch.md 5.9): ATS translation requests (TTYP 8) answered with ATS completions
// (rsp_ats_*), translated requests (TTYP 5, 6, 7; with tc.T2GPA the Final G-walk), and page requests:
// their acceptance in StIdle, the mode checks (StPgrStart), the DDT walk without the device-context
// cache, then iommu_page_req (queue decision, record, the IOMMU's own response).

module iommu_xlate
  import iommu_pkg::*;
  import iommu_cfg_pkg::*;
(
  input  logic                 clk_i,
  input  logic                 rst_ni,

  // Translation request
  input  logic                 req_valid_i,
  output logic                 req_ready_o,
  input  logic [DidW-1:0]      req_did_i,
  input  logic                 req_pv_i,
  input  logic [PidW-1:0]      req_pid_i,
  input  logic                 req_priv_i,
  input  logic [TtypW-1:0]     req_ttyp_i,
  input  logic [63:0]          req_iova_i,
  input  logic [TagW-1:0]      req_tag_i,

  // Translation response
  output logic                 rsp_valid_o,
  input  logic                 rsp_ready_i,
  output logic [TagW-1:0]      rsp_tag_o,
  output logic                 rsp_fault_o,
  output logic [CauseW-1:0]    rsp_cause_o,
  output logic [63:0]          rsp_pa_o,
  output logic                 rsp_mrif_o,       // version 8: an MRIF-mode MSI translation
  output logic [63:0]          rsp_mrif_addr_o,
  output logic [63:0]          rsp_notice_addr_o,
  output logic [31:0]          rsp_notice_data_o,
  output logic [1:0]           rsp_pbmt_o,       // version 10 (section 5.8): Svpbmt memory type
  output logic                 rsp_ats_o,        // version 11: ATS completion fields
  output logic [1:0]           rsp_ats_status_o,
  output logic                 rsp_ats_r_o,
  output logic                 rsp_ats_w_o,
  output logic                 rsp_ats_u_o,
  output logic                 rsp_ats_g_o,
  output logic                 rsp_ats_priv_o,
  output logic [5:0]           rsp_ats_size_o,

  // Page requests (version 11): the handshake and the requester fields the fault record needs; the
  // rest of the message goes to iommu_page_req
  input  logic                 pgr_valid_i,
  output logic                 pgr_ready_o,
  input  logic [DidW-1:0]      pgr_did_i,
  input  logic                 pgr_pv_i,
  input  logic [PidW-1:0]      pgr_pid_i,
  input  logic                 pgr_priv_i,
  output logic                 pgr_o,            // the engine holds a page request (no DC cache fill)
  output logic                 pq_start_o,       // StDcCheck passed: the queue decides
  output logic                 pq_prpr_o,
  output logic                 pq_rsp_start_o,   // after a fault: the response alone
  output logic [3:0]           pq_rsp_code_o,
  input  logic                 pq_need_rsp_i,
  input  logic                 pq_nothing_i,     // a start now ends at once (no record, no response)
  input  logic                 pq_done_i,
  input  xlate_state_e         pq_state_i,

  // Configuration from the register file
  input  logic                 ddtp_busy_i,
  input  logic [3:0]           ddtp_mode_i,
  input  logic                 cmd_runnable_i,   // a command is runnable (section 5.1, StIdle)
  input  logic                 fctl_be_i,        // version 10 (section 5.8): registered fctl.BE, GXL;
  input  logic                 fctl_gxl_i,       // a translation keeps those of its acceptance
  output logic                 be_o,             // the translation's fctl.BE and fctl.GXL (registered)
  output logic                 gxl_o,

  // Command processor
  output logic                 cmd_start_o,
  input  logic                 cmd_done_i,
  input  xlate_state_e         cmd_state_i,

  // MSI sender
  input  logic                 msi_deliverable_i, // a pending vector is unmasked (section 5.1)
  output logic                 msi_start_o,
  input  logic                 msi_done_i,
  input  logic                 msi_fault_i,
  input  logic [63:0]          msi_addr_i,        // the captured msi_addr (iotval of cause 273)
  input  xlate_state_e         msi_state_i,

  // Version 9 (docs/microarch.md 5.7): the debug translation request (tr_req_ctl, tr_req_iova), its
  // completion (tr_response), and the request accepted at this edge for the performance monitor
  input  logic                 dbg_go_i,
  input  tr_req_ctl_t          dbg_ctl_i,
  input  logic [63:0]          dbg_iova_i,
  output logic                 dbg_done_o,
  output logic                 dbg_fault_o,
  output logic [PpnW-1:0]      dbg_ppn_o,
  output logic [1:0]           dbg_pbmt_o,
  output logic                 hpm_ev_valid_o,
  output logic [1:0]           hpm_ev_id_o,
  output logic [DidW-1:0]      hpm_ev_did_o,
  output logic                 hpm_ev_pv_o,
  output logic [PidW-1:0]      hpm_ev_pid_o,

  // The accepted request, to the blocks (registered)
  output logic [DidW-1:0]      did_o,
  output logic                 pv_o,
  output logic [PidW-1:0]      pid_o,
  output logic                 priv_o,
  output logic [TtypW-1:0]     ttyp_o,
  output logic [63:0]          iova_o,

  // Device-context fetch
  output logic                 ddt_start_o,
  output logic                 ddt_cached_o,     // with ddt_start_o: the DC is the cached one
  input  logic                 ddt_done_i,
  input  logic                 ddt_fault_i,
  input  logic [CauseW-1:0]    ddt_cause_i,
  input  device_context_t      ddt_dc_i,
  input  dc_ext_t              ddt_ext_i,        // the located DC's extended words (version 8: MSI)
  input  xlate_state_e         ddt_state_i,

  // Process-context fetch (version 7)
  output logic                 pdt_start_o,
  output logic                 pdt_cached_o,     // with pdt_start_o: the PC is pdt_cached_pc_o
  output process_context_t     pdt_cached_pc_o,
  output logic [3:0]           pdt_mode_o,       // the DC's pdtp.MODE
  output logic [PpnW-1:0]      pdt_root_ppn_o,   // the DC's pdtp.PPN
  output logic [PidW-1:0]      pdt_pid_o,        // the effective process_id p
  input  logic                 pdt_done_i,
  input  logic                 pdt_fault_i,
  input  logic [CauseW-1:0]    pdt_cause_i,
  input  process_context_t     pdt_pc_i,         // the located PC (registered in the fetch)
  input  logic [63:0]          pdt_first_gpa_i,  // version 8: the GPA of a fetch's first read
  input  logic [63:0]          pdt_iotval2_i,
  input  xlate_state_e         pdt_state_i,

  // Page-table walker
  output logic                 walk_start_o,
  output logic [PpnW-1:0]      walk_root_ppn_o,
  output logic [3:0]           walk_mode_o,      // the context's iosatp.MODE (LEVELS of the walk)
  output logic                 walk_sum_o,       // the PC's ta.SUM (0 when the context is the DC)
  input  logic                 walk_done_i,
  input  logic                 walk_fault_i,
  input  logic [CauseW-1:0]    walk_cause_i,
  input  logic [63:0]          walk_iotval2_i,
  input  logic [63:0]          walk_pa_i,
  input  logic                 walk_leaf_ok_i,   // the walk ends at a good leaf in this cycle
  input  sv39_pte_t            walk_leaf_i,
  input  logic [WalkLvlW-1:0]  walk_level_i,
  input  logic [PgSzW-1:0]     walk_sz_i,        // version 10: the leaf's page size
  input  logic                 walk_g_i,
  input  xlate_state_e         walk_state_i,

  // Second-stage walker (version 8): the Final G-walk; the implicit ones run under the walker and
  // the process-context fetch
  output logic                 g_start_o,
  output logic [63:0]          g_gpa_o,
  input  logic                 g_done_i,
  input  logic                 g_fault_i,
  input  logic [CauseW-1:0]    g_cause_i,
  input  logic [63:0]          g_iotval2_i,
  input  logic [63:0]          g_spa_i,
  input  sv39_pte_t            g_leaf_i,
  input  logic [WalkLvlW-1:0]  g_level_i,
  input  logic [PgSzW-1:0]     g_sz_i,
  input  xlate_state_e         g_state_i,

  // MSI address translation (version 8)
  output logic                 msix_start_o,
  output logic [63:0]          msix_gpa_o,
  input  logic                 msix_done_i,
  input  logic                 msix_fault_i,
  input  logic [CauseW-1:0]    msix_cause_i,
  input  logic [63:0]          msix_pa_i,
  input  logic                 msix_mrif_i,
  input  logic [63:0]          msix_mrif_addr_i,
  input  logic [63:0]          msix_notice_addr_i,
  input  logic [31:0]          msix_notice_data_i,
  input  xlate_state_e         msix_state_i,

  // Fault-queue writer
  output logic                 fq_start_o,
  output logic [CauseW-1:0]    fq_cause_o,
  output logic                 fq_dtf_o,
  output logic [63:0]          fq_iotval2_o,
  input  logic                 fq_done_i,
  input  xlate_state_e         fq_state_i,

  // Device-context cache
  output logic                 ddtc_lookup_o,
  input  logic                 ddtc_hit_i,
  input  device_context_t      ddtc_hit_dc_i,
  input  dc_ext_t              ddtc_hit_ext_i,

  // Process-context cache (version 7)
  output logic                 pdtc_lookup_o,
  output logic [PidW-1:0]      pdtc_pid_o,       // the effective process_id p
  input  logic                 pdtc_hit_i,
  input  process_context_t     pdtc_hit_pc_i,

  // IOTLB
  output logic                 tlb_lookup_o,
  output logic [DidW-1:0]      tlb_did_o,
  output logic [63:0]          tlb_iova_o,
  output logic [PidW-1:0]      tlb_pscid_o,
  output logic [3:0]           tlb_mode_o,       // the cached context's mode, internal code (canonical check)
  output logic                 tlb_gv_o,         // version 8 (section 6.5): the context's gv, GSCID, s1
  output logic [GscidW-1:0]    tlb_gscid_o,
  output logic                 tlb_s1_o,
  input  logic                 tlb_hit_i,
  input  iotlb_entry_t         tlb_hit_entry_i,
  output logic                 tlb_hit_inval_o,  // invalidate the hitting entry at this edge
  output logic                 tlb_fill_o,
  output iotlb_entry_t         tlb_fill_entry_o,

  // Observation: the engine state code of docs/microarch.md section 5
  output xlate_state_e         state_o
);

  ///////////////
  // Registers //
  ///////////////

  xlate_ctrl_e                 ctrl_q, ctrl_d;

  // Accepted request
  logic [DidW-1:0]             did_q, did_d;
  logic                        pv_q, pv_d;
  logic [PidW-1:0]             pid_q, pid_d;
  logic                        priv_q, priv_d;
  logic [TtypW-1:0]            ttyp_q, ttyp_d;
  logic [63:0]                 iova_q, iova_d;
  logic [TagW-1:0]             tag_q, tag_d;

  // Outcome
  logic                        fault_q, fault_d;
  logic [CauseW-1:0]           cause_q, cause_d;
  logic [63:0]                 pa_q, pa_d;
  logic                        dtf_q, dtf_d;   // tc.DTF of the DC in the engine (0 if none)
  logic                        no_rsp_q, no_rsp_d;  // the fault is an MSI's: no response follows
  logic                        dbg_q, dbg_d;        // version 9: the translation is a debug request

  // Version 7: whether the DC came from the device-context cache, the outcome of StLookup step 4a's
  // process-context cache lookup (hit and the PC), and whether the first-stage context of the walk
  // is the PC's
  logic                        dc_cached_q, dc_cached_d;
  logic                        pc_hit_q, pc_hit_d;
  process_context_t            pc_hit_pc_q, pc_hit_pc_d;
  logic                        fs_pc_q, fs_pc_d;

  // Version 8: iotval2 of the fault, whether the translation had a first-stage walk (s1 of the fill),
  // and the MRIF information of an MRIF-mode MSI translation
  logic [63:0]                 iotval2_q, iotval2_d;
  logic                        s1_q, s1_d;
  logic                        mrif_q, mrif_d;
  logic [63:0]                 mrif_addr_q, mrif_addr_d;
  logic [63:0]                 notice_addr_q, notice_addr_d;
  logic [31:0]                 notice_data_q, notice_data_d;
  // Version 10: the fctl.BE and fctl.GXL of the acceptance, and the response's PBMT (section 5.8)
  logic                        be_q, be_d;
  logic                        gxl_q, gxl_d;
  logic [1:0]                  pbmt_q, pbmt_d;

  // Version 11: a page request in the engine; an ATS translation request's Success without access;
  // the completion's W, U, G and range size; the final GPA (T2GPA output, range reduction)
  logic                        pgr_q, pgr_d;
  logic                        swa_q, swa_d;
  logic                        ats_w_q, ats_w_d;
  logic                        ats_u_q, ats_u_d;
  logic                        ats_g_q, ats_g_d;
  logic [5:0]                  ats_size_q, ats_size_d;
  logic [63:0]                 gpa_q, gpa_d;

  //////////////////////////////
  // Decoded request and DC   //
  //////////////////////////////

  device_context_t dc;
  assign dc = ddt_dc_i;

  logic ttyp_untransl;   // TTYP 1, 2 or 3
  logic translated;      // TTYP 5, 6 or 7 (version 11)
  logic is_ats;          // TTYP 8 (version 11)
  assign translated = CfgAts && ttyp_is_translated_or_ats(ttyp_q) &&
                      (ttyp_q != TtypW'(TtypAtsTranslation));
  assign is_ats     = CfgAts && (ttyp_q == TtypW'(TtypAtsTranslation));
  logic did_wide;        // device_id wider than the mode's directory (StLookup step 3)
  logic [PidW-1:0] p;    // the effective process_id: req_pid with req_pv, else 0 (step 11)
  assign ttyp_untransl = ttyp_is_untranslated(ttyp_q);
  assign p             = pv_q ? pid_q : '0;
  // "Process to translate an IOVA" steps 3 to 5 (the DDI widths of the DC format).
  assign did_wide      = ddt_did_wide(ddtp_mode_i, did_q);

  // Transaction-type checks after locating the DC (spec "Process to translate an IOVA" step 7)
  logic dc_ttyp_disallowed;
  always_comb begin
    dc_ttyp_disallowed = 1'b0;
    if (ttyp_is_translated_or_ats(ttyp_q) && !dc.tc.en_ats) dc_ttyp_disallowed = 1'b1;
    if (pv_q && !dc.tc.pdtv)                                dc_ttyp_disallowed = 1'b1;
    // A process_id wider than pdtp.MODE supports; with a Bare pdtp no limit applies (steps 12 and
    // 13 go to Bare).
    if (pv_q && dc.tc.pdtv && pd_pid_wide(dc.fsc.mode, pid_q)) dc_ttyp_disallowed = 1'b1;
    // Without ATS every translated and ATS translation request is refused (version 11 takes them).
    if (!ttyp_untransl && !CfgAts)                          dc_ttyp_disallowed = 1'b1;
  end

  // First stage is Sv39, Sv48 or Sv57 with PDTV = 0 and iosatp.MODE one of them (steps 10, 12,
  // 13).
  logic dc_fs;
  assign dc_fs = !dc.tc.pdtv && fs_mode(fs_eff(dc.fsc.mode, dc.tc.sxl));
  // Version 10 (section 5.8): the modes as internal codes (Sv32 with SXL = 1, Sv32x4 with GXL = 1).
  logic [3:0] dc_fs_mode, pc_fs_mode, g_mode;
  assign dc_fs_mode = fs_eff(dc.fsc.mode, dc.tc.sxl);
  assign pc_fs_mode = fs_eff(pdt_pc_i.fsc.mode, dc.tc.sxl);
  assign g_mode     = g_eff(dc.iohgatp.mode, gxl_q);

  // Version 8 (docs/microarch.md section 5.6): the located DC has a second stage; the address of a
  // virtual interrupt file under its msiptp.MODE = Flat ((gpa >> 12) & ~mask = pattern & ~mask).
  logic two_stage;
  assign two_stage = CfgG && (dc.iohgatp.mode != IohgatpBare);

  // (gpn is gpa >> 12.)
  function automatic logic msi_file(logic [51:0] gpn, logic [3:0] msiptp_mode, logic [51:0] mask,
                                    logic [51:0] pattern);
    return CfgG && CfgMsiFlat && (msiptp_mode == 4'd1) && ((gpn & ~mask) == (pattern & ~mask));
  endfunction

  // The first-stage root PTE's GPA of a walk start (its width is checked in the starting cycle).
  logic [63:0] walk_root_gpa;
  assign walk_root_gpa = {{(64 - PasW){1'b0}}, walk_root_ppn_o, 12'h0} +
                         64'(fs_pte_off(iova_q[PgOffW +: VaTagW], fs_top_level(walk_mode_o), walk_mode_o));
  logic walk_root_wide, pdt_first_wide;
  assign walk_root_wide = two_stage && g_gpa_wide(walk_root_gpa[63:34], g_mode, dc.tc.sxl);
  assign pdt_first_wide = two_stage && g_gpa_wide(pdt_first_gpa_i[63:34], g_mode, dc.tc.sxl);

  // The located DC needs a process context (StDcCheck, "Process to translate an IOVA" steps 11 to
  // 14): PDTV = 1, a PD mode, and a process_id or DPE = 1 (p fits the mode once the checks of 260
  // passed). Never without a PD mode in the configuration.
  logic dc_needs_pc;
  assign dc_needs_pc = CfgPd && dc.tc.pdtv && pd_mode(dc.fsc.mode) && (pv_q || dc.tc.dpe);

  // The device-context cache lookup of StLookup step 4 (1LVL, 2LVL or 3LVL, device_id in range),
  // the process-context cache lookup of step 4a (a DC cache hit whose DC needs a process context
  // and whose p fits its pdtp.MODE), and the IOTLB lookup of step 5 (a DC cache hit, lookup-
  // eligible, with the first-stage context's PSCID). Kept out of the next-state logic, which reads
  // the lookups' results.
  assign ddtc_lookup_o = (ctrl_q == CtrlLookup) && (ddtp_mode_i != 4'(DdtpOff)) &&
                         (ddtp_mode_i != 4'(DdtpBare)) && !did_wide;

  logic lookup_4a;       // StLookup step 4a
  assign lookup_4a = CfgPd && ddtc_hit_i && ddtc_hit_dc_i.tc.pdtv &&
                     pd_mode(ddtc_hit_dc_i.fsc.mode) && (pv_q || ddtc_hit_dc_i.tc.dpe) &&
                     !pd_pid_wide(ddtc_hit_dc_i.fsc.mode, p);

  // The process-context cache lookup of StDcCheck: a DC read from memory that passed its checks
  // and needs a process context (section 5.1; the controller decides in StDcCheck's cycle).
  logic ddt_ok;          // the fetch ends in StDcCheck with a DC that passed 258, 259 and 260
  logic lookup_dccheck;
  assign ddt_ok         = (ctrl_q == CtrlDdt) && ddt_done_i && !ddt_fault_i && !dc_ttyp_disallowed;
  // (A translated request chooses no first-stage context, and a page request is not a translation.)
  assign lookup_dccheck = ddt_ok && dc_needs_pc && !dc_cached_q && !translated && !pgr_q;

  assign pdtc_lookup_o = lookup_4a || lookup_dccheck;
  assign pdtc_pid_o    = p;

  // Lookup-eligible (step 5): TTYP 1, 2 or 3 and (a) the cached DC is the context (PDTV = 0, no
  // process_id, a first-stage mode), or (b) step 4a hit a PC with a first-stage mode, and the
  // request is not a Supervisor one refused by ta.ENS = 0.
  logic elig_dc, elig_pc;
  logic [3:0] hit_dc_mode, hit_pc_mode;
  assign hit_dc_mode = fs_eff(ddtc_hit_dc_i.fsc.mode, ddtc_hit_dc_i.tc.sxl);
  assign hit_pc_mode = fs_eff(pdtc_hit_pc_i.fsc.mode, ddtc_hit_dc_i.tc.sxl);
  assign elig_dc = !ddtc_hit_dc_i.tc.pdtv && !pv_q && fs_mode(hit_dc_mode);
  assign elig_pc = pdtc_hit_i && fs_mode(hit_pc_mode) &&
                   !(pv_q && priv_q && !pdtc_hit_pc_i.ta.ens);
  // (c), version 8 (section 6.5): a Bare first stage over a second stage, the IOVA within GAW and not
  // a virtual interrupt file's address.
  logic elig_g;
  assign elig_g  = CfgG && !ddtc_hit_dc_i.tc.pdtv && !pv_q && (ddtc_hit_dc_i.fsc.mode == IosatpBare) &&
                   (ddtc_hit_dc_i.iohgatp.mode != IohgatpBare) &&
                   !g_gpa_wide(iova_q[63:34], g_eff(ddtc_hit_dc_i.iohgatp.mode, gxl_q), ddtc_hit_dc_i.tc.sxl) &&
                   !msi_file(iova_q[63:12], ddtc_hit_ext_i.msiptp.mode,
                                                     ddtc_hit_ext_i.mask.mask,
                                                     ddtc_hit_ext_i.pattern.mask);
  assign tlb_lookup_o  = ddtc_hit_i && ttyp_untransl && (elig_dc || elig_pc || elig_g);
  assign tlb_gv_o      = CfgG && (ddtc_hit_dc_i.iohgatp.mode != IohgatpBare);
  assign tlb_gscid_o   = tlb_gv_o ? ddtc_hit_dc_i.iohgatp.gscid : '0;
  assign tlb_s1_o      = !elig_g;
  assign tlb_pscid_o   = pdtc_hit_i ? pdtc_hit_pc_i.ta.pscid : ddtc_hit_dc_i.ta.pscid;
  assign tlb_mode_o    = pdtc_hit_i ? hit_pc_mode : hit_dc_mode;

  // ta.SUM of the cached context (section 5.3): the PC's, 0 for a DC.
  logic hit_sum;
  assign hit_sum = pdtc_hit_i && pdtc_hit_pc_i.ta.sum;

  logic hit_perm_fault;
  assign hit_perm_fault = leaf_perm_fault(ttyp_q, pv_q, priv_q, hit_sum, tlb_hit_entry_i.r,
                                          tlb_hit_entry_i.w, tlb_hit_entry_i.x,
                                          tlb_hit_entry_i.u, 1'b1, tlb_hit_entry_i.d);

  // StLookup step 5 exception (version 6): a write whose only failing check is D = 0, with the
  // cached DC's tc.SADE = 1, drops the hitting entry and walks, so the walk sets D.
  logic hit_needs_d;
  assign hit_needs_d = tlb_hit_i && ddtc_hit_dc_i.tc.sade && !tlb_hit_entry_i.d &&
                       (ttyp_access(ttyp_q) == AccWrite) &&
                       !leaf_perm_fault(ttyp_q, pv_q, priv_q, hit_sum, tlb_hit_entry_i.r,
                                        tlb_hit_entry_i.w, tlb_hit_entry_i.x,
                                        tlb_hit_entry_i.u, 1'b1, 1'b1);
  // Version 8 (section 6.5): the first-stage checks pass, but the access needs a G-stage bit the entry
  // lacks: drop it and walk, so that the guest-page fault (with its iotval2) comes from a walk.
  logic hit_needs_g;
  always_comb begin
    unique case (ttyp_access(ttyp_q))
      AccExec:  hit_needs_g = !tlb_hit_entry_i.gx;
      AccWrite: hit_needs_g = !tlb_hit_entry_i.gw || !tlb_hit_entry_i.gd;
      default:  hit_needs_g = !tlb_hit_entry_i.gr;
    endcase
    hit_needs_g = CfgG && tlb_hit_i && !hit_perm_fault && hit_needs_g;
  end
  // (tlb_hit_i already implies the lookup of step 5: StLookup, a directory mode, a DC cache hit.)
  assign tlb_hit_inval_o = hit_needs_d || hit_needs_g;

  // Version 11 (spec "PCIe ATS translation request handling"): the causes an ATS translation request
  // answers with Success without access (not reported), and those that make a Completer Abort (the
  // rest of the reported ones are an Unsupported Request; docs/decisions.md adds the data-corruption
  // causes to the Completer Aborts).
  function automatic logic ats_swa_cause(logic [CauseW-1:0] c);
    return c inside {CauseInstrPageFault, CauseReadPageFault, CauseWritePageFault,
                     CauseInstrGuestPageFault, CauseReadGuestPageFault, CauseWriteGuestPageFault,
                     CausePdtNotValid, CauseMsiPteNotValid};
  endfunction
  function automatic logic ats_ca_cause(logic [CauseW-1:0] c);
    return c inside {CauseInstrAccessFault, CauseReadAccessFault, CauseWriteAccessFault,
                     CauseMsiPteLoadFault, CauseMsiPteMisconfig, CausePdtLoadAccessFault,
                     CausePdtMisconfigured, CauseDdtDataCorruption, CausePdtDataCorruption,
                     CauseMsiPtDataCorruption, CauseMrifDataCorruption, CauseInternalDpError,
                     CausePtDataCorruption};
  endfunction
  // log2 of an ATS Success's range (section 5.9): the smaller of the two stages' leaves (a Bare stage
  // counts as 2 MiB), then, with msiptp.MODE Flat and T2GPA = 0, halved down to 4 KiB while the range
  // that holds the GPA also holds a virtual interrupt file's page.
  function automatic logic [5:0] ats_range(logic s1, logic [PgSzW-1:0] s1_sz, logic g,
                                           logic [PgSzW-1:0] g_sz, logic [51:0] gpn,
                                           logic reduce, logic [51:0] mask, logic [51:0] pattern);
    logic [5:0] s1_log, g_log, sz;
    // the leaves' page sizes (section 6.6: NAPOT 64 KiB, Sv32 4 MiB); a Bare stage counts as 2 MiB
    s1_log = s1 ? 6'd12 + 6'(s1_sz) : 6'd21;
    g_log  = g ? 6'd12 + 6'(g_sz) : 6'd21;
    sz     = (s1_log < g_log) ? s1_log : g_log;
    if (reduce) begin
      for (int n = 0; n < 40; n++) begin
        if ((sz > 6'd12) &&
            ((((gpn ^ pattern) & ~mask) & ~((52'd1 << (sz - 6'd12)) - 52'd1)) == '0)) begin
          sz = sz - 6'd1;
        end
      end
    end
    return sz;
  endfunction

  //////////////////////
  // Next-state logic //
  //////////////////////

  logic req_fire;
  assign req_fire = req_valid_i & req_ready_o;
  assign pgr_fire = pgr_valid_i & pgr_ready_o;

  // A fault found in this cycle goes to the fault-queue writer at this edge.
  logic              raise;
  logic [CauseW-1:0] raise_cause;
  logic              dbg_take;  // the engine takes the debug request at this edge (version 9)
  logic              fin_go;    // the final GPA fin_gpa is known in this cycle (version 8)
  logic              swa_now;   // an ATS translation request gets Success without access (version 11)
  logic              pgr_fire;  // a page request is accepted at this edge (version 11)
  logic [63:0]       fin_gpa;

  always_comb begin
    ctrl_d  = ctrl_q;
    did_d   = did_q;
    pv_d    = pv_q;
    pid_d   = pid_q;
    priv_d  = priv_q;
    ttyp_d  = ttyp_q;
    iova_d  = iova_q;
    tag_d   = tag_q;
    fault_d = fault_q;
    cause_d = cause_q;
    pa_d    = pa_q;
    dtf_d   = dtf_q;
    no_rsp_d = no_rsp_q;
    dbg_d    = dbg_q;
    dbg_take = 1'b0;
    dc_cached_d  = dc_cached_q;
    pc_hit_d     = pc_hit_q;
    pc_hit_pc_d  = pc_hit_pc_q;
    fs_pc_d      = fs_pc_q;
    iotval2_d    = iotval2_q;
    s1_d         = s1_q;
    mrif_d       = mrif_q;
    mrif_addr_d  = mrif_addr_q;
    notice_addr_d = notice_addr_q;
    notice_data_d = notice_data_q;
    be_d         = be_q;
    gxl_d        = gxl_q;
    pbmt_d       = pbmt_q;
    pgr_d        = pgr_q;
    swa_d        = swa_q;
    ats_w_d      = ats_w_q;
    ats_u_d      = ats_u_q;
    ats_g_d      = ats_g_q;
    ats_size_d   = ats_size_q;
    gpa_d        = gpa_q;
    pq_start_o     = 1'b0;
    pq_prpr_o      = 1'b0;
    pq_rsp_start_o = 1'b0;
    pq_rsp_code_o  = '0;
    g_start_o    = 1'b0;
    g_gpa_o      = '0;
    msix_start_o = 1'b0;
    msix_gpa_o   = '0;
    fin_go       = 1'b0;
    fin_gpa      = '0;

    raise            = 1'b0;
    raise_cause      = '0;
    ddt_start_o      = 1'b0;
    ddt_cached_o     = 1'b0;
    walk_start_o     = 1'b0;
    pdt_start_o      = 1'b0;
    pdt_cached_o     = 1'b0;
    pdt_cached_pc_o  = '0;
    cmd_start_o      = 1'b0;
    msi_start_o      = 1'b0;

    unique case (ctrl_q)
      // A deliverable MSI first, then a runnable command (section 5.1, StIdle); else wait for a
      // request and capture it.
      CtrlIdle: begin
        if (msi_deliverable_i) begin
          msi_start_o = 1'b1;
          ctrl_d      = CtrlMsi;
        end else if (cmd_runnable_i) begin
          cmd_start_o = 1'b1;
          ctrl_d      = CtrlCmd;
        end else if (dbg_take_ok) begin
          // The debug request (section 5.7), after MSIs and commands, before the bridge: TTYP 1
          // with Exe, 2 with NW, else 3 (read and write, checked as a write); tag 0; page offset 0.
          dbg_take = 1'b1;
          dbg_d   = 1'b1;
          pgr_d   = 1'b0;
          swa_d   = 1'b0;
          did_d   = dbg_ctl_i.did;
          pv_d    = dbg_ctl_i.pv;
          pid_d   = dbg_ctl_i.pid;
          priv_d  = dbg_ctl_i.priv;
          ttyp_d  = dbg_ctl_i.exe ? TtypW'(TtypUntranslExec) :
                    dbg_ctl_i.nw  ? TtypW'(TtypUntranslRead) : TtypW'(TtypUntranslWrite);
          iova_d  = {dbg_iova_i[63:12], 12'h0};
          tag_d   = '0;
          fault_d = 1'b0;
          cause_d = '0;
          pa_d    = '0;
          dtf_d   = 1'b0;
          no_rsp_d = 1'b0;
          dc_cached_d = 1'b0;
          pc_hit_d    = 1'b0;
          pc_hit_pc_d = '0;
          fs_pc_d     = 1'b0;
          iotval2_d   = '0;
          s1_d        = 1'b0;
          mrif_d      = 1'b0;
          mrif_addr_d = '0;
          notice_addr_d = '0;
          notice_data_d = '0;
          be_d    = fctl_be_i;
          gxl_d   = fctl_gxl_i;
          pbmt_d  = '0;
          ctrl_d  = CtrlLookup;
        end else if (pgr_fire) begin
          // A page request (section 5.9), before a bridge request: TTYP 9 for its fault record
          // (iotval 4, the Page Request message code, written by the fault-queue writer).
          dbg_d   = 1'b0;
          pgr_d   = 1'b1;
          did_d   = pgr_did_i;
          pv_d    = pgr_pv_i;
          pid_d   = pgr_pv_i ? pgr_pid_i : '0;
          priv_d  = pgr_pv_i && pgr_priv_i;
          ttyp_d  = TtypW'(TtypPcieMessage);
          iova_d  = '0;
          tag_d   = '0;
          fault_d = 1'b0;
          cause_d = '0;
          pa_d    = '0;
          dtf_d   = 1'b0;
          no_rsp_d = 1'b0;
          dc_cached_d = 1'b0;
          pc_hit_d    = 1'b0;
          pc_hit_pc_d = '0;
          fs_pc_d     = 1'b0;
          iotval2_d   = '0;
          s1_d        = 1'b0;
          mrif_d      = 1'b0;
          mrif_addr_d = '0;
          notice_addr_d = '0;
          notice_data_d = '0;
          swa_d       = 1'b0;
          be_d    = fctl_be_i;   // the DDT reads and the record follow fctl.BE of the acceptance (5.8, 5.9)
          gxl_d   = fctl_gxl_i;
          pbmt_d  = '0;
          ctrl_d  = CtrlPgr;
        end else if (req_fire) begin
          dbg_d   = 1'b0;
          pgr_d   = 1'b0;
          swa_d   = 1'b0;
          ats_w_d = 1'b0;
          ats_u_d = 1'b0;
          ats_g_d = 1'b0;
          ats_size_d = '0;
          gpa_d   = '0;
          did_d   = req_did_i;
          pv_d    = req_pv_i;
          pid_d   = req_pid_i;
          priv_d  = req_priv_i;
          ttyp_d  = req_ttyp_i;
          iova_d  = req_iova_i;
          tag_d   = req_tag_i;
          fault_d = 1'b0;
          cause_d = '0;
          pa_d    = '0;
          dtf_d   = 1'b0;
          no_rsp_d = 1'b0;
          dc_cached_d = 1'b0;
          pc_hit_d    = 1'b0;
          pc_hit_pc_d = '0;
          fs_pc_d     = 1'b0;
          iotval2_d   = '0;
          s1_d        = 1'b0;
          mrif_d      = 1'b0;
          mrif_addr_d = '0;
          notice_addr_d = '0;
          notice_data_d = '0;
          be_d    = fctl_be_i;
          gxl_d   = fctl_gxl_i;
          pbmt_d  = '0;
          ctrl_d  = CtrlLookup;
        end
      end

      // "Process to translate an IOVA" steps 1 to 5, then the IOTLB lookup.
      CtrlLookup: begin
        unique case (ddtp_mode_i)
          4'(DdtpOff): begin
            raise       = 1'b1;
            raise_cause = CauseAllInboundDisallow;
          end
          4'(DdtpBare): begin
            if (ttyp_is_translated_or_ats(ttyp_q)) begin
              raise       = 1'b1;
              raise_cause = CauseTtypDisallowed;
            end else begin
              pa_d   = iova_q;
              ctrl_d = CtrlRespond;
            end
          end
          default: begin  // 1LVL, 2LVL, 3LVL
            if (did_wide) begin
              raise       = 1'b1;
              raise_cause = CauseTtypDisallowed;
            end else if (!ddtc_hit_i) begin
              ddt_start_o = 1'b1;
              ctrl_d      = CtrlDdt;
            end else if (tlb_hit_i && !hit_needs_d && !hit_needs_g) begin
              // The DTF rule of StFault uses the cached DC's tc.DTF (section 5.3).
              dtf_d = ddtc_hit_dc_i.tc.dtf;
              if (hit_perm_fault) begin
                raise       = 1'b1;
                raise_cause = page_fault_cause(ttyp_q);
              end else begin
                pa_d   = pa_by_sz(tlb_hit_entry_i.ppn, tlb_hit_entry_i.sz, iova_q[55:0]);
                pbmt_d = tlb_hit_entry_i.pbmt;
                ctrl_d = CtrlRespond;
              end
            end else begin
              // Step 6 (also after the step 5 exception): the cached DC goes to StDcCheck, no
              // memory read; step 4a's outcome is kept for it.
              ddt_start_o  = 1'b1;
              ddt_cached_o = 1'b1;
              dc_cached_d  = 1'b1;
              pc_hit_d     = pdtc_hit_i;
              pc_hit_pc_d  = pdtc_hit_pc_i;
              ctrl_d       = CtrlDdt;
            end
          end
        endcase
      end

      // StPgrStart (section 5.9): the mode checks of a page request, then the DDT walk as on a
      // device-context cache miss (no lookup).
      CtrlPgr: begin
        if (ddtp_mode_i == 4'(DdtpOff)) begin
          raise       = 1'b1;
          raise_cause = CauseAllInboundDisallow;
        end else if ((ddtp_mode_i == 4'(DdtpBare)) || did_wide) begin
          raise       = 1'b1;
          raise_cause = CauseTtypDisallowed;
        end else begin
          ddt_start_o = 1'b1;
          ctrl_d      = CtrlDdt;
        end
      end

      // The device-context fetch holds the translation ("Process to locate the Device-context");
      // when it is located, "Process to translate an IOVA" steps 7 to 16.
      CtrlDdt: begin
        if (ddt_done_i) begin
          if (ddt_fault_i) begin
            raise       = 1'b1;
            raise_cause = ddt_cause_i;
          end else if (pgr_q) begin
            // A page request ("PCIe ATS Page Request handling"): EN_ATS and EN_PRI, then the queue.
            dtf_d = dc.tc.dtf;
            if (!dc.tc.en_ats || !dc.tc.en_pri) begin
              raise       = 1'b1;
              raise_cause = CauseTtypDisallowed;
            end else begin
              pq_start_o = 1'b1;
              pq_prpr_o  = dc.tc.prpr;
              ctrl_d     = pq_nothing_i ? CtrlIdle : CtrlPq;
            end
          end else begin
            dtf_d = dc.tc.dtf;
            if (dc_ttyp_disallowed) begin
              raise       = 1'b1;
              raise_cause = CauseTtypDisallowed;
            end else if (translated) begin
              // Translated requests (step 8 and 9): without T2GPA the address is the translated
              // one; with it the IOVA is a GPA with a Bare first stage (the MSI check and the Final
              // G-walk of the request's access).
              if (!dc.tc.t2gpa) begin
                pa_d   = iova_q;
                ctrl_d = CtrlRespond;
              end else begin
                fin_go  = 1'b1;
                fin_gpa = iova_q;
              end
            end else if (dc_needs_pc) begin
              // Steps 11 and 14: locate the PC of p; a PC from the process-context cache (this
              // cycle's lookup, or step 4a's for a cached DC) goes to StPcCheck without reads.
              // Version 8: a PC read from memory under a second stage starts with a G-walk of the
              // first read's GPA, whose width is checked here.
              if ((dc_cached_q ? pc_hit_q : pdtc_hit_i)) begin
                pdt_start_o     = 1'b1;
                ctrl_d          = CtrlPdt;
                pdt_cached_o    = 1'b1;
                pdt_cached_pc_o = dc_cached_q ? pc_hit_pc_q : pdtc_hit_pc_i;
              end else if (pdt_first_wide) begin
                raise       = 1'b1;
                raise_cause = access_guest_page_fault(ttyp_access(ttyp_q));
                iotval2_d   = (pdt_first_gpa_i | 64'd1);
              end else begin
                pdt_start_o = 1'b1;
                ctrl_d      = CtrlPdt;
              end
            end else if (!dc_fs) begin
              fin_go  = 1'b1;
              fin_gpa = iova_q;
            end else if (!fs_canonical(iova_q, dc_fs_mode)) begin
              raise       = 1'b1;
              raise_cause = page_fault_cause(ttyp_q);
            end else if (walk_root_wide) begin
              raise       = 1'b1;
              raise_cause = access_guest_page_fault(ttyp_access(ttyp_q));
              iotval2_d   = (walk_root_gpa | 64'd1);
            end else begin
              walk_start_o = 1'b1;
              s1_d         = 1'b1;
              ctrl_d       = CtrlWalk;
            end
          end
        end
      end

      // The process-context fetch holds the translation ("Process to locate the Process-context");
      // when it is located, step 16 with the PC's fsc and PSCID.
      CtrlPdt: begin
        if (pdt_done_i) begin
          if (pdt_fault_i) begin
            raise       = 1'b1;
            raise_cause = pdt_cause_i;
            iotval2_d   = pdt_iotval2_i;
          end else if (!fs_mode(pc_fs_mode)) begin
            fin_go  = 1'b1;
            fin_gpa = iova_q;
          end else if (!fs_canonical(iova_q, pc_fs_mode)) begin
            raise       = 1'b1;
            raise_cause = page_fault_cause(ttyp_q);
          end else if (walk_root_wide) begin
            raise       = 1'b1;
            raise_cause = access_guest_page_fault(ttyp_access(ttyp_q));
            iotval2_d   = (walk_root_gpa | 64'd1);
          end else begin
            walk_start_o = 1'b1;
            fs_pc_d      = 1'b1;
            s1_d         = 1'b1;
            ctrl_d       = CtrlWalk;
          end
        end
      end

      // The page-table walker holds the translation.
      CtrlWalk: begin
        if (walk_done_i) begin
          if (walk_fault_i) begin
            raise       = 1'b1;
            raise_cause = walk_cause_i;
            iotval2_d   = walk_iotval2_i;
          end else begin
            fin_go  = 1'b1;
            fin_gpa = walk_pa_i;
            pbmt_d  = walk_leaf_i.pbmt;
          end
        end
      end

      // Version 8: the Final G-walk holds the translation; its leaf gives the address.
      CtrlGstage: begin
        if (g_done_i) begin
          if (g_fault_i) begin
            raise       = 1'b1;
            raise_cause = g_cause_i;
            iotval2_d   = g_iotval2_i;
          end else begin
            pa_d   = g_spa_i;
            if (pbmt_q == '0) pbmt_d = g_leaf_i.pbmt;
            ctrl_d = CtrlRespond;
          end
        end
      end

      // Version 8: the MSI PTE reader holds the translation.
      CtrlMsiXlate: begin
        if (msix_done_i) begin
          if (msix_fault_i) begin
            raise       = 1'b1;
            raise_cause = msix_cause_i;
          end else if (dbg_q && msix_mrif_i) begin
            // A debug translation of an MRIF-mode MSI PTE's address has no address to report
            // (section 5.7): cause 260.
            raise       = 1'b1;
            raise_cause = CauseTtypDisallowed;
          end else begin
            pa_d          = msix_pa_i;
            mrif_d        = msix_mrif_i;
            mrif_addr_d   = msix_mrif_addr_i;
            notice_addr_d = msix_notice_addr_i;
            notice_data_d = msix_notice_data_i;
            ctrl_d        = CtrlRespond;
          end
        end
      end

      // The fault-queue writer holds the translation until the fault is dealt with.
      // (After an MSI's fault there is no request to answer: StIdle, section 5.5.)
      CtrlFq: begin
        if (fq_done_i) begin
          ctrl_d = no_rsp_q ? CtrlIdle : CtrlRespond;
          // A page request's fault: its response (Invalid Request for 260, else Response Failure),
          // when the message asks for one.
          if (pgr_q) begin
            if (pq_need_rsp_i) begin
              pq_rsp_start_o = 1'b1;
              pq_rsp_code_o  = (cause_q == CauseTtypDisallowed) ? PrgrInvalidRequest
                                                                : PrgrResponseFailure;
              ctrl_d         = CtrlPq;
            end else begin
              ctrl_d = CtrlIdle;
            end
          end
        end
      end

      // iommu_page_req holds the page request (StPqReq, StPqWait, StMsgReq).
      CtrlPq: begin
        if (pq_done_i) ctrl_d = CtrlIdle;
      end

      // The command processor holds the engine until the command is done.
      CtrlCmd: begin
        if (cmd_done_i) ctrl_d = CtrlIdle;
      end

      // The MSI sender holds the engine until the write's response. A failed write is the fault
      // "IOMMU MSI write access fault" (spec "msi_cfg_tbl"): TTYP 0, device_id 0, PV 0, iotval the
      // MSI address; the DTF rule does not apply (section 5.5).
      CtrlMsi: begin
        if (msi_done_i) begin
          if (msi_fault_i) begin
            raise       = 1'b1;
            raise_cause = CauseMsiWriteAccessFault;
            did_d       = '0;
            pv_d        = 1'b0;
            pid_d       = '0;
            priv_d      = 1'b0;
            ttyp_d      = TtypW'(TtypNone);
            iova_d      = msi_addr_i;
            dtf_d       = 1'b0;
            no_rsp_d    = 1'b1;
            iotval2_d   = '0;
          end else begin
            ctrl_d = CtrlIdle;
          end
        end
      end

      // Present the response ("Process to translate an IOVA": fault -> abort, else translated
      // address).
      CtrlRespond: begin
        if (rsp_ready_i) ctrl_d = CtrlIdle;
      end

      default: ctrl_d = CtrlIdle;
    endcase

    // The final GPA (steps 18 and 19, docs/microarch.md section 5.6): a virtual interrupt file's address
    // under msiptp.MODE = Flat is translated by its MSI PTE; else without a second stage it is the
    // translated address (version 7); else a G-walk (Final), after the GPA width check.
    if (fin_go) begin
      gpa_d = fin_gpa;
      if (msi_file(fin_gpa[63:12], ddt_ext_i.msiptp.mode, ddt_ext_i.mask.mask,
                   ddt_ext_i.pattern.mask)) begin
        msix_start_o = 1'b1;
        msix_gpa_o   = fin_gpa;
        ctrl_d       = CtrlMsiXlate;
      end else if (!two_stage) begin
        pa_d   = fin_gpa;
        ctrl_d = CtrlRespond;
      end else if (g_gpa_wide(fin_gpa[63:34], g_mode, dc.tc.sxl)) begin
        raise       = 1'b1;
        raise_cause = access_guest_page_fault(ttyp_access(ttyp_q));
        iotval2_d   = {fin_gpa[63:2], 2'b00};
      end else begin
        g_start_o = 1'b1;
        g_gpa_o   = fin_gpa;
        ctrl_d    = CtrlGstage;
      end
    end

    // An ATS translation request whose fault is a page fault, a guest-page fault, 266 or 262 gets
    // Success without access and is not reported (spec "PCIe ATS translation request handling").
    swa_now = raise && is_ats && ats_swa_cause(raise_cause);
    if (swa_now) begin
      swa_d  = 1'b1;
      ctrl_d = CtrlRespond;
    end else if (raise) begin
      fault_d = 1'b1;
      cause_d = raise_cause;
      ctrl_d  = CtrlFq;
    end

    // An ATS translation request's Success (section 5.9): W, U, G and the range size, and the
    // address with the bits below the size cleared (the GPA with tc.T2GPA).
    if (is_ats && !swa_now && !raise && (ctrl_d == CtrlRespond) && (ctrl_q != CtrlRespond)) begin
      ats_u_d    = 1'b0;
      ats_g_d    = 1'b0;
      ats_w_d    = 1'b1;
      ats_size_d = 6'd12;
      if (s1_q) ats_w_d = walk_leaf_i.w && walk_leaf_i.d;
      if (ctrl_q == CtrlMsiXlate) begin
        // An MSI translation: 4 KiB; MRIF: untranslated access only, no address.
        ats_u_d = msix_mrif_i;
        mrif_d  = 1'b0;
        pa_d    = msix_mrif_i ? 64'h0 : ((dc.tc.t2gpa ? gpa_q : pa_d) & ~64'hfff);
      end else begin
        ats_g_d    = pv_q && s1_q && walk_leaf_i.g;
        if (ctrl_q == CtrlGstage) ats_w_d = ats_w_d && g_leaf_i.w && g_leaf_i.d;
        ats_size_d = ats_range(s1_q, walk_sz_i, ctrl_q == CtrlGstage, g_sz_i,
                               gpa_d[63:12], CfgG && CfgMsiFlat && !dc.tc.t2gpa &&
                               (ddt_ext_i.msiptp.mode == 4'd1), ddt_ext_i.mask.mask,
                               ddt_ext_i.pattern.mask);
        pa_d       = (dc.tc.t2gpa ? gpa_d : pa_d) & ~((64'd1 << ats_size_d) - 64'd1);
      end
    end

    // A debug translation completes at the edge that would enter StRespond (section 5.7).
    dbg_done_o = dbg_q && (ctrl_q != CtrlRespond) && (ctrl_q != CtrlIdle) && (ctrl_d == CtrlRespond);
    if (dbg_done_o) begin
      ctrl_d = CtrlIdle;
      dbg_d  = 1'b0;
    end
  end

  logic dbg_take_ok;   // the debug request can be taken in StIdle (registered Go/Busy, ddtp.busy)
  assign dbg_take_ok = CfgDbg && dbg_go_i && !ddtp_busy_i;
  assign dbg_fault_o = fault_d;
  assign dbg_ppn_o   = pa_d[PgOffW +: PpnW];
  assign dbg_pbmt_o  = (mrif_d || fault_d) ? 2'b00 : pbmt_d;

  // The performance monitor's event (section 5.7): a bridge request handshaken at this edge (1 for
  // TTYP 1..3, 2 for 5..7, 3 for 8) or the debug request taken at this edge (1).
  assign hpm_ev_valid_o = req_fire || dbg_take;
  assign hpm_ev_id_o    = dbg_take ? 2'd1 :
                          ttyp_is_untranslated(req_ttyp_i) ? 2'd1 :
                          (req_ttyp_i == TtypW'(TtypAtsTranslation)) ? 2'd3 : 2'd2;
  assign hpm_ev_did_o   = dbg_take ? dbg_ctl_i.did : req_did_i;
  assign hpm_ev_pv_o    = dbg_take ? dbg_ctl_i.pv : req_pv_i;
  assign hpm_ev_pid_o   = dbg_take ? dbg_ctl_i.pid : req_pid_i;

  // A good leaf of a TTYP 1, 2 or 3 request fills the IOTLB in the walk's last cycle
  // (docs/microarch.md section 6), with the first-stage context's PSCID. From registered state
  // only, apart from the next-state logic, so that the IOTLB's update does not depend on this
  // cycle's inputs.
  // Version 8 (section 6.5): a two-stage translation fills when its Final G-leaf is done, if it had a
  // first stage (contexts (a), (b)) or is context (c) (PDTV = 0, no process_id, Bare first stage);
  // the level is the smaller of the two leaves', R/W/X/U/D the first stage's (all 1 without one).
  logic g_fill;
  assign g_fill = CfgG && (ctrl_q == CtrlGstage) && g_done_i && !g_fault_i && ttyp_untransl &&
                  (s1_q || (!dc.tc.pdtv && !pv_q));
  assign tlb_fill_o = ((ctrl_q == CtrlWalk) && walk_leaf_ok_i && ttyp_untransl && !two_stage) ||
                      g_fill;

  always_comb begin
    tlb_fill_entry_o        = '0;
    tlb_fill_entry_o.valid  = 1'b1;
    tlb_fill_entry_o.did    = did_q;
    tlb_fill_entry_o.vpn    = iova_q[PgOffW +: VaTagW];
    tlb_fill_entry_o.vpn_hi = iova_q[58:57];
    tlb_fill_entry_o.sz     = walk_sz_i;
    tlb_fill_entry_o.pbmt   = walk_leaf_i.pbmt;
    tlb_fill_entry_o.ppn    = walk_leaf_i.ppn;
    tlb_fill_entry_o.r      = walk_leaf_i.r;
    tlb_fill_entry_o.w      = walk_leaf_i.w;
    tlb_fill_entry_o.x      = walk_leaf_i.x;
    tlb_fill_entry_o.u      = walk_leaf_i.u;
    tlb_fill_entry_o.d      = walk_leaf_i.d;
    tlb_fill_entry_o.pscid  = fs_pc_q ? pdt_pc_i.ta.pscid : dc.ta.pscid;
    tlb_fill_entry_o.g      = walk_g_i;
    tlb_fill_entry_o.s1     = 1'b1;
    tlb_fill_entry_o.gr     = 1'b1;
    tlb_fill_entry_o.gw     = 1'b1;
    tlb_fill_entry_o.gx     = 1'b1;
    tlb_fill_entry_o.gd     = 1'b1;
    if (g_fill) begin
      tlb_fill_entry_o.gv    = 1'b1;
      tlb_fill_entry_o.gscid = dc.iohgatp.gscid;
      tlb_fill_entry_o.ppn   = g_spa_i[PgOffW +: PpnW];
      tlb_fill_entry_o.gr    = g_leaf_i.r;
      tlb_fill_entry_o.gw    = g_leaf_i.w;
      tlb_fill_entry_o.gx    = g_leaf_i.x;
      tlb_fill_entry_o.gd    = g_leaf_i.d;
      if (s1_q) begin
        tlb_fill_entry_o.sz    = (walk_sz_i < g_sz_i) ? walk_sz_i : g_sz_i;
        tlb_fill_entry_o.pbmt  = (walk_leaf_i.pbmt != '0) ? walk_leaf_i.pbmt : g_leaf_i.pbmt;
      end else begin
        tlb_fill_entry_o.sz    = g_sz_i;
        tlb_fill_entry_o.pbmt  = g_leaf_i.pbmt;
        tlb_fill_entry_o.s1    = 1'b0;
        tlb_fill_entry_o.r     = 1'b1;
        tlb_fill_entry_o.w     = 1'b1;
        tlb_fill_entry_o.x     = 1'b1;
        tlb_fill_entry_o.u     = 1'b1;
        tlb_fill_entry_o.d     = 1'b1;
        tlb_fill_entry_o.pscid = '0;
        tlb_fill_entry_o.g     = 1'b0;
      end
    end
  end

  assign fq_start_o      = raise && !swa_now;  // (Success without access is not reported)
  assign fq_cause_o      = raise_cause;
  assign fq_dtf_o        = dtf_d;
  assign fq_iotval2_o    = iotval2_q;
  // The walk starts from the DC's iosatp, or from the PC's fsc (a start in CtrlPdt).
  assign walk_root_ppn_o = (ctrl_q == CtrlPdt) ? pdt_pc_i.fsc.ppn : dc.fsc.ppn;
  assign walk_mode_o     = (ctrl_q == CtrlPdt) ? pc_fs_mode : dc_fs_mode;
  assign walk_sum_o      = fs_pc_q && pdt_pc_i.ta.sum;

  // The process directory of the located DC.
  assign pdt_mode_o      = dc.fsc.mode;
  assign pdt_root_ppn_o  = dc.fsc.ppn;
  assign pdt_pid_o       = p;

  ////////////////
  // Flip-flops //
  ////////////////

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      ctrl_q  <= CtrlIdle;
      did_q   <= '0;
      pv_q    <= 1'b0;
      pid_q   <= '0;
      priv_q  <= 1'b0;
      ttyp_q  <= '0;
      iova_q  <= '0;
      tag_q   <= '0;
      fault_q <= 1'b0;
      cause_q <= '0;
      pa_q    <= '0;
      dtf_q   <= 1'b0;
      no_rsp_q <= 1'b0;
      dbg_q    <= 1'b0;
      dc_cached_q <= 1'b0;
      pc_hit_q    <= 1'b0;
      pc_hit_pc_q <= '0;
      fs_pc_q     <= 1'b0;
      iotval2_q   <= '0;
      s1_q        <= 1'b0;
      mrif_q      <= 1'b0;
      mrif_addr_q <= '0;
      notice_addr_q <= '0;
      notice_data_q <= '0;
      be_q    <= 1'b0;
      gxl_q   <= 1'b0;
      pbmt_q  <= '0;
      pgr_q       <= 1'b0;
      swa_q       <= 1'b0;
      ats_w_q     <= 1'b0;
      ats_u_q     <= 1'b0;
      ats_g_q     <= 1'b0;
      ats_size_q  <= '0;
      gpa_q       <= '0;
    end else begin
      ctrl_q  <= ctrl_d;
      did_q   <= did_d;
      pv_q    <= pv_d;
      pid_q   <= pid_d;
      priv_q  <= priv_d;
      ttyp_q  <= ttyp_d;
      iova_q  <= iova_d;
      tag_q   <= tag_d;
      fault_q <= fault_d;
      cause_q <= cause_d;
      pa_q    <= pa_d;
      dtf_q   <= dtf_d;
      no_rsp_q <= no_rsp_d;
      dbg_q    <= dbg_d;
      dc_cached_q <= dc_cached_d;
      pc_hit_q    <= pc_hit_d;
      pc_hit_pc_q <= pc_hit_pc_d;
      fs_pc_q     <= fs_pc_d;
      iotval2_q   <= iotval2_d;
      s1_q        <= s1_d;
      mrif_q      <= mrif_d;
      mrif_addr_q <= mrif_addr_d;
      notice_addr_q <= notice_addr_d;
      notice_data_q <= notice_data_d;
      be_q    <= be_d;
      gxl_q   <= gxl_d;
      pbmt_q  <= pbmt_d;
      pgr_q       <= pgr_d;
      swa_q       <= swa_d;
      ats_w_q     <= ats_w_d;
      ats_u_q     <= ats_u_d;
      ats_g_q     <= ats_g_d;
      ats_size_q  <= ats_size_d;
      gpa_q       <= gpa_d;
    end
  end

  /////////////
  // Outputs //
  /////////////

  logic in_respond;
  assign in_respond  = ctrl_q == CtrlRespond;

  // A page request has priority over a bridge request (section 5.9). Both readies are functions of
  // registered state (section 1's Moore rule, as the golden timing model has them): req_ready_o does
  // not look at pgr_valid_i; a page request and a bridge request offered in the same cycle (the bench
  // never does) would take the page request (NoDoubleAccept_A).
  assign pgr_ready_o = CfgAts & (ctrl_q == CtrlIdle) & ~ddtp_busy_i & ~msi_deliverable_i &
                       ~cmd_runnable_i & ~dbg_take_ok;
  assign req_ready_o = (ctrl_q == CtrlIdle) & ~ddtp_busy_i & ~msi_deliverable_i & ~cmd_runnable_i &
                       ~dbg_take_ok;
  assign pgr_o       = pgr_q;

  assign rsp_valid_o = in_respond;
  assign rsp_tag_o   = in_respond ? tag_q : '0;
  assign rsp_fault_o = in_respond & fault_q;
  assign rsp_cause_o = (in_respond & fault_q) ? cause_q : '0;
  assign rsp_pa_o    = (in_respond & ~fault_q & ~swa_q) ? pa_q : '0;
  logic rsp_mrif_on;
  assign rsp_mrif_on       = in_respond & ~fault_q & mrif_q & ~is_ats;

  // The ATS completion (section 5.9): Success (R = 1), Success without access (R = W = U = G = 0,
  // 4 KiB, no address), or a reported fault's UR / CA.
  logic ats_rsp, ats_ok;
  assign ats_rsp          = in_respond & is_ats;
  assign ats_ok           = ats_rsp & ~fault_q & ~swa_q;
  assign rsp_ats_o        = ats_rsp;
  assign rsp_ats_status_o = !(ats_rsp && fault_q) ? 2'd0 : ats_ca_cause(cause_q) ? 2'd2 : 2'd1;
  assign rsp_ats_r_o      = ats_ok;
  assign rsp_ats_w_o      = ats_ok & ats_w_q;
  assign rsp_ats_u_o      = ats_ok & ats_u_q;
  assign rsp_ats_g_o      = ats_ok & ats_g_q;
  assign rsp_ats_priv_o   = ats_rsp & pv_q & priv_q;
  assign rsp_ats_size_o   = ats_ok ? ats_size_q : (ats_rsp & ~fault_q) ? 6'd12 : 6'd0;
  assign rsp_mrif_o        = rsp_mrif_on;
  assign rsp_mrif_addr_o   = rsp_mrif_on ? mrif_addr_q : '0;
  assign rsp_notice_addr_o = rsp_mrif_on ? notice_addr_q : '0;
  assign rsp_notice_data_o = rsp_mrif_on ? notice_data_q : '0;
  assign rsp_pbmt_o        = (in_respond & ~fault_q & ~mrif_q & ~swa_q) ? pbmt_q : '0;  // no type without access
  assign be_o              = be_q;
  assign gxl_o             = gxl_q;

  assign did_o  = did_q;
  assign pv_o   = pv_q;
  assign pid_o  = pid_q;
  assign priv_o = priv_q;
  assign ttyp_o = ttyp_q;
  assign iova_o = iova_q;

  assign tlb_did_o  = did_q;
  assign tlb_iova_o = iova_q;

  // The engine state code: the controller's own, or that of the block holding the translation.
  always_comb begin
    unique case (ctrl_q)
      CtrlIdle:    state_o = StIdle;
      CtrlLookup:  state_o = StLookup;
      CtrlDdt:     state_o = ddt_state_i;
      CtrlWalk:    state_o = walk_state_i;
      CtrlFq:      state_o = fq_state_i;
      CtrlRespond: state_o = StRespond;
      CtrlCmd:     state_o = cmd_state_i;
      CtrlMsi:     state_o = msi_state_i;
      CtrlPdt:     state_o = pdt_state_i;
      CtrlMsiXlate: state_o = msix_state_i;
      CtrlPgr:     state_o = StPgrStart;
      CtrlPq:      state_o = pq_state_i;
      default:     state_o = StIdle;
    endcase
    // A G-walk (Final, or implicit under the walker or the process-context fetch) shows its own code.
    if (CfgG && (g_state_i != StIdle)) state_o = g_state_i;
  end

  // Parts of the DC, the leaf and the hit entry that no decision of this block needs (the fetch
  // and the walker check them).
  logic unused_bits;
  assign unused_bits = ^{dbg_ctl_i.custom, dbg_ctl_i.reserved1, dbg_ctl_i.reserved0, dbg_ctl_i.go_busy,
                         dbg_iova_i[11:0], dc.tc.custom, dc.tc.v, dc.tc.sbe, dc.tc.sxl, dc.tc.sade,
                         dc.tc.gade, dc.tc.en_pri, dc.tc.prpr, dc.tc.t2gpa, dc.tc.reserved0,
                         dc.tc.reserved1, dc.iohgatp.ppn, dc.ta.mcid, dc.ta.rcid, dc.ta.reserved1,
                         dc.ta.reserved0, dc.fsc.reserved, walk_leaf_i.v,
                         walk_leaf_i.a, walk_leaf_i.g, walk_leaf_i.rsw, walk_leaf_i.n,
                         walk_leaf_i.reserved, tlb_hit_entry_i.valid,
                         tlb_hit_entry_i.did, tlb_hit_entry_i.vpn, tlb_hit_entry_i.pscid,
                         tlb_hit_entry_i.g, ddtc_hit_dc_i, tlb_hit_entry_i.gv,
                         tlb_hit_entry_i.gscid, tlb_hit_entry_i.s1, tlb_hit_entry_i.vpn_hi,
                         g_leaf_i.v, g_leaf_i.u, g_leaf_i.g, g_leaf_i.a, g_leaf_i.rsw,
                         g_leaf_i.ppn, g_leaf_i.reserved, g_leaf_i.n, ddt_ext_i.reserved, walk_level_i,
                         g_level_i,
                         ddt_ext_i.msiptp.reserved, ddt_ext_i.msiptp.ppn, ddt_ext_i.mask.reserved,
                         ddt_ext_i.pattern.reserved, ddtc_hit_ext_i.reserved, ddtc_hit_ext_i.msiptp.reserved,
                         ddtc_hit_ext_i.msiptp.ppn, ddtc_hit_ext_i.mask.reserved,
                         ddtc_hit_ext_i.pattern.reserved};

  ////////////////
  // Assertions //
  ////////////////

`ifndef SYNTHESIS
  // State codes legal: the controller's own, and the engine code it reports.
  CtrlLegal_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      ctrl_q inside {CtrlIdle, CtrlLookup, CtrlDdt, CtrlWalk, CtrlFq, CtrlRespond, CtrlCmd,
                     CtrlMsi} || (CfgPd && (ctrl_q == CtrlPdt)) ||
      (CfgAts && (ctrl_q inside {CtrlPgr, CtrlPq})) ||
      (CfgG && (ctrl_q inside {CtrlGstage, CtrlMsiXlate})))
    else $error("%s:%0d: CtrlLegal_A: ctrl %0d", `__FILE__, `__LINE__, ctrl_q);
  EngineStateLegal_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      (state_o <= StMsiWait) ||
      (CfgAts && (state_o inside {StPgrStart, StPqReq, StPqWait, StMsgReq})) ||
      (state_o inside {StDdtReq, StDdtWait, StDdtCheck, StAdReq, StAdWait}) ||
      (CfgPd && (state_o inside {StPdtReq, StPdtWait, StPdtCheck, StPcReq, StPcWait, StPcCheck})) ||
      (CfgG && (state_o inside {StGpteReq, StGpteWait, StGpteCheck, StGadReq, StGadWait,
                                StMsiPteReq, StMsiPteWait, StMsiPteCheck})))
    else $error("%s:%0d: EngineStateLegal_A: state %0d", `__FILE__, `__LINE__, state_o);

  // The step 5 exception drops an entry only from StLookup's own IOTLB hit, with the cached DC.
  TlbHitInvalInLookup_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      tlb_hit_inval_o |-> ((ctrl_q == CtrlLookup) && ddtc_hit_i && tlb_lookup_o && tlb_hit_i &&
                           (ddtc_hit_dc_i.tc.sade || hit_needs_g) && !did_wide &&
                           (ctrl_d == CtrlDdt)))
    else $error("%s:%0d: TlbHitInvalInLookup_A: ctrl %0d", `__FILE__, `__LINE__, ctrl_q);

  // Exactly the block that holds the translation is busy: one-hot ownership.
  DdtBusyIffOwner_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      (ddt_state_i != StIdle) == (ctrl_q == CtrlDdt))
    else $error("%s:%0d: DdtBusyIffOwner_A: ctrl %0d, fetch state %0d", `__FILE__, `__LINE__,
                ctrl_q, ddt_state_i);
  WalkBusyIffOwner_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      (walk_state_i != StIdle) == (ctrl_q == CtrlWalk))
    else $error("%s:%0d: WalkBusyIffOwner_A: ctrl %0d, walk state %0d", `__FILE__, `__LINE__,
                ctrl_q, walk_state_i);
  FqBusyIffOwner_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      (fq_state_i != StIdle) == (ctrl_q == CtrlFq))
    else $error("%s:%0d: FqBusyIffOwner_A: ctrl %0d, writer state %0d", `__FILE__, `__LINE__,
                ctrl_q, fq_state_i);
  PdtBusyIffOwner_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      (pdt_state_i != StIdle) == (ctrl_q == CtrlPdt))
    else $error("%s:%0d: PdtBusyIffOwner_A: ctrl %0d, fetch state %0d", `__FILE__, `__LINE__,
                ctrl_q, pdt_state_i);
  CmdBusyIffOwner_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      (cmd_state_i != StIdle) == (ctrl_q == CtrlCmd))
    else $error("%s:%0d: CmdBusyIffOwner_A: ctrl %0d, command state %0d", `__FILE__, `__LINE__,
                ctrl_q, cmd_state_i);
  MsiBusyIffOwner_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      (msi_state_i != StIdle) == (ctrl_q == CtrlMsi))
    else $error("%s:%0d: MsiBusyIffOwner_A: ctrl %0d, MSI state %0d", `__FILE__, `__LINE__,
                ctrl_q, msi_state_i);
  OneStart_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      $onehot0({ddt_start_o, pdt_start_o, walk_start_o, fq_start_o, cmd_start_o, msi_start_o,
                g_start_o, msix_start_o}))
    else $error("%s:%0d: OneStart_A", `__FILE__, `__LINE__);

  // Done only from the block that holds the translation.
  DoneFromOwner_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      (!ddt_done_i || (ctrl_q == CtrlDdt)) && (!walk_done_i || (ctrl_q == CtrlWalk)) &&
      (!fq_done_i || (ctrl_q == CtrlFq)) && (!cmd_done_i || (ctrl_q == CtrlCmd)) &&
      (!msi_done_i || (ctrl_q == CtrlMsi)) && (!pdt_done_i || (ctrl_q == CtrlPdt)) &&
      (!msix_done_i || (ctrl_q == CtrlMsiXlate)) &&
      (!g_done_i || (ctrl_q inside {CtrlGstage, CtrlWalk, CtrlPdt})))
    else $error("%s:%0d: DoneFromOwner_A: ctrl %0d", `__FILE__, `__LINE__, ctrl_q);

  // Request handshake: no request is accepted while one is in flight.
  NoReqWhileBusy_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      req_ready_o |-> (ctrl_q == CtrlIdle))
    else $error("%s:%0d: NoReqWhileBusy_A", `__FILE__, `__LINE__);

  // Response handshake stability: valid and payload held until ready.
  RspStable_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      (rsp_valid_o && !rsp_ready_i) |=>
      (rsp_valid_o && $stable({rsp_tag_o, rsp_fault_o, rsp_cause_o, rsp_pa_o})))
    else $error("%s:%0d: RspStable_A: response withdrawn or changed before ready", `__FILE__,
                `__LINE__);

  // A successful response carries no cause, a fault carries a cause and no translated address;
  // outputs known when valid.
  RspPayloadConsistent_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      rsp_valid_o |-> (!$isunknown({rsp_tag_o, rsp_fault_o, rsp_cause_o, rsp_pa_o}) &&
                       (rsp_fault_o ? ((rsp_pa_o == '0) && (rsp_cause_o != '0))
                                    : (rsp_cause_o == '0))))
    else $error("%s:%0d: RspPayloadConsistent_A", `__FILE__, `__LINE__);

  // A deliverable MSI has priority in StIdle: no request is accepted and no command starts
  // (section 5.1).
  MsiFirst_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      ((ctrl_q == CtrlIdle) && msi_deliverable_i) |-> (msi_start_o && !cmd_start_o && !req_ready_o))
    else $error("%s:%0d: MsiFirst_A", `__FILE__, `__LINE__);

  // A fault with no response to follow is only the MSI write's (cause 273, TTYP 0).
  NoRspOnlyForMsiFault_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      no_rsp_q |-> ((ctrl_q inside {CtrlFq, CtrlIdle, CtrlMsi, CtrlCmd}) &&
                    (cause_q == CauseMsiWriteAccessFault) && (ttyp_q == TtypW'(TtypNone))))
    else $error("%s:%0d: NoRspOnlyForMsiFault_A: ctrl %0d", `__FILE__, `__LINE__, ctrl_q);

  // The IOTLB is looked up only after a device-context cache hit (section 5.1 step 5).
  TlbLookupAfterDdtcHit_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      tlb_lookup_o |-> (ddtc_lookup_o && ddtc_hit_i))
    else $error("%s:%0d: TlbLookupAfterDdtcHit_A", `__FILE__, `__LINE__);

  // IOTLB fills only after a walk, for untranslated requests (TTYP 1, 2, 3).
  FillOnlyAfterWalk_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      tlb_fill_o |-> (ttyp_untransl && (g_fill ? (g_done_i && !g_fault_i)
                                               : (walk_done_i && !walk_fault_i && !two_stage))))
    else $error("%s:%0d: FillOnlyAfterWalk_A", `__FILE__, `__LINE__);

  // Version 8: the G-walker is busy only under the block that holds the translation (the Final G-walk,
  // or an implicit one of the walker or the process-context fetch); the MSI PTE reader likewise.
  GBusyIffOwner_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      ((g_state_i == StIdle) || (ctrl_q inside {CtrlGstage, CtrlWalk, CtrlPdt})) &&
      ((ctrl_q != CtrlGstage) || (g_state_i != StIdle)))
    else $error("%s:%0d: GBusyIffOwner_A: ctrl %0d, G state %0d", `__FILE__, `__LINE__, ctrl_q,
                g_state_i);
  // Version 11: the page-request handler is busy exactly while it holds the engine; a page request
  // never gets a translation response and never fills the IOTLB; only ATS requests get ATS fields.
  PqBusyIffOwner_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      (pq_state_i != StIdle) == (ctrl_q == CtrlPq))
    else $error("%s:%0d: PqBusyIffOwner_A: ctrl %0d", `__FILE__, `__LINE__, ctrl_q);
  NoDoubleAccept_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      !(pgr_fire && req_fire))
    else $error("%s:%0d: NoDoubleAccept_A: a page request and a bridge request in one cycle", `__FILE__,
                `__LINE__);
  PgrNoResponse_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      pgr_q |-> !(rsp_valid_o || tlb_fill_o || tlb_lookup_o))
    else $error("%s:%0d: PgrNoResponse_A", `__FILE__, `__LINE__);
  AtsFieldsOnlyAts_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      !rsp_ats_o |-> ({rsp_ats_status_o, rsp_ats_r_o, rsp_ats_w_o, rsp_ats_u_o, rsp_ats_g_o,
                       rsp_ats_priv_o, rsp_ats_size_o} == '0))
    else $error("%s:%0d: AtsFieldsOnlyAts_A", `__FILE__, `__LINE__);
  AtsSuccessNoCause_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      (rsp_ats_o && (rsp_ats_status_o == 2'd0)) |-> (!rsp_fault_o && (rsp_ats_size_o >= 6'd12)))
    else $error("%s:%0d: AtsSuccessNoCause_A", `__FILE__, `__LINE__);
  MsiXBusyIffOwner_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      (msix_state_i != StIdle) == (ctrl_q == CtrlMsiXlate))
    else $error("%s:%0d: MsiXBusyIffOwner_A: ctrl %0d", `__FILE__, `__LINE__, ctrl_q);
  // A guest-page fault, and only it, carries iotval2 (section 5.6).
  Iotval2OnlyGpf_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      ((ctrl_q == CtrlFq) && (iotval2_q != '0)) |->
      (cause_q inside {CauseInstrGuestPageFault, CauseReadGuestPageFault, CauseWriteGuestPageFault}))
    else $error("%s:%0d: Iotval2OnlyGpf_A: cause %0d", `__FILE__, `__LINE__, cause_q);
  // Version 10: a PBMT only on a successful non-MRIF response, never 3, never without Svpbmt.
  PbmtLegal_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      (rsp_pbmt_o != '0) |-> (CfgSvpbmt && rsp_valid_o && !rsp_fault_o && !rsp_mrif_o &&
                             (rsp_pbmt_o != 2'd3)))
    else $error("%s:%0d: PbmtLegal_A: pbmt %0d", `__FILE__, `__LINE__, rsp_pbmt_o);
  // Version 10: fctl.BE / fctl.GXL of a translation are 1 only when writable.
  FctlKeptLegal_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      (!be_q || CfgFctlBeWritable) && (!gxl_q || CfgFctlGxlWritable))
    else $error("%s:%0d: FctlKeptLegal_A", `__FILE__, `__LINE__);

  // MRIF information only on a successful response, never without MSI_MRIF.
  MrifOnlySuccess_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      rsp_mrif_o |-> (CfgMsiMrif && !rsp_fault_o && (rsp_pa_o == '0)))
    else $error("%s:%0d: MrifOnlySuccess_A", `__FILE__, `__LINE__);

  // Version 7: the process-context cache is looked up at most once per translation, in StLookup
  // (step 4a, after a DC cache hit) or in StDcCheck (a DC from memory); never without a PD mode.
  PdtcLookupPlace_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      pdtc_lookup_o |-> (CfgPd && ($onehot({lookup_4a, lookup_dccheck})) &&
                         (lookup_4a ? (ctrl_q == CtrlLookup) : (ctrl_q == CtrlDdt))))
    else $error("%s:%0d: PdtcLookupPlace_A: ctrl %0d", `__FILE__, `__LINE__, ctrl_q);
  // A Supervisor request reaches an IOTLB lookup only through a PC with ta.ENS = 1 (section 5.3).
  SupervisorNeedsEns_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      (tlb_lookup_o && pv_q && priv_q) |-> (pdtc_hit_i && pdtc_hit_pc_i.ta.ens))
    else $error("%s:%0d: SupervisorNeedsEns_A", `__FILE__, `__LINE__);
  // The walk's context is the PC's only after the process-context fetch.
  FsPcOnlyWithPd_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
      fs_pc_q |-> (CfgPd && !(ctrl_q inside {CtrlLookup, CtrlDdt, CtrlPdt})))
    else $error("%s:%0d: FsPcOnlyWithPd_A: ctrl %0d", `__FILE__, `__LINE__, ctrl_q);
`endif

endmodule
