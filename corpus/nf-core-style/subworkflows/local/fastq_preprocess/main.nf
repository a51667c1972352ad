//
// Subsample and trim raw reads
//

include { SUBSAMPLE_READS } from '../../../modules/local/subsample_reads/main'
include { TRIM_READS      } from '../../../modules/local/trim_reads/main'

workflow FASTQ_PREPROCESS {

    take:
    ch_reads // channel: [ val(meta), path(reads) ]

    main:
    ch_versions = Channel.empty()

    //
    // MODULE: keep the first reads of every sample
    //
    SUBSAMPLE_READS (
        ch_reads
    )
    ch_versions = ch_versions.mix(SUBSAMPLE_READS.out.versions.first())

    //
    // MODULE: trim reads to a fixed length (reports its version via the 'versions' topic)
    //
    TRIM_READS (
        SUBSAMPLE_READS.out.reads
    )

    emit:
    reads    = TRIM_READS.out.reads // channel: [ val(meta), path(fastq) ]
    versions = ch_versions          // channel: [ path(versions.yml) ]
}
