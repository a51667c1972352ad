/*
~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
    IMPORT MODULES / SUBWORKFLOWS
~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
*/

include { FASTQ_PREPROCESS } from '../subworkflows/local/fastq_preprocess/main'
include { FASTQ_STATS      } from '../modules/local/fastq_stats/main'
include { COMPRESS_READS   } from '../modules/local/compress_reads/main'
include { SUMMARY_TABLE    } from '../modules/local/summary_table/main'
include { DUMP_VERSIONS    } from '../modules/local/dump_versions/main'

/*
~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
    RUN MAIN WORKFLOW
~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
*/

workflow FQDEMO {

    take:
    ch_samplesheet // channel: [ val(meta), path(reads) ] read in from --input

    main:
    ch_versions = Channel.empty()

    //
    // SUBWORKFLOW: subsample + trim
    //
    FASTQ_PREPROCESS (
        ch_samplesheet
    )
    ch_versions = ch_versions.mix(FASTQ_PREPROCESS.out.versions)

    //
    // MODULE: per-sample read statistics
    //
    FASTQ_STATS (
        FASTQ_PREPROCESS.out.reads
    )

    //
    // MODULE: compress and checksum the trimmed reads
    //
    COMPRESS_READS (
        FASTQ_PREPROCESS.out.reads
    )
    ch_versions = ch_versions.mix(COMPRESS_READS.out.versions.first())

    //
    // MODULE: one table for all samples
    //
    SUMMARY_TABLE (
        FASTQ_STATS.out.stats.map { meta, stats -> stats }.collect()
    )
    ch_versions = ch_versions.mix(SUMMARY_TABLE.out.versions)

    //
    // Collate software versions: versions.yml files plus the 'versions' topic
    //
    ch_topic_versions = channel.topic('versions')
        .map { proc, tool, version -> "${proc}\t${tool}\t${version}" }
        .unique()
        .collect()

    DUMP_VERSIONS (
        ch_versions.collect(),
        ch_topic_versions
    )

    emit:
    summary  = SUMMARY_TABLE.out.tsv     // channel: path(summary.tsv)
    gz       = COMPRESS_READS.out.gz     // channel: [ val(meta), path(fastq.gz) ]
    versions = DUMP_VERSIONS.out.yml     // channel: path(software_versions.yml)
}
