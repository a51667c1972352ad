process SUBSAMPLE_READS {
    tag "$meta.id"
    label 'process_low'

    conda "${moduleDir}/environment.yml"
    container "${ workflow.containerEngine == 'singularity' && !task.ext.singularity_pull_docker_container ?
        'https://depot.galaxyproject.org/singularity/coreutils:9.5' :
        'quay.io/biocontainers/coreutils:9.5' }"

    input:
    tuple val(meta), path(reads)

    output:
    tuple val(meta), path("*.sub.fastq"), emit: reads
    path "versions.yml"                 , emit: versions

    when:
    task.ext.when == null || task.ext.when

    script:
    def args   = task.ext.args ?: ''
    def prefix = task.ext.prefix ?: "${meta.id}"
    """
    head \\
        ${args} \\
        ${reads} \\
        > ${prefix}.sub.fastq

    cat <<-END_VERSIONS > versions.yml
    "${task.process}":
        coreutils: \$(head --version | head -n 1 | tr -s ' ' | cut -d ' ' -f 4)
    END_VERSIONS
    """

    stub:
    def prefix = task.ext.prefix ?: "${meta.id}"
    """
    touch ${prefix}.sub.fastq

    cat <<-END_VERSIONS > versions.yml
    "${task.process}":
        coreutils: \$(head --version | head -n 1 | tr -s ' ' | cut -d ' ' -f 4)
    END_VERSIONS
    """
}
