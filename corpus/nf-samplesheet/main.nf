#!/usr/bin/env nextflow

/*
 * nf-samplesheet: a sample sheet expands into per-sample jobs, which are
 * joined, grouped by condition, profiled for several k and reported.
 *
 *   samplesheet.csv: sample,condition,reads
 */

params.input     = null
params.reference = 'data/reference.txt'
params.outdir    = 'results'

process COUNT_READS {
    tag "${meta.id}"

    input:
    tuple val(meta), path(reads)

    output:
    tuple val(meta), path("${meta.id}.count.tsv")

    script:
    """
    printf '%s\\t%s\\n' "${meta.id}" "\$(wc -l < ${reads})" > ${meta.id}.count.tsv
    """
}

process MATCH_REFERENCE {
    tag "${meta.id}"

    input:
    tuple val(meta), path(reads), path(reference)

    output:
    tuple val(meta), path("${meta.id}.hits.txt")

    script:
    """
    ref=\$(tr -d '\\n' < ${reference})
    while read -r seq; do
        case "\$ref" in
            *"\$seq"*) echo "\$seq" ;;
        esac
    done < ${reads} > ${meta.id}.hits.txt
    """
}

process POOL_CONDITION {
    tag "${condition}"

    input:
    tuple val(condition), path(counts), path(hits)

    output:
    tuple val(condition), path("${condition}.pooled.txt"), emit: pooled
    path "${condition}.stats.tsv"                        , emit: stats

    script:
    """
    cat ${hits} > ${condition}.pooled.txt

    total=0
    for c in \$(cut -f 2 ${counts}); do
        total=\$(( total + c ))
    done
    samples=\$(printf '%s\\n' ${counts} | wc -l)
    printf '%s\\t%s\\t%s\\t%s\\n' "${condition}" "\$samples" "\$total" "\$(wc -l < ${condition}.pooled.txt)" \\
        > ${condition}.stats.tsv
    """
}

process KMER_PROFILE {
    tag "${condition}:k${k}"

    input:
    tuple val(condition), path(pooled)
    each k

    output:
    tuple val(condition), val(k), path("${condition}.k${k}.txt")

    script:
    """
    fold -w ${k} ${pooled} | sort | uniq -c | sort -k1,1nr -k2,2 > ${condition}.k${k}.txt
    """
}

process FINAL_REPORT {
    publishDir params.outdir, mode: 'copy'

    input:
    path profiles
    path stats

    output:
    path 'final_report.txt'

    script:
    """
    {
        printf 'condition\\tsamples\\treads\\thits\\n'
        sort -k1,1 ${stats}
        for f in ${profiles}; do
            printf '\\n== %s\\n' "\$f"
            head -n 3 "\$f"
        done
    } > final_report.txt
    """
}

workflow {
    ch_samples = Channel
        .fromPath(params.input)
        .splitCsv(header: true)
        .map { row -> tuple([id: row.sample, condition: row.condition], file(row.reads)) }

    ch_reference = Channel.value(file(params.reference))

    // per-sample jobs
    COUNT_READS(ch_samples)
    MATCH_REFERENCE(ch_samples.combine(ch_reference))

    // join the two per-sample channels on the meta map, then group by condition
    ch_by_condition = COUNT_READS.out
        .join(MATCH_REFERENCE.out)
        .map { meta, counts, hits -> tuple(meta.condition, counts, hits) }
        .groupTuple()

    POOL_CONDITION(ch_by_condition)

    // every pooled condition is profiled once per k
    KMER_PROFILE(POOL_CONDITION.out.pooled, Channel.of(1, 2))

    FINAL_REPORT(
        KMER_PROFILE.out.map { condition, k, profile -> profile }.collect(),
        POOL_CONDITION.out.stats.collect()
    )
}
