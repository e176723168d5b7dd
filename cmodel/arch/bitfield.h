/* Shift/mask accessors without C bitfields: SPEC_FIELD(reg, FIELD, lsb, width) defines reg_FIELD(v) (extract),
 * reg_FIELD_ins(v, x) (insert) and reg_FIELD_MASK (the field in place). Used by the generated register map
 * (reg_map.h) and the hand-written layouts of in-memory structures (spec_fields.h). */
#ifndef IOMMU_BITFIELD_H
#define IOMMU_BITFIELD_H

#include <stdint.h>

static inline uint64_t field_ones(unsigned width) { return width >= 64 ? ~0ull : ((1ull << width) - 1); }

#define SPEC_FIELD(reg, field, lsb, width)                                                              \
    static const uint64_t reg##_##field##_MASK = ((width) >= 64 ? ~0ull : ((1ull << (width)) - 1)) << (lsb); \
    static inline uint64_t reg##_##field(uint64_t v) { return (v >> (lsb)) & field_ones(width); }      \
    static inline uint64_t reg##_##field##_ins(uint64_t v, uint64_t x)                                 \
    {                                                                                                   \
        return (v & ~reg##_##field##_MASK) | ((x & field_ones(width)) << (lsb));                        \
    }

#endif
