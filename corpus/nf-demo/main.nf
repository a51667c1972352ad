#!/usr/bin/env nextflow

/*
 * nf-demo: upper-case a few text files, count their words, merge the counts
 * and report the most frequent words. Single-file DSL2 script: the entry
 * workflow comes first, the processes it calls are declared after it.
 */

params.outdir = 'results'
params.top    = 3
params.label  = 'demo'

workflow {
    texts = Channel
        .fromPath('data/*.txt')
        .map { f -> tuple(f.simpleName, f) }

    TO_UPPER(texts)
    COUNT_WORDS(TO_UPPER.out)
    COUNT_WORDS.out.view { id, counts -> "counted ${id}: ${counts.name}" }

    all_counts = COUNT_WORDS.out
        .map { id, counts -> counts }
        .collect()

    MERGE_COUNTS(all_counts, params.label)
    TOP_WORDS(MERGE_COUNTS.out.merged, params.top)
    TOP_WORDS.out.top.view { f -> "top ${params.top} words written to ${f.name}" }
}

process TO_UPPER {
    tag "${id}"

    input:
    tuple val(id), path(txt)

    output:
    tuple val(id), path("${id}.upper.txt")

    script:
    """
    tr '[:lower:]' '[:upper:]' < ${txt} > ${id}.upper.txt
    """
}

process COUNT_WORDS {
    tag "${id}"

    input:
    tuple val(id), path(upper)

    output:
    tuple val(id), path("${id}.counts.tsv")

    script:
    """
    tr -cs '[:alpha:]' '\\n' < ${upper} \\
        | sort \\
        | uniq -c \\
        | while read -r n w; do printf '%s\\t%s\\t%s\\n' "${id}" "\$w" "\$n"; done \\
        > ${id}.counts.tsv
    """
}

process MERGE_COUNTS {
    publishDir params.outdir, mode: 'copy'

    input:
    path counts
    val label

    output:
    path "${label}.merged.tsv", emit: merged

    script:
    """
    declare -A total
    while IFS=\$'\\t' read -r id word n; do
        total[\$word]=\$(( \${total[\$word]:-0} + n ))
    done < <(cat ${counts})

    for w in "\${!total[@]}"; do
        printf '%s\\t%s\\n' "\$w" "\${total[\$w]}"
    done | sort -k1,1 > ${label}.merged.tsv
    """
}

process TOP_WORDS {
    publishDir params.outdir, mode: 'copy'

    input:
    path merged
    val n

    output:
    path 'top_words.txt', emit: top

    script:
    """
    sort -t \$'\\t' -k2,2nr -k1,1 ${merged} | head -n ${n} > top_words.txt
    """
}
