#!/usr/bin/env nextflow

/*
 * nf-publish: workflow outputs instead of publishDir.
 *
 * The entry workflow assigns channels to named outputs in its publish:
 * section; the top-level output block says where each output goes
 * (relative to outputDir / -output-dir).
 */

nextflow.preview.output = true

process NORMALIZE {
    tag "${id}"

    input:
    tuple val(id), path(csv)

    output:
    tuple val(id), path("${id}.norm.csv")

    script:
    """
    tail -n +2 ${csv} \\
        | tr '[:upper:]' '[:lower:]' \\
        | sort -t, -k1,1 \\
        > ${id}.norm.csv
    """
}

process CHECKSUM {
    tag "${id}"

    input:
    tuple val(id), path(norm)

    output:
    tuple val(id), path("${id}.md5")

    script:
    """
    md5sum ${norm} > ${id}.md5
    """
}

process COUNT_ITEMS {
    tag "${id}"

    input:
    tuple val(id), path(norm)

    output:
    tuple val(id), path("${id}.count.tsv")

    script:
    """
    total=0
    while IFS=, read -r item qty; do
        total=\$(( total + qty ))
    done < ${norm}
    printf '%s\\t%s\\t%s\\n' "${id}" "\$(wc -l < ${norm})" "\$total" > ${id}.count.tsv
    """
}

process SUMMARIZE {
    input:
    path counts
    val label

    output:
    path "${label}_summary.tsv"

    script:
    """
    {
        printf 'site\\titems\\ttotal_qty\\n'
        cat ${counts} | sort -k1,1
    } > ${label}_summary.tsv
    """
}

workflow {
    main:
    ch_input = channel
        .fromPath(params.input)
        .map { f -> tuple(f.simpleName, f) }

    NORMALIZE(ch_input)
    CHECKSUM(NORMALIZE.out)
    COUNT_ITEMS(NORMALIZE.out)

    SUMMARIZE(
        COUNT_ITEMS.out.map { id, f -> f }.collect(),
        params.label
    )

    ch_samples = NORMALIZE.out
        .join(CHECKSUM.out)
        .map { id, norm, md5 -> [id: id, normalized: norm, checksum: md5] }

    publish:
    samples = ch_samples
    summary = SUMMARIZE.out
}

output {
    samples {
        path 'samples'
        index {
            path 'samples.csv'
            header true
        }
    }
    summary {
        path '.'
    }
}
