/* PTE bits of the privileged spec ("Sv32"/"Sv39": V R W X U G A D, RSW, PPN; Svpbmt; Svnapot), as the bench's
 * "software" writes them. The bench keeps its own definitions, apart from the model's (cmodel/arch/spec_fields.h),
 * so that a misreading in the model is not copied into the software that checks it. */
#ifndef TB_PTE_BITS_H
#define TB_PTE_BITS_H

#define PTE_V (1ull << 0)
#define PTE_R (1ull << 1)
#define PTE_W (1ull << 2)
#define PTE_X (1ull << 3)
#define PTE_U (1ull << 4)
#define PTE_G (1ull << 5)
#define PTE_A (1ull << 6)
#define PTE_D (1ull << 7)
#define PTE_N (1ull << 63)
#define PTE_PBMT_SHIFT 61
#define PTE_PPN_SHIFT 10

#endif
