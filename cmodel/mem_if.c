/* Performing an architectural memory access through the function-pointer memory interface. */
#include "mem_if.h"

void mem_if_perform(const iommu_mem_if_t *mem, const mem_access_t *acc, mem_result_t *res)
{
    uint64_t data = 0;
    int err;
    switch (acc->op) {
    case IOMMU_MEM_READ:
        err = mem->read(mem->user, acc->addr, &data);
        break;
    case IOMMU_MEM_WRITE:
        err = mem->write(mem->user, acc->addr, acc->wdata, acc->be);
        break;
    default:
        err = mem->cas(mem->user, acc->addr, acc->cmp, acc->wdata, &data);
        break;
    }
    res->err = (uint8_t)err;
    res->rdata = err ? 0 : data;
}
