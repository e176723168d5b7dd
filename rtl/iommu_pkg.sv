// Package of the RISC-V IOMMU (first slice): parameters, in-memory structure layouts, register
// layouts, encodings and small pure helper functions shared by all modules.
//
// Timing and implementation choices: docs/microarch.md. Field layouts: RISC-V IOMMU specification,
// chapters "Data Structures", "Memory-mapped register interface" and "In-memory queue interface";
// Sv39 PTE: RISC-V privileged specification, "Sv39: Page-Based 39-bit Virtual-Memory System".

package iommu_pkg;

  ////////////////
  // Parameters //
  ////////////////

  parameter int DidW       = 24;  // device_id
  parameter int PidW       = 20;  // process_id
  parameter int TtypW      = 4;   // req_ttyp port
  parameter int TagW       = 16;
  parameter int CauseW     = 12;
  parameter int PpnW       = 44;
  parameter int PasW       = 56;  // capabilities.PAS
  parameter int VpnW       = 9;   // one Sv39 VPN field
  parameter int Sv39VaW    = 39;
  parameter int PgOffW     = 12;
  parameter int RegAddrW   = 12;
  parameter int NumWsi     = 16;
  parameter int IotlbWays  = 8;
  parameter int IotlbWayW  = $clog2(IotlbWays);
  parameter int DcWords    = 4;   // base-format device context: 4 doublewords
  parameter int FqRecWords = 4;   // fault record: 4 doublewords

  //////////////////////////
  // Register offsets     //
  //////////////////////////
  // Spec "Register layout". The register slave decodes 8-byte windows (offset[11:3]).

  parameter logic [RegAddrW-1:0] RegCapabilities = 12'h000;
  parameter logic [RegAddrW-1:0] RegFctl         = 12'h008;
  parameter logic [RegAddrW-1:0] RegDdtp         = 12'h010;
  parameter logic [RegAddrW-1:0] RegFqb          = 12'h028;
  parameter logic [RegAddrW-1:0] RegFqh          = 12'h030;
  // fqt (12'h034) is the high half of the fqh window.
  parameter logic [RegAddrW-1:0] RegCqcsr        = 12'h048;
  parameter logic [RegAddrW-1:0] RegFqcsr        = 12'h04C;
  parameter logic [RegAddrW-1:0] RegPqcsr        = 12'h050;
  parameter logic [RegAddrW-1:0] RegIpsr         = 12'h054;
  parameter logic [RegAddrW-1:0] RegIcvec        = 12'h2F8;

  ///////////////////////////
  // Registers (spec view) //
  ///////////////////////////

  // capabilities (spec "IOMMU capabilities")
  typedef struct packed {
    logic [7:0]  custom;
    logic [11:0] reserved2;
    logic        s;
    logic        nl;
    logic        qosid;
    logic        pd20;
    logic        pd17;
    logic        pd8;
    logic [5:0]  pas;
    logic        dbg;
    logic        hpm;
    logic [1:0]  igs;
    logic        end_;
    logic        t2gpa;
    logic        ats;
    logic        amo_hwad;
    logic        msi_mrif;
    logic        msi_flat;
    logic        amo_mrif;
    logic        reserved1;
    logic        sv57x4;
    logic        sv48x4;
    logic        sv39x4;
    logic        sv32x4;
    logic        svpbmt;
    logic        svrsw60t59b;
    logic [1:0]  reserved0;
    logic        sv57;
    logic        sv48;
    logic        sv39;
    logic        sv32;
    logic [7:0]  version;
  } capabilities_t;

  // Implemented capabilities (docs/microarch.md section 3).
  function automatic capabilities_t capabilities_value();
    capabilities_t c;
    c         = '0;
    c.version = 8'h10;
    c.sv39    = 1'b1;
    c.igs     = 2'd1;  // WSI only
    c.pas     = 6'(PasW);
    return c;
  endfunction

  // fctl (spec "Features-control register"): BE = 0, WSI = 1, GXL = 0, all read-only.
  typedef struct packed {
    logic [15:0] custom;
    logic [12:0] reserved;
    logic        gxl;
    logic        wsi;
    logic        be;
  } fctl_t;

  // Implemented fctl value: WSI = 1, BE = 0, GXL = 0, none writable.
  parameter logic FctlBe  = 1'b0;
  parameter logic FctlWsi = 1'b1;
  parameter logic FctlGxl = 1'b0;

  function automatic fctl_t fctl_value();
    fctl_t f;
    f     = '0;
    f.be  = FctlBe;
    f.wsi = FctlWsi;
    f.gxl = FctlGxl;
    return f;
  endfunction

  typedef enum logic [3:0] {
    DdtpOff  = 4'd0,
    DdtpBare = 4'd1,
    Ddtp1Lvl = 4'd2,
    Ddtp2Lvl = 4'd3,
    Ddtp3Lvl = 4'd4
  } iommu_mode_e;

  // ddtp (spec "Device-directory-table pointer")
  typedef struct packed {
    logic [9:0]     reserved1;
    logic [PpnW-1:0] ppn;
    logic [4:0]     reserved0;
    logic           busy;
    logic [3:0]     iommu_mode;
  } ddtp_t;

  // fqb (spec "Fault queue base")
  typedef struct packed {
    logic [9:0]      reserved1;
    logic [PpnW-1:0] ppn;
    logic [4:0]      reserved0;
    logic [4:0]      log2szm1;
  } fqb_t;

  // fqcsr (spec "Fault queue CSR")
  typedef struct packed {
    logic [3:0] custom;
    logic [9:0] reserved2;
    logic       busy;
    logic       fqon;
    logic [5:0] reserved1;
    logic       fqof;
    logic       fqmf;
    logic [5:0] reserved0;
    logic       fie;
    logic       fqen;
  } fqcsr_t;

  // ipsr (spec "Interrupt pending status register")
  typedef struct packed {
    logic [15:0] reserved1;
    logic [7:0]  custom;
    logic [3:0]  reserved0;
    logic        pip;
    logic        pmip;
    logic        fip;
    logic        cip;
  } ipsr_t;

  // icvec (spec "Interrupt-cause-to-vector register")
  typedef struct packed {
    logic [31:0] custom;
    logic [15:0] reserved;
    logic [3:0]  piv;
    logic [3:0]  pmiv;
    logic [3:0]  fiv;
    logic [3:0]  civ;
  } icvec_t;

  //////////////////////////////////////
  // Device context (base format, DC) //
  //////////////////////////////////////

  // DC.tc (spec "Translation control (tc)")
  typedef struct packed {
    logic [31:0] reserved1;
    logic [7:0]  custom;
    logic [11:0] reserved0;
    logic        sxl;
    logic        sbe;
    logic        dpe;
    logic        sade;
    logic        gade;
    logic        prpr;
    logic        pdtv;
    logic        dtf;
    logic        t2gpa;
    logic        en_pri;
    logic        en_ats;
    logic        v;
  } dc_tc_t;

  // DC.iohgatp (spec "IO hypervisor guest address translation and protection (iohgatp)")
  typedef struct packed {
    logic [3:0]      mode;
    logic [15:0]     gscid;
    logic [PpnW-1:0] ppn;
  } iohgatp_t;

  // DC.ta (spec "Translation attributes (ta)")
  typedef struct packed {
    logic [11:0] mcid;
    logic [11:0] rcid;
    logic [7:0]  reserved1;
    logic [19:0] pscid;
    logic [11:0] reserved0;
  } dc_ta_t;

  // DC.fsc, holding iosatp (PDTV = 0) or pdtp (PDTV = 1); both have this layout
  // (spec "First-Stage context (fsc)").
  typedef struct packed {
    logic [3:0]      mode;
    logic [15:0]     reserved;
    logic [PpnW-1:0] ppn;
  } fsc_t;

  typedef struct packed {
    fsc_t     fsc;
    dc_ta_t   ta;
    iohgatp_t iohgatp;
    dc_tc_t   tc;
  } device_context_t;

  typedef enum logic [3:0] {
    IosatpBare = 4'd0,
    IosatpSv39 = 4'd8,
    IosatpSv48 = 4'd9,
    IosatpSv57 = 4'd10
  } iosatp_mode_e;

  typedef enum logic [3:0] {
    PdtpBare = 4'd0,
    PdtpPd8  = 4'd1,
    PdtpPd17 = 4'd2,
    PdtpPd20 = 4'd3
  } pdtp_mode_e;

  typedef enum logic [3:0] {
    IohgatpBare   = 4'd0,
    IohgatpSv39x4 = 4'd8,
    IohgatpSv48x4 = 4'd9,
    IohgatpSv57x4 = 4'd10
  } iohgatp_mode_e;

  /////////////////
  // Sv39 PTE    //
  /////////////////

  // Privileged spec "Sv39 page table entry".
  typedef struct packed {
    logic            n;
    logic [1:0]      pbmt;
    logic [6:0]      reserved;
    logic [PpnW-1:0] ppn;
    logic [1:0]      rsw;
    logic            d;
    logic            a;
    logic            g;
    logic            u;
    logic            x;
    logic            w;
    logic            r;
    logic            v;
  } sv39_pte_t;

  ////////////////////////////
  // Fault/Event queue      //
  ////////////////////////////

  // Spec "Fault/Event-Queue (FQ)", "Fault record CAUSE field encodings".
  typedef enum logic [CauseW-1:0] {
    CauseNone               = 12'd0,
    CauseInstrAccessFault   = 12'd1,
    CauseReadAddrMisaligned = 12'd4,
    CauseReadAccessFault    = 12'd5,
    CauseWriteAddrMisaligned= 12'd6,
    CauseWriteAccessFault   = 12'd7,
    CauseInstrPageFault     = 12'd12,
    CauseReadPageFault      = 12'd13,
    CauseWritePageFault     = 12'd15,
    CauseInstrGuestPageFault= 12'd20,
    CauseReadGuestPageFault = 12'd21,
    CauseWriteGuestPageFault= 12'd23,
    CauseAllInboundDisallow = 12'd256,
    CauseDdtLoadAccessFault = 12'd257,
    CauseDdtNotValid        = 12'd258,
    CauseDdtMisconfigured   = 12'd259,
    CauseTtypDisallowed     = 12'd260,
    CauseMsiPteLoadFault    = 12'd261,
    CauseMsiPteNotValid     = 12'd262,
    CauseMsiPteMisconfig    = 12'd263,
    CauseMrifAccessFault    = 12'd264,
    CausePdtLoadAccessFault = 12'd265,
    CausePdtNotValid        = 12'd266,
    CausePdtMisconfigured   = 12'd267,
    CauseDdtDataCorruption  = 12'd268,
    CausePdtDataCorruption  = 12'd269,
    CauseMsiPtDataCorruption= 12'd270,
    CauseMrifDataCorruption = 12'd271,
    CauseInternalDpError    = 12'd272,
    CauseMsiWriteAccessFault= 12'd273,
    CausePtDataCorruption   = 12'd274
  } fault_cause_e;

  // Spec "Fault record TTYP field encodings" (also the encoding of the req_ttyp port).
  typedef enum logic [5:0] {
    TtypNone           = 6'd0,
    TtypUntranslExec   = 6'd1,
    TtypUntranslRead   = 6'd2,
    TtypUntranslWrite  = 6'd3,
    TtypTranslExec     = 6'd5,
    TtypTranslRead     = 6'd6,
    TtypTranslWrite    = 6'd7,
    TtypAtsTranslation = 6'd8,
    TtypPcieMessage    = 6'd9
  } ttyp_e;

  // First doubleword of a fault record; doubleword 1 is custom/reserved (0), 2 is iotval,
  // 3 is iotval2.
  typedef struct packed {
    logic [DidW-1:0]   did;
    logic [5:0]        ttyp;
    logic              priv;
    logic              pv;
    logic [PidW-1:0]   pid;
    logic [CauseW-1:0] cause;
  } fault_rec_dw0_t;

  /////////////////////////////
  // Memory master interface //
  /////////////////////////////

  typedef enum logic [1:0] {
    MemOpRead  = 2'd0,
    MemOpWrite = 2'd1,
    MemOpCas   = 2'd2
  } mem_op_e;

  typedef enum logic [1:0] {
    MemErrOk      = 2'd0,
    MemErrAccess  = 2'd1,
    MemErrCorrupt = 2'd2
  } mem_err_e;

  // One client's side of the memory arbiter (iommu_mem_arb): the fields of the memory master port.
  // A client holds valid and the payload stable until the arbiter's ready.
  typedef struct packed {
    logic        valid;
    logic [1:0]  op;     // mem_op_e
    logic [63:0] addr;
    logic [63:0] wdata;
    logic [7:0]  be;
  } mem_req_t;

  // The response routed back to the client whose request it answers.
  typedef struct packed {
    logic        valid;
    logic [63:0] rdata;
    logic [1:0]  err;    // mem_err_e
  } mem_rsp_t;

  // Clients of the memory arbiter; the lower index wins when several request in one cycle.
  parameter int MemClients    = 3;
  parameter int MemClientDdt  = 0;  // device-context fetch (iommu_ddt_fetch)
  parameter int MemClientWalk = 1;  // page-table walker (iommu_pagewalk)
  parameter int MemClientFq   = 2;  // fault-queue writer (iommu_fault_queue)

  //////////////////////////
  // Translation engine   //
  //////////////////////////

  // State codes: docs/microarch.md section 5.
  typedef enum logic [3:0] {
    StIdle     = 4'd0,
    StLookup   = 4'd1,
    StDcReq    = 4'd2,
    StDcWait   = 4'd3,
    StDcCheck  = 4'd4,
    StPteReq   = 4'd5,
    StPteWait  = 4'd6,
    StPteCheck = 4'd7,
    StFault    = 4'd8,
    StFqReq    = 4'd9,
    StFqWait   = 4'd10,
    StRespond  = 4'd11
  } xlate_state_e;

  // Which block holds the translation in flight (the translation controller, iommu_xlate). The
  // engine state code above is the controller's own in CtrlIdle, CtrlLookup and CtrlRespond, and
  // the code of the holding block otherwise (each block's states are a subset of xlate_state_e,
  // with StIdle while it does not hold the translation).
  typedef enum logic [2:0] {
    CtrlIdle    = 3'd0,
    CtrlLookup  = 3'd1,
    CtrlDdt     = 3'd2,  // iommu_ddt_fetch: StDcReq, StDcWait, StDcCheck
    CtrlWalk    = 3'd3,  // iommu_pagewalk: StPteReq, StPteWait, StPteCheck
    CtrlFq      = 3'd4,  // iommu_fault_queue: StFault, StFqReq, StFqWait
    CtrlRespond = 3'd5
  } xlate_ctrl_e;

  // Access type derived from the transaction type.
  typedef enum logic [1:0] {
    AccExec  = 2'd0,
    AccRead  = 2'd1,
    AccWrite = 2'd2
  } access_e;

  //////////////
  // IOTLB    //
  //////////////

  // docs/microarch.md section 6.
  typedef struct packed {
    logic                 valid;
    logic [DidW-1:0]      did;
    logic [3*VpnW-1:0]    vpn;    // VPN[2:0] of the IOVA
    logic [1:0]           level;  // 0 = 4 KiB, 1 = 2 MiB, 2 = 1 GiB
    logic [PpnW-1:0]      ppn;
    logic                 r;
    logic                 w;
    logic                 x;
    logic                 u;
    logic                 d;
    logic                 dtf;
  } iotlb_entry_t;

  ///////////////
  // Functions //
  ///////////////

  function automatic access_e ttyp_access(logic [TtypW-1:0] ttyp);
    access_e acc;
    unique case (ttyp)
      4'(TtypUntranslExec), 4'(TtypTranslExec):   acc = AccExec;
      4'(TtypUntranslWrite), 4'(TtypTranslWrite): acc = AccWrite;
      default:                                    acc = AccRead;
    endcase
    return acc;
  endfunction

  // Page fault "corresponding to the original access type".
  function automatic fault_cause_e page_fault_cause(logic [TtypW-1:0] ttyp);
    fault_cause_e c;
    unique case (ttyp_access(ttyp))
      AccExec:  c = CauseInstrPageFault;
      AccWrite: c = CauseWritePageFault;
      default:  c = CauseReadPageFault;
    endcase
    return c;
  endfunction

  // Access fault "corresponding to the original access type".
  function automatic fault_cause_e access_fault_cause(logic [TtypW-1:0] ttyp);
    fault_cause_e c;
    unique case (ttyp_access(ttyp))
      AccExec:  c = CauseInstrAccessFault;
      AccWrite: c = CauseWriteAccessFault;
      default:  c = CauseReadAccessFault;
    endcase
    return c;
  endfunction

  // Translated requests and ATS translation requests (spec "Process to translate an IOVA").
  function automatic logic ttyp_is_translated_or_ats(logic [TtypW-1:0] ttyp);
    return (ttyp == 4'(TtypTranslExec)) || (ttyp == 4'(TtypTranslRead)) ||
           (ttyp == 4'(TtypTranslWrite)) || (ttyp == 4'(TtypAtsTranslation));
  endfunction

  function automatic logic ttyp_is_untranslated(logic [TtypW-1:0] ttyp);
    return (ttyp == 4'(TtypUntranslExec)) || (ttyp == 4'(TtypUntranslRead)) ||
           (ttyp == 4'(TtypUntranslWrite));
  endfunction

  // Transaction types that carry an IOVA (reported in iotval).
  function automatic logic ttyp_has_iova(logic [TtypW-1:0] ttyp);
    return ttyp_is_untranslated(ttyp) || ttyp_is_translated_or_ats(ttyp);
  endfunction

  // "Reported if DTF is 1?" column of the cause table: 1 when a DTF of 1 suppresses the record.
  function automatic logic cause_dtf_suppressed(logic [CauseW-1:0] cause);
    logic s;
    unique case (cause)
      CauseAllInboundDisallow, CauseDdtLoadAccessFault, CauseDdtNotValid,
      CauseDdtMisconfigured, CauseDdtDataCorruption, CauseInternalDpError,
      CauseMsiWriteAccessFault: s = 1'b0;
      default:                  s = 1'b1;
    endcase
    return s;
  endfunction

  // Sv39: bits 63:39 of the address equal bit 38.
  function automatic logic sv39_canonical(logic [63:0] va);
    return va[63:Sv39VaW-1] == {(64 - Sv39VaW + 1){va[Sv39VaW-1]}};
  endfunction

  // VPN[i] of an Sv39 IOVA, given the IOVA's VPN[2:0] (bits 38:12).
  function automatic logic [VpnW-1:0] sv39_vpn(logic [3*VpnW-1:0] vpns, logic [1:0] i);
    logic [VpnW-1:0] vpn;
    unique case (i)
      2'd0:    vpn = vpns[0 +: VpnW];
      2'd1:    vpn = vpns[VpnW +: VpnW];
      default: vpn = vpns[2*VpnW +: VpnW];
    endcase
    return vpn;
  endfunction

  // Translated address of a leaf at level i: PPN above the level from the leaf, VPN fields below
  // the level and the page offset from the IOVA (privileged spec, translation process step 10).
  // va holds IOVA bits 29:0 (VPN[1:0] and the page offset).
  function automatic logic [63:0] sv39_leaf_pa(logic [PpnW-1:0] ppn, logic [1:0] i,
                                               logic [PgOffW+2*VpnW-1:0] va);
    logic [PpnW-1:0] pa_ppn;
    pa_ppn = ppn;
    if (i != 2'd0) begin
      pa_ppn[VpnW-1:0] = va[PgOffW +: VpnW];
    end
    if (i == 2'd2) begin
      pa_ppn[VpnW +: VpnW] = va[PgOffW + VpnW +: VpnW];
    end
    return {{(64 - PpnW - PgOffW){1'b0}}, pa_ppn, va[PgOffW-1:0]};
  endfunction

  // Leaf permission checks of docs/microarch.md section 5.3 (privileged spec translation process
  // steps 6, 8 and 9 with Svade behaviour): 1 = page fault.
  function automatic logic leaf_perm_fault(logic [TtypW-1:0] ttyp, logic pv, logic priv,
                                           logic r, logic w, logic x, logic u, logic a,
                                           logic d);
    logic supervisor;
    logic fault;
    logic write_needs_w;
`ifdef IOMMU_BUG_IGNORE_WRITE_PERM
    write_needs_w = 1'b0;  // planted bug for the bench self-test: W is not checked on writes
`else
    write_needs_w = 1'b1;
`endif
    supervisor = pv & priv;
    fault      = 1'b0;
    // U bit: user requests need U = 1, supervisor requests fault on U = 1 (no SUM).
    if (supervisor ? u : !u) begin
      fault = 1'b1;
    end
    unique case (ttyp_access(ttyp))
      AccExec: begin
        if (!x) fault = 1'b1;
      end
      AccWrite: begin
        // A write needs R and W (W = 1 with R = 0 is reserved) and, without A/D update, D = 1.
        if (!r || (write_needs_w && !w) || !d) fault = 1'b1;
      end
      default: begin
        if (!r) fault = 1'b1;
      end
    endcase
    // No hardware A/D update: A = 0 is a page fault.
    if (!a) fault = 1'b1;
    return fault;
  endfunction

endpackage
