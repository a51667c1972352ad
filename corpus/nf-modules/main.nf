#!/usr/bin/env nextflow

/*
 * nf-modules: a small modular pipeline that tidies tab-separated records,
 * tallies them and writes a plain-text report.
 *
 * Layout:
 *   main.nf                          entry workflow
 *   workflows/pipeline.nf            PIPELINE
 *   subworkflows/local/prepare/      PREPARE (clean + split)
 *   modules/local/<tool>/main.nf     one process per module
 */

include { PIPELINE } from './workflows/pipeline.nf'

workflow {
    ch_input = Channel
        .fromPath(params.input, checkIfExists: true)
        .map { f -> tuple(f.simpleName, f) }

    PIPELINE(ch_input)

    PIPELINE.out.report.view { f -> "report written: ${f.name}" }
}
