/* Transaction log format v1 writer (docs/formats.md). Every implementation logs through these
 * functions, so equal outcomes give byte-identical logs. Each line is formatted straight into the log's
 * buffer with the small formatters below (decimal, fixed-width and minimal hex): the functional runner
 * writes a line per transaction, and printf-style formatting, then a stdio call per line, were most of
 * its cost. */
#include "txlog.h"

#include <string.h>

#include "spec_enums.h"

static const char *mem_status_name(int status)
{
    switch (status) {
    case IOMMU_MEM_OK: return "ok";
    case IOMMU_MEM_ACCESS_FAULT: return "access";
    case IOMMU_MEM_DATA_CORRUPTION: return "corrupt";
    default: return "invalid";
    }
}

/* The longest line of the format: memcas with four 18-character values, or a register line with a name
 * of stim.h's maximum length; every line is far shorter than this. */
enum { LINE_MAX_BYTES = 256 };

/* A line being built at the end of the log's buffer. */
typedef struct {
    txlog_t *t;
    char *buf; /* the line's first byte in t->buf */
    size_t len;
} line_t;

void txlog_init(txlog_t *t, FILE *f)
{
    t->f = f;
    t->len = 0;
    t->err = 0;
}

int txlog_flush(txlog_t *t)
{
    if (t->len != 0 && fwrite(t->buf, 1, t->len, t->f) != t->len)
        t->err = 1;
    t->len = 0;
    return t->err ? EOF : 0;
}

/* Starts a line: room for the longest one is made first. */
static line_t line_begin(txlog_t *t)
{
    if (t->len > sizeof t->buf - LINE_MAX_BYTES)
        txlog_flush(t);
    return (line_t){t, t->buf + t->len, 0};
}

static void put_str(line_t *l, const char *s)
{
    size_t n = strlen(s);
    if (n > LINE_MAX_BYTES / 2) /* only a register name from a stimulus could be; stim.h keeps them short */
        n = LINE_MAX_BYTES / 2;
    memcpy(l->buf + l->len, s, n);
    l->len += n;
}

/* "00" .. "99": two decimal digits per lookup. */
static const char dec_pairs[201] =
    "0001020304050607080910111213141516171819202122232425262728293031323334353637383940414243444546474849"
    "5051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899";

/* Decimal, as "%u": the digits are counted, then written two at a time from the last. */
static void put_dec(line_t *l, uint64_t v)
{
    unsigned n = 1;
    for (uint64_t limit = 10; n < 20 && v >= limit; limit *= 10) n++;
    char *d = l->buf + l->len + n;
    l->len += n;
    while (v >= 100) {
        d -= 2;
        memcpy(d, &dec_pairs[2 * (v % 100)], 2);
        v /= 100;
    }
    if (v >= 10)
        memcpy(d - 2, &dec_pairs[2 * v], 2);
    else
        d[-1] = (char)('0' + v);
}

/* Lower-case hex with at least min_digits digits (zero-padded), as "%0<min>" PRIx64; min_digits 1 is "%x". */
static void put_hex(line_t *l, uint64_t v, unsigned min_digits)
{
    static const char digits[] = "0123456789abcdef";
    unsigned n = 1;
    while (n < 16 && (v >> (4 * n)) != 0) n++;
    if (n < min_digits) n = min_digits;
    for (unsigned i = 0; i < n; i++) l->buf[l->len + i] = digits[(v >> (4 * (n - 1 - i))) & 0xf];
    l->len += n;
}

/* "00" .. "ff": two hex digits per lookup. */
static const char hex_pairs[513] =
    "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f"
    "303132333435363738393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f"
    "606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f"
    "909192939495969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf"
    "c0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeef"
    "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff";

/* "0x" and 16 hex digits: every address and data value of the format. */
static void put_x16(line_t *l, uint64_t v)
{
    char *d = l->buf + l->len;
    d[0] = '0', d[1] = 'x';
    memcpy(d + 2, &hex_pairs[2 * (v >> 56)], 2);
    memcpy(d + 4, &hex_pairs[2 * ((v >> 48) & 0xff)], 2);
    memcpy(d + 6, &hex_pairs[2 * ((v >> 40) & 0xff)], 2);
    memcpy(d + 8, &hex_pairs[2 * ((v >> 32) & 0xff)], 2);
    memcpy(d + 10, &hex_pairs[2 * ((v >> 24) & 0xff)], 2);
    memcpy(d + 12, &hex_pairs[2 * ((v >> 16) & 0xff)], 2);
    memcpy(d + 14, &hex_pairs[2 * ((v >> 8) & 0xff)], 2);
    memcpy(d + 16, &hex_pairs[2 * (v & 0xff)], 2);
    l->len += 18;
}

/* " KEY=VALUE" with a decimal value */
static void put_key_dec(line_t *l, const char *key, uint64_t v)
{
    put_str(l, key);
    put_dec(l, v);
}

/* " KEY=0x..." with 16 hex digits */
static void put_key_x16(line_t *l, const char *key, uint64_t v)
{
    put_str(l, key);
    put_x16(l, v);
}

static void line_end(line_t *l)
{
    l->buf[l->len++] = '\n';
    l->t->len += l->len;
}

void txlog_header(txlog_t *t)
{
    line_t l = line_begin(t);
    put_str(&l, "iommu-log 1");
    line_end(&l);
}

