process COMPRESS_READS {
    tag "$meta.id"
    label 'process_low'

    conda "${moduleDir}/environment.yml"
    container "${ workflow.containerEngine == 'singularity' && !task.ext.singularity_pull_docker_container ?
        'https://depot.galaxyproject.org/singularity/coreutils:9.5' :
        'quay.io/biocontainers/coreutils:9.5' }"

    input:
    tuple val(meta), path(reads)

    output:
    tuple val(meta), path("*.fastq.gz")    , emit: gz
    tuple val(meta), path("*.fastq.gz.md5"), emit: md5
    path "versions.yml"                    , emit: versions

    when:
    task.ext.when == null || task.ext.when

    script:
    def args   = task.ext.args ?: '-6'
    def prefix = task.ext.prefix ?: "${meta.id}"
    """
    gzip -c -n ${args} ${reads} > ${prefix}.fastq.gz
    md5sum ${prefix}.fastq.gz > ${prefix}.fastq.gz.md5

    cat <<-END_VERSIONS > versions.yml
    "${task.process}":
        gzip: \$(gzip --version | head -n 1 | cut -d ' ' -f 2)
        coreutils: \$(md5sum --version | head -n 1 | tr -s ' ' | cut -d ' ' -f 4)
    END_VERSIONS
    """

    stub:
    def prefix = task.ext.prefix ?: "${meta.id}"
    """
    echo -n | gzip -c > ${prefix}.fastq.gz
    touch ${prefix}.fastq.gz.md5

    cat <<-END_VERSIONS > versions.yml
    "${task.process}":
        gzip: \$(gzip --version | head -n 1 | cut -d ' ' -f 2)
        coreutils: \$(md5sum --version | head -n 1 | tr -s ' ' | cut -d ' ' -f 4)
    END_VERSIONS
    """
}
