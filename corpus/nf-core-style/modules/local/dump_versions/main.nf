process DUMP_VERSIONS {
    label 'process_single'

    conda "${moduleDir}/environment.yml"
    container "${ workflow.containerEngine == 'singularity' && !task.ext.singularity_pull_docker_container ?
        'https://depot.galaxyproject.org/singularity/coreutils:9.5' :
        'quay.io/biocontainers/coreutils:9.5' }"

    input:
    path(versions, stageAs: 'versions_*.yml')
    val topic_versions

    output:
    path "software_versions.yml", emit: yml

    when:
    task.ext.when == null || task.ext.when

    script:
    def topic_lines = topic_versions.collect { line -> "'${line}'" }.join(' ')
    """
    {
        cat ${versions}
        printf '%s\\n' ${topic_lines} \\
            | sort -u \\
            | while IFS=\$'\\t' read -r proc tool version; do
                printf '"%s":\\n    %s: %s\\n' "\$proc" "\$tool" "\$version"
            done
        printf 'Workflow:\\n    Nextflow: %s\\n' "${workflow.nextflow.version}"
    } > software_versions.yml
    """

    stub:
    """
    touch software_versions.yml
    """
}
