#!/usr/bin/env nextflow

/*
 * nf-profiles: a toy read "aligner" whose resources and executor come
 * entirely from nextflow.config (selectors and profiles).
 */

process QC_LENGTH {
    tag "${id}"

    input:
    tuple val(id), path(reads)

    output:
    tuple val(id), path("${id}.lengths.txt")

    script:
    """
    while read -r seq; do
        echo \${#seq}
    done < ${reads} | sort -n | uniq -c > ${id}.lengths.txt
    """
}

process QC_GC {
    tag "${id}"

    input:
    tuple val(id), path(reads)

    output:
    tuple val(id), path("${id}.gc.txt")

    script:
    """
    gc=\$(tr -cd 'GCgc' < ${reads} | wc -c)
    all=\$(tr -cd 'ACGTacgt' < ${reads} | wc -c)
    printf '%s\\tgc=%s\\tbases=%s\\n' "${id}" "\$gc" "\$all" > ${id}.gc.txt
    """
}

process INDEX_REF {
    tag "${ref.simpleName}"

    input:
    path ref

    output:
    path "${ref.simpleName}.idx"

    script:
    """
    tr -d '\\n' < ${ref} > ${ref.simpleName}.idx
    """
}

process ALIGN {
    tag "${id}"

    input:
    tuple val(id), path(reads)
    path index

    output:
    tuple val(id), path("${id}.aln.tsv")

    script:
    """
    ref=\$(cat ${index})
    while read -r seq; do
        [ -z "\$seq" ] && continue
        head_part=\${ref%%"\$seq"*}
        if [ "\$head_part" = "\$ref" ]; then
            printf '%s\\t*\\n' "\$seq"
        else
            printf '%s\\t%s\\n' "\$seq" "\$(( \${#head_part} + 1 ))"
        fi
    done < ${reads} > ${id}.aln.tsv
    """
}

process REPORT {
    publishDir params.outdir, mode: 'copy'

    input:
    path results

    output:
    path 'report.txt'

    script:
    """
    for f in ${results}; do
        printf '== %s\\n' "\$f"
        cat "\$f"
    done > report.txt
    """
}

workflow {
    reads = Channel
        .fromPath(params.reads)
        .map { f -> tuple(f.simpleName, f) }
    reference = Channel.value(file(params.reference))

    QC_LENGTH(reads)
    QC_GC(reads)
    INDEX_REF(reference)
    ALIGN(reads, INDEX_REF.out)

    all_results = QC_LENGTH.out
        .mix(QC_GC.out, ALIGN.out)
        .map { id, f -> f }
        .collect()

    REPORT(all_results)
}
