process FASTQ_STATS {
    tag "$meta.id"
    label 'process_low'

    conda "${moduleDir}/environment.yml"
    container "${ workflow.containerEngine == 'singularity' && !task.ext.singularity_pull_docker_container ?
        'https://depot.galaxyproject.org/singularity/coreutils:9.5' :
        'quay.io/biocontainers/coreutils:9.5' }"

    input:
    tuple val(meta), path(reads)

    output:
    tuple val(meta), path("*.stats.tsv"), emit: stats
    tuple val("${task.process}"), val('coreutils'), eval('wc --version | head -1'), topic: versions

    when:
    task.ext.when == null || task.ext.when

    script:
    def prefix = task.ext.prefix ?: "${meta.id}"
    def layout = meta.single_end ? 'single' : 'paired'
    """
    lines=\$(wc -l < ${reads})
    bases=\$(paste - - - - < ${reads} | cut -f 2 | tr -d '\\n' | wc -c)

    printf 'sample\\tlayout\\treads\\tbases\\n' > ${prefix}.stats.tsv
    printf '%s\\t%s\\t%s\\t%s\\n' "${meta.id}" "${layout}" "\$(( lines / 4 ))" "\$bases" >> ${prefix}.stats.tsv
    """

    stub:
    def prefix = task.ext.prefix ?: "${meta.id}"
    """
    printf 'sample\\tlayout\\treads\\tbases\\n' > ${prefix}.stats.tsv
    """
}
