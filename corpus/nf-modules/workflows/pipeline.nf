/*
 * PIPELINE: prepare the records, tally them twice (per column and per
 * record) and collect everything into one report. Linting is optional.
 */

include { PREPARE                 } from '../subworkflows/local/prepare/main'
include { TALLY; TALLY as TALLY_AGAIN } from '../modules/local/tally/main'
include { LINT_RECORDS            } from '../modules/local/lint_records/main'
include { REPORT                  } from '../modules/local/report/main'

workflow PIPELINE {
    take:
    ch_input    // channel: [ val(id), path(tsv) ]

    main:
    PREPARE(ch_input, params.column)

    TALLY(PREPARE.out.columns)
    TALLY_AGAIN(PREPARE.out.cleaned)

    ch_tallies = TALLY.out.tally.mix(TALLY_AGAIN.out.tally)

    if (!params.skip_lint) {
        LINT_RECORDS(PREPARE.out.cleaned)
        ch_tallies = ch_tallies.mix(LINT_RECORDS.out.lint)
    }

    REPORT(
        ch_tallies.map { id, f -> f }.collect(),
        params.title
    )

    emit:
    report = REPORT.out.report
    tallies = ch_tallies
}
