process SUMMARY_TABLE {
    label 'process_single'

    conda "${moduleDir}/environment.yml"
    container "${ workflow.containerEngine == 'singularity' && !task.ext.singularity_pull_docker_container ?
        'https://depot.galaxyproject.org/singularity/coreutils:9.5' :
        'quay.io/biocontainers/coreutils:9.5' }"

    input:
    path stats

    output:
    path "*.tsv"       , emit: tsv
    path "versions.yml", emit: versions

    when:
    task.ext.when == null || task.ext.when

    script:
    def args   = task.ext.args ?: '-k1,1'
    def prefix = task.ext.prefix ?: 'summary'
    """
    head -q -n 1 ${stats} | head -n 1 > ${prefix}.tsv
    tail -q -n +2 ${stats} | sort ${args} >> ${prefix}.tsv

    cat <<-END_VERSIONS > versions.yml
    "${task.process}":
        coreutils: \$(sort --version | head -n 1 | tr -s ' ' | cut -d ' ' -f 4)
    END_VERSIONS
    """

    stub:
    def prefix = task.ext.prefix ?: 'summary'
    """
    touch ${prefix}.tsv

    cat <<-END_VERSIONS > versions.yml
    "${task.process}":
        coreutils: \$(sort --version | head -n 1 | tr -s ' ' | cut -d ' ' -f 4)
    END_VERSIONS
    """
}