void txlog_rsp_ok(txlog_t *t, uint16_t tag, uint64_t pa, unsigned pbmt)
{
    line_t l = line_begin(t);
    put_key_dec(&l, "rsp tag=", tag);
    put_key_x16(&l, " ok pa=", pa);
    if (pbmt != 0) /* docs/formats.md: the key only for a memory type other than the PMA's (0) */
        put_key_dec(&l, " pbmt=", pbmt);
    line_end(&l);
}

void txlog_rsp_fault(txlog_t *t, uint16_t tag, unsigned cause)
{
    line_t l = line_begin(t);
    put_key_dec(&l, "rsp tag=", tag);
    put_key_dec(&l, " fault cause=", cause);
    line_end(&l);
}

/* "memwr addr=A data=D[ size=4] status=S" */
static void memwr_line(txlog_t *t, uint64_t addr, uint64_t data, const char *size_key, int status)
{
    line_t l = line_begin(t);
    put_key_x16(&l, "memwr addr=", addr);
    put_key_x16(&l, " data=", data);
    put_str(&l, size_key);
    put_str(&l, " status=");
    put_str(&l, mem_status_name(status));
    line_end(&l);
}

void txlog_memwr(txlog_t *t, uint64_t addr, uint64_t data, int status) { memwr_line(t, addr, data, "", status); }

void txlog_irq(txlog_t *t, unsigned vector, unsigned level)
{
    line_t l = line_begin(t);
    put_key_dec(&l, "irq vec=", vector);
    put_key_dec(&l, " level=", level);
    line_end(&l);
}

/* "read NAME value=..." and "poll NAME value=..." */
static void reg_line(txlog_t *t, const char *what, const char *reg_name, uint64_t value)
{
    line_t l = line_begin(t);
    put_str(&l, what);
    put_str(&l, reg_name);
    put_key_x16(&l, " value=", value);
    line_end(&l);
}

void txlog_read(txlog_t *t, const char *reg_name, uint64_t value) { reg_line(t, "read ", reg_name, value); }

void txlog_poll(txlog_t *t, const char *reg_name, uint64_t value) { reg_line(t, "poll ", reg_name, value); }

void txlog_memwr4(txlog_t *t, uint64_t addr, uint32_t data, int status)
{
    memwr_line(t, addr, data, " size=4", status);
}

void txlog_memcas(txlog_t *t, uint64_t addr, uint64_t cmp, uint64_t data, uint64_t old, int status)
{
    line_t l = line_begin(t);
    put_key_x16(&l, "memcas addr=", addr);
    put_key_x16(&l, " cmp=", cmp);
    put_key_x16(&l, " data=", data);
    put_key_x16(&l, " old=", old);
    put_str(&l, " status=");
    put_str(&l, mem_status_name(status));
    line_end(&l);
}

void txlog_ats(txlog_t *t, uint16_t tag, const ats_completion_t *a)
{
    line_t l = line_begin(t);
    put_key_dec(&l, "ats tag=", tag);
    if (a->status == ATS_UR) {
        put_str(&l, " status=ur");
    } else if (a->status == ATS_CA) {
        put_str(&l, " status=ca");
    } else {
        uint64_t pa = a->pa, size = a->size;
        if (!a->r && !a->w) pa = 0, size = 0x1000;
        put_key_x16(&l, " status=success pa=", pa);
        put_str(&l, " size=0x");
        put_hex(&l, size, 1);
        put_key_dec(&l, " r=", a->r);
        put_key_dec(&l, " w=", a->w);
        put_key_dec(&l, " x=", a->x);
        put_key_dec(&l, " u=", a->u);
        put_key_dec(&l, " g=", a->g);
        put_key_dec(&l, " priv=", a->priv);
        put_key_dec(&l, " n=", a->n);
        put_key_dec(&l, " ama=", a->ama);
    }
    line_end(&l);
}

void txlog_rsp_mrif(txlog_t *t, uint16_t tag, uint64_t mrif_addr, uint64_t notice_addr, uint32_t notice_data)
{
    line_t l = line_begin(t);
    put_key_dec(&l, "rsp tag=", tag);
    put_key_x16(&l, " mrif addr=", mrif_addr);
    put_key_x16(&l, " notice=", notice_addr);
    put_key_x16(&l, " nid=", notice_data);
    line_end(&l);
}

/* "msg did=D type=T[ itag=I] payload=P[ pid=N]" */
static void msg_line(txlog_t *t, uint32_t did, const char *type, int has_itag, unsigned itag, uint64_t payload, int pv,
                     uint32_t pid)
{
    line_t l = line_begin(t);
    put_key_dec(&l, "msg did=", did);
    put_str(&l, " type=");
    put_str(&l, type);
    if (has_itag)
        put_key_dec(&l, " itag=", itag);
    put_key_x16(&l, " payload=", payload);
    if (pv)
        put_key_dec(&l, " pid=", pid);
    line_end(&l);
}

void txlog_msg_inval(txlog_t *t, uint32_t did, unsigned itag, uint64_t payload, int pv, uint32_t pid)
{
    msg_line(t, did, "inval", 1, itag, payload, pv, pid);
}

void txlog_msg_prgr(txlog_t *t, uint32_t did, uint64_t payload, int pv, uint32_t pid)
{
    msg_line(t, did, "prgr", 0, 0, payload, pv, pid);
}

void txlog_end(txlog_t *t)
{
    line_t l = line_begin(t);
    put_str(&l, "end");
    line_end(&l);
}
