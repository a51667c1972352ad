/*
 * PREPARE: normalise the raw records and extract one column from them.
 */

include { CLEAN_RECORDS } from '../../../modules/local/clean_records/main'
include { SPLIT_COLUMNS } from '../../../modules/local/split_columns/main'

workflow PREPARE {
    take:
    ch_records  // channel: [ val(id), path(tsv) ]
    column      // value:   1-based column index

    main:
    CLEAN_RECORDS(ch_records)
    SPLIT_COLUMNS(CLEAN_RECORDS.out.cleaned, column)

    emit:
    cleaned = CLEAN_RECORDS.out.cleaned   // channel: [ val(id), path(clean.tsv) ]
    columns = SPLIT_COLUMNS.out.columns   // channel: [ val(id), path(colN.txt) ]
}
