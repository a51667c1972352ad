process TRIM_READS {
    tag "$meta.id"
    label 'process_medium'

    conda "${moduleDir}/environment.yml"
    container "${ workflow.containerEngine == 'singularity' && !task.ext.singularity_pull_docker_container ?
        'https://depot.galaxyproject.org/singularity/coreutils:9.5' :
        'quay.io/biocontainers/coreutils:9.5' }"

    input:
    tuple val(meta), path(reads)

    output:
    tuple val(meta), path("*.fastq"), emit: reads
    tuple val("${task.process}"), val('coreutils'), eval('cut --version | head -1'), topic: versions

    when:
    task.ext.when == null || task.ext.when

    script:
    def args   = task.ext.args ?: '-c 1-1000'
    def prefix = task.ext.prefix ?: "${meta.id}.trim"
    """
    cut ${args} ${reads} > ${prefix}.fastq
    """

    stub:
    def prefix = task.ext.prefix ?: "${meta.id}.trim"
    """
    touch ${prefix}.fastq
    """
}
