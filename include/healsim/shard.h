/*
** healsim/shard.h — the record a shard of a batch keeps of itself, so that
** healsim merge can prove a set of shards is one whole batch.
**
** `healsim sweep|population --shard I/N -o DIR` writes, beside its table,
** DIR/shard.json: the identity of the batch (a hash of the healsim version,
** the resolved parameters, the varied parameters with their values or
** distributions, the seed, the run count and the table's format), I and N,
** the runs [first, end) the slice covers, the rows it holds and the size
** and hash of its table.  The table and the record are written together
** (healsim_output_atomic): a reader sees both or neither.
**
** The hashes are 64-bit FNV-1a: they catch shards of different batches,
** cut-off, edited or mixed-up files — mistakes, not forgery.
*/
#ifndef HEALSIM_SHARD_H
#define HEALSIM_SHARD_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "healsim/batch.h"

#define HEALSIM_SHARD_FILE "shard.json" /* the record's name, beside the table */
#define HEALSIM_HASH_SIZE 17            /* 16 hex digits and a NUL */

/* A running 64-bit FNV-1a hash: start from HEALSIM_HASH_INIT, feed bytes. */
#define HEALSIM_HASH_INIT UINT64_C(0xcbf29ce484222325)
uint64_t healsim_hash_bytes(uint64_t hash, const void *bytes, size_t n);
/* hash as 16 lower-case hex digits into text[HEALSIM_HASH_SIZE]. */
void healsim_hash_text(uint64_t hash, char text[HEALSIM_HASH_SIZE]);

/* The identity of batch written as format, as hex into id: the same for
** every shard of one batch on any machine, different when anything that
** changes a row differs.  Returns HEALSIM_OK or HEALSIM_ERR_NOMEM. */
int healsim_batch_identity(const healsim_batch *batch, healsim_batch_format format,
                           char id[HEALSIM_HASH_SIZE]);

typedef struct healsim_shard_record {
    char version[32];               /* healsim_version() of the writer */
    char batch[HEALSIM_HASH_SIZE];  /* healsim_batch_identity */
    char table[64];                 /* the table's file name, e.g. population.csv */
    size_t shard, n_shards;         /* this is shard `shard` of `n_shards` (1-based) */
    size_t n_runs;                  /* runs in the whole batch */
    size_t first_run, end_run;      /* the runs of this slice: [first_run, end_run) */
    size_t n_rows;                  /* rows the table holds: end_run - first_run unless interrupted */
    uint64_t table_bytes;           /* the table's size in bytes */
    char table_hash[HEALSIM_HASH_SIZE]; /* healsim_hash_bytes of the table's bytes */
} healsim_shard_record;

/* The record as JSON (one object and a newline).  Returns HEALSIM_OK,
** HEALSIM_ERR_IO if the stream failed, or HEALSIM_ERR_NOMEM. */
int healsim_shard_record_write(const healsim_shard_record *record, FILE *out);

/* Read and check a record written by healsim_shard_record_write.  Returns
** HEALSIM_OK, or HEALSIM_ERR_INPUT with *diag naming path and what is wrong
** (not readable, not JSON, a field missing or out of range, first/end not
** inside the batch), or HEALSIM_ERR_NOMEM. */
int healsim_shard_record_read(const char *path, healsim_shard_record *record, healsim_diag *diag);

#endif
